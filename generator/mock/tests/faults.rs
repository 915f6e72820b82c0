//! Faults over HTTP: seeded and reproducible, per route or global.

mod support;

use docgen_mock::{Fault, Faults, Mock, RateLimit, RetryAfter, RunningMock};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const CALL: &str = "c6c66e76-f259-4a84-b248-23ca49809e8a";

async fn start(faults: Faults) -> RunningMock {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input");
    Mock::from_docs(docs)
        .unwrap()
        .faults(faults)
        .start()
        .await
        .unwrap()
}

async fn get(graph: &RunningMock, path: &str) -> reqwest::Result<reqwest::Response> {
    support::http()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
        .get(format!("{}{path}", graph.url()))
        .bearer_auth("t")
        .send()
        .await
}

async fn statuses(graph: &RunningMock, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(
            get(graph, &format!("/communications/calls/{CALL}"))
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    out
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let faults = || {
        Faults::seeded(7)
            .with(Fault::TooManyRequests(RetryAfter::Seconds(2)), 0.3)
            .with(Fault::Unavailable { retry_after: 1 }, 0.2)
            .with(Fault::GatewayTimeout, 0.1)
    };
    let a = statuses(&start(faults()).await, 40).await;
    let b = statuses(&start(faults()).await, 40).await;
    assert_eq!(a, b);
    for s in [200, 429, 503, 504] {
        assert!(a.contains(&s), "{s} in {a:?}");
    }
    let c = statuses(
        &start(Faults::seeded(8).with(Fault::TooManyRequests(RetryAfter::Seconds(2)), 0.3)).await,
        40,
    )
    .await;
    assert_ne!(a, c);
}

#[tokio::test]
async fn throttling_says_when_to_retry_in_seconds_or_as_a_date() {
    let graph =
        start(Faults::seeded(1).with(Fault::TooManyRequests(RetryAfter::Seconds(3)), 1.0)).await;
    let r = get(&graph, &format!("/communications/calls/{CALL}"))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["retry-after"], "3");
    let body: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "TooManyRequests");
    assert_eq!(graph.log()[0].fault.as_deref(), Some("429"));

    let graph =
        start(Faults::seeded(1).with(Fault::TooManyRequests(RetryAfter::Date(30)), 1.0)).await;
    let r = get(&graph, &format!("/communications/calls/{CALL}"))
        .await
        .unwrap();
    let when = httpdate::parse_http_date(r.headers()["retry-after"].to_str().unwrap()).unwrap();
    assert!(when > std::time::SystemTime::now());
}

#[tokio::test]
async fn a_route_glob_limits_a_fault_to_its_routes() {
    let graph = start(Faults::seeded(1).on(
        "/communications/calls/*/participants",
        Fault::Unavailable { retry_after: 1 },
        1.0,
    ))
    .await;
    let r = get(
        &graph,
        &format!("/communications/calls/{CALL}/participants"),
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    let r = get(&graph, &format!("/communications/calls/{CALL}"))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[tokio::test]
async fn a_rate_limit_budget_counts_down_then_throttles() {
    let graph = start(Faults::seeded(1).rate_limit(RateLimit {
        limit: 2,
        window: Duration::from_secs(60),
    }))
    .await;
    let path = format!("/communications/calls/{CALL}");
    let r = get(&graph, &path).await.unwrap();
    assert_eq!(
        (r.status().as_u16(), &r.headers()["ratelimit-remaining"]),
        (200, &"1".parse().unwrap())
    );
    assert_eq!(r.headers()["ratelimit-limit"], "2");
    get(&graph, &path).await.unwrap();
    let r = get(&graph, &path).await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
}

#[tokio::test]
async fn a_dropped_connection_and_a_stalled_answer_reach_the_client_as_such() {
    let graph = start(
        Faults::seeded(1)
            .on("/communications/calls/*", Fault::Drop, 1.0)
            .on("/chats/**", Fault::Stall, 1.0),
    )
    .await;
    let e = get(&graph, &format!("/communications/calls/{CALL}"))
        .await
        .unwrap_err();
    assert!(!e.is_timeout(), "{e}");
    let e = get(&graph, "/chats/c/messages/m/hostedContents/h")
        .await
        .unwrap_err();
    assert!(e.is_timeout(), "{e}");
    let faults: Vec<_> = graph.log().into_iter().map(|e| e.fault).collect();
    assert_eq!(
        faults,
        [Some("drop".to_string()), Some("stall".to_string())]
    );
}

#[tokio::test]
async fn batch_steps_are_throttled_one_by_one() {
    let graph = start(Faults::seeded(1).on(
        "/communications/calls/*/participants",
        Fault::TooManyRequests(RetryAfter::Seconds(5)),
        1.0,
    ))
    .await;
    let body = json!({"requests": [
        {"id": "a", "method": "GET", "url": format!("/communications/calls/{CALL}")},
        {"id": "b", "method": "GET", "url": format!("/communications/calls/{CALL}/participants")}]});
    let r = support::http()
        .build()
        .unwrap()
        .post(format!("{}/$batch", graph.url()))
        .bearer_auth("t")
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    let step = |id: &str| {
        v["responses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(step("a")["status"], 200);
    assert_eq!(step("b")["status"], 429);
    assert_eq!(step("b")["headers"]["retry-after"], "5");
}

#[test]
fn fault_rules_read_as_the_cli_writes_them() {
    assert_eq!(
        "429=2".parse::<Fault>(),
        Ok(Fault::TooManyRequests(RetryAfter::Seconds(2)))
    );
    assert_eq!(
        "429=date:9".parse::<Fault>(),
        Ok(Fault::TooManyRequests(RetryAfter::Date(9)))
    );
    assert_eq!(
        "latency=250ms".parse::<Fault>(),
        Ok(Fault::Latency(Duration::from_millis(250)))
    );
    assert!("teapot".parse::<Fault>().is_err());
    assert!(Faults::seeded(0).parse_rule("503:0.5@/me/**").is_ok());
}
