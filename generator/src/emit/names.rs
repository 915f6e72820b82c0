//! Rust identifiers from API names: always valid, idiomatic, and unique where they meet.

use proc_macro2::{Ident, Span};
use std::collections::HashSet;

/// Words Rust reserves. Field and method names that hit one become raw identifiers;
/// type names (which cannot be raw for `Self`) get a trailing underscore.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Splits `inviteParticipantsOperation`, `HTTPRequest`, `@odata.type`, `call-get` into words.
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && (prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(char::is_uppercase) && next.is_some_and(char::is_lowercase)));
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Only ASCII survives into identifiers; other letters are dropped (names that vanish get
/// a fallback from the caller).
fn ascii(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

pub fn snake(name: &str) -> String {
    let s = words(name)
        .iter()
        .map(|w| ascii(&w.to_lowercase()))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    fix_start(s, "field")
}

pub fn pascal(name: &str) -> String {
    let s: String = words(name)
        .iter()
        .map(|w| {
            let w = ascii(w);
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    fix_start(s, "Type")
}

fn fix_start(s: String, empty: &str) -> String {
    if s.is_empty() {
        empty.to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// An identifier for a field, method or parameter (raw when it is a keyword).
pub fn value_ident(name: &str) -> Ident {
    if name == "self" || name == "Self" || name == "super" || name == "crate" || name == "_" {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if KEYWORDS.contains(&name) {
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// An identifier for a type or variant.
pub fn type_ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// Hands out names, appending `2`, `3`... to any that was already taken.
#[derive(Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn claim(&mut self, name: String, sep: &str) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        (2..)
            .map(|n| format!("{name}{sep}{n}"))
            .find(|c| self.taken.insert(c.clone()))
            .expect("an unused name exists")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion() {
        assert_eq!(snake("replacesCallId"), "replaces_call_id");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(snake("HTTPRequest"), "http_request");
        assert_eq!(snake("participant-invite"), "participant_invite");
        assert_eq!(snake("3dModel"), "_3d_model");
        assert_eq!(pascal("microsoftGraph"), "MicrosoftGraph");
        assert_eq!(
            pascal("invitationParticipantInfo"),
            "InvitationParticipantInfo"
        );
        assert_eq!(pascal("e164"), "E164");
        assert_eq!(pascal("Свойство"), "Type");
    }

    #[test]
    fn keywords_stay_valid() {
        assert_eq!(value_ident("type").to_string(), "r#type");
        assert_eq!(value_ident("self").to_string(), "self_");
        assert_eq!(type_ident("Self").to_string(), "Self_");
        assert_eq!(value_ident(&snake("Type")).to_string(), "r#type");
    }

    #[test]
    fn collisions_get_numbers() {
        let mut u = Unique::default();
        assert_eq!(u.claim("display_name".into(), "_"), "display_name");
        assert_eq!(u.claim("display_name".into(), "_"), "display_name_2");
    }
}
