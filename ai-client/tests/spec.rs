//! The official AI Service spec as the judge of what ai-client sends and reads: every request
//! it builds goes to an operation the spec has, with parameters the spec declares and a body
//! the operation's request schema accepts; the places where it looks for token references
//! are exactly those of the spec's response schemas; and the spec's own examples decode.

#[path = "../../spec/contract.rs"]
mod contract;

use std::collections::BTreeSet;

use ai_client::repoint::{repointed, Slots};
use ai_client::request::{self, Endpoint, HttpRequest, ListQuery, Method};
use ai_client::response::{self, HttpResponse, Saved};
use ai_client::{PatchOp, References, Secret, Token, TokenDraft, UserKind};
use contract::Contract;
use qlang::SortKey;
use serde_json::{json, Value};

fn endpoint() -> Endpoint {
    Endpoint {
        base_url: "https://api.example.com".into(),
        tenant: "demo".into(),
        access_token: Secret::new("at"),
    }
}

/// The spec path (`/ai-service/{tenant}/agentic/tokens/{tokenId}`) that `url` is an
/// instance of.
fn spec_path(contract: &Contract, url: &str) -> String {
    let path = url
        .strip_prefix("https://api.example.com")
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    let segments: Vec<&str> = path.split('/').collect();
    let matches = |template: &str| {
        let parts: Vec<&str> = template.split('/').collect();
        parts.len() == segments.len()
            && parts
                .iter()
                .zip(&segments)
                .all(|(p, s)| p.starts_with('{') || p == s)
    };
    let found: Vec<&String> = contract.spec["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|template| matches(template))
        // A literal segment (`/tokens/search`) wins over a parameter (`/tokens/{tokenId}`).
        .collect();
    found
        .iter()
        .min_by_key(|t| t.matches('{').count())
        .unwrap_or_else(|| panic!("no spec path for {url}"))
        .to_string()
}

/// The names of the query and header parameters the spec declares for `method path`.
fn declared_parameters(contract: &Contract, method: &str, path: &str) -> BTreeSet<String> {
    let path_level = contract.spec["paths"][path]["parameters"].as_array();
    let operation_level = contract.operation(method, path)["parameters"].as_array();
    path_level
        .into_iter()
        .chain(operation_level)
        .flatten()
        .map(|p| contract.resolve(p))
        .filter(|p| matches!(p["in"].as_str(), Some("query" | "header")))
        .map(|p| p["name"].as_str().unwrap().to_ascii_lowercase())
        .collect()
}

/// Headers every request may carry whatever the spec says (authentication, the body's type).
const TRANSPORT_HEADERS: [&str; 2] = ["authorization", "content-type"];

/// What the spec says against `request`: it must name an operation, use only declared
/// parameters, and carry a body exactly when the operation takes one. Returns the schema
/// errors of the body.
fn judge(contract: &Contract, request: &HttpRequest) -> Vec<String> {
    let method = request.method.as_str().to_ascii_lowercase();
    let path = spec_path(contract, &request.url);
    let declared = declared_parameters(contract, &method, &path);
    let query = request.url.split_once('?').map_or("", |(_, q)| q);
    let names = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split('=').next().unwrap().to_ascii_lowercase());
    let headers = request
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| !TRANSPORT_HEADERS.contains(&n.as_str()));
    for name in names.chain(headers) {
        assert!(
            declared.contains(&name),
            "{method} {path}: {name} is not declared"
        );
    }
    let takes_body = contract
        .operation(&method, &path)
        .get("requestBody")
        .is_some();
    assert_eq!(
        request.body.is_some(),
        takes_body,
        "{method} {path}: a body exactly when the spec takes one"
    );
    match &request.body {
        Some(body) => {
            let body: Value = serde_json::from_str(body).expect("a JSON body");
            contract.errors(contract.request_schema(&method, &path), &body)
        }
        None => Vec::new(),
    }
}

/// Every request ai-client builds, with the problems the spec is allowed to find in it.
fn requests() -> Vec<(HttpRequest, &'static [&'static str])> {
    let e = endpoint();
    let search = ListQuery {
        query: Some(r"name:~((?i)a\\.b)".into()),
        page: 2,
        size: 25,
        sort: vec![SortKey {
            field: "name".into(),
            descending: true,
        }],
        fields: vec!["id", "name", "metadata"],
    };
    // The spec's TokenRequest requires `value`, but says a value can never be changed, and
    // Emporix's own dashboard renames with `{name}` alone: an update sends no value (the
    // app never has it). That is the one thing the spec may find against a rename.
    const NO_VALUE: &[&str] = &[r#""value" is a required property at "#];
    let mut all = vec![
        (
            request::list_tokens(&e, &ListQuery::probe()).unwrap(),
            &[][..],
        ),
        (request::list_tokens(&e, &search).unwrap(), &[]),
        (request::get_token(&e, "t", &[]).unwrap(), &[]),
        (
            request::get_token(&e, "t", &["name", "metadata.version"]).unwrap(),
            &[],
        ),
        (
            request::put_token(&e, "t", &TokenDraft::create("Name", Secret::new("sk-1"))).unwrap(),
            &[],
        ),
        (
            request::put_token(&e, "t", &TokenDraft::update("Renamed", Some(3))).unwrap(),
            NO_VALUE,
        ),
        (
            request::put_token(&e, "t", &TokenDraft::update("Renamed", None)).unwrap(),
            NO_VALUE,
        ),
        (
            request::patch_token(&e, "t", &[PatchOp::rename("New")]).unwrap(),
            &[],
        ),
        (request::delete_token(&e, "t", false).unwrap(), &[]),
        (request::delete_token(&e, "t", true).unwrap(), &[]),
    ];
    for kind in UserKind::ALL {
        all.push((request::list_users(&e, kind, 3, 1000).unwrap(), &[]));
        all.push((request::get_user(&e, kind, "u").unwrap(), &[]));
    }
    for (kind, document) in users_as_read() {
        let body = repointed(kind, &document, Slots::Referencing("old"), "new")
            .expect("it references old");
        all.push((request::put_user(&e, kind, "u", &body).unwrap(), &[]));
        // After a force delete of `old` removed every reference: filled in again.
        let mut references = References::default();
        references.add(kind, vec![document.clone()]);
        let pointers: Vec<String> = references.of("old").users[0]
            .fields
            .iter()
            .map(|field| field.pointer.clone())
            .collect();
        let mut unassigned = document;
        for pointer in &pointers {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            unassigned
                .pointer_mut(parent)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove(key);
        }
        let body = repointed(kind, &unassigned, Slots::Emptied(&pointers), "new")
            .expect("its slots are open");
        all.push((request::put_user(&e, kind, "u", &body).unwrap(), &[]));
    }
    all
}

/// A document of each kind as the API returns it (response metadata, an expanded token),
/// each referencing the token `old` in every place its kind has one.
fn users_as_read() -> Vec<(UserKind, Value)> {
    let metadata = json!({"version": 3, "createdAt": "2025-01-01T00:00:00.000Z",
                          "modifiedAt": "2025-02-01T00:00:00.000Z"});
    vec![
        (
            UserKind::Agent,
            json!({"id": "support", "name": {"en": "Support"}, "description": {"en": "d"},
                "enabled": true, "type": "generic", "userPrompt": "p",
                "triggers": [{"type": "endpoint"}],
                "llmConfig": {"provider": "openai", "model": "gpt-4.1",
                              "token": {"id": "old", "name": "OpenAI"}},
                "mcpServers": [{"type": "custom", "mcpServer": {"id": "github-tools"}}],
                "metadata": metadata}),
        ),
        (
            UserKind::Agent,
            json!({"id": "onprem", "name": {"en": "On-prem"}, "enabled": false, "type": "generic",
                "userPrompt": "p", "triggers": [{"type": "endpoint"}],
                "llmConfig": {"provider": "self_hosted_vllm", "model": "m",
                    "selfHostedParams": {"url": "https://vllm.example",
                        "authorizationHeaderName": "Authorization",
                        "authorizationHeaderToken": {"id": "old"}}},
                "mcpServers": [], "metadata": metadata}),
        ),
        (
            UserKind::Tool,
            json!({"id": "rag", "type": "rag_custom", "name": "Products", "enabled": true,
                "config": {"prompt": "p", "maxResults": 5,
                    "databaseConfig": {"url": "https://qdrant.example", "type": "qdrant",
                        "entityType": "product", "collectionName": "products", "token": {"id": "old"}},
                    "embeddingConfig": {"model": "text-embedding-3-large", "token": {"id": "old"}}},
                "metadata": metadata}),
        ),
        (
            UserKind::McpServer,
            json!({"id": "gh", "name": "GitHub", "type": "custom", "enabled": true,
                "transport": "streamable_http",
                "config": {"url": "https://mcp.example/mcp", "authorizationHeaderName": "Authorization",
                           "authorizationHeaderToken": {"id": "old"}},
                "metadata": metadata}),
        ),
        (
            UserKind::OAuth,
            json!({"id": "gw", "url": "https://auth.example/token", "clientId": "c",
                "grantType": "client_credentials", "scope": "llm", "enabled": true,
                "clientSecretToken": {"id": "old"}, "metadata": metadata}),
        ),
    ]
}

#[test]
fn every_request_is_an_operation_of_the_spec_with_a_body_it_accepts() {
    let contract = Contract::load();
    for (request, allowed) in requests() {
        let errors = judge(&contract, &request);
        assert_eq!(
            errors,
            allowed,
            "{} {}: {:?}",
            request.method.as_str(),
            request.url,
            request.body
        );
    }
}

#[test]
fn the_judge_sees_a_body_the_spec_refuses() {
    let contract = Contract::load();
    let mut put = request::put_token(&endpoint(), "t", &TokenDraft::update("n", Some(1))).unwrap();
    put.body = Some(json!({"name": 7, "metadata": {"version": 0}}).to_string());
    assert_eq!(judge(&contract, &put).len(), 3, "name, version and value");
    let mut patch = request::patch_token(&endpoint(), "t", &[]).unwrap();
    patch.body = Some(json!([{"op": "MOVE", "path": "/name"}]).to_string());
    assert!(!judge(&contract, &patch).is_empty());
    let mut search = request::list_tokens(&endpoint(), &ListQuery::probe()).unwrap();
    search.method = Method::Post;
    search.url = search.url.replace("/tokens?", "/tokens/search?");
    search.body = Some(json!({"q": 1}).to_string());
    assert_eq!(judge(&contract, &search).len(), 1);
}

/// Every path below `node` to a token reference (`ExpandableTokenResponse`), in the dotted
/// notation of [`ai_client::users::Place::path`].
fn token_paths(
    contract: &Contract,
    node: &Value,
    path: &str,
    seen: &mut Vec<String>,
    out: &mut BTreeSet<String>,
) {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        if reference == "#/components/schemas/ExpandableTokenResponse" {
            out.insert(path.to_owned());
        } else if !seen.iter().any(|s| s == reference) {
            seen.push(reference.to_owned());
            token_paths(contract, contract.resolve(node), path, seen, out);
            seen.pop();
        }
        return;
    }
    for combined in ["allOf", "anyOf", "oneOf"] {
        for alternative in node[combined].as_array().into_iter().flatten() {
            token_paths(contract, alternative, path, seen, out);
        }
    }
    for (name, property) in node["properties"].as_object().into_iter().flatten() {
        let inner = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        token_paths(contract, property, &inner, seen, out);
    }
    if let Some(items) = node.get("items") {
        token_paths(contract, items, &format!("{path}[]"), seen, out);
    }
}

#[test]
fn the_places_of_token_references_are_those_of_the_spec() {
    let contract = Contract::load();
    let one = [
        (UserKind::Agent, "agents/{agentId}"),
        (UserKind::Tool, "tools/{toolId}"),
        (UserKind::McpServer, "mcp-servers/{mcpServerId}"),
        (UserKind::OAuth, "oauths/{oauthId}"),
    ];
    for (kind, path) in one {
        let operation =
            contract.operation("get", &format!("/ai-service/{{tenant}}/agentic/{path}"));
        let schema = contract
            .resolve(&operation["responses"]["200"])
            .pointer("/content/application~1json/schema")
            .unwrap();
        let mut found = BTreeSet::new();
        token_paths(&contract, schema, "", &mut Vec::new(), &mut found);
        let ours: BTreeSet<String> = kind.places().iter().map(|p| p.path.to_owned()).collect();
        assert_eq!(ours, found, "{kind:?}");
        assert_eq!(ours.len(), kind.places().len(), "{kind:?}: no place twice");
    }
}

fn example(contract: &Contract, name: &str) -> Value {
    contract.spec["components"]["examples"][name]["value"].clone()
}

fn ok(body: &Value) -> HttpResponse {
    HttpResponse {
        status: 200,
        total_count: None,
        body: body.to_string(),
    }
}

#[test]
fn list_rows_without_metadata_as_in_the_official_example_decode() {
    let contract = Contract::load();
    let rows = example(&contract, "TokensResponse");
    assert!(rows[0].get("metadata").is_none(), "the example has none");
    let page = response::list::<Token>(&ok(&rows)).unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].id, "emporix--openai");
    assert_eq!(page.items[0].metadata, None);
    let one = response::token(&ok(&example(&contract, "TokenResponse"))).unwrap();
    assert_eq!(one.name.as_deref(), Some("OpenAi Token"));
}

#[test]
fn a_created_answer_counts_whatever_its_body() {
    let contract = Contract::load();
    let created = |body: String| HttpResponse {
        status: 201,
        total_count: None,
        body,
    };
    let official = example(&contract, "IdResponse").to_string();
    assert_eq!(response::saved(&created(official)), Ok(Saved::Created));
    for body in ["", "{}", r#"{"created":true}"#, "<html></html>"] {
        assert_eq!(response::saved(&created(body.into())), Ok(Saved::Created));
    }
}

#[test]
fn the_official_list_examples_are_read_as_users() {
    let contract = Contract::load();
    let mut references = References::default();
    for (kind, name) in [
        (UserKind::Agent, "AgentsResponse"),
        (UserKind::McpServer, "McpServersResponse"),
        (UserKind::OAuth, "OAuthsResponse"),
    ] {
        let page = response::documents(&ok(&example(&contract, name))).unwrap();
        references.add(kind, page.items);
    }
    let used: Vec<(UserKind, String)> = references
        .of("token-id")
        .users
        .into_iter()
        .map(|u| (u.kind, u.id))
        .collect();
    assert_eq!(
        used,
        [
            (UserKind::McpServer, "mcp-custom".to_owned()),
            (UserKind::OAuth, "oauth-1".into())
        ]
    );
    assert_eq!(references.of("token-id-2").users[0].id, "oauth-2");
}
