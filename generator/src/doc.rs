//! The document model: what one Markdown page says, before any API meaning is given to it.
//!
//! Everything carries its 1-based line so later stages can point back at the page.

use crate::diag::{Diagnostic, Sink};
use serde_json::Value;

/// `doc_type` from the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Api,
    Resource,
    Enum,
    Conceptual,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the docs folder it was found in, with `/` separators.
    pub path: String,
    pub kind: PageKind,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The product area the front matter names (`ms.prod`), lower-cased; `None` when empty.
    pub area: Option<String>,
    pub blocks: Vec<Block>,
    pub tables: Vec<Table>,
    pub paragraphs: Vec<Paragraph>,
}

/// The headings a thing sits under, as section keys (anchor, or slug of the heading text),
/// outermost first. Code-sample tab headings are not sections and do not appear.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionPath(pub Vec<Heading>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub key: String,
    /// Raw heading text (translated on translated pages): used only to find identifiers
    /// such as `dayOfWeek` in `### dayOfWeek values`, never to decide meaning.
    pub text: String,
    pub line: usize,
}

impl SectionPath {
    /// Whether any enclosing section has this key (or a numbered twin: `response-1`).
    pub fn within(&self, key: &str) -> bool {
        self.0.iter().any(|h| key_matches(&h.key, key))
    }

    /// Whether any enclosing section's key starts with this prefix: every `http-request…`
    /// heading (`HTTP request (to upload a new file)`), by anchor or English slug.
    pub fn within_prefix(&self, prefix: &str) -> bool {
        self.0.iter().any(|h| h.key.starts_with(prefix))
    }

    pub fn innermost(&self) -> Option<&Heading> {
        self.0.last()
    }
}

/// `request-1` and `response-2` are numbered twins of `request` and `response`.
pub fn key_matches(key: &str, wanted: &str) -> bool {
    match key.strip_prefix(wanted) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('-')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockType {
    Request,
    Response,
    Resource,
    Example,
    Ignored,
    Samples,
    SimulatedResponse,
    TestParams,
}

impl BlockType {
    pub fn parse(s: &str) -> Option<BlockType> {
        Some(match s.trim() {
            "request" => BlockType::Request,
            "response" => BlockType::Response,
            "resource" => BlockType::Resource,
            "example" => BlockType::Example,
            "ignored" => BlockType::Ignored,
            "samples" => BlockType::Samples,
            "simulatedResponse" => BlockType::SimulatedResponse,
            "testParams" => BlockType::TestParams,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BlockType::Request => "request",
            BlockType::Response => "response",
            BlockType::Resource => "resource",
            BlockType::Example => "example",
            BlockType::Ignored => "ignored",
            BlockType::Samples => "samples",
            BlockType::SimulatedResponse => "simulatedResponse",
            BlockType::TestParams => "testParams",
        }
    }
}

/// The JSON in `<!-- { "blockType": ... } -->`, with the fields the pages use.
#[derive(Debug, Clone, Default)]
pub struct Annotation {
    pub line: usize,
    pub block_type: Option<BlockType>,
    pub names: Vec<String>,
    /// `@odata.type` (or `@type`), without a leading `#` or `Collection(...)`.
    pub odata_type: Option<String>,
    pub is_collection: bool,
    pub collection_property: Option<String>,
    pub truncated: bool,
    pub optional_properties: Vec<String>,
    pub nullable_properties: Vec<String>,
    pub key_property: Option<String>,
    pub base_type: Option<String>,
    pub open_type: bool,
    pub is_abstract: bool,
    pub is_empty: bool,
    pub expect_error: bool,
    pub is_media_entity: bool,
    /// `"opaqueUrl": true`: the request goes to a URL the service handed out (an upload
    /// session's), not to a route of the API.
    pub opaque_url: bool,
    /// `sampleKeys`: the values in the request's URL that stand for keys.
    pub sample_keys: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub annotation: Option<Annotation>,
    /// Fence info string, lower-cased (`http`, `json`, ...).
    pub lang: String,
    pub text: String,
    /// Line of the opening fence; the content starts on the next line.
    pub line: usize,
    pub section: SectionPath,
    /// Whether the first line is an HTTP status line (`HTTP/1.1 200 OK`).
    pub status_line: bool,
    /// The block read as an HTTP message, for blocks that may hold one (an HTTP fence, an
    /// annotation, a request or status line): `None` inside when it holds none.
    pub http: Option<Read<Option<HttpMessage>>>,
    /// The block read as JSON, for annotated blocks that may be a resource or an example.
    pub json: Option<JsonRead>,
}

/// What `parse` read from a block, with the diagnostics reading it found: `lower` reports
/// them for the blocks it uses, so a block nobody uses reports nothing.
#[derive(Debug, Clone)]
pub struct Read<T> {
    pub value: T,
    pub diagnostics: Vec<Diagnostic>,
}

impl Block {
    /// The block's HTTP message, reporting what reading it found.
    pub fn http_message(&self, sink: &mut Sink) -> Option<HttpMessage> {
        let read = self.http.as_ref()?;
        sink.items.extend(read.diagnostics.iter().cloned());
        read.value.clone()
    }
}

/// An HTTP example block: a request or a response.
#[derive(Debug, Clone, PartialEq)]
pub enum HttpMessage {
    Request(HttpRequest),
    Response(HttpResponse),
}

/// One thing the JSON reader had to forgive, at a 1-based position within the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgiven {
    pub line: usize,
    pub col: usize,
    pub what: String,
}

/// JSON read leniently: the value, if any could be read, and every liberty taken.
#[derive(Debug, Clone)]
pub struct JsonRead {
    pub value: Option<Value>,
    pub forgiven: Vec<Forgiven>,
}

impl JsonRead {
    pub fn is_strict(&self) -> bool {
        self.value.is_some() && self.forgiven.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    /// Link destinations in the cell, in order, with the link text.
    pub links: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub line: usize,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    pub section: SectionPath,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub line: usize,
    pub text: String,
    pub links: Vec<(String, String)>,
    pub section: SectionPath,
}

/// A parsed HTTP request block.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
}

/// A parsed HTTP response block.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Line of the body's first line in the page.
    pub line: usize,
    pub text: String,
    /// The JSON read from it, if any could be read.
    pub json: Option<Value>,
    /// Whether the body was strict JSON.
    pub strict: bool,
}
