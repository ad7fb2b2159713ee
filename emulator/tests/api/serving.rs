use reqwest::Method;
use serde_json::json;

use crate::common::*;
use emulator::config::Seed;

/// The `Access-Control-Allow-Origin` a request from a page on `origin` gets back.
fn allowed_origin(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn browsers_on_the_named_origins_may_call_and_read_the_total() {
    let mut config = demo_config();
    config.cors_origins = vec!["http://localhost:8080".into()];
    let server = TestServer::start(config).await;
    let url = format!("{}/ai-service/demo/agentic/tokens", server.base);
    let preflight = server
        .http
        .request(Method::OPTIONS, &url)
        .header("Origin", "http://localhost:8080")
        .header("Access-Control-Request-Method", "PUT")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type,x-total-count",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(
        allowed_origin(&preflight).as_deref(),
        Some("http://localhost:8080")
    );
    let allowed = preflight.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(allowed.contains("PUT") && allowed.contains("PATCH") && allowed.contains("DELETE"));

    let bearer = server.token(ADMIN).await;
    let response = server
        .http
        .get(&url)
        .bearer_auth(&bearer)
        .header("Origin", "http://localhost:8080")
        .header("X-Total-Count", "true")
        .send()
        .await
        .unwrap();
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("x-total-count"));
}

#[tokio::test]
async fn no_other_page_may_read_a_demo_token_or_call_the_api() {
    let server = TestServer::demo().await;
    let grant = |origin: &str| {
        let request = server
            .http
            .post(format!("{}/oauth/token", server.base))
            .header("Origin", origin)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", ADMIN.0),
                ("client_secret", ADMIN.1),
            ]);
        async move { allowed_origin(&request.send().await.unwrap()) }
    };
    // The server's own pages (same origin as the Host they address) may.
    let own = server.base.clone();
    assert_eq!(grant(&own).await, Some(own));
    for other in ["http://evil.example", "http://localhost:8080", "null"] {
        assert_eq!(grant(other).await, None, "{other}");
        let preflight = server
            .http
            .request(
                Method::OPTIONS,
                format!("{}/ai-service/demo/agentic/tokens", server.base),
            )
            .header("Origin", other)
            .header("Access-Control-Request-Method", "PUT")
            .send()
            .await
            .unwrap();
        assert_eq!(allowed_origin(&preflight), None, "{other}");
    }
}

#[tokio::test]
async fn the_built_app_is_served_with_a_fallback_for_client_routes() {
    let dir = std::env::temp_dir().join(format!("emulator-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Token admin</title>",
    )
    .unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let mut config = demo_config();
    config.static_dir = Some(dir.clone());
    let server = TestServer::start(config).await;
    for path in ["/", "/tokens", "/tokens/openai-prod"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.text().await.unwrap().contains("Token admin"));
    }
    let js = server
        .http
        .get(format!("{}/app.js", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(js, "console.log(1)");
    let (status, config) = call(server.http.get(format!("{}/config.json", server.base))).await;
    assert_eq!(status, 200);
    assert_eq!(
        config,
        json!({"apiBaseUrl": server.base, "tenant": "demo", "clientId": "demo-admin"})
    );
    // API routes are not swallowed by the fallback, nor are unknown API paths.
    let (status, _) = call(
        server
            .http
            .get(format!("{}/ai-service/demo/agentic/tokens", server.base)),
    )
    .await;
    assert_eq!(status, 401);
    for path in ["/ai-service/demo/agentic/tokens/x/y", "/ai-service/x"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.headers()["content-type"], "application/json");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["message"], "No such resource.", "{path}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn data_survive_a_restart_and_the_seed_runs_once() {
    let db = std::env::temp_dir().join(format!("emulator-persist-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let mut config = demo_config();
    config.db = Some(db.clone());
    {
        let server = TestServer::start(config.clone()).await;
        let bearer = server.token(ADMIN).await;
        let (status, _) = call(
            server
                .demo_api(Method::PUT, &bearer, "tokens/kept")
                .json(&json!({"name": "Kept", "value": "v"})),
        )
        .await;
        assert_eq!(status, 201);
        let (status, _) = call(server.demo_api(Method::DELETE, &bearer, "tokens/qa-smoke")).await;
        assert_eq!(status, 204);
    }
    let server = TestServer::start(config).await;
    let bearer = server.token(ADMIN).await;
    let response = server
        .demo_api(Method::GET, &bearer, "tokens")
        .header("X-Total-Count", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-total-count"], "40");
    let (status, body) = call(server.demo_api(Method::GET, &bearer, "tokens/kept")).await;
    assert_eq!((status, body["name"].clone()), (200, json!("Kept")));
    assert_eq!(
        call(server.demo_api(Method::GET, &bearer, "tokens/qa-smoke"))
            .await
            .0,
        404
    );
    drop(server);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

#[tokio::test]
async fn generated_tokens_can_be_seeded_for_scale_tests() {
    let mut config = emulator::config::Config::for_tests(Seed::Demo);
    config.seed_tokens = 500;
    let server = TestServer::start(config).await;
    let bearer = server.token(ADMIN).await;
    let response = server
        .demo_api(Method::GET, &bearer, "tokens")
        .header("X-Total-Count", "true")
        .query(&[("pageSize", "5"), ("sort", "id:desc"), ("q", "id:~bulk-")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-total-count"], "500");
    let (_, body) = read(response).await;
    assert_eq!(ids(&body)[0], "bulk-0000499");
}

#[tokio::test]
async fn the_app_is_sent_with_security_caching_and_encoding_headers() {
    let dir = std::env::temp_dir().join(format!("emulator-headers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<title>Token admin</title>").unwrap();
    let wasm = "token-admin-1a2b3c4d5e6f7a8b_bg.wasm";
    std::fs::write(dir.join(wasm), b"\0asm plain").unwrap();
    std::fs::write(dir.join(format!("{wasm}.br")), b"brotli bytes").unwrap();
    std::fs::write(dir.join(format!("{wasm}.gz")), b"gzip bytes").unwrap();
    let mut config = demo_config();
    config.static_dir = Some(dir.clone());
    let server = TestServer::start(config).await;
    let get = |path: &str, encoding: Option<&str>| {
        let mut request = server.http.get(format!("{}{path}", server.base));
        if let Some(encoding) = encoding {
            request = request.header("Accept-Encoding", encoding);
        }
        async move { request.send().await.unwrap() }
    };

    let wasm_path = format!("/{wasm}");
    for (accept, content_encoding, body) in [
        (Some("br, gzip"), Some("br"), "brotli bytes"),
        (Some("gzip"), Some("gzip"), "gzip bytes"),
        (None, None, "\0asm plain"),
    ] {
        let response = get(&wasm_path, accept).await;
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(
            headers.get("content-encoding").map(|v| v.to_str().unwrap()),
            content_encoding,
            "{accept:?}"
        );
        assert_eq!(headers["content-type"], "application/wasm");
        assert_eq!(headers["vary"], "accept-encoding");
        assert_eq!(
            headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(response.text().await.unwrap(), body);
    }

    // The page itself, client routes, and a hashed-looking name that is not a file.
    for path in [
        "/",
        "/index.html",
        "/tokens/new",
        "/app-0123456789abcdef.js",
    ] {
        let response = get(path, None).await;
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
        assert_eq!(
            headers["content-security-policy"], "frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert!(response.text().await.unwrap().contains("Token admin"));
    }
    std::fs::remove_dir_all(dir).unwrap();
}
