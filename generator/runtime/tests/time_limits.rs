//! Time limits and `Retry-After`, against real loopback servers (axum on 127.0.0.1):
//! a stalled server must not hang a call, and every HTTP-date form is honoured.
//! No sleeps synchronise anything: listeners are bound before the client is built, and
//! every call is guarded by an outer timeout so that a regression fails instead of hanging.

use axum::body::Body;
use axum::http::Response;
use docgen_runtime::{decode_empty, Client, Error, Method, RetryPolicy};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A server whose handler gets the index of each request and answers with `respond`.
async fn serve<F, Fut>(respond: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1.0", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let app = axum::Router::new().fallback(move || {
        let (respond, counter) = (respond.clone(), counter.clone());
        async move { respond(counter.fetch_add(1, Ordering::SeqCst)).await }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

fn status(code: u16, headers: &[(&str, &str)]) -> Response<Body> {
    let mut b = Response::builder().status(code);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::empty()).unwrap()
}

fn client(base: &str, timeout: Duration, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base)
        .timeout(timeout)
        .retry_policy(policy)
        .build()
        .unwrap()
}

/// Runs a call, failing the test (instead of hanging it) if it never finishes.
async fn guarded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), call)
        .await
        .expect("the call finished: a stalled server must not hang it")
}

fn policy(max_retries: u32, max_elapsed: Duration) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        max_elapsed,
        base_delay: Duration::from_millis(1),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_never_answers_times_out_and_idempotent_calls_retry() {
    let (base, seen) = serve(|_| std::future::pending()).await;
    let c = client(
        &base,
        Duration::from_millis(300),
        policy(1, Duration::from_secs(30)),
    );
    let err = guarded(c.request(Method::GET, "/x".into(), decode_empty).send())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(d) if d == Duration::from_millis(300)),
        "{err:?}"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 2, "one retry of a GET");
    assert!(
        err.to_string().contains("no complete response within"),
        "{err}"
    );

    // A POST may have been processed: it is not sent again.
    let err = guarded(c.request(Method::POST, "/x".into(), decode_empty).send())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 3, "no retry of a POST");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_stalls_half_way_times_out() {
    let (base, _) = serve(|_| async {
        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(
            bytes::Bytes::from_static(b"{\"value\": ["),
        )])
        .chain(futures_util::stream::pending());
        Response::builder()
            .status(200)
            .body(Body::from_stream(chunks))
            .unwrap()
    })
    .await;
    let c = client(&base, Duration::from_millis(300), RetryPolicy::none());
    let err = guarded(c.request(Method::GET, "/x".into(), decode_empty).send())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_time_budget_bounds_the_whole_call() {
    let (base, seen) = serve(|_| std::future::pending()).await;
    // Each attempt could take an hour; the call as a whole may take 400 ms.
    let budget = Duration::from_millis(400);
    let c = client(&base, Duration::from_secs(3600), policy(5, budget));
    let err = guarded(c.request(Method::GET, "/x".into(), decode_empty).send())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(d) if d == budget), "{err:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1, "no time left for a retry");
}

use futures_util::StreamExt;

/// RFC 9110 §5.6.7: a recipient must accept all three HTTP-date forms. The back-off
/// without the header would be 30-60 s, past the 20 s budget, so the call only succeeds
/// if the date (in the past: retry now) was read.
#[tokio::test(flavor = "multi_thread")]
async fn retry_after_in_every_http_date_form_is_honoured() {
    for date in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        let (base, seen) = serve(move |i| async move {
            match i {
                0 => status(503, &[("retry-after", date)]),
                _ => status(204, &[]),
            }
        })
        .await;
        let c = client(
            &base,
            Duration::from_secs(10),
            RetryPolicy {
                max_retries: 1,
                max_elapsed: Duration::from_secs(20),
                base_delay: Duration::from_secs(60),
            },
        );
        guarded(c.request(Method::GET, "/x".into(), decode_empty).send())
            .await
            .unwrap_or_else(|e| panic!("Retry-After: {date}: {e}"));
        assert_eq!(seen.load(Ordering::SeqCst), 2, "{date}");
    }
}
