//! A real emulator on a random 127.0.0.1 port, and a small HTTP client for it.

#![allow(dead_code)]

use emulator::config::{ClientSpec, Config, Seed};
use emulator::server;
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::Value;

pub const TENANT: &str = "demo";
pub const ADMIN: (&str, &str) = ("demo-admin", "demo-admin-secret");
pub const VIEWER: (&str, &str) = ("demo-viewer", "demo-viewer-secret");
pub const OTHER: (&str, &str) = ("other-admin", "other-secret");

/// A running emulator.
pub struct TestServer {
    pub base: String,
    pub http: Client,
}

/// The demo configuration plus a second tenant, `other`, with its own admin client.
pub fn demo_config() -> Config {
    let mut config = Config::for_tests(Seed::Demo);
    config.clients.push(ClientSpec {
        client_id: OTHER.0.into(),
        secret: OTHER.1.into(),
        tenant: "other".into(),
        scopes: vec!["ai.agent_read".into(), "ai.agent_manage".into()],
    });
    config
}

impl TestServer {
    /// Starts a server with the demo seed and a second tenant.
    pub async fn demo() -> Self {
        Self::start(demo_config()).await
    }

    /// Starts a server with `config` on a free port.
    pub async fn start(config: Config) -> Self {
        let state = server::prepare(&config).expect("database opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(server::serve(listener, state));
        Self {
            base,
            http: Client::new(),
        }
    }

    /// Exchanges client credentials; panics unless it succeeds.
    pub async fn token(&self, (id, secret): (&str, &str)) -> String {
        let response = self
            .oauth(&[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
            ])
            .await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// `GET {path}` without credentials.
    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// `POST /oauth/token` with a form.
    pub async fn oauth(&self, form: &[(&str, &str)]) -> Response {
        self.http
            .post(format!("{}/oauth/token", self.base))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// A request to `/ai-service/{tenant}/agentic/{path}` with a bearer token.
    pub fn api(&self, method: Method, bearer: &str, tenant: &str, path: &str) -> RequestBuilder {
        self.http
            .request(
                method,
                format!("{}/ai-service/{tenant}/agentic/{path}", self.base),
            )
            .bearer_auth(bearer)
    }

    /// A request on the demo tenant.
    pub fn demo_api(&self, method: Method, bearer: &str, path: &str) -> RequestBuilder {
        self.api(method, bearer, TENANT, path)
    }
}

/// Status and JSON body (Null when empty).
pub async fn read(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    };
    (status, body)
}

/// The ids in a list response, in order.
pub fn ids(body: &Value) -> Vec<String> {
    body.as_array()
        .expect("an array")
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Sends a request; status and JSON body.
pub async fn call(request: RequestBuilder) -> (u16, Value) {
    read(request.send().await.unwrap()).await
}
