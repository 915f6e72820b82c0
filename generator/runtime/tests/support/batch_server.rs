//! A strict emulation of Microsoft Graph's `POST /$batch` on a loopback port, following
//! the rules of the JSON batching docs: a JSON object with `requests`, 1 to 20 of them;
//! each with a unique id (case-insensitive), a method, a URL relative to the version root;
//! a body only with a `Content-Type` header, JSON inline or base64 otherwise; `dependsOn`
//! naming steps of the same request only. Steps without dependencies run in an order of
//! the server's choosing (here: last first), a dependency always before its dependents; a
//! dependent of a failed step is answered 424; answers come back in yet another order.
//!
//! What a step does is the test's `handler`. Every `POST /$batch` is recorded.
#![allow(dead_code)]

use axum::body::{to_bytes, Body};
use axum::http::{Response, StatusCode};
use docgen_runtime::base64::Engine;
use docgen_runtime::serde_json::{self, json, Map, Value};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// One step as the handler sees it.
#[derive(Debug, Clone)]
pub struct StepCall {
    pub method: String,
    /// As sent: relative to the version root.
    pub url: String,
    pub headers: Map<String, Value>,
    /// A JSON body.
    pub json: Option<Value>,
    /// A non-JSON body, base64-decoded.
    pub bytes: Option<Vec<u8>>,
}

/// The handler's answer to one step.
#[derive(Debug, Clone)]
pub struct StepReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// JSON, or (for a non-JSON content type) a base64 string.
    pub body: Option<Value>,
}

impl StepReply {
    pub fn json(status: u16, body: Value) -> Self {
        StepReply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some(body),
        }
    }

    pub fn empty(status: u16) -> Self {
        StepReply {
            status,
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn error(status: u16, code: &str, retry_after: Option<&str>) -> Self {
        let mut reply = Self::json(
            status,
            json!({"error": {"code": code, "message": format!("emulated {status}")}}),
        );
        if let Some(after) = retry_after {
            reply.headers.push(("Retry-After".into(), after.into()));
        }
        reply
    }

    pub fn binary(content_type: &str, bytes: &[u8]) -> Self {
        StepReply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Some(Value::String(
                docgen_runtime::base64::engine::general_purpose::STANDARD.encode(bytes),
            )),
        }
    }
}

/// One `POST /$batch` the server received.
#[derive(Debug, Clone)]
pub struct Posted {
    pub received: Instant,
    pub answered: Instant,
    /// The request body as sent.
    pub body: Value,
    /// The status of the whole `$batch` answer.
    pub status: u16,
}

impl Posted {
    /// The steps' ids in the order sent.
    pub fn ids(&self) -> Vec<String> {
        self.steps()
            .iter()
            .map(|s| s["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    pub fn steps(&self) -> Vec<Value> {
        self.body["requests"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

pub struct BatchServer {
    /// `http://127.0.0.1:PORT/v1.0`
    pub base: String,
    pub posted: Arc<Mutex<Vec<Posted>>>,
}

impl BatchServer {
    pub fn posted(&self) -> Vec<Posted> {
        self.posted.lock().unwrap().clone()
    }
}

type Handler = dyn FnMut(&StepCall) -> StepReply + Send;

/// Serves `POST /v1.0/$batch` for requests carrying `Authorization: Bearer {token}`.
pub async fn start<H>(token: &str, handler: H) -> BatchServer
where
    H: FnMut(&StepCall) -> StepReply + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1.0", listener.local_addr().unwrap());
    let posted: Arc<Mutex<Vec<Posted>>> = Arc::default();
    let handler: Arc<Mutex<Box<Handler>>> = Arc::new(Mutex::new(Box::new(handler)));
    let bearer = format!("Bearer {token}");
    let recorded = posted.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let (handler, posted, bearer) = (handler.clone(), recorded.clone(), bearer.clone());
        async move {
            let received = Instant::now();
            let (parts, body) = req.into_parts();
            let body = to_bytes(body, 16 << 20).await.unwrap_or_default();
            let header = |name: &str| {
                parts
                    .headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            };
            let (status, answer) = if parts.method != "POST" || parts.uri.path() != "/v1.0/$batch" {
                (404, graph_error("NotFound", "only POST /v1.0/$batch here"))
            } else if header("authorization") != bearer {
                (401, graph_error("InvalidAuthenticationToken", "bad token"))
            } else if !header("content-type").starts_with("application/json") {
                (415, graph_error("BadRequest", "Content-Type must be JSON"))
            } else {
                match serde_json::from_slice::<Value>(&body) {
                    Ok(json) => {
                        let mut handler = handler.lock().unwrap();
                        match run_batch(&json, &mut **handler) {
                            Ok(answer) => (200, answer),
                            Err(message) => (400, graph_error("BadRequest", &message)),
                        }
                    }
                    Err(e) => (400, graph_error("BadRequest", &e.to_string())),
                }
            };
            posted.lock().unwrap().push(Posted {
                received,
                answered: Instant::now(),
                body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                status,
            });
            Response::builder()
                .status(StatusCode::from_u16(status).unwrap())
                .header("content-type", "application/json")
                .body(Body::from(answer.to_string()))
                .unwrap()
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    BatchServer { base, posted }
}

fn graph_error(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

/// Validates a batch as the docs require, runs its steps, answers them out of order.
fn run_batch(json: &Value, handler: &mut Handler) -> Result<Value, String> {
    let requests = json
        .get("requests")
        .and_then(Value::as_array)
        .ok_or("the body must be an object with a `requests` array")?;
    if requests.is_empty() || requests.len() > 20 {
        return Err(format!("{} requests: 1 to 20 allowed", requests.len()));
    }
    let mut ids: Vec<String> = Vec::new();
    let mut calls = Vec::new();
    let mut depends: Vec<Vec<usize>> = Vec::new();
    for step in requests {
        let text = |key: &str| step.get(key).and_then(Value::as_str);
        let id = text("id")
            .filter(|id| !id.is_empty())
            .ok_or("step without id")?;
        if ids.iter().any(|seen| seen.eq_ignore_ascii_case(id)) {
            return Err(format!("duplicate id {id}"));
        }
        ids.push(id.to_owned());
        let method = text("method").ok_or("step without method")?;
        if !["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].contains(&method) {
            return Err(format!("method {method}"));
        }
        let url = text("url").ok_or("step without url")?;
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http") || lower.starts_with("/v1.0/") || lower.starts_with("/beta/") {
            return Err(format!("url {url} must be relative to the version root"));
        }
        let headers = match step.get("headers") {
            None => Map::new(),
            Some(Value::Object(map)) if map.values().all(Value::is_string) => map.clone(),
            Some(_) => return Err("headers must be an object of strings".into()),
        };
        let content_type = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .and_then(|(_, v)| v.as_str());
        let (mut body_json, mut bytes) = (None, None);
        if let Some(body) = step.get("body") {
            let content_type = content_type.ok_or("a body needs a Content-Type header")?;
            if content_type.starts_with("application/json") {
                if !(body.is_object() || body.is_array()) {
                    return Err("a JSON body must be inline JSON".into());
                }
                body_json = Some(body.clone());
            } else {
                let text = body
                    .as_str()
                    .ok_or("a binary body must be a base64 string")?;
                let decoded = docgen_runtime::base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .map_err(|e| format!("body is not base64: {e}"))?;
                bytes = Some(decoded);
            }
        }
        calls.push(StepCall {
            method: method.into(),
            url: url.into(),
            headers,
            json: body_json,
            bytes,
        });
        depends.push(Vec::new());
    }
    for (at, step) in requests.iter().enumerate() {
        let Some(list) = step.get("dependsOn") else {
            continue;
        };
        for dependency in list.as_array().ok_or("dependsOn must be an array")? {
            let dependency = dependency.as_str().ok_or("dependsOn ids are strings")?;
            let position = ids
                .iter()
                .position(|id| id.eq_ignore_ascii_case(dependency))
                .ok_or_else(|| format!("{}: dependsOn {dependency}, not in this batch", ids[at]))?;
            depends[at].push(position);
        }
    }
    // Last first, each step after its dependencies.
    let mut replies: Vec<Option<StepReply>> = vec![None; calls.len()];
    let mut order = Vec::new();
    while order.len() < calls.len() {
        let ready = (0..calls.len())
            .rev()
            .find(|&at| replies[at].is_none() && depends[at].iter().all(|&d| replies[d].is_some()));
        let at = ready.ok_or("dependsOn forms a cycle")?;
        let failed = depends[at]
            .iter()
            .any(|&d| !(200..300).contains(&replies[d].as_ref().unwrap().status));
        replies[at] = Some(if failed {
            StepReply::error(424, "FailedDependency", None)
        } else {
            handler(&calls[at])
        });
        order.push(at);
    }
    // Answers in another order again: rotated by a third.
    let third = order.len() / 3;
    order.rotate_left(third);
    let responses: Vec<Value> = order
        .iter()
        .map(|&at| {
            let reply = replies[at].take().unwrap();
            let headers: Map<String, Value> = reply
                .headers
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            let mut answer = json!({"id": ids[at], "status": reply.status, "headers": headers});
            if let Some(body) = reply.body {
                answer["body"] = body;
            }
            answer
        })
        .collect();
    Ok(json!({ "responses": responses }))
}
