//! Stateful mode: per entity set, in memory, seeded from the documented list examples.
//! POST to a collection creates (an id assigned), GET reads, PATCH merges, PUT replaces,
//! DELETE removes. An item the store never held answers from the docs, as without state.

use crate::model::{Model, Routed};
use crate::odata::{self, Paging};
use crate::request::{Incoming, Outgoing};
use crate::router::Path;
use docgen_codegen::ir::Operation;
use docgen_codegen::route::{self, Segment};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

#[derive(Default)]
struct Set {
    items: Vec<Value>,
    deleted: HashSet<String>,
}

/// The entity sets, by their concrete path (`users/me/messages`).
#[derive(Default)]
pub(crate) struct Store {
    sets: Mutex<HashMap<String, Set>>,
    next: AtomicU64,
}

/// What a route does to its entity set.
enum Shape {
    /// The route ends at a collection: segments before its end.
    Collection(usize),
    /// The route ends at an item's key: segments before its collection's end.
    Item(usize),
}

fn shape(op: &Operation) -> Option<Shape> {
    let segs = route::unalias(&route::parse(&op.path).0);
    let n = segs.len();
    match (segs.get(n.wrapping_sub(2)), segs.last()) {
        (Some(Segment::Literal(_)), Some(Segment::Key { prefix, suffix, .. }))
            if prefix.is_empty() && suffix.is_empty() =>
        {
            Some(Shape::Item(n - 1))
        }
        (_, Some(Segment::Literal(l))) if !l.contains('.') && !l.starts_with('$') => {
            Some(Shape::Collection(n))
        }
        _ => None,
    }
}

fn is_create(op: &Operation) -> bool {
    let Some(r) = &op.response else { return false };
    let (Some(rt), false) = (&r.ty, r.collection) else {
        return false;
    };
    r.status == 201 || op.body.as_ref().and_then(|b| b.ty.as_ref()) == Some(rt)
}

impl Store {
    pub(crate) fn answer(
        &self,
        model: &Model,
        routed: &Routed,
        req: &Incoming,
        base: &str,
    ) -> Option<Outgoing> {
        let op = &model.ir.operations[routed.op];
        let values: Vec<String> = routed
            .path
            .values()
            .map(|v| v.unwrap_or("").to_lowercase())
            .collect();
        let method = req.method.to_ascii_uppercase();
        match shape(op)? {
            Shape::Collection(end) => {
                let key = values[..end].join("/");
                match method.as_str() {
                    "GET" if op.response.as_ref().is_some_and(|r| r.collection) => {
                        let items = self.with_set(model, &key, |set| set.items.clone());
                        let mut body = serde_json::json!({ "value": items });
                        let paging = Paging {
                            page_size: model.options.page_size,
                            base,
                        };
                        odata::apply(req, None, &mut body, &paging);
                        Some(Outgoing::json(200, &body))
                    }
                    "POST" if is_create(op) => {
                        let Ok(Value::Object(mut item)) = serde_json::from_slice(&req.body) else {
                            return None;
                        };
                        let id = match item.get("id").and_then(Value::as_str) {
                            Some(id) => id.to_string(),
                            None => {
                                let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
                                let id = format!(
                                    "{:08x}-0000-4000-8000-{n:012x}",
                                    model.options.seed as u32
                                );
                                item.insert("id".into(), Value::String(id.clone()));
                                id
                            }
                        };
                        let item = Value::Object(item);
                        self.with_set(model, &key, |set| {
                            set.deleted.remove(&id.to_lowercase());
                            set.items.push(item.clone());
                        });
                        Some(
                            Outgoing::json(201, &item)
                                .with_header("location", format!("{base}{}/{id}", req.path)),
                        )
                    }
                    _ => None,
                }
            }
            Shape::Item(end) => {
                let key = values[..end].join("/");
                let id = values.get(end)?.clone();
                let typed = op.response.as_ref().is_some_and(|r| r.ty.is_some());
                self.with_set(model, &key, |set| {
                    let at = set
                        .items
                        .iter()
                        .position(|i| id_of(i).as_deref() == Some(&id));
                    let gone = set.deleted.contains(&id);
                    let not_found = || {
                        Outgoing::error(
                            404,
                            "ResourceNotFound",
                            format!("The item '{id}' was deleted."),
                        )
                    };
                    match (method.as_str(), at) {
                        (_, None) if gone => Some(not_found()),
                        ("GET", Some(i)) => Some(Outgoing::json(200, &set.items[i])),
                        ("PATCH", Some(i)) => {
                            let Ok(Value::Object(patch)) =
                                serde_json::from_slice::<Value>(&req.body)
                            else {
                                return None;
                            };
                            if let Value::Object(item) = &mut set.items[i] {
                                for (k, v) in patch {
                                    item.insert(k, v);
                                }
                            }
                            Some(answer_item(typed, &set.items[i]))
                        }
                        ("PUT", at) => {
                            let Ok(Value::Object(mut item)) =
                                serde_json::from_slice::<Value>(&req.body)
                            else {
                                return None;
                            };
                            let original = at.and_then(|i| set.items[i].get("id").cloned());
                            item.insert(
                                "id".into(),
                                original.unwrap_or_else(|| Value::String(id.clone())),
                            );
                            let item = Value::Object(item);
                            match at {
                                Some(i) => set.items[i] = item,
                                None => set.items.push(item),
                            }
                            let i = at.unwrap_or(set.items.len() - 1);
                            Some(answer_item(typed, &set.items[i]))
                        }
                        ("DELETE", at) => {
                            if let Some(i) = at {
                                set.items.remove(i);
                            }
                            set.deleted.insert(id.clone());
                            Some(Outgoing::empty(204))
                        }
                        _ => None,
                    }
                })
            }
        }
    }

    /// Runs `f` on the set at `key`, seeded on first use from the documented list examples.
    fn with_set<R>(&self, model: &Model, key: &str, f: impl FnOnce(&mut Set) -> R) -> R {
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        let set = sets.entry(key.to_string()).or_insert_with(|| Set {
            items: seed(model, key),
            deleted: HashSet::new(),
        });
        f(set)
    }
}

fn answer_item(typed: bool, item: &Value) -> Outgoing {
    if typed {
        Outgoing::json(200, item)
    } else {
        Outgoing::empty(204)
    }
}

fn id_of(item: &Value) -> Option<String> {
    item.get("id")
        .and_then(Value::as_str)
        .map(str::to_lowercase)
}

/// The items the docs list at `key` (a collection's path).
fn seed(model: &Model, key: &str) -> Vec<Value> {
    let path = Path::parse(&format!("/{key}"));
    let crate::router::Found::Operation { op, .. } =
        model.router.find(&model.ir.operations, "GET", &path)
    else {
        return Vec::new();
    };
    let req = Incoming {
        method: "GET".into(),
        path: format!("/{key}"),
        query: None,
        headers: Vec::new(),
        body: bytes::Bytes::new(),
        has_length: true,
    };
    let Some(e) = model.examples.closest(&model.ir, op, &path, &req) else {
        return Vec::new();
    };
    match e.response.as_ref().and_then(|r| r.json.as_ref()) {
        Some(Value::Object(map)) => match map.get("value") {
            Some(Value::Array(items)) => items.iter().filter(|i| i.is_object()).cloned().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}
