//! The routes a page lists in its HTTP request section, and how examples attach to them.

use super::block_type;
use super::facts::{ParameterFact, PropertyFact, TypeRef};
use super::operations::split_url;
use crate::diag::Sink;
use crate::doc::{BlockType, Page};
use crate::ir::ParameterIn;
use crate::route::{self, Segment};

/// One route template the page lists: `GET /users/{id | userPrincipalName}/messages`.
#[derive(Debug, Clone)]
pub(super) struct Template {
    pub method: String,
    pub segments: Vec<Segment>,
    pub line: usize,
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Every `METHOD URL` line of the http-request section, normalized.
pub(super) fn templates(page: &Page, sink: &mut Sink) -> Vec<Template> {
    let mut out: Vec<Template> = Vec::new();
    for b in page.blocks.iter().filter(|b| {
        b.section.within("http-request") && matches!(block_type(b), None | Some(BlockType::Ignored))
    }) {
        for (n, line) in b.text.lines().enumerate() {
            let Some((method, url)) = line.trim().split_once(char::is_whitespace) else {
                continue;
            };
            let method = method.to_ascii_uppercase();
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let path = split_url(url.trim()).0;
            let (mut segments, _) = route::parse(&path);
            if route::generalize(&mut segments) {
                sink.warn(
                    b.line,
                    1,
                    "concrete-id",
                    format!("URL template `{path}` holds concrete ids; read them as keys"),
                );
            }
            route::normalize(&mut segments);
            let key = route::identity(&segments).0;
            if !out
                .iter()
                .any(|t| t.method == method && route::identity(&t.segments).0 == key)
            {
                out.push(Template {
                    method,
                    segments,
                    line: b.line + 1 + n,
                });
            }
        }
    }
    out
}

/// The normalized path an example calls: the template it fits, else its own path with
/// sample ids read as keys (`false`: no template fits).
pub(super) fn example_route(
    method: &str,
    url: &str,
    templates: &[Template],
) -> (Vec<Segment>, Vec<Option<String>>, bool) {
    let (path, _) = split_url(url);
    let (mut segments, samples) = route::parse(&path);
    if let Some(t) = templates
        .iter()
        .find(|t| t.method == method && route::fits(&t.segments, &segments))
    {
        return (t.segments.clone(), samples, true);
    }
    route::generalize(&mut segments);
    route::normalize(&mut segments);
    (segments, samples, false)
}

/// The route's own parameters: keys, then function arguments typed by the page's
/// function-parameter table (`rows`), the quotes the docs write, or the sample value.
pub(super) fn route_parameters(segments: &[Segment], rows: &[PropertyFact]) -> Vec<ParameterFact> {
    let mut out = Vec::new();
    for s in segments {
        match s {
            Segment::Key { name, .. } | Segment::PathKey { name, .. } => out.push(ParameterFact {
                name: name.clone(),
                location: ParameterIn::Path,
                ty: Some(string()),
                required: true,
                description: None,
            }),
            Segment::Function { args, .. } => {
                for a in args {
                    let row = rows.iter().find(|r| r.name.eq_ignore_ascii_case(&a.name));
                    let ty = row.and_then(|r| r.ty.clone()).or_else(|| {
                        Some(match (&a.quoted, &a.sample) {
                            (true, _) | (false, None) => string(),
                            (false, Some(v)) => sample_type(v),
                        })
                    });
                    out.push(ParameterFact {
                        name: a.name.clone(),
                        location: ParameterIn::Path,
                        ty,
                        required: true,
                        description: row.and_then(|r| r.description.clone()),
                    });
                }
            }
            Segment::Literal(_) => {}
        }
    }
    out
}

fn string() -> TypeRef {
    TypeRef {
        name: "Edm.String".to_string(),
        collection: false,
    }
}

/// The type an unquoted sample argument shows: `640` → `Int32`, `true` → `Boolean`.
fn sample_type(v: &str) -> TypeRef {
    let name = if v == "true" || v == "false" {
        "Edm.Boolean"
    } else if v.parse::<i32>().is_ok() {
        "Edm.Int32"
    } else if v.parse::<i64>().is_ok() {
        "Edm.Int64"
    } else if v.parse::<f64>().is_ok() {
        "Edm.Double"
    } else {
        crate::notation::string_value_type(v)
    };
    TypeRef {
        name: name.to_string(),
        collection: false,
    }
}
