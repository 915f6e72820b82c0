//! The generated client against `docgen-mock` serving the docs it was generated from:
//! typed answers, paging through the mock's nextLinks, retries under seeded 429/503
//! faults, typed errors from 400 and 404. Real HTTP over loopback.
#![deny(warnings)]

use docgen_mock::{Fault, Faults, Mock, RetryAfter, RunningMock};
use futures_util::TryStreamExt;
use graph_comms::runtime::{self, RetryPolicy};
use graph_comms::{models, Client};
use serde_json::Value;
use std::time::Duration;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input");
const CALL: &str = "c6c66e76-f259-4a84-b248-23ca49809e8a";
const ROSTER: &str = "58fc647a-9e95-41ba-a468-e727b1cce1f4";

fn client(graph: &RunningMock, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(graph.url())
        .token("test-token")
        .retry_policy(retry)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_typed_call_reads_the_documented_answer() {
    let graph = Mock::from_docs(DOCS).unwrap().start().await.unwrap();
    let call: models::Call = client(&graph, RetryPolicy::none())
        .communications()
        .calls()
        .by_id(CALL)
        .get()
        .send()
        .await
        .unwrap();
    assert_eq!(call.id.as_deref(), Some(CALL));
    assert_eq!(
        call.subject.as_deref(),
        Some("Confirm your delivery window")
    );
}

#[tokio::test]
async fn the_client_pages_through_the_mocks_next_links() {
    let graph = Mock::from_docs(DOCS)
        .unwrap()
        .page_size(1)
        .start()
        .await
        .unwrap();
    let client = client(&graph, RetryPolicy::none());
    let all: Vec<models::Participant> = client
        .communications()
        .calls()
        .by_id(ROSTER)
        .participants()
        .list()
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|p| p.id.clone().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "d5cd25e5-d69a-492e-ba2d-ccaf175c8ad3",
            "3a3aff0f-11d3-4241-810f-9cdc972df08b"
        ]
    );
    let log = graph.log();
    assert_eq!(log.len(), 2);
    assert!(log[1].path.contains("$skiptoken=mock-1"), "{}", log[1].path);
}

#[tokio::test]
async fn retries_ride_out_seeded_throttling_and_unavailability() {
    let faults = Faults::seeded(27)
        .with(Fault::TooManyRequests(RetryAfter::Seconds(0)), 0.4)
        .with(Fault::Unavailable { retry_after: 0 }, 0.3);
    let graph = Mock::from_docs(DOCS)
        .unwrap()
        .faults(faults)
        .start()
        .await
        .unwrap();
    let retry = RetryPolicy {
        max_retries: 20,
        max_elapsed: Duration::from_secs(30),
        base_delay: Duration::from_millis(1),
    };
    let client = client(&graph, retry);
    for _ in 0..10 {
        let call = client
            .communications()
            .calls()
            .by_id(CALL)
            .get()
            .send()
            .await
            .unwrap();
        assert_eq!(call.id.as_deref(), Some(CALL));
    }
    let log = graph.log();
    let faulted = log.iter().filter(|e| e.fault.is_some()).count();
    assert!(log.iter().any(|e| e.fault.as_deref() == Some("429")));
    assert!(log.iter().any(|e| e.fault.as_deref() == Some("503")));
    assert_eq!(
        log.len(),
        10 + faulted,
        "every faulted attempt was retried once more"
    );
}

#[tokio::test]
async fn without_retries_a_fault_is_a_typed_error_with_its_wait() {
    let faults = Faults::seeded(1).with(Fault::TooManyRequests(RetryAfter::Seconds(7)), 1.0);
    let graph = Mock::from_docs(DOCS)
        .unwrap()
        .faults(faults)
        .start()
        .await
        .unwrap();
    let err = client(&graph, RetryPolicy::none())
        .communications()
        .calls()
        .by_id(CALL)
        .get()
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.status, 429);
    assert_eq!(api.retry_after, Some(Duration::from_secs(7)));
    assert_eq!(api.error.as_ref().unwrap().code, "TooManyRequests");
}

#[tokio::test]
async fn a_400_and_a_404_come_back_as_typed_graph_errors() {
    let graph = Mock::from_docs(DOCS).unwrap().start().await.unwrap();
    let client = client(&graph, RetryPolicy::none());
    // `participants` is required: the default body leaves it out.
    let err = client
        .communications()
        .calls()
        .by_id(ROSTER)
        .participants()
        .invite(&models::InviteBody::default())
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.status, 400);
    let graph_error = api.error.as_ref().unwrap();
    assert_eq!(graph_error.code, "BadRequest");
    assert!(
        graph_error.message.contains("'participants'"),
        "{}",
        graph_error.message
    );
    assert!(
        graph_error.message.contains("api/participant-invite.md"),
        "{}",
        graph_error.message
    );

    let err = client
        .users()
        .by_id("u1")
        .drive()
        .0
        .segment("nowhere")
        .request::<Value>(runtime::Method::GET, runtime::decode_json)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(
        err.api_error().unwrap().error.as_ref().unwrap().code,
        "UnknownError"
    );
}
