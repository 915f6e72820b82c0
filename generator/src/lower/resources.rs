//! Resource pages: the types a page describes, from its JSON block, tables and prose.

use super::facts::*;
use super::is_identifier;
use super::tables::*;
use super::type_cells::*;

use super::block_type;
use crate::diag::Sink;
use crate::doc::{key_matches, BlockType, Page, PageKind, Table};
use crate::ir::{Kind, Member};
use crate::vocab;

use serde_json::Value;

pub(super) fn lower_types(page: &Page, facts: &mut PageFacts, sink: &mut Sink) {
    // The page's main type: its resource block names it; the file name is the fallback.
    let stem = page
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&page.path)
        .trim_end_matches(".md")
        .to_string();
    let mut main: Option<usize> = None;
    for b in &page.blocks {
        if block_type(b) != Some(BlockType::Resource) {
            continue;
        }
        let Some(a) = b.annotation.as_ref() else {
            continue;
        };
        let Some(name) = a.odata_type.as_deref().map(qualify) else {
            sink.warn(
                a.line,
                1,
                "resource-untyped",
                "resource block has no @odata.type; skipped",
            );
            continue;
        };
        let Some(read) = b.json.clone() else { continue };
        for f in &read.forgiven {
            sink.warn(
                b.line + f.line,
                f.col,
                "resource-json",
                format!("JSON representation is not strict JSON: {}", f.what),
            );
        }
        let mut properties = Vec::new();
        let mut sample_keys = false;
        match read.value {
            Some(Value::Object(map)) => {
                for (k, v) in &map {
                    if k.starts_with("@odata.") {
                        continue;
                    }
                    // A dictionary's sample key (`"ca2a1df2-…": {…}`, `"String-value": …`)
                    // says the type is open, not what its properties are.
                    if crate::notation::uuid_like(k) || k.ends_with("-value") {
                        sink.warn(b.line, 1, "sample-key", format!("`{k}` in the JSON representation is a sample key, not a property; the type is read as open"));
                        sample_keys = true;
                        continue;
                    }
                    properties.push(PropertyFact {
                        name: k.clone(),
                        ty: placeholder_type(v),
                        navigation: false,
                        nullable: None,
                        description: None,
                        line: b.line,
                        declared: false,
                        unread: None,
                    });
                }
            }
            _ => sink.warn(
                b.line,
                1,
                "resource-json",
                "JSON representation is not an object; only the annotation is used",
            ),
        }
        facts.counts.resources_to_types += 1;
        let is_entity = a.key_property.is_some() || a.is_media_entity;
        facts.types.push(TypeFact {
            name,
            kind: is_entity.then_some(Kind::Entity),
            base: a.base_type.as_deref().map(qualify),
            is_abstract: a.is_abstract,
            open: a.open_type || sample_keys,
            description: None,
            properties,
            members: Vec::new(),
            optional: a.optional_properties.clone(),
            nullable: a.nullable_properties.clone(),
            linked: Vec::new(),
            line: a.line,
        });
        main.get_or_insert(facts.types.len() - 1);
    }
    let page_description = page.description.clone().filter(|d| !d.trim().is_empty());
    let mut main_idx = |facts: &mut PageFacts, line: usize| -> usize {
        if let Some(i) = main {
            return i;
        }
        facts.types.push(TypeFact {
            name: stem.clone(),
            kind: None,
            base: None,
            is_abstract: false,
            open: false,
            description: None,
            properties: Vec::new(),
            members: Vec::new(),
            optional: Vec::new(),
            nullable: Vec::new(),
            linked: Vec::new(),
            line,
        });
        main = Some(facts.types.len() - 1);
        facts.types.len() - 1
    };
    for table in &page.tables {
        let kind = table_kind(table);
        if page.kind == PageKind::Api && kind != TableKind::EnumMembers {
            continue;
        }
        match kind {
            TableKind::Properties | TableKind::Relationships => {
                let PropertyRows {
                    rows: mut props,
                    unnamed,
                    guessed_collection,
                } = property_rows(table, kind == TableKind::Relationships, sink);
                let i = main_idx(facts, table.line);
                if kind == TableKind::Properties && lists_values(&facts.types[i].properties, &props)
                {
                    sink.warn(
                        table.line,
                        1,
                        "values-table",
                        format!(
                            "table under Properties names none of the JSON representation's properties (`{}`, ...): read as a list of values, not properties",
                            props[0].name
                        ),
                    );
                    continue;
                }
                // JSON is never translated: where the words were unknown, its array decides.
                for p in props
                    .iter_mut()
                    .filter(|p| guessed_collection.contains(&p.name))
                {
                    let json = facts.types[i]
                        .properties
                        .iter()
                        .find(|j| j.name == p.name && !j.declared);
                    if let (Some(t), Some(j)) = (p.ty.as_mut(), json.and_then(|j| j.ty.as_ref())) {
                        t.collection = j.collection;
                    }
                }
                let named = name_translated_rows(&facts.types[i].properties, &props, unnamed, sink);
                props.extend(named);
                for p in &props {
                    let Some(text) = &p.unread else { continue };
                    let json = facts.types[i]
                        .properties
                        .iter()
                        .find(|j| j.name == p.name && !j.declared);
                    if let Some(t) = json
                        .and_then(|j| j.ty.clone())
                        .filter(|t| t.name.starts_with("Edm."))
                    {
                        facts.word_evidence.push((text.clone(), t));
                    }
                }
                merge_table_properties(&mut facts.types[i].properties, props);
            }
            TableKind::EnumMembers => {
                let Some(name) = enum_name(table, &page.path) else {
                    sink.warn(
                        table.line,
                        1,
                        "enum-name",
                        "enum member table under a heading that names no enum; skipped",
                    );
                    continue;
                };
                let cols = columns(table);
                let members = table
                    .rows
                    .iter()
                    .filter_map(|r| {
                        let name = cell_text(r, cols.name).and_then(name_cell)?;
                        Some(Member {
                            name,
                            description: description(cell_text(r, cols.description)),
                        })
                    })
                    .collect();
                facts.types.push(TypeFact {
                    name: qualify(&name),
                    kind: Some(Kind::Enum),
                    base: None,
                    is_abstract: false,
                    open: false,
                    description: None,
                    properties: Vec::new(),
                    members,
                    optional: Vec::new(),
                    nullable: Vec::new(),
                    linked: Vec::new(),
                    line: table.line,
                });
            }
            _ => {}
        }
    }
    if page.kind == PageKind::Resource {
        if let Some(i) = main {
            facts.types[i].description = page_description.clone();
            // A base type stated only in prose: `Inherits from [entity](entity.md)`.
            if facts.types[i].base.is_none() {
                facts.types[i].base = prose_base_type(page);
            }
            facts.types[i].linked = intro_links(page);
        }
    }
}

/// Whether a table under a Properties heading lists values rather than properties
/// (`outlookCategory`'s `Preset0`…`Preset24`, the sample keys of an open type): the page's
/// JSON representation (or an earlier table) has properties, and fewer than half of the
/// table's names are among them. Structure, not words: it holds in any language.
pub(super) fn lists_values(known: &[PropertyFact], rows: &[PropertyFact]) -> bool {
    let keys: Vec<&str> = known.iter().map(|p| p.name.as_str()).collect();
    let found = rows
        .iter()
        .filter(|r| keys.contains(&r.name.as_str()))
        .count();
    keys.len() >= 2 && rows.len() >= 2 && found * 2 < rows.len()
}

/// Table rows add to (and override the types of) the JSON block's properties.
pub(super) fn merge_table_properties(into: &mut Vec<PropertyFact>, rows: Vec<PropertyFact>) {
    // By name through an index: a search per row made a long table quadratic.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, p) in into.iter().enumerate() {
        index.entry(p.name.clone()).or_insert(i);
    }
    for row in rows {
        match index.get(&row.name).map(|&i| &mut into[i]) {
            Some(p) => {
                p.ty = row.ty.clone().or(p.ty.take());
                p.declared = true;
                p.unread = row.unread.clone();
                p.navigation |= row.navigation;
                p.description = row.description.clone();
                p.line = row.line;
            }
            None => {
                index.insert(row.name.clone(), into.len());
                into.push(row);
            }
        }
    }
}

pub(super) fn prose_base_type(page: &Page) -> Option<String> {
    for p in page.paragraphs.iter().take(INTRO_PARAGRAPHS) {
        let lower = p.text.to_lowercase();
        // The base is the first link after the phrase: `is a subclass of [x]`, while in
        // `[x] and [y] are subclasses of this` the links (the derived types) come before it.
        let Some(at) = vocab::base_type_phrases()
            .filter_map(|w| lower.find(w))
            .min()
        else {
            continue;
        };
        let mut from = 0;
        for (dest, text) in &p.links {
            let found = lower[from..].find(&text.to_lowercase()).map(|i| from + i);
            if let Some(i) = found {
                from = i + text.len();
            }
            if found.is_some_and(|i| i < at) {
                continue;
            }
            if let Some(name) = linked_type(dest, text) {
                return Some(name);
            }
        }
    }
    None
}

/// How many paragraphs from the top of a resource page introduce it.
const INTRO_PARAGRAPHS: usize = 6;

/// The types the introduction of a resource page links to, whatever words stand around
/// the links: the candidates from which inference picks a base the words may not name
/// (in a language the vocabulary lacks), by comparing properties.
pub(super) fn intro_links(page: &Page) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in page.paragraphs.iter().take(INTRO_PARAGRAPHS) {
        for (dest, text) in &p.links {
            if let Some(name) = linked_type(dest, text) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// The type a link to a page names: its text when that is an identifier, else the page stem.
fn linked_type(dest: &str, text: &str) -> Option<String> {
    let file = dest.split('#').next().unwrap_or("");
    if !file.ends_with(".md") || file.starts_with("http") {
        return None;
    }
    let text = text.trim();
    let name = if is_identifier(text) {
        text.to_string()
    } else {
        let stem = super::page_stem(file);
        if !is_identifier(stem) {
            return None;
        }
        stem.to_string()
    };
    Some(qualify(&name))
}

/// `### dayOfWeek values` / `### <a name="dayofweek-values"></a>Значения dayOfWeek`: the
/// anchor names the enum in lower case; the heading text keeps its real casing. On a page
/// of its own (`# mobileAppPublishingState enum type` / `## Members`), the title names it.
pub(super) fn enum_name(table: &Table, page_path: &str) -> Option<String> {
    let h = table.section.innermost()?;
    if key_matches(&h.key, "members") {
        return enum_page_name(table, page_path);
    }
    let lower = h
        .key
        .strip_suffix("-values")
        .or_else(|| h.key.strip_suffix("-members"))?;
    if lower.is_empty() || lower == "enum" {
        return None;
    }
    let found = h
        .text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .find(|w| w.to_lowercase() == lower);
    Some(found.map_or_else(|| lower.to_string(), str::to_string))
}

/// The enum an enum page's title names: the identifier in the title (which translations
/// keep), preferring one the page's file name ends with (`intune-apps-mobileapppublishingstate`).
pub(super) fn enum_page_name(table: &Table, page_path: &str) -> Option<String> {
    let title = table.section.0.iter().find(|h| h.level == 1)?;
    let stem = page_path
        .rsplit('/')
        .next()?
        .trim_end_matches(".md")
        .to_lowercase();
    let candidates: Vec<&str> = title
        .text
        .split(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | ':'))
        .filter(|w| {
            w.is_ascii()
                && is_identifier(w)
                && !matches!(
                    w.to_lowercase().as_str(),
                    "enum" | "type" | "values" | "members"
                )
        })
        .collect();
    candidates
        .iter()
        .find(|w| stem.ends_with(&w.to_lowercase()))
        .or(candidates.first())
        .map(|w| w.to_string())
}
