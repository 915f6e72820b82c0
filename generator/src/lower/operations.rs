//! API pages: operations from URL templates, request and response examples, and tables.

use super::block_type;
use super::facts::*;
use super::is_identifier;
use super::tables::*;
use super::type_cells::*;
use crate::diag::Sink;
use crate::doc::HttpMessage as Message;
use crate::doc::{BlockType, Body, HttpRequest, Page};
use crate::ir::ParameterIn;
use crate::vocab;
use serde_json::Value;

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
        if let Some(rest) = path.strip_prefix(version) {
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

/// Whether a concrete example path fits a template (`{x}` segments match anything).
pub(super) fn fits(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            (t.starts_with('{') && t.ends_with('}'))
                || t.eq_ignore_ascii_case(p)
                || segment_fits(t, p)
        })
}

/// `range(address='{address}')` fits `range(address='A1:B2')`.
pub(super) fn segment_fits(t: &str, p: &str) -> bool {
    // A function call fits by name: `filterByCurrentUser(on='reviewer')`.
    if let (Some(a), Some(b)) = (t.find('('), p.find('(')) {
        if t[..a].eq_ignore_ascii_case(&p[..b]) {
            return true;
        }
    }
    let Some(open) = t.find('{') else {
        return false;
    };
    let prefix = &t[..open];
    let suffix = &t[t.rfind('}').map_or(t.len(), |i| i + 1)..];
    p.len() >= prefix.len() + suffix.len()
        && p[..prefix.len()].eq_ignore_ascii_case(prefix)
        && p.ends_with(suffix)
}

pub(super) fn lower_operations(page: &Page, facts: &mut PageFacts, sink: &mut Sink) {
    // URL templates from the http-request section (often an `ignored` block).
    let mut templates: Vec<(String, String)> = Vec::new();
    for b in page.blocks.iter().filter(|b| {
        b.section.within("http-request") && matches!(block_type(b), None | Some(BlockType::Ignored))
    }) {
        for line in b.text.lines() {
            let l = line.trim();
            let Some((method, url)) = l.split_once(char::is_whitespace) else {
                continue;
            };
            let m = method.to_ascii_uppercase();
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m.as_str()) {
                let path = split_url(url.trim()).0;
                let path = match generalize(&path) {
                    Some(general) => {
                        sink.warn(
                            b.line,
                            1,
                            "concrete-id",
                            format!(
                                "URL template `{path}` holds concrete ids; read as `{general}`"
                            ),
                        );
                        general
                    }
                    None => path,
                };
                templates.push((m, path));
            }
        }
    }
    let mut params = Vec::new();
    let mut body_properties = Vec::new();
    let mut unnamed_body_rows = Vec::new();
    for table in &page.tables {
        let kind = table_kind(table);
        let location = match kind {
            TableKind::PathParameters => ParameterIn::Path,
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
            // Headers the client always sends itself; translated pages may translate their names.
            if location == ParameterIn::Header
                && (name.eq_ignore_ascii_case("authorization")
                    || name.eq_ignore_ascii_case("content-type")
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
                let (path, template) = request_path(&req, &templates);
                if !template && !templates.is_empty() {
                    sink.warn(
                        b.line + 1,
                        1,
                        "path-template",
                        format!("request path `{path}` matches no URL in the HTTP request section"),
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
                        let mut parameters = params.clone();
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
                                body_properties: body_properties.clone(),
                                body_type: None,
                                body_examples: Vec::new(),
                                response: None,
                                line: b.line,
                                exchanges: Vec::new(),
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
                });
                if let Some(body) = req.body {
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
                let paired = if a.names.is_empty() {
                    last
                } else {
                    a.names
                        .iter()
                        .filter_map(|n| named_at.get(n).copied())
                        .min()
                        .or(last)
                };
                let Some(i) = paired else {
                    facts.counts.responses_unpaired += 1;
                    sink.warn(
                        b.annotation.as_ref().map_or(b.line, |a| a.line),
                        1,
                        "unpaired-response",
                        "response has no request to pair with",
                    );
                    continue;
                };
                let Some(Message::Response(resp)) = b.http_message(sink) else {
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
                    e.response.get_or_insert_with(|| resp.clone());
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
    facts.operations = ops.into_iter().map(|(o, _)| o).collect();
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
                let ident = text
                    .split(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '(' | ')'))
                    .filter(|w| {
                        is_identifier(w)
                            && !vocab::is_collection_word(w)
                            && !vocab::is_filler_word(w)
                    })
                    .last();
                let name = ident.map_or_else(
                    || {
                        file.rsplit('/')
                            .next()
                            .unwrap_or(file)
                            .trim_end_matches(".md")
                            .to_string()
                    },
                    str::to_string,
                );
                TypeRef {
                    name: qualify(&name),
                    collection: false,
                }
            })
        })
}

pub(super) fn request_path(req: &HttpRequest, templates: &[(String, String)]) -> (String, bool) {
    let (path, _) = split_url(&req.url);
    if let Some((_, t)) = templates
        .iter()
        .find(|(m, t)| *m == req.method && t.eq_ignore_ascii_case(&path))
    {
        return (t.clone(), true);
    }
    if let Some((_, t)) = templates
        .iter()
        .find(|(m, t)| *m == req.method && fits(t, &path))
    {
        return (t.clone(), true);
    }
    // No template: an example path's GUIDs and numbers are ids, not fixed segments.
    (generalize(&path).unwrap_or(path), false)
}

/// `/classes/5edb6a5f-fc6b-441b-8952-bcbfc33ef0e5/assignments/22002` →
/// `/classes/{id}/assignments/{id}`, or `None` when no segment is a concrete id.
pub(super) fn generalize(path: &str) -> Option<String> {
    let is_number = |s: &str| s.len() >= 2 && s.bytes().all(|b| b.is_ascii_digit());
    let mut changed = false;
    let segments: Vec<&str> = path
        .split('/')
        .map(|seg| {
            if crate::notation::uuid_like(seg) || is_number(seg) {
                changed = true;
                "{id}"
            } else {
                seg
            }
        })
        .collect();
    changed.then(|| segments.join("/"))
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

/// The type a body names itself with `@odata.type`.
pub fn body_type_of(body: &Body) -> Option<TypeRef> {
    let t = body.json.as_ref()?.get("@odata.type")?.as_str()?;
    Some(TypeRef {
        name: qualify(t),
        collection: false,
    })
}
