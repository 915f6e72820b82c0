//! Checks within one page: tables against the JSON representation, empty type cells,
//! requests left without responses, repeated example names, required body parameters
//! that request examples leave out.

use super::{Finding, Lines};
use crate::doc::{Block, BlockType, Page, Table};
use crate::lower::{self, TableKind};
use crate::parse::{http, json};
use crate::vocab::{self, Column};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The page's findings; `property-not-in-table` ones come with the page's type name, so
/// that keys a base type declares can be let through once every page is known.
pub(super) fn check(page: &Page, lines: &Lines) -> (Vec<Finding>, Vec<(Finding, String, String)>) {
    let mut out = Vec::new();
    let mut inherited = Vec::new();
    type_cells(page, &mut out);
    tables_and_json(page, lines, &mut out, &mut inherited);
    unanswered(page, &mut out);
    duplicate_names(page, &mut out);
    required(page, lines, &mut out);
    (out, inherited)
}

struct Cols {
    name: usize,
    ty: Option<usize>,
    description: Option<usize>,
    /// Whether the header names the name column (else it is taken to be the first).
    named: bool,
}

fn cols(t: &Table) -> Cols {
    let find = |c: Column| t.header.iter().position(|h| vocab::column(h) == Some(c));
    let name = find(Column::Name);
    Cols {
        name: name.unwrap_or(0),
        ty: find(Column::Type).filter(|&ty| Some(ty) != name && (name.is_some() || ty != 0)),
        description: find(Column::Description),
        named: name.is_some(),
    }
}

/// Whether a table sits directly in the page's Properties or Relationships section, not
/// in a subsection that documents something else (a policy's definition keys).
fn directly_in(t: &Table, kind: TableKind) -> bool {
    let key = t.section.innermost().map_or("", |h| h.key.as_str());
    match kind {
        TableKind::Properties => {
            crate::doc::key_matches(key, "properties") || crate::doc::key_matches(key, "property")
        }
        TableKind::Relationships => crate::doc::key_matches(key, "relationships"),
        _ => false,
    }
}

/// A name cell's identifier (`` `displayName` ``, `**id**`), or `None` for prose and
/// translated names.
fn name_of(text: &str) -> Option<&str> {
    let t = text.trim().trim_matches(['`', '*', '_']).trim();
    let first = t.split_whitespace().next()?.trim_matches(['`', '*', ',']);
    (!first.is_empty()
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '-' | '$')))
    .then_some(first)
}

fn type_cells(page: &Page, out: &mut Vec<Finding>) {
    for t in &page.tables {
        let kind = lower::table_kind(t);
        if !matches!(
            kind,
            TableKind::Properties | TableKind::Relationships | TableKind::RequestBody
        ) {
            continue;
        }
        let c = cols(t);
        let Some(ty) = c.ty else { continue };
        for row in &t.rows {
            let Some(name) = row.cells.get(c.name).and_then(|n| name_of(&n.text)) else {
                continue;
            };
            // A ragged row is reported as such; its cells are not where they belong.
            if row.cells.len() != t.header.len() {
                continue;
            }
            if row
                .cells
                .get(ty)
                .is_some_and(|cell| cell.text.trim().is_empty())
            {
                out.push(
                    Finding::new(&page.path, row.line, "missing-type-cell", format!("`{name}` has no type in its table row"))
                        .help("write the type: `String`, `Int32`, `Collection(String)`, or a link to the type's page"),
                );
            }
        }
    }
}

fn annotated(b: &Block, kind: BlockType) -> bool {
    b.annotation.as_ref().and_then(|a| a.block_type) == Some(kind)
}

fn tables_and_json(
    page: &Page,
    lines: &Lines,
    out: &mut Vec<Finding>,
    maybe_inherited: &mut Vec<(Finding, String, String)>,
) {
    let resources: Vec<&Block> = page
        .blocks
        .iter()
        .filter(|b| annotated(b, BlockType::Resource))
        .collect();
    // One type per page: with several blocks, which table row belongs to which is unsaid.
    let [block] = resources.as_slice() else {
        return;
    };
    let Some(Value::Object(map)) = json::parse(&block.text).value else {
        return;
    };
    let type_name = block
        .annotation
        .as_ref()
        .and_then(|a| a.odata_type.clone())
        .unwrap_or_default();
    let mut props: HashMap<&str, usize> = HashMap::new();
    // Every name any table of the sections lists, whatever its columns.
    let mut rels: HashSet<&str> = HashSet::new();
    let mut translated = false;
    for t in &page.tables {
        if matches!(
            lower::table_kind(t),
            TableKind::Properties | TableKind::Relationships
        ) {
            let c = cols(t);
            rels.extend(
                t.rows
                    .iter()
                    .filter_map(|r| r.cells.get(c.name).and_then(|n| name_of(&n.text))),
            );
        }
    }
    for t in &page.tables {
        let kind = lower::table_kind(t);
        if !matches!(kind, TableKind::Properties | TableKind::Relationships)
            || !directly_in(t, kind)
        {
            continue;
        }
        let c = cols(t);
        // Tables without name and type columns list something else (enum values,
        // derived types, formats).
        if c.ty.is_none() || !c.named {
            continue;
        }
        for row in &t.rows {
            let Some(cell) = row.cells.get(c.name) else {
                continue;
            };
            match name_of(&cell.text) {
                Some(n) if kind == TableKind::Properties => {
                    props.entry(n).or_insert(row.line);
                }
                Some(n) => {
                    rels.insert(n);
                }
                None => translated |= !cell.text.trim().is_empty(),
            }
        }
    }
    if props.is_empty() {
        return;
    }
    let keys: HashSet<&str> = map.keys().map(String::as_str).collect();
    let mut missing: Vec<(&str, usize)> = props
        .iter()
        .filter(|(n, _)| !keys.contains(**n) && !n.contains('@'))
        .map(|(n, l)| (*n, *l))
        .collect();
    missing.sort_by_key(|(_, l)| *l);
    for (name, line) in missing {
        out.push(
            Finding::new(
                &page.path,
                line,
                "property-not-in-json",
                format!(
            "`{name}` is in the properties table but not in the JSON representation at line {}",
            block.line
        ),
            )
            .help(format!("add `\"{name}\": <type>` to the JSON block")),
        );
    }
    if translated {
        return;
    }
    for key in map.keys() {
        if key.contains('@') || props.contains_key(key.as_str()) || rels.contains(key.as_str()) {
            continue;
        }
        let (line, col) = lines
            .find(block.line + 1, 4000, &format!("\"{key}\""))
            .unwrap_or((block.line, 1));
        maybe_inherited.push((
            Finding::new(&page.path, line, "property-not-in-table", format!(
                "`{key}` is in the JSON representation but in neither the properties nor the relationships table"
            ))
            .at(col, key.chars().count() + 2)
            .help(format!("add a row for `{key}` to the properties table, or remove it from the block")),
            type_name.clone(),
            key.clone(),
        ));
    }
}

fn unanswered(page: &Page, out: &mut Vec<Finding>) {
    // In page order: a response answers the waiting requests it names, or, naming none,
    // every request waiting since the last response (alternatives shown as ignored
    // blocks in between share it).
    let mut waiting: Vec<&Block> = Vec::new();
    for b in &page.blocks {
        let Some(a) = &b.annotation else { continue };
        match a.block_type {
            Some(BlockType::Request) => waiting.push(b),
            Some(BlockType::Response) if a.names.is_empty() => waiting.clear(),
            // Named: answers requests of those names, and unnamed ones by position.
            Some(BlockType::Response) => waiting.retain(|r| {
                r.annotation.as_ref().is_some_and(|ra| {
                    !ra.names.is_empty() && !ra.names.iter().any(|n| a.names.contains(n))
                })
            }),
            _ => {}
        }
    }
    for b in waiting {
        let first = b.text.lines().next().unwrap_or("").trim();
        out.push(
            Finding::new(
                &page.path,
                b.line + 1,
                "request-without-response",
                format!(
                    "the request `{}` has no response example after it",
                    short(first)
                ),
            )
            .help("add a response block after it, annotated `{\"blockType\": \"response\"}`"),
        );
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s.to_string()
    }
}

fn duplicate_names(page: &Page, out: &mut Vec<Finding>) {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for b in &page.blocks {
        let Some(a) = &b.annotation else { continue };
        let kind = match a.block_type {
            Some(BlockType::Request) => "request",
            Some(BlockType::Response) => "response",
            _ => continue,
        };
        for name in a.names.iter().filter(|n| !n.is_empty()) {
            match seen.get(&(kind, name.as_str())) {
                Some(first) => out.push(
                    Finding::new(
                        &page.path,
                        a.line,
                        "duplicate-example-name",
                        format!("the {kind} name `{name}` is already used at line {first}"),
                    )
                    .help(format!("give this {kind} its own name, such as `{name}_2`")),
                ),
                None => {
                    seen.insert((kind, name.as_str()), a.line);
                }
            }
        }
    }
}

fn required(page: &Page, lines: &Lines, out: &mut Vec<Finding>) {
    let tables: Vec<&Table> = page
        .tables
        .iter()
        .filter(|t| lower::table_kind(t) == TableKind::RequestBody)
        .collect();
    // One operation's body per page: with several tables, which example uses which is unsaid.
    let [table] = tables.as_slice() else { return };
    let c = cols(table);
    let Some(d) = c.description else { return };
    let required: Vec<&str> = table
        .rows
        .iter()
        .filter(|r| {
            r.cells
                .get(d)
                .is_some_and(|cell| vocab::required(&cell.text) == Some(true))
        })
        .filter_map(|r| r.cells.get(c.name).and_then(|n| name_of(&n.text)))
        .collect();
    if required.is_empty() {
        return;
    }
    let mut sink = crate::diag::Sink::new(page.path.clone());
    for b in page
        .blocks
        .iter()
        .filter(|b| annotated(b, BlockType::Request))
    {
        let Some(http::Message::Request(req)) = http::parse(&b.text, b.line + 1, &mut sink) else {
            continue;
        };
        let Some(Value::Object(body)) = req
            .body
            .as_ref()
            .filter(|b| b.strict)
            .and_then(|b| b.json.as_ref())
        else {
            continue;
        };
        for name in required.iter().filter(|n| !body.contains_key(**n)) {
            let line = req.body.as_ref().map_or(b.line, |b| b.line);
            let first = lines.get(line);
            out.push(
                Finding::new(&page.path, line, "missing-required-property", format!(
                    "the request body table says `{name}` is required, but this example does not send it"
                ))
                .at(first.len() - first.trim_start().len() + 1, first.trim().chars().count())
                .help(format!("add `\"{name}\"` to the example body")),
            );
        }
    }
}
