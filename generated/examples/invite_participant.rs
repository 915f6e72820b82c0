//! Invites a user into a running group call and prints the invitation operation.
//!
//! ```text
//! GRAPH_TOKEN=eyJ0... cargo run -p graph-comms --example invite_participant -- <call-id>
//! ```
//!
//! `GRAPH_BASE_URL` overrides the service root (default `https://graph.microsoft.com/v1.0`).
//! `tests/operations.rs` runs [`run`] against a local server.

use graph_comms::{models, runtime, Client, Error};

/// The user to invite.
pub const USER_ID: &str = "2cf4aa83-0778-4812-9111-4ac9468a49d0";
/// The invited user's display name.
pub const USER_NAME: &str = "Tomasz Lindqvist";

/// The request body inviting one user.
pub fn invite_body(user_id: &str, display_name: &str) -> models::InviteBody {
    let user = models::Identity {
        id: Some(user_id.to_owned()),
        display_name: Some(display_name.to_owned()),
        odata_type: Some("#microsoft.graph.identity".to_owned()),
        ..Default::default()
    };
    let participant = models::InvitationParticipantInfo {
        identity: Some(models::IdentitySet {
            user: Some(user),
            odata_type: Some("#microsoft.graph.identitySet".to_owned()),
            ..Default::default()
        }),
        odata_type: Some("#microsoft.graph.invitationParticipantInfo".to_owned()),
        ..Default::default()
    };
    models::InviteBody {
        participants: Some(vec![participant]),
        ..Default::default()
    }
}

/// Invites [`USER_ID`] into the call `call_id` and prints the returned operation.
pub async fn run(
    base_url: &str,
    token: &str,
    call_id: &str,
) -> Result<models::InviteParticipantsOperation, Error> {
    let client = Client::builder()
        .base_url(base_url)
        .token(token.to_owned())
        .build()?;
    let operation = client
        .communications()
        .calls()
        .by_id(call_id)
        .participants()
        .invite(&invite_body(USER_ID, USER_NAME))
        .send()
        .await?;
    println!(
        "operation {} is {}",
        operation.id.as_deref().unwrap_or("<no id>"),
        operation
            .status
            .as_ref()
            .map_or("<no status>", |s| s.as_str()),
    );
    Ok(operation)
}

// Unused when tests/operations.rs includes this file as a module.
#[cfg_attr(test, allow(dead_code))]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    let base_url =
        std::env::var("GRAPH_BASE_URL").unwrap_or_else(|_| runtime::DEFAULT_BASE_URL.to_owned());
    let (Ok(token), Some(call_id)) = (std::env::var("GRAPH_TOKEN"), std::env::args().nth(1)) else {
        eprintln!(
            "usage: GRAPH_TOKEN=<access token> [GRAPH_BASE_URL=<url>] invite_participant <call-id>"
        );
        return std::process::ExitCode::from(2);
    };
    match run(&base_url, &token, &call_id).await {
        Ok(_) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("invite failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
