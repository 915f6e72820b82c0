//! A value of a derived type sent where its base is declared names its type on the wire:
//! `answer` with `AnyMediaConfig::ServiceHostedMediaConfig(Default::default())` must tell
//! the service which media configuration it is, or the service reads the base (a 400).
//! Real HTTP over loopback: the server records what the client sent.
#![deny(warnings)]

mod common;
use common::Seen;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Response;
use serde_json::Value;

use graph_comms::{models, Client};

/// Starts a server answering every request `202 Accepted` and recording it.
async fn server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let shared = seen.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let seen = shared.clone();
        async move {
            let req = Seen::record(req).await;
            seen.lock().unwrap().push(req);
            Response::builder()
                .status(202)
                .header("location", "https://example.test/operations/1")
                .body(Body::empty())
                .unwrap()
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://127.0.0.1:{port}/v1.0"), seen)
}

/// Sends `answer` with the given media configuration; the JSON body the server received.
async fn answer(media: models::AnyMediaConfig) -> Value {
    let (base_url, seen) = server().await;
    let client = Client::builder()
        .base_url(base_url)
        .token("test-token")
        .build()
        .unwrap();
    let body = models::AnswerBody {
        callback_uri: Some("https://bot.example.test/callback".to_owned()),
        accepted_modalities: Some(vec![models::Modality::Audio]),
        media_config: Some(media),
        ..Default::default()
    };
    let accepted = client
        .communications()
        .calls()
        .by_id("57dab8b1-894c-409a-b240-bd8beae78896")
        .answer(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        accepted.location.as_deref(),
        Some("https://example.test/operations/1")
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].path,
        "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/answer"
    );
    assert_eq!(seen[0].query, None);
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    serde_json::from_slice(&seen[0].body).unwrap()
}

#[tokio::test]
async fn a_derived_variant_names_its_type_on_the_wire() {
    let sent = answer(models::AnyMediaConfig::ServiceHostedMediaConfig(
        Default::default(),
    ))
    .await;
    assert_eq!(
        sent["mediaConfig"],
        serde_json::json!({"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"})
    );
    assert_eq!(sent["acceptedModalities"], serde_json::json!(["audio"]));
}

#[tokio::test]
async fn a_derived_variant_keeps_its_members_and_a_type_the_caller_set() {
    let app_hosted = models::AppHostedMediaConfig {
        blob: Some("<media config blob>".to_owned()),
        ..Default::default()
    };
    let sent = answer(app_hosted.into()).await;
    assert_eq!(
        sent["mediaConfig"],
        serde_json::json!({
            "blob": "<media config blob>",
            "@odata.type": "#microsoft.graph.appHostedMediaConfig"
        })
    );
    // A type the caller wrote (another spelling the service accepts) is sent as written.
    let named = models::ServiceHostedMediaConfig {
        odata_type: Some("microsoft.graph.serviceHostedMediaConfig".to_owned()),
        ..Default::default()
    };
    let sent = answer(named.into()).await;
    assert_eq!(
        sent["mediaConfig"]["@odata.type"],
        "microsoft.graph.serviceHostedMediaConfig"
    );
}

#[tokio::test]
async fn the_base_itself_is_sent_as_declared() {
    let sent = answer(models::AnyMediaConfig::MediaConfig(Default::default())).await;
    assert_eq!(sent["mediaConfig"], serde_json::json!({}));
}
