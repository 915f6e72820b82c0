//! JSON batching against a strict emulated `$batch` endpoint on a loopback port
//! (tests/support/batch_server.rs): splitting, dependencies, typed outcomes, retries.

mod support;

use docgen_runtime::batch::{Batch, StepId, MAX_STEPS};
use docgen_runtime::serde_json::json;
use docgen_runtime::{
    decode_bytes, decode_empty, decode_json, Client, Error, Method, RetryPolicy, StaticToken,
};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use support::batch_server::{self, Posted, StepCall, StepReply};

const TOKEN: &str = "batch-t0ken";

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: String,
    value: i64,
}

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .token(StaticToken::new(TOKEN))
        .build()
        .unwrap()
}

/// A little store behind the steps: items built digit by digit (so an order broken by a
/// lost `dependsOn` shows in the value), blobs, and two steps refused once.
fn store() -> impl FnMut(&StepCall) -> StepReply + Send + 'static {
    let mut items: HashMap<String, i64> = HashMap::new();
    let mut blobs: HashMap<String, (String, Vec<u8>)> = HashMap::new();
    let mut refused: HashSet<&'static str> = HashSet::new();
    move |call| {
        let path = call.url.split('?').next().unwrap_or_default();
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (call.method.as_str(), parts.as_slice()) {
            ("PATCH", ["items", "c2"]) if refused.insert("c2") => {
                StepReply::error(429, "TooManyRequests", Some("1"))
            }
            ("GET", ["things", "7"]) if refused.insert("t7") => {
                StepReply::error(503, "ServiceUnavailable", Some("2"))
            }
            ("PUT", ["items", key]) => {
                items.insert(
                    key.to_string(),
                    call.json.as_ref().unwrap()["value"].as_i64().unwrap(),
                );
                StepReply::json(201, json!({"id": key, "value": items[*key]}))
            }
            ("PATCH", ["items", key]) => match items.get_mut(*key) {
                Some(value) => {
                    *value = *value * 10 + call.json.as_ref().unwrap()["digit"].as_i64().unwrap();
                    StepReply::json(200, json!({"id": key, "value": *value}))
                }
                None => StepReply::error(404, "ItemNotFound", None),
            },
            ("GET", ["items", key]) => match items.get(*key) {
                Some(value) => StepReply::json(200, json!({"id": key, "value": value})),
                None => StepReply::error(404, "ItemNotFound", None),
            },
            ("GET", ["things", n]) => {
                StepReply::json(200, json!({"id": n, "value": n.parse::<i64>().unwrap()}))
            }
            ("POST", ["things"]) => {
                let body = call.json.clone().unwrap();
                StepReply::json(201, json!({"id": "new", "value": body["value"]}))
            }
            ("PUT", ["blobs", key]) => {
                let content_type = call
                    .headers
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
                    .and_then(|(_, value)| value.as_str())
                    .unwrap()
                    .to_owned();
                blobs.insert(key.to_string(), (content_type, call.bytes.clone().unwrap()));
                StepReply::empty(204)
            }
            ("GET", ["blobs", key]) => match blobs.get(*key) {
                Some((content_type, bytes)) => StepReply::binary(content_type, bytes),
                None => StepReply::error(404, "ItemNotFound", None),
            },
            ("DELETE", ["trash", _]) => StepReply::empty(204),
            _ => StepReply::error(404, "ItemNotFound", None),
        }
    }
}

/// Every step's `dependsOn` names steps of the same request.
fn assert_dependencies_alongside(post: &Posted) {
    let ids = post.ids();
    for step in post.steps() {
        for dependency in step["dependsOn"].as_array().into_iter().flatten() {
            assert!(
                ids.iter().any(|id| id == dependency.as_str().unwrap()),
                "{step} without its dependency"
            );
        }
    }
}

#[tokio::test]
async fn forty_five_steps_split_keep_chains_whole_and_retry_refused_steps_with_their_dependents() {
    let server = batch_server::start(TOKEN, store()).await;
    let client = client(&server.base);
    let mut batch = Batch::new(&client);
    // Five chains of six: create, four digits, read back (30 steps).
    let mut reads = Vec::new();
    let mut chain_ids: Vec<Vec<StepId>> = Vec::new();
    for chain in 1..=5 {
        let key = format!("/items/c{chain}");
        let mut ids = vec![batch
            .add(
                client
                    .request(Method::PUT, key.clone(), decode_json::<Item>)
                    .json(&json!({"value": 0})),
            )
            .id()];
        for digit in 1..=4 {
            let patch = client
                .request(Method::PATCH, key.clone(), decode_json::<Item>)
                .json(&json!({"digit": digit}));
            ids.push(batch.add_depending_on(patch, &[*ids.last().unwrap()]).id());
        }
        let read = batch.add_depending_on(
            client
                .request(Method::GET, key.clone(), decode_json::<Item>)
                .select(&["id", "value"]),
            &[*ids.last().unwrap()],
        );
        ids.push(read.id());
        reads.push(read);
        chain_ids.push(ids);
    }
    // Ten reads, one of them refused once with 503 (Retry-After 2).
    let things: Vec<_> = (0..10)
        .map(|n| {
            batch.add(client.request(Method::GET, format!("/things/{n}"), decode_json::<Item>))
        })
        .collect();
    // A binary body and its read-back, which depends on it.
    let png = [0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    let put = batch.add(
        client
            .request(Method::PUT, "/blobs/b".into(), decode_empty)
            .body_bytes(png.to_vec(), "image/png"),
    );
    let blob = batch.add_depending_on(
        client.request(Method::GET, "/blobs/b".into(), decode_bytes),
        &[put.id()],
    );
    let deleted = batch.add(client.request(Method::DELETE, "/trash/1".into(), decode_empty));
    let missing = batch.add(client.request(Method::GET, "/missing".into(), decode_json::<Item>));
    let created = batch.add(
        client
            .request(Method::POST, "/things".into(), decode_json::<Item>)
            .json(&json!({"value": 42})),
    );
    assert_eq!(batch.len(), 45);

    let mut answers = batch.send().await.unwrap();

    // Outcomes, typed.
    for read in reads {
        assert_eq!(
            answers.take(read).unwrap().value,
            1234,
            "digits in chain order"
        );
    }
    for (n, thing) in things.into_iter().enumerate() {
        assert_eq!(answers.take(thing).unwrap().value, n as i64);
    }
    answers.take(put).unwrap();
    assert_eq!(&answers.take(blob).unwrap()[..], &png, "base64 both ways");
    answers.take(deleted).unwrap();
    match answers.take(missing) {
        Err(Error::Api(api)) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.error.unwrap().code, "ItemNotFound");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        answers.take(created).unwrap(),
        Item {
            id: "new".into(),
            value: 42
        }
    );
    assert!(
        matches!(answers.take(created), Err(Error::Batch(_))),
        "taken once"
    );

    // On the wire: 45 steps in three requests, none over 20, chains whole.
    let posted = server.posted();
    assert!(
        posted.iter().all(|p| p.status == 200),
        "the strict server accepted every request"
    );
    let (first, retry) = posted.split_at(3);
    let mut sent: Vec<String> = first.iter().flat_map(Posted::ids).collect();
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), 45);
    for post in first {
        assert!(post.ids().len() <= MAX_STEPS);
        assert_dependencies_alongside(post);
    }
    // Groups of 6 (x5), 2 and 1 (x13), packed largest first: as few requests as can be.
    let sizes: Vec<usize> = first.iter().map(|p| p.ids().len()).collect();
    assert_eq!(sizes, [20, 20, 5]);
    // The retry: the 429 step with the four steps behind it (424 the first time), and the
    // 503 step, their dependsOn kept; after the longest Retry-After.
    assert_eq!(retry.len(), 1, "one more request");
    let again = &retry[0];
    assert_dependencies_alongside(again);
    let expected: Vec<String> = chain_ids[1][1..]
        .iter()
        .map(|id| {
            format!(
                "{}",
                1 + chain_ids.concat().iter().position(|x| x == id).unwrap()
            )
        })
        .chain(["38".to_owned()])
        .collect();
    assert_eq!(again.ids(), expected);
    let steps = again.steps();
    let urls: Vec<&str> = steps.iter().map(|s| s["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "/items/c2",
            "/items/c2",
            "/items/c2",
            "/items/c2",
            "/items/c2?$select=id,value",
            "/things/7"
        ]
    );
    assert!(
        steps[0].get("dependsOn").is_none(),
        "its dependency is done"
    );
    for pair in steps[..5].windows(2) {
        assert_eq!(
            pair[1]["dependsOn"],
            json!([pair[0]["id"]]),
            "dependsOn kept"
        );
    }
    let waited = again.received - first[2].answered;
    assert!(
        waited >= Duration::from_secs(2),
        "waited {waited:?}, Retry-After was 2"
    );
}

#[tokio::test]
async fn a_dependency_group_larger_than_a_batch_is_refused_before_sending() {
    let server = batch_server::start(TOKEN, store()).await;
    let client = client(&server.base);
    let mut batch = Batch::new(&client);
    let mut last = batch
        .add(client.request(Method::PUT, "/items/x".into(), decode_empty))
        .id();
    for _ in 0..MAX_STEPS {
        last = batch
            .add_depending_on(
                client.request(Method::GET, "/items/x".into(), decode_empty),
                &[last],
            )
            .id();
    }
    match batch.send().await {
        Err(Error::Batch(message)) => assert!(message.contains("21"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(server.posted().is_empty(), "nothing sent");
}

#[tokio::test]
async fn steps_that_cannot_be_sent_fail_alone_and_retries_end_with_the_policy() {
    let server = batch_server::start(TOKEN, store()).await;
    let client = Client::builder()
        .base_url(&server.base)
        .token(StaticToken::new(TOKEN))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let mut other = Batch::new(&client);
    let foreign = other.add(client.request(Method::GET, "/things/1".into(), decode_empty));

    let mut batch = Batch::new(&client);
    let elsewhere = batch.add(client.request(
        Method::GET,
        "https://elsewhere.example/v1.0/me".into(),
        decode_empty,
    ));
    let after_elsewhere = batch.add_depending_on(
        client.request(Method::GET, "/things/2".into(), decode_empty),
        &[elsewhere.id()],
    );
    let cross = batch.add_depending_on(
        client.request(Method::GET, "/things/3".into(), decode_empty),
        &[foreign.id()],
    );
    let throttled = batch.add(
        client
            .request(Method::PATCH, "/items/c2".into(), decode_empty)
            .json(&json!({"digit": 1})),
    );
    let fine = batch.add(client.request(Method::GET, "/things/4".into(), decode_json::<Item>));
    let mut answers = batch.send().await.unwrap();

    assert!(matches!(answers.take(elsewhere), Err(Error::Batch(_))));
    assert!(matches!(
        answers.take(after_elsewhere),
        Err(Error::Batch(_))
    ));
    assert!(matches!(answers.take(cross), Err(Error::Batch(_))));
    match answers.take(throttled) {
        Err(Error::Api(api)) => {
            assert_eq!(
                (api.status, api.retry_after),
                (429, Some(Duration::from_secs(1)))
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(answers.take(fine).unwrap().value, 4);
    assert!(
        matches!(answers.take(foreign), Err(Error::Batch(_))),
        "a handle of another batch"
    );
    let posted = server.posted();
    assert_eq!(posted.len(), 1, "no retry with RetryPolicy::none()");
    assert_eq!(posted[0].ids(), ["4", "5"]);
}
