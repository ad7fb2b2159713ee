use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

const CONTROL: &str = "/_emulator/faults";

async fn with_fault_control() -> TestServer {
    let mut config = demo_config();
    config.fault_control = true;
    TestServer::start(config).await
}

impl TestServer {
    /// `PUT /_emulator/faults` with a JSON body; status and the state returned.
    async fn set_faults(&self, faults: Value) -> (u16, Value) {
        call(
            self.http
                .put(format!("{}{CONTROL}", self.base))
                .json(&faults),
        )
        .await
    }

    async fn list_tokens(&self, bearer: &str) -> reqwest::Result<reqwest::Response> {
        self.demo_api(Method::GET, bearer, "tokens").send().await
    }
}

#[tokio::test]
async fn the_control_endpoint_is_absent_without_the_flag() {
    let server = TestServer::demo().await;
    let (status, _) = call(server.http.get(format!("{}{CONTROL}", server.base))).await;
    assert_eq!(status, 404);
    let response = server
        .http
        .put(format!("{}{CONTROL}", server.base))
        .json(&json!({"failNext": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let bearer = server.token(ADMIN).await;
    assert_eq!(server.list_tokens(&bearer).await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_state_can_be_read_changed_field_by_field_and_cleared() {
    let server = with_fault_control().await;
    let control = format!("{}{CONTROL}", server.base);
    let cleared = json!({"latencyMs": 0, "jitterMs": 0, "failNext": 0, "failStatus": 503,
                         "failMatching": "", "dropNext": 0, "bareListRows": false});
    assert_eq!(
        call(server.http.get(&control)).await,
        (200, cleared.clone())
    );
    let (status, _) = server
        .set_faults(json!({"latencyMs": 5, "failNext": 2}))
        .await;
    assert_eq!(status, 200);
    let changed = call(server.http.post(&control).json(&json!({"failStatus": 500}))).await;
    let expected = json!({"latencyMs": 5, "jitterMs": 0, "failNext": 2, "failStatus": 500,
                          "failMatching": "", "dropNext": 0, "bareListRows": false});
    assert_eq!(changed, (200, expected.clone()));
    assert_eq!(call(server.http.get(&control)).await, (200, expected));
    assert_eq!(call(server.http.delete(&control)).await, (200, cleared));
}

#[tokio::test]
async fn bad_fault_settings_are_refused() {
    let server = with_fault_control().await;
    for bad in [
        json!({"failStatus": 404}),
        json!({"latencyMs": 600_001}),
        json!({"failNext": -1}),
        json!({"dropNxet": 1}),
        json!([1]),
    ] {
        let (status, body) = server.set_faults(bad.clone()).await;
        assert!((400..500).contains(&status), "{bad}: {status}");
        assert_eq!(body["code"], status, "{bad}");
    }
    let (_, state) = call(server.http.get(format!("{}{CONTROL}", server.base))).await;
    assert_eq!(state["failStatus"], 503);
    assert_eq!(state["latencyMs"], 0);
}

#[tokio::test]
async fn latency_delays_api_requests_only() {
    let server = with_fault_control().await;
    let bearer = server.token(ADMIN).await;
    let latency = Duration::from_millis(800);
    server
        .set_faults(json!({"latencyMs": latency.as_millis() as u64, "jitterMs": 0}))
        .await;
    let started = Instant::now();
    assert_eq!(server.list_tokens(&bearer).await.unwrap().status(), 200);
    assert!(started.elapsed() >= latency, "{:?}", started.elapsed());

    let started = Instant::now();
    let (status, _) = call(server.http.get(format!("{}/config.json", server.base))).await;
    assert_eq!(status, 200);
    let (status, _) = call(server.http.get(format!("{}{CONTROL}", server.base))).await;
    assert_eq!(status, 200);
    assert!(started.elapsed() < latency, "{:?}", started.elapsed());
}

#[tokio::test]
async fn the_next_requests_fail_then_the_api_recovers() {
    let server = with_fault_control().await;
    let bearer = server.token(ADMIN).await;
    server.set_faults(json!({"failNext": 2})).await;
    for _ in 0..2 {
        let (status, body) = read(server.list_tokens(&bearer).await.unwrap()).await;
        assert_eq!(status, 503);
        assert_eq!(body["code"], 503);
        assert_eq!(body["status"], "Service Unavailable");
        assert!(body["message"].as_str().unwrap().contains("Injected"));
    }
    assert_eq!(server.list_tokens(&bearer).await.unwrap().status(), 200);

    server
        .set_faults(json!({"failNext": 1, "failStatus": 500}))
        .await;
    let response = server
        .oauth(&[
            ("grant_type", "client_credentials"),
            ("client_id", ADMIN.0),
            ("client_secret", ADMIN.1),
        ])
        .await;
    let (status, body) = read(response).await;
    assert_eq!((status, body["code"].clone()), (500, json!(500)));
    server.token(ADMIN).await;
}

#[tokio::test]
async fn injected_failures_stay_readable_by_browsers_and_the_control_endpoint_is_not() {
    let server = with_fault_control().await;
    let bearer = server.token(ADMIN).await;
    server.set_faults(json!({"failNext": 1})).await;
    // The emulator's own page, which may call the API.
    let page = server.base.clone();
    let failed = server
        .demo_api(Method::GET, &bearer, "tokens")
        .header("Origin", &page)
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), 503);
    assert_eq!(failed.headers()["access-control-allow-origin"], &page);
    let preflight = server
        .http
        .request(Method::OPTIONS, format!("{}{CONTROL}", server.base))
        .header("Origin", &page)
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn dropped_requests_get_no_response_at_all() {
    let server = with_fault_control().await;
    let bearer = server.token(ADMIN).await;
    server.set_faults(json!({"dropNext": 1})).await;
    let error = server
        .list_tokens(&bearer)
        .await
        .expect_err("the connection is closed without a response");
    assert!(!error.is_timeout() && error.status().is_none(), "{error:?}");
    let (status, state) = call(server.http.get(format!("{}{CONTROL}", server.base))).await;
    assert_eq!((status, state["dropNext"].clone()), (200, json!(0)));
    assert_eq!(server.list_tokens(&bearer).await.unwrap().status(), 200);
}

#[tokio::test]
async fn bare_list_rows_leave_out_metadata_as_the_official_examples_do() {
    let server = with_fault_control().await;
    let bearer = server.token(ADMIN).await;
    let (status, _) = server.set_faults(json!({"bareListRows": true})).await;
    assert_eq!(status, 200);
    let (_, rows) = read(server.list_tokens(&bearer).await.unwrap()).await;
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r.get("metadata").is_none() && r["name"].is_string()));
    let (_, one) = read(
        server
            .demo_api(reqwest::Method::GET, &bearer, "tokens/openai-prod")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        one["metadata"]["version"].is_u64(),
        "a single token keeps it"
    );
    server.set_faults(json!({"bareListRows": false})).await;
    let (_, rows) = read(server.list_tokens(&bearer).await.unwrap()).await;
    assert!(rows[0]["metadata"].is_object());
}

#[tokio::test]
async fn expired_sessions_get_the_expired_fault_and_a_new_token_works() {
    let server = with_fault_control().await;
    let old = server.token(ADMIN).await;
    let (status, _) = server.set_faults(json!({"expireSessions": true})).await;
    assert_eq!(status, 200);
    let (status, body) = read(server.list_tokens(&old).await.unwrap()).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({"fault": {"faultstring": "Access Token expired", "detail": {"errorcode": "keymanagement.service.access_token_expired"}}})
    );
    let fresh = server.token(ADMIN).await;
    assert_eq!(server.list_tokens(&fresh).await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_app_files_config_and_control_endpoint_never_fail() {
    let dir = std::env::temp_dir().join(format!("emulator-faults-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<title>Token admin</title>").unwrap();
    let mut config = demo_config();
    config.fault_control = true;
    config.static_dir = Some(dir.clone());
    let server = TestServer::start(config).await;
    let bearer = server.token(ADMIN).await;
    server
        .set_faults(json!({"failNext": 1, "dropNext": 1}))
        .await;
    for path in ["/", "/tokens/openai-prod", "/config.json", CONTROL] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
    }
    // Both faults are still pending for the API.
    assert!(server.list_tokens(&bearer).await.is_err());
    assert_eq!(server.list_tokens(&bearer).await.unwrap().status(), 503);
    assert_eq!(server.list_tokens(&bearer).await.unwrap().status(), 200);
    std::fs::remove_dir_all(dir).unwrap();
}
