//! The HTTP server: routes, CORS, request log, body limit, fault injection and the built app.

use std::future::Future;
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde_json::json;
use tokio::net::TcpListener;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::{Config, Seed};
use crate::connection::{Peer, PeerListener};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{auth, db, entities, fault_control, seed, static_files, token_input, tokens};

/// Opens the database, loads the seeds and client list the configuration asks for.
pub fn prepare(config: &Config) -> rusqlite::Result<AppState> {
    let mut conn = db::open(config.db.as_deref())?;
    if config.seed == Seed::Demo {
        seed::demo(&mut conn)?;
    }
    if config.seed_tokens > 0 {
        seed::bulk_tokens(&mut conn, config.seed_tokens)?;
    }
    if config.seed_agents > 0 {
        seed::bulk_agents(&mut conn, config.seed_agents)?;
    }
    for client in &config.clients {
        auth::register_client(
            &conn,
            &client.client_id,
            &client.secret,
            &client.tenant,
            &client.scopes,
        )?;
    }
    Ok(AppState::new(conn, config.clone()))
}

/// All routes with their middleware.
pub fn router(state: AppState) -> Router {
    let tokens_path = "/ai-service/{tenant}/agentic/tokens";
    let entities_path = "/ai-service/{tenant}/agentic/{collection}";
    let api = Router::new()
        .route("/oauth/token", post(auth::issue_token))
        .route(tokens_path, get(tokens::list))
        .route(&format!("{tokens_path}/search"), post(tokens::search))
        .route(
            &format!("{tokens_path}/{{token_id}}"),
            get(tokens::get_one)
                .put(tokens::upsert)
                .patch(tokens::patch)
                .delete(tokens::delete),
        )
        .route(entities_path, get(entities::list))
        .route(&format!("{entities_path}/search"), post(entities::search))
        .route(
            &format!("{entities_path}/{{id}}"),
            get(entities::get_one)
                .put(entities::upsert)
                .patch(entities::patch)
                .delete(entities::delete),
        )
        .route("/config.json", get(app_config))
        .fallback(api_fallback);
    let mut app = match state.config.static_dir.as_deref() {
        // An unknown API path stays a JSON 404; only other paths may be the app's.
        Some(dir) => {
            let api_paths = Router::new().route("/ai-service/{*rest}", any(api_fallback));
            api.fallback_service(static_files::serve(api_paths, dir))
        }
        None => api,
    }
    .layer(DefaultBodyLimit::max(token_input::BODY_LIMIT));
    let with_faults = state.config.fault_control;
    if with_faults {
        // Inside CORS, so injected failures still reach browsers as readable responses.
        app = app.layer(middleware::from_fn_with_state(
            state.clone(),
            fault_control::inject,
        ));
    }
    app = app.layer(cors(state.config.cors_origins.clone()));
    if with_faults {
        // Outside CORS: no web page may drive it.
        app = app.merge(fault_control::control_routes());
    }
    let log = state.config.log_requests;
    app.layer(middleware::from_fn(move |req, next| {
        log_request(log, req, next)
    }))
    .with_state(state)
}

async fn api_fallback() -> ApiError {
    ApiError::Message {
        status: axum::http::StatusCode::NOT_FOUND,
        message: "No such resource.".into(),
        details: Vec::new(),
    }
}

/// `GET /config.json`: the app's defaults, pointing at this server (never a secret).
async fn app_config(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map_or_else(|| state.config.addr.to_string(), str::to_owned);
    let mut config = json!({ "apiBaseUrl": format!("http://{host}") });
    if state.config.seed == Seed::Demo {
        config["tenant"] = json!(seed::DEMO_TENANT);
        config["clientId"] = json!(seed::DEMO_ADMIN.0);
    }
    let mut response = Json(config).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Pages from this server's own origin and from `others` may call the API and read
/// `X-Total-Count`; no other page may read a response (above all not `/oauth/token`'s, which
/// would hand any site the developer visits a token of the published demo admin).
fn cors(others: Vec<String>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, request| {
            let own = request
                .headers
                .get(header::HOST)
                .is_some_and(|host| origin.as_bytes() == [b"http://", host.as_bytes()].concat());
            own || others.iter().any(|o| o.as_bytes() == origin.as_bytes())
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::HeaderName::from_static("x-total-count"),
        ])
        .expose_headers([header::HeaderName::from_static("x-total-count")])
        .max_age(std::time::Duration::from_secs(600))
}

/// One line per request: method, path, status, latency. Never headers or bodies.
async fn log_request(enabled: bool, req: Request, next: Next) -> Response {
    if !enabled {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    println!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Serves until `shutdown` completes; every request carries its connection's [`Peer`].
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<Peer>();
    axum::serve(PeerListener::new(listener), app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Serves until the process ends.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, std::future::pending()).await
}
