//! The build.rs route and the one-shot command produce the same client.

fn body(code: &str) -> &str {
    // Skip the header comment, which names the input path and the command.
    code.split_once("\n\n").map_or(code, |(_, rest)| rest)
}

#[test]
fn build_rs_output_matches_the_checked_in_client() {
    let built = include_str!(concat!(env!("OUT_DIR"), "/graph.rs"));
    let checked_in = include_str!("../generated/src/client.rs");
    assert!(
        body(built) == body(checked_in),
        "build.rs and generated/src/client.rs disagree; regenerate generated/ (see README)"
    );
}

/// The one dependency: everything the models need comes through the runtime.
use docgen_demo::runtime::serde_json;

#[test]
fn the_built_client_is_usable() {
    let op: docgen_demo::models::InviteParticipantsOperation =
        serde_json::from_str(r#"{"id": "op-1", "status": "running", "clientContext": "c"}"#)
            .unwrap();
    assert_eq!(
        op.status,
        Some(docgen_demo::models::OperationStatus::Running)
    );
    assert_eq!(serde_json::to_value(&op).unwrap()["clientContext"], "c");
}
