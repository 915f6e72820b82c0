//! Loopback tests for the generated `runtime` module: real HTTP against axum
//! servers on 127.0.0.1 ephemeral ports. No sleeps are used for synchronisation:
//! listeners are bound before the client is created.
//!
//! Ported from the runtime's development tests; operations go through the generated
//! typed methods where one fits.
#![deny(warnings)]

mod common;
use common::Seen;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::Response;
use futures_util::{StreamExt, TryStreamExt};
use reqwest::Method;
use serde_json::{json, Value};

use graph_comms::models;
use graph_comms::runtime::{self, Collection, Error, RetryPolicy, StaticToken};
use graph_comms::Client;

const TOKEN: &str = "s3cr3t-t0ken-value";

struct Server {
    /// `http://127.0.0.1:PORT`
    origin: String,
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn base(&self) -> String {
        format!("{}/v1.0", self.origin)
    }
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

/// Starts a server whose responses come from `respond(request, index, own_origin)`.
async fn serve<F>(respond: F) -> Server
where
    F: Fn(&Seen, usize, &str) -> Response<Body> + Send + Sync + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let origin = format!("http://127.0.0.1:{port}");
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let respond = Arc::new(respond);
    let (seen2, origin2) = (seen.clone(), origin.clone());
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let (seen, origin, respond) = (seen2.clone(), origin2.clone(), respond.clone());
        async move {
            let s = Seen::record(req).await;
            let index = {
                let mut v = seen.lock().unwrap();
                v.push(s.clone());
                v.len() - 1
            };
            respond(&s, index, &origin)
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { origin, port, seen }
}

fn resp(status: u16, headers: &[(&str, &str)], body: impl Into<String>) -> Response<Body> {
    let mut b = Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::from(body.into())).unwrap()
}

fn json_resp(status: u16, v: Value) -> Response<Body> {
    resp(
        status,
        &[("content-type", "application/json")],
        v.to_string(),
    )
}

fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        max_elapsed: Duration::from_secs(30),
        base_delay: Duration::from_millis(1),
    }
}

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(server.base())
        .token(StaticToken::new(TOKEN))
        .retry_policy(fast_retries(3))
        .build()
        .unwrap()
}

fn decode_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            let d = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8()
                    .unwrap()
                    .into_owned()
            };
            (d(k), d(v))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn get_with_odata_options_sends_exact_query() {
    let server =
        serve(|_, _, _| json_resp(200, json!({"value": [{"id": "1"}], "@odata.count": 1}))).await;
    let c = client(&server);
    let page = c
        .request(
            Method::GET,
            "/users".into(),
            runtime::decode_json::<Collection<Value>>,
        )
        .select(&["id", "displayName"])
        .filter("displayName eq 'Alice Smith' and startswith(mail,'a&b+c#d')")
        .orderby(&["displayName desc"])
        .top(5)
        .count(true)
        .search("\"displayName:al\"")
        .expand(&["manager"])
        .skip(2)
        .query("custom", 42)
        .consistency_level_eventual()
        .send()
        .await
        .unwrap();
    assert_eq!(page.value, vec![json!({"id": "1"})]);
    assert_eq!(page.count, Some(1));
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let s = &seen[0];
    assert_eq!(s.method, "GET");
    assert_eq!(s.path, "/v1.0/users");
    assert_eq!(
        s.query.as_deref().unwrap(),
        "$select=id,displayName\
         &$filter=displayName%20eq%20%27Alice%20Smith%27%20and%20startswith(mail,%27a%26b%2Bc%23d%27)\
         &$orderby=displayName%20desc&$top=5&$count=true&$search=%22displayName:al%22\
         &$expand=manager&$skip=2&custom=42"
    );
    let q = decode_query(s.query.as_deref().unwrap());
    assert_eq!(
        q[1],
        (
            "$filter".into(),
            "displayName eq 'Alice Smith' and startswith(mail,'a&b+c#d')".into()
        )
    );
    assert_eq!(s.auth(), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(s.header("consistencylevel"), Some("eventual"));
}

#[tokio::test(flavor = "multi_thread")]
async fn select_replaces_earlier_value() {
    let server = serve(|_, _, _| json_resp(200, json!({"value": []}))).await;
    let c = client(&server);
    c.request(
        Method::GET,
        "/users".into(),
        runtime::decode_json::<Collection<Value>>,
    )
    .select(&["a"])
    .select(&["b"])
    .send()
    .await
    .unwrap();
    assert_eq!(server.seen()[0].query.as_deref(), Some("$select=b"));
}

#[derive(serde::Serialize)]
struct InviteBody<'a> {
    participants: Vec<&'a str>,
    #[serde(rename = "clientContext")]
    client_context: &'a str,
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Operation {
    id: String,
    status: String,
}

#[tokio::test(flavor = "multi_thread")]
async fn post_json_body() {
    let server = serve(|s, _, _| {
        let body: Value = serde_json::from_slice(&s.body).unwrap();
        json_resp(200, json!({"id": "op-1", "status": body["clientContext"]}))
    })
    .await;
    let c = client(&server);
    let op = c
        .request(
            Method::POST,
            format!(
                "/communications/calls/{}/participants/invite",
                runtime::encode_segment("call 1")
            ),
            runtime::decode_json::<Operation>,
        )
        .json(&InviteBody {
            participants: vec!["a", "b"],
            client_context: "ctx",
        })
        .send()
        .await
        .unwrap();
    assert_eq!(
        op,
        Operation {
            id: "op-1".into(),
            status: "ctx".into()
        }
    );
    let s = &server.seen()[0];
    assert_eq!(s.method, "POST");
    assert_eq!(
        s.path,
        "/v1.0/communications/calls/call%201/participants/invite"
    );
    assert_eq!(s.header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<Value>(&s.body).unwrap(),
        json!({"participants": ["a", "b"], "clientContext": "ctx"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn body_bytes_and_decode_bytes() {
    let server = serve(|s, _, _| {
        resp(
            200,
            &[("content-type", "application/octet-stream")],
            String::from_utf8(s.body.to_vec()).unwrap() + "!",
        )
    })
    .await;
    let c = client(&server);
    let out = c
        .request(
            Method::PUT,
            "/me/photo/$value".into(),
            runtime::decode_bytes,
        )
        .body_bytes(b"abc".to_vec(), "image/png")
        .send()
        .await
        .unwrap();
    assert_eq!(&out[..], b"abc!");
    let s = &server.seen()[0];
    assert_eq!(s.path, "/v1.0/me/photo/$value");
    assert_eq!(s.header("content-type"), Some("image/png"));
}

const ROSTER: &str = "/v1.0/communications/calls/call-1/participants";

/// A roster of `2 * (last + 1)` participants served two per page; the page index
/// travels in `$skiptoken` and the last page carries a delta link.
fn pager(last: usize) -> impl Fn(&Seen, usize, &str) -> Response<Body> + Send + Sync + 'static {
    move |s, _, origin| {
        assert_eq!(s.path, ROSTER);
        let i: usize = s
            .query
            .as_deref()
            .and_then(|q| q.strip_prefix("$skiptoken=p%20"))
            .map_or(0, |n| n.parse().unwrap());
        let mut page = json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#communications/calls('call-1')/participants",
            "value": [participant(2 * i), participant(2 * i + 1)],
        });
        if i < last {
            page["@odata.nextLink"] = json!(format!("{origin}{ROSTER}?$skiptoken=p%20{}", i + 1));
        } else {
            page["@odata.deltaLink"] = json!(format!("{origin}{ROSTER}/delta?$deltatoken=xyz"));
        }
        json_resp(200, page)
    }
}

fn participant(n: usize) -> Value {
    json!({"@odata.type": "#microsoft.graph.participant", "id": format!("p{n}"), "isMuted": n % 2 == 1})
}

#[tokio::test(flavor = "multi_thread")]
async fn paging_follows_next_link_over_three_pages() {
    let server = serve(pager(2)).await;
    let c = client(&server);
    let items: Vec<models::Participant> = c
        .communications()
        .calls()
        .by_id("call-1")
        .participants()
        .list()
        .top(2)
        .consistency_level_eventual()
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|p| p.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["p0", "p1", "p2", "p3", "p4", "p5"]);
    assert_eq!(items[3].is_muted, Some(true));
    assert_eq!(
        items[3].odata_type.as_deref(),
        Some("#microsoft.graph.participant")
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].query.as_deref(), Some("$top=2"));
    assert_eq!(seen[1].query.as_deref(), Some("$skiptoken=p%201"));
    assert_eq!(seen[2].query.as_deref(), Some("$skiptoken=p%202"));
    for s in &seen {
        assert_eq!(s.method, "GET");
        assert_eq!(
            s.auth(),
            Some(format!("Bearer {TOKEN}").as_str()),
            "same origin keeps the token"
        );
        assert_eq!(
            s.header("consistencylevel"),
            Some("eventual"),
            "headers repeat on every page"
        );
    }

    let pages: Vec<Collection<models::Participant>> = c
        .communications()
        .calls()
        .by_id("call-1")
        .participants()
        .list()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert!(pages[0].next_link.is_some() && pages[0].delta_link.is_none());
    assert_eq!(pages[2].next_link, None);
    assert_eq!(
        pages[2].delta_link.as_deref(),
        Some(format!("{}{ROSTER}/delta?$deltatoken=xyz", server.origin).as_str())
    );
    assert!(pages[2].context.is_some());
    assert_eq!(server.count(), 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn paging_stops_on_error() {
    let server = serve(|s, i, origin| {
        if i == 0 {
            json_resp(
                200,
                json!({"value": [1], "@odata.nextLink": format!("{origin}/v1.0/x?$skiptoken=1")}),
            )
        } else {
            assert!(s.query.is_some());
            json_resp(
                400,
                json!({"error": {"code": "BadToken", "message": "bad skiptoken"}}),
            )
        }
    })
    .await;
    let c = client(&server);
    let mut stream = Box::pin(
        c.request(
            Method::GET,
            "/x".into(),
            runtime::decode_json::<Collection<i32>>,
        )
        .items(),
    );
    assert_eq!(stream.next().await.unwrap().unwrap(), 1);
    let err = stream.next().await.unwrap().unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(stream.next().await.is_none(), "stream ends after an error");
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_429_with_retry_after_zero_then_success_even_for_post() {
    let server = serve(|_, i, _| {
        if i == 0 {
            resp(429, &[("retry-after", "0")], "slow down")
        } else {
            json_resp(200, json!({"id": "x", "status": "ok"}))
        }
    })
    .await;
    let c = client(&server);
    let body = models::MuteBody {
        client_context: Some("ctx-1".into()),
        ..Default::default()
    };
    let op = c
        .communications()
        .calls()
        .by_id("call-1")
        .participants()
        .by_id("p-1")
        .mute(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(op.id.as_deref(), Some("x"));
    assert_eq!(
        op.status.as_ref().map(|s| s.as_str()),
        Some("ok"),
        "unknown enum values are kept"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].path,
        "/v1.0/communications/calls/call-1/participants/p-1/mute"
    );
    assert_eq!(seen[1].method, "POST");
    assert_eq!(seen[0].body, seen[1].body, "body re-sent on retry");
    assert_eq!(
        serde_json::from_slice::<Value>(&seen[1].body).unwrap(),
        json!({"clientContext": "ctx-1"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_http_date_in_the_past_is_honoured() {
    let past = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let date = past.format(&fmt).unwrap();
    let server = serve(move |_, i, _| {
        if i == 0 {
            resp(503, &[("retry-after", date.as_str())], "")
        } else {
            resp(204, &[], "")
        }
    })
    .await;
    let c = client(&server);
    c.request(Method::DELETE, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_beyond_max_elapsed_stops_immediately() {
    let server = serve(|_, _, _| resp(429, &[("retry-after", "120")], "")).await;
    let c = client(&server);
    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.status, 429);
    assert_eq!(api.retry_after, Some(Duration::from_secs(120)));
    assert_eq!(server.count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn retries_503_until_exhausted() {
    let server = serve(|_, _, _| resp(503, &[("retry-after", "0")], "unavailable")).await;
    let c = Client::builder()
        .base_url(server.base())
        .token(StaticToken::new(TOKEN))
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();
    let err = c
        .communications()
        .calls()
        .by_id("call-1")
        .get()
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Api(api) => assert_eq!(api.status, 503),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.count(), 3, "max_retries + 1 attempts");
    assert!(server
        .seen()
        .iter()
        .all(|s| s.path == "/v1.0/communications/calls/call-1"));

    // RetryPolicy::none(): exactly one attempt.
    let server = serve(|_, _, _| resp(503, &[("retry-after", "0")], "")).await;
    let c = Client::builder()
        .base_url(server.base())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    c.request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn gateway_timeout_retried_for_get_only() {
    // Backoff without Retry-After (base_delay 1ms).
    let server = serve(|_, _, _| resp(504, &[], "gateway timeout")).await;
    let c = client(&server);
    let err = c
        .request(Method::POST, "/x".into(), runtime::decode_empty)
        .json(&json!({}))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(504));
    assert_eq!(server.count(), 1, "POST is not retried on 504");

    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(504));
    assert_eq!(server.count(), 1 + 4, "GET is retried on 504 (3 retries)");

    let err = c
        .request(Method::PATCH, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(504));
    assert_eq!(server.count(), 6, "PATCH is not retried on 504");
}

#[tokio::test(flavor = "multi_thread")]
async fn other_errors_not_retried() {
    let server = serve(|_, _, _| resp(500, &[("retry-after", "0")], "")).await;
    let c = client(&server);
    c.request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn graph_error_body_parsed() {
    let server = serve(|_, i, _| {
        let inner = if i == 0 { "innerError" } else { "innererror" };
        json_resp(
            404,
            json!({"error": {
                "code": "Request_ResourceNotFound",
                "message": "Resource 'x' does not exist.",
                inner: {"request-id": "rid-1", "client-request-id": "crid-1", "date": "2024-01-01T00:00:00", "extra": 5}
            }}),
        )
    })
    .await;
    let c = client(&server);
    for _ in 0..2 {
        let err = c
            .communications()
            .calls()
            .by_id("x")
            .get()
            .send()
            .await
            .unwrap_err();
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(api.status, 404);
        let g = api.error.as_ref().unwrap();
        assert_eq!(g.code, "Request_ResourceNotFound");
        assert_eq!(g.message, "Resource 'x' does not exist.");
        let inner = g.inner_error.as_ref().unwrap();
        assert_eq!(inner.request_id.as_deref(), Some("rid-1"));
        assert_eq!(inner.client_request_id.as_deref(), Some("crid-1"));
        assert_eq!(inner.date.as_deref(), Some("2024-01-01T00:00:00"));
        assert_eq!(inner.other["extra"], json!(5));
        let msg = err.to_string();
        assert!(msg.contains("404 Not Found"), "{msg}");
        assert!(
            msg.contains("Request_ResourceNotFound: Resource 'x' does not exist."),
            "{msg}"
        );
        assert!(msg.contains("request-id: rid-1"), "{msg}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn non_json_and_empty_error_bodies() {
    let long = "x".repeat(5000);
    let server = serve(move |_, i, _| match i {
        0 => resp(
            500,
            &[("content-type", "text/html")],
            "<html>Oops, broken</html>",
        ),
        1 => resp(403, &[], ""),
        _ => resp(400, &[], long.clone()),
    })
    .await;
    let c = client(&server);
    let err = c
        .communications()
        .calls()
        .by_id("x")
        .get()
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!((api.status, api.error.is_none()), (500, true));
    assert_eq!(api.body, "<html>Oops, broken</html>");
    assert!(
        err.to_string()
            .contains("HTTP 500 Internal Server Error: <html>Oops, broken</html>"),
        "{err}"
    );

    let err = c
        .communications()
        .calls()
        .by_id("x")
        .delete()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(
        err.to_string().contains("HTTP 403 Forbidden (empty body)"),
        "{err}"
    );

    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.api_error().unwrap().body.len(), 5000, "full body kept");
    assert!(err.to_string().len() < 500, "Display shows a snippet");
}

#[tokio::test(flavor = "multi_thread")]
async fn decode_error_keeps_body_and_source() {
    let server = serve(|_, _, _| json_resp(200, json!({"id": 5}))).await;
    let c = client(&server);
    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_json::<Operation>)
        .send()
        .await
        .unwrap_err();
    let Error::Decode { status, body, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 200);
    assert_eq!(body, r#"{"id":5}"#);
    assert!(std::error::Error::source(&err).is_some());
    assert!(err.to_string().contains(r#"{"id":5}"#));
}

#[tokio::test(flavor = "multi_thread")]
async fn accepted_and_empty_decoders() {
    let server = serve(|_, i, origin| match i {
        0 => resp(202, &[("location", &format!("{origin}/v1.0/ops/1"))], ""),
        _ => resp(204, &[], ""),
    })
    .await;
    let c = client(&server);
    let acc = c
        .request(
            Method::POST,
            "/calls/1/answer".into(),
            runtime::decode_accepted,
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(acc.location, Some(format!("{}/v1.0/ops/1", server.origin)));
    c.request(Method::DELETE, "/calls/1".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap();
    // An empty body decodes as `null` for JSON: fine for Option.
    let server = serve(|_, _, _| resp(200, &[], "")).await;
    let c = client(&server);
    let v = c
        .request(
            Method::GET,
            "/x".into(),
            runtime::decode_json::<Option<Value>>,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(v, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn path_parameters_stay_one_segment() {
    let server = serve(|s, _, _| match s.method.as_str() {
        "GET" => json_resp(200, json!({"id": "a/b?c%d"})),
        _ => resp(204, &[], ""),
    })
    .await;
    let c = client(&server);

    let call = c
        .communications()
        .calls()
        .by_id("a/b?c%d")
        .get()
        .send()
        .await
        .unwrap();
    assert_eq!(call.id.as_deref(), Some("a/b?c%d"));
    let s = &server.seen()[0];
    assert_eq!(s.path, "/v1.0/communications/calls/a%2Fb%3Fc%25d");
    assert_eq!(s.query, None, "`?` in a parameter must not start a query");

    let nasty = "a/../b?c=%41 #d\\e:f";
    c.communications()
        .calls()
        .by_id(nasty)
        .participants()
        .by_id("p/1")
        .delete()
        .send()
        .await
        .unwrap();
    let s = &server.seen()[1];
    assert_eq!(
        s.path,
        "/v1.0/communications/calls/a%2F..%2Fb%3Fc%3D%2541%20%23d%5Ce%3Af/participants/p%2F1"
    );
    assert_eq!(s.query, None);
    let segments: Vec<&str> = s.path.split('/').collect();
    assert_eq!(segments.len(), 7);
    assert_eq!(
        percent_encoding::percent_decode_str(segments[4])
            .decode_utf8()
            .unwrap(),
        nasty
    );
    assert_eq!(
        percent_encoding::percent_decode_str(segments[6])
            .decode_utf8()
            .unwrap(),
        "p/1"
    );

    // `.`/`..` (and empty) parameters are refused, never normalised into another path.
    for bad in ["..", ".", ""] {
        let err = c
            .communications()
            .calls()
            .by_id(bad)
            .delete()
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidUrl(_)), "{bad:?}: {err:?}");
        let err = c
            .communications()
            .calls()
            .by_id("call-1")
            .participants()
            .by_id(bad)
            .get()
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidUrl(_)), "{bad:?}: {err:?}");
    }
    assert_eq!(server.count(), 2, "refused requests never reach the server");
}

#[test]
fn encode_segment_cases() {
    assert_eq!(runtime::encode_segment(".."), "%2E%2E");
    assert_eq!(runtime::encode_segment("."), "%2E");
    assert_eq!(runtime::encode_segment("a.b..c"), "a.b..c");
    assert_eq!(
        runtime::encode_segment("user@contoso.com"),
        "user@contoso.com"
    );
    assert_eq!(
        runtime::encode_segment("a/b?c#d%e f"),
        "a%2Fb%3Fc%23d%25e%20f"
    );
    assert_eq!(runtime::encode_segment("é"), "%C3%A9");
    assert_eq!(runtime::encode_segment("AZaz09-._~"), "AZaz09-._~");
}

#[tokio::test(flavor = "multi_thread")]
async fn next_link_to_other_origin_gets_no_token() {
    let other = serve(|_, _, _| json_resp(200, json!({"value": [participant(3)]}))).await;
    let other_link = format!("{}{ROSTER}?$skiptoken=2", other.origin);
    let main = serve(move |_, _, _| {
        json_resp(
            200,
            json!({"value": [participant(1), participant(2)], "@odata.nextLink": other_link}),
        )
    })
    .await;
    let c = client(&main);
    let items: Vec<models::Participant> = c
        .communications()
        .calls()
        .by_id("call-1")
        .participants()
        .list()
        .header("X-Custom", "kept")
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|p| p.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    assert_eq!(main.seen()[0].path, ROSTER);
    assert_eq!(
        main.seen()[0].auth(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let o = &other.seen()[0];
    assert_eq!(o.auth(), None, "token leaked cross-origin");
    assert_eq!(o.header("x-custom"), Some("kept"));
    assert_eq!(o.query.as_deref(), Some("$skiptoken=2"));
}

#[tokio::test(flavor = "multi_thread")]
async fn next_link_same_port_other_host_gets_no_token() {
    // `localhost` vs `127.0.0.1`: a different origin even though it is the same server.
    let main = serve(|_, i, _| {
        if i == 0 {
            json_resp(200, json!({"value": [1]}))
        } else {
            json_resp(200, json!({"value": [2]}))
        }
    })
    .await;
    let link = format!("http://localhost:{}/v1.0/users?$skiptoken=2", main.port);
    let c = client(&main);
    let page: Collection<i32> = c
        .request(Method::GET, link, runtime::decode_json)
        .send()
        .await
        .unwrap();
    assert_eq!(page.value, vec![1]);
    assert_eq!(main.seen()[0].auth(), None);
    assert_eq!(
        main.seen()[0].header("host"),
        Some(format!("localhost:{}", main.port).as_str())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn redirects_keep_token_only_on_same_origin() {
    let other = serve(|_, _, _| json_resp(200, json!({"id": "other", "where": "other"}))).await;
    let other_url = format!("{}/elsewhere", other.origin);
    let main = serve(move |s, _, _| match s.path.as_str() {
        "/v1.0/communications/calls/cross" => resp(302, &[("location", other_url.as_str())], ""),
        "/v1.0/same" => resp(302, &[("location", "/v1.0/target")], ""),
        "/v1.0/post307" => resp(307, &[("location", "/v1.0/target")], ""),
        "/v1.0/post303" => resp(303, &[("location", "/v1.0/target")], ""),
        "/v1.0/loop" => resp(302, &[("location", "/v1.0/loop")], ""),
        _ => json_resp(200, json!({"where": "main"})),
    })
    .await;
    let c = client(&main);
    let bearer = format!("Bearer {TOKEN}");

    let call = c
        .communications()
        .calls()
        .by_id("cross")
        .get()
        .send()
        .await
        .unwrap();
    assert_eq!(call.id.as_deref(), Some("other"));
    assert_eq!(
        call.additional_data.get("where"),
        Some(&json!("other")),
        "a property the docs do not describe is kept"
    );
    assert_eq!(main.seen()[0].auth(), Some(bearer.as_str()));
    assert_eq!(
        other.seen()[0].auth(),
        None,
        "token leaked on cross-origin redirect"
    );
    assert_eq!(other.seen()[0].path, "/elsewhere");

    let v: Value = c
        .request(Method::GET, "/same".into(), runtime::decode_json)
        .send()
        .await
        .unwrap();
    assert_eq!(v["where"], "main");
    let seen = main.seen();
    assert_eq!(seen[2].path, "/v1.0/target");
    assert_eq!(
        seen[2].auth(),
        Some(bearer.as_str()),
        "same-origin redirect keeps the token"
    );

    // 307 keeps method and body; 303 switches to GET without body.
    let _: Value = c
        .request(Method::POST, "/post307".into(), runtime::decode_json)
        .json(&json!({"k": 1}))
        .send()
        .await
        .unwrap();
    let _: Value = c
        .request(Method::POST, "/post303".into(), runtime::decode_json)
        .json(&json!({"k": 1}))
        .send()
        .await
        .unwrap();
    let seen = main.seen();
    assert_eq!(
        (seen[4].method.as_str(), &seen[4].body[..]),
        ("POST", &br#"{"k":1}"#[..])
    );
    assert_eq!(
        (seen[6].method.as_str(), seen[6].body.is_empty()),
        ("GET", true)
    );

    let before = main.count();
    let err = c
        .request(Method::GET, "/loop".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TooManyRedirects), "{err:?}");
    assert_eq!(main.count() - before, 11, "first request + 10 redirects");
}

#[tokio::test(flavor = "multi_thread")]
async fn user_supplied_http_client_is_used() {
    let server = serve(|s, _, _| json_resp(200, json!({"ua": s.header("user-agent")}))).await;
    let http = reqwest::Client::builder()
        .user_agent("my-agent/1")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let c = Client::builder()
        .base_url(server.base())
        .http_client(http)
        .build()
        .unwrap();
    let v: Value = c
        .request(Method::GET, "/x".into(), runtime::decode_json)
        .send()
        .await
        .unwrap();
    assert_eq!(v["ua"], "my-agent/1");
    assert_eq!(
        server.seen()[0].auth(),
        None,
        "no token provider: no Authorization"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn refreshing_token_fn_is_asked_per_attempt() {
    let server = serve(|_, i, _| {
        if i == 0 {
            resp(429, &[("retry-after", "0")], "")
        } else {
            resp(204, &[], "")
        }
    })
    .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let calls2 = calls.clone();
    let c = Client::builder()
        .base_url(server.base())
        .token(runtime::token_fn(move || {
            let n = calls2.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(format!("tok-{n}")) }
        }))
        .retry_policy(fast_retries(3))
        .build()
        .unwrap();
    c.request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].auth(), Some("Bearer tok-1"));
    assert_eq!(seen[1].auth(), Some("Bearer tok-2"));
}

#[tokio::test(flavor = "multi_thread")]
async fn token_provider_failure_is_auth_error() {
    let server = serve(|_, _, _| resp(204, &[], "")).await;
    let c = Client::builder()
        .base_url(server.base())
        .token(runtime::token_fn(|| async {
            Err(Error::Auth("no credentials".into()))
        }))
        .build()
        .unwrap();
    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(ref m) if m == "no credentials"));
    assert_eq!(server.count(), 0);

    // A token that cannot be a header value: error message must not echo it.
    let c = Client::builder()
        .base_url(server.base())
        .token(StaticToken::new("bad\ntoken-SECRET"))
        .build()
        .unwrap();
    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert!(!format!("{err} {err:?}").contains("SECRET"));
}

#[tokio::test(flavor = "multi_thread")]
async fn debug_output_never_contains_the_token() {
    let server = serve(|_, _, _| resp(500, &[], "")).await;
    let builder = Client::builder()
        .base_url(server.base())
        .token(TOKEN.to_string());
    assert!(!format!("{builder:?}").contains(TOKEN));
    let c = builder.build().unwrap();
    let dbg = format!("{c:?} {c:#?}");
    assert!(!dbg.contains(TOKEN), "{dbg}");
    assert!(dbg.contains("<redacted>"), "{dbg}");
    assert!(!format!("{:?}", StaticToken::new(TOKEN)).contains(TOKEN));
    let req = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .header("Authorization", "Bearer other-SECRET");
    assert!(!format!("{req:?}").contains("SECRET"));
    let req = c
        .communications()
        .calls()
        .by_id("c-1")
        .get()
        .header("Authorization", "Bearer other-SECRET");
    assert!(!format!("{req:?} {req:#?}").contains("SECRET"));
    let err = c
        .communications()
        .calls()
        .by_id("c-1")
        .get()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(!format!("{err} {err:?} {err:#?}").contains(TOKEN));
    assert_eq!(
        server.seen()[0].auth(),
        Some(format!("Bearer {TOKEN}").as_str()),
        "the token is sent, just never shown"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn transport_error_on_connection_refused() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/v1.0"))
        .token(StaticToken::new(TOKEN))
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();
    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());
    assert!(!err.to_string().contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_inputs_are_reported_on_send() {
    assert!(matches!(
        Client::builder().base_url("not a url").build(),
        Err(Error::InvalidUrl(_))
    ));
    assert!(matches!(
        Client::builder().base_url("ftp://x/y").build(),
        Err(Error::InvalidUrl(_))
    ));
    let c = Client::new(StaticToken::new(TOKEN)).unwrap();
    assert_eq!(c.base_url(), "https://graph.microsoft.com/v1.0");
    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .header("bad header", "v")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidHeader(_)));
    let err = c
        .request(Method::GET, "/x".into(), runtime::decode_empty)
        .body_bytes(vec![], "bad\n")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidHeader(_)));
    let err = c
        .request(Method::GET, "/x#frag".into(), runtime::decode_empty)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidUrl(_)));
}

#[test]
fn collection_serde() {
    let c: Collection<i32> = serde_json::from_value(json!({
        "@odata.context": "ctx", "@odata.count": 7, "value": [1],
        "@odata.deltaLink": "https://d", "@odata.nextLink": "https://n"
    }))
    .unwrap();
    assert_eq!(c.count, Some(7));
    assert_eq!(c.next_link.as_deref(), Some("https://n"));
    assert_eq!(c.delta_link.as_deref(), Some("https://d"));
    assert_eq!(c.context.as_deref(), Some("ctx"));
    let minimal: Collection<i32> = serde_json::from_value(json!({"value": [1, 2]})).unwrap();
    assert_eq!(
        serde_json::to_value(&minimal).unwrap(),
        json!({"value": [1, 2]})
    );
}

#[test]
fn parse_notification_typed_and_error() {
    #[derive(serde::Deserialize)]
    struct N {
        value: Vec<Value>,
    }
    let n: N = runtime::parse_notification(br#"{"value":[{"changeType":"created"}]}"#).unwrap();
    assert_eq!(n.value.len(), 1);
    assert!(matches!(
        runtime::parse_notification::<N>(b"nope"),
        Err(Error::Json(_))
    ));
}

#[test]
fn futures_and_streams_are_send() {
    fn assert_send<S: Send>(_: S) {}
    let c = Client::new(StaticToken::new(TOKEN)).unwrap();
    assert_send(
        c.request(Method::GET, "/x".into(), runtime::decode_empty)
            .send(),
    );
    assert_send(
        c.request(
            Method::GET,
            "/x".into(),
            runtime::decode_json::<Collection<Value>>,
        )
        .pages(),
    );
    assert_send(
        c.request(
            Method::GET,
            "/x".into(),
            runtime::decode_json::<Collection<Value>>,
        )
        .items(),
    );
    fn assert_sync<S: Send + Sync + Clone + 'static>(_: &S) {}
    assert_sync(&c);
}

#[test]
fn retry_policy_defaults() {
    let p = RetryPolicy::default();
    assert_eq!(
        (p.max_retries, p.max_elapsed, p.base_delay),
        (3, Duration::from_secs(60), Duration::from_millis(500))
    );
    assert_eq!(RetryPolicy::none().max_retries, 0);
    assert!(
        std::mem::size_of::<Error>() <= 128,
        "Error stays small: {}",
        std::mem::size_of::<Error>()
    );
}

/// An operation's documented options (generated as `models::XOptions`) reach the wire.
#[tokio::test(flavor = "multi_thread")]
async fn documented_options_are_applied_with_with() {
    struct Opts {
        prefer: Option<String>,
        limit: Option<i32>,
    }
    impl runtime::Options for Opts {
        fn apply<'a, T>(self, mut request: runtime::Request<'a, T>) -> runtime::Request<'a, T> {
            if let Some(v) = self.prefer {
                request = request.header("Prefer", &v);
            }
            if let Some(v) = self.limit {
                request = request.query("limit", v);
            }
            request
        }
    }
    let server = serve(|_, _, _| json_resp(200, json!({"id": "c1"}))).await;
    let c = client(&server);
    c.communications()
        .calls()
        .by_id("c1")
        .get()
        .with(Opts {
            prefer: Some("return=minimal".into()),
            limit: Some(5),
        })
        .send()
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].header("prefer"), Some("return=minimal"));
    assert_eq!(seen[0].query.as_deref(), Some("limit=5"));
}
