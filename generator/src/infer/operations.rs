//! Operations: one per (HTTP method, normalized path template), merged from every page
//! and every example that documents it.
//!
//! Pages contribute in the order of their paths, whatever order they were read in, so the
//! result does not depend on it. Evidence merges: query parameters and headers are united,
//! body and response types become their nearest common base (an `Any*` enum in the client
//! when the base has derived types), and a disagreement that cannot merge is a diagnostic
//! naming both pages.

use super::templates::{self, Templates};
use super::{diag, Merger};
use crate::diag::Severity;
use crate::ir::{
    Operation, OperationBody, Parameter, ParameterIn, Property, Response, Type, UNTYPED,
};
use crate::lower::{OperationFact, PageFacts};
use crate::route::{self, Segment};
use std::collections::{BTreeMap, HashMap};

pub(super) fn merge(m: &mut Merger, pages: &[PageFacts], types: &[Type]) -> Vec<Operation> {
    let bases: HashMap<&str, &str> = types
        .iter()
        .filter_map(|t| Some((t.name.as_str(), t.base.as_deref()?)))
        .collect();
    // (method, identity) → contributions, each (whether an example shows it, how many
    // operations its page documents, source, segments as written, operation).
    type Part = (bool, usize, String, Vec<Segment>, Operation);
    let mut groups: BTreeMap<(String, String), Vec<Part>> = BTreeMap::new();
    // Per contribution (by source): whether its page is about the route's resource, and
    // whether the page lists the route in its HTTP request section (see `shapes::description`).
    let mut ranks: HashMap<String, (bool, bool)> = HashMap::new();
    // Every page's templates, for the examples whose own page has none that fits.
    let mut templates = Templates::default();
    for op in pages.iter().flat_map(|p| &p.operations) {
        if op.untemplated.is_none() {
            templates.add(&op.method.to_ascii_uppercase(), &route::parse(&op.path).0);
        }
    }
    for page in pages {
        for op in &page.operations {
            let source = format!("{}:{}", page.path, op.line);
            let method = op.method.to_ascii_uppercase();
            let mut one = single(m, &bases, op, &source);
            one.area = page.area.clone();
            let claimed = op
                .untemplated
                .as_deref()
                .and_then(|raw| templates::claim(&templates, &method, raw));
            let segments = match claimed {
                // The template names the path's parameters; the example's guesses go.
                Some(t) => {
                    one.parameters.retain(|p| p.location != ParameterIn::Path);
                    t
                }
                None => {
                    if let Some(raw) = op
                        .untemplated
                        .as_deref()
                        .filter(|r| templates::needs_template(r))
                    {
                        // A key only a template could mark: inventing one would invent
                        // a route. Its bodies stay examples of their types.
                        m.diagnostics.push(diag(
                            &source,
                            Severity::Warning,
                            "concrete-value",
                            format!(
                                "request path `{raw}` holds sample values where keys belong and no page lists a template for it; it makes no operation"
                            ),
                        ));
                        continue;
                    }
                    route::parse(&op.path).0
                }
            };
            let (key, _) = route::identity(&segments);
            ranks.insert(
                source.clone(),
                (
                    super::shapes::about(&page.path, &segments),
                    op.untemplated.is_none(),
                ),
            );
            groups.entry((method, key)).or_default().push((
                !op.exchanges.is_empty(),
                page.operations.len(),
                source,
                segments,
                one,
            ));
        }
    }
    let mut out = Vec::new();
    for ((method, _), mut parts) in groups {
        // Pages whose examples call the route are the strongest evidence of its body and
        // response; a route a page only lists borrows them from that page's other routes.
        // When no example calls it, the pages written for fewest operations decide, each
        // of body and response among the pages that type one: a page listing the route
        // among many (`$expand` of extended properties on messages, events, calendars,
        // contacts…) shows one resource's answer for all of them, and merging it in made
        // `calendar`'s answer `entity`, whose `Any*` enum brought every entity type of the
        // API into a selection of mail.
        // Among them, a page about the route's resource before one that only mentions it
        // (`eventmessage-update.md` on a message's route, an extension's page on messages).
        let about = |p: &Part| ranks.get(&p.2).is_some_and(|r| r.0);
        parts.sort_by(|a, b| (!a.0, !about(a), &a.2).cmp(&(!b.0, !about(b), &b.2)));
        let shown = parts.iter().any(|p| p.0);
        let fewest =
            |says: fn(&Operation) -> bool| parts.iter().filter(|p| says(&p.4)).map(|p| p.1).min();
        let fewest_body = fewest(|op| op.body.as_ref().is_some_and(typed_body));
        let fewest_response = fewest(|op| op.response.as_ref().is_some_and(|r| r.ty.is_some()));
        let mut pages: Vec<String> = parts.iter().map(|p| p.2.clone()).collect();
        pages.sort();
        let parts = parts
            .into_iter()
            .map(|(e, count, source, segs, mut op)| {
                let typed = op.body.as_ref().is_some_and(typed_body);
                let drop_body = if shown {
                    !e
                } else {
                    fewest_body.is_some_and(|f| count > f || !typed)
                };
                let drop_response = if shown {
                    !e
                } else {
                    fewest_response.is_some_and(|f| count > f)
                };
                if drop_body {
                    op.body = None;
                }
                if drop_response {
                    op.response = None;
                }
                (source, segs, op)
            })
            .collect();
        out.push(combine(m, &bases, method, parts, pages, &ranks));
    }
    out.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    out
}

/// Whether a body says what it holds: a named type other than any JSON, or properties.
fn typed_body(b: &crate::ir::OperationBody) -> bool {
    !b.properties.is_empty() || b.ty.as_deref().is_some_and(|t| t != crate::ir::UNTYPED)
}

/// One page's operation, with its types resolved.
fn single(m: &Merger, bases: &HashMap<&str, &str>, op: &OperationFact, source: &str) -> Operation {
    let parameters = op
        .parameters
        .iter()
        .map(|p| {
            let ty = p.ty.as_ref().map(|t| m.canonical_ref(t));
            Parameter {
                name: p.name.clone(),
                location: p.location,
                ty: ty
                    .as_ref()
                    .map_or_else(|| "Edm.String".to_string(), |t| t.name.clone()),
                collection: ty.is_some_and(|t| t.collection),
                required: p.required,
                description: p.description.clone(),
            }
        })
        .collect();
    let body = if !op.body_properties.is_empty() {
        Some(OperationBody {
            ty: None,
            collection: false,
            properties: op
                .body_properties
                .iter()
                .map(|p| {
                    let t = p.ty.as_ref().map(|t| m.canonical_ref(t));
                    Property {
                        name: p.name.clone(),
                        ty: t
                            .as_ref()
                            .map_or_else(|| UNTYPED.to_string(), |t| t.name.clone()),
                        collection: t.is_some_and(|t| t.collection),
                        nullable: true,
                        navigation: false,
                        description: p.description.clone(),
                        source: Some(format!("{}:{}", page_of(source), p.line))
                            .filter(|s| !s.ends_with(":0")),
                    }
                })
                .collect(),
        })
    } else if let Some(t) = op.body_type.as_ref().map(|t| m.canonical_ref(t)) {
        Some(OperationBody {
            ty: Some(t.name),
            collection: t.collection,
            properties: Vec::new(),
        })
    } else if !op.body_examples.is_empty() {
        // Bodies that are not JSON at all (file content, images) are binary streams.
        let binary = op.body_examples.iter().all(|b| b.json.is_none());
        let ty = if binary { "Edm.Stream" } else { UNTYPED };
        Some(OperationBody {
            ty: Some(ty.to_string()),
            collection: false,
            properties: Vec::new(),
        })
    } else {
        None
    };
    let response = op.response.as_ref().map(|r| {
        let mut t = r.ty.as_ref().map(|t| m.canonical_ref(t));
        // An example shows one derived type; the page says the operation answers the base.
        if let (Some(t), Some(link)) = (&mut t, r.link.as_ref().map(|l| m.canonical_ref(l))) {
            if link.name != t.name
                && common_base(bases, &t.name, &link.name).as_deref() == Some(&link.name)
            {
                t.name = link.name;
            }
        }
        let (ty, collection) = match t {
            Some(t) => (Some(t.name), t.collection),
            None if r.body.is_some() => (Some(UNTYPED.to_string()), false),
            None => (None, false),
        };
        Response {
            status: r.status,
            ty,
            collection,
        }
    });
    Operation {
        name: String::new(),
        method: op.method.to_ascii_uppercase(),
        path: op.path.clone(),
        aliases: Vec::new(),
        description: op.description.clone(),
        parameters,
        body,
        alternative_content_types: op.alternative_content_types.clone(),
        response,
        source: source.to_string(),
        area: None,
        pages: Vec::new(),
        permissions: Vec::new(),
    }
}

fn page_of(source: &str) -> &str {
    source.rsplit_once(':').map_or(source, |(p, _)| p)
}

/// Every contribution to one (method, path) merged into one operation.
fn combine(
    m: &mut Merger,
    bases: &HashMap<&str, &str>,
    method: String,
    parts: Vec<(String, Vec<Segment>, Operation)>,
    mut pages: Vec<String>,
    ranks: &HashMap<String, (bool, bool)>,
) -> Operation {
    // The path as written by a contribution that does not use the `/me` alias.
    let canonical = parts
        .iter()
        .find(|(_, s, _)| !route::identity(s).1)
        .map_or_else(|| route::unalias(&parts[0].1), |(_, s, _)| s.clone());
    let path = route::render(&canonical);
    let mut aliases: Vec<String> = parts
        .iter()
        .filter(|(_, s, _)| route::identity(s).1)
        .map(|(_, s, _)| route::render(s))
        .collect();
    aliases.sort();
    aliases.dedup();
    pages.dedup_by(|a, b| page_of(a) == page_of(b));

    let first = &parts[0];
    let mut op = Operation {
        name: format!("{method} {path}"),
        method,
        path,
        aliases,
        description: super::shapes::description(&parts, ranks),
        parameters: Vec::new(),
        body: None,
        alternative_content_types: {
            let mut v: Vec<String> = parts
                .iter()
                .flat_map(|(_, _, o)| o.alternative_content_types.iter().cloned())
                .collect();
            v.sort();
            v.dedup();
            v
        },
        response: None,
        source: pages.first().cloned().unwrap_or_else(|| first.0.clone()),
        area: first.2.area.clone(),
        pages,
        permissions: Vec::new(),
    };

    // Path parameters in the order of the merged path; then every query parameter and
    // header any contribution documents, the first description and type winning.
    let all: Vec<&Parameter> = parts.iter().flat_map(|(_, _, o)| &o.parameters).collect();
    for s in &canonical {
        let names: Vec<&str> = match s {
            Segment::Key { name, .. } | Segment::PathKey { name, .. } => vec![name.as_str()],
            Segment::Function { args, .. } => args.iter().map(|a| a.name.as_str()).collect(),
            Segment::Literal(_) => Vec::new(),
        };
        for n in names {
            let found = all
                .iter()
                .find(|p| p.location == ParameterIn::Path && p.name.eq_ignore_ascii_case(n));
            op.parameters.push(found.map_or_else(
                || Parameter {
                    name: n.to_string(),
                    location: ParameterIn::Path,
                    ty: "Edm.String".to_string(),
                    collection: false,
                    required: true,
                    description: None,
                },
                |p| Parameter {
                    name: n.to_string(),
                    ..(*p).clone()
                },
            ));
        }
    }
    for p in all.iter().filter(|p| p.location != ParameterIn::Path) {
        match op
            .parameters
            .iter_mut()
            .find(|q| q.location == p.location && q.name.eq_ignore_ascii_case(&p.name))
        {
            Some(q) => {
                if q.description.is_none() {
                    q.description = p.description.clone();
                }
            }
            None => op.parameters.push((*p).clone()),
        }
    }

    // Bodies: the first inline one, else the common base of the named types.
    let mut body_from: Option<&str> = None;
    for (source, _, o) in &parts {
        let Some(b) = &o.body else { continue };
        match (&mut op.body, body_from) {
            (None, _) => {
                op.body = Some(b.clone());
                body_from = Some(source);
            }
            (Some(cur), Some(at)) => {
                if let (Some(a), Some(bt)) = (&cur.ty, &b.ty) {
                    if a != bt {
                        match common_base(bases, a, bt) {
                            Some(base) => cur.ty = Some(base),
                            None => m.diagnostics.push(diag(
                                source,
                                Severity::Warning,
                                "operation-disagrees",
                                format!("`{} {}` takes a `{bt}` body here but a `{a}` body at {at}, and they share no base type; the body is `{a}`", op.method, op.path),
                            )),
                        }
                    }
                }
            }
            _ => {}
        }
    }

    // Responses: the common base of every documented type, except that a page about the
    // route's resource (merged first) outranks pages that only list the route: an
    // extension's page answering `openTypeExtension` for `GET /me/events/{id}` must not
    // widen the event page's `event` to `entity`.
    let about = |source: &str| ranks.get(source).is_some_and(|r| r.0);
    let mut response_from: Option<&str> = None;
    for (source, _, o) in &parts {
        let Some(r) = &o.response else { continue };
        match (&mut op.response, response_from) {
            (None, _) => {
                op.response = Some(r.clone());
                response_from = Some(source);
            }
            (Some(cur), Some(at)) => match (&cur.ty, &r.ty) {
                (None, Some(_)) => *cur = r.clone(),
                (Some(_), Some(_)) if about(at) && !about(source) => {}
                (Some(a), Some(b)) if a != b || cur.collection != r.collection => {
                    let base = (cur.collection == r.collection)
                        .then(|| common_base(bases, a, b))
                        .flatten();
                    match base {
                        Some(base) => cur.ty = Some(base),
                        None => m.diagnostics.push(diag(
                            source,
                            Severity::Warning,
                            "operation-disagrees",
                            format!(
                                "`{} {}` answers {} here but {} at {at}, and they share no base type; the response is the latter",
                                op.method, op.path, shown(r), shown(cur)
                            ),
                        )),
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    op
}

fn shown(r: &Response) -> String {
    let t = r.ty.as_deref().unwrap_or("no body");
    if r.collection {
        format!("a collection of `{t}`")
    } else {
        format!("`{t}`")
    }
}

/// The nearest type both derive from (or are), if any.
fn common_base(bases: &HashMap<&str, &str>, a: &str, b: &str) -> Option<String> {
    let chain = |start: &str| {
        let mut out = vec![start.to_string()];
        let mut cur = start;
        while let Some(next) = bases.get(cur) {
            if out.len() > 32 || out.iter().any(|t| t == next) {
                break;
            }
            out.push(next.to_string());
            cur = next;
        }
        out
    };
    let of_a = chain(a);
    chain(b).into_iter().find(|t| of_a.contains(t))
}
