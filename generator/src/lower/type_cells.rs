//! Type cells and JSON placeholders: the words and links that name a property's type.

use super::facts::TypeRef;
use super::is_identifier;
use crate::doc::Cell;
use crate::vocab;
use serde_json::Value;

pub use super::facts::NAMESPACE;
pub use crate::ir::JSON_TYPE;

pub fn qualify(name: &str) -> String {
    let n = name.trim().trim_start_matches('#');
    // `Microsoft.graph.identitySet`: a capital the namespace never has.
    let lowered;
    let n = match n.get(..10) {
        Some(head) if head.eq_ignore_ascii_case("microsoft.") && !n.starts_with("microsoft.") => {
            lowered = format!("microsoft.{}", &n[10..]);
            lowered.as_str()
        }
        _ => n,
    };
    if n.starts_with("Edm.") || n.starts_with("microsoft.") || n.starts_with("graph.") {
        if let Some(rest) = n.strip_prefix("graph.") {
            return format!("{NAMESPACE}.{rest}");
        }
        return n.to_string();
    }
    format!("{NAMESPACE}.{n}")
}

/// A primitive's name, or the reference's own `Json` type: a type name (not a word, so the
/// same in every language) that inference resolves to the described type, or to any JSON
/// value where no page describes it.
fn primitive(word: &str) -> Option<&'static str> {
    if word.trim().eq_ignore_ascii_case("json") {
        return Some(JSON_TYPE);
    }
    vocab::primitive(word)
}

/// Reads a type cell: `String`, `Строка`, `[identitySet](identityset.md)`,
/// `Collection of [x](x.md)`, `x collection`, `Коллекция строк`, `Collection(x)`.
pub fn type_cell(cell: &Cell) -> Option<TypeRef> {
    let lower = cell.text.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| {
            c.is_whitespace() || c == '(' || c == ')' || c == '[' || c == ']' || c == ','
        })
        .filter(|w| !w.is_empty())
        .collect();
    let collection = vocab::collection_phrases().any(|w| {
        let parts: Vec<&str> = w.split(' ').collect();
        words
            .windows(parts.len())
            .any(|win| win == parts.as_slice())
    }) || lower.contains("[]");
    // A link to a page names the type; its text is the name (the file name loses case).
    // Several links (`[appHostedMediaConfig](...) or [serviceHostedMediaConfig](...)`) are
    // alternatives, written `a|b`: inference types the property as their common base.
    let mut named: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (dest, text) in &cell.links {
        let (file, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        let file = file.split('?').next().unwrap_or("");
        if !file.ends_with(".md") {
            continue;
        }
        // The identifier in the link text, less words such as `коллекция` around it.
        let ident = super::link_ident(
            text.split(|c: char| c.is_whitespace() || matches!(c, '`' | '(' | ')' | ',' | '*'))
                .filter(|w| is_identifier(w))
                .filter(|w| !vocab::is_collection_word(w) && !vocab::is_filler_word(w)),
            file,
        );
        let name = if let Some(ident) = ident {
            if let Some(p) = primitive(ident) {
                return Some(TypeRef {
                    name: p.to_string(),
                    collection,
                });
            }
            qualify(ident)
        } else if let Some(name) = fragment
            .strip_suffix("-values")
            .filter(|f| is_identifier(f))
        {
            // `enums.md#printduplexmode-values`: the anchor names the enum (case is restored later).
            qualify(name)
        } else {
            let stem = super::page_stem(file);
            if !is_identifier(stem) || stem == "enums" {
                continue;
            }
            qualify(stem)
        };
        if seen.insert(name.clone()) {
            named.push(name);
        }
    }
    if !named.is_empty() {
        return Some(TypeRef {
            name: named.join("|"),
            collection,
        });
    }
    // `String (timestamp)`: the aside names the notation, as in JSON placeholders.
    if let Some(inner) = cell
        .text
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map(|(inner, _)| inner.trim())
    {
        if let Some(p) = primitive(inner).filter(|p| *p != "Edm.String") {
            return Some(TypeRef {
                name: p.to_string(),
                collection,
            });
        }
    }
    // The words left once collection and filler words are gone.
    let mut rest: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !vocab::is_collection_word(w) && !vocab::is_filler_word(w))
        .collect();
    if rest.is_empty() {
        return None;
    }
    if let Some(p) = primitive(&rest.join(" ")) {
        return Some(TypeRef {
            name: p.to_string(),
            collection,
        });
    }
    if rest.len() == 1 || rest.iter().all(|w| primitive(w).is_some()) {
        let w = rest.remove(0);
        if let Some(p) = primitive(w) {
            return Some(TypeRef {
                name: p.to_string(),
                collection,
            });
        }
        // Keep the cell's own casing for the name.
        let original = cell
            .text
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '[' || c == ']')
            .find(|o| o.to_lowercase() == w)
            .unwrap_or(w);
        if is_identifier(original) {
            return Some(TypeRef {
                name: qualify(original),
                collection,
            });
        }
    }
    // `string (url)`, `(Optional) String`: an aside in parentheses around a type.
    let without_asides: String = cell
        .text
        .split('(')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once(')').map_or("", |(_, after)| after)
            }
        })
        .collect();
    let without_asides = without_asides.trim();
    (without_asides != cell.text.trim() && !without_asides.is_empty())
        .then(|| {
            type_cell(&Cell {
                text: without_asides.to_string(),
                links: Vec::new(),
            })
        })
        .flatten()
}

/// The words of a type cell the vocabulary in use does not know, given what the cell was
/// read as: not a collection, filler, connective or primitive word, and not the name of the
/// type read. Asides in parentheses are left out (they qualify, they do not name). On a
/// translation in a language the vocabulary lacks, these are the words that say
/// `collection` or `string`, and where they are, other evidence has to decide.
pub fn unknown_words(cell: &Cell, read: Option<&TypeRef>) -> Vec<String> {
    let mut text = String::new();
    let mut depth = 0usize;
    for c in cell.text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => text.extend(c.to_lowercase()),
            _ => {}
        }
    }
    for phrase in vocab::type_cell_phrases() {
        text = text.replace(phrase, " ");
    }
    let read_name = read.map(|t| t.name.to_lowercase()).unwrap_or_default();
    let links: Vec<String> = cell
        .links
        .iter()
        .map(|(dest, _)| dest.to_lowercase())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for w in text
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '[' | ']' | ',' | '*' | '`' | '|' | ':' | ';')
        })
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | '"' | '\'' | '-' | '_')))
        .filter(|w| w.chars().any(char::is_alphabetic))
    {
        let known = vocab::is_type_cell_word(w)
            || (w.is_ascii()
                && is_identifier(w)
                && (read_name
                    .rsplit(['.', '|'])
                    .any(|part| !part.is_empty() && part == w.rsplit('.').next().unwrap_or(w))
                    || read_name.contains(w)
                    || links.iter().any(|l| l.contains(w))));
        if !known && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out
}

/// The type a JSON representation placeholder stands for: `"String"`, `"Int32"`,
/// `"String (timestamp)"`, `{"@odata.type": "..."}`, `[ ... ]`, or a sample value.
pub fn placeholder_type(v: &Value) -> Option<TypeRef> {
    let single = |name: &str| {
        Some(TypeRef {
            name: name.to_string(),
            collection: false,
        })
    };
    match v {
        Value::String(s) => {
            let s = s.trim();
            if let Some(inner) = s
                .split_once('(')
                .map(|(_, r)| r.trim_end_matches(')').trim())
            {
                if let Some(p) = primitive(inner) {
                    return single(p);
                }
            }
            let word = s.split([' ', '(']).next().unwrap_or("");
            if let Some(p) = primitive(word) {
                return single(p);
            }
            let s = s.strip_prefix("@odata.type:").map_or(s, str::trim);
            if s.starts_with("microsoft.graph.") || s.starts_with("#microsoft.graph.") {
                return single(&qualify(s));
            }
            single(crate::notation::string_value_type(s))
        }
        Value::Bool(_) => single("Edm.Boolean"),
        Value::Number(n) => single(if n.is_f64() {
            "Edm.Double"
        } else {
            "Edm.Int32"
        }),
        Value::Object(map) => {
            let t = map.get("@odata.type").and_then(Value::as_str)?;
            let (name, coll) = crate::notation::odata_type_name(t);
            Some(TypeRef {
                name: qualify(&name),
                collection: coll,
            })
        }
        Value::Array(items) => {
            let inner = items.iter().find_map(placeholder_type)?;
            Some(TypeRef {
                name: inner.name,
                collection: true,
            })
        }
        Value::Null => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Option<TypeRef> {
        type_cell(&Cell {
            text: text.to_string(),
            links: Vec::new(),
        })
    }

    #[test]
    fn type_cells_with_asides_and_translated_words() {
        let name = |text: &str| cell(text).map(|t| (t.name, t.collection));
        assert_eq!(name("string (url)"), Some(("Edm.String".into(), false)));
        assert_eq!(
            name("(Optional) String"),
            Some(("Edm.String".into(), false))
        );
        assert_eq!(
            name("String (timestamp)"),
            Some(("Edm.DateTimeOffset".into(), false))
        );
        assert_eq!(
            name("Коллекция объектов string"),
            Some(("Edm.String".into(), true))
        );
        assert_eq!(
            name("Даты и время"),
            Some(("Edm.DateTimeOffset".into(), false))
        );
        assert_eq!(name("Объект JSON"), Some(("Edm.Untyped".into(), false)));
        assert_eq!(
            name("Collection(microsoft.graph.identitySet)"),
            Some(("microsoft.graph.identitySet".into(), true))
        );
    }

    #[test]
    fn unknown_words_are_what_the_vocabulary_lacks() {
        let linked = Cell {
            text: "Sammlung von subjectSet".to_string(),
            links: vec![(
                "subjectset.md".to_string(),
                "Sammlung von subjectSet".to_string(),
            )],
        };
        let read = type_cell(&linked);
        assert_eq!(
            read.as_ref().map(|t| t.name.as_str()),
            Some("microsoft.graph.subjectSet")
        );
        assert_eq!(unknown_words(&linked, read.as_ref()), ["sammlung", "von"]);
        let known = Cell {
            text: "Collection of string (url)".to_string(),
            links: Vec::new(),
        };
        assert!(unknown_words(&known, type_cell(&known).as_ref()).is_empty());
        let glued = Cell {
            text: "необязательная коллекцияClaim".to_string(),
            links: vec![(
                "optionalclaim.md".to_string(),
                "необязательная коллекцияClaim".to_string(),
            )],
        };
        assert_eq!(
            unknown_words(&glued, type_cell(&glued).as_ref()),
            ["необязательная", "коллекцияclaim"]
        );
    }

    #[test]
    fn qualified_names_keep_one_namespace() {
        assert_eq!(qualify("identitySet"), "microsoft.graph.identitySet");
        assert_eq!(
            qualify("#microsoft.graph.identitySet"),
            "microsoft.graph.identitySet"
        );
        assert_eq!(
            qualify("Microsoft.graph.identitySet"),
            "microsoft.graph.identitySet"
        );
        assert_eq!(
            qualify("graph.callRecords.session"),
            "microsoft.graph.callRecords.session"
        );
    }
}
