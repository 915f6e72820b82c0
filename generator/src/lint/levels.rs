//! Levels: defaults, then the config file at the docs root, then the command line; and
//! the in-page annotation that silences one code for a section.
//!
//! The config file is `.docgen-lint.json` in a docs folder:
//! `{"deny": ["broken-link"], "allow": ["body-json"], "warn": []}`.
//! The in-page annotation is an HTML comment, `<!-- docgen-lint allow CODE[, CODE] -->`:
//! it silences those codes from its line to the end of its section (the next heading at
//! the same or a higher level); before the page's first subsection, for the whole page.

use super::{codes, Level, Lines};
use std::collections::HashMap;
use std::path::Path;

pub const CONFIG_FILE: &str = ".docgen-lint.json";

#[derive(Debug, Clone, Default)]
pub struct Levels {
    set: HashMap<String, Level>,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    warn: Vec<String>,
    #[serde(default)]
    deny: Vec<String>,
}

impl Levels {
    /// Reads `.docgen-lint.json` from each docs folder that has one.
    pub fn from_config(roots: &[impl AsRef<Path>]) -> Result<Levels, String> {
        let mut levels = Levels::default();
        for root in roots {
            let path = root.as_ref().join(CONFIG_FILE);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let cfg: ConfigFile =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            for (names, level) in [
                (cfg.allow, Level::Allow),
                (cfg.warn, Level::Warn),
                (cfg.deny, Level::Deny),
            ] {
                for n in names {
                    levels
                        .set(&n, level)
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                }
            }
        }
        Ok(levels)
    }

    /// Sets a code's level; unknown codes are an error, so a typo does not silently
    /// leave a check at its default. `all` sets every code.
    pub fn set(&mut self, code: &str, level: Level) -> Result<(), String> {
        if code == "all" {
            for c in codes::CODES {
                self.set.insert(c.name.to_string(), level);
            }
            return Ok(());
        }
        if codes::find(code).is_none() {
            return Err(format!(
                "unknown lint code `{code}` (see `docgen lint --explain all`)"
            ));
        }
        self.set.insert(code.to_string(), level);
        Ok(())
    }

    pub fn level(&self, code: &str, default: Level) -> Level {
        self.set.get(code).copied().unwrap_or(default)
    }
}

/// A page's `docgen-lint allow` annotations: (code, first line, last line).
#[derive(Debug, Default)]
pub struct Suppressions(Vec<(String, usize, usize)>);

const MARK: &str = "<!-- docgen-lint allow ";

impl Suppressions {
    pub(super) fn read(lines: &Lines) -> Suppressions {
        let mut out = Vec::new();
        if !lines
            .lines
            .iter()
            .any(|l| l.as_bytes().contains(&b'<') && l.contains(MARK))
        {
            return Suppressions(out);
        }
        let mut headings: Vec<(usize, usize)> = Vec::new();
        let mut fence = false;
        for (i, line) in lines.lines.iter().enumerate() {
            let t = line.trim_start();
            if t.starts_with("```") {
                fence = !fence;
            }
            if fence {
                continue;
            }
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
                headings.push((i + 1, hashes));
            }
        }
        for (i, line) in lines.lines.iter().enumerate() {
            let Some(start) = line.find(MARK) else {
                continue;
            };
            let rest = &line[start + MARK.len()..];
            let Some(end) = rest.find("-->") else {
                continue;
            };
            let at = i + 1;
            // The section the annotation sits in; a page title's section is the page.
            let last = match headings.iter().rev().find(|(l, _)| *l < at) {
                Some(&(_, level)) if level > 1 => headings
                    .iter()
                    .find(|(l, h)| *l > at && *h <= level)
                    .map_or(usize::MAX, |(l, _)| l - 1),
                _ => usize::MAX,
            };
            for code in rest[..end]
                .split([',', ' '])
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                out.push((code.to_string(), at, last));
            }
        }
        Suppressions(out)
    }

    pub fn silences(&self, code: &str, line: usize) -> bool {
        self.0
            .iter()
            .any(|(c, from, to)| c == code && (*from..=*to).contains(&line))
    }
}
