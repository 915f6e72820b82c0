//! The README's "client in one screen", compiled with the tests so the README stays true:
//! calls, errors, paging and options on the checked-in client.
//!
//! ```text
//! GRAPH_TOKEN=eyJ0... cargo run -p graph-comms --example tour
//! ```

use graph_comms::runtime::futures_util::TryStreamExt;
use graph_comms::{models, runtime, Client, Error};

async fn fetch_token() -> String {
    std::env::var("GRAPH_TOKEN").unwrap_or_default()
}

async fn run() -> Result<(), Error> {
    // Options: base URL (national clouds, beta), token, transport, retries, timeout.
    let client = Client::builder()
        .token(runtime::token_fn(|| async { Ok(fetch_token().await) })) // or a fixed String
        .retry_policy(runtime::RetryPolicy { max_retries: 5, ..Default::default() })
        .timeout(std::time::Duration::from_secs(20))
        .build()?;

    // Calls follow the URL; bodies are models, every field an Option.
    let call = client.communications().calls().by_id("57dab8b1");
    let body = models::InviteBody {
        participants: Some(vec![models::InvitationParticipantInfo::default()]),
        client_context: Some("my-context".into()),
        ..Default::default()
    };
    let op = call.participants().invite(&body).send().await?;
    println!("{:?} {:?}", op.id, op.status);

    // Paging: `items()` follows @odata.nextLink; `pages()` yields each page;
    // OData options on any request ($select, $filter, $expand, $orderby, $top, $count...).
    let everyone: Vec<models::Participant> =
        call.participants().list().top(50).items().try_collect().await?;
    println!("{} participants", everyone.len());

    // Errors: the service's own, distinct from transport, time and decoding failures.
    match call.get().send().await {
        Ok(c) => println!("{:?}", c.state),
        Err(Error::Api(e)) if e.status == 404 => println!("gone: {:?}", e.error),
        Err(Error::Timeout(after)) => println!("gave up after {after:?}"),
        Err(e) => return Err(e),
    }
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}
