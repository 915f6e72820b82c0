//! Uploads 1 GiB from a stream to a loopback upload session and reports the process's
//! peak resident memory: the upload holds one slice, not the file.
//!
//! `cargo run -p docgen-runtime --example upload_rss [-- SIZE_MIB [SLICE_KIB]]`
//! (Linux: reads VmHWM from /proc/self/status). The loopback server runs in the same
//! process and counts in the figure; it reads each slice as a stream.

use axum::body::Body;
use axum::http::Response;
use docgen_runtime::{Client, LargeFileUpload, StaticToken, UploadSession, SLICE_UNIT};
use futures_util::StreamExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::io::AsyncReadExt;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let size_mib: u64 = args
        .next()
        .map_or(1024, |a| a.parse().expect("size in MiB"));
    let slice_kib: u64 = args.next().map_or(0, |a| a.parse().expect("slice in KiB"));
    let size = size_mib * 1024 * 1024;
    let received = Arc::new(AtomicU64::new(0));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let counter = received.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let counter = counter.clone();
        async move {
            assert!(!req.headers().contains_key("authorization"));
            let range = req.headers()["content-range"].to_str().unwrap().to_owned();
            let (span, total) = range["bytes ".len()..].split_once('/').unwrap();
            let (start, end) = span.split_once('-').unwrap();
            let (start, end): (u64, u64) = (start.parse().unwrap(), end.parse().unwrap());
            assert_eq!(
                start,
                counter.load(Ordering::SeqCst),
                "slices arrive in order"
            );
            let mut body = req.into_body().into_data_stream();
            let mut got = 0u64;
            while let Some(chunk) = body.next().await {
                got += chunk.unwrap().len() as u64;
            }
            assert_eq!(got, end + 1 - start);
            let now = counter.fetch_add(got, Ordering::SeqCst) + got;
            let total: u64 = total.parse().unwrap();
            let (status, json) = if now == total {
                (201, format!(r#"{{"id":"1","size":{total}}}"#))
            } else {
                (202, format!(r#"{{"nextExpectedRanges":["{now}-"]}}"#))
            };
            Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(Body::from(json))
                .unwrap()
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = Client::builder()
        .base_url("https://graph.example/v1.0")
        .token(StaticToken::new("not-sent"))
        .build()
        .unwrap();
    let before = peak_rss_kib();
    let source = tokio::io::repeat(0x5a).take(size);
    let mut upload =
        LargeFileUpload::new(&client, UploadSession::new(format!("{origin}/up/1")), size);
    if slice_kib > 0 {
        upload = upload.slice_size(slice_kib * 1024);
    }
    let slice = if slice_kib > 0 {
        slice_kib * 1024
    } else {
        32 * SLICE_UNIT
    };
    let started = std::time::Instant::now();
    let item: serde_json::Value = upload.upload(source).await.expect("upload");
    assert_eq!(item["size"], size);
    assert_eq!(received.load(Ordering::SeqCst), size);
    println!(
        "uploaded {size_mib} MiB in slices of {} KiB in {:.1?}",
        slice / 1024,
        started.elapsed()
    );
    println!(
        "peak RSS: {} KiB before the upload, {} KiB after",
        before.map_or("?".into(), |k| k.to_string()),
        peak_rss_kib().map_or("?".into(), |k| k.to_string())
    );
}
