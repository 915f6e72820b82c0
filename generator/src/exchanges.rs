//! The documented request/response pairs, carried from the page facts into the IR
//! ([`Ir::exchanges`]): what a mock server answers with and a replay test sends.

use crate::doc::Body;
use crate::ir::{Exchange, Ir, Message};
use crate::lower::PageFacts;
use crate::route;
use std::collections::HashMap;

/// Every page's exchanges, with the (method, route identity) of the operation fact that
/// holds them, in page order.
pub(crate) fn collect(pages: &[PageFacts]) -> Vec<((String, String), Exchange)> {
    let mut out = Vec::new();
    for page in pages {
        for op in &page.operations {
            let key = identity(&op.method, &op.path);
            for e in &op.exchanges {
                let request = Message {
                    method: Some(e.request.method.clone()),
                    url: Some(e.request.url.clone()),
                    headers: e.request.headers.clone(),
                    ..body(e.request.body.as_ref())
                };
                let response = e.response.as_ref().map(|r| Message {
                    status: Some(r.status),
                    headers: r.headers.clone(),
                    ty: e.response_type.clone(),
                    ..body(r.body.as_ref())
                });
                out.push((
                    key.clone(),
                    Exchange {
                        operation: None,
                        source: format!("{}:{}", page.path, e.line),
                        name: e.name.clone(),
                        request,
                        response,
                    },
                ));
            }
        }
    }
    out
}

/// Names each exchange's operation in the merged IR and stores them.
pub(crate) fn attach(ir: &mut Ir, found: Vec<((String, String), Exchange)>) {
    let mut names: HashMap<(String, String), &str> = HashMap::new();
    for o in &ir.operations {
        for p in std::iter::once(&o.path).chain(&o.aliases) {
            names.entry(identity(&o.method, p)).or_insert(&o.name);
        }
    }
    let exchanges = found
        .into_iter()
        .map(|(key, mut e)| {
            e.operation = names.get(&key).map(|n| n.to_string());
            e
        })
        .collect();
    ir.exchanges = exchanges;
}

fn identity(method: &str, path: &str) -> (String, String) {
    (
        method.to_ascii_uppercase(),
        route::identity(&route::parse(path).0).0,
    )
}

fn body(b: Option<&Body>) -> Message {
    let Some(b) = b else {
        return Message::default();
    };
    match &b.json {
        Some(json) => Message {
            json: Some(json.clone()),
            ..Message::default()
        },
        None if b.text.trim().is_empty() => Message::default(),
        None => Message {
            text: Some(b.text.clone()),
            ..Message::default()
        },
    }
}
