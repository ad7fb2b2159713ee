use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

async fn list(
    server: &TestServer,
    bearer: &str,
    query: &[(&str, &str)],
) -> (u16, Value, Option<u64>) {
    let response = server
        .demo_api(Method::GET, bearer, "tokens")
        .query(query)
        .header("X-Total-Count", "true")
        .send()
        .await
        .unwrap();
    let total = response
        .headers()
        .get("x-total-count")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    let (status, body) = read(response).await;
    (status, body, total)
}

async fn search(server: &TestServer, bearer: &str, q: &str) -> (u16, Value) {
    call(
        server
            .demo_api(Method::POST, bearer, "tokens/search")
            .query(&[("pageSize", "100")])
            .json(&json!({ "q": q })),
    )
    .await
}

#[tokio::test]
async fn the_total_comes_back_only_when_asked_for() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (status, body, total) = list(&server, &bearer, &[("pageSize", "10")]).await;
    assert_eq!(status, 200);
    assert_eq!(body.as_array().unwrap().len(), 10);
    assert_eq!(total, Some(40));
    let response = server
        .demo_api(Method::GET, &bearer, "tokens")
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("x-total-count").is_none());
}

#[tokio::test]
async fn pages_are_one_based_disjoint_and_cover_everything() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let mut seen = Vec::new();
    for page in ["1", "2", "3", "4", "5"] {
        let (_, body, _) = list(
            &server,
            &bearer,
            &[("pageSize", "9"), ("pageNumber", page), ("sort", "id")],
        )
        .await;
        seen.extend(ids(&body));
    }
    let (_, all, _) = list(&server, &bearer, &[("pageSize", "100"), ("sort", "id")]).await;
    assert_eq!(seen, ids(&all));
    assert_eq!(seen.len(), 40);
    let (_, beyond, total) = list(
        &server,
        &bearer,
        &[("pageSize", "10"), ("pageNumber", "99")],
    )
    .await;
    assert_eq!((beyond, total), (json!([]), Some(40)));
}

#[tokio::test]
async fn bad_paging_values_are_400() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    for (name, value) in [
        ("pageSize", "0"),
        ("pageSize", "abc"),
        ("pageSize", "100000"),
        ("pageNumber", "0"),
        ("pageNumber", "-2"),
    ] {
        let (status, body, _) = list(&server, &bearer, &[(name, value)]).await;
        assert_eq!(status, 400, "{name}={value}");
        assert!(body["message"].as_str().unwrap().contains(name));
    }
}

#[tokio::test]
async fn sort_by_one_or_more_fields_in_either_direction() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let names = |body: &Value| {
        body.as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_lowercase())
            .collect::<Vec<_>>()
    };
    let (_, asc, _) = list(&server, &bearer, &[("pageSize", "100"), ("sort", "name")]).await;
    let mut expected = names(&asc);
    expected.sort();
    assert_eq!(names(&asc), expected);
    let (_, desc, _) = list(
        &server,
        &bearer,
        &[("pageSize", "100"), ("sort", "name:DESC")],
    )
    .await;
    expected.reverse();
    assert_eq!(names(&desc), expected);

    let (_, by_created, _) = list(
        &server,
        &bearer,
        &[("pageSize", "100"), ("sort", "metadata.createdAt:desc")],
    )
    .await;
    let created: Vec<&str> = by_created
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["metadata"]["createdAt"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(by_created[0]["id"], "qa-smoke");

    let (_, multi, _) = list(
        &server,
        &bearer,
        &[
            ("pageSize", "100"),
            ("sort", "metadata.version:desc,id:asc"),
        ],
    )
    .await;
    let keys: Vec<(i64, String)> = multi
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                -t["metadata"]["version"].as_i64().unwrap(),
                t["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[tokio::test]
async fn bad_sort_is_400() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    for sort in ["name:sideways", "secret", "name,,id", "value"] {
        let (status, body, _) = list(&server, &bearer, &[("sort", sort)]).await;
        assert_eq!(status, 400, "{sort}: {body}");
    }
}

#[tokio::test]
async fn q_supports_the_documented_operators() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let cases: &[(&str, &[&str])] = &[
        ("id:openai-prod", &["openai-prod"]),
        ("name:\"OpenAI production key\"", &["openai-prod"]),
        ("name:~Claude", &["anthropic-prod", "anthropic-staging"]),
        ("name:~CLAUDE", &[]),
        (
            "name:~((?i)CLAUDE)",
            &["anthropic-prod", "anthropic-staging"],
        ),
        (
            "name:~(^OpenAI (production|staging) key$)",
            &["openai-prod", "openai-staging"],
        ),
        (
            "id:~(^vllm-cluster-.$)",
            &["vllm-cluster-a", "vllm-cluster-b"],
        ),
        (
            "name:~(vLLM cluster)",
            &["vllm-cluster-a", "vllm-cluster-b"],
        ),
        (
            "id:(jira-mcp,slack-mcp,missing-id)",
            &["jira-mcp", "slack-mcp"],
        ),
        (
            "name:~OpenAI metadata.version:>=3",
            &["azure-openai-westeurope", "openai-eu-prod", "openai-prod"],
        ),
        ("metadata.version:>6", &["test-rotation-2025q3"]),
        (
            "metadata.version:(>=5 AND <7)",
            &["anthropic-prod", "github-mcp"],
        ),
        ("name:null", &[]),
        ("name:missing", &[]),
    ];
    for (q, expected) in cases {
        let (status, body) = search(&server, &bearer, q).await;
        assert_eq!(status, 200, "{q}: {body}");
        let mut got = ids(&body);
        got.sort();
        assert_eq!(got, *expected, "{q}");
    }
    let (_, body) = search(&server, &bearer, "name:exists").await;
    assert_eq!(ids(&body).len(), 40);
}

#[tokio::test]
async fn q_compares_dates() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (_, all, _) = list(
        &server,
        &bearer,
        &[("pageSize", "100"), ("sort", "metadata.createdAt")],
    )
    .await;
    let created: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["metadata"]["createdAt"].as_str().unwrap())
        .collect();
    let (from, to) = (created[10], created[19]);
    let q = format!("metadata.createdAt:(>=\"{from}\" AND <=\"{to}\")");
    let (status, body) = search(&server, &bearer, &q).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body).len(), 10);
    let (status, body) = search(&server, &bearer, "metadata.createdAt:>2999-01-01").await;
    assert_eq!((status, body), (200, json!([])));
}

#[tokio::test]
async fn q_in_the_query_string_works_like_search() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (status, body, total) = list(&server, &bearer, &[("q", "name:~MCP")]).await;
    assert_eq!(status, 200);
    assert_eq!(total, Some(10));
    assert!(ids(&body).iter().all(|id| id.contains("mcp")));
}

#[tokio::test]
async fn malformed_q_is_400_saying_where_it_broke() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    for q in [
        "name",
        "name:\"open",
        "name:(a,b",
        "metadata.version:>abc",
        "secret:x",
        "metadata.createdAt:>yesterday",
        "name:~()",
        "name:~([a)",
        "id:~(x{2,1})",
    ] {
        let (status, body) = search(&server, &bearer, q).await;
        assert_eq!(status, 400, "{q}: {body}");
        assert!(
            body["message"].as_str().unwrap().starts_with("Invalid q"),
            "{body}"
        );
    }
    let (_, body) = search(&server, &bearer, "name:\"open").await;
    assert!(
        body["message"].as_str().unwrap().contains("character 6"),
        "{body}"
    );
    let (_, body) = search(&server, &bearer, "name:~([a)").await;
    assert_eq!(
        body["message"],
        "Invalid q: \"[a\" after ~ is not a valid regular expression: unclosed character class."
    );
}

#[tokio::test]
async fn hostile_q_text_is_matched_literally() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    for q in [
        r#"name:"x' OR 1=1 --""#,
        "name:~(%)",
        "name:~(_)",
        r#"id:"'; DROP TABLE tokens; --""#,
    ] {
        let (status, body) = search(&server, &bearer, q).await;
        assert_eq!((status, body), (200, json!([])), "{q}");
    }
    // `~` is a regular expression, so `.*` matches every name.
    let (_, body) = search(&server, &bearer, "name:~(.*)").await;
    assert_eq!(ids(&body).len(), 40);
    let (_, body, total) = list(&server, &bearer, &[]).await;
    assert_eq!(total, Some(40), "{body}");
}

#[tokio::test]
async fn fields_select_what_comes_back_and_id_always_stays() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    let (_, body, _) = list(
        &server,
        &bearer,
        &[("fields", "name"), ("q", "id:openai-prod")],
    )
    .await;
    assert_eq!(
        body,
        json!([{"id": "openai-prod", "name": "OpenAI production key"}])
    );
    let (_, body) = call(
        server
            .demo_api(Method::GET, &bearer, "tokens/openai-prod")
            .query(&[("fields", "metadata.version")]),
    )
    .await;
    assert_eq!(
        body,
        json!({"id": "openai-prod", "metadata": {"version": 4}})
    );
}

#[tokio::test]
async fn search_body_must_be_an_object_with_a_string_q() {
    let server = TestServer::demo().await;
    let bearer = server.token(ADMIN).await;
    for body in ["{\"q\": 5}", "[]", "{not json", ""] {
        let (status, reply) = call(
            server
                .demo_api(Method::POST, &bearer, "tokens/search")
                .header("Content-Type", "application/json")
                .body(body),
        )
        .await;
        assert_eq!(status, 400, "{body}: {reply}");
    }
    let (status, body) = call(
        server
            .demo_api(Method::POST, &bearer, "tokens/search")
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(ids(&body).len(), 40);
}

#[tokio::test]
async fn agents_and_mcp_servers_list_their_token_references() {
    let server = TestServer::demo().await;
    let bearer = server.token(VIEWER).await;
    let (status, agents) = call(
        server
            .demo_api(Method::GET, &bearer, "agents")
            .header("X-Total-Count", "true"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        ids(&agents),
        [
            "catalog-enricher",
            "onprem-analyst",
            "rag-assistant",
            "selfhosted-vllm",
            "support-agent"
        ]
    );
    assert_eq!(
        agents[4]["llmConfig"]["token"],
        json!({"id": "openai-prod"})
    );
    let (_, servers) = call(server.demo_api(Method::GET, &bearer, "mcp-servers")).await;
    assert_eq!(
        servers[0]["config"]["authorizationHeaderToken"],
        json!({"id": "github-mcp"})
    );
}
