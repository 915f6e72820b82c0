//! The intermediate representation: the API the docs describe, independent of Rust.
//!
//! This is the format `docgen ir` writes and other tools read; keep it stable. Type names
//! use the docs' own OData/CSDL notation: `Edm.String`, `Edm.Int32`, `Edm.DateTimeOffset`,
//! qualified `microsoft.graph.x`; `Edm.Untyped` is any JSON value. `source` is a page path
//! relative to the docs folder it was read from, with the line: `api/x.md:80`.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ir {
    pub types: Vec<Type>,
    pub operations: Vec<Operation>,
    /// Every example body whose type is known, for round-trip testing.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Every documented request with the response the docs pair with it, for replaying
    /// (`docgen-mock` answers from them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<Exchange>,
    #[serde(default, skip_deserializing)]
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Entity,
    Complex,
    Enum,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Type {
    pub name: String,
    pub kind: Kind,
    pub base: Option<String>,
    #[serde(default, rename = "abstract", skip_serializing_if = "is_false")]
    pub is_abstract: bool,
    /// Open types keep properties the docs do not list.
    #[serde(default, skip_serializing_if = "is_false")]
    pub open: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub properties: Vec<Property>,
    /// Instance annotations the docs list beside the properties
    /// (`@microsoft.graph.downloadUrl`): not properties of the type, but values a
    /// payload may carry about it. The models keep them with the unknown properties and
    /// give each an accessor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Property>,
    pub members: Vec<Member>,
    pub source: String,
    /// The product area (`ms.prod`) of the page that describes the type, normalized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub collection: bool,
    pub nullable: bool,
    pub navigation: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the property's type was stated (`resources/x.md:31`), when a page states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// `METHOD path`: the operation's identity.
    pub name: String,
    pub method: String,
    /// Normalized path template relative to the service root: keys named after the segment
    /// before them (`/users/{user-id}/messages`), function arguments after themselves
    /// (`search(q='{q}')`); `/me/...` is written `/users/{user-id}/...`.
    pub path: String,
    /// Other spellings of the route the docs list: `/me/messages`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    pub body: Option<OperationBody>,
    /// Other request content types the docs document beside the body above (`text/plain`
    /// for MIME content): each is a method of its own that sends bytes, never a
    /// replacement of the JSON body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternative_content_types: Vec<String>,
    pub response: Option<Response>,
    /// The first documenting page (in path order), with the line.
    pub source: String,
    /// The product area (`ms.prod`) of the operation's page, normalized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Every page documenting the operation, with the line, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    /// What calling it needs, from the page's permissions table: one set, or one per case
    /// when the page tells cases apart (a resource, a heading); empty when no page says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<PermissionSet>,
}

/// The permissions of one operation (or one case of it), per scheme, least privileged
/// first as the table lists them. Each entry is one way to be allowed: a permission
/// (`Mail.Read`), or a combination needing all its parts, written `A + B`. An empty list:
/// the scheme is not supported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionSet {
    /// What the set applies to when the page gives several, as the page writes it (a row
    /// label or a heading: `group calendar`, `[chatMessage] (/chats/{id}/messages)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// Delegated, work or school account.
    #[serde(default)]
    pub delegated_work: Vec<String>,
    /// Delegated, personal Microsoft account.
    #[serde(default)]
    pub delegated_personal: Vec<String>,
    #[serde(default)]
    pub application: Vec<String>,
    /// The table, as `api/x.md:40`.
    pub source: String,
}

/// The three schemes of the reference's permissions tables, in their fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    DelegatedWork,
    DelegatedPersonal,
    Application,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [
        Scheme::DelegatedWork,
        Scheme::DelegatedPersonal,
        Scheme::Application,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::DelegatedWork => "delegated-work",
            Scheme::DelegatedPersonal => "delegated-personal",
            Scheme::Application => "application",
        }
    }

    /// How the reference's tables name it (English).
    pub fn title(self) -> &'static str {
        match self {
            Scheme::DelegatedWork => "Delegated (work or school account)",
            Scheme::DelegatedPersonal => "Delegated (personal Microsoft account)",
            Scheme::Application => "Application",
        }
    }
}

impl PermissionSet {
    pub fn scheme(&self, scheme: Scheme) -> &[String] {
        match scheme {
            Scheme::DelegatedWork => &self.delegated_work,
            Scheme::DelegatedPersonal => &self.delegated_personal,
            Scheme::Application => &self.application,
        }
    }

    pub fn scheme_mut(&mut self, scheme: Scheme) -> &mut Vec<String> {
        match scheme {
            Scheme::DelegatedWork => &mut self.delegated_work,
            Scheme::DelegatedPersonal => &mut self.delegated_personal,
            Scheme::Application => &mut self.application,
        }
    }

    /// Whether the two say the same, wherever they were read.
    pub fn same_as(&self, other: &PermissionSet) -> bool {
        self.case == other.case
            && Scheme::ALL
                .iter()
                .all(|&s| self.scheme(s) == other.scheme(s))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterIn {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParameterIn,
    #[serde(rename = "type")]
    pub ty: String,
    pub collection: bool,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A request body: a named type, or the parameters of an action listed inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationBody {
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub collection: bool,
    /// Without a type, the body's members; with one (an update's resource), the members
    /// the page lists as updatable, for the doc comment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub status: u16,
    /// `None` when the response has no body; `Edm.Stream` for binary content.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub collection: bool,
}

/// A documented JSON body and the type it is an instance of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub source: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub collection: bool,
    pub json: Value,
}

/// One documented request and the response the docs pair with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// The operation (`METHOD path`, as in [`Operation::name`]) the request calls, when
    /// its route is one of the IR's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The request block's page and line: `api/x.md:80`.
    pub source: String,
    /// The example's name in its annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub request: Message,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Message>,
}

/// An HTTP message as an example shows it: a request (`method`, `url`) or a response
/// (`status`, and the type its annotation names).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// As written: absolute (`https://graph.microsoft.com/v1.0/me`) or a path, with its query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// The body read as JSON (leniently: the docs' `...` elisions are forgiven).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<Value>,
    /// The body as written, when it is not JSON (text, a URL list, binary elided).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `Edm.*` and the untyped marker.
pub fn is_primitive(ty: &str) -> bool {
    ty.starts_with("Edm.")
}

pub const UNTYPED: &str = "Edm.Untyped";

/// The reference's own type for any JSON value (`workbookRange.values`): a complex type
/// without properties in the model, any JSON value in Rust.
pub const JSON_TYPE: &str = "microsoft.graph.Json";

/// Whether the type is the reference's `Json` as its page describes it (no properties, no
/// base): the models use any JSON value for it, not a struct.
pub fn is_json_value(t: &Type) -> bool {
    t.name == JSON_TYPE && t.properties.is_empty() && t.base.is_none()
}
