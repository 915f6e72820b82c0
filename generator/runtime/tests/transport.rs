//! Any HTTP stack plugs in through `Transport`: an in-memory one here, which sees exactly
//! what the client sends and answers what a test says.

use docgen_runtime::http::{HeaderMap, HeaderValue};
use docgen_runtime::{
    decode_json, Client, Collection, Error, HttpRequest, HttpResponse, Method, RetryPolicy,
    StaticToken, Transport, TransportError, TransportFuture,
};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<HttpRequest>>>,
    answers: Arc<Mutex<Vec<Result<HttpResponse, TransportError>>>>,
}

impl Transport for Recorder {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        self.seen.lock().unwrap().push(request);
        let answer = self.answers.lock().unwrap().remove(0);
        Box::pin(async move { answer })
    }
}

fn json(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    Ok(HttpResponse {
        status,
        headers,
        body: body.as_bytes().to_vec().into(),
    })
}

#[tokio::test]
async fn requests_go_through_the_given_transport() {
    let transport = Recorder::default();
    transport.answers.lock().unwrap().extend([
        Err(TransportError::connect("refused")),
        json(
            200,
            r#"{"value": [1, 2], "@odata.count": 2, "newer": true}"#,
        ),
    ]);
    let c = Client::builder()
        .base_url("https://graph.example/v1.0")
        .token(StaticToken::new("t0k"))
        .transport(transport.clone())
        .retry_policy(RetryPolicy {
            base_delay: std::time::Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let page = c
        .request(
            Method::GET,
            "/things".into(),
            decode_json::<Collection<i32>>,
        )
        .top(2)
        .send()
        .await
        .unwrap();
    assert_eq!((page.value, page.count), (vec![1, 2], Some(2)));
    assert_eq!(
        page.additional_data.get("newer"),
        Some(&serde_json::json!(true))
    );
    let seen = transport.seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "a connection failure is retried");
    assert_eq!(
        seen[1].url.as_str(),
        "https://graph.example/v1.0/things?$top=2"
    );
    assert_eq!(seen[1].headers["authorization"], "Bearer t0k");
}

#[tokio::test]
async fn transport_failures_keep_their_kind_and_source() {
    let transport = Recorder::default();
    transport
        .answers
        .lock()
        .unwrap()
        .push(Err(TransportError::other("tls handshake failed")));
    let c = Client::builder().transport(transport).build().unwrap();
    let err = c
        .request(Method::POST, "/x".into(), decode_json::<i32>)
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Transport(e) => assert!(!e.is_connect() && !e.is_timeout()),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("tls handshake failed"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
}
