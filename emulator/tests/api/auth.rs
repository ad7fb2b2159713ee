use reqwest::Method;
use serde_json::json;

use crate::common::*;
use emulator::config::{Config, Seed};

#[tokio::test]
async fn client_credentials_grant_a_bearer_token_with_the_clients_scopes() {
    let server = TestServer::demo().await;
    let (status, body) = read(
        server
            .oauth(&[
                ("grant_type", "client_credentials"),
                ("client_id", ADMIN.0),
                ("client_secret", ADMIN.1),
            ])
            .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_i64().unwrap() > 0);
    assert_eq!(body["scope"], "ai.agent_read ai.agent_manage tenant=demo");
    assert!(body["access_token"].as_str().unwrap().len() >= 32);
}

#[tokio::test]
async fn wrong_client_credentials_get_the_fault_body() {
    let server = TestServer::demo().await;
    for form in [
        vec![
            ("grant_type", "client_credentials"),
            ("client_id", ADMIN.0),
            ("client_secret", "nope"),
        ],
        vec![
            ("grant_type", "client_credentials"),
            ("client_id", "nobody"),
            ("client_secret", "x"),
        ],
        vec![("grant_type", "client_credentials")],
    ] {
        let (status, body) = read(server.oauth(&form).await).await;
        assert_eq!(status, 401);
        assert_eq!(
            body["fault"]["detail"]["errorcode"],
            "oauth.v2.InvalidApiKey"
        );
    }
    let (status, body) = read(
        server
            .oauth(&[
                ("grant_type", "password"),
                ("client_id", ADMIN.0),
                ("client_secret", ADMIN.1),
            ])
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("grant"));
}

#[tokio::test]
async fn a_narrower_scope_request_grants_only_that_scope() {
    let server = TestServer::demo().await;
    let (_, body) = read(
        server
            .oauth(&[
                ("grant_type", "client_credentials"),
                ("client_id", ADMIN.0),
                ("client_secret", ADMIN.1),
                ("scope", "ai.agent_read ai.unknown"),
            ])
            .await,
    )
    .await;
    assert_eq!(body["scope"], "ai.agent_read tenant=demo");
    let bearer = body["access_token"].as_str().unwrap();
    let (status, _) = call(server.demo_api(Method::GET, bearer, "tokens")).await;
    assert_eq!(status, 200);
    let (status, body) = call(server.demo_api(Method::DELETE, bearer, "tokens/qa-smoke")).await;
    assert_eq!(status, 403);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("ai.agent_manage"));
}

#[tokio::test]
async fn missing_or_unknown_bearer_tokens_get_401_invalid() {
    let server = TestServer::demo().await;
    let url = format!("{}/ai-service/demo/agentic/tokens", server.base);
    for request in [
        server.http.get(&url),
        server.http.get(&url).bearer_auth("not-a-token"),
        server.http.get(&url).header("Authorization", "Basic abc"),
    ] {
        let (status, body) = read(request.send().await.unwrap()).await;
        assert_eq!(status, 401);
        assert_eq!(body["fault"]["faultstring"], "Invalid access token");
        assert_eq!(
            body["fault"]["detail"]["errorcode"],
            "oauth.v2.InvalidAccessToken"
        );
    }
}

#[tokio::test]
async fn expired_bearer_tokens_get_401_expired() {
    let mut config = Config::for_tests(Seed::Demo);
    config.token_lifetime = 0;
    let server = TestServer::start(config).await;
    let bearer = server.token(ADMIN).await;
    let (status, body) = call(server.demo_api(Method::GET, &bearer, "tokens")).await;
    assert_eq!(status, 401);
    assert_eq!(
        body["fault"]["detail"]["errorcode"],
        "keymanagement.service.access_token_expired"
    );
}

#[tokio::test]
async fn a_read_only_client_can_read_but_not_write() {
    let server = TestServer::demo().await;
    let bearer = server.token(VIEWER).await;
    let (status, _) = call(server.demo_api(Method::GET, &bearer, "tokens/openai-prod")).await;
    assert_eq!(status, 200);
    let writes = [
        server
            .demo_api(Method::PUT, &bearer, "tokens/new-one")
            .json(&json!({"name": "n", "value": "v"})),
        server
            .demo_api(Method::PATCH, &bearer, "tokens/openai-prod")
            .json(&json!([{"op": "REPLACE", "path": "/name", "value": "x"}])),
        server.demo_api(Method::DELETE, &bearer, "tokens/qa-smoke"),
    ];
    for request in writes {
        let (status, body) = read(request.send().await.unwrap()).await;
        assert_eq!(status, 403, "{body}");
        assert_eq!(body["code"], 403);
    }
    let (_, body) = call(server.demo_api(Method::GET, &bearer, "tokens/openai-prod")).await;
    assert_eq!(body["name"], "OpenAI production key");
}

#[tokio::test]
async fn tenants_are_isolated() {
    let server = TestServer::demo().await;
    let demo = server.token(ADMIN).await;
    let other = server.token(OTHER).await;
    let (status, _) = call(server.api(Method::GET, &demo, "other", "tokens")).await;
    assert_eq!(status, 403);
    let (status, _) = call(server.api(Method::GET, &other, "demo", "tokens/openai-prod")).await;
    assert_eq!(status, 403);
    // The other tenant starts empty and may use the same ids without touching demo's.
    let (status, body) = call(server.api(Method::GET, &other, "other", "tokens")).await;
    assert_eq!((status, body), (200, json!([])));
    let (status, _) = call(
        server
            .api(Method::PUT, &other, "other", "tokens/openai-prod")
            .json(&json!({"name": "Other's", "value": "v"})),
    )
    .await;
    assert_eq!(status, 201);
    let (_, body) = call(server.demo_api(Method::GET, &demo, "tokens/openai-prod")).await;
    assert_eq!(body["name"], "OpenAI production key");
}

#[tokio::test]
async fn the_tenant_in_the_path_must_be_lowercase() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (status, body) = call(server.api(Method::GET, &bearer, "Demo", "tokens")).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("lowercase"));
}
