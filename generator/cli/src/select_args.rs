//! The selection flags `generate` and `check` share, and how they are written back into
//! the regenerate command of a generated file's header.

use clap::Args;
use docgen_codegen::{select::Selector, Config};

/// What to generate (default: everything). The selection closes over what it needs.
#[derive(Args, Default, Clone, PartialEq)]
pub struct Select {
    /// Every operation and type of a product area (`ms.prod`: `outlook`); repeatable.
    #[arg(long = "area", value_name = "AREA", value_delimiter = ',')]
    pub areas: Vec<String>,
    /// Operations whose route matches a path glob (`/me/messages/**`); repeatable.
    #[arg(long = "path", value_name = "GLOB")]
    pub paths: Vec<String>,
    /// Operations by name (`message-get`, `*` a wildcard); repeatable.
    #[arg(long = "operation", value_name = "NAME")]
    pub operations: Vec<String>,
    /// Types by name (`message`, `microsoft.graph.message`, `*` a wildcard); repeatable.
    #[arg(long = "type", value_name = "NAME")]
    pub types: Vec<String>,
    /// Leave out what a selector matches: `area:NAME`, `path:GLOB` (or just `/GLOB`),
    /// `operation:NAME`, `type:NAME`; repeatable.
    #[arg(long, value_name = "SELECTOR", value_parser = parse_selector)]
    pub exclude: Vec<Selector>,
    /// Follow no navigation property (relationship) when closing the selection: one to a
    /// type nothing else reaches becomes any JSON value.
    #[arg(long)]
    pub lean_navigation: bool,
}

fn parse_selector(s: &str) -> Result<Selector, String> {
    s.parse()
}

impl Select {
    pub fn is_empty(&self) -> bool {
        *self == Select::default()
    }

    pub fn apply(self, config: Config) -> Config {
        let include = self
            .areas
            .iter()
            .map(|a| Selector::area(a))
            .chain(self.paths.into_iter().map(Selector::path))
            .chain(self.operations.into_iter().map(Selector::operation))
            .chain(self.types.into_iter().map(Selector::ty));
        let config = include.fold(config, Config::select);
        self.exclude
            .into_iter()
            .fold(config, Config::exclude)
            .lean_navigation(self.lean_navigation)
    }

    /// The options as they were given, for the regenerate command in the header.
    pub fn args(&self) -> String {
        let mut out = String::new();
        for (flag, values) in [
            ("--area", &self.areas),
            ("--path", &self.paths),
            ("--operation", &self.operations),
            ("--type", &self.types),
        ] {
            for v in values {
                out.push_str(&format!(" {flag} {}", shell_quote(v)));
            }
        }
        for e in &self.exclude {
            out.push_str(&format!(" --exclude {}", shell_quote(&e.to_string())));
        }
        if self.lean_navigation {
            out.push_str(" --lean-navigation");
        }
        out
    }
}

/// A word as a POSIX shell reads it back: bare when safe, else single-quoted.
pub fn shell_quote(v: &str) -> String {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:,".contains(c))
    {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', "'\\''"))
    }
}

/// The words of a command written by [`shell_quote`] (single and double quotes, and
/// backslashes outside quotes, as a POSIX shell splits them).
pub fn shell_words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                words.extend(word.take());
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => w.push(c),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => w.push(chars.next()?),
                        c => w.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).push(chars.next()?),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_words_read_back_as_written() {
        let words = ["/me/messages/**", "it's", "{ path = \"../rt\" }", "a b", ""];
        let line = words.map(shell_quote).join(" ");
        assert_eq!(shell_words(&line).unwrap(), words);
    }
}
