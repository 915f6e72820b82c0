//! What goes over the wire, and hostile answers, against loopback servers: empty bodies
//! with `Content-Length: 0`, `Accept`, `User-Agent`, `client-request-id`; paths a URL
//! parser would rewrite; redirect chains, relative and repeating next links; JSON with
//! another content type; numbers beyond f64.

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Response};
use docgen_runtime::{
    decode_empty, decode_json, Client, Collection, Error, Method, RetryPolicy, StaticToken,
};
use futures_util::TryStreamExt;
use serde_json::Value;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TOKEN: &str = "wire-test-token";

#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
}

impl Seen {
    fn auth(&self) -> Option<&str> {
        self.headers
            .get("authorization")
            .map(|v| v.to_str().unwrap())
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A server answering `respond(request, own origin)`; returns its origin and log.
async fn serve<F>(respond: F) -> (String, Log)
where
    F: Fn(&Seen, &str) -> Response<Body> + Send + Sync + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let (seen, own, respond) = (log.clone(), origin.clone(), Arc::new(respond));
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let (seen, own, respond) = (seen.clone(), own.clone(), respond.clone());
        async move {
            let (parts, body) = req.into_parts();
            let _ = to_bytes(body, usize::MAX).await;
            let s = Seen {
                method: parts.method.to_string(),
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().map(str::to_owned),
                headers: parts.headers,
            };
            seen.lock().unwrap().push(s.clone());
            respond(&s, &own)
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (origin, log)
}

fn answer(status: u16, headers: &[(&str, &str)], body: impl Into<String>) -> Response<Body> {
    let mut b = Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::from(body.into())).unwrap()
}

fn json(body: Value) -> Response<Body> {
    answer(
        200,
        &[("content-type", "application/json")],
        body.to_string(),
    )
}

fn client(origin: &str) -> Client {
    Client::builder()
        .base_url(format!("{origin}/v1.0"))
        .token(StaticToken::new(TOKEN))
        .retry_policy(RetryPolicy {
            max_retries: 2,
            max_elapsed: Duration::from_secs(30),
            base_delay: Duration::from_millis(1),
        })
        .build()
        .unwrap()
}

async fn guarded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), call)
        .await
        .expect("the call finished")
}

#[tokio::test(flavor = "multi_thread")]
async fn empty_bodies_carry_content_length_zero_and_every_request_is_identified() {
    let (origin, log) = serve(|s, _| match s.path.as_str() {
        "/v1.0/fail" => answer(
            400,
            &[("content-type", "application/json")],
            r#"{"error":{"code":"badRequest","message":"no"}}"#,
        ),
        _ => answer(204, &[], ""),
    })
    .await;
    let c = client(&origin);
    for method in [
        Method::POST,
        Method::PATCH,
        Method::PUT,
        Method::GET,
        Method::DELETE,
    ] {
        guarded(
            c.request(method, "/me/events/1/accept".into(), decode_empty)
                .send(),
        )
        .await
        .unwrap();
    }
    let err = guarded(c.request(Method::POST, "/fail".into(), decode_empty).send())
        .await
        .unwrap_err();
    let log = log.lock().unwrap();
    for s in &log[..3] {
        assert_eq!(
            s.headers.get("content-length").map(|v| v.to_str().unwrap()),
            Some("0"),
            "{} without a body",
            s.method
        );
    }
    for s in &log[3..5] {
        assert!(!s.headers.contains_key("content-length"), "{}", s.method);
    }
    let mut ids = Vec::new();
    for s in log.iter() {
        assert_eq!(s.headers["accept"], "application/json");
        let ua = s.headers["user-agent"].to_str().unwrap();
        assert_eq!(ua, concat!("docgen-runtime/", env!("CARGO_PKG_VERSION")));
        let id = s.headers["client-request-id"].to_str().unwrap().to_owned();
        assert_eq!(
            docgen_runtime::uuid::Uuid::parse_str(&id)
                .unwrap()
                .get_version_num(),
            4
        );
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), log.len(), "one id per request");
    assert_eq!(
        err.client_request_id(),
        Some(log[5].headers["client-request-id"].to_str().unwrap())
    );
    assert!(err.to_string().contains("client-request-id"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_request_keeps_its_id_and_a_callers_id_is_kept() {
    let (origin, log) = serve(|_, _| answer(503, &[("retry-after", "0")], "")).await;
    let c = client(&origin);
    let err = guarded(
        c.request(Method::GET, "/x".into(), decode_empty)
            .header("client-request-id", "my-id")
            .send(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.client_request_id(), Some("my-id"));
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 3);
    assert!(log
        .iter()
        .all(|s| s.headers["client-request-id"] == "my-id"));
}

/// `a\..\..\x` and `.<TAB>.` passed the dot-segment check and became `..` in the parser.
#[tokio::test(flavor = "multi_thread")]
async fn path_traversal_shapes_are_refused_before_sending() {
    let (origin, log) = serve(|_, _| answer(204, &[], "")).await;
    let c = client(&origin);
    for path in [
        "/a\\..\\..\\x",
        "a\\..\\..\\x",
        "/users/.\t./.\t./x",
        "/users/.\n./x",
        "/users/.\r./x",
        "/users/%2e%2e/x",
        "/users/%2E./x",
        "/users/../x",
        "/users//x",
    ] {
        let err = guarded(c.request(Method::GET, path.into(), decode_empty).send())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidUrl(_)), "{path:?}: {err:?}");
    }
    let absolute = format!("{origin}/v1.0/a\\..\\..\\x");
    let err = guarded(c.request(Method::GET, absolute, decode_empty).send())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidUrl(_)), "{err:?}");
    assert!(log.lock().unwrap().is_empty(), "nothing was sent");
}

/// A server-supplied relative next link of the same shapes does not reach `/x`.
#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_relative_next_link_is_refused() {
    for link in ["a\\..\\..\\x", ".\t./.\t./x", "/v1.0/%2e%2e/x"] {
        let (origin, log) =
            serve(move |_, _| json(serde_json::json!({"value": [1], "@odata.nextLink": link})))
                .await;
        let c = client(&origin);
        let pages = c.request(Method::GET, "/items".into(), decode_json::<Collection<i32>>);
        let err = guarded(pages.items().try_collect::<Vec<_>>())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidUrl(_)), "{link:?}: {err:?}");
        let log = log.lock().unwrap();
        assert_eq!(
            log.len(),
            1,
            "{link:?}: {:?}",
            log.iter().map(|s| &s.path).collect::<Vec<_>>()
        );
    }
}

/// Once a redirect chain has left the base origin, no hop gets the token, not even one
/// back to the base origin: a foreign server chose it.
#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_back_to_the_base_origin_after_a_foreign_hop_gets_no_token() {
    let base_cell: Arc<Mutex<String>> = Arc::default();
    let back = base_cell.clone();
    let (foreign, foreign_log) = serve(move |_, _| {
        let to = format!("{}/v1.0/landing", back.lock().unwrap());
        answer(302, &[("location", to.as_str())], "")
    })
    .await;
    let hop = format!("{foreign}/hop");
    let (base, log) = serve(move |s, _| match s.path.as_str() {
        "/v1.0/start" => answer(302, &[("location", hop.as_str())], ""),
        _ => json(serde_json::json!({"ok": true})),
    })
    .await;
    *base_cell.lock().unwrap() = base.clone();
    let v: Value = guarded(
        client(&base)
            .request(Method::GET, "/start".into(), decode_json)
            .send(),
    )
    .await
    .unwrap();
    assert_eq!(v["ok"], true);
    let log = log.lock().unwrap();
    assert_eq!(log[0].auth(), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(log[1].path, "/v1.0/landing");
    assert_eq!(log[1].auth(), None, "token sent again after a foreign hop");
    assert_eq!(foreign_log.lock().unwrap()[0].auth(), None);
}

/// A relative next link on a page from another origin is read against that page's URL:
/// it stays on that origin, without the token.
#[tokio::test(flavor = "multi_thread")]
async fn a_relative_next_link_on_a_foreign_page_stays_there() {
    let (foreign, foreign_log) = serve(|s, _| match s.query.as_deref() {
        Some("page=2") => json(serde_json::json!({"value": [3]})),
        _ => json(serde_json::json!({"value": [2], "@odata.nextLink": "/api/items?page=2"})),
    })
    .await;
    let first = format!("{foreign}/api/items?page=1");
    let (base, base_log) =
        serve(move |_, _| json(serde_json::json!({"value": [1], "@odata.nextLink": first}))).await;
    let c = client(&base);
    let items: Vec<i32> = guarded(
        c.request(Method::GET, "/items".into(), decode_json::<Collection<i32>>)
            .items()
            .try_collect(),
    )
    .await
    .unwrap();
    assert_eq!(items, [1, 2, 3]);
    assert_eq!(
        base_log.lock().unwrap().len(),
        1,
        "the base origin got one request"
    );
    let foreign_log = foreign_log.lock().unwrap();
    assert_eq!(foreign_log.len(), 2);
    assert!(foreign_log
        .iter()
        .all(|s| s.auth().is_none() && s.path == "/api/items"));
}

/// A next link naming a page already read ends paging with an error, not a loop.
#[tokio::test(flavor = "multi_thread")]
async fn a_repeating_next_link_ends_paging_with_an_error() {
    let (base, log) = serve(|s, own| {
        let next = match s.query.as_deref() {
            Some("$skiptoken=2") => format!("{own}/v1.0/items?$skiptoken=1"),
            _ => format!("{own}/v1.0/items?$skiptoken=2"),
        };
        json(serde_json::json!({"value": [1], "@odata.nextLink": next}))
    })
    .await;
    let c = client(&base);
    let request = c
        .request(Method::GET, "/items".into(), decode_json::<Collection<i32>>)
        .query("$skiptoken", 1);
    let err = guarded(request.pages().try_collect::<Vec<_>>())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NextLinkLoop(l) if l.ends_with("$skiptoken=1")),
        "{err:?}"
    );
    assert_eq!(log.lock().unwrap().len(), 2);
}

/// Decided: the body decides, not the `Content-Type`. A JSON body labelled `text/plain`
/// is decoded; a non-JSON body is a decode error keeping the body.
#[tokio::test(flavor = "multi_thread")]
async fn a_json_answer_with_another_content_type_is_decoded_by_its_body() {
    let (base, _) = serve(|s, _| match s.path.as_str() {
        "/v1.0/json" => answer(200, &[("content-type", "text/plain")], r#"{"id": "1"}"#),
        _ => answer(
            200,
            &[("content-type", "text/html")],
            "<html>sign in</html>",
        ),
    })
    .await;
    let c = client(&base);
    let v: Value = guarded(c.request(Method::GET, "/json".into(), decode_json).send())
        .await
        .unwrap();
    assert_eq!(v["id"], "1");
    let err = guarded(
        c.request(Method::GET, "/html".into(), decode_json::<Value>)
            .send(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { body, .. } if body.contains("sign in")),
        "{err:?}"
    );
}
