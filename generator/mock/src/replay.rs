//! The mock measured against its own docs: every documented request sent over HTTP and
//! its answer compared with the documented response; every operation called once and its
//! answer read against the typed response.

use crate::model::Model;
use crate::odata;
use crate::synth;
use crate::Mock;
use bytes::Bytes;
use docgen_codegen::ir::{Ir, Operation};
use docgen_codegen::lower::split_url;
use docgen_codegen::route::{self, Segment};
use http_body_util::{BodyExt, Full};
use serde_json::Value;
use std::time::{Duration, Instant};

/// One request whose answer was not what the docs show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The request's page and line, or the operation's name.
    pub source: String,
    /// What happened: the status and, for an error, its message.
    pub reason: String,
}

/// What [`replay`] found.
#[derive(Debug, Clone, Default)]
pub struct Replay {
    /// Documented requests that have a documented response.
    pub exchanges: usize,
    /// Of those, answered with their own documented status and body (JSON-equal).
    pub answered_own: usize,
    pub mismatches: Vec<Mismatch>,
    /// Of the mismatches, requests the docs show more than once, identical, with
    /// different answers: no mock can tell which answer is wanted.
    pub ambiguous: usize,
    /// Of the ambiguous, answered with their own response when the request names its
    /// example (`Prefer: example=<page:line>`).
    pub ambiguous_by_name: usize,
    pub operations: usize,
    /// Operations answered 2xx with a body their typed response reads (or none, where
    /// the docs say there is none).
    pub typed: usize,
    pub untyped: Vec<Mismatch>,
    /// Start-up (the model built and listening) and the requests' wall time.
    pub startup: Duration,
    pub elapsed: Duration,
    pub requests: usize,
}

/// Replays `ir`'s exchanges and calls each of its operations against a fresh mock.
pub async fn replay(ir: Ir) -> Result<Replay, crate::Error> {
    let schema_ir = ir.clone();
    let begun = Instant::now();
    let mock = Mock::from_ir(ir).start().await?;
    let mut r = Replay {
        startup: begun.elapsed(),
        ..Replay::default()
    };
    let model = Model::new(schema_ir, Default::default());
    let mut client = Client::connect(mock.addr()).await?;
    let twins = twins(&model.ir);
    let begun = Instant::now();
    for (i, e) in model.ir.exchanges.iter().enumerate() {
        let (Some(method), Some(url), Some(resp)) =
            (&e.request.method, &e.request.url, &e.response)
        else {
            continue;
        };
        r.exchanges += 1;
        let body = match (&e.request.json, &e.request.text) {
            (Some(j), _) => serde_json::to_vec(j).unwrap_or_default(),
            (None, Some(t)) => t.clone().into_bytes(),
            _ => Vec::new(),
        };
        let (path, query) = split_url(url);
        let target = target(&path, query.as_deref());
        r.requests += 1;
        let sent = body.clone();
        let got = match client.send(method, &target, &e.request.headers, body).await {
            Ok(got) => got,
            Err(err) => {
                r.mismatches.push(Mismatch {
                    source: e.source.clone(),
                    reason: format!("not sent: {err}"),
                });
                client = Client::connect(mock.addr()).await?;
                continue;
            }
        };
        let mut documented = resp.json.clone();
        if let Some(d) = &mut documented {
            odata::rebase_links(d, mock.url());
        }
        let same_body = same(&got, &documented, resp);
        if got.0 == resp.status.unwrap_or(200) && same_body {
            r.answered_own += 1;
        } else {
            let last = mock.log().pop();
            let from = last.map(|l| {
                format!(
                    " [{} from {}]",
                    l.operation.unwrap_or_default(),
                    l.example.unwrap_or_else(|| "the types".into())
                )
            });
            let mut reason = reason(got.0, &got.1) + &from.unwrap_or_default();
            if twins[i] {
                r.ambiguous += 1;
                reason.insert_str(0, "ambiguous: ");
                let mut named = e.request.headers.clone();
                named.push(("Prefer".into(), format!("example=\"{}\"", e.source)));
                let again = client.send(method, &target, &named, sent.clone()).await?;
                r.requests += 1;
                if again.0 == resp.status.unwrap_or(200) && same(&again, &documented, resp) {
                    r.ambiguous_by_name += 1;
                }
            }
            r.mismatches.push(Mismatch {
                source: e.source.clone(),
                reason,
            });
        }
    }
    let schema = model.schema();
    for op in &model.ir.operations {
        r.operations += 1;
        let (target, body) = call_of(&model, op);
        // The headers the docs require, with a value of the right shape.
        let headers: Vec<(String, String)> = op
            .parameters
            .iter()
            .filter(|p| p.required && p.location == docgen_codegen::ir::ParameterIn::Header)
            .map(|p| (p.name.clone(), "W/\"mock\"".to_string()))
            .collect();
        r.requests += 1;
        let got = match client.send(&op.method, &target, &headers, body).await {
            Ok(got) => got,
            Err(err) => {
                r.untyped.push(Mismatch {
                    source: op.name.clone(),
                    reason: format!("not sent: {err}"),
                });
                client = Client::connect(mock.addr()).await?;
                continue;
            }
        };
        let expected = op
            .response
            .as_ref()
            .and_then(|x| x.ty.as_ref().map(|t| (t, x.collection)));
        let problem = match expected {
            _ if !(200..400).contains(&got.0) => Some(reason(got.0, &got.1)),
            // No body wanted, a stream, or none given (204, a redirect): nothing to read.
            None => None,
            Some((t, _)) if t == "Edm.Stream" => None,
            Some(_) if got.1.is_empty() => None,
            Some((t, collection)) => match serde_json::from_slice::<Value>(&got.1) {
                Ok(v) => {
                    let v = if collection {
                        v.get("value").cloned().unwrap_or(v)
                    } else {
                        v
                    };
                    schema
                        .check(t, collection, &v, "", false, 0)
                        .err()
                        .map(|p| format!("{}: {}", got.0, p.message))
                }
                Err(_) => Some(format!("{}: not JSON", got.0)),
            },
        };
        match problem {
            None => r.typed += 1,
            Some(reason) => {
                let from = mock
                    .log()
                    .pop()
                    .and_then(|l| l.example)
                    .unwrap_or_else(|| "the types".into());
                r.untyped.push(Mismatch {
                    source: op.name.clone(),
                    reason: format!("{reason} [from {from}]"),
                })
            }
        }
    }
    r.elapsed = begun.elapsed();
    Ok(r)
}

/// Whether an answer's body is the documented one (JSON-equal).
fn same(
    got: &(u16, Bytes),
    documented: &Option<Value>,
    resp: &docgen_codegen::ir::Message,
) -> bool {
    // HTTP gives 204 and 304 no body, whatever an example shows after the status.
    if matches!(got.0, 204 | 304) {
        return true;
    }
    match (documented, &resp.text) {
        (Some(d), _) => serde_json::from_slice::<Value>(&got.1).ok().as_ref() == Some(d),
        (None, Some(t)) => got.1 == t.as_bytes(),
        (None, None) => got.1.is_empty(),
    }
}

/// For each exchange, whether another documents the same request (method, URL, headers
/// that choose an answer, body) with a different response.
fn twins(ir: &Ir) -> Vec<bool> {
    let key = |e: &docgen_codegen::ir::Exchange| {
        let mut headers: Vec<String> = e
            .request
            .headers
            .iter()
            .map(|(n, v)| format!("{}:{}", n.to_ascii_lowercase(), v.trim()))
            .filter(|h| !h.starts_with("authorization:") && !h.starts_with("content-"))
            .collect();
        headers.sort();
        let url = e.request.url.as_deref().map(split_url);
        format!(
            "{:?} {:?} {:?} {:?} {:?}",
            e.request.method.as_deref().map(str::to_ascii_uppercase),
            url.map(|(p, q)| (p.to_lowercase(), q)),
            headers,
            e.request.json,
            e.request.text
        )
    };
    let answer = |e: &docgen_codegen::ir::Exchange| {
        e.response
            .as_ref()
            .map(|r| (r.status, r.json.clone(), r.text.clone()))
    };
    let mut groups: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (i, e) in ir.exchanges.iter().enumerate() {
        groups.entry(key(e)).or_default().push(i);
    }
    let mut out = vec![false; ir.exchanges.len()];
    for members in groups.values() {
        for &i in members {
            out[i] = members
                .iter()
                .any(|&j| j != i && answer(&ir.exchanges[j]) != answer(&ir.exchanges[i]));
        }
    }
    out
}

fn reason(status: u16, body: &[u8]) -> String {
    let message = serde_json::from_slice::<Value>(body).ok().and_then(|v| {
        v.pointer("/error/message")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    match message {
        Some(m) => format!("{status}: {m}"),
        None => format!("{status}: a different body"),
    }
}

/// A request to `op`: keys and arguments filled with sample values, the body from its
/// first example or built from its type.
fn call_of(model: &Model, op: &Operation) -> (String, Vec<u8>) {
    let mut path = String::new();
    for s in route::parse(&op.path).0 {
        path.push('/');
        match s {
            Segment::Literal(t) => path.push_str(&t),
            Segment::Key { prefix, suffix, .. } => {
                path.push_str(&format!("{prefix}mock-id{suffix}"))
            }
            Segment::PathKey { base, .. } => path.push_str(&format!("{base}:/mock/file.txt:")),
            Segment::Function { name, args } => {
                let args: Vec<String> = args
                    .iter()
                    .map(|a| {
                        if a.quoted {
                            format!("{}={}'x'", a.name, a.prefix)
                        } else {
                            format!("{}=1", a.name)
                        }
                    })
                    .collect();
                path.push_str(&format!("{name}({})", args.join(",")));
            }
        }
    }
    let shown = model
        .ir
        .exchanges
        .iter()
        .find(|e| e.operation.as_deref() == Some(&op.name) && e.request.json.is_some())
        .and_then(|e| e.request.json.clone());
    let body = match (&op.body, shown) {
        (_, _) if op.method.eq_ignore_ascii_case("GET") => None,
        (_, Some(j)) => Some(j),
        (Some(b), None) => Some(synth::body(&model.schema(), b)),
        (None, None) => None,
    };
    let query: Vec<String> = op
        .parameters
        .iter()
        .filter(|p| p.required && p.location == docgen_codegen::ir::ParameterIn::Query)
        .map(|p| format!("{}=1", p.name))
        .collect();
    let query = (!query.is_empty()).then(|| query.join("&"));
    (
        target(&path, query.as_deref()),
        body.map(|b| serde_json::to_vec(&b).unwrap_or_default())
            .unwrap_or_default(),
    )
}

/// `/v1.0` + the path and query, with what a request line cannot hold escaped.
fn target(path: &str, query: Option<&str>) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const UNSAFE: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'{')
        .add(b'}')
        .add(b'|')
        .add(b'\\')
        .add(b'^')
        .add(b'`')
        .add(b'#');
    let mut t = format!("/v1.0{}", utf8_percent_encode(path, UNSAFE));
    if let Some(q) = query {
        t.push('?');
        t.push_str(&utf8_percent_encode(q, UNSAFE).to_string());
    }
    t
}

/// One keep-alive HTTP/1.1 connection to the mock.
pub(crate) struct Client {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    addr: std::net::SocketAddr,
}

impl Client {
    pub(crate) async fn connect(addr: std::net::SocketAddr) -> Result<Client, crate::Error> {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(crate::Error::Io)?;
        let (sender, conn) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .map_err(|e| crate::Error::Io(std::io::Error::other(e)))?;
        tokio::spawn(conn);
        Ok(Client { sender, addr })
    }

    pub(crate) async fn send(
        &mut self,
        method: &str,
        target: &str,
        headers: &[(String, String)],
        body: Vec<u8>,
    ) -> Result<(u16, Bytes), crate::Error> {
        let io = |e: &dyn std::fmt::Display| crate::Error::Io(std::io::Error::other(e.to_string()));
        let mut req = hyper::Request::builder()
            .method(method)
            .uri(target)
            .header("host", self.addr.to_string())
            .header("authorization", "Bearer mock-token")
            .header("content-length", body.len().to_string());
        for (n, v) in headers {
            let lower = n.to_ascii_lowercase();
            if [
                "host",
                "content-length",
                "authorization",
                "transfer-encoding",
                "connection",
            ]
            .contains(&lower.as_str())
            {
                continue;
            }
            if http::HeaderName::try_from(lower.as_str()).is_ok()
                && http::HeaderValue::try_from(v.as_str()).is_ok()
            {
                req = req.header(lower.as_str(), v.as_str());
            }
        }
        let req = req.body(Full::new(Bytes::from(body))).map_err(|e| io(&e))?;
        if self.sender.ready().await.is_err() {
            // The mock closed the connection after the last answer: open another.
            *self = Client::connect(self.addr).await?;
        }
        let resp = self.sender.send_request(req).await.map_err(|e| io(&e))?;
        let status = resp.status().as_u16();
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| io(&e))?
            .to_bytes();
        Ok((status, body))
    }
}
