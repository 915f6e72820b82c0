//! Generated operations as `$batch` steps: `batch.add(client.communications().calls()...)`
//! against the runtime's strict emulated `$batch` endpoint on a loopback port.
#![deny(warnings)]

#[path = "../../generator/runtime/tests/support/batch_server.rs"]
mod batch_server;

use batch_server::{StepCall, StepReply};
use graph_comms::runtime::batch::Batch;
use graph_comms::runtime::{Error, StaticToken};
use graph_comms::{models, Client};
use serde_json::json;

const TOKEN: &str = "generated-batch-t0ken";

fn calls(call: &StepCall) -> StepReply {
    match (call.method.as_str(), call.url.as_str()) {
        ("POST", "/communications/calls") => {
            let subject = call.json.as_ref().unwrap()["subject"].clone();
            StepReply::json(
                201,
                json!({"@odata.type": "#microsoft.graph.call", "id": "c 1", "subject": subject}),
            )
        }
        ("GET", "/communications/calls/c%201/participants?$top=2") => StepReply::json(
            200,
            json!({"value": [{"id": "p0", "isMuted": true}], "@odata.nextLink": "next"}),
        ),
        ("DELETE", "/communications/calls/c%201") => StepReply::empty(204),
        _ => StepReply::error(404, "itemNotFound", None),
    }
}

#[tokio::test]
async fn generated_requests_are_batch_steps_with_typed_results() {
    let server = batch_server::start(TOKEN, calls).await;
    let client = Client::builder()
        .base_url(&server.base)
        .token(StaticToken::new(TOKEN))
        .build()
        .unwrap();
    let call = models::Call {
        subject: Some("Weekly".into()),
        ..Default::default()
    };
    let calls = client.communications().calls();
    let mut batch = Batch::new(&client);
    let created = batch.add(calls.create(&call));
    let listed = batch.add_depending_on(
        calls.by_id("c 1").participants().list().top(2),
        &[created.id()],
    );
    let deleted = batch.add_depending_on(calls.by_id("c 1").delete(), &[listed.id()]);
    let missing = batch.add(calls.by_id("none").get());
    let mut answers = batch.send().await.unwrap();

    let created: models::Call = answers.take(created).unwrap();
    assert_eq!(
        (created.id.as_deref(), created.subject.as_deref()),
        (Some("c 1"), Some("Weekly"))
    );
    let page = answers.take(listed).unwrap();
    assert_eq!(page.value[0].is_muted, Some(true));
    assert_eq!(page.next_link.as_deref(), Some("next"));
    answers.take(deleted).unwrap();
    match answers.take(missing) {
        Err(Error::Api(api)) => assert_eq!(api.error.unwrap().code, "itemNotFound"),
        other => panic!("{other:?}"),
    }
    let posted = server.posted();
    assert_eq!(posted.len(), 1);
    assert_eq!(
        posted[0].steps()[1]["dependsOn"],
        json!(["1"]),
        "{:?}",
        posted[0].body
    );
}
