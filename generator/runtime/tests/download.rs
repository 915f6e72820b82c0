//! Small uploads and streamed downloads over loopback HTTP: the content request carries
//! the token, the download URL on a second origin never does, and the body arrives as a
//! stream (the test reads the first chunk before the server has sent the rest).

use axum::body::{to_bytes, Body};
use axum::http::Response;
use docgen_runtime::{Client, Error, StaticToken};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

const TOKEN: &str = "download-test-token";

async fn guarded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), call)
        .await
        .expect("the call finished")
}

type Log = Arc<Mutex<Vec<(String, String, axum::http::HeaderMap, bytes::Bytes)>>>;

/// A server answering with `respond(method, path, headers)`, logging every request.
async fn serve<F, Fut>(respond: F) -> (String, Log)
where
    F: Fn(String, axum::http::HeaderMap) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let seen = log.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let (respond, seen) = (respond.clone(), seen.clone());
        async move {
            let (parts, body) = req.into_parts();
            let body = to_bytes(body, usize::MAX).await.unwrap();
            let path = parts.uri.path().to_owned();
            seen.lock().unwrap().push((
                parts.method.to_string(),
                path.clone(),
                parts.headers.clone(),
                body,
            ));
            respond(path, parts.headers).await
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (origin, log)
}

fn client(origin: &str) -> Client {
    Client::builder()
        .base_url(format!("{origin}/v1.0"))
        .token(StaticToken::new(TOKEN))
        .build()
        .unwrap()
}

#[derive(Debug, Deserialize)]
struct DriveItem {
    id: String,
    size: u64,
}

#[tokio::test(flavor = "multi_thread")]
async fn put_content_sends_the_bytes_with_their_type_and_the_token() {
    let (origin, log) = serve(|_, headers| async move {
        let ok = headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned())
            == Some(format!("Bearer {TOKEN}"));
        let body = json!({"id": "01SMALL", "size": 11});
        Response::builder()
            .status(if ok { 201 } else { 401 })
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    })
    .await;
    let item: DriveItem = guarded(client(&origin).upload_content(
        "/me/drive/root:/notes/a.txt:/content",
        &b"hello world"[..],
        "text/plain",
    ))
    .await
    .unwrap();
    assert_eq!((item.id.as_str(), item.size), ("01SMALL", 11));
    let log = log.lock().unwrap();
    let (method, path, headers, body) = &log[0];
    assert_eq!(
        (method.as_str(), path.as_str()),
        ("PUT", "/v1.0/me/drive/root:/notes/a.txt:/content")
    );
    assert_eq!(headers["content-type"], "text/plain");
    assert_eq!(headers["content-length"], "11");
    assert_eq!(&body[..], b"hello world");
}

#[tokio::test(flavor = "multi_thread")]
async fn download_follows_the_redirect_without_the_token_and_streams() {
    let first_chunk_read = Arc::new(Notify::new());
    let proceed = first_chunk_read.clone();
    // The download origin refuses any Authorization and holds the second chunk back
    // until the client has read the first: a buffering client would never finish.
    let (files, files_log) = serve(move |_, headers| {
        let proceed = proceed.clone();
        async move {
            if headers.contains_key("authorization") {
                return Response::builder().status(401).body(Body::empty()).unwrap();
            }
            let first = futures_util::stream::once(async {
                Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'a'; 64 * 1024]))
            });
            let rest = futures_util::stream::once(async move {
                proceed.notified().await;
                Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'b'; 3 * 1024 * 1024]))
            });
            Response::builder()
                .status(200)
                .header("content-type", "application/octet-stream")
                .body(Body::from_stream(first.chain(rest)))
                .unwrap()
        }
    })
    .await;
    let location = format!("{files}/dl/01FILE?tempauth=abc");
    let (graph, graph_log) = serve(move |_, headers| {
        let location = location.clone();
        async move {
            let ok = headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
                == Some(format!("Bearer {TOKEN}"));
            Response::builder()
                .status(if ok { 302 } else { 401 })
                .header("location", location)
                .body(Body::empty())
                .unwrap()
        }
    })
    .await;
    let mut download = guarded(client(&graph).download("/me/drive/items/01FILE/content"))
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.url().path(), "/dl/01FILE");
    assert_eq!(download.content_type(), Some("application/octet-stream"));
    let mut total = 0usize;
    let mut chunks = 0;
    while let Some(chunk) = guarded(download.next()).await {
        let chunk = chunk.unwrap();
        if total == 0 {
            first_chunk_read.notify_one();
        }
        total += chunk.len();
        chunks += 1;
    }
    assert_eq!(total, 64 * 1024 + 3 * 1024 * 1024);
    assert!(chunks >= 2);
    let graph_log = graph_log.lock().unwrap();
    assert_eq!(graph_log[0].1, "/v1.0/me/drive/items/01FILE/content");
    assert_eq!(graph_log[0].2["accept"], "*/*");
    let files_log = files_log.lock().unwrap();
    assert_eq!(files_log.len(), 1);
    assert!(
        files_log[0].2.get("authorization").is_none(),
        "token leaked to the download URL"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_download_is_an_api_error() {
    let (graph, _) = serve(|_, _| async {
        Response::builder()
            .status(404)
            .header("content-type", "application/json")
            .body(Body::from(
                r#"{"error":{"code":"itemNotFound","message":"gone"}}"#,
            ))
            .unwrap()
    })
    .await;
    let err = guarded(client(&graph).download("/me/drive/items/x/content"))
        .await
        .unwrap_err();
    match err {
        Error::Api(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.error.unwrap().code, "itemNotFound");
        }
        other => panic!("{other:?}"),
    }
}

/// A small upload read from a stream: sent as it is read (the source waits for the
/// server to have the first MiB before writing the rest), with its `Content-Length`.
#[tokio::test(flavor = "multi_thread")]
async fn put_content_from_a_stream_is_sent_as_it_is_read() {
    const FIRST: usize = 1024 * 1024;
    const TOTAL: usize = 5 * 1024 * 1024;
    let first_arrived = Arc::new(Notify::new());
    let notify = first_arrived.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let notify = notify.clone();
        async move {
            let headers = req.headers().clone();
            let mut body = req.into_body().into_data_stream();
            let (mut got, mut told) = (Vec::new(), false);
            while let Some(chunk) = body.next().await {
                got.extend_from_slice(&chunk.unwrap());
                if !told && got.len() >= FIRST {
                    notify.notify_one();
                    told = true;
                }
            }
            let ok = headers["authorization"] == format!("Bearer {TOKEN}").as_str()
                && headers["content-length"] == TOTAL.to_string().as_str()
                && headers["content-type"] == "application/octet-stream"
                && got.len() == TOTAL
                && got.iter().enumerate().all(|(i, b)| *b == (i % 251) as u8);
            Response::builder()
                .status(if ok { 201 } else { 400 })
                .header("content-type", "application/json")
                .body(Body::from(
                    json!({"id": "01STREAM", "size": got.len()}).to_string(),
                ))
                .unwrap()
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let (mut writer, reader) = tokio::io::duplex(64 * 1024);
    let writing = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        let data: Vec<u8> = (0..TOTAL).map(|i| (i % 251) as u8).collect();
        writer.write_all(&data[..FIRST]).await.unwrap();
        first_arrived.notified().await;
        writer.write_all(&data[FIRST..]).await.unwrap();
    });
    let item: DriveItem = guarded(client(&origin).upload_content_stream(
        "/me/drive/root:/s.bin:/content",
        reader,
        TOTAL as u64,
        "application/octet-stream",
    ))
    .await
    .unwrap();
    assert_eq!((item.id.as_str(), item.size), ("01STREAM", TOTAL as u64));
    writing.await.unwrap();
}
