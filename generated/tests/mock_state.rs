//! The generated client against `docgen-mock` in stateful mode: calls and participants
//! created, read, listed and deleted through generated methods, alone and as `$batch`
//! steps whose `dependsOn` order shows in what the store answers. Real HTTP on loopback.
#![deny(warnings)]

use docgen_mock::{Mock, RunningMock};
use graph_comms::runtime::batch::Batch;
use graph_comms::runtime::{Error, RetryPolicy};
use graph_comms::{models, Client};

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input");
const ROSTER: &str = "58fc647a-9e95-41ba-a468-e727b1cce1f4";
const FIRST: &str = "d5cd25e5-d69a-492e-ba2d-ccaf175c8ad3";
const SECOND: &str = "3a3aff0f-11d3-4241-810f-9cdc972df08b";

async fn stateful() -> (RunningMock, Client) {
    let graph = Mock::from_docs(DOCS)
        .unwrap()
        .stateful(true)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(graph.url())
        .token("test-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    (graph, client)
}

fn call(subject: &str) -> models::Call {
    serde_json::from_value(serde_json::json!({
        "@odata.type": "#microsoft.graph.call",
        "callbackUri": "https://bot.contoso.com/api/calls",
        "subject": subject,
        "targets": [{
            "@odata.type": "#microsoft.graph.invitationParticipantInfo",
            "identity": {"user": {"id": "e6ceac51-2c32-485d-a12a-73235f4e58b8"}}
        }],
        "requestedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}
    }))
    .unwrap()
}

fn status_of<T: std::fmt::Debug>(result: Result<T, Error>) -> u16 {
    match result {
        Err(e) => e.status().unwrap(),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

#[tokio::test]
async fn calls_are_created_read_and_deleted_through_generated_methods() {
    let (graph, client) = stateful().await;
    let calls = client.communications().calls();
    let first = calls.create(&call("First")).send().await.unwrap();
    let second = calls.create(&call("Second")).send().await.unwrap();
    let (first_id, second_id) = (first.id.unwrap(), second.id.unwrap());
    assert_ne!(
        first_id, second_id,
        "the store assigns each call its own id"
    );

    let read = calls.by_id(&first_id).get().send().await.unwrap();
    assert_eq!(read.subject.as_deref(), Some("First"));
    assert_eq!(read.id.as_deref(), Some(first_id.as_str()));

    calls.by_id(&first_id).delete().send().await.unwrap();
    assert_eq!(status_of(calls.by_id(&first_id).get().send().await), 404);
    assert_eq!(status_of(calls.by_id(&first_id).delete().send().await), 404);
    let kept = calls.by_id(&second_id).get().send().await.unwrap();
    assert_eq!(kept.subject.as_deref(), Some("Second"));

    let log = graph.log();
    assert_eq!(log[0].status, 201);
    assert!(
        log.iter().all(|e| e.example.is_none()),
        "the store answered, not the docs"
    );
}

#[tokio::test]
async fn a_batch_deletes_a_participant_before_the_list_that_depends_on_it() {
    let (_graph, client) = stateful().await;
    let roster = client.communications().calls().by_id(ROSTER);
    // Seeded from the documented list example.
    let before = roster.participants().list().send().await.unwrap();
    let ids: Vec<_> = before.value.iter().map(|p| p.id.clone().unwrap()).collect();
    assert_eq!(ids, [FIRST, SECOND]);

    let mut batch = Batch::new(&client);
    let removed = batch.add(roster.participants().by_id(FIRST).delete());
    let listed = batch.add_depending_on(roster.participants().list(), &[removed.id()]);
    let gone = batch.add_depending_on(roster.participants().by_id(FIRST).get(), &[removed.id()]);
    let mut answers = batch.send().await.unwrap();

    answers.take(removed).unwrap();
    let after = answers.take(listed).unwrap();
    let ids: Vec<_> = after.value.iter().map(|p| p.id.clone().unwrap()).collect();
    assert_eq!(ids, [SECOND]);
    assert_eq!(status_of(answers.take(gone)), 404);

    let left = roster
        .participants()
        .by_id(SECOND)
        .get()
        .send()
        .await
        .unwrap();
    assert_eq!(left.id.as_deref(), Some(SECOND));
}
