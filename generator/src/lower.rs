//! Document model → the facts one page states about the API.
//!
//! Each page is lowered on its own (pages are independent, so this runs in parallel);
//! `infer` then merges the facts of all pages into one IR.

use crate::diag::Sink;
use crate::doc::{
    key_matches, Block, BlockType, Body, Cell, HttpRequest, HttpResponse, Page, PageKind, Table,
};
use crate::ir::{Kind, Member, ParameterIn};
use crate::parse::http::{self, Message};
use crate::vocab::{self, Column};
use serde_json::Value;

pub const NAMESPACE: &str = "microsoft.graph";

/// A type reference as a page writes it. Names may still need case resolution
/// (`identityset.md` → `identitySet`), which `infer` does against all known types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    pub name: String,
    pub collection: bool,
}

#[derive(Debug, Clone)]
pub struct PropertyFact {
    pub name: String,
    pub ty: Option<TypeRef>,
    pub navigation: bool,
    pub nullable: Option<bool>,
    pub description: Option<String>,
    pub line: usize,
    /// Where the type came from: a table declares, a resource block placeholder suggests.
    pub declared: bool,
}

#[derive(Debug, Clone)]
pub struct TypeFact {
    /// Qualified name, or the page stem when only the file name is known (resolved later).
    pub name: String,
    pub kind: Option<Kind>,
    pub base: Option<String>,
    pub is_abstract: bool,
    pub open: bool,
    pub description: Option<String>,
    pub properties: Vec<PropertyFact>,
    pub members: Vec<Member>,
    pub optional: Vec<String>,
    pub nullable: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct ParameterFact {
    pub name: String,
    pub location: ParameterIn,
    pub ty: Option<TypeRef>,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OperationFact {
    pub name: String,
    pub method: String,
    pub path: String,
    pub description: Option<String>,
    pub parameters: Vec<ParameterFact>,
    /// Inline body parameters from the request-body table.
    pub body_properties: Vec<PropertyFact>,
    /// A named body type (from the request-body section's link or the body's `@odata.type`).
    pub body_type: Option<TypeRef>,
    pub body_examples: Vec<Body>,
    pub response: Option<ResponseFact>,
    pub line: usize,
    /// Every documented request of this operation with the response paired to it.
    pub exchanges: Vec<Exchange>,
}

/// One documented request and its response, as the page shows them.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub name: Option<String>,
    pub line: usize,
    pub request: HttpRequest,
    pub response: Option<HttpResponse>,
}

#[derive(Debug, Clone)]
pub struct ResponseFact {
    pub status: u16,
    pub ty: Option<TypeRef>,
    pub body: Option<Body>,
}

/// A JSON body with the type its annotation names.
#[derive(Debug, Clone)]
pub struct ExampleFact {
    pub ty: TypeRef,
    pub body: Body,
}

#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    pub path: String,
    /// The page's `Namespace:` line when it names a namespace other than `microsoft.graph`
    /// (`microsoft.graph.callRecords`): bare names on the page live there.
    pub namespace: Option<String>,
    pub types: Vec<TypeFact>,
    pub operations: Vec<OperationFact>,
    pub examples: Vec<ExampleFact>,
    pub counts: Counts,
}

/// What was found and what became of it, for `docgen stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub blocks: std::collections::BTreeMap<String, usize>,
    pub requests_to_operations: usize,
    pub responses_paired: usize,
    pub responses_unpaired: usize,
    pub resources_to_types: usize,
    pub tables: std::collections::BTreeMap<String, usize>,
    /// Sections holding tables of no known kind, by section key.
    pub other_table_sections: std::collections::BTreeMap<String, usize>,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        for (k, v) in &other.blocks {
            *self.blocks.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.tables {
            *self.tables.entry(k.clone()).or_default() += v;
        }
        self.requests_to_operations += other.requests_to_operations;
        self.responses_paired += other.responses_paired;
        self.responses_unpaired += other.responses_unpaired;
        self.resources_to_types += other.resources_to_types;
        for (k, v) in &other.other_table_sections {
            *self.other_table_sections.entry(k.clone()).or_default() += v;
        }
    }
}

pub fn lower(page: &Page, sink: &mut Sink) -> PageFacts {
    let mut facts = PageFacts {
        path: page.path.clone(),
        namespace: sub_namespace(page),
        ..PageFacts::default()
    };
    for b in &page.blocks {
        let annotated = b.annotation.as_ref().and_then(|a| a.block_type);
        let bt = match (block_type(b), annotated, &b.annotation) {
            (Some(BlockType::Request), _, None) => {
                sink.warn(
                    b.line,
                    1,
                    "unannotated-request",
                    "request example has no annotation; read as a request",
                );
                "request (unannotated)"
            }
            (Some(BlockType::Request), Some(BlockType::Ignored), _) => {
                sink.warn(
                    b.line,
                    1,
                    "ignored-request",
                    "request example is annotated `ignored`; read as a request",
                );
                "request (annotated ignored)"
            }
            (Some(BlockType::Request), Some(BlockType::Response), _) => {
                sink.warn(
                    b.line,
                    1,
                    "mislabelled-block",
                    "block annotated `response` holds a request; read as a request",
                );
                "request (annotated response)"
            }
            (Some(BlockType::Response), _, None) => {
                sink.warn(
                    b.line,
                    1,
                    "unannotated-response",
                    "response example has no annotation; read as a response",
                );
                "response (unannotated)"
            }
            (Some(BlockType::Response), Some(BlockType::Request), _) => {
                sink.warn(
                    b.line,
                    1,
                    "mislabelled-block",
                    "block annotated `request` holds a response; read as a response",
                );
                "response (annotated request)"
            }
            (t, _, _) => t.map_or("none", |t| t.as_str()),
        };
        *facts.counts.blocks.entry(bt.to_string()).or_default() += 1;
    }
    for t in &page.tables {
        let kind = table_kind(t);
        *facts
            .counts
            .tables
            .entry(kind.as_str().to_string())
            .or_default() += 1;
        if kind == TableKind::Other {
            let key = t
                .section
                .innermost()
                .map_or("(no heading)", |h| h.key.as_str());
            *facts
                .counts
                .other_table_sections
                .entry(key.to_string())
                .or_default() += 1;
        }
    }
    lower_types(page, &mut facts, sink);
    if page.kind == PageKind::Api
        || page
            .blocks
            .iter()
            .any(|b| block_type(b) == Some(BlockType::Request))
    {
        lower_operations(page, &mut facts, sink);
    }
    lower_examples(page, &mut facts, sink);
    facts
}

/// `Namespace: microsoft.graph.callRecords` (`Пространство имен: ...` in translations: the
/// label is translated, the name is not), when it is not the default namespace.
fn sub_namespace(page: &Page) -> Option<String> {
    page.paragraphs
        .iter()
        .filter(|p| p.section.0.len() <= 1)
        .find_map(|p| {
            let (label, name) = p.text.trim().split_once(':')?;
            let name = name.trim().trim_matches('`');
            let sub = name.strip_prefix("microsoft.graph.")?;
            (label.chars().count() <= 40 && !sub.is_empty() && is_identifier(sub))
                .then(|| name.to_string())
        })
}

/// The block's type: its annotation's, or inferred from the fence when the annotation omits
/// it. Where the annotation contradicts the content, the content wins (and `lower` reports
/// it): an unannotated or `ignored` request example in an example section is a request, a
/// `response` holding a request line is a request, a `request` holding a status line is a
/// response.
pub fn block_type(b: &Block) -> Option<BlockType> {
    let status_line = http::is_status_line(b.text.trim_start());
    let http_fence = b.lang == "http" || b.lang == "msgraph-interactive";
    let Some(a) = b.annotation.as_ref() else {
        if example_request(b) {
            return Some(BlockType::Request);
        }
        return (status_line && http_fence && in_example(b)).then_some(BlockType::Response);
    };
    match a.block_type {
        None if status_line => Some(BlockType::Response),
        None if http_fence => Some(BlockType::Request),
        None => Some(BlockType::Resource),
        Some(BlockType::Ignored) if example_request(b) => Some(BlockType::Request),
        Some(BlockType::Response) if request_line(b).is_some() => Some(BlockType::Request),
        Some(BlockType::Request) if status_line => Some(BlockType::Response),
        t => t,
    }
}

/// `GET /x` or `POST https://graph.microsoft.com/...`: method and URL of a request line.
fn request_line(b: &Block) -> Option<(&str, &str)> {
    let mut words = b.text.trim_start().split_whitespace();
    let (method, url) = (words.next()?, words.next()?);
    ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .contains(&method)
        .then_some((method, url))
}

/// A request to the API shown as an example (not a URL template, not a callback to the
/// app's own URL, which is a notification).
fn example_request(b: &Block) -> bool {
    let example = in_example(b);
    let in_request = b.section.0.iter().any(|h| key_matches(&h.key, "request"));
    let http_fence = b.lang == "http" || b.lang == "msgraph-interactive";
    let to_api = request_line(b)
        .is_some_and(|(_, url)| url.starts_with('/') || url.contains("graph.microsoft."));
    // The `## HTTP request` section holds URL templates, unless it is an example's own heading.
    http_fence
        && (example || in_request)
        && to_api
        && (example || !b.section.within("http-request"))
}

/// Whether the block sits under an example heading (`## Example`, `### Example 2: ...`).
fn in_example(b: &Block) -> bool {
    b.section.0.iter().any(|h| h.key.starts_with("example"))
}

/// Qualifies a bare name with the namespace: `identitySet` → `microsoft.graph.identitySet`.
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

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
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
    let collection = vocab::COLLECTION_WORDS.iter().any(|(w, _)| {
        let parts: Vec<&str> = w.split(' ').collect();
        words
            .windows(parts.len())
            .any(|win| win == parts.as_slice())
    }) || lower.contains("[]");
    // A link to a page names the type; its text is the name (the file name loses case).
    // Several links (`[appHostedMediaConfig](...) or [serviceHostedMediaConfig](...)`) are
    // alternatives, written `a|b`: inference types the property as their common base.
    let mut named: Vec<String> = Vec::new();
    for (dest, text) in &cell.links {
        let (file, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        let file = file.split('?').next().unwrap_or("");
        if !file.ends_with(".md") {
            continue;
        }
        // The identifier in the link text, less words such as `коллекция` around it.
        let ident = text
            .split(|c: char| c.is_whitespace() || matches!(c, '`' | '(' | ')' | ',' | '*'))
            .filter(|w| is_identifier(w))
            .filter(|w| {
                !vocab::COLLECTION_WORDS
                    .iter()
                    .any(|(c, _)| c.eq_ignore_ascii_case(w))
                    && !vocab::FILLER_WORDS
                        .iter()
                        .any(|(f, _)| f.eq_ignore_ascii_case(w))
            })
            .last();
        let name = if let Some(ident) = ident {
            if let Some(p) = vocab::primitive(ident) {
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
            let stem = file
                .rsplit('/')
                .next()
                .unwrap_or(file)
                .trim_end_matches(".md");
            if !is_identifier(stem) || stem == "enums" {
                continue;
            }
            qualify(stem)
        };
        if !named.contains(&name) {
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
        if let Some(p) = vocab::primitive(inner).filter(|p| *p != "Edm.String") {
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
        .filter(|w| {
            !vocab::COLLECTION_WORDS.iter().any(|(c, _)| c == w)
                && !vocab::FILLER_WORDS.iter().any(|(f, _)| f == w)
        })
        .collect();
    if rest.is_empty() {
        return None;
    }
    if let Some(p) = vocab::primitive(&rest.join(" ")) {
        return Some(TypeRef {
            name: p.to_string(),
            collection,
        });
    }
    if rest.len() == 1 || rest.iter().all(|w| vocab::primitive(w).is_some()) {
        let w = rest.remove(0);
        if let Some(p) = vocab::primitive(w) {
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

/// Column positions in a table, by meaning.
struct Columns {
    name: Option<usize>,
    ty: Option<usize>,
    description: Option<usize>,
    value: Option<usize>,
}

fn columns(table: &Table) -> Columns {
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
    c
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
    } else {
        TableKind::Other
    }
}

fn cell_text(row: &crate::doc::Row, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| row.cells.get(i))
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
}

/// A property or parameter name cell: the identifier, without formatting or asides.
fn name_cell(text: &str) -> Option<String> {
    let t = text.trim().trim_matches(['`', '*', '_']).trim();
    let first = t.split_whitespace().next()?.trim_matches(['`', '*', ',']);
    // API names are ASCII: a Cyrillic word in the name column is a translation.
    let ok = !first.is_empty()
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '-' | '$'));
    ok.then(|| first.to_string())
}

fn description(text: Option<&str>) -> Option<String> {
    text.map(str::to_string).filter(|d| !d.is_empty())
}

/// Table rows, and separately the rows whose name cell is not an identifier (a
/// translated name, `Куст` for `hive`), with their position in the table.
fn property_rows_with_unnamed(
    table: &Table,
    navigation: bool,
    sink: &mut Sink,
) -> (Vec<PropertyFact>, Vec<(usize, PropertyFact)>) {
    let cols = columns(table);
    let mut out = Vec::new();
    let mut unnamed = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        let Some(name) = cell_text(row, cols.name).and_then(name_cell) else {
            if let Some(raw) = cell_text(row, cols.name) {
                let ty = cols.ty.and_then(|i| row.cells.get(i)).and_then(type_cell);
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
                    },
                ));
            }
            continue;
        };
        let ty = cols.ty.and_then(|i| row.cells.get(i)).and_then(|c| {
            let t = type_cell(c);
            if t.is_none() && !c.text.trim().is_empty() {
                sink.warn(
                    row.line,
                    1,
                    "unknown-type",
                    format!(
                        "type `{}` of `{name}` is not understood; read as any JSON value",
                        c.text.trim()
                    ),
                );
            }
            t
        });
        out.push(PropertyFact {
            name,
            ty,
            navigation,
            nullable: None,
            description: description(cell_text(row, cols.description)),
            line: row.line,
            declared: true,
        });
    }
    (out, unnamed)
}

/// Gives translated table rows the real name from the JSON representation: the JSON
/// property of the same type that no row names, or else the one at the same position.
fn name_translated_rows(
    json: &[PropertyFact],
    table: &[PropertyFact],
    unnamed: Vec<(usize, PropertyFact)>,
    sink: &mut Sink,
) -> Vec<PropertyFact> {
    let free: Vec<(usize, &PropertyFact)> = json
        .iter()
        .enumerate()
        .filter(|(_, j)| !j.declared && !table.iter().any(|t| t.name == j.name))
        .collect();
    let mut taken: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (index, mut row) in unnamed {
        let same_type = |j: &&(usize, &PropertyFact)| {
            row.ty.as_ref().zip(j.1.ty.as_ref()).is_some_and(|(a, b)| {
                a.name.eq_ignore_ascii_case(&b.name) && a.collection == b.collection
            })
        };
        let candidates: Vec<&(usize, &PropertyFact)> = free
            .iter()
            .filter(|j| !taken.contains(&j.1.name.as_str()))
            .filter(same_type)
            .collect();
        let chosen = match candidates.as_slice() {
            [one] => Some(one.1),
            _ => free
                .iter()
                .find(|(i, j)| *i == index && !taken.contains(&j.name.as_str()))
                .map(|(_, j)| *j),
        };
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
                taken.push(j.name.as_str());
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

fn lower_types(page: &Page, facts: &mut PageFacts, sink: &mut Sink) {
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
        let read = crate::parse::json::parse(&b.text);
        for f in &read.forgiven {
            sink.warn(
                b.line + f.line,
                f.col,
                "resource-json",
                format!("JSON representation is not strict JSON: {}", f.what),
            );
        }
        let mut properties = Vec::new();
        match read.value {
            Some(Value::Object(map)) => {
                for (k, v) in &map {
                    if k.starts_with("@odata.") {
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
            open: a.open_type,
            description: None,
            properties,
            members: Vec::new(),
            optional: a.optional_properties.clone(),
            nullable: a.nullable_properties.clone(),
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
                let (mut props, unnamed) =
                    property_rows_with_unnamed(table, kind == TableKind::Relationships, sink);
                let i = main_idx(facts, table.line);
                let named = name_translated_rows(&facts.types[i].properties, &props, unnamed, sink);
                props.extend(named);
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
        }
    }
}

/// Table rows add to (and override the types of) the JSON block's properties.
fn merge_table_properties(into: &mut Vec<PropertyFact>, rows: Vec<PropertyFact>) {
    for row in rows {
        match into.iter_mut().find(|p| p.name == row.name) {
            Some(p) => {
                p.ty = row.ty.clone().or(p.ty.take());
                p.declared = true;
                p.navigation |= row.navigation;
                p.description = row.description.clone();
                p.line = row.line;
            }
            None => into.push(row),
        }
    }
}

fn prose_base_type(page: &Page) -> Option<String> {
    for p in page.paragraphs.iter().take(6) {
        let lower = p.text.to_lowercase();
        if vocab::BASE_TYPE_PHRASES
            .iter()
            .any(|(w, _)| lower.contains(w))
        {
            for (dest, text) in &p.links {
                let file = dest.split('#').next().unwrap_or("");
                if file.ends_with(".md") {
                    let text = text.trim();
                    let name = if is_identifier(text) {
                        text.to_string()
                    } else {
                        file.rsplit('/')
                            .next()
                            .unwrap_or(file)
                            .trim_end_matches(".md")
                            .to_string()
                    };
                    return Some(qualify(&name));
                }
            }
        }
    }
    None
}

/// `### dayOfWeek values` / `### <a name="dayofweek-values"></a>Значения dayOfWeek`: the
/// anchor names the enum in lower case; the heading text keeps its real casing. On a page
/// of its own (`# mobileAppPublishingState enum type` / `## Members`), the title names it.
fn enum_name(table: &Table, page_path: &str) -> Option<String> {
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
fn enum_page_name(table: &Table, page_path: &str) -> Option<String> {
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
                if let Some(p) = vocab::primitive(inner) {
                    return single(p);
                }
            }
            let word = s.split([' ', '(']).next().unwrap_or("");
            if let Some(p) = vocab::primitive(word) {
                return single(p);
            }
            let s = s.strip_prefix("@odata.type:").map_or(s, str::trim);
            if s.starts_with("microsoft.graph.") || s.starts_with("#microsoft.graph.") {
                return single(&qualify(s));
            }
            single(crate::infer::string_value_type(s))
        }
        Value::Bool(_) => single("Edm.Boolean"),
        Value::Number(n) => single(if n.is_f64() {
            "Edm.Double"
        } else {
            "Edm.Int32"
        }),
        Value::Object(map) => {
            let t = map.get("@odata.type").and_then(Value::as_str)?;
            let (name, coll) = crate::parse::annotation::odata_type_name(t);
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

/// `https://graph.microsoft.com/v1.0/a/b?x=1` → (`/a/b`, `x=1`).
pub fn split_url(url: &str) -> (String, Option<String>) {
    let mut u = url.trim();
    if let Some(i) = u.find("://") {
        let after = &u[i + 3..];
        u = after.find('/').map_or("/", |j| &after[j..]);
    }
    let (path, query) = match u.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (u, None),
    };
    let mut path = path.trim().to_string();
    for version in ["/v1.0/", "/beta/", "/v1.0", "/beta"] {
        if let Some(rest) = path.strip_prefix(version) {
            if version.ends_with('/') || rest.is_empty() {
                path = format!("/{}", rest.trim_start_matches('/'));
                break;
            }
        }
    }
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if path.len() > 1 {
        path = path.trim_end_matches('/').to_string();
    }
    (path, query)
}

/// Whether a concrete example path fits a template (`{x}` segments match anything).
fn fits(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            (t.starts_with('{') && t.ends_with('}'))
                || t.eq_ignore_ascii_case(p)
                || segment_fits(t, p)
        })
}

/// `range(address='{address}')` fits `range(address='A1:B2')`.
fn segment_fits(t: &str, p: &str) -> bool {
    // A function call fits by name: `filterByCurrentUser(on='reviewer')`.
    if let (Some(a), Some(b)) = (t.find('('), p.find('(')) {
        if t[..a].eq_ignore_ascii_case(&p[..b]) {
            return true;
        }
    }
    let Some(open) = t.find('{') else {
        return false;
    };
    let prefix = &t[..open];
    let suffix = &t[t.rfind('}').map_or(t.len(), |i| i + 1)..];
    p.len() >= prefix.len() + suffix.len()
        && p[..prefix.len()].eq_ignore_ascii_case(prefix)
        && p.ends_with(suffix)
}

fn lower_operations(page: &Page, facts: &mut PageFacts, sink: &mut Sink) {
    // URL templates from the http-request section (often an `ignored` block).
    let mut templates: Vec<(String, String)> = Vec::new();
    for b in page.blocks.iter().filter(|b| {
        b.section.within("http-request") && matches!(block_type(b), None | Some(BlockType::Ignored))
    }) {
        for line in b.text.lines() {
            let l = line.trim();
            let Some((method, url)) = l.split_once(char::is_whitespace) else {
                continue;
            };
            let m = method.to_ascii_uppercase();
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m.as_str()) {
                let path = split_url(url.trim()).0;
                let path = match generalize(&path) {
                    Some(general) => {
                        sink.warn(
                            b.line,
                            1,
                            "concrete-id",
                            format!(
                                "URL template `{path}` holds concrete ids; read as `{general}`"
                            ),
                        );
                        general
                    }
                    None => path,
                };
                templates.push((m, path));
            }
        }
    }
    let mut params = Vec::new();
    let mut body_properties = Vec::new();
    let mut unnamed_body_rows = Vec::new();
    for table in &page.tables {
        let kind = table_kind(table);
        let location = match kind {
            TableKind::PathParameters => ParameterIn::Path,
            TableKind::QueryParameters => ParameterIn::Query,
            TableKind::RequestHeaders => ParameterIn::Header,
            TableKind::RequestBody => {
                // Pages may repeat a parameter in several tables (one per example or variant).
                let (rows, unnamed) = property_rows_with_unnamed(table, false, sink);
                for row in rows {
                    if !body_properties
                        .iter()
                        .any(|p: &PropertyFact| p.name == row.name)
                    {
                        body_properties.push(row);
                    }
                }
                unnamed_body_rows.extend(unnamed);
                continue;
            }
            _ => continue,
        };
        let cols = columns(table);
        for row in &table.rows {
            let Some(name) = cell_text(row, cols.name).and_then(name_cell) else {
                continue;
            };
            // Headers the client always sends itself; translated pages may translate their names.
            if location == ParameterIn::Header
                && (name.eq_ignore_ascii_case("authorization")
                    || name.eq_ignore_ascii_case("content-type")
                    || !name.is_ascii())
            {
                continue;
            }
            let ty = cols.ty.and_then(|i| row.cells.get(i)).and_then(type_cell);
            let desc = description(cell_text(row, cols.description).or(cell_text(row, cols.value)));
            let required = location == ParameterIn::Path
                || desc.as_deref().and_then(vocab::required) == Some(true);
            params.push(ParameterFact {
                name,
                location,
                ty,
                required,
                description: desc,
            });
        }
    }
    // A body given as a whole resource: the request-body section links its type.
    let body_link = section_link(page, "request-body");
    // "returns a `200 OK` response code and a [user](../resources/user.md) object": the
    // operation's response type where the example's annotation does not name it.
    let response_link = section_link(page, "response");
    let stem = page
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&page.path)
        .trim_end_matches(".md");

    // Requests, then responses paired by name or else with the request before them.
    let mut ops: Vec<(OperationFact, Vec<String>)> = Vec::new();
    let mut last: Option<usize> = None;
    for b in &page.blocks {
        let Some(bt) = block_type(b) else { continue };
        let no_annotation = crate::doc::Annotation::default();
        let a = b.annotation.as_ref().unwrap_or(&no_annotation);
        match bt {
            BlockType::Request => {
                let Some(Message::Request(req)) = http::parse(&b.text, b.line + 1, sink) else {
                    sink.warn(
                        b.line,
                        1,
                        "bad-request",
                        "request block has no `METHOD URL` line; skipped",
                    );
                    continue;
                };
                let (path, template) = request_path(&req, &templates);
                if !template && !templates.is_empty() {
                    sink.warn(
                        b.line + 1,
                        1,
                        "path-template",
                        format!("request path `{path}` matches no URL in the HTTP request section"),
                    );
                }
                let existing = ops
                    .iter()
                    .position(|(o, _)| o.method == req.method && o.path == path);
                let idx = match existing {
                    Some(i) => {
                        ops[i].1.extend(a.names.iter().cloned());
                        i
                    }
                    None => {
                        let name = a.names.first().cloned().unwrap_or_else(|| stem.to_string());
                        let mut parameters = params.clone();
                        for q in query_names(&req) {
                            if !parameters
                                .iter()
                                .any(|p| p.location == ParameterIn::Query && p.name == q)
                            {
                                parameters.push(ParameterFact {
                                    name: q,
                                    location: ParameterIn::Query,
                                    ty: None,
                                    required: false,
                                    description: None,
                                });
                            }
                        }
                        ops.push((
                            OperationFact {
                                name,
                                method: req.method.clone(),
                                path,
                                description: page.description.clone(),
                                parameters,
                                body_properties: body_properties.clone(),
                                body_type: None,
                                body_examples: Vec::new(),
                                response: None,
                                line: b.line,
                                exchanges: Vec::new(),
                            },
                            a.names.clone(),
                        ));
                        facts.counts.requests_to_operations += 1;
                        ops.len() - 1
                    }
                };
                let op = &mut ops[idx].0;
                op.exchanges.push(Exchange {
                    name: a.names.first().cloned(),
                    line: b.line,
                    request: req.clone(),
                    response: None,
                });
                if let Some(body) = req.body {
                    if op.body_properties.is_empty() && op.body_type.is_none() {
                        // The request-body section's link names the operation's type; one
                        // example's `@odata.type` may be just one derived type of it.
                        let annotated = a.odata_type.as_deref().map(|t| TypeRef {
                            name: qualify(t),
                            collection: false,
                        });
                        op.body_type = annotated
                            .or_else(|| body_link.clone())
                            .or_else(|| body_type_of(&body));
                    }
                    op.body_examples.push(body);
                }
                last = Some(idx);
            }
            BlockType::Response => {
                let paired = if a.names.is_empty() {
                    last
                } else {
                    ops.iter()
                        .position(|(_, names)| names.iter().any(|n| a.names.contains(n)))
                        .or(last)
                };
                let Some(i) = paired else {
                    facts.counts.responses_unpaired += 1;
                    sink.warn(
                        b.annotation.as_ref().map_or(b.line, |a| a.line),
                        1,
                        "unpaired-response",
                        "response has no request to pair with",
                    );
                    continue;
                };
                let Some(Message::Response(resp)) = http::parse(&b.text, b.line + 1, sink) else {
                    facts.counts.responses_unpaired += 1;
                    sink.warn(
                        b.line,
                        1,
                        "bad-response",
                        "response block has no `HTTP/1.1 <status>` line; skipped",
                    );
                    continue;
                };
                facts.counts.responses_paired += 1;
                let json = resp.body.as_ref().and_then(|b| b.json.as_ref());
                let mut ty = a.odata_type.as_deref().map(|t| TypeRef {
                    name: qualify(t),
                    collection: a.is_collection,
                });
                if ty.is_none() && json.is_some() {
                    ty = response_link
                        .clone()
                        .or_else(|| resp.body.as_ref().and_then(body_type_of));
                }
                if let (Some(t), Some(Value::Object(map))) = (&mut ty, json) {
                    // A single entity annotated where the body is `{"value": [...]}`.
                    if !t.collection
                        && map.get("value").is_some_and(Value::is_array)
                        && !map.contains_key("id")
                    {
                        t.collection = true;
                    }
                }
                let op = &mut ops[i].0;
                let exchange = a
                    .names
                    .first()
                    .and_then(|n| op.exchanges.iter().position(|e| e.name.as_ref() == Some(n)))
                    .or(op.exchanges.len().checked_sub(1));
                if let Some(e) = exchange.and_then(|e| op.exchanges.get_mut(e)) {
                    e.response.get_or_insert_with(|| resp.clone());
                }
                if op.response.is_none()
                    || op
                        .response
                        .as_ref()
                        .is_some_and(|r| r.ty.is_none() && ty.is_some())
                {
                    op.response = Some(ResponseFact {
                        status: resp.status,
                        ty,
                        body: resp.body,
                    });
                }
            }
            _ => {}
        }
    }
    // Translated parameter names: the request example's JSON keeps the real ones.
    if !unnamed_body_rows.is_empty() {
        let example = ops
            .iter()
            .flat_map(|(o, _)| &o.body_examples)
            .find_map(|b| b.json.as_ref().and_then(Value::as_object));
        match example {
            Some(map) => {
                let json: Vec<PropertyFact> = map
                    .iter()
                    .map(|(k, v)| PropertyFact {
                        name: k.clone(),
                        ty: placeholder_type(v),
                        navigation: false,
                        nullable: None,
                        description: None,
                        line: 0,
                        declared: false,
                    })
                    .collect();
                let named = name_translated_rows(
                    &json,
                    &body_properties,
                    std::mem::take(&mut unnamed_body_rows),
                    sink,
                );
                for (op, _) in &mut ops {
                    if !op.body_properties.is_empty() {
                        op.body_properties.extend(named.iter().cloned());
                    }
                }
            }
            None => {
                for (_, p) in &unnamed_body_rows {
                    sink.warn(p.line, 1, "table-name", format!("name `{}` is not an identifier and no request example shows the real one; row skipped", p.name));
                }
            }
        }
    }
    facts.operations = ops.into_iter().map(|(o, _)| o).collect();
}

/// The first resource page linked from a section's own prose (not from its examples), as
/// a type: the link text when it is an identifier, else the page's file name.
fn section_link(page: &Page, section: &str) -> Option<TypeRef> {
    page.paragraphs
        .iter()
        .filter(|p| {
            p.section.within(section) && !p.section.0.iter().any(|h| h.key.starts_with("example"))
        })
        .flat_map(|p| p.links.iter())
        .find_map(|(dest, text)| {
            let file = dest.split('#').next()?;
            (file.contains("resources/") && file.ends_with(".md")).then(|| {
                // `[коллекцию accessPackage](...)`: the identifier in the text, else the page name.
                let ident = text
                    .split(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '(' | ')'))
                    .filter(|w| {
                        is_identifier(w)
                            && !vocab::COLLECTION_WORDS
                                .iter()
                                .chain(vocab::FILLER_WORDS)
                                .any(|(f, _)| f.eq_ignore_ascii_case(w))
                    })
                    .last();
                let name = ident.map_or_else(
                    || {
                        file.rsplit('/')
                            .next()
                            .unwrap_or(file)
                            .trim_end_matches(".md")
                            .to_string()
                    },
                    str::to_string,
                );
                TypeRef {
                    name: qualify(&name),
                    collection: false,
                }
            })
        })
}

fn request_path(req: &HttpRequest, templates: &[(String, String)]) -> (String, bool) {
    let (path, _) = split_url(&req.url);
    if let Some((_, t)) = templates
        .iter()
        .find(|(m, t)| *m == req.method && t.eq_ignore_ascii_case(&path))
    {
        return (t.clone(), true);
    }
    if let Some((_, t)) = templates
        .iter()
        .find(|(m, t)| *m == req.method && fits(t, &path))
    {
        return (t.clone(), true);
    }
    // No template: an example path's GUIDs and numbers are ids, not fixed segments.
    (generalize(&path).unwrap_or(path), false)
}

/// `/classes/5edb6a5f-fc6b-441b-8952-bcbfc33ef0e5/assignments/22002` →
/// `/classes/{id}/assignments/{id}`, or `None` when no segment is a concrete id.
fn generalize(path: &str) -> Option<String> {
    let is_number = |s: &str| s.len() >= 2 && s.bytes().all(|b| b.is_ascii_digit());
    let mut changed = false;
    let segments: Vec<&str> = path
        .split('/')
        .map(|seg| {
            if crate::infer::uuid_like(seg) || is_number(seg) {
                changed = true;
                "{id}"
            } else {
                seg
            }
        })
        .collect();
    changed.then(|| segments.join("/"))
}

/// Query option names the example uses (`$select`, `$filter`...).
fn query_names(req: &HttpRequest) -> Vec<String> {
    let (_, query) = split_url(&req.url);
    query
        .map(|q| {
            q.split('&')
                .filter_map(|kv| kv.split('=').next())
                .map(str::trim)
                .filter(|k| !k.is_empty() && !k.starts_with('$'))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The type a body names itself with `@odata.type`.
pub fn body_type_of(body: &Body) -> Option<TypeRef> {
    let t = body.json.as_ref()?.get("@odata.type")?.as_str()?;
    Some(TypeRef {
        name: qualify(t),
        collection: false,
    })
}

/// `example` blocks with a type: notification payloads and the like.
fn lower_examples(page: &Page, facts: &mut PageFacts, sink: &mut Sink) {
    for b in &page.blocks {
        if block_type(b) != Some(BlockType::Example) {
            continue;
        }
        let Some(a) = b.annotation.as_ref() else {
            continue;
        };
        let Some(t) = &a.odata_type else { continue };
        let ty = TypeRef {
            name: qualify(t),
            collection: a.is_collection,
        };
        let body = if b.lang == "http" {
            match http::parse(&b.text, b.line + 1, sink) {
                Some(Message::Request(r)) => r.body,
                Some(Message::Response(r)) => r.body,
                None => None,
            }
        } else {
            let read = crate::parse::json::parse(&b.text);
            for f in &read.forgiven {
                sink.warn(
                    b.line + f.line,
                    f.col,
                    "body-json",
                    format!("example is not strict JSON: {}", f.what),
                );
            }
            let strict = read.is_strict();
            Some(Body {
                line: b.line + 1,
                text: b.text.clone(),
                json: read.value,
                strict,
            })
        };
        if let Some(body) = body {
            facts.examples.push(ExampleFact { ty, body });
        }
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
