//! The shapes of operations once every page is merged: which page describes a route,
//! what raw routes answer, and what an update sends.

use super::diag;
use crate::diag::{Diagnostic, Severity};
use crate::ir::{Kind, Operation, OperationBody, Response, Type, UNTYPED};
use crate::route::{self, Segment};
use std::collections::HashMap;

/// Whether the page is about the route's resource: its file name (`message-update.md`,
/// `user-list-messages.md`, `drive-get.md`) names the route's last named segment or
/// function (`messages`, `message`, `createReply`). File names are the same in every
/// language. An extension's or a derived type's page that lists the route is not.
pub(super) fn about(page: &str, segments: &[Segment]) -> bool {
    let stem = page
        .rsplit('/')
        .next()
        .unwrap_or(page)
        .trim_end_matches(".md")
        .to_ascii_lowercase();
    let resource = segments.iter().rev().find_map(|s| match s {
        Segment::Literal(t) if !t.starts_with('$') && !t.contains('.') => {
            Some(t.to_ascii_lowercase())
        }
        Segment::Function { name, .. } if !name.contains('.') => Some(name.to_ascii_lowercase()),
        _ => None,
    });
    let Some(resource) = resource else {
        return false;
    };
    let singular = route::singular(&resource).to_ascii_lowercase();
    stem.split(['-', '_'])
        .any(|w| w == resource || w == singular)
}

/// The description of a merged operation: from a page about its resource that lists the
/// route in its HTTP request section, else one about its resource, else one listing it,
/// else the first that has one (`parts` is in the merge's order).
pub(super) fn description(
    parts: &[(String, Vec<Segment>, Operation)],
    ranks: &HashMap<String, (bool, bool)>,
) -> Option<String> {
    parts
        .iter()
        .enumerate()
        .filter_map(|(i, (source, _, o))| {
            let d = o.description.clone()?;
            let (about, listed) = ranks.get(source).copied().unwrap_or_default();
            Some(((!(about && listed), !about, !listed, i), d))
        })
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, d)| d)
}

/// The last segment of a route that answers raw content or a count instead of JSON.
fn last_literal(path: &str) -> Option<String> {
    match route::parse(path).0.last() {
        Some(Segment::Literal(t)) => Some(t.clone()),
        _ => None,
    }
}

/// Settles what raw routes answer and what updates send:
/// - a GET of `$value` or `/content` answers the bytes of the media (`Edm.Stream`),
///   whatever the example shows (a `302` to a download URL, which the client follows, or
///   an example annotated with the entity the media belongs to); a PUT or PATCH of them
///   sends bytes;
/// - a GET of `$count` answers an integer;
/// - an update (PATCH) or replacement (PUT) sends the resource's model, every member
///   optional, only what is set going on the wire; the members the page lists as
///   updatable stay on the body for the doc comment.
pub(super) fn settle(ops: &mut [Operation], types: &[Type], diagnostics: &mut Vec<Diagnostic>) {
    let by_name: HashMap<&str, &Type> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    // Direct derived types of each type, and per resource the names its updates may send
    // (computed once per resource, so many updates of one resource stay linear).
    let mut children: HashMap<&str, Vec<&Type>> = HashMap::new();
    for t in types {
        if let Some(b) = t.base.as_deref() {
            children.entry(b).or_default().push(t);
        }
    }
    let mut sendable: HashMap<String, std::collections::HashSet<&str>> = HashMap::new();
    // What a GET of each path answers: an update's body is that resource.
    let gets: HashMap<String, String> = ops
        .iter()
        .filter(|o| o.method == "GET")
        .filter_map(|o| {
            let r = o.response.as_ref()?;
            let t = r.ty.clone()?;
            (!r.collection).then(|| (o.path.clone(), t))
        })
        .collect();
    for op in ops.iter_mut() {
        let last = last_literal(&op.path);
        match (op.method.as_str(), last.as_deref()) {
            ("GET", Some("$value" | "content")) => {
                op.response = Some(Response {
                    status: 200,
                    ty: Some("Edm.Stream".to_string()),
                    collection: false,
                });
                continue;
            }
            ("GET", Some("$count")) => {
                op.response = Some(Response {
                    status: 200,
                    ty: Some("Edm.Int64".to_string()),
                    collection: false,
                });
                continue;
            }
            // The media's bytes go up, whether or not this route has an example of its own.
            ("PATCH" | "PUT", Some("$value" | "content")) => {
                op.body.get_or_insert_with(|| crate::ir::OperationBody {
                    ty: Some("Edm.Stream".to_string()),
                    collection: false,
                    properties: Vec::new(),
                });
                continue;
            }
            ("PATCH" | "PUT", _) => {}
            _ => continue,
        }
        if op
            .body
            .as_ref()
            .is_some_and(|b| b.ty.as_deref() == Some("Edm.Stream") || b.collection)
        {
            continue;
        }
        let own = op
            .response
            .as_ref()
            .filter(|r| !r.collection)
            .and_then(|r| r.ty.clone());
        // The update's own answer (from the page about the resource, which merges first),
        // else what a GET of the path answers; never the root `entity`, which says nothing.
        let candidates: Vec<String> = own
            .into_iter()
            .chain(gets.get(&op.path).cloned())
            .filter(|t| t != ROOT_ENTITY)
            .filter(|t| {
                by_name
                    .get(t.as_str())
                    .is_some_and(|t| t.kind != Kind::Enum)
            })
            .collect();
        let names: Vec<&str> = op
            .body
            .iter()
            .flat_map(|b| &b.properties)
            .map(|p| p.name.as_str())
            .filter(|n| !n.starts_with('@'))
            .collect();
        let has_all = |t: &String| {
            let own = members(&by_name, t);
            names.iter().all(|n| own.contains(n))
        };
        let Some(resource) = candidates
            .iter()
            .find(|t| has_all(t))
            .or(candidates.first())
            .cloned()
        else {
            continue;
        };
        let listed = match op.body.take() {
            Some(b) if b.ty.is_none() => b.properties,
            Some(b) => {
                if let Some(t) = b.ty.as_deref().filter(|t| *t != resource && *t != UNTYPED) {
                    if !derives(&by_name, t, &resource) {
                        diagnostics.push(diag(&op.source, Severity::Warning, "update-body", format!("`{} {}` is documented with a `{t}` body; it sends the resource's model `{resource}`", op.method, op.path)));
                    }
                }
                b.properties
            }
            None => Vec::new(),
        };
        // Rows that neither the model nor a type derived from it has cannot be sent.
        let everywhere = sendable
            .entry(resource.clone())
            .or_insert_with(|| with_derived(&by_name, &children, &resource));
        let unknown: Vec<&str> = listed
            .iter()
            .map(|p| p.name.as_str())
            .filter(|n| !n.starts_with('@') && !everywhere.contains(n))
            .collect();
        if !unknown.is_empty() {
            diagnostics.push(diag(&op.source, Severity::Warning, "update-body", format!("`{} {}` lists {} as updatable, which `{resource}` and the types derived from it do not have; they can be sent only as unknown members", op.method, op.path, unknown.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))));
        }
        op.body = Some(OperationBody {
            ty: Some(resource),
            collection: false,
            properties: listed,
        });
    }
}

const ROOT_ENTITY: &str = "microsoft.graph.entity";

/// The property names of a type with its bases'.
fn members<'a>(types: &HashMap<&str, &'a Type>, ty: &str) -> std::collections::HashSet<&'a str> {
    let mut out = std::collections::HashSet::new();
    let mut cur = types.get(ty);
    for _ in 0..32 {
        let Some(t) = cur else { break };
        out.extend(t.properties.iter().map(|p| p.name.as_str()));
        cur = t.base.as_deref().and_then(|b| types.get(b));
    }
    out
}

/// The property names of a type, its bases and every type derived from it.
fn with_derived<'a>(
    by_name: &HashMap<&str, &'a Type>,
    children: &HashMap<&str, Vec<&'a Type>>,
    ty: &str,
) -> std::collections::HashSet<&'a str> {
    let mut out = members(by_name, ty);
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut stack: Vec<&'a Type> = children.get(ty).cloned().unwrap_or_default();
    while let Some(t) = stack.pop() {
        if !seen.insert(t.name.as_str()) {
            continue;
        }
        out.extend(t.properties.iter().map(|p| p.name.as_str()));
        stack.extend(children.get(t.name.as_str()).into_iter().flatten().copied());
    }
    out
}

/// Whether `ty` is `base` or derives from it.
fn derives(types: &HashMap<&str, &Type>, ty: &str, base: &str) -> bool {
    let mut cur = Some(ty.to_string());
    for _ in 0..32 {
        match cur {
            Some(c) if c == base => return true,
            Some(c) => cur = types.get(c.as_str()).and_then(|t| t.base.clone()),
            None => return false,
        }
    }
    false
}
