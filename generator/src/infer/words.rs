//! Words the vocabulary lacks, learned from the corpus itself.
//!
//! A type cell the vocabulary cannot read (`Строка`, `Длительность` when read with English
//! rows only; any word of a language the table has never had) is still one text used over
//! and over. Where the page's JSON representation types the same property, that JSON
//! (never translated) says what the text means; the meaning most pages agree on then types
//! the cells that have no JSON beside them, and overrides a JSON placeholder that says
//! otherwise, as a table's own word would.

use super::diag;
use crate::diag::{Diagnostic, Severity};
use crate::ir;
use crate::lower::{PageFacts, TypeRef};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How many properties must show a meaning, and what share of those using the text.
const MIN_VOTES: usize = 2;

/// Learns the meaning of unread type cells and applies it; one diagnostic per text learned.
pub(super) fn learn_type_words(pages: &mut [PageFacts], diagnostics: &mut Vec<Diagnostic>) {
    let mut votes: HashMap<&str, BTreeMap<(String, bool), usize>> = HashMap::new();
    let mut first: HashMap<&str, String> = HashMap::new();
    for page in pages.iter() {
        for t in &page.types {
            for p in &t.properties {
                if let Some(text) = p.unread.as_deref() {
                    first
                        .entry(text)
                        .or_insert_with(|| format!("{}:{}", page.path, p.line));
                }
            }
        }
        for (text, ty) in &page.word_evidence {
            if ir::is_primitive(&ty.name) {
                *votes
                    .entry(text.as_str())
                    .or_default()
                    .entry((ty.name.clone(), ty.collection))
                    .or_default() += 1;
            }
        }
    }
    // Names some page describes: a bare word read as one of them is a type, not a word.
    let described: HashSet<String> = pages
        .iter()
        .flat_map(|p| &p.types)
        .map(|t| t.name.rsplit('.').next().unwrap_or(&t.name).to_lowercase())
        .collect();
    let mut learned: HashMap<String, TypeRef> = HashMap::new();
    let mut texts: Vec<&&str> = votes.keys().collect();
    texts.sort();
    for text in texts {
        let counts = &votes[*text];
        let total: usize = counts.values().sum();
        let Some(((name, collection), n)) = counts
            .iter()
            .max_by_key(|(k, n)| (**n, std::cmp::Reverse(*k)))
        else {
            continue;
        };
        // A clear majority: two thirds of the properties that show one.
        if *n < MIN_VOTES || n * 3 < total * 2 {
            continue;
        }
        diagnostics.push(diag(
            first.get(*text).map_or("", String::as_str),
            Severity::Warning,
            "learned-word",
            format!(
                "type cell `{text}` read as `{name}{}`: the JSON of {n} of {total} properties with that cell says so",
                if *collection { "[]" } else { "" }
            ),
        ));
        learned.insert(
            text.to_string(),
            TypeRef {
                name: name.clone(),
                collection: *collection,
            },
        );
    }
    for page in pages.iter_mut() {
        for t in &mut page.types {
            for p in &mut t.properties {
                let undescribed = p.ty.as_ref().is_none_or(|t| {
                    ir::is_primitive(&t.name)
                        || !described
                            .contains(&t.name.rsplit('.').next().unwrap_or(&t.name).to_lowercase())
                });
                if !undescribed {
                    continue;
                }
                if let Some(ty) = p.unread.as_deref().and_then(|text| learned.get(text)) {
                    p.ty = Some(ty.clone());
                }
            }
        }
    }
}
