//! Doc comment lines: the one way emitted code gets its `#[doc = …]` text.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, TokenStreamExt};

/// One line of a doc comment, written as a raw string literal: the formatter reads a raw
/// string without unescaping it, which a doc comment's every line costs twice otherwise.
///
/// Text from the docs is made safe to print as a `///` comment here: control characters (a
/// lone CR is an error in a doc comment and in a raw string, a NUL makes tools call the file
/// binary) and the bidirectional overrides rustc rejects
/// (`text_direction_codepoint_in_comment`) are written as `\u{..}` escapes instead.
pub struct DocLine(pub String);

impl DocLine {
    pub fn new(text: impl Into<String>) -> Self {
        DocLine(text.into())
    }

    /// The line as the raw string literal it is written as.
    pub fn literal(&self) -> Literal {
        literal(&self.0)
    }
}

impl ToTokens for DocLine {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(literal(&self.0));
    }
}

/// Prose from the docs as Markdown rustdoc reads literally: brackets, angle brackets and
/// backslashes escaped (a `[listItem][]`, `["SMTP: bob@contoso.com"]` or `<iframe>` in a
/// description is text, not an intra-doc link or an HTML tag), bare `http(s)://` URLs made
/// autolinks. Code spans and autolinks already written are kept as they are. With this, no
/// description makes `cargo doc` of a generated crate warn.
pub fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..run];
            // A code span runs to the next run of exactly as many backticks.
            let mut end = None;
            let mut from = run;
            while let Some(i) = rest[from..].find(fence) {
                let at = from + i;
                let len = rest[at..].len() - rest[at..].trim_start_matches('`').len();
                if len == run {
                    end = Some(at + run);
                    break;
                }
                from = at + len;
            }
            let take = end.unwrap_or(run);
            out.push_str(&rest[..take]);
            rest = &rest[take..];
            continue;
        }
        if c == '<' {
            if let Some(close) = rest.find('>') {
                let inner = &rest[1..close];
                if is_url_start(inner) && !inner.contains(|c: char| c.is_whitespace() || c == '<') {
                    out.push_str(&rest[..=close]);
                    rest = &rest[close + 1..];
                    continue;
                }
            }
        }
        if is_url_start(rest) && !out.ends_with(|c: char| c.is_alphanumeric()) {
            let len = url_len(rest);
            out.push('<');
            out.push_str(&rest[..len]);
            out.push('>');
            rest = &rest[len..];
            continue;
        }
        if matches!(c, '[' | ']' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn is_url_start(s: &str) -> bool {
    let lower = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    (lower("https://") || lower("http://"))
        && s.split_once("://")
            .is_some_and(|(_, r)| r.starts_with(|c: char| c.is_alphanumeric()))
}

/// How much of `s` (which starts with a URL) is the URL: up to a space, a quote or an
/// angle bracket, without trailing punctuation (the full stop after it ends the sentence)
/// or a closing parenthesis it did not open.
fn url_len(s: &str) -> usize {
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '[' | ']'))
        .unwrap_or(s.len());
    let mut url = &s[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
        let trimmed = if trimmed.ends_with(')')
            && trimmed.matches('(').count() < trimmed.matches(')').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    url.len()
}

fn literal(text: &str) -> Literal {
    let clean: std::borrow::Cow<str> = if text.chars().any(unsafe_in_comment) {
        text.chars()
            .map(|c| {
                if unsafe_in_comment(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    // Enough `#`s that no `"#…` inside ends the string early.
    let mut hashes = String::new();
    let mut closing = String::from("\"");
    while clean.contains(&closing) {
        hashes.push('#');
        closing.push('#');
    }
    format!("r{hashes}\"{clean}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(&clean))
}

fn unsafe_in_comment(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_value(line: DocLine) -> String {
        let attr: syn::Attribute = syn::parse_quote!(#[doc = #line]);
        let syn::Meta::NameValue(nv) = attr.meta else {
            panic!("not a name-value attribute")
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = nv.value
        else {
            panic!("not a string")
        };
        s.value()
    }

    #[test]
    fn quotes_and_hashes_survive_the_raw_string() {
        for text in [
            r#" a "quoted" word"#,
            r##" ends with "#"##,
            " \"##\"### x",
            "\"",
        ] {
            assert_eq!(doc_value(DocLine::new(text)), text);
        }
    }

    #[test]
    fn prose_escapes_what_rustdoc_would_read_as_links_or_tags() {
        for (text, want) in [
            (
                "Update a **[listItem][]**.",
                r"Update a **\[listItem\]\[\]**.",
            ),
            (
                r#"For example: ["SMTP: bob@x.com"]."#,
                r#"For example: \["SMTP: bob@x.com"\]."#,
            ),
            ("PCR[0], http[s]://x.com/", r"PCR\[0\], http\[s\]://x.com/"),
            (
                "an <iframe> or #<data-id>",
                r"an \<iframe\> or #\<data-id\>",
            ),
            (r"any of: \, ~", r"any of: \\, ~"),
            ("in `a[0] <b>` code", "in `a[0] <b>` code"),
            ("``x ` [y]`` and [z]", r"``x ` [y]`` and \[z\]"),
            ("an unclosed ` [tick]", r"an unclosed ` \[tick\]"),
        ] {
            assert_eq!(prose(text), want, "{text}");
        }
    }

    #[test]
    fn prose_links_bare_urls_without_the_sentence_around_them() {
        for (text, want) in [
            (
                "For example, https://graph.microsoft.com/v1.0/users/a6c7. Read-only.",
                "For example, <https://graph.microsoft.com/v1.0/users/a6c7>. Read-only.",
            ),
            (
                r#"e.g. "https://x.com/a/{id}". Supports"#,
                r#"e.g. "<https://x.com/a/{id}>". Supports"#,
            ),
            ("(see http://x.com/a_(b))", "(see <http://x.com/a_(b)>)"),
            (
                "already <https://x.com/a> linked",
                "already <https://x.com/a> linked",
            ),
            ("no https:// host", "no https:// host"),
        ] {
            assert_eq!(prose(text), want, "{text}");
        }
    }

    #[test]
    fn control_characters_and_overrides_are_escaped() {
        assert_eq!(
            doc_value(DocLine::new(" a\rb\u{0}c\u{202e}d\te")),
            " a\\u{d}b\\u{0}c\\u{202e}d\te"
        );
    }
}
