//! Property tests of request decoding, in process (`tower::ServiceExt::oneshot`):
//! whatever a client sends as bodies, query strings, path ids, token forms or
//! `Authorization` headers, the emulator answers 2xx or 4xx and never panics.

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use emulator::config::{Config, Seed};
use emulator::server;
use proptest::prelude::*;
use serde_json::Value;
use tokio::runtime::Runtime;
use tower::ServiceExt;

const CASES: u32 = 256;
const TOKENS: &str = "/ai-service/demo/agentic/tokens";

/// The demo emulator and a bearer token with both scopes.
struct App {
    runtime: Runtime,
    router: Router,
    bearer: String,
}

impl App {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let config = Config::for_tests(Seed::Demo);
        let router = server::router(server::prepare(&config).unwrap());
        let mut app = Self {
            runtime,
            router,
            bearer: String::new(),
        };
        let form =
            "grant_type=client_credentials&client_id=demo-admin&client_secret=demo-admin-secret";
        let request = Request::post("/oauth/token")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap();
        let (status, body) = app.send(request);
        assert_eq!(status, StatusCode::OK);
        let body: Value = serde_json::from_slice(&body).unwrap();
        app.bearer = body["access_token"].as_str().unwrap().to_owned();
        app
    }

    fn send(&self, request: Request<Body>) -> (StatusCode, Vec<u8>) {
        self.runtime.block_on(async {
            let response = self.router.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            (status, body.to_vec())
        })
    }

    /// A request with the bearer token and `body` as JSON.
    fn api(&self, method: Method, uri: &str, body: impl Into<Body>) -> Option<Request<Body>> {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.bearer))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.into())
            .ok()
    }

    /// Sends `request` and checks the answer is a 2xx or 4xx.
    fn answers(&self, request: Request<Body>) -> Result<(), TestCaseError> {
        let what = format!("{} {}", request.method(), request.uri());
        let (status, body) = self.send(request);
        prop_assert!(
            status.is_success() || status.is_client_error(),
            "{what}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        Ok(())
    }
}

thread_local! {
    /// One emulator per test (each test runs on its own thread), shared by its cases.
    static APP: App = App::new();
}

/// Runs one case against this test's emulator.
fn with_app(case: impl FnOnce(&App) -> Result<(), TestCaseError>) -> Result<(), TestCaseError> {
    APP.with(case)
}

/// Percent-encodes every byte but the unreserved ones, so any bytes fit in a URI.
fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Text that is often near what the decoders expect, and sometimes anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 _.:~()<>=!,\"'-]{0,24}",
        "-?[0-9]{1,22}",
        Just(String::new()),
    ]
}

/// A `q`: clauses of fields, operators and awkward values, or anything.
fn q() -> impl Strategy<Value = String> {
    let clause = (
        prop_oneof![
            2 => "(name|id)",
            1 => "(metadata\\.version|metadata\\.createdAt|metadata\\.modifiedAt|value)",
        ],
        prop_oneof![2 => Just(":~".to_owned()), 1 => "(:|:<|:>=|:!|)"],
        prop_oneof![
            any::<String>(),
            "[ab\\x00\\x07\"'()\\\\ ,:%*-]{0,8}",
            "\\((>|<)?[0-9-]{1,10}( AND (<|>)[0-9TZ:.-]{1,12})?\\)",
            "(null|missing|exists|2025-01-01|2025-01-01T00:00:00Z)",
        ],
    )
        .prop_map(|(field, op, value)| format!("{field}{op}{value}"));
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(clause, 1..4).prop_map(|clauses| clauses.join(" ")),
    ]
}

/// Arbitrary bytes, most of them text.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        text().prop_map(String::into_bytes),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("name".to_owned()),
        Just("value".to_owned()),
        Just("metadata".to_owned()),
        Just("version".to_owned()),
        Just("op".to_owned()),
        Just("path".to_owned()),
        Just("q".to_owned()),
        any::<String>(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("/name"),
            Just("/value"),
            Just("REPLACE"),
            Just("add"),
            Just("REMOVE")
        ]
        .prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A token path for one of the body-taking operations.
fn body_target() -> impl Strategy<Value = (Method, String)> {
    prop_oneof![
        Just((Method::PUT, format!("{TOKENS}/fuzzed"))),
        Just((Method::PUT, format!("{TOKENS}/openai-prod"))),
        Just((Method::PATCH, format!("{TOKENS}/anthropic-prod"))),
        Just((Method::POST, format!("{TOKENS}/search"))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn arbitrary_bytes_as_bodies(target in body_target(), body in bytes()) {
        with_app(|app| {
            let (method, uri) = target;
            app.answers(app.api(method, &uri, body).unwrap())?;
            Ok(())
        })?;
    }

    #[test]
    fn arbitrary_json_as_bodies(target in body_target(), body in json()) {
        with_app(|app| {
            let (method, uri) = target;
            app.answers(app.api(method, &uri, body.to_string()).unwrap())?;
            Ok(())
        })?;
    }

    #[test]
    fn arbitrary_q_in_query_strings_and_search_bodies(q in q(), sort in text()) {
        with_app(|app| {
            let query = format!("q={}&sort={}", encode(q.as_bytes()), encode(sort.as_bytes()));
            app.answers(app.api(Method::GET, &format!("{TOKENS}?{query}"), Body::empty()).unwrap())?;
            let body = serde_json::json!({ "q": q }).to_string();
            app.answers(app.api(Method::POST, &format!("{TOKENS}/search"), body).unwrap())?;
            Ok(())
        })?;
    }

    #[test]
    fn arbitrary_query_strings(
        params in proptest::collection::vec(
            (
                prop_oneof![
                    Just("q"), Just("sort"), Just("pageSize"), Just("pageNumber"),
                    Just("fields"), Just("force"), Just("other")
                ],
                bytes(),
            ),
            0..5,
        ),
        raw in "[a-zA-Z0-9=&%+;.~()-]{0,40}",
        path in prop_oneof![
            Just(TOKENS.to_owned()),
            Just(format!("{TOKENS}/openai-prod")),
            Just("/ai-service/demo/agentic/agents".to_owned()),
        ],
        method in prop_oneof![Just(Method::GET), Just(Method::DELETE)],
    ) {
        with_app(|app| {
            let encoded: Vec<String> = params
                .iter()
                .map(|(name, value)| format!("{name}={}", encode(value)))
                .collect();
            for query in [encoded.join("&"), raw] {
                if let Some(request) = app.api(method.clone(), &format!("{path}?{query}"), Body::empty()) {
                    app.answers(request)?;
                }
            }
            // The same parameters through search, with `q` in the body.
            let q = params.iter().find(|(name, _)| *name == "q").map(|(_, v)| String::from_utf8_lossy(v).into_owned());
            let search = format!("{TOKENS}/search?{}", encoded.join("&"));
            app.answers(app.api(Method::POST, &search, serde_json::json!({ "q": q }).to_string()).unwrap())?;
            Ok(())
        })?;
    }

    #[test]
    fn arbitrary_ids_and_tenants_in_the_path(
        id in bytes(),
        tenant in prop_oneof![Just(b"demo".to_vec()), bytes()],
        method in prop_oneof![Just(Method::GET), Just(Method::PUT), Just(Method::PATCH), Just(Method::DELETE)],
    ) {
        with_app(|app| {
            let uri = format!("/ai-service/{}/agentic/tokens/{}", encode(&tenant), encode(&id));
            let body = match method {
                Method::PUT => r#"{"name": "Fuzzed", "value": "v"}"#,
                Method::PATCH => r#"[{"op": "REPLACE", "path": "/name", "value": "Fuzzed"}]"#,
                _ => "",
            };
            app.answers(app.api(method, &uri, body).unwrap())?;
            Ok(())
        })?;
    }

    #[test]
    fn arbitrary_forms_at_the_token_endpoint(
        raw in bytes(),
        fields in proptest::collection::vec(
            (prop_oneof![
                Just(b"grant_type".to_vec()), Just(b"client_id".to_vec()),
                Just(b"client_secret".to_vec()), Just(b"scope".to_vec()), bytes()
             ], bytes()),
            0..5,
        ),
        content_type in prop_oneof![
            Just(Some("application/x-www-form-urlencoded")),
            Just(Some("application/json")),
            Just(None),
        ],
    ) {
        with_app(|app| {
            let form: Vec<String> = fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
            for body in [raw, form.join("&").into_bytes()] {
                let mut request = Request::post("/oauth/token");
                if let Some(content_type) = content_type {
                    request = request.header(header::CONTENT_TYPE, content_type);
                }
                app.answers(request.body(Body::from(body)).unwrap())?;
            }
            Ok(())
        })?;
    }

    #[test]
    fn arbitrary_authorization_headers(
        value in prop_oneof![
            bytes(),
            bytes().prop_map(|b| [b"Bearer ".to_vec(), b].concat()),
            bytes().prop_map(|b| [b"bearer\t".to_vec(), b].concat()),
        ],
    ) {
        with_app(|app| {
            let Ok(value) = HeaderValue::from_bytes(&value) else {
                    return Ok(());
            };
            let request = Request::get(TOKENS)
                .header(header::AUTHORIZATION, value)
                .body(Body::empty())
                .unwrap();
            app.answers(request)?;
            Ok(())
        })?;
    }
}
