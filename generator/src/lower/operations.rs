//! API pages: operations from URL templates, request and response examples, and tables.

use super::block_type;
use super::facts::*;
use super::is_identifier;
use super::routes::{self, query_names, split_url};
use super::tables::*;
use super::type_cells::*;
use crate::diag::Sink;
use crate::doc::HttpMessage as Message;
use crate::doc::{BlockType, Body, Page};
use crate::ir::ParameterIn;
use crate::route;
use crate::vocab;
use serde_json::Value;

pub(super) fn lower_operations(page: &Page, facts: &mut PageFacts, sink: &mut Sink) {
    // Route templates from the http-request section (often an `ignored` block).
    let templates = routes::templates(page, &mut facts.counts, sink);
    let mut params = Vec::new();
    let mut body_properties = Vec::new();
    let mut unnamed_body_rows = Vec::new();
    for table in &page.tables {
        let kind = table_kind(table);
        let location = match kind {
            // Path parameters come from the route itself, named the normalized way.
            TableKind::PathParameters => continue,
            TableKind::QueryParameters => ParameterIn::Query,
            TableKind::RequestHeaders => ParameterIn::Header,
            TableKind::RequestBody => {
                // Pages may repeat a parameter in several tables (one per example or variant).
                let (rows, unnamed) = property_rows_with_unnamed(table, false, sink);
                for row in rows {
                    if !body_properties
                        .iter()
                        .any(|p: &PropertyFact| p.name == row.name)
                    {
                        body_properties.push(row);
                    }
                }
                unnamed_body_rows.extend(unnamed);
                continue;
            }
            _ => continue,
        };
        let cols = columns(table);
        for row in &table.rows {
            let Some(name) = cell_text(row, cols.name).and_then(name_cell) else {
                continue;
            };
            // Headers the client always sends itself (the transport computes Content-Length
            // from the body); translated pages may translate their names.
            if location == ParameterIn::Header
                && (name.eq_ignore_ascii_case("authorization")
                    || name.eq_ignore_ascii_case("content-type")
                    || name.eq_ignore_ascii_case("content-length")
                    || !name.is_ascii())
            {
                continue;
            }
            let ty = cols.ty.and_then(|i| row.cells.get(i)).and_then(type_cell);
            let desc = description(cell_text(row, cols.description).or(cell_text(row, cols.value)));
            let required = location == ParameterIn::Path
                || desc.as_deref().and_then(vocab::required) == Some(true);
            params.push(ParameterFact {
                name,
                location,
                ty,
                required,
                description: desc,
            });
        }
    }
    // A body given as a whole resource: the request-body section links its type.
    let body_link = section_link(page, "request-body");
    // "returns a `200 OK` response code and a [user](../resources/user.md) object": the
    // operation's response type where the example's annotation does not name it.
    let response_link = section_link(page, "response");
    let stem = page
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&page.path)
        .trim_end_matches(".md");

    // Requests, then responses paired by name or else with the request before them.
    let mut ops: Vec<(OperationFact, Vec<String>)> = Vec::new();
    // Lookups, not searches, so that a page of many examples stays linear: the operation
    // of each method and path, and the first operation carrying each example name.
    let mut op_at: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    let mut named_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut last: Option<usize> = None;
    // Requests that make no route (an opaque URL, a path with a typo of several
    // readings), by name, and whether the last request was one: their responses pair
    // with them, not with the operation before.
    let mut unrouted: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut last_unrouted = false;
    for b in &page.blocks {
        let Some(bt) = block_type(b) else { continue };
        let no_annotation = crate::doc::Annotation::default();
        let a = b.annotation.as_ref().unwrap_or(&no_annotation);
        match bt {
            BlockType::Request => {
                let Some(Message::Request(req)) = b.http_message(sink) else {
                    sink.warn(
                        b.line,
                        1,
                        "bad-request",
                        "request block has no `METHOD URL` line; skipped",
                    );
                    continue;
                };
                let written = if a.opaque_url {
                    // An upload URL the service hands out: no route, but its body is
                    // still an example of its type.
                    facts.counts.opaque_requests += 1;
                    None
                } else {
                    routes::repaired(&split_url(&req.url).0, b.line + 1, sink)
                };
                let Some(written) = written else {
                    let ty = a.odata_type.as_deref().map(|t| TypeRef {
                        name: qualify(t),
                        collection: false,
                    });
                    let ty = ty.or_else(|| req.body.as_ref().and_then(body_type_of));
                    facts.examples.extend(routes::example_of(ty, req.body));
                    unrouted.extend(a.names.iter().cloned());
                    last_unrouted = true;
                    continue;
                };
                last_unrouted = false;
                let (mut segments, _, mut template) =
                    routes::example_route(&req.method, &written, &templates);
                // Values the annotation names as sample keys (`"sampleKeys"`) are keys
                // where no template on the page fits the path as written.
                let written = if template {
                    written
                } else {
                    let marked = routes::mark_sample_keys(&written, &a.sample_keys);
                    (segments, _, template) =
                        routes::example_route(&req.method, &marked, &templates);
                    marked
                };
                facts.counts.route_marks.insert(route::normalized(&written));
                let path = route::render(&segments);
                // Only a page that lists templates apart from its examples says which
                // routes it documents (`drive-list.md` has an example per section).
                if !template && templates.iter().any(|t| !t.from_request) {
                    sink.warn(
                        b.line + 1,
                        1,
                        "path-template",
                        format!(
                            "request path `{written}` matches no URL in the HTTP request section"
                        ),
                    );
                }
                let existing = op_at.get(&(req.method.clone(), path.clone())).copied();
                let idx = match existing {
                    Some(i) => {
                        for n in &a.names {
                            named_at.entry(n.clone()).or_insert(i);
                        }
                        ops[i].1.extend(a.names.iter().cloned());
                        i
                    }
                    None => {
                        let name = a.names.first().cloned().unwrap_or_else(|| stem.to_string());
                        let mut parameters = routes::route_parameters(&segments, &body_properties);
                        parameters.extend(params.iter().cloned());
                        for q in query_names(&req) {
                            if !parameters
                                .iter()
                                .any(|p| p.location == ParameterIn::Query && p.name == q)
                            {
                                parameters.push(ParameterFact {
                                    name: q,
                                    location: ParameterIn::Query,
                                    ty: None,
                                    required: false,
                                    description: None,
                                });
                            }
                        }
                        ops.push((
                            OperationFact {
                                name,
                                method: req.method.clone(),
                                path,
                                description: page.description.clone(),
                                parameters,
                                body_properties: if is_get(&req.method) {
                                    Vec::new()
                                } else {
                                    body_properties.clone()
                                },
                                body_type: None,
                                body_examples: Vec::new(),
                                alternative_content_types: Vec::new(),
                                response: None,
                                line: b.line,
                                exchanges: Vec::new(),
                                untemplated: (!template).then(|| written.clone()),
                            },
                            a.names.clone(),
                        ));
                        facts.counts.requests_to_operations += 1;
                        let i = ops.len() - 1;
                        op_at.insert((ops[i].0.method.clone(), ops[i].0.path.clone()), i);
                        for n in &a.names {
                            named_at.entry(n.clone()).or_insert(i);
                        }
                        i
                    }
                };
                let op = &mut ops[idx].0;
                op.exchanges.push(Exchange {
                    name: a.names.first().cloned(),
                    line: b.line,
                    request: req.clone(),
                    response: None,
                    response_type: None,
                });
                let body = req.body.filter(|body| {
                    // A GET never sends a body: a parameter table on a function's page
                    // lists the function's arguments, which go in the path.
                    let sent = !is_get(&req.method);
                    if !sent {
                        sink.warn(
                            body.line,
                            1,
                            "get-body",
                            "request example sends a body with GET; the body is not read",
                        );
                    }
                    sent
                });
                if let Some(body) = body {
                    if op.body_properties.is_empty() && op.body_type.is_none() {
                        // The request-body section's link names the operation's type; one
                        // example's `@odata.type` may be just one derived type of it.
                        let annotated = a.odata_type.as_deref().map(|t| TypeRef {
                            name: qualify(t),
                            collection: false,
                        });
                        op.body_type = annotated
                            .or_else(|| body_link.clone())
                            .or_else(|| body_type_of(&body));
                    }
                    op.body_examples.push(body);
                }
                last = Some(idx);
            }
            BlockType::Response => {
                let to_unrouted = if a.names.is_empty() {
                    last_unrouted
                } else {
                    a.names.iter().any(|n| unrouted.contains(n))
                };
                if to_unrouted {
                    // The answer of a request that makes no route: an example of its type.
                    if let Some(Message::Response(resp)) = b.http_message(sink) {
                        facts.counts.responses_paired += 1;
                        let ty = a.odata_type.as_deref().map(|t| TypeRef {
                            name: qualify(t),
                            collection: a.is_collection,
                        });
                        facts.examples.extend(routes::example_of(ty, resp.body));
                    }
                    continue;
                }
                let paired = if a.names.is_empty() {
                    last
                } else {
                    a.names
                        .iter()
                        .filter_map(|n| named_at.get(n).copied())
                        .min()
                        .or(last)
                };
                // Read first: an unpaired response's body is still checked for mistakes.
                let message = b.http_message(sink);
                let Some(i) = paired else {
                    facts.counts.responses_unpaired += 1;
                    sink.warn(
                        b.annotation.as_ref().map_or(b.line, |a| a.line),
                        1,
                        "unpaired-response",
                        "response has no request before it to pair with",
                    );
                    continue;
                };
                let Some(Message::Response(resp)) = message else {
                    facts.counts.responses_unpaired += 1;
                    sink.warn(
                        b.line,
                        1,
                        "bad-response",
                        "response block has no `HTTP/1.1 <status>` line; skipped",
                    );
                    continue;
                };
                facts.counts.responses_paired += 1;
                let json = resp.body.as_ref().and_then(|b| b.json.as_ref());
                let mut ty = a.odata_type.as_deref().map(|t| TypeRef {
                    name: qualify(t),
                    collection: a.is_collection,
                });
                if ty.is_none() && json.is_some() {
                    ty = response_link
                        .clone()
                        .or_else(|| resp.body.as_ref().and_then(body_type_of));
                }
                if let (Some(t), Some(Value::Object(map))) = (&mut ty, json) {
                    // A single entity annotated where the body is `{"value": [...]}`.
                    if !t.collection
                        && map.get("value").is_some_and(Value::is_array)
                        && !map.contains_key("id")
                    {
                        t.collection = true;
                    }
                }
                let op = &mut ops[i].0;
                let exchange = a
                    .names
                    .first()
                    .and_then(|n| op.exchanges.iter().position(|e| e.name.as_ref() == Some(n)))
                    .or(op.exchanges.len().checked_sub(1));
                if let Some(e) = exchange.and_then(|e| op.exchanges.get_mut(e)) {
                    if e.response.is_none() {
                        e.response = Some(resp.clone());
                        e.response_type = ty.as_ref().map(|t| t.name.clone());
                    }
                }
                if op.response.is_none()
                    || op
                        .response
                        .as_ref()
                        .is_some_and(|r| r.ty.is_none() && ty.is_some())
                {
                    op.response = Some(ResponseFact {
                        status: resp.status,
                        ty,
                        body: resp.body,
                        link: response_link.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    // Translated parameter names: the request example's JSON keeps the real ones.
    if !unnamed_body_rows.is_empty() {
        let example = ops
            .iter()
            .flat_map(|(o, _)| &o.body_examples)
            .find_map(|b| b.json.as_ref().and_then(Value::as_object));
        match example {
            Some(map) => {
                let json: Vec<PropertyFact> = map
                    .iter()
                    .map(|(k, v)| PropertyFact {
                        name: k.clone(),
                        ty: placeholder_type(v),
                        navigation: false,
                        nullable: None,
                        description: None,
                        line: 0,
                        declared: false,
                        unread: None,
                    })
                    .collect();
                let named = name_translated_rows(
                    &json,
                    &body_properties,
                    std::mem::take(&mut unnamed_body_rows),
                    sink,
                );
                for (op, _) in &mut ops {
                    if !op.body_properties.is_empty() {
                        op.body_properties.extend(named.iter().cloned());
                    }
                }
            }
            None => {
                for (_, p) in &unnamed_body_rows {
                    sink.warn(p.line, 1, "table-name", format!("name `{}` is not an identifier and no request example shows the real one; row skipped", p.name));
                }
            }
        }
    }
    let mut operations: Vec<OperationFact> = ops.into_iter().map(|(o, _)| o).collect();
    // Every listed route is an operation, with or without an example: the page's other
    // routes of the same method give it their body and response evidence.
    for t in &templates {
        let path = route::render(&t.segments);
        if operations
            .iter()
            .any(|o| o.method == t.method && o.path == path)
        {
            continue;
        }
        let sibling = operations.iter().find(|o| o.method == t.method).cloned();
        let mut parameters = routes::route_parameters(&t.segments, &body_properties);
        match &sibling {
            Some(s) => parameters.extend(
                s.parameters
                    .iter()
                    .filter(|p| p.location != ParameterIn::Path)
                    .cloned(),
            ),
            None => parameters.extend(params.iter().cloned()),
        }
        let get = is_get(&t.method);
        let body_type = if get {
            None
        } else {
            sibling
                .as_ref()
                .and_then(|s| s.body_type.clone())
                .or_else(|| body_link.clone())
        };
        // The sibling's status and type, not its example body: that example is the
        // sibling's, and the round trip tests it there.
        let response = sibling
            .as_ref()
            .and_then(|s| s.response.clone())
            .map(|r| ResponseFact {
                ty: r.ty.clone().or_else(|| {
                    r.body.as_ref().map(|_| TypeRef {
                        name: crate::ir::UNTYPED.to_string(),
                        collection: false,
                    })
                }),
                body: None,
                ..r
            })
            .or_else(|| {
                (t.method != "DELETE")
                    .then(|| response_link.clone())
                    .flatten()
                    .map(|ty| ResponseFact {
                        status: if t.method == "POST" { 201 } else { 200 },
                        ty: Some(ty),
                        body: None,
                        link: None,
                    })
            });
        operations.push(OperationFact {
            name: stem.to_string(),
            method: t.method.clone(),
            path,
            description: page.description.clone(),
            parameters,
            body_properties: if get {
                Vec::new()
            } else {
                body_properties.clone()
            },
            body_type,
            body_examples: Vec::new(),
            alternative_content_types: Vec::new(),
            response,
            line: t.line,
            exchanges: Vec::new(),
            untemplated: t.samples.clone(),
        });
    }
    super::shapes::split_media(&mut operations, body_link.as_ref());
    super::shapes::inherit_responses(&mut operations, response_link.as_ref());
    facts.operations = operations;
}

fn is_get(method: &str) -> bool {
    method.eq_ignore_ascii_case("GET")
}

/// The first resource page linked from a section's own prose (not from its examples), as
/// a type: the link text when it is an identifier, else the page's file name.
pub(super) fn section_link(page: &Page, section: &str) -> Option<TypeRef> {
    page.paragraphs
        .iter()
        .filter(|p| {
            p.section.within(section) && !p.section.0.iter().any(|h| h.key.starts_with("example"))
        })
        .flat_map(|p| p.links.iter())
        .find_map(|(dest, text)| {
            let file = dest.split('#').next()?;
            (file.contains("resources/") && file.ends_with(".md")).then(|| {
                // `[коллекцию accessPackage](...)`: the identifier in the text, else the page name.
                let ident = super::link_ident(
                    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '(' | ')'))
                        .filter(|w| {
                            is_identifier(w)
                                && !vocab::is_collection_word(w)
                                && !vocab::is_filler_word(w)
                        }),
                    file,
                );
                let name = ident.map_or_else(|| super::page_stem(file).to_string(), str::to_string);
                TypeRef {
                    name: qualify(&name),
                    collection: false,
                }
            })
        })
}

/// The type a body names itself with `@odata.type`.
pub fn body_type_of(body: &Body) -> Option<TypeRef> {
    let t = body.json.as_ref()?.get("@odata.type")?.as_str()?;
    Some(TypeRef {
        name: qualify(t),
        collection: false,
    })
}
