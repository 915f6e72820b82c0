//! The mock over real HTTP on loopback, from docs-input/ (our own docs).

mod support;

use docgen_mock::{Mock, RunningMock};
use serde_json::{json, Value};
use std::path::Path;

pub const CALL: &str = "c6c66e76-f259-4a84-b248-23ca49809e8a";
pub const ROSTER: &str = "58fc647a-9e95-41ba-a468-e727b1cce1f4";

fn docs() -> Mock {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input");
    Mock::from_docs(docs).unwrap()
}

async fn start() -> RunningMock {
    docs().start().await.unwrap()
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn send(graph: &RunningMock, method: &str, path: &str, body: Option<Value>) -> Answer {
    let url = if path.starts_with("http") {
        path.to_string()
    } else {
        format!("{}{path}", graph.url())
    };
    let mut req = support::http()
        .build()
        .unwrap()
        .request(method.parse().unwrap(), url)
        .bearer_auth("secret-token");
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&b).unwrap());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.unwrap();
    Answer {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

fn message(a: &Answer) -> &str {
    a.body["error"]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_documented_request_answers_with_its_documented_response() {
    let graph = start().await;
    let a = send(
        &graph,
        "GET",
        &format!("/communications/calls/{CALL}"),
        None,
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["id"], CALL);
    assert_eq!(a.body["subject"], "Confirm your delivery window");
    let log = graph.log();
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].operation.as_deref(),
        Some("GET /communications/calls/{call-id}")
    );
    assert_eq!(log[0].example.as_deref(), Some("api/call-get.md:65"));
}

#[tokio::test]
async fn the_example_whose_body_is_closest_answers() {
    let graph = start().await;
    let path = "/communications/calls/b36a3278-9e4d-4ca0-baf0-95a42a94656e/reject";
    let declined =
        json!({"reason": "none", "callbackUri": "https://bot.contoso.com/api/calls/declined"});
    assert_eq!(send(&graph, "POST", path, Some(declined)).await.status, 202);
    assert_eq!(
        send(&graph, "POST", path, Some(json!({"reason": "busy"})))
            .await
            .status,
        202
    );
    let examples: Vec<_> = graph.log().into_iter().map(|e| e.example).collect();
    assert_eq!(
        examples,
        [
            Some("api/call-reject.md:92".to_string()),
            Some("api/call-reject.md:65".to_string())
        ]
    );
}

#[tokio::test]
async fn me_and_users_by_id_are_one_route_and_function_arguments_bind() {
    let graph = start().await;
    for path in [
        "/me/drive/root/search(q='budget')",
        "/users/48d31887/drive/root/search(q='x')",
    ] {
        let a = send(&graph, "GET", path, None).await;
        assert_eq!(a.status, 200, "{path}");
        assert!(a.body["value"].is_array(), "{path}");
    }
    let ops: Vec<_> = graph
        .log()
        .into_iter()
        .map(|e| e.operation.unwrap())
        .collect();
    assert_eq!(ops[0], "GET /users/{user-id}/drive/root/search(q='{q}')");
    assert_eq!(ops[0], ops[1]);
}

#[tokio::test]
async fn an_undocumented_route_is_404_and_a_wrong_method_405_with_graph_errors() {
    let graph = start().await;
    let a = send(&graph, "GET", "/communications/nothingHere", None).await;
    assert_eq!(a.status, 404);
    assert_eq!(a.body["error"]["code"], "UnknownError");
    assert!(message(&a).contains("/communications/nothingHere"));
    let a = send(
        &graph,
        "PUT",
        &format!("/communications/calls/{CALL}"),
        Some(json!({})),
    )
    .await;
    assert_eq!(a.status, 405);
    assert_eq!(a.headers["allow"], "DELETE, GET");
    assert!(a.body["error"]["code"].is_string());
}

#[tokio::test]
async fn a_request_without_a_bearer_token_is_401_and_the_log_never_holds_the_token() {
    let graph = start().await;
    let url = format!("{}/communications/calls/{CALL}", graph.url());
    let resp = support::http()
        .build()
        .unwrap()
        .get(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let body: Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "InvalidAuthenticationToken");
    send(
        &graph,
        "GET",
        &format!("/communications/calls/{CALL}"),
        None,
    )
    .await;
    let log = graph.log();
    let auth = log[1]
        .headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap();
    assert_eq!(auth.1, "Bearer <redacted>");
    assert!(!format!("{log:?}").contains("secret-token"));
    assert_eq!(log[1].to_string(), format!("GET /v1.0/communications/calls/{CALL} -> 200 [GET /communications/calls/{{call-id}}] from api/call-get.md:65"));
}

#[tokio::test]
async fn bodies_are_read_against_the_typed_body_naming_the_property_and_the_page() {
    let graph = start().await;
    let path = format!("/communications/calls/{ROSTER}/participants/invite");
    let invite = |extra: Value| {
        let mut b = json!({"participants": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
            "identity": {"user": {"id": "278405a3-f568-4b3e-b684-009193463064"}}}], "clientContext": "ctx"});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                b.as_object_mut().unwrap().remove(k);
            } else {
                b[k] = v.clone();
            }
        }
        b
    };
    assert_eq!(
        send(&graph, "POST", &path, Some(invite(json!({}))))
            .await
            .status,
        200
    );
    for (change, named) in [
        (json!({"clientContextX": "ctx"}), "clientContextX"),
        (json!({"clientContext": 12}), "clientContext"),
        (json!({"participants": "everyone"}), "participants"),
        (json!({"participants": null}), "participants"),
        (
            json!({"participants": [{"identity": {"user": {"idd": "x"}}}]}),
            "participants[0].identity.user.idd",
        ),
    ] {
        let a = send(&graph, "POST", &path, Some(invite(change.clone()))).await;
        assert_eq!(a.status, 400, "{change}");
        assert_eq!(a.body["error"]["code"], "BadRequest");
        assert!(
            message(&a).contains(&format!("'{named}'")),
            "{change}: {}",
            message(&a)
        );
        assert!(
            message(&a).contains("api/participant-invite.md"),
            "{}",
            message(&a)
        );
    }
}

#[tokio::test]
async fn a_get_with_a_body_is_400_and_a_post_without_content_length_411() {
    let graph = start().await;
    let a = send(
        &graph,
        "GET",
        &format!("/communications/calls/{CALL}"),
        Some(json!({"x": 1})),
    )
    .await;
    assert_eq!(a.status, 400);
    assert!(message(&a).contains("GET"));
    // A chunked body says no length: written by hand, as a client that streams would.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(graph.addr()).await.unwrap();
    let req = format!(
        "POST /v1.0/communications/calls/{CALL}/reject HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n11\r\n{{\"reason\":\"busy\"}}\r\n0\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    assert!(out.starts_with("HTTP/1.1 411"), "{out}");
}

#[tokio::test]
async fn an_operation_without_an_example_answers_from_its_type_with_the_paths_id() {
    let mut mock = docs();
    let mut ir = mock.ir().clone();
    ir.exchanges.clear();
    mock = Mock::from_ir(ir);
    let graph = mock.start().await.unwrap();
    let a = send(&graph, "GET", "/communications/calls/abc-123", None).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["id"], "abc-123");
    let a = send(&graph, "GET", "/drives/d1/root/search(q='x')", None).await;
    assert_eq!(a.status, 200);
    assert!(a.body["value"][0]["id"].is_string(), "{}", a.body);
    let a = send(&graph, "DELETE", "/communications/calls/abc-123", None).await;
    assert_eq!(a.status, 204);
}

#[tokio::test]
async fn collections_take_top_skip_select_count_and_page_back_to_the_mock() {
    let graph = start().await;
    let list = format!("/communications/calls/{ROSTER}/participants");
    let a = send(&graph, "GET", &format!("{list}?$top=2"), None).await;
    assert_eq!(a.body["value"].as_array().unwrap().len(), 2);
    // The documented nextLink, pointed back at the mock.
    let next = a.body["@odata.nextLink"].as_str().unwrap();
    assert!(next.starts_with(graph.url()), "{next}");

    let a = send(&graph, "GET", &format!("{list}?$top=1&$count=true"), None).await;
    assert_eq!(a.body["value"].as_array().unwrap().len(), 1);
    assert_eq!(a.body["@odata.count"], 2);
    let first = a.body["value"][0]["id"].clone();
    let next = a.body["@odata.nextLink"].as_str().unwrap().to_string();
    assert!(next.starts_with(graph.url()), "{next}");
    let b = send(&graph, "GET", &next, None).await;
    assert_eq!(
        b.body["value"].as_array().unwrap().len(),
        1,
        "{next}: {}",
        b.body
    );
    assert_ne!(b.body["value"][0]["id"], first);
    assert!(b.body.get("@odata.nextLink").is_none(), "{}", b.body);

    let a = send(&graph, "GET", &format!("{list}?$skip=1"), None).await;
    assert_eq!(a.body["value"].as_array().unwrap().len(), 1);
    let a = send(&graph, "GET", &format!("{list}?$select=isMuted"), None).await;
    let item = a.body["value"][0].as_object().unwrap();
    assert!(
        item.keys()
            .all(|k| k == "id" || k == "isMuted" || k.starts_with('@')),
        "{item:?}"
    );
    assert!(item.contains_key("isMuted"));
}

#[tokio::test]
async fn batch_runs_steps_in_dependency_order_and_answers_each() {
    let graph = start().await;
    let batch = json!({"requests": [
        {"id": "1", "method": "GET", "url": format!("/communications/calls/{CALL}")},
        {"id": "2", "method": "GET", "url": format!("/communications/calls/{ROSTER}/participants?$top=1"), "dependsOn": ["1"]},
        {"id": "3", "method": "GET", "url": "/nowhere"},
        {"id": "4", "method": "POST", "url": format!("/communications/calls/{CALL}/reject"),
         "body": {"reason": "busy"}, "headers": {"Content-Type": "application/json"}, "dependsOn": ["3"]},
        {"id": "5", "method": "POST", "url": format!("/communications/calls/{CALL}/reject"),
         "body": {"reason": "busy"}, "headers": {"Content-Type": "application/json"}}
    ]});
    let a = send(&graph, "POST", "/$batch", Some(batch.clone())).await;
    assert_eq!(a.status, 200);
    let status = |id: &str| {
        a.body["responses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["status"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(
        [
            status("1"),
            status("2"),
            status("3"),
            status("4"),
            status("5")
        ],
        [200, 200, 404, 424, 202]
    );
    let order = |v: &Value| -> Vec<String> {
        v["responses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Answers come in an order of their own, the same for the same seed.
    let again = send(&graph, "POST", "/$batch", Some(batch)).await;
    assert_eq!(order(&a.body), order(&again.body));
    assert_ne!(order(&a.body), ["1", "2", "3", "4", "5"]);

    let many: Vec<Value> = (0..21)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"}))
        .collect();
    let a = send(&graph, "POST", "/$batch", Some(json!({"requests": many}))).await;
    assert_eq!(a.status, 400);
    assert!(message(&a).contains("20"));
    let cycle = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/me", "dependsOn": ["2"]},
        {"id": "2", "method": "GET", "url": "/me", "dependsOn": ["1"]}]});
    assert_eq!(
        send(&graph, "POST", "/$batch", Some(cycle)).await.status,
        400
    );
}
