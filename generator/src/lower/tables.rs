//! Tables by meaning: which column is which, what kind of table it is, its rows as facts.

use super::facts::{PropertyFact, TypeRef};
use super::type_cells::{type_cell, unknown_words};
use crate::diag::Sink;
use crate::doc::{key_matches, Table};
use crate::vocab::{self, Column};

/// Column positions in a table, by meaning.
pub(super) struct Columns {
    pub(super) name: Option<usize>,
    pub(super) ty: Option<usize>,
    pub(super) description: Option<usize>,
    pub(super) value: Option<usize>,
}

pub(super) fn columns(table: &Table) -> Columns {
    let mut c = Columns {
        name: None,
        ty: None,
        description: None,
        value: None,
    };
    for (i, h) in table.header.iter().enumerate() {
        match vocab::column(h) {
            Some(Column::Name) => {
                c.name.get_or_insert(i);
            }
            Some(Column::Type) => {
                c.ty.get_or_insert(i);
            }
            Some(Column::Description) => {
                c.description.get_or_insert(i);
            }
            Some(Column::Value) => {
                c.value.get_or_insert(i);
            }
            _ => {}
        }
    }
    // Unknown header words: fall back on position, the format's fixed column order.
    if c.name.is_none() && !table.header.is_empty() {
        c.name = Some(0);
    }
    by_content(table, &mut c);
    c
}

/// Columns whose header words the vocabulary does not know, recognised by what they hold:
/// a type column holds short cells (a link, a name, a word or two) and no sentences; a
/// description column holds the longest text. The header vocabulary is a hint, not a gate.
fn by_content(table: &Table, c: &mut Columns) {
    let unknown: Vec<usize> = (0..table.header.len())
        .filter(|&i| Some(i) != c.name && vocab::column(&table.header[i]).is_none())
        .collect();
    if unknown.is_empty() || table.rows.is_empty() {
        return;
    }
    let cells = |i: usize| {
        table
            .rows
            .iter()
            .filter_map(move |r| r.cells.get(i))
            .filter(|cell| !cell.text.trim().is_empty())
    };
    let type_like = |cell: &crate::doc::Cell| {
        let t = cell.text.trim();
        let links_to_pages = cell.links.iter().any(|(d, _)| d.contains(".md"));
        let words = t.split_whitespace().count();
        (links_to_pages && words <= 5)
            || (words <= 3 && t.chars().count() <= 40 && !t.ends_with('.'))
    };
    if c.ty.is_none() {
        c.ty = unknown.iter().copied().find(|&i| {
            let (all, typed) =
                cells(i).fold((0, 0), |(a, t), cell| (a + 1, t + type_like(cell) as usize));
            all > 0 && typed * 5 >= all * 4
        });
    }
    if c.description.is_none() {
        c.description = unknown
            .iter()
            .copied()
            .filter(|&i| Some(i) != c.ty && Some(i) != c.value)
            .map(|i| {
                let (n, chars) = cells(i).fold((0, 0), |(n, l), cell| {
                    (n + 1, l + cell.text.chars().count())
                });
                (i, if n == 0 { 0 } else { chars / n })
            })
            .filter(|&(_, avg)| avg >= 20)
            .max_by_key(|&(i, avg)| (avg, std::cmp::Reverse(i)))
            .map(|(i, _)| i);
    }
}

/// The kind of a table, from the section it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Properties,
    Relationships,
    PathParameters,
    QueryParameters,
    RequestHeaders,
    RequestBody,
    EnumMembers,
    Permissions,
    Methods,
    Other,
}

impl TableKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Properties => "properties",
            TableKind::Relationships => "relationships",
            TableKind::PathParameters => "path-parameters",
            TableKind::QueryParameters => "query-parameters",
            TableKind::RequestHeaders => "request-headers",
            TableKind::RequestBody => "request-body",
            TableKind::EnumMembers => "enum-members",
            TableKind::Permissions => "permissions",
            TableKind::Methods => "methods",
            TableKind::Other => "other",
        }
    }
}

pub fn table_kind(table: &Table) -> TableKind {
    // A permissions table is known by its columns wherever it sits (`## Prerequisites`).
    if table
        .header
        .iter()
        .any(|h| vocab::column(h) == Some(Column::PermissionType))
    {
        return TableKind::Permissions;
    }
    let Some(h) = table.section.innermost() else {
        return TableKind::Other;
    };
    let key = h.key.as_str();
    let within = |k: &str| table.section.within(k);
    if key.ends_with("-values")
        || key_matches(key, "members")
        || key_matches(key, "enum-values")
        || key.ends_with("-members")
    {
        return TableKind::EnumMembers;
    }
    if within("relationships") {
        TableKind::Relationships
    } else if within("properties") || within("property") {
        TableKind::Properties
    } else if within("path-parameters") {
        TableKind::PathParameters
    } else if within("optional-query-parameters") || within("query-parameters") {
        TableKind::QueryParameters
    } else if within("request-headers") || within("optional-request-headers") || within("headers") {
        TableKind::RequestHeaders
    } else if within("request-body") || within("function-parameters") || within("parameters") {
        TableKind::RequestBody
    } else if within("permissions") {
        TableKind::Permissions
    } else if within("methods") {
        TableKind::Methods
    } else if lists_annotations(table) {
        // `## Instance attributes`, in whatever words: names such as
        // `@microsoft.graph.downloadUrl` are instance annotations, read beside the properties.
        TableKind::Properties
    } else {
        TableKind::Other
    }
}

/// Whether every row's first cell names an instance annotation (`@microsoft.graph.x`).
fn lists_annotations(table: &Table) -> bool {
    !table.rows.is_empty()
        && table.rows.iter().all(|r| {
            r.cells
                .first()
                .and_then(|c| name_cell(&c.text))
                .is_some_and(|n| n.starts_with('@') && n.len() > 1)
        })
}

pub(super) fn cell_text(row: &crate::doc::Row, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| row.cells.get(i))
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
}

/// A property or parameter name cell: the identifier, without formatting or asides.
pub(super) fn name_cell(text: &str) -> Option<String> {
    let t = text.trim().trim_matches(['`', '*', '_']).trim();
    let first = t.split_whitespace().next()?.trim_matches(['`', '*', ',']);
    // API names are ASCII: a Cyrillic word in the name column is a translation.
    let ok = !first.is_empty()
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '-' | '$'));
    ok.then(|| first.to_string())
}

pub(super) fn description(text: Option<&str>) -> Option<String> {
    text.map(str::to_string).filter(|d| !d.is_empty())
}

/// Table rows, and separately the rows whose name cell is not an identifier (a
/// translated name, `Куст` for `hive`), with their position in the table.
pub(super) fn property_rows_with_unnamed(
    table: &Table,
    navigation: bool,
    sink: &mut Sink,
) -> (Vec<PropertyFact>, Vec<(usize, PropertyFact)>) {
    let rows = property_rows(table, navigation, sink);
    (rows.rows, rows.unnamed)
}

/// What a property table says, row by row.
pub(super) struct PropertyRows {
    pub(super) rows: Vec<PropertyFact>,
    /// Rows whose name is not an identifier, with their position in the table.
    pub(super) unnamed: Vec<(usize, PropertyFact)>,
    /// Rows whose type cell links a type beside words the vocabulary does not know: the
    /// words most likely say `collection`, so the row is read as one, unless the page's
    /// JSON (never translated) says otherwise.
    pub(super) guessed_collection: Vec<String>,
}

/// Reports the words of a type cell the vocabulary does not know, one diagnostic a word.
pub(super) fn report_unknown_words(
    cell: &crate::doc::Cell,
    read: Option<&super::TypeRef>,
    line: usize,
    sink: &mut Sink,
) -> Vec<String> {
    let words = unknown_words(cell, read);
    for w in &words {
        sink.warn(
            line,
            1,
            "unknown-word",
            format!("unknown word `{w}` in a type column; other evidence decides the type"),
        );
    }
    words
}

/// The text of a type cell the vocabulary could not read: nothing was read from it, or
/// only a bare word taken for a type name (`Zeichenfolge`, a word of a Latin-script language
/// the table lacks, looks like one), which `infer` may find no page describes.
fn unread_text(cell: Option<&crate::doc::Cell>, read: Option<&super::TypeRef>) -> Option<String> {
    let cell = cell?;
    let text = cell.text.trim();
    let unread = match read {
        None => true,
        Some(t) => cell.links.is_empty() && !t.name.starts_with("Edm.") && !t.name.contains('|'),
    };
    (unread && !text.is_empty()).then(|| text.to_lowercase())
}

pub(super) fn property_rows(table: &Table, navigation: bool, sink: &mut Sink) -> PropertyRows {
    let cols = columns(table);
    let mut guessed_collection = Vec::new();
    let mut out = Vec::new();
    let mut unnamed = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        let Some(name) = cell_text(row, cols.name).and_then(name_cell) else {
            if let Some(raw) = cell_text(row, cols.name) {
                let cell = cols.ty.and_then(|i| row.cells.get(i));
                let ty = cell.and_then(type_cell);
                let unread = unread_text(cell, ty.as_ref());
                unnamed.push((
                    index,
                    PropertyFact {
                        name: raw.to_string(),
                        ty,
                        navigation,
                        nullable: None,
                        description: description(cell_text(row, cols.description)),
                        line: row.line,
                        declared: true,
                        unread,
                    },
                ));
            }
            continue;
        };
        let cell = cols.ty.and_then(|i| row.cells.get(i));
        let ty = cell.and_then(|c| {
            let mut t = type_cell(c);
            let unknown = report_unknown_words(c, t.as_ref(), row.line, sink);
            if let Some(t) = t
                .as_mut()
                .filter(|t| !t.collection && !unknown.is_empty() && !c.links.is_empty())
            {
                t.collection = true;
                guessed_collection.push(name.clone());
            }
            if t.is_none() && !c.text.trim().is_empty() {
                sink.warn(
                    row.line,
                    1,
                    "unknown-type",
                    format!(
                        "type `{}` of `{name}` is not understood; other evidence decides (JSON, the same words on other pages, examples)",
                        c.text.trim()
                    ),
                );
            }
            t
        });
        let unread = unread_text(cell, ty.as_ref());
        out.push(PropertyFact {
            name,
            ty,
            navigation,
            nullable: None,
            description: description(cell_text(row, cols.description)),
            line: row.line,
            declared: true,
            unread,
        });
    }
    PropertyRows {
        rows: out,
        unnamed,
        guessed_collection,
    }
}

/// Gives translated table rows the real name from the JSON representation: the JSON
/// property of the same type that no row names, or else the one at the same position.
pub(super) fn name_translated_rows(
    json: &[PropertyFact],
    table: &[PropertyFact],
    unnamed: Vec<(usize, PropertyFact)>,
    sink: &mut Sink,
) -> Vec<PropertyFact> {
    use std::collections::{HashMap, HashSet};
    // Every step is a lookup, not a search: pages can hold very long tables.
    let named: HashSet<&str> = table.iter().map(|t| t.name.as_str()).collect();
    let free: Vec<(usize, &PropertyFact)> = json
        .iter()
        .enumerate()
        .filter(|(_, j)| !j.declared && !named.contains(j.name.as_str()))
        .collect();
    let type_key = |t: &TypeRef| (t.name.to_ascii_lowercase(), t.collection);
    // Free properties by type (with how many are not yet taken), by name and by position.
    let mut by_type: HashMap<(String, bool), (Vec<usize>, usize)> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_position: HashMap<usize, usize> = HashMap::new();
    for (k, (i, j)) in free.iter().enumerate() {
        if let Some(t) = &j.ty {
            let group = by_type.entry(type_key(t)).or_default();
            group.0.push(k);
            group.1 += 1;
        }
        by_name.entry(j.name.as_str()).or_default().push(k);
        by_position.entry(*i).or_insert(k);
    }
    let mut taken: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for (index, mut row) in unnamed {
        // The one free property of the row's type, if exactly one is left.
        let by_ty = row
            .ty
            .as_ref()
            .and_then(|t| by_type.get(&type_key(t)))
            .filter(|(_, left)| *left == 1)
            .and_then(|(group, _)| {
                group
                    .iter()
                    .find(|&&k| !taken.contains(free[k].1.name.as_str()))
            });
        let chosen = by_ty
            .or_else(|| {
                by_position
                    .get(&index)
                    .filter(|&&k| !taken.contains(free[k].1.name.as_str()))
            })
            .map(|&k| free[k].1);
        if let Some(j) = chosen {
            if taken.insert(j.name.as_str()) {
                for &k in &by_name[j.name.as_str()] {
                    if let Some(t) = &free[k].1.ty {
                        if let Some(group) = by_type.get_mut(&type_key(t)) {
                            group.1 -= 1;
                        }
                    }
                }
            }
        }
        match chosen {
            Some(j) => {
                sink.warn(
                    row.line,
                    1,
                    "translated-name",
                    format!(
                        "table names the property `{}`; the JSON representation's `{}` is used",
                        row.name, j.name
                    ),
                );
                row.name = j.name.clone();
                out.push(row);
            }
            None => sink.warn(
                row.line,
                1,
                "table-name",
                format!(
                    "name `{}` is not an identifier and matches no JSON property; row skipped",
                    row.name
                ),
            ),
        }
    }
    out
}
