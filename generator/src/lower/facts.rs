//! The facts one page states about the API: what `lower` produces and `infer` merges.

use crate::doc::{Body, HttpRequest, HttpResponse};
use crate::ir::{Kind, Member, ParameterIn};

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
    /// The type cell's text when the vocabulary could not read it (`Строка` read with the
    /// English rows only): `infer` learns what such a text means from the pages whose JSON
    /// types the same cell text.
    pub unread: Option<String>,
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
    /// Types the page's introduction links to (resource pages): base candidates.
    pub linked: Vec<String>,
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
    /// Request content types documented beside the JSON body (`text/plain` MIME).
    pub alternative_content_types: Vec<String>,
    pub response: Option<ResponseFact>,
    pub line: usize,
    /// Every documented request of this operation with the response paired to it.
    pub exchanges: Vec<Exchange>,
    /// For a route only an example shows (no template on its page fits it): the example's
    /// path as written, so that another page's template can claim it.
    pub untemplated: Option<String>,
}

/// One documented request and its response, as the page shows them.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub name: Option<String>,
    pub line: usize,
    pub request: HttpRequest,
    pub response: Option<HttpResponse>,
    /// The type the response's annotation (or the page's Response section) names.
    pub response_type: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ResponseFact {
    pub status: u16,
    pub ty: Option<TypeRef>,
    pub body: Option<Body>,
    /// The type the page's Response section links (`a collection of [attachment](…)`): when
    /// the example's type derives from it, the operation answers this base.
    pub link: Option<TypeRef>,
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
    /// The page's product area (`ms.prod`), normalized.
    pub area: Option<String>,
    /// The page's `Namespace:` line when it names a namespace other than `microsoft.graph`
    /// (`microsoft.graph.callRecords`): bare names on the page live there.
    pub namespace: Option<String>,
    pub types: Vec<TypeFact>,
    pub operations: Vec<OperationFact>,
    pub examples: Vec<ExampleFact>,
    pub counts: Counts,
    /// Type cells the vocabulary could not read beside the type the page's JSON gives the
    /// same property: (lower-cased cell text, JSON type). `infer` learns words from them.
    pub word_evidence: Vec<(String, TypeRef)>,
    /// The page's permissions tables, read (see `lower::permissions`): every operation of
    /// the page needs what they say.
    pub permissions: Vec<crate::ir::PermissionSet>,
}

/// What was found and what became of it, for `docgen stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub blocks: std::collections::BTreeMap<String, usize>,
    pub requests_to_operations: usize,
    /// `METHOD URL` lines of HTTP request sections (each a route template).
    pub route_templates: usize,
    /// Each listed template's (method, route identity), to tell whether it became an operation.
    #[serde(skip)]
    pub route_template_keys: std::collections::BTreeSet<(String, String)>,
    /// Listed lines that are no route (a typo with several readings), reported.
    pub route_templates_broken: usize,
    /// Listed lines holding sample values where keys belong: (method, path as written).
    #[serde(skip)]
    pub route_template_samples: std::collections::BTreeSet<(String, String)>,
    /// The normalized text of every path a page marks keys in (templates, and requests where
    /// `{…}`, `('…')`, `root:/…:` or the annotation's `sampleKeys` mark them).
    #[serde(skip)]
    pub route_marks: std::collections::BTreeSet<String>,
    /// Requests to a URL the service hands out (`"opaqueUrl": true`): no route.
    pub opaque_requests: usize,
    pub responses_paired: usize,
    pub responses_unpaired: usize,
    pub resources_to_types: usize,
    pub tables: std::collections::BTreeMap<String, usize>,
    /// Sections holding tables of no known kind, by section key.
    pub other_table_sections: std::collections::BTreeMap<String, usize>,
    /// Pages holding a permissions table, whether or not it could be read.
    #[serde(skip)]
    pub permission_table_pages: std::collections::BTreeSet<String>,
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
        self.route_templates += other.route_templates;
        self.route_template_keys
            .extend(other.route_template_keys.iter().cloned());
        self.route_templates_broken += other.route_templates_broken;
        self.route_template_samples
            .extend(other.route_template_samples.iter().cloned());
        self.route_marks.extend(other.route_marks.iter().cloned());
        self.opaque_requests += other.opaque_requests;
        self.responses_paired += other.responses_paired;
        self.responses_unpaired += other.responses_unpaired;
        self.resources_to_types += other.resources_to_types;
        self.permission_table_pages
            .extend(other.permission_table_pages.iter().cloned());
        for (k, v) in &other.other_table_sections {
            *self.other_table_sections.entry(k.clone()).or_default() += v;
        }
    }
}
