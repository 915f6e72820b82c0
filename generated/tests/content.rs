//! A generated content GET (`…/hostedContents/{id}/$value`) over loopback: it asks for
//! any media type, follows the redirect to the download origin without the token, and
//! `.download()` hands the body over as it arrives.
#![deny(warnings)]

mod common;
use common::Seen;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::Response;
use futures_util::StreamExt;
use tokio::sync::Notify;

use graph_comms::Client;

const TOKEN: &str = "test-token";

/// Bounds a call so a client that buffers (and so waits forever) fails instead of hanging.
async fn guarded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), call)
        .await
        .expect("the call finished")
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A loopback server answering with `respond(request)` and logging every request; its origin.
async fn serve<F, Fut>(respond: F) -> (String, Log)
where
    F: Fn(Seen) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let shared = log.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let (respond, log) = (respond.clone(), shared.clone());
        async move {
            let seen = Seen::record(req).await;
            log.lock().unwrap().push(seen.clone());
            respond(seen).await
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (origin, log)
}

/// The service: checks the token, redirects to `location` (another origin).
async fn graph(location: String) -> (String, Log) {
    serve(move |seen: Seen| {
        let location = location.clone();
        async move {
            let ok = seen.auth() == Some(&format!("Bearer {TOKEN}"));
            Response::builder()
                .status(if ok { 302 } else { 401 })
                .header("location", location)
                .body(Body::empty())
                .unwrap()
        }
    })
    .await
}

fn client(origin: &str) -> Client {
    Client::builder()
        .base_url(format!("{origin}/v1.0"))
        .token(TOKEN)
        .build()
        .unwrap()
}

const PATH: &str =
    "/v1.0/chats/19%3Aabc@thread.v2/messages/1772/hostedContents/aWQ9eA%3D%3D/$value";

#[tokio::test(flavor = "multi_thread")]
async fn the_generated_content_get_streams_through_the_redirect_without_the_token() {
    let first_chunk_read = Arc::new(Notify::new());
    let proceed = first_chunk_read.clone();
    // The download origin refuses a token and holds the second chunk back until the
    // client has read the first: a client reading the whole body would never finish.
    let (files, files_log) = serve(move |seen: Seen| {
        let proceed = proceed.clone();
        async move {
            if seen.auth().is_some() {
                return Response::builder().status(401).body(Body::empty()).unwrap();
            }
            let first = futures_util::stream::once(async {
                Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'a'; 64 * 1024]))
            });
            let rest = futures_util::stream::once(async move {
                proceed.notified().await;
                Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'b'; 1024 * 1024]))
            });
            Response::builder()
                .status(206)
                .header("content-type", "image/png")
                .body(Body::from_stream(first.chain(rest)))
                .unwrap()
        }
    })
    .await;
    let (graph, graph_log) = graph(format!("{files}/dl/img?tempauth=abc")).await;
    let client = client(&graph);
    let mut download = guarded(
        client
            .chats()
            .by_id("19:abc@thread.v2")
            .messages()
            .by_id("1772")
            .hosted_contents()
            .by_id("aWQ9eA==")
            .value()
            .get()
            .header("Range", "bytes=0-")
            .download(),
    )
    .await
    .unwrap();
    assert_eq!(download.status(), 206);
    assert_eq!(download.url().path(), "/dl/img");
    assert_eq!(download.content_type(), Some("image/png"));
    let (mut total, mut chunks) = (0usize, 0);
    while let Some(chunk) = guarded(download.next()).await {
        let chunk = chunk.unwrap();
        if total == 0 {
            first_chunk_read.notify_one();
        }
        total += chunk.len();
        chunks += 1;
    }
    assert_eq!(total, 64 * 1024 + 1024 * 1024);
    assert!(chunks >= 2);

    let graph_log = graph_log.lock().unwrap();
    assert_eq!(graph_log.len(), 1);
    assert_eq!(
        (graph_log[0].method.as_str(), graph_log[0].path.as_str()),
        ("GET", PATH)
    );
    assert_eq!(graph_log[0].header("accept"), Some("*/*"));
    assert_eq!(graph_log[0].header("range"), Some("bytes=0-"));
    assert!(graph_log[0].body.is_empty());
    let files_log = files_log.lock().unwrap();
    assert_eq!(files_log.len(), 1);
    assert_eq!(files_log[0].query.as_deref(), Some("tempauth=abc"));
    assert_eq!(
        files_log[0].auth(),
        None,
        "token leaked to the download URL"
    );
    assert_eq!(files_log[0].header("accept"), Some("*/*"));
}

#[tokio::test(flavor = "multi_thread")]
async fn send_reads_the_content_whole_and_a_caller_accept_wins() {
    let (files, files_log) = serve(|seen: Seen| async move {
        let status = if seen.auth().is_some() { 401 } else { 200 };
        Response::builder()
            .status(status)
            .header("content-type", "image/png")
            .body(Body::from(&b"\x89PNG\r\n\x1a\n"[..]))
            .unwrap()
    })
    .await;
    let (graph, graph_log) = graph(format!("{files}/dl/img")).await;
    let client = client(&graph);
    let value = || {
        client
            .chats()
            .by_id("19:abc@thread.v2")
            .messages()
            .by_id("1772")
            .hosted_contents()
            .by_id("aWQ9eA==")
            .value()
    };
    let bytes = guarded(value().get().send()).await.unwrap();
    assert_eq!(&bytes[..], b"\x89PNG\r\n\x1a\n");
    assert_eq!(graph_log.lock().unwrap()[0].header("accept"), Some("*/*"));

    let download = guarded(value().get().header("Accept", "image/png").download())
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    let seen = graph_log.lock().unwrap()[1].clone();
    let accepts: Vec<_> = seen.headers.get_all("accept").iter().collect();
    assert_eq!(accepts, ["image/png"], "the caller's Accept replaces */*");
    assert!(files_log.lock().unwrap().iter().all(|s| s.auth().is_none()));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_generated_content_put_sends_the_bytes_with_their_type_and_length() {
    let (graph, log) = serve(|seen: Seen| async move {
        let ok = seen.auth() == Some(&format!("Bearer {TOKEN}"));
        Response::builder()
            .status(if ok { 200 } else { 401 })
            .header("content-type", "application/json")
            .body(Body::from(r#"{"id":"01X","name":"a.bin","size":5}"#))
            .unwrap()
    })
    .await;
    let client = client(&graph);
    let item = guarded(
        client
            .drives()
            .by_id("b!drive")
            .items()
            .by_id("01X")
            .content()
            .replace(b"\x00\x01\xff\r\n".to_vec(), "application/octet-stream")
            .send(),
    )
    .await
    .unwrap();
    assert_eq!((item.id.as_deref(), item.size), (Some("01X"), Some(5)));
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 1);
    let put = &log[0];
    assert_eq!(
        (put.method.as_str(), put.path.as_str()),
        ("PUT", "/v1.0/drives/b%21drive/items/01X/content")
    );
    assert_eq!(put.header("content-type"), Some("application/octet-stream"));
    assert_eq!(put.header("content-length"), Some("5"));
    assert_eq!(&put.body[..], b"\x00\x01\xff\r\n");
}
