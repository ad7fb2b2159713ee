use reqwest::Method;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn malformed_bodies_are_400_and_the_server_keeps_serving() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    for (method, path, body) in [
        (Method::PUT, "tokens/x", "{\"name\": "),
        (Method::PUT, "tokens/x", "\u{0}\u{1}binary"),
        (Method::PUT, "tokens/x", "[1,2,3]"),
        (Method::PATCH, "tokens/openai-prod", "{\"op\":\"REPLACE\"}"),
        (Method::PATCH, "tokens/openai-prod", "nope"),
        (Method::POST, "tokens/search", "{\"q\": "),
    ] {
        let (status, reply) = call(
            server
                .demo_api(method.clone(), &bearer, path)
                .header("Content-Type", "application/json")
                .body(body),
        )
        .await;
        assert_eq!(status, 400, "{method} {path} {body:?}: {reply}");
        assert_eq!(reply["code"], 400);
        assert!(!reply["message"].as_str().unwrap().is_empty());
    }
    let (status, _) = call(server.demo_api(Method::GET, &bearer, "tokens/openai-prod")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn huge_bodies_are_413_and_the_server_keeps_serving() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let huge = json!({"name": "x".repeat(2_000_000), "value": "v"});
    let (status, body) = call(
        server
            .demo_api(Method::PUT, &bearer, "tokens/huge")
            .json(&huge),
    )
    .await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], 413);
    let huge_q = json!({"q": format!("name:~({})", "y".repeat(2_000_000))});
    let (status, _) = call(
        server
            .demo_api(Method::POST, &bearer, "tokens/search")
            .json(&huge_q),
    )
    .await;
    assert_eq!(status, 413);
    let (status, _) = call(server.demo_api(Method::GET, &bearer, "tokens/openai-prod")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_long_q_within_the_body_limit_is_refused_clearly() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let q = "name:x ".repeat(2_000);
    let (status, body) = call(
        server
            .demo_api(Method::POST, &bearer, "tokens/search")
            .json(&json!({ "q": q })),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().starts_with("Invalid q"));
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (status, body) = call(server.demo_api(Method::GET, &bearer, "nothing-here")).await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], 404);
    let response = server
        .demo_api(Method::POST, &bearer, "tokens/openai-prod")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
}
