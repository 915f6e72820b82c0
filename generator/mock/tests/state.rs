//! Stateful mode: a create-read-update-delete round trip over HTTP, seeded from the
//! documented list example.

mod support;

use docgen_codegen::ir::Ir;
use docgen_mock::Mock;
use serde_json::{json, Value};

fn ir() -> Ir {
    let op = |method: &str, path: &str, body: Value, response: Value| {
        json!({"name": format!("{method} {path}"), "method": method, "path": path,
               "body": body, "response": response, "source": "api/todo.md:1"})
    };
    let task = json!({"type": "microsoft.graph.todoTask", "collection": false});
    serde_json::from_value(json!({
        "types": [{"name": "microsoft.graph.todoTask", "kind": "entity", "base": null, "members": [],
                   "source": "resources/todotask.md:1", "properties": [
            {"name": "id", "type": "Edm.String", "collection": false, "nullable": false, "navigation": false},
            {"name": "title", "type": "Edm.String", "collection": false, "nullable": false, "navigation": false},
            {"name": "status", "type": "Edm.String", "collection": false, "nullable": true, "navigation": false}]}],
        "operations": [
            op("GET", "/me/todo/tasks", Value::Null, json!({"status": 200, "type": "microsoft.graph.todoTask", "collection": true})),
            op("POST", "/me/todo/tasks", task.clone(), json!({"status": 201, "type": "microsoft.graph.todoTask", "collection": false})),
            op("GET", "/me/todo/tasks/{task-id}", Value::Null, json!({"status": 200, "type": "microsoft.graph.todoTask", "collection": false})),
            op("PATCH", "/me/todo/tasks/{task-id}", task.clone(), json!({"status": 200, "type": "microsoft.graph.todoTask", "collection": false})),
            op("PUT", "/me/todo/tasks/{task-id}", task, json!({"status": 200, "type": "microsoft.graph.todoTask", "collection": false})),
            op("DELETE", "/me/todo/tasks/{task-id}", Value::Null, json!({"status": 204, "type": null, "collection": false}))
        ],
        "exchanges": [{"source": "api/todo-list.md:40",
            "request": {"method": "GET", "url": "https://graph.microsoft.com/v1.0/me/todo/tasks"},
            "response": {"status": 200, "json": {"value": [{"id": "seeded-1", "title": "Documented task"}]}}}]
    }))
    .unwrap()
}

async fn call(
    client: &reqwest::Client,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client
        .request(method.parse().unwrap(), url)
        .bearer_auth("t");
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (
        status,
        serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn create_read_update_replace_delete_round_trip() {
    let graph = Mock::from_ir(ir()).stateful(true).start().await.unwrap();
    let c = support::http().build().unwrap();
    let tasks = format!("{}/me/todo/tasks", graph.url());

    // Seeded from the documented list.
    let (s, list) = call(&c, "GET", &tasks, None).await;
    assert_eq!((s, list["value"].as_array().unwrap().len()), (200, 1));
    assert_eq!(list["value"][0]["id"], "seeded-1");

    let (s, created) = call(&c, "POST", &tasks, Some(json!({"title": "Buy milk"}))).await;
    assert_eq!(s, 201);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["title"], "Buy milk");
    let item = format!("{tasks}/{id}");
    assert_eq!(call(&c, "GET", &item, None).await, (200, created.clone()));

    let (s, patched) = call(&c, "PATCH", &item, Some(json!({"status": "completed"}))).await;
    assert_eq!(s, 200);
    assert_eq!(
        patched,
        json!({"title": "Buy milk", "id": id, "status": "completed"})
    );
    assert_eq!(call(&c, "GET", &item, None).await.1, patched);

    let (s, replaced) = call(&c, "PUT", &item, Some(json!({"title": "Buy oat milk"}))).await;
    assert_eq!(s, 200);
    assert_eq!(replaced, json!({"title": "Buy oat milk", "id": id}));

    let (_, list) = call(&c, "GET", &format!("{tasks}?$count=true"), None).await;
    assert_eq!(list["@odata.count"], 2);
    assert_eq!(list["value"][1], replaced);

    assert_eq!(call(&c, "DELETE", &item, None).await.0, 204);
    let (s, gone) = call(&c, "GET", &item, None).await;
    assert_eq!(s, 404);
    assert_eq!(gone["error"]["code"], "ResourceNotFound");
    assert_eq!(
        call(&c, "GET", &tasks, None).await.1["value"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A create still goes through the body checks.
    let (s, bad) = call(&c, "POST", &tasks, Some(json!({"titel": "typo"}))).await;
    assert_eq!(s, 400);
    assert!(bad["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'titel'"));
}

#[tokio::test]
async fn without_state_every_answer_is_the_documented_one() {
    let graph = Mock::from_ir(ir()).start().await.unwrap();
    let c = support::http().build().unwrap();
    let tasks = format!("{}/me/todo/tasks", graph.url());
    assert_eq!(
        call(&c, "POST", &tasks, Some(json!({"title": "x"})))
            .await
            .0,
        201
    );
    let (_, list) = call(&c, "GET", &tasks, None).await;
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
}
