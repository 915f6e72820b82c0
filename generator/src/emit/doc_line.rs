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
    fn control_characters_and_overrides_are_escaped() {
        assert_eq!(
            doc_value(DocLine::new(" a\rb\u{0}c\u{202e}d\te")),
            " a\\u{d}b\\u{0}c\\u{202e}d\te"
        );
    }
}
