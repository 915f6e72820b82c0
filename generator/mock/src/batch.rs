//! `$batch` as Graph's JSON batching documents it: up to 20 steps, `dependsOn` order,
//! a step whose dependency failed answered 424, answers in an order of their own.

use crate::faults;
use crate::request::{Incoming, Outgoing};
use crate::server::Shared;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bytes::Bytes;
use serde_json::{json, Map, Value};

/// Graph's limit on steps in one batch.
pub const MAX_STEPS: usize = 20;

struct Step {
    id: String,
    req: Incoming,
    depends_on: Vec<String>,
}

pub(crate) fn answer(shared: &Shared, outer: &Incoming) -> Outgoing {
    let bad = |m: &str| Outgoing::error(400, "BadRequest", m.to_string());
    let Ok(body) = serde_json::from_slice::<Value>(&outer.body) else {
        return bad("The batch body is not JSON.");
    };
    let Some(requests) = body.get("requests").and_then(Value::as_array) else {
        return bad("The batch body has no `requests` array.");
    };
    if requests.len() > MAX_STEPS {
        return bad(&format!(
            "The batch has {} requests; at most {MAX_STEPS} are allowed.",
            requests.len()
        ));
    }
    let mut steps = Vec::new();
    for r in requests {
        match step(r, outer) {
            Ok(s) => steps.push(s),
            Err(m) => return bad(&m),
        }
    }
    for (i, s) in steps.iter().enumerate() {
        if steps[..i].iter().any(|o| o.id == s.id) {
            return bad(&format!("The request id '{}' is used twice.", s.id));
        }
        if let Some(d) = s
            .depends_on
            .iter()
            .find(|d| !steps.iter().any(|o| &&o.id == d))
        {
            return bad(&format!(
                "Request '{}' depends on '{d}', which is not in the batch.",
                s.id
            ));
        }
    }
    let Some(order) = topological(&steps) else {
        return bad("The batch's dependsOn form a cycle.");
    };
    let mut answers: Vec<(usize, Outgoing)> = Vec::new();
    for i in order {
        let s = &steps[i];
        let failed = s.depends_on.iter().any(|d| {
            answers
                .iter()
                .any(|(j, a)| &steps[*j].id == d && a.status >= 400)
        });
        let out = if failed {
            Outgoing::error(
                424,
                "FailedDependency",
                "A request this one depends on failed.",
            )
        } else {
            shared.step(&s.req)
        };
        answers.push((i, out));
    }
    // Graph answers in any order; the mock's is seeded, so a test sees the same one.
    faults::shuffle(
        shared.model.options.seed ^ outer.body.len() as u64,
        &mut answers,
    );
    let responses: Vec<Value> = answers
        .into_iter()
        .map(|(i, a)| {
            let headers: Map<String, Value> = a
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), Value::String(v.clone())))
                .collect();
            let mut r = json!({ "id": steps[i].id, "status": a.status, "headers": headers });
            if !a.body.is_empty() {
                r["body"] = answer_body(&a);
            }
            r
        })
        .collect();
    Outgoing::json(200, &json!({ "responses": responses }))
}

/// One entry of `requests`, as a request of its own (the batch's token goes with it).
fn step(r: &Value, outer: &Incoming) -> Result<Step, String> {
    let text = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
    let id = match r.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("A batch request has no `id`.".into()),
    };
    let method = text("method").ok_or(format!("Request '{id}' has no `method`."))?;
    let url = text("url").ok_or(format!("Request '{id}' has no `url`."))?;
    if url.contains("://") {
        return Err(format!(
            "Request '{id}': a step's url is relative to the service root."
        ));
    }
    let url = if url.starts_with('/') {
        url
    } else {
        format!("/{url}")
    };
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (url, None),
    };
    let mut headers: Vec<(String, String)> = outer
        .headers
        .iter()
        .filter(|(n, _)| n == "authorization")
        .cloned()
        .collect();
    if let Some(Value::Object(h)) = r.get("headers") {
        for (n, v) in h {
            headers.push((
                n.to_ascii_lowercase(),
                v.as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    let body = match r.get("body") {
        None | Some(Value::Null) => Bytes::new(),
        Some(b) => {
            if !headers.iter().any(|(n, _)| n == "content-type") {
                return Err(format!(
                    "Request '{id}' has a body and no Content-Type header."
                ));
            }
            let content_type = headers
                .iter()
                .find(|(n, _)| n == "content-type")
                .map_or("", |(_, v)| v.as_str());
            step_body(b, content_type).ok_or(format!(
                "Request '{id}': a body that is not JSON is a base64 string."
            ))?
        }
    };
    let depends_on = match r.get("dependsOn") {
        Some(Value::Array(ds)) => ds
            .iter()
            .filter_map(|d| d.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Step {
        id,
        req: Incoming {
            method: method.to_ascii_uppercase(),
            path,
            query,
            headers,
            body,
            has_length: true,
        },
        depends_on,
    })
}

/// Whether a content type is JSON (`application/json`, `…+json`, any parameters).
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .rsplit_once('+')
            .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json"))
}

/// A step's body as its request would carry it: JSON as written, any other content
/// (`image/jpeg`, `text/plain`) sent as a base64 string, as Graph's batching docs say.
/// `None` for such a string that is not base64.
fn step_body(body: &Value, content_type: &str) -> Option<Bytes> {
    match body {
        Value::String(encoded) if !is_json(content_type) => {
            STANDARD.decode(encoded).ok().map(Bytes::from)
        }
        _ => Some(Bytes::from(serde_json::to_vec(body).unwrap_or_default())),
    }
}

/// A step's answer body in the batch: JSON inline, anything else base64-encoded (the
/// docs' rule; the client decodes it back to bytes). A body without a content type is
/// inline if it reads as JSON.
fn answer_body(a: &Outgoing) -> Value {
    let json = match a.header("content-type") {
        Some(c) => is_json(c)
            .then(|| serde_json::from_slice(&a.body).ok())
            .flatten(),
        None => serde_json::from_slice(&a.body).ok(),
    };
    json.unwrap_or_else(|| Value::String(STANDARD.encode(&a.body)))
}

/// Steps in an order where each comes after what it depends on; `None` on a cycle.
fn topological(steps: &[Step]) -> Option<Vec<usize>> {
    let mut done = vec![false; steps.len()];
    let mut order = Vec::new();
    while order.len() < steps.len() {
        let ready = (0..steps.len()).find(|&i| {
            !done[i]
                && steps[i]
                    .depends_on
                    .iter()
                    .all(|d| steps.iter().enumerate().any(|(j, s)| &s.id == d && done[j]))
        })?;
        done[ready] = true;
        order.push(ready);
    }
    Some(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_are_not_json_travel_as_base64_both_ways() {
        let png = Bytes::from_static(b"\x89PNG\r\n\x1a\n\x00");
        let mut answer = Outgoing::empty(200);
        answer
            .headers
            .push(("content-type".into(), "image/png".into()));
        answer.body = png.clone();
        assert_eq!(answer_body(&answer), json!("iVBORw0KGgoA"));
        // Text that happens to read as JSON is still text when its type says so.
        answer.headers[0].1 = "text/plain".into();
        answer.body = Bytes::from_static(b"42");
        assert_eq!(answer_body(&answer), json!("NDI="));
        answer.headers[0].1 = "application/json; odata.metadata=minimal".into();
        answer.body = Bytes::from_static(b"{\"id\":\"a\"}");
        assert_eq!(answer_body(&answer), json!({"id": "a"}));

        assert_eq!(step_body(&json!("iVBORw0KGgoA"), "image/png"), Some(png));
        assert_eq!(step_body(&json!("not base64!"), "image/png"), None);
        assert_eq!(
            step_body(&json!("a"), "application/json"),
            Some(Bytes::from_static(b"\"a\""))
        );
    }
}
