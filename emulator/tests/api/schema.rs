//! Every response the emulator gives for the Token operations is checked against the
//! response schema that `spec/token-api.openapi.json` declares for that operation and status.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

const SPEC: &str = include_str!("../../../spec/token-api.openapi.json");

struct Contract {
    spec: Value,
}

impl Contract {
    fn load() -> Self {
        Self {
            spec: serde_json::from_str(SPEC).expect("the spec is JSON"),
        }
    }

    fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let pointer = reference.trim_start_matches('#');
            node = self
                .spec
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref {reference}"));
        }
        node
    }

    /// The schema for `method path` answering `status`; None when the spec declares no body.
    fn response_schema(&self, method: &str, path: &str, status: u16) -> Option<Value> {
        let operation = &self.spec["paths"][path][method];
        assert!(operation.is_object(), "the spec has no {method} {path}");
        let response = operation["responses"]
            .get(status.to_string())
            .unwrap_or_else(|| panic!("the spec declares no {status} for {method} {path}"));
        let response = self.resolve(response);
        response
            .pointer("/content/application~1json/schema")
            .cloned()
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
                let mut root = schema;
                root["components"] = self.spec["components"].clone();
                let validator = jsonschema::validator_for(&root).expect("a valid schema");
                let errors: Vec<String> = validator
                    .iter_errors(body)
                    .map(|e| format!("{e} at {}", e.instance_path))
                    .collect();
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
    for (method, path, request, expected) in cases {
        let (status, body) = read(request.send().await.unwrap()).await;
        assert_eq!(status, expected, "{method} {path}: {body}");
        contract.check(method, path, status, &body);
    }
}

#[test]
fn the_contract_check_rejects_a_wrong_shape() {
    let contract = Contract::load();
    let schema = contract.response_schema("get", ONE, 200).unwrap();
    let mut root = schema;
    root["components"] = contract.spec["components"].clone();
    let validator = jsonschema::validator_for(&root).unwrap();
    assert!(validator.is_valid(&json!({"id": "a", "name": "n", "metadata": {"version": 1, "createdAt": "t", "modifiedAt": "t"}})));
    assert!(!validator.is_valid(&json!({"id": "a"})));
    assert!(!validator.is_valid(&json!({"id": "a", "name": "n", "metadata": {"version": "1", "createdAt": "t", "modifiedAt": "t"}})));
}
