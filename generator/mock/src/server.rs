//! The HTTP side: hyper over tokio, one task per connection. Faults and the token are
//! handled here; everything else is [`Model::answer`].

use crate::faults::{self, Fault, Faults};
use crate::log::{self, Entry, Log};
use crate::model::Model;
use crate::request::{Incoming, Outgoing};
use crate::state::Store;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming as Body;
use hyper::{Request, Response};
use std::sync::Arc;
use tokio::sync::watch;

/// The largest body read (Graph's own limit for most requests is 4 MB).
const MAX_BODY: usize = 64 << 20;

pub(crate) struct Shared {
    pub(crate) model: Model,
    pub(crate) store: Option<Store>,
    pub(crate) faults: Faults,
    pub(crate) log: Log,
    /// The service root as clients reach it: `http://127.0.0.1:port/v1.0`.
    pub(crate) base: String,
    pub(crate) stop: watch::Receiver<bool>,
}

/// A connection closed without an answer (the `drop` fault).
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a fault")
    }
}

impl std::error::Error for Dropped {}

pub(crate) async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    let mut stop = shared.stop.clone();
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => continue,
            },
            _ = stop.changed() => return,
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let shared = shared.clone();
                async move { handle(&shared, req).await }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(shared: &Shared, req: Request<Body>) -> Result<Response<Full<Bytes>>, Dropped> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(respond(Outgoing::error(
                413,
                "RequestEntityTooLarge",
                "The body is too large.",
            )))
        }
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let raw_path = parts.uri.path().to_string();
    let incoming = Incoming {
        method: parts.method.as_str().to_string(),
        path: under_root(&raw_path).to_string(),
        query: parts.uri.query().map(str::to_string),
        has_length: parts.headers.contains_key(http::header::CONTENT_LENGTH),
        headers,
        body,
    };
    let decision = shared.faults.decide(&incoming.path, false);
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    let mut fault_name = None;
    let mut out = match &decision.fault {
        Some(Fault::Stall) => {
            shared.record(&incoming, &raw_path, None, Some("stall"));
            let mut stop = shared.stop.clone();
            let _ = stop.wait_for(|s| *s).await;
            return Err(Dropped);
        }
        Some(Fault::Drop) => {
            shared.record(&incoming, &raw_path, None, Some("drop"));
            return Err(Dropped);
        }
        Some(f) => {
            fault_name = Some(name(f));
            fault_answer(f)
        }
        None => shared.answer(&incoming),
    };
    for (n, v) in decision.headers {
        out.headers.push((n, v));
    }
    shared.record(&incoming, &raw_path, Some(&out), fault_name);
    Ok(respond(out))
}

impl Shared {
    /// A request past faults: the token, then `$batch` or the model.
    fn answer(&self, req: &Incoming) -> Outgoing {
        if self.model.options.require_token {
            let token = req
                .header("authorization")
                .and_then(|v| {
                    v.strip_prefix("Bearer ")
                        .or_else(|| v.strip_prefix("bearer "))
                })
                .map(str::trim)
                .unwrap_or("");
            if token.is_empty() {
                return Outgoing::error(
                    401,
                    "InvalidAuthenticationToken",
                    "Access token is empty.",
                );
            }
        }
        if req.path.eq_ignore_ascii_case("/$batch") && req.method == "POST" {
            return crate::batch::answer(self, req);
        }
        self.model.answer(req, &self.base, self.store.as_ref())
    }

    /// One `$batch` step: status faults (throttling inside a batch), then the model.
    pub(crate) fn step(&self, req: &Incoming) -> Outgoing {
        let decision = self.faults.decide(&req.path, true);
        let (out, fault) = match &decision.fault {
            Some(f) => (fault_answer(f), Some(name(f))),
            None if req.path.eq_ignore_ascii_case("/$batch") => (
                Outgoing::error(400, "BadRequest", "A batch cannot hold a batch."),
                None,
            ),
            None => (self.answer(req), None),
        };
        let shown = format!("$batch {}", req.path);
        self.record(req, &shown, Some(&out), fault);
        out
    }

    fn record(&self, req: &Incoming, path: &str, out: Option<&Outgoing>, fault: Option<&str>) {
        let path = match &req.query {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        };
        self.log.push(Entry {
            method: req.method.clone(),
            path,
            headers: log::redact(&req.headers),
            body: String::from_utf8_lossy(&req.body).into_owned(),
            status: out.map_or(0, |o| o.status),
            operation: out.and_then(|o| o.operation.clone()),
            example: out.and_then(|o| o.example.clone()),
            fault: fault.map(str::to_string),
        });
    }
}

/// `/v1.0/me` → `/me`; a path without a version is taken as it is.
fn under_root(path: &str) -> &str {
    for v in ["/v1.0", "/beta"] {
        let Some(head) = path.get(..v.len()) else {
            continue;
        };
        let rest = &path[v.len()..];
        if head.eq_ignore_ascii_case(v) && (rest.is_empty() || rest.starts_with('/')) {
            return if rest.is_empty() { "/" } else { rest };
        }
    }
    path
}

fn name(f: &Fault) -> &'static str {
    match f {
        Fault::TooManyRequests(_) => "429",
        Fault::Unavailable { .. } => "503",
        Fault::GatewayTimeout => "504",
        Fault::Latency(_) => "latency",
        Fault::Stall => "stall",
        Fault::Drop => "drop",
    }
}

/// The answer a status fault gives, with Graph's error body.
pub(crate) fn fault_answer(f: &Fault) -> Outgoing {
    match f {
        Fault::TooManyRequests(r) => Outgoing::error(
            429,
            "TooManyRequests",
            "Too many requests: the mock's fault rules throttled this one.",
        )
        .with_header("retry-after", faults::retry_after(*r)),
        Fault::Unavailable { retry_after } => Outgoing::error(
            503,
            "serviceNotAvailable",
            "The service is unavailable (a fault rule of the mock).",
        )
        .with_header("retry-after", retry_after.to_string()),
        _ => Outgoing::error(
            504,
            "UnknownError",
            "Gateway timeout (a fault rule of the mock).",
        ),
    }
}

fn respond(out: Outgoing) -> Response<Full<Bytes>> {
    let mut r = Response::builder().status(out.status);
    for (n, v) in &out.headers {
        r = r.header(n.as_str(), v.as_str());
    }
    r.body(Full::new(out.body))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}
