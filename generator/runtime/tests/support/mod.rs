//! A strict loopback emulation of the service's upload sessions (driveItem:
//! createUploadSession), enforcing the documented rules rather than trusting the client:
//! no `Authorization` on the upload URL, `Content-Range: bytes S-E/T` with the session's
//! total, `Content-Length` equal to the fragment, fragments of a drive item in multiples
//! of 320 KiB (the last one excepted) and under 60 MiB, no overlap with what it has.
#![allow(dead_code)] // each test crate uses part of it

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Method, Response, StatusCode};
use serde_json::json;
use std::sync::{Arc, Mutex};

pub const UNIT: u64 = 320 * 1024;

/// The byte at offset `i` of the test content.
pub fn byte(i: u64) -> u8 {
    (i.wrapping_mul(31).wrapping_add(i / 7) % 251) as u8
}

pub fn content(size: u64) -> Vec<u8> {
    (0..size).map(byte).collect()
}

/// How the emulated service writes `nextExpectedRanges`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RangeForm {
    /// OneDrive: `"start-"` for the open tail.
    OpenEnded,
    /// `"start-end"` with the end given.
    Closed,
    /// Outlook attachments: a single offset, `"start"`.
    Single,
}

/// Emulated service behaviour and what it saw.
#[derive(Default)]
pub struct Session {
    pub total: u64,
    /// Multiples of 320 KiB required (drive items); off for attachments.
    pub aligned: bool,
    pub form: Option<RangeForm>,
    pub data: Vec<u8>,
    /// Received byte intervals `[start, end)`, merged and sorted.
    pub have: Vec<(u64, u64)>,
    /// Fragment numbers (0-based, counting every PUT) to drop: keep only the first
    /// `keep` bytes of it and answer 500.
    pub drop: Vec<(usize, u64)>,
    pub puts: usize,
    /// Answer 404 to every request from this PUT number on (the session expired).
    pub expire_at_put: Option<usize>,
    /// `expirationDateTime` written in answers.
    pub expiration: String,
    pub cancelled: bool,
    /// Every rule broken by a request (the tests assert it stays empty).
    pub violations: Vec<String>,
    /// `(method, Content-Range)` of every request.
    pub log: Vec<(String, Option<String>)>,
    pub finished: bool,
}

impl Session {
    pub fn new(total: u64) -> Self {
        Session {
            total,
            aligned: true,
            form: Some(RangeForm::OpenEnded),
            data: vec![0; total as usize],
            expiration: "2999-01-01T00:00:00Z".to_owned(),
            ..Session::default()
        }
    }

    fn received(&self) -> u64 {
        self.have.iter().map(|(s, e)| e - s).sum()
    }

    fn add(&mut self, start: u64, bytes: &[u8]) {
        let end = start + bytes.len() as u64;
        self.data[start as usize..end as usize].copy_from_slice(bytes);
        self.have.push((start, end));
        self.have.sort();
        let mut merged: Vec<(u64, u64)> = Vec::new();
        for (s, e) in self.have.drain(..) {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        self.have = merged;
    }

    fn missing(&self) -> Vec<(u64, u64)> {
        let mut gaps = Vec::new();
        let mut at = 0;
        for &(s, e) in &self.have {
            if s > at {
                gaps.push((at, s));
            }
            at = e;
        }
        if at < self.total {
            gaps.push((at, self.total));
        }
        gaps
    }

    fn ranges(&self) -> Vec<String> {
        let form = self.form.unwrap_or(RangeForm::OpenEnded);
        self.missing()
            .iter()
            .map(|&(s, e)| match form {
                RangeForm::Single => s.to_string(),
                RangeForm::OpenEnded if e == self.total => format!("{s}-"),
                _ => format!("{s}-{}", e - 1),
            })
            .collect()
    }

    fn status_json(&self) -> serde_json::Value {
        json!({
            "expirationDateTime": self.expiration,
            "nextExpectedRanges": self.ranges(),
        })
    }
}

pub type Shared = Arc<Mutex<Session>>;

fn answer(status: u16, body: serde_json::Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn error(status: u16, code: &str) -> Response<Body> {
    answer(status, json!({"error": {"code": code, "message": code}}))
}

/// Handles one request to the upload URL.
pub async fn upload_url(session: Shared, req: axum::extract::Request) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let headers: &HeaderMap = &parts.headers;
    let mut s = session.lock().unwrap();
    let range = headers
        .get("content-range")
        .map(|v| v.to_str().unwrap_or("").to_owned());
    s.log.push((parts.method.to_string(), range.clone()));
    if headers.contains_key("authorization") {
        s.violations.push(format!(
            "{} with Authorization on the upload URL",
            parts.method
        ));
        return error(401, "unauthenticated");
    }
    if s.cancelled {
        return error(404, "itemNotFound");
    }
    match parts.method {
        Method::GET => return answer(200, s.status_json()),
        Method::DELETE => {
            s.cancelled = true;
            return Response::builder().status(204).body(Body::empty()).unwrap();
        }
        Method::PUT => {}
        other => {
            s.violations.push(format!("method {other}"));
            return error(405, "methodNotAllowed");
        }
    }
    let put = s.puts;
    s.puts += 1;
    if s.expire_at_put.is_some_and(|at| put >= at) {
        return error(404, "itemNotFound");
    }
    let Some((start, end, total)) = range.as_deref().and_then(parse_range) else {
        s.violations.push(format!("bad Content-Range {range:?}"));
        return error(400, "invalidRange");
    };
    let len = end + 1 - start;
    let declared = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let mut broken = Vec::new();
    if total != s.total {
        broken.push(format!("total {total} != {}", s.total));
    }
    if end >= total {
        broken.push(format!("range end {end} beyond total {total}"));
    }
    if declared != Some(len) || body.len() as u64 != len {
        broken.push(format!(
            "Content-Length {declared:?}, body {} for a {len}-byte range",
            body.len()
        ));
    }
    if s.aligned && end + 1 != total && len % UNIT != 0 {
        broken.push(format!(
            "fragment of {len} bytes is not a multiple of 320 KiB"
        ));
    }
    if len >= 60 * 1024 * 1024 {
        broken.push(format!("fragment of {len} bytes is 60 MiB or more"));
    }
    if !broken.is_empty() {
        s.violations.extend(broken);
        return error(400, "invalidRequest");
    }
    if s.have.iter().any(|&(hs, he)| start < he && hs <= end) {
        return error(416, "invalidRange");
    }
    if let Some(i) = s.drop.iter().position(|(n, _)| *n == put) {
        let (_, keep) = s.drop.remove(i);
        let keep = keep.min(len) as usize;
        s.add(start, &body[..keep]);
        return error(500, "generalException");
    }
    s.add(start, &body);
    if s.received() == s.total {
        s.finished = true;
        return answer(
            201,
            json!({"id": "01BIG", "name": "big.bin", "size": s.total, "file": {"mimeType": "application/octet-stream"}}),
        );
    }
    answer(202, s.status_json())
}

fn parse_range(v: &str) -> Option<(u64, u64, u64)> {
    let rest = v.strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let (start, end) = range.split_once('-')?;
    let (start, end, total) = (start.parse().ok()?, end.parse().ok()?, total.parse().ok()?);
    (start <= end).then_some((start, end, total))
}

/// Starts a server routing `/up/...` to the session and everything else to `other`;
/// returns its origin (`http://127.0.0.1:PORT`).
pub async fn serve<F, Fut>(session: Shared, other: F) -> String
where
    F: Fn(axum::extract::Request) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Response<Body>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let (session, other) = (session.clone(), other.clone());
        async move {
            if req.uri().path().starts_with("/up/") {
                upload_url(session, req).await
            } else {
                other(req).await
            }
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    origin
}

pub fn status(code: u16) -> Response<Body> {
    Response::builder()
        .status(StatusCode::from_u16(code).unwrap())
        .body(Body::empty())
        .unwrap()
}

/// The strict `$batch` endpoint (tests/batch.rs).
pub mod batch_server;
