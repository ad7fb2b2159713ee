//! Every response the emulator gives for tokens, agents, tools, MCP servers and OAuth
//! configurations is checked against the response schema that the official AI Service
//! spec (`spec/ai-service.official.api.yml`, read by `spec/contract.rs`) declares for that
//! operation and status.

use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

use crate::common::*;
use crate::contract::Contract;

/// Statuses the emulator sends where the spec lists none, and why. Their bodies are
/// checked against the spec's `ErrorMessage`.
const UNDECLARED: &[(&str, &str, u16, &str)] = &[
    (
        "get",
        "/ai-service/{tenant}/agentic/agents",
        400,
        "a malformed q, sort or page is refused as for every other list",
    ),
    (
        "post",
        "/ai-service/{tenant}/agentic/agents/search",
        400,
        "a malformed q, sort or page is refused as for every other search",
    ),
    (
        "delete",
        "/ai-service/{tenant}/agentic/tokens/{tokenId}",
        404,
        "deleting nothing says so, as for agents, tools and MCP servers",
    ),
    (
        "delete",
        "/ai-service/{tenant}/agentic/oauths/{oauthId}",
        404,
        "deleting nothing says so, as for agents, tools and MCP servers",
    ),
];

impl Contract {
    /// The schema for `method path` answering `status`; None when the spec declares no body.
    fn response_schema(&self, method: &str, path: &str, status: u16) -> Option<Value> {
        let Some(response) = self.operation(method, path)["responses"].get(status.to_string())
        else {
            assert!(
                UNDECLARED
                    .iter()
                    .any(|(m, p, s, _)| (*m, *p, *s) == (method, path, status)),
                "the spec declares no {status} for {method} {path}"
            );
            return Some(json!({"$ref": "#/components/schemas/ErrorMessage"}));
        };
        let schema = self
            .resolve(response)
            .pointer("/content/application~1json/schema")?;
        // The tool list declares an array of `NativeToolsResponse`, itself an array; its
        // own example (and every other list) is one flat array, which the emulator sends.
        let items = schema.get("items").map(|items| self.resolve(items));
        match items {
            Some(inner) if schema["type"] == "array" && inner["type"] == "array" => {
                schema.get("items").cloned()
            }
            _ => Some(schema.clone()),
        }
    }

    /// Checks one response against the spec, and that no `value` field ever comes back.
    fn check(&self, method: &str, path: &str, status: u16, body: &Value) {
        match self.response_schema(method, path, status) {
            None => assert_eq!(
                *body,
                Value::Null,
                "{method} {path} {status} must have no body"
            ),
            Some(schema) => {
                let errors = self.errors(schema, body);
                assert!(
                    errors.is_empty(),
                    "{method} {path} {status}: {errors:?}\n{body}"
                );
            }
        }
        assert!(
            !has_key(body, "value"),
            "{method} {path} {status} returned a value: {body}"
        );
    }
}

fn has_key(v: &Value, key: &str) -> bool {
    match v {
        Value::Object(map) => map.contains_key(key) || map.values().any(|x| has_key(x, key)),
        Value::Array(items) => items.iter().any(|x| has_key(x, key)),
        _ => false,
    }
}

const LIST: &str = "/ai-service/{tenant}/agentic/tokens";
const SEARCH: &str = "/ai-service/{tenant}/agentic/tokens/search";
const ONE: &str = "/ai-service/{tenant}/agentic/tokens/{tokenId}";

#[tokio::test]
async fn every_token_operation_answers_as_the_spec_declares() {
    let contract = Contract::load();
    let server = TestServer::demo().await;
    let admin = server.token(ADMIN).await;
    let viewer = server.token(VIEWER).await;
    let stale = "not-a-valid-token";

    // (method, spec path, request, expected status)
    let cases: Vec<(&str, &str, reqwest::RequestBuilder, u16)> = vec![
        (
            "get",
            LIST,
            server
                .demo_api(Method::GET, &admin, "tokens")
                .header("X-Total-Count", "true"),
            200,
        ),
        (
            "get",
            LIST,
            server
                .demo_api(Method::GET, &admin, "tokens")
                .query(&[("pageSize", "0")]),
            400,
        ),
        (
            "get",
            LIST,
            server.demo_api(Method::GET, stale, "tokens"),
            401,
        ),
        (
            "get",
            LIST,
            server.api(Method::GET, &admin, "other", "tokens"),
            403,
        ),
        (
            "post",
            SEARCH,
            server
                .demo_api(Method::POST, &admin, "tokens/search")
                .json(&json!({"q": "name:~openai"})),
            200,
        ),
        (
            "post",
            SEARCH,
            server
                .demo_api(Method::POST, &admin, "tokens/search")
                .json(&json!({"q": "name:(a"})),
            400,
        ),
        (
            "post",
            SEARCH,
            server
                .demo_api(Method::POST, stale, "tokens/search")
                .json(&json!({})),
            401,
        ),
        (
            "post",
            SEARCH,
            server
                .api(Method::POST, &admin, "other", "tokens/search")
                .json(&json!({})),
            403,
        ),
        (
            "get",
            ONE,
            server.demo_api(Method::GET, &admin, "tokens/openai-prod"),
            200,
        ),
        (
            "get",
            ONE,
            server.demo_api(Method::GET, stale, "tokens/openai-prod"),
            401,
        ),
        (
            "get",
            ONE,
            server.api(Method::GET, &admin, "other", "tokens/openai-prod"),
            403,
        ),
        (
            "get",
            ONE,
            server.demo_api(Method::GET, &admin, "tokens/absent"),
            404,
        ),
        (
            "put",
            ONE,
            server
                .demo_api(Method::PUT, &admin, "tokens/created")
                .json(&json!({"name": "C", "value": "v"})),
            201,
        ),
        (
            "put",
            ONE,
            server
                .demo_api(Method::PUT, &admin, "tokens/created")
                .json(&json!({"name": "C2", "metadata": {"version": 1}})),
            204,
        ),
        (
            "put",
            ONE,
            server
                .demo_api(Method::PUT, &admin, "tokens/created")
                .json(&json!({"name": "C3", "metadata": {"version": 1}})),
            409,
        ),
        (
            "put",
            ONE,
            server
                .demo_api(Method::PUT, &admin, "tokens/created")
                .json(&json!({"name": ""})),
            400,
        ),
        (
            "put",
            ONE,
            server
                .demo_api(Method::PUT, &admin, "tokens/vanished")
                .json(&json!({"name": "V", "metadata": {"version": 2}})),
            404,
        ),
        (
            "put",
            ONE,
            server
                .demo_api(Method::PUT, stale, "tokens/created")
                .json(&json!({"name": "C"})),
            401,
        ),
        (
            "put",
            ONE,
            server
                .demo_api(Method::PUT, &viewer, "tokens/created")
                .json(&json!({"name": "C"})),
            403,
        ),
        (
            "patch",
            ONE,
            server
                .demo_api(Method::PATCH, &admin, "tokens/created")
                .json(&json!([{"op": "REPLACE", "path": "/name", "value": "P"}])),
            204,
        ),
        (
            "patch",
            ONE,
            server
                .demo_api(Method::PATCH, &admin, "tokens/created")
                .json(&json!([{"op": "REPLACE", "path": "/value", "value": "P"}])),
            400,
        ),
        (
            "patch",
            ONE,
            server
                .demo_api(Method::PATCH, &admin, "tokens/absent")
                .json(&json!([{"op": "REPLACE", "path": "/name", "value": "P"}])),
            404,
        ),
        (
            "patch",
            ONE,
            server
                .demo_api(Method::PATCH, stale, "tokens/created")
                .json(&json!([])),
            401,
        ),
        (
            "patch",
            ONE,
            server
                .demo_api(Method::PATCH, &viewer, "tokens/created")
                .json(&json!([])),
            403,
        ),
        (
            "delete",
            ONE,
            server.demo_api(Method::DELETE, &admin, "tokens/openai-prod"),
            400,
        ),
        (
            "delete",
            ONE,
            server.demo_api(Method::DELETE, &admin, "tokens/created"),
            204,
        ),
        (
            "delete",
            ONE,
            server
                .demo_api(Method::DELETE, &admin, "tokens/openai-prod")
                .query(&[("force", "true")]),
            204,
        ),
        (
            "delete",
            ONE,
            server.demo_api(Method::DELETE, &admin, "tokens/absent"),
            404,
        ),
        (
            "delete",
            ONE,
            server.demo_api(Method::DELETE, stale, "tokens/qa-smoke"),
            401,
        ),
        (
            "delete",
            ONE,
            server.demo_api(Method::DELETE, &viewer, "tokens/qa-smoke"),
            403,
        ),
    ];
    run(&contract, cases).await;
}

/// Sends each request, expects its status and checks its body against the spec.
async fn run<P: AsRef<str>>(contract: &Contract, cases: Vec<(&str, P, RequestBuilder, u16)>) {
    for (method, path, request, expected) in cases {
        let path = path.as_ref();
        let (status, body) = read(request.send().await.unwrap()).await;
        assert_eq!(status, expected, "{method} {path}: {body}");
        contract.check(method, path, status, &body);
    }
}

/// Every operation of one kind: (method, spec path, request, expected status).
fn entity_cases(
    server: &TestServer,
    (admin, viewer): (&str, &str),
    (collection, id_param, seeded): (&str, &str, &str),
    sample: &Value,
) -> Vec<(&'static str, String, RequestBuilder, u16)> {
    let list = format!("/ai-service/{{tenant}}/agentic/{collection}");
    let search = format!("{list}/search");
    let one = format!("{list}/{{{id_param}}}");
    let stale = "not-a-valid-token";
    let seeded = format!("{collection}/{seeded}");
    let created = format!("{collection}/created");
    let mut locked = sample.clone();
    locked["metadata"] = json!({"version": 1});
    let rename = json!([{"op": "REPLACE", "path": "/enabled", "value": false}]);
    let api = |method: Method, bearer: &str, path: &str| server.demo_api(method, bearer, path);
    vec![
        (
            "get",
            list.clone(),
            api(Method::GET, admin, collection).header("X-Total-Count", "true"),
            200,
        ),
        (
            "get",
            list.clone(),
            api(Method::GET, admin, collection).query(&[("pageSize", "0")]),
            400,
        ),
        (
            "get",
            list.clone(),
            api(Method::GET, stale, collection),
            401,
        ),
        (
            "get",
            list.clone(),
            server.api(Method::GET, admin, "other", collection),
            403,
        ),
        (
            "post",
            search.clone(),
            api(Method::POST, admin, &format!("{collection}/search"))
                .json(&json!({"q": "name:~(.*)"})),
            200,
        ),
        (
            "post",
            search.clone(),
            api(Method::POST, admin, &format!("{collection}/search"))
                .json(&json!({"q": "name:(a"})),
            400,
        ),
        (
            "post",
            search.clone(),
            api(Method::POST, stale, &format!("{collection}/search")).json(&json!({})),
            401,
        ),
        (
            "post",
            search.clone(),
            server
                .api(
                    Method::POST,
                    admin,
                    "other",
                    &format!("{collection}/search"),
                )
                .json(&json!({})),
            403,
        ),
        ("get", one.clone(), api(Method::GET, admin, &seeded), 200),
        ("get", one.clone(), api(Method::GET, stale, &seeded), 401),
        (
            "get",
            one.clone(),
            server.api(Method::GET, admin, "other", &seeded),
            403,
        ),
        (
            "get",
            one.clone(),
            api(Method::GET, admin, &format!("{collection}/absent")),
            404,
        ),
        (
            "put",
            one.clone(),
            api(Method::PUT, admin, &created).json(sample),
            201,
        ),
        (
            "put",
            one.clone(),
            api(Method::PUT, admin, &created).json(&locked),
            204,
        ),
        (
            "put",
            one.clone(),
            api(Method::PUT, admin, &created).json(&locked),
            409,
        ),
        (
            "put",
            one.clone(),
            api(Method::PUT, admin, &created).json(&json!([])),
            400,
        ),
        (
            "put",
            one.clone(),
            api(Method::PUT, admin, &format!("{collection}/vanished")).json(&locked),
            404,
        ),
        (
            "put",
            one.clone(),
            api(Method::PUT, stale, &created).json(sample),
            401,
        ),
        (
            "put",
            one.clone(),
            api(Method::PUT, viewer, &created).json(sample),
            403,
        ),
        (
            "patch",
            one.clone(),
            api(Method::PATCH, admin, &created).json(&rename),
            204,
        ),
        (
            "patch",
            one.clone(),
            api(Method::PATCH, admin, &created).json(&json!([{"op": "MOVE", "path": "/enabled"}])),
            400,
        ),
        (
            "patch",
            one.clone(),
            api(Method::PATCH, admin, &format!("{collection}/absent")).json(&rename),
            404,
        ),
        (
            "patch",
            one.clone(),
            api(Method::PATCH, stale, &created).json(&rename),
            401,
        ),
        (
            "patch",
            one.clone(),
            api(Method::PATCH, viewer, &created).json(&rename),
            403,
        ),
        (
            "delete",
            one.clone(),
            api(Method::DELETE, admin, &created).query(&[("force", "maybe")]),
            400,
        ),
        (
            "delete",
            one.clone(),
            api(Method::DELETE, admin, &created),
            204,
        ),
        (
            "delete",
            one.clone(),
            api(Method::DELETE, admin, &created),
            404,
        ),
        (
            "delete",
            one.clone(),
            api(Method::DELETE, stale, &seeded),
            401,
        ),
        ("delete", one, api(Method::DELETE, viewer, &seeded), 403),
    ]
}

#[tokio::test]
async fn every_operation_of_agents_tools_mcp_servers_and_oauths_answers_as_the_spec_declares() {
    let contract = Contract::load();
    let server = TestServer::demo().await;
    let admin = server.token(ADMIN).await;
    let viewer = server.token(VIEWER).await;
    let kinds = [
        ("agents", "agentId", "support-agent"),
        ("tools", "toolId", "product-rag"),
        ("mcp-servers", "mcpServerId", "github-tools"),
        ("oauths", "oauthId", "vllm-gateway-oauth"),
    ];
    for (kind, (collection, sample)) in kinds.into_iter().zip(crate::entities::samples()) {
        assert_eq!(kind.0, collection);
        let cases = entity_cases(&server, (&admin, &viewer), kind, &sample);
        run(&contract, cases).await;
    }
}

#[test]
fn the_sample_bodies_the_tests_send_are_requests_the_spec_accepts() {
    let contract = Contract::load();
    let ids = ["agentId", "toolId", "mcpServerId", "oauthId"];
    for ((collection, sample), id) in crate::entities::samples().into_iter().zip(ids) {
        let path = format!("/ai-service/{{tenant}}/agentic/{collection}/{{{id}}}");
        let errors = contract.errors(contract.request_schema("put", &path), &sample);
        assert!(errors.is_empty(), "{collection}: {errors:?}");
    }
}

#[test]
fn the_contract_check_rejects_a_wrong_shape() {
    let contract = Contract::load();
    let validator = contract.validator(contract.response_schema("get", ONE, 200).unwrap());
    assert!(validator.is_valid(&json!({"id": "a", "name": "n", "metadata": {"version": 1, "createdAt": "t", "modifiedAt": "t"}})));
    assert!(!validator.is_valid(&json!({"id": "a"})));
    assert!(!validator.is_valid(&json!({"id": "a", "name": "n", "metadata": {"version": "1", "createdAt": "t", "modifiedAt": "t"}})));
    let agent = contract.validator(
        contract
            .response_schema("get", "/ai-service/{tenant}/agentic/agents/{agentId}", 200)
            .unwrap(),
    );
    let valid = json!({"id": "a", "name": {"en": "A"}, "type": "generic", "userPrompt": "p", "triggers": [{"type": "endpoint"}],
                       "llmConfig": {"provider": "openai", "model": "m", "token": {"id": "t"}}, "mcpServers": []});
    assert!(agent.is_valid(&valid));
    for (field, wrong) in [
        ("type", json!("custom")),
        ("triggers", Value::Null),
        ("mcpServers", json!([{}])),
    ] {
        let mut doc = valid.clone();
        doc[field] = wrong;
        assert!(!agent.is_valid(&doc), "{field}");
    }
}
