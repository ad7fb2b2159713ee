//! Agents, tools, MCP servers and OAuth configurations: the operations the official
//! spec defines for them, and how deleting a token or an entity affects its users.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

/// Each kind's collection and a valid new document that references `qa-smoke`.
pub fn samples() -> [(&'static str, Value); 4] {
    [
        (
            "agents",
            json!({"name": {"en": "New agent"}, "enabled": true, "userPrompt": "p", "triggers": [{"type": "endpoint"}],
                   "llmConfig": {"provider": "openai", "model": "gpt-4.1", "token": {"id": "qa-smoke"}},
                   "mcpServers": [], "icon": "fa-robot"}),
        ),
        (
            "tools",
            json!({"type": "rag_custom", "name": "New tool", "enabled": true, "icon": "fa-robot",
                   "config": {"prompt": "p", "databaseConfig": {"url": "u", "type": "qdrant", "entityType": "product",
                              "collectionName": "c", "token": {"id": "qa-smoke"}},
                              "embeddingConfig": {"model": "m", "token": {"id": "qa-smoke"}}}}),
        ),
        (
            "mcp-servers",
            json!({"name": "New server", "type": "custom", "transport": "sse", "icon": "fa-robot",
                   "config": {"url": "https://x.example", "authorizationHeaderToken": {"id": "qa-smoke"}}}),
        ),
        (
            "oauths",
            json!({"url": "https://auth.example/token", "clientId": "c1", "grantType": "client_credentials",
                   "icon": "fa-robot", "clientSecretToken": {"id": "qa-smoke"}}),
        ),
    ]
}

async fn get(server: &TestServer, bearer: &str, path: &str) -> (u16, Value) {
    call(server.demo_api(Method::GET, bearer, path)).await
}

async fn put(server: &TestServer, bearer: &str, path: &str, body: &Value) -> (u16, Value) {
    call(server.demo_api(Method::PUT, bearer, path).json(body)).await
}

async fn delete(server: &TestServer, bearer: &str, path: &str) -> (u16, Value) {
    call(server.demo_api(Method::DELETE, bearer, path)).await
}

#[tokio::test]
async fn every_kind_is_created_read_replaced_patched_and_deleted() {
    let server = TestServer::demo().await;
    let admin = server.token(ADMIN).await;
    for (collection, sample) in samples() {
        let one = format!("{collection}/new-one");
        assert_eq!(
            put(&server, &admin, &one, &sample).await,
            (201, json!({"id": "new-one"})),
            "{collection}"
        );
        let (status, stored) = get(&server, &admin, &one).await;
        assert_eq!(status, 200);
        assert_eq!(stored["icon"], "fa-robot", "unknown fields round-trip");
        assert_eq!(stored["metadata"]["version"], 1);
        let mut replaced = sample.clone();
        replaced["icon"] = json!("fa-gear");
        replaced["metadata"] = json!({"version": 2});
        assert_eq!(put(&server, &admin, &one, &replaced).await.0, 409, "stale");
        replaced["metadata"] = json!({"version": 1});
        assert_eq!(
            put(&server, &admin, &one, &replaced).await,
            (204, Value::Null)
        );
        let (status, _) = call(
            server
                .demo_api(Method::PATCH, &admin, &one)
                .json(&json!([{"op": "replace", "path": "/enabled", "value": false}])),
        )
        .await;
        assert_eq!(status, 204);
        let (_, patched) = get(&server, &admin, &one).await;
        assert_eq!(patched["enabled"], false);
        assert_eq!(patched["icon"], "fa-gear");
        assert_eq!(patched["metadata"]["version"], 3);
        assert_eq!(
            patched["metadata"]["createdAt"],
            stored["metadata"]["createdAt"]
        );
        assert_eq!(delete(&server, &admin, &one).await, (204, Value::Null));
        assert_eq!(get(&server, &admin, &one).await.0, 404);
    }
}

#[tokio::test]
async fn writes_check_required_fields_token_references_and_paths() {
    let server = TestServer::demo().await;
    let admin = server.token(ADMIN).await;
    for (collection, mut sample) in samples() {
        let one = format!("{collection}/bad");
        let text = sample.to_string().replace("qa-smoke", "no-such-token");
        let (status, body) =
            put(&server, &admin, &one, &serde_json::from_str(&text).unwrap()).await;
        assert_eq!(status, 400, "{collection}: {body}");
        assert_eq!(body["details"][0]["type"], "invalid_reference");
        let mut locked = sample.clone();
        locked["metadata"] = json!({"version": 3});
        assert_eq!(
            put(&server, &admin, &one, &locked).await.0,
            404,
            "a locked write to nothing"
        );
        let required = sample
            .as_object()
            .unwrap()
            .keys()
            .find(|k| *k == "name" || *k == "url")
            .unwrap()
            .clone();
        sample.as_object_mut().unwrap().remove(&required);
        assert_eq!(
            put(&server, &admin, &one, &sample).await.0,
            400,
            "{collection} without {required}"
        );
    }
    for (op, status) in [
        (json!({"op": "REPLACE", "path": "/id", "value": "x"}), 400),
        (
            json!({"op": "REPLACE", "path": "/metadata/version", "value": 9}),
            400,
        ),
        (
            json!({"op": "REPLACE", "path": "/no/such/path", "value": 1}),
            400,
        ),
        (json!({"op": "MOVE", "path": "/name", "value": 1}), 400),
        (
            json!({"op": "REPLACE", "path": "/llmConfig/token", "value": {"id": "nope"}}),
            400,
        ),
        (json!({"op": "ADD", "path": "/tags/-", "value": "x"}), 400),
        (json!({"op": "ADD", "path": "/tags", "value": ["a"]}), 204),
        (json!({"op": "ADD", "path": "/tags/-", "value": "b"}), 204),
        (json!({"op": "REMOVE", "path": "/tags/0"}), 204),
    ] {
        let (got, body) = call(
            server
                .demo_api(Method::PATCH, &admin, "agents/catalog-enricher")
                .json(&json!([op])),
        )
        .await;
        assert_eq!(got, status, "{op}: {body}");
    }
    let (_, agent) = get(&server, &admin, "agents/catalog-enricher").await;
    assert_eq!(agent["tags"], json!(["b"]));
}

#[tokio::test]
async fn lists_page_sort_search_and_count_like_tokens() {
    let server = TestServer::demo().await;
    let viewer = server.token(VIEWER).await;
    let response = server
        .demo_api(Method::GET, &viewer, "agents")
        .query(&[
            ("pageSize", "2"),
            ("pageNumber", "2"),
            ("sort", "metadata.version:desc"),
        ])
        .header("X-Total-Count", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["X-Total-Count"], "5");
    let (status, body) = read(response).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&body), ["selfhosted-vllm", "rag-assistant"]);
    let cases = [
        (
            "agents",
            "llmConfig.token.id:openai-prod",
            vec!["support-agent"],
        ),
        ("agents", "name:~(^Self-hosted)", vec!["selfhosted-vllm"]),
        ("agents", "name:~Kundenservice", vec!["support-agent"]),
        ("agents", "enabled:false", vec!["onprem-analyst"]),
        (
            "agents",
            "mcpServers.mcpServer.id:jira-tools",
            vec!["onprem-analyst"],
        ),
        (
            "tools",
            "config.databaseConfig.token.id:qdrant-rag",
            vec!["product-rag"],
        ),
        ("mcp-servers", "transport:sse", vec!["jira-tools"]),
        (
            "oauths",
            "clientSecretToken.id:sap-commerce-mcp",
            vec!["vllm-gateway-oauth"],
        ),
    ];
    for (collection, q, expected) in cases {
        let (status, body) = call(
            server
                .demo_api(Method::POST, &viewer, &format!("{collection}/search"))
                .json(&json!({"q": q})),
        )
        .await;
        assert_eq!(status, 200, "{q}: {body}");
        assert_eq!(ids(&body), expected, "{q}");
        let (_, listed) = call(
            server
                .demo_api(Method::GET, &viewer, collection)
                .query(&[("q", q)]),
        )
        .await;
        assert_eq!(listed, body, "GET with q is the same as search");
    }
    let (status, body) = call(
        server
            .demo_api(Method::GET, &viewer, "tools")
            .query(&[("q", "name:~([x)")]),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = call(server.demo_api(Method::GET, &viewer, "templates")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_token_used_anywhere_needs_force_and_force_unassigns_it_everywhere() {
    let server = TestServer::demo().await;
    let admin = server.token(ADMIN).await;
    let users = [
        ("qdrant-rag", "tool 'Product search (Qdrant)' (product-rag)"),
        (
            "sap-commerce-mcp",
            "OAuth configuration 'vllm-gateway' (vllm-gateway-oauth)",
        ),
        (
            "confluence-mcp",
            "agent 'Product RAG assistant' (rag-assistant)",
        ),
        (
            "pinecone-rag",
            "agent 'Product RAG assistant' (rag-assistant)",
        ),
        (
            "vllm-cluster-a",
            "agent 'Self-hosted vLLM agent' (selfhosted-vllm)",
        ),
    ];
    for (token, user) in users {
        let (status, body) = delete(&server, &admin, &format!("tokens/{token}")).await;
        assert_eq!(status, 400, "{token}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .ends_with(&format!("in use by {user}.")),
            "{body}"
        );
        assert!(body["details"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["type"] == "force"));
    }
    let (_, tool_before) = get(&server, &admin, "tools/product-rag").await;
    for (token, _) in users {
        assert_eq!(
            delete(&server, &admin, &format!("tokens/{token}?force=true"))
                .await
                .0,
            204
        );
    }
    let (_, tool) = get(&server, &admin, "tools/product-rag").await;
    let mut expected = tool_before.clone();
    expected["config"]["databaseConfig"]
        .as_object_mut()
        .unwrap()
        .remove("token");
    expected["metadata"] = tool["metadata"].clone();
    assert_eq!(tool, expected, "only the reference changed");
    assert_eq!(tool["metadata"]["version"], 3);
    assert_eq!(tool["enabled"], true);
    let (_, oauth) = get(&server, &admin, "oauths/vllm-gateway-oauth").await;
    assert!(oauth.get("clientSecretToken").is_none());
    assert_eq!(oauth["metadata"]["version"], 2);
    let (_, rag) = get(&server, &admin, "agents/rag-assistant").await;
    assert!(rag["mcpServers"][0]["mcpServer"]["config"]
        .get("authorizationHeaderToken")
        .is_none());
    assert!(rag["nativeTools"][0]["config"]["databaseConfig"]
        .get("token")
        .is_none());
    assert_eq!(
        rag["enabled"], true,
        "an inline tool's token is not its LLM token"
    );
    assert_eq!(rag["metadata"]["version"], 3, "one bump per forced delete");
    let (_, vllm) = get(&server, &admin, "agents/selfhosted-vllm").await;
    assert_eq!(vllm["enabled"], false);
    assert!(vllm["llmConfig"]["selfHostedParams"]
        .get("authorizationHeaderToken")
        .is_none());
    assert_eq!(
        vllm["llmConfig"]["selfHostedParams"]["oauth"],
        json!({"id": "vllm-gateway-oauth"})
    );
}

#[tokio::test]
async fn an_entity_used_by_an_agent_needs_force_to_be_deleted() {
    let server = TestServer::demo().await;
    let admin = server.token(ADMIN).await;
    for path in [
        "mcp-servers/github-tools",
        "oauths/vllm-gateway-oauth",
        "agents/catalog-enricher",
    ] {
        let (status, body) = delete(&server, &admin, path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["details"][0]["type"], "force");
        assert_eq!(
            delete(&server, &admin, &format!("{path}?force=true"))
                .await
                .0,
            204
        );
        assert_eq!(get(&server, &admin, path).await.0, 404);
    }
    let (_, support) = get(&server, &admin, "agents/support-agent").await;
    assert_eq!(support["mcpServers"], json!([]));
    assert_eq!(support["agentCollaborations"], json!([]));
    assert_eq!(support["enabled"], true);
    let (_, vllm) = get(&server, &admin, "agents/selfhosted-vllm").await;
    assert!(vllm["llmConfig"]["selfHostedParams"].get("oauth").is_none());
    assert_eq!(
        vllm["enabled"], false,
        "an agent that loses its LLM's OAuth client is disabled"
    );
    assert_eq!(
        delete(&server, &admin, "tools/product-rag").await.0,
        204,
        "no agent uses it"
    );
    assert_eq!(delete(&server, &admin, "tools/product-rag").await.0, 404);
}

#[tokio::test]
async fn the_last_of_many_generated_agents_uses_mistral_prod() {
    let mut config = demo_config();
    config.seed_agents = 1_200;
    let server = TestServer::start(config).await;
    let admin = server.token(ADMIN).await;
    let response = server
        .demo_api(Method::GET, &admin, "agents")
        .query(&[("pageSize", "1000"), ("pageNumber", "2")])
        .header("X-Total-Count", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["X-Total-Count"], "1205");
    let (_, page) = read(response).await;
    let last = page.as_array().unwrap().last().unwrap();
    assert_eq!(last["id"], "volume-agent-0001200");
    assert_eq!(last["llmConfig"]["token"], json!({"id": "mistral-prod"}));
    let (_, users) = call(
        server
            .demo_api(Method::POST, &admin, "agents/search")
            .json(&json!({"q": "llmConfig.token.id:mistral-prod"})),
    )
    .await;
    assert_eq!(ids(&users), ["volume-agent-0001200"]);
    let (status, body) = delete(&server, &admin, "tokens/mistral-prod").await;
    assert_eq!(status, 400);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("volume-agent-0001200"));
}
