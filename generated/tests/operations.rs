//! Replays every request/response example documented in `docs-input/` against a local
//! server: the generated typed method for the operation must send what the doc's request
//! shows, and must parse the doc's response into a value that serializes back to it.
//!
//! Also runs `examples/invite_participant.rs` against a local server.
#![deny(warnings)]

mod common;
use common::Seen;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Response;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use graph_comms::{models, runtime, Client};

#[path = "../examples/invite_participant.rs"]
mod example;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input");
const TOKEN: &str = "test-token";

// ---------------------------------------------------------------------------------------
// Recording server

/// The answer the server gives to every request until it is replaced.
#[derive(Debug, Clone, Default)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

#[derive(Default)]
struct State {
    reply: Reply,
    seen: Vec<Seen>,
}

struct Server {
    port: u16,
    state: Arc<Mutex<State>>,
}

impl Server {
    async fn start() -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state: Arc<Mutex<State>> = Arc::default();
        let shared = state.clone();
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let state = shared.clone();
            async move {
                let seen_req = Seen::record(req).await;
                let reply = {
                    let mut state = state.lock().unwrap();
                    state.seen.push(seen_req);
                    state.reply.clone()
                };
                let mut response = Response::builder().status(reply.status);
                for (name, value) in &reply.headers {
                    response = response.header(name.as_str(), value.as_str());
                }
                response.body(Body::from(reply.body)).unwrap()
            }
        });
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { port, state }
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1.0", self.port)
    }

    /// Sets the reply for the next requests and forgets earlier requests.
    fn reply_with(&self, reply: Reply) {
        let mut state = self.state.lock().unwrap();
        state.reply = reply;
        state.seen.clear();
    }

    fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }
}

/// The documented response as the server's reply (hop-by-hop and length headers left out).
fn documented_reply(response: &docgen_codegen::doc::HttpResponse) -> Reply {
    Reply {
        status: response.status,
        headers: response
            .headers
            .iter()
            .filter(|(name, _)| {
                !["content-length", "transfer-encoding", "connection"]
                    .contains(&name.to_ascii_lowercase().as_str())
            })
            .cloned()
            .collect(),
        body: response
            .body
            .as_ref()
            .map(|b| b.text.clone())
            .unwrap_or_default(),
    }
}

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .token(TOKEN)
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------------------
// Comparing

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// `a=1&b=%20x` as decoded, sorted name/value pairs.
fn decode_query(query: Option<&str>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

/// Path segments, each percent-decoded (so an encoded `/` stays inside its segment).
fn decode_segments(path: &str) -> Vec<String> {
    path.trim_start_matches('/')
        .split('/')
        .map(percent_decode)
        .collect()
}

/// Drops `null` members (absent and `null` mean the same here) and writes timestamps
/// and GUIDs in one canonical form, as the generated round-trip test does.
fn normalize(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, normalize(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::String(s) => Value::String(normalize_string(s)),
        other => other,
    }
}

fn normalize_string(s: String) -> String {
    use time::format_description::well_known::Rfc3339;
    if let Ok(t) = time::OffsetDateTime::parse(&s, &Rfc3339) {
        return t.format(&Rfc3339).unwrap_or(s);
    }
    let hex = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_hexdigit());
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() == 5 && [8, 4, 4, 4, 12].iter().zip(&parts).all(|(n, p)| hex(p, *n)) {
        return s.to_ascii_lowercase();
    }
    s
}

fn same_json(what: &str, sent: Value, documented: &Value) -> Result<(), Failure> {
    let (sent, documented) = (normalize(sent), normalize(documented.clone()));
    if sent == documented {
        Ok(())
    } else {
        Err(Failure::Failed(format!(
            "{what} differs from the doc:\n      doc:    {documented}\n      client: {sent}"
        )))
    }
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+).into());
        }
    };
}

// ---------------------------------------------------------------------------------------
// Calling the typed methods

/// What a typed method returned, serialized for comparison with the doc's response.
#[derive(Debug)]
enum Outcome {
    /// A single JSON value.
    Json(Value),
    /// One page of a collection (`runtime::Collection`), serialized.
    Collection(Value),
    /// `202 Accepted`.
    Accepted(runtime::Accepted),
    /// `()` (`204 No Content`).
    Empty,
}

/// Inputs of one documented request, taken apart for the typed method.
struct Call<'a> {
    /// Path parameters in URL order: keys and function arguments, as the example writes them.
    ids: Vec<String>,
    /// The example calls the route through its `/me` alias.
    me: bool,
    /// The type the doc's response annotation names.
    response_type: Option<String>,
    /// Decoded query options of the example URL.
    query: &'a [(String, String)],
    /// Request headers of the example that a caller sets (not Authorization, Content-Type, ...).
    headers: Vec<(String, String)>,
    /// The example's JSON body.
    body: Option<&'a Value>,
    /// The example's body as written, and its Content-Type: what a content upload sends.
    text: Option<(&'a str, &'a str)>,
}

impl Call<'_> {
    fn id(&self, i: usize) -> Result<&str, String> {
        self.ids
            .get(i)
            .map(String::as_str)
            .ok_or_else(|| format!("the example URL has no path parameter #{}", i + 1))
    }

    /// The example body as the method's typed body.
    fn body<T: DeserializeOwned>(&self) -> Result<T, String> {
        let json = self.body.ok_or("the request example has no JSON body")?;
        serde_json::from_value(json.clone()).map_err(|e| {
            format!(
                "the request example does not deserialize into {}: {e}",
                std::any::type_name::<T>()
            )
        })
    }

    /// Applies the example's query options and headers through the typed builder methods.
    fn prepare<'c, T>(
        &self,
        mut request: runtime::Request<'c, T>,
    ) -> Result<runtime::Request<'c, T>, String> {
        for (name, value) in self.query {
            request = match name.as_str() {
                "$top" => request.top(value.parse().map_err(|e| format!("$top={value}: {e}"))?),
                "$skip" => request.skip(value.parse().map_err(|e| format!("$skip={value}: {e}"))?),
                "$select" => request.select(&value.split(',').collect::<Vec<_>>()),
                "$expand" => request.expand(&value.split(',').collect::<Vec<_>>()),
                "$orderby" => request.orderby(&value.split(',').collect::<Vec<_>>()),
                "$filter" => request.filter(value),
                "$search" => request.search(value),
                "$count" => request.count(value == "true"),
                _ => request.query(name, value),
            };
        }
        for (name, value) in &self.headers {
            request = match (name.to_ascii_lowercase().as_str(), value.as_str()) {
                ("consistencylevel", "eventual") => request.consistency_level_eventual(),
                // Anything else is not sent; the header check then names it.
                _ => request,
            };
        }
        Ok(request)
    }
}

/// Why an exchange did not pass.
#[derive(Debug)]
enum Failure {
    /// `call_typed` has no case for the operation.
    NotCovered,
    /// The client sent or returned something other than the doc shows.
    Failed(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Failed(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::Failed(message.to_owned())
    }
}

fn sent<T>(result: Result<T, runtime::Error>) -> Result<T, Failure> {
    result.map_err(|e| Failure::Failed(format!("the client failed: {e}")))
}

fn to_json<T: Serialize>(value: &T) -> Result<Value, Failure> {
    serde_json::to_value(value)
        .map_err(|e| Failure::Failed(format!("the result does not serialize: {e}")))
}

fn json<T: Serialize>(result: Result<T, runtime::Error>) -> Result<Outcome, Failure> {
    Ok(Outcome::Json(to_json(&sent(result)?)?))
}

fn collection<T: Serialize>(
    result: Result<runtime::Collection<T>, runtime::Error>,
) -> Result<Outcome, Failure> {
    Ok(Outcome::Collection(to_json(&sent(result)?)?))
}

fn accepted(result: Result<runtime::Accepted, runtime::Error>) -> Result<Outcome, Failure> {
    Ok(Outcome::Accepted(sent(result)?))
}

fn empty(result: Result<(), runtime::Error>) -> Result<Outcome, Failure> {
    let () = sent(result)?;
    Ok(Outcome::Empty)
}

/// Calls the generated method for `operation` (`METHOD path`, as in the IR) with the
/// example's inputs, through the request builders that follow the URL.
///
/// Adding an operation to the docs means adding a case here: the coverage assertion in
/// `every_documented_exchange_round_trips_through_the_typed_client` fails until then.
async fn call_typed(client: &Client, operation: &str, c: &Call<'_>) -> Result<Outcome, Failure> {
    let calls = client.communications().calls();
    match operation {
        "GET /communications/callRecords/{callRecord-id}" => json(
            c.prepare(client.communications().call_records().by_id(c.id(0)?).get())?
                .send()
                .await,
        ),
        "GET /chats/{chat-id}/messages/{message-id}/hostedContents/{hostedContent-id}" => json(
            c.prepare(
                client
                    .chats()
                    .by_id(c.id(0)?)
                    .messages()
                    .by_id(c.id(1)?)
                    .hosted_contents()
                    .by_id(c.id(2)?)
                    .get(),
            )?
            .send()
            .await,
        ),
        "POST /communications/calls/{call-id}/answer" => accepted(
            c.prepare(calls.by_id(c.id(0)?).answer(&c.body()?))?
                .send()
                .await,
        ),
        "DELETE /communications/calls/{call-id}" => {
            empty(c.prepare(calls.by_id(c.id(0)?).delete())?.send().await)
        }
        "GET /communications/calls/{call-id}" => {
            json(c.prepare(calls.by_id(c.id(0)?).get())?.send().await)
        }
        "GET /communications/calls/{call-id}/operations/{operation-id}" => {
            // One route, two derived response types documented on two pages: the method
            // returns the polymorphic base, and each page's response reads through it.
            let op: models::AnyCommsOperation = sent(
                c.prepare(calls.by_id(c.id(0)?).operations().by_id(c.id(1)?).get())?
                    .send()
                    .await,
            )?;
            let documented = c.response_type.as_deref().unwrap_or_default();
            let variant = match &op {
                models::AnyCommsOperation::InviteParticipantsOperation(_) => {
                    "microsoft.graph.inviteParticipantsOperation"
                }
                models::AnyCommsOperation::MuteParticipantOperation(_) => {
                    "microsoft.graph.muteParticipantOperation"
                }
                _ => "microsoft.graph.commsOperation",
            };
            ensure!(
                variant == documented,
                "the response read as {variant}, but the doc's response is a {documented}"
            );
            ensure!(
                op.id().is_some(),
                "the base's accessor reads the id of any variant"
            );
            Ok(Outcome::Json(to_json(&op)?))
        }
        "GET /communications/calls/{call-id}/participants" => collection(
            c.prepare(calls.by_id(c.id(0)?).participants().list())?
                .send()
                .await,
        ),
        "POST /communications/calls" => json(c.prepare(calls.create(&c.body()?))?.send().await),
        "POST /communications/calls/{call-id}/redirect" => accepted(
            c.prepare(calls.by_id(c.id(0)?).redirect(&c.body()?))?
                .send()
                .await,
        ),
        "POST /communications/calls/{call-id}/reject" => accepted(
            c.prepare(calls.by_id(c.id(0)?).reject(&c.body()?))?
                .send()
                .await,
        ),
        "DELETE /communications/calls/{call-id}/participants/{participant-id}" => empty(
            c.prepare(
                calls
                    .by_id(c.id(0)?)
                    .participants()
                    .by_id(c.id(1)?)
                    .delete(),
            )?
            .send()
            .await,
        ),
        "GET /communications/calls/{call-id}/participants/{participant-id}" => json(
            c.prepare(calls.by_id(c.id(0)?).participants().by_id(c.id(1)?).get())?
                .send()
                .await,
        ),
        "POST /communications/calls/{call-id}/participants/invite" => json(
            c.prepare(calls.by_id(c.id(0)?).participants().invite(&c.body()?))?
                .send()
                .await,
        ),
        "POST /communications/calls/{call-id}/participants/{participant-id}/mute" => json(
            c.prepare(
                calls
                    .by_id(c.id(0)?)
                    .participants()
                    .by_id(c.id(1)?)
                    .mute(&c.body()?),
            )?
            .send()
            .await,
        ),
        "GET /users/{user-id}/drive/root/search(q='{q}')" => {
            // `/me/...` examples call the same builder through `client.me()`.
            let (user, rest) = if c.me {
                (client.me(), 0)
            } else {
                (client.users().by_id(c.id(0)?), 1)
            };
            collection(
                c.prepare(user.drive().root().search(c.id(rest)?))?
                    .send()
                    .await,
            )
        }
        "PUT /users/{user-id}/drive/items/{item-id}/content" => {
            let (user, rest) = if c.me {
                (client.me(), 0)
            } else {
                (client.users().by_id(c.id(0)?), 1)
            };
            let (text, content_type) = c.text.ok_or("the request example has no content")?;
            let put = user.drive().items().by_id(c.id(rest)?).content();
            json(
                c.prepare(put.replace(text.as_bytes().to_vec(), content_type))?
                    .send()
                    .await,
            )
        }
        "GET /drives/{drive-id}/root/search(q='{q}')" => collection(
            c.prepare(client.drives().by_id(c.id(0)?).root().search(c.id(1)?))?
                .send()
                .await,
        ),
        _ => Err(Failure::NotCovered),
    }
}

// ---------------------------------------------------------------------------------------
// One exchange

/// Splits an absolute example URL into (path after the version segment, raw query).
fn split_example_url(url: &str) -> Result<(String, Option<String>), Failure> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path_and_query = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q.to_owned())),
        None => (path_and_query, None),
    };
    // `/v1.0/communications/calls` -> `/communications/calls`
    let rest = path
        .trim_start_matches('/')
        .split_once('/')
        .map(|(_, rest)| rest)
        .unwrap_or("");
    Ok((format!("/{rest}"), query))
}

/// Values of the template's keys and function arguments in `path` (percent-decoded),
/// and whether the path is the template's `/me` alias.
fn path_parameters(
    operation: &docgen_codegen::ir::Operation,
    path: &str,
) -> Result<(Vec<String>, bool), Failure> {
    use docgen_codegen::route::{self, Segment};
    let (example, samples) = route::parse(path);
    let forms = std::iter::once((operation.path.as_str(), false))
        .chain(operation.aliases.iter().map(|a| (a.as_str(), true)));
    for (template, me) in forms {
        let (t, _) = route::parse(template);
        if !route::fits(&t, &example) {
            continue;
        }
        let mut ids = Vec::new();
        for ((t, e), sample) in t.iter().zip(&example).zip(&samples) {
            match (t, e) {
                (Segment::Key { .. }, Segment::Literal(v)) => ids.push(percent_decode(v)),
                (Segment::Key { .. } | Segment::PathKey { .. }, _) => {
                    ids.push(percent_decode(sample.as_deref().unwrap_or_default()))
                }
                (Segment::Function { args, .. }, Segment::Function { args: given, .. }) => {
                    for a in args {
                        let value = given
                            .iter()
                            .find(|g| g.name.eq_ignore_ascii_case(&a.name))
                            .and_then(|g| g.sample.clone())
                            .ok_or_else(|| {
                                format!("the example gives no value for `{}`", a.name)
                            })?;
                        ids.push(percent_decode(&value));
                    }
                }
                _ => {}
            }
        }
        return Ok((ids, me));
    }
    Err(format!(
        "example path {path} does not match the operation's template {} or its aliases",
        operation.path
    )
    .into())
}

/// Headers the client sets itself or that the transport owns.
fn caller_header(name: &str) -> bool {
    ![
        "authorization",
        "content-type",
        "content-length",
        "host",
        "accept",
        "user-agent",
    ]
    .contains(&name.to_ascii_lowercase().as_str())
}

async fn check_exchange(
    server: &Server,
    client: &Client,
    operation: &docgen_codegen::ir::Operation,
    exchange: &docgen_codegen::lower::Exchange,
) -> Result<(), Failure> {
    let request = &exchange.request;
    let response = exchange
        .response
        .as_ref()
        .ok_or("the example has no documented response")?;
    let (path, raw_query) = split_example_url(&request.url)?;
    let (ids, me) = path_parameters(operation, &path)?;
    let query = decode_query(raw_query.as_deref());
    let doc_body = request.body.as_ref();
    let call = Call {
        ids,
        me,
        response_type: exchange.response_type.clone(),
        query: &query,
        headers: request
            .headers
            .iter()
            .filter(|(n, _)| caller_header(n))
            .cloned()
            .collect(),
        body: doc_body.and_then(|b| b.json.as_ref()),
        text: doc_body.filter(|b| b.json.is_none()).and_then(|b| {
            let ct = request
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))?;
            Some((b.text.as_str(), ct.1.as_str()))
        }),
    };

    server.reply_with(documented_reply(response));
    let outcome = call_typed(client, &operation.name, &call).await;
    let seen = server.seen();
    let outcome = outcome?;
    {
        ensure!(
            seen.len() == 1,
            "expected exactly one request, the server got {}",
            seen.len()
        );
        let s = &seen[0];

        // What was sent.
        ensure!(
            s.method == request.method.to_ascii_uppercase(),
            "method: doc {} but the client sent {}",
            request.method,
            s.method
        );
        let expected_path = format!("/v1.0{path}");
        ensure!(
            decode_segments(&s.path) == decode_segments(&expected_path),
            "path: doc {expected_path} but the server received {}",
            s.path
        );
        let sent_query = decode_query(s.query.as_deref());
        ensure!(
            sent_query == query,
            "query: doc {query:?} but the client sent {sent_query:?}"
        );
        ensure!(
            s.header("authorization") == Some(&format!("Bearer {TOKEN}")),
            "Authorization: expected `Bearer {TOKEN}`, got {:?}",
            s.header("authorization")
        );
        for (name, value) in &request.headers {
            let lower = name.to_ascii_lowercase();
            if lower == "content-type" {
                let media = |v: &str| {
                    v.split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase()
                };
                let sent = s.header("content-type");
                ensure!(
                    sent.map(media) == Some(media(value)),
                    "Content-Type: doc {value} but the client sent {sent:?}"
                );
            } else if caller_header(name) {
                let sent = s.header(&lower);
                ensure!(
                    sent == Some(value.as_str()),
                    "header {name}: doc {value:?} but the client sent {sent:?} (apply it in Call::prepare)"
                );
            }
        }
        match doc_body {
            Some(body) if body.json.is_none() => ensure!(
                s.body == body.text.as_bytes(),
                "request body: doc {:?} but the client sent {:?}",
                body.text,
                String::from_utf8_lossy(&s.body)
            ),
            Some(body) => {
                let documented = body
                    .json
                    .as_ref()
                    .ok_or("the request example's body is not JSON")?;
                let sent: Value = serde_json::from_slice(&s.body).map_err(|e| {
                    format!(
                        "the client's body is not JSON ({e}): {}",
                        String::from_utf8_lossy(&s.body)
                    )
                })?;
                same_json("request body", sent, documented)?;
            }
            None => ensure!(
                s.body.is_empty(),
                "the doc sends no body but the client sent {}",
                String::from_utf8_lossy(&s.body)
            ),
        }

        // What came back.
        let doc_json = response.body.as_ref().and_then(|b| b.json.as_ref());
        let location = response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("location"))
            .map(|(_, v)| v.clone());
        match outcome {
            Outcome::Json(value) => {
                let documented = doc_json.ok_or(
                    "the typed method returns a value but the doc's response has no JSON body",
                )?;
                same_json("typed result", value, documented)?;
            }
            Outcome::Collection(page) => {
                let documented = doc_json.ok_or(
                    "the typed method returns a collection but the doc's response has no JSON body",
                )?;
                let doc_items = documented
                    .get("value")
                    .ok_or("the doc's collection response has no `value`")?;
                same_json("collection items", page["value"].clone(), doc_items)?;
                let doc_next = documented
                    .get("@odata.nextLink")
                    .cloned()
                    .unwrap_or(Value::Null);
                same_json(
                    "@odata.nextLink",
                    page["@odata.nextLink"].clone(),
                    &doc_next,
                )?;
            }
            Outcome::Accepted(accepted) => {
                ensure!(
                    response.status == 202,
                    "the typed method returns Accepted but the doc answers {}",
                    response.status
                );
                ensure!(
                    doc_json.is_none(),
                    "the doc's 202 has a body that Accepted drops: {:?}",
                    doc_json
                );
                ensure!(
                    accepted.location == location,
                    "Accepted.location: doc {location:?} but the client returned {:?}",
                    accepted.location
                );
            }
            Outcome::Empty => {
                ensure!(
                    doc_json.is_none(),
                    "the typed method returns () but the doc's response has a body"
                );
                ensure!(
                    response.status == 204,
                    "the typed method returns () for a documented {}",
                    response.status
                );
            }
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_documented_exchange_round_trips_through_the_typed_client() {
    let exchanges = docgen_codegen::Config::new()
        .input(DOCS)
        .exchanges()
        .unwrap();
    let (ir, _) = docgen_codegen::Config::new().input(DOCS).load().unwrap();
    assert!(
        !exchanges.is_empty(),
        "docs-input has request/response examples"
    );
    let operations: BTreeMap<&str, &docgen_codegen::ir::Operation> = ir
        .operations
        .iter()
        .map(|op| (op.name.as_str(), op))
        .collect();

    let server = Server::start().await;
    let client = client(&server);
    let mut exercised = BTreeSet::new();
    let mut uncovered = BTreeSet::new();
    let mut failures = Vec::new();
    for (name, exchange) in &exchanges {
        let label = format!(
            "{name} (example {:?}, line {})",
            exchange.name.as_deref().unwrap_or("unnamed"),
            exchange.line
        );
        let Some(operation) = operations.get(name.as_str()) else {
            failures.push(format!("{label}: no operation of that name in the IR"));
            continue;
        };
        match check_exchange(&server, &client, operation, exchange).await {
            Err(Failure::NotCovered) => {
                uncovered.insert(name.clone());
            }
            result => {
                exercised.insert(name.clone());
                if let Err(Failure::Failed(e)) = result {
                    failures.push(format!("{label}: {e}"));
                }
            }
        }
    }

    // Routes the HTTP request sections list without an example are operations too; only
    // those with an example can be replayed (the rest are exercised by the tests below).
    let documented: BTreeSet<&str> = exchanges.iter().map(|(n, _)| n.as_str()).collect();
    let missing: Vec<String> = operations
        .keys()
        .filter(|name| documented.contains(**name) && !exercised.contains(**name))
        .map(|name| {
            if uncovered.contains(*name) {
                format!("{name}: no case in call_typed (tests/operations.rs); add one calling the generated method")
            } else {
                format!("{name}: the docs have no request/response example for it")
            }
        })
        .collect();
    assert!(
        failures.is_empty() && missing.is_empty(),
        "{} failing exchange(s) of {}:\n  {}\n{} operation(s) of {} never exercised:\n  {}",
        failures.len(),
        exchanges.len(),
        failures.join("\n  "),
        missing.len(),
        operations.len(),
        missing.join("\n  "),
    );
}

// ---------------------------------------------------------------------------------------
// examples/invite_participant.rs

#[tokio::test(flavor = "multi_thread")]
async fn invite_participant_example_runs_against_a_local_server() {
    let exchanges = docgen_codegen::Config::new()
        .input(DOCS)
        .exchanges()
        .unwrap();
    let (_, documented) = exchanges
        .iter()
        .find(|(name, e)| {
            name == "POST /communications/calls/{call-id}/participants/invite"
                && e.response.as_ref().is_some_and(|r| r.body.is_some())
        })
        .expect("participant-invite has a documented response");
    let response = documented.response.as_ref().unwrap();
    let doc_op = response.body.as_ref().unwrap().json.clone().unwrap();

    let server = Server::start().await;
    server.reply_with(documented_reply(response));
    let call_id = "58fc647a-9e95-41ba-a468-e727b1cce1f4";
    let op = example::run(&server.base_url(), TOKEN, call_id)
        .await
        .unwrap();

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let s = &seen[0];
    assert_eq!(s.method, "POST");
    assert_eq!(
        s.path,
        format!("/v1.0/communications/calls/{call_id}/participants/invite")
    );
    assert_eq!(
        s.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(s.header("content-type"), Some("application/json"));
    let sent: Value = serde_json::from_slice(&s.body).unwrap();
    let expected =
        serde_json::to_value(example::invite_body(example::USER_ID, example::USER_NAME)).unwrap();
    assert_eq!(sent, expected);
    let invited = &sent["participants"][0]["identity"]["user"];
    assert_eq!(invited["id"], example::USER_ID);
    assert_eq!(invited["displayName"], example::USER_NAME);
    assert_eq!(sent["participants"].as_array().map(Vec::len), Some(1));

    let op: models::InviteParticipantsOperation = op;
    assert_eq!(op.id.as_deref(), doc_op["id"].as_str());
    assert_eq!(
        op.status.as_ref().map(|s| s.as_str()),
        doc_op["status"].as_str()
    );
}

// ---------------------------------------------------------------------------------------
// OData literals and keys in the path

/// A value a caller may pass that means something in a URL or an OData expression.
const NASTY: &str = "it's a/b?c#d%e & ünï";

#[tokio::test(flavor = "multi_thread")]
async fn a_function_argument_reaches_the_server_as_one_escaped_string_literal() {
    let server = Server::start().await;
    server.reply_with(Reply {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: r#"{"value": []}"#.into(),
    });
    let client = client(&server);
    let found = client
        .drives()
        .by_id("drive-1")
        .root()
        .search(NASTY)
        .send()
        .await
        .unwrap();
    assert!(found.value.is_empty());
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let s = &seen[0];
    assert_eq!(s.method, "GET");
    assert!(s.body.is_empty(), "a GET carries no body");
    // One segment: nothing in the value split the path or started a query or fragment.
    let raw: Vec<&str> = s.path.split('/').collect();
    assert_eq!(raw.len(), 6, "{}", s.path);
    assert_eq!(s.query, None);
    assert_eq!(
        percent_decode(raw[5]),
        "search(q='it''s a/b?c#d%e & ünï')",
        "quoted, the quote doubled, percent-encoded as one segment"
    );
    assert!(raw[5].is_ascii());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_reaches_the_server_as_one_segment_and_me_is_the_users_builder() {
    let server = Server::start().await;
    server.reply_with(Reply {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: r#"{"value": []}"#.into(),
    });
    let client = client(&server);
    client
        .users()
        .by_id(NASTY)
        .drive()
        .root()
        .search("x")
        .send()
        .await
        .unwrap();
    client.me().drive().root().search("y").send().await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let raw: Vec<&str> = seen[0].path.split('/').collect();
    assert_eq!(raw.len(), 7, "{}", seen[0].path);
    assert_eq!(percent_decode(raw[3]), NASTY);
    assert_eq!(
        decode_segments(&seen[1].path),
        ["v1.0", "me", "drive", "root", "search(q='y')"]
    );
    assert!(seen.iter().all(|s| s.method == "GET" && s.body.is_empty()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_builders_route_is_its_path_and_reaches_routes_the_docs_do_not_describe() {
    let server = Server::start().await;
    server.reply_with(Reply {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: r#"{"id": "b-1"}"#.into(),
    });
    let client = client(&server);
    let drive = client.users().by_id("a/b").drive();
    assert_eq!(drive.0.path(), "/users/a%2Fb/drive");
    assert_eq!(format!("{:?}", drive.0), r#"Route("/users/a%2Fb/drive")"#);
    let bundle: Value = drive
        .0
        .segment("bundles")
        .key("k 1")
        .request(runtime::Method::GET, runtime::decode_json)
        .send()
        .await
        .unwrap();
    assert_eq!(bundle["id"], "b-1");
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "GET");
    assert_eq!(seen[0].path, "/v1.0/users/a%2Fb/drive/bundles/k%201");
}
