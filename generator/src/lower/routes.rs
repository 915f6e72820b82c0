//! The routes a page lists in its HTTP request section, and how examples attach to them.

use super::block_type;
use super::facts::{Counts, ExampleFact, ParameterFact, PropertyFact, TypeRef};
use super::typos::{self, Repair};
use crate::diag::Sink;
use crate::doc::{Block, BlockType, Body, HttpRequest, Page};
use crate::ir::ParameterIn;
use crate::route::{self, Segment};

/// One route template the page lists: `GET /users/{id | userPrincipalName}/messages`.
#[derive(Debug, Clone)]
pub(super) struct Template {
    pub method: String,
    pub segments: Vec<Segment>,
    pub line: usize,
    /// The path as written, when it holds sample values where keys belong
    /// (`/education/classes/acdefc6b-…/assignments`): a request for another page's template
    /// to explain rather than a template, since nothing on it marks those keys.
    pub samples: Option<String>,
    /// Listed by a request example under an HTTP request heading, not a listing block.
    pub from_request: bool,
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Whether the block lists route templates: any block under a heading whose anchor or
/// English slug starts with `http-request` (`HTTP request (to upload a new file)`), a
/// request there too (a section whose one request is its template), and every `samples`
/// block; never one whose URL is opaque (`"opaqueUrl": true`).
pub(super) fn lists_templates(b: &Block) -> bool {
    let opaque = b.annotation.as_ref().is_some_and(|a| a.opaque_url);
    !opaque
        && match block_type(b) {
            Some(BlockType::Samples) => true,
            None | Some(BlockType::Ignored | BlockType::Request) => {
                b.section.within_prefix("http-request")
            }
            _ => false,
        }
}

/// A request path repaired of its typos, each reported at `line`; `None` when a typo has
/// several readings (reported too).
pub(super) fn repaired(path: &str, line: usize, sink: &mut Sink) -> Option<String> {
    match typos::repair(path) {
        Repair::Read(fixed, fixes) => {
            if !fixes.is_empty() {
                sink.warn(
                    line,
                    1,
                    "route-typo",
                    format!("path `{path}` read as `{fixed}`: {}", fixes.join("; ")),
                );
            }
            Some(fixed)
        }
        Repair::Broken(why) => {
            sink.warn(
                line,
                1,
                "route-broken",
                format!("path `{path}` is not a route: {why}; write every segment"),
            );
            None
        }
    }
}

/// Every `METHOD URL` line of the blocks that list templates, normalized.
pub(super) fn templates(page: &Page, counts: &mut Counts, sink: &mut Sink) -> Vec<Template> {
    let mut out: Vec<Template> = Vec::new();
    // (method, normalized text) of each template kept: a page's repeats are one.
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for b in page.blocks.iter().filter(|b| lists_templates(b)) {
        for (n, line) in b.text.lines().enumerate() {
            let Some((method, url)) = line.trim().split_once(char::is_whitespace) else {
                continue;
            };
            let method = method.to_ascii_uppercase();
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            counts.route_templates += 1;
            let at = b.line + 1 + n;
            let Some(path) = repaired(&split_url(url.trim()).0, at, sink) else {
                counts.route_templates_broken += 1;
                continue;
            };
            let (mut segments, _) = route::parse(&path);
            // A template marks its keys itself. A GUID in one is a key written as a value,
            // the one reading a GUID has; any other value standing where a key belongs is
            // left for another page's template to explain.
            let mut guids = false;
            for s in segments.iter_mut().skip(1) {
                if matches!(s, Segment::Literal(t) if crate::notation::uuid_like(t)) {
                    *s = Segment::Key {
                        name: String::new(),
                        prefix: String::new(),
                        suffix: String::new(),
                    };
                    guids = true;
                }
            }
            let samples = route::generalize(&mut segments.clone()).then(|| path.clone());
            if guids || samples.is_some() {
                let read = if samples.is_some() {
                    "read as a request another page's template explains"
                } else {
                    "each GUID is read as a key"
                };
                // At the block, where the judged lint sample has it.
                sink.warn(
                    b.line,
                    1,
                    "concrete-id",
                    format!("URL template `{path}` holds concrete ids; {read}"),
                );
            }
            route::normalize(&mut segments);
            let text = route::render(&segments);
            match &samples {
                Some(raw) => {
                    counts
                        .route_template_samples
                        .insert((method.clone(), raw.clone()));
                }
                None => {
                    counts.route_marks.insert(text.clone());
                    counts
                        .route_template_keys
                        .insert((method.clone(), route::identity(&segments).0));
                }
            }
            if seen.insert((method.clone(), text)) {
                out.push(Template {
                    method,
                    segments,
                    line: at,
                    samples,
                    from_request: block_type(b) == Some(BlockType::Request),
                });
            }
        }
    }
    out
}

/// Whether a template's segments fit an example's, either written with `/me` or not.
fn fits_either(template: &[Segment], example: &[Segment]) -> Option<Vec<Segment>> {
    if route::fits(template, example) {
        return Some(template.to_vec());
    }
    let (t, e) = (route::unalias(template), route::unalias(example));
    if !route::fits(&t, &e) {
        return None;
    }
    // In the example's own spelling: `/me/...` where it uses the alias.
    Some(if e.len() > example.len() {
        let mut out = vec![example[0].clone()];
        out.extend(t.into_iter().skip(2));
        out
    } else {
        t
    })
}

/// The normalized path an example calls: the template it fits, else its own path as
/// written (`false`: no template fits; another page's may).
pub(super) fn example_route(
    method: &str,
    path: &str,
    templates: &[Template],
) -> (Vec<Segment>, Vec<Option<String>>, bool) {
    let (mut segments, samples) = route::parse(path);
    if let Some(t) = templates
        .iter()
        .filter(|t| t.method == method && t.samples.is_none())
        .find_map(|t| fits_either(&t.segments, &segments))
    {
        return (t, samples, true);
    }
    route::normalize(&mut segments);
    (segments, samples, false)
}

/// The typed JSON body of a request or response that makes no route: still an example
/// of its type.
pub(super) fn example_of(ty: Option<TypeRef>, body: Option<Body>) -> Option<ExampleFact> {
    let (ty, body) = (ty?, body?);
    body.json.is_some().then_some(ExampleFact { ty, body })
}

/// The path with each whole segment the request's annotation names a sample value
/// (`"sampleKeys": ["Com.Contoso.Referral"]`) written as a key: the page marks it.
pub(super) fn mark_sample_keys(path: &str, sample_keys: &[String]) -> String {
    if sample_keys.is_empty() {
        return path.to_string();
    }
    let keys: std::collections::HashSet<&str> = sample_keys.iter().map(String::as_str).collect();
    path.split('/')
        .map(|seg| if keys.contains(seg) { "{}" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
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
        // `/V1.0/teams`: some pages capitalize the version.
        let head = path
            .get(..version.len())
            .filter(|h| h.eq_ignore_ascii_case(version));
        if let Some(rest) = head.map(|h| path[h.len()..].to_string()) {
            let rest = rest.as_str();
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

/// Query option names the example uses (`$select`, `$filter`...).
pub(super) fn query_names(req: &HttpRequest) -> Vec<String> {
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
