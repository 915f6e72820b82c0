//! The generated client's `$batch` (`docgen_runtime::batch::Batch`) against `docgen-mock`
//! serving the docs it was generated from: generated requests as steps, `dependsOn`,
//! typed results, a step throttled inside the batch and retried. Real HTTP over loopback.
#![deny(warnings)]

use docgen_mock::{Entry, Fault, Faults, Mock, RetryAfter, RunningMock};
use graph_comms::runtime::batch::Batch;
use graph_comms::runtime::{Error, RetryPolicy};
use graph_comms::{models, Client};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input");
const CALL: &str = "c6c66e76-f259-4a84-b248-23ca49809e8a";
const ROSTER: &str = "58fc647a-9e95-41ba-a468-e727b1cce1f4";
const PARTICIPANT: &str = "3a3aff0f-11d3-4241-810f-9cdc972df08b";

fn client(graph: &RunningMock, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(graph.url())
        .token("test-token")
        .retry_policy(retry)
        .build()
        .unwrap()
}

/// The body of the documented `call-post` example (docs-input/api/call-post.md).
fn new_call() -> models::Call {
    serde_json::from_value(json!({
        "@odata.type": "#microsoft.graph.call",
        "callbackUri": "https://bot.contoso.com/api/calls",
        "subject": "Confirm your delivery window",
        "targets": [{
            "@odata.type": "#microsoft.graph.invitationParticipantInfo",
            "identity": {
                "@odata.type": "#microsoft.graph.identitySet",
                "user": {
                    "@odata.type": "#microsoft.graph.identity",
                    "displayName": "Rosalind Okafor",
                    "id": "e6ceac51-2c32-485d-a12a-73235f4e58b8"
                }
            }
        }],
        "requestedModalities": ["audio"],
        "mediaConfig": {
            "@odata.type": "#microsoft.graph.serviceHostedMediaConfig",
            "preFetchMedia": [{
                "@odata.type": "#microsoft.graph.mediaInfo",
                "uri": "https://media.contoso.com/prompts/delivery-greeting.wav",
                "resourceId": "04545b46-8c0f-4b4c-891a-a88ede43f109"
            }]
        },
        "tenantId": "b8d74b2f-965d-4df9-a082-850e08c0724a"
    }))
    .unwrap()
}

fn batches(log: &[Entry]) -> Vec<&Entry> {
    log.iter().filter(|e| e.path == "/v1.0/$batch").collect()
}

/// The log entries of `$batch` steps to `path` (the query left aside).
fn steps<'l>(log: &'l [Entry], path: &str) -> Vec<&'l Entry> {
    log.iter().filter(|e| is_step(e, path)).collect()
}

fn is_step(e: &Entry, path: &str) -> bool {
    let shown = e.path.split_once('?').map_or(e.path.as_str(), |(p, _)| p);
    shown.strip_prefix("$batch ") == Some(path)
}

#[tokio::test]
async fn generated_requests_are_steps_of_the_mocks_batch_with_typed_results() {
    let graph = Mock::from_docs(DOCS).unwrap().start().await.unwrap();
    let client = client(&graph, RetryPolicy::none());
    let calls = client.communications().calls();
    let mut batch = Batch::new(&client);
    let created = batch.add(calls.create(&new_call()));
    let roster = batch.add_depending_on(
        calls.by_id(ROSTER).participants().list().top(2),
        &[created.id()],
    );
    let one = batch.add(calls.by_id(ROSTER).participants().by_id(PARTICIPANT).get());
    let read = batch.add(calls.by_id(CALL).get());
    let deleted = batch.add_depending_on(calls.by_id(CALL).delete(), &[read.id()]);
    let missing = batch.add(
        calls
            .by_id(ROSTER)
            .participants()
            .invite(&models::InviteBody::default()),
    );
    let mut answers = batch.send().await.unwrap();

    assert_eq!(answers.status(created.id()), Some(201));
    let call: models::Call = answers.take(created).unwrap();
    assert_eq!(call.id.as_deref(), Some(CALL));
    let page = answers.take(roster).unwrap();
    let ids: Vec<_> = page
        .value
        .iter()
        .map(|p| p.id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["d5cd25e5-d69a-492e-ba2d-ccaf175c8ad3", PARTICIPANT]);
    let participant: models::Participant = answers.take(one).unwrap();
    assert_eq!(participant.id.as_deref(), Some(PARTICIPANT));
    let read: models::Call = answers.take(read).unwrap();
    assert_eq!(
        read.subject.as_deref(),
        Some("Confirm your delivery window")
    );
    answers.take(deleted).unwrap();
    // The mock reads a step's body against its typed body as it would a request's.
    match answers.take(missing) {
        Err(Error::Api(api)) => {
            assert_eq!(api.status, 400);
            let message = api.error.unwrap().message;
            assert!(message.contains("'participants'"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    let log = graph.log();
    assert_eq!(batches(&log).len(), 1, "one POST /$batch");
    // `dependsOn` is honoured: the list ran after the create, the delete after the get.
    let at = |method: &str, path: &str| {
        log.iter()
            .position(|e| e.method == method && is_step(e, path))
            .unwrap()
    };
    let roster_path = format!("/communications/calls/{ROSTER}/participants");
    assert!(at("POST", "/communications/calls") < at("GET", &roster_path));
    let call_path = format!("/communications/calls/{CALL}");
    assert!(at("GET", &call_path) < at("DELETE", &call_path));
    assert_eq!(log.len(), 1 + 6, "the batch and its six steps");
}

#[tokio::test]
async fn a_step_throttled_inside_the_batch_is_retried_after_its_wait() {
    // Seed 4 at rate 0.5: the rule's first request is throttled, its second is not.
    let faults = Faults::seeded(4).on(
        "/communications/calls/*/participants",
        Fault::TooManyRequests(RetryAfter::Seconds(1)),
        0.5,
    );
    let graph = Mock::from_docs(DOCS)
        .unwrap()
        .faults(faults)
        .start()
        .await
        .unwrap();
    let retry = RetryPolicy {
        max_retries: 3,
        max_elapsed: Duration::from_secs(30),
        base_delay: Duration::from_millis(1),
    };
    let client = client(&graph, retry);
    let calls = client.communications().calls();
    let mut batch = Batch::new(&client);
    let read = batch.add(calls.by_id(CALL).get());
    let roster = batch.add_depending_on(
        calls.by_id(ROSTER).participants().list().top(2),
        &[read.id()],
    );
    // Answered 424 while the list is throttled, then sent again with it.
    let member = batch.add_depending_on(
        calls.by_id(ROSTER).participants().by_id(PARTICIPANT).get(),
        &[roster.id()],
    );
    let started = Instant::now();
    let mut answers = batch.send().await.unwrap();
    let elapsed = started.elapsed();

    let page = answers.take(roster).unwrap();
    assert_eq!(page.value.len(), 2);
    let call: models::Call = answers.take(read).unwrap();
    assert_eq!(call.id.as_deref(), Some(CALL));
    let participant = answers.take(member).unwrap();
    assert_eq!(participant.id.as_deref(), Some(PARTICIPANT));

    let log = graph.log();
    assert_eq!(batches(&log).len(), 2, "the first round and one retry");
    let listed = steps(
        &log,
        &format!("/communications/calls/{ROSTER}/participants"),
    );
    assert_eq!(
        listed
            .iter()
            .map(|e| (e.status, e.fault.as_deref()))
            .collect::<Vec<_>>(),
        [(429, Some("429")), (200, None)]
    );
    // The step that succeeded is not sent again, and the retry waited for Retry-After.
    assert_eq!(
        steps(&log, &format!("/communications/calls/{CALL}")).len(),
        1
    );
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    // The retry holds the throttled step and its 424 dependent, `dependsOn` kept.
    let retry: Value = serde_json::from_str(&batches(&log)[1].body).unwrap();
    let sent: Vec<_> = retry["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].clone(), r["dependsOn"].clone()))
        .collect();
    assert_eq!(
        sent,
        [(json!("2"), Value::Null), (json!("3"), json!(["2"]))]
    );
    let member_path = format!("/communications/calls/{ROSTER}/participants/{PARTICIPANT}");
    assert_eq!(steps(&log, &member_path).len(), 1, "424 in the first round");
}
