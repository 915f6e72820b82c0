//! What a page's routes answer when the page shows only some of them.
//!
//! A page lists several routes of one operation (`/me/drive`, `/groups/{group-id}/drive`,
//! `/drives/{drive-id}`) and answers one of its examples; the others answer the same type.
//! Each route without a typed answer takes the typed answer of the page's other routes of
//! the same method and shape (single or collection).

use super::facts::{OperationFact, ResponseFact, TypeRef};
use crate::route::{self, Segment};

/// Whether the route ends in a key (`/drives/{drive-id}`), which addresses one item.
fn ends_in_key(path: &str) -> bool {
    matches!(
        route::parse(path).0.last(),
        Some(Segment::Key { .. } | Segment::PathKey { .. })
    )
}

/// Gives every GET of the page without a typed response the typed response of its
/// sibling of the same shape: the one whose path ends the same way (in a key or not),
/// else the only typed shape the page has. A page that types no example answers with the
/// type its Response section links, for the routes ending in a key (one item).
pub(super) fn inherit_responses(ops: &mut [OperationFact], link: Option<&TypeRef>) {
    let typed: Vec<(String, bool, ResponseFact)> = ops
        .iter()
        .filter(|o| o.method.eq_ignore_ascii_case("GET"))
        .filter_map(|o| {
            let r = o.response.as_ref()?;
            r.ty.as_ref()?;
            // The type and status only: the example body stays with its own route.
            let r = ResponseFact {
                body: None,
                ..r.clone()
            };
            Some((o.path.clone(), ends_in_key(&o.path), r))
        })
        .collect();
    if typed.is_empty() {
        let Some(link) = link else { return };
        for o in ops.iter_mut().filter(|o| {
            o.method.eq_ignore_ascii_case("GET")
                && o.response.as_ref().is_none_or(|r| r.ty.is_none())
                && ends_in_key(&o.path)
        }) {
            o.response = Some(ResponseFact {
                status: o.response.as_ref().map_or(200, |r| r.status),
                ty: Some(link.clone()),
                body: None,
                link: None,
            });
        }
        return;
    }
    let shapes = |collection: bool| {
        typed
            .iter()
            .filter(|(_, _, r)| r.ty.as_ref().is_some_and(|t| t.collection) == collection)
            .count()
    };
    let one_shape = shapes(true) == 0 || shapes(false) == 0;
    // Looked up once, so a page listing many routes stays linear.
    let first = |key: Option<bool>| {
        typed
            .iter()
            .find(|(p, k, _)| key.is_none_or(|key| *k == key) && !is_raw(p))
            .map(|(_, _, r)| r.clone())
    };
    let (by_key, by_name, any) = (first(Some(true)), first(Some(false)), first(None));
    for o in ops.iter_mut() {
        if !o.method.eq_ignore_ascii_case("GET")
            || o.response
                .as_ref()
                .is_some_and(|r| r.ty.is_some() || r.body.is_some())
            || is_raw(&o.path)
        {
            continue;
        }
        let same = if ends_in_key(&o.path) {
            &by_key
        } else {
            &by_name
        };
        let found = same.as_ref().or(any.as_ref().filter(|_| one_shape));
        if let Some(r) = found {
            o.response = Some(r.clone());
        }
    }
}

/// `$value`, `/content`, `$count`: routes whose answer is not the resource's JSON.
fn is_raw(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    matches!(last, "$value" | "content" | "$count")
}

/// The media type a request example declares, lower-cased, without parameters.
fn content_type(req: &crate::doc::HttpRequest) -> Option<String> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
}

/// Whether the request sends MIME content (`Content-Type: text/plain`, a body that is not
/// JSON) rather than a JSON object.
fn is_mime(req: &crate::doc::HttpRequest) -> bool {
    content_type(req).as_deref() == Some("text/plain")
        && req.body.as_ref().is_none_or(|b| b.json.is_none())
}

/// An operation documented both with a JSON contract (a parameter table, a JSON body or a
/// request without a body) and with MIME content (`createReply`, `reply`, `sendMail`): the
/// MIME requests are an alternative content type, a method of their own, and give the
/// JSON body neither its type nor its examples. Routes the page only lists follow the
/// route whose examples decided (the first of their method, as `lower` gives them their
/// body). An operation documented with MIME content alone (a file upload) keeps it as its
/// body.
pub(super) fn split_media(ops: &mut [OperationFact], body_link: Option<&TypeRef>) {
    let mut decided: Vec<(String, Option<TypeRef>)> = Vec::new();
    for o in ops.iter_mut() {
        let mime: Vec<usize> = o
            .exchanges
            .iter()
            .filter(|e| is_mime(&e.request))
            .map(|e| e.line)
            .collect();
        let json = !o.body_properties.is_empty()
            || o.exchanges.iter().any(|e| {
                !is_mime(&e.request) && e.request.body.as_ref().is_none_or(|b| b.json.is_some())
            });
        if mime.is_empty() || !json {
            continue;
        }
        let mime_bodies: std::collections::HashSet<usize> = o
            .exchanges
            .iter()
            .filter(|e| is_mime(&e.request))
            .filter_map(|e| e.request.body.as_ref().map(|b| b.line))
            .collect();
        o.body_examples.retain(|b| !mime_bodies.contains(&b.line));
        if o.body_examples.is_empty() {
            // The type came from the MIME request's annotation, if from anything.
            o.body_type = body_link.cloned();
        }
        o.alternative_content_types = vec!["text/plain".to_string()];
        if !decided.iter().any(|(m, _)| *m == o.method) {
            decided.push((o.method.clone(), o.body_type.clone()));
        }
    }
    for o in ops.iter_mut().filter(|o| o.exchanges.is_empty()) {
        if let Some((_, ty)) = decided.iter().find(|(m, _)| *m == o.method) {
            o.body_type = ty.clone().or_else(|| body_link.cloned());
            o.alternative_content_types = vec!["text/plain".to_string()];
        }
    }
}
