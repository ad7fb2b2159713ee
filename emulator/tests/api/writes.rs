use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

async fn get(server: &TestServer, bearer: &str, id: &str) -> (u16, Value) {
    call(server.demo_api(Method::GET, bearer, &format!("tokens/{id}"))).await
}

async fn put(server: &TestServer, bearer: &str, id: &str, body: Value) -> (u16, Value) {
    call(
        server
            .demo_api(Method::PUT, bearer, &format!("tokens/{id}"))
            .json(&body),
    )
    .await
}

async fn patch(server: &TestServer, bearer: &str, id: &str, body: Value) -> (u16, Value) {
    call(
        server
            .demo_api(Method::PATCH, bearer, &format!("tokens/{id}"))
            .json(&body),
    )
    .await
}

async fn delete(server: &TestServer, bearer: &str, path: &str) -> (u16, Value) {
    call(server.demo_api(Method::DELETE, bearer, &format!("tokens/{path}"))).await
}

#[tokio::test]
async fn put_creates_then_renames_and_never_returns_the_value() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let secret = "sk-test-very-secret-123";
    assert_eq!(
        put(
            &server,
            &bearer,
            "new-key",
            json!({"name": "New key", "value": secret})
        )
        .await,
        (201, json!({"id": "new-key"}))
    );
    let (status, token) = get(&server, &bearer, "new-key").await;
    assert_eq!(status, 200);
    assert_eq!(token["name"], "New key");
    assert_eq!(token["metadata"]["version"], 1);
    assert_eq!(
        token["metadata"]["createdAt"],
        token["metadata"]["modifiedAt"]
    );
    assert!(!token.to_string().contains(secret));

    assert_eq!(
        put(&server, &bearer, "new-key", json!({"name": "Renamed"})).await,
        (204, Value::Null)
    );
    let (_, token) = get(&server, &bearer, "new-key").await;
    assert_eq!(token["name"], "Renamed");
    assert_eq!(token["metadata"]["version"], 2);
    assert!(token["metadata"]["modifiedAt"].as_str() >= token["metadata"]["createdAt"].as_str());

    let text = server
        .demo_api(Method::GET, &bearer, "tokens")
        .query(&[("pageSize", "100")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!text.contains(secret));
}

#[tokio::test]
async fn a_stale_version_is_409_and_changes_nothing() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (_, token) = get(&server, &bearer, "openai-prod").await;
    let version = token["metadata"]["version"].as_i64().unwrap();
    let mine = json!({"name": "Mine", "metadata": {"version": version}});
    let theirs = json!({"name": "Theirs", "metadata": {"version": version}});
    assert_eq!(put(&server, &bearer, "openai-prod", theirs).await.0, 204);
    let (status, body) = put(&server, &bearer, "openai-prod", mine).await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], 409);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains(&format!("version {}", version + 1)));
    let (_, token) = get(&server, &bearer, "openai-prod").await;
    assert_eq!(
        (
            token["name"].clone(),
            token["metadata"]["version"].as_i64().unwrap()
        ),
        (json!("Theirs"), version + 1)
    );
    let resave = json!({"name": "Mine", "metadata": {"version": version + 1}});
    assert_eq!(put(&server, &bearer, "openai-prod", resave).await.0, 204);
    assert_eq!(get(&server, &bearer, "openai-prod").await.1["name"], "Mine");
}

#[tokio::test]
async fn put_with_a_version_on_a_deleted_token_is_404() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (status, body) = put(
        &server,
        &bearer,
        "gone-token",
        json!({"name": "x", "metadata": {"version": 3}}),
    )
    .await;
    assert_eq!(status, 404);
    assert!(body["message"].as_str().unwrap().contains("gone-token"));
    assert_eq!(get(&server, &bearer, "gone-token").await.0, 404);
}

#[tokio::test]
async fn an_update_refuses_any_value_without_comparing_it() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    put(
        &server,
        &bearer,
        "fixed",
        json!({"name": "Fixed", "value": "one"}),
    )
    .await;
    // The right guess and a wrong one get the same answer, so guessing learns nothing.
    let mut answers = Vec::new();
    for guess in ["two", "one"] {
        let body = json!({"name": "Fixed 2", "value": guess});
        answers.push(put(&server, &bearer, "fixed", body).await);
    }
    assert_eq!(answers[0].0, 400);
    assert_eq!(answers[0].1["details"][0]["field"], "value");
    assert_eq!(answers[0], answers[1]);
    let (status, body) = get(&server, &bearer, "fixed").await;
    assert_eq!((status, &body["name"]), (200, &json!("Fixed")));
}

#[tokio::test]
async fn invalid_upserts_are_400_with_field_details() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (status, body) = put(&server, &bearer, "brand-new", json!({"name": "No value"})).await;
    assert_eq!(status, 400);
    assert_eq!(body["details"][0]["field"], "value");
    let (status, body) = put(&server, &bearer, "brand-new", json!({"value": "v"})).await;
    assert_eq!(status, 400);
    assert_eq!(body["details"][0]["field"], "name");
    for id in ["has%20space", "%C3%A4", &"x".repeat(67)] {
        let (status, body) = put(&server, &bearer, id, json!({"name": "n", "value": "v"})).await;
        assert_eq!(status, 400, "{id}");
        assert_eq!(body["details"][0]["field"], "id");
    }
    assert_eq!(get(&server, &bearer, "brand-new").await.0, 404);
}

#[tokio::test]
async fn hostile_names_are_stored_exactly() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    for (id, name) in [
        ("markup", "<img src=x onerror=alert(1)>".to_owned()),
        ("rtl", "مفتاح الإنتاج \u{202e}gnp.exe".to_owned()),
        ("emoji", "🔑 prod 👩‍💻".to_owned()),
        ("long", "L".repeat(10_000)),
    ] {
        assert_eq!(
            put(&server, &bearer, id, json!({"name": name, "value": "v"}))
                .await
                .0,
            201,
            "{id}"
        );
        assert_eq!(get(&server, &bearer, id).await.1["name"], json!(name));
    }
    assert_eq!(
        put(
            &server,
            &bearer,
            "too-long",
            json!({"name": "L".repeat(10_001), "value": "v"})
        )
        .await
        .0,
        400
    );
}

#[tokio::test]
async fn patch_renames_with_ops_in_either_case() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let before = get(&server, &bearer, "slack-mcp").await.1["metadata"]["version"]
        .as_i64()
        .unwrap();
    assert_eq!(
        patch(
            &server,
            &bearer,
            "slack-mcp",
            json!([{"op": "REPLACE", "path": "/name", "value": "Slack bot"}])
        )
        .await
        .0,
        204
    );
    assert_eq!(
        patch(
            &server,
            &bearer,
            "slack-mcp",
            json!([{"op": "replace", "path": "/name", "value": "Slack bot 2"}])
        )
        .await
        .0,
        204
    );
    let (_, token) = get(&server, &bearer, "slack-mcp").await;
    assert_eq!(token["name"], "Slack bot 2");
    assert_eq!(token["metadata"]["version"].as_i64().unwrap(), before + 2);
}

#[tokio::test]
async fn patch_refuses_value_id_and_unknown_paths() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    for (path, field) in [("/value", "value"), ("/id", "id"), ("/enabled", "[0]")] {
        let (status, body) = patch(
            &server,
            &bearer,
            "slack-mcp",
            json!([{"op": "REPLACE", "path": path, "value": "x"}]),
        )
        .await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body["details"][0]["field"], field);
    }
    assert_eq!(
        patch(
            &server,
            &bearer,
            "no-such",
            json!([{"op": "REPLACE", "path": "/name", "value": "x"}])
        )
        .await
        .0,
        404
    );
    assert_eq!(
        get(&server, &bearer, "slack-mcp").await.1["metadata"]["version"],
        3
    );
}

#[tokio::test]
async fn delete_removes_an_unused_token() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    assert_eq!(
        delete(&server, &bearer, "qa-smoke").await,
        (204, Value::Null)
    );
    assert_eq!(get(&server, &bearer, "qa-smoke").await.0, 404);
    assert_eq!(delete(&server, &bearer, "qa-smoke").await.0, 404);
}

#[tokio::test]
async fn deleting_a_token_in_use_needs_force() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (status, body) = delete(&server, &bearer, "openai-prod").await;
    assert_eq!(status, 400);
    let force = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["type"] == "force")
        .expect("force marker");
    assert!(force["message"].as_str().unwrap().contains("support-agent"));
    assert_eq!(get(&server, &bearer, "openai-prod").await.0, 200);
    let (status, _) = delete(&server, &bearer, "openai-prod?force=maybe").await;
    assert_eq!(status, 400);
    assert_eq!(
        delete(&server, &bearer, "openai-prod?force=false").await.0,
        400
    );
}

#[tokio::test]
async fn force_delete_unassigns_the_token_and_disables_its_agents() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    assert_eq!(
        delete(&server, &bearer, "openai-prod?force=true").await.0,
        204
    );
    assert_eq!(
        delete(&server, &bearer, "github-mcp?force=TRUE").await.0,
        204
    );
    assert_eq!(get(&server, &bearer, "openai-prod").await.0, 404);
    let (_, agents) = call(server.demo_api(Method::GET, &bearer, "agents")).await;
    let support = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "support-agent")
        .unwrap();
    assert_eq!(support["enabled"], false);
    assert!(support["llmConfig"].get("token").is_none());
    assert_eq!(support["metadata"]["version"], 4);
    let catalog = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "catalog-enricher")
        .unwrap();
    assert_eq!(catalog["enabled"], true);
    let (_, servers) = call(server.demo_api(Method::GET, &bearer, "mcp-servers")).await;
    assert!(servers[0]["config"]
        .get("authorizationHeaderToken")
        .is_none());
    assert_eq!(
        servers[0]["config"]["authorizationHeaderName"],
        "Authorization"
    );
}
