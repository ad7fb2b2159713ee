//! The fault control endpoint and the middleware that applies the faults in force (see
//! [`crate::faults`] for the fields).
//!
//! The control endpoint `/_emulator/faults` answers loopback peers that name a loopback
//! `Host` and send no `Origin` only (others get 403), and sends no CORS headers, so a web
//! page cannot drive it:
//!
//! - `GET` returns the fault state as JSON;
//! - `PUT` or `POST` with a JSON object (`Content-Type: application/json`) changes the
//!   fields it names and returns the new state;
//! - `DELETE` clears every fault and returns the cleared state.
//!
//! API requests are `/oauth/token` and `/ai-service/…`; the control endpoint,
//! `/config.json` and the app's files are never affected. A dropped request takes
//! precedence over a failed one; latency applies to both.

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::auth;
use crate::connection::Peer;
use crate::error::{ApiError, ApiResult};
use crate::faults::{Fate, FaultUpdate, Faults};
use crate::state::AppState;

/// Path of the control endpoint.
pub const CONTROL_PATH: &str = "/_emulator/faults";
/// Status recorded in the request log for a dropped connection (never sent), as nginx does.
const DROPPED_STATUS: u16 = 444;

fn is_api(path: &str) -> bool {
    path == "/oauth/token" || path.starts_with("/ai-service/")
}

/// Middleware: applies the faults in force to API requests.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !is_api(request.uri().path()) {
        return next.run(request).await;
    }
    let line = format!("{} {}", request.method(), request.uri().path());
    let (delay, fate) = state.faults.next_request(&line);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match fate {
        Fate::Handle => next.run(request).await,
        Fate::Fail(status) => ApiError::new(
            status,
            "Injected failure: the emulator's fault control failed this request on purpose.",
        )
        .into_response(),
        Fate::Drop => {
            if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<Peer>>() {
                peer.cut_connection();
            }
            StatusCode::from_u16(DROPPED_STATUS)
                .expect("a valid status code")
                .into_response()
        }
    }
}

/// A request from a program on this machine, addressed to this machine: a loopback peer,
/// a loopback `Host` (a page on a rebound DNS name sends its own) and no `Origin` (browsers
/// send one with every write, and a local proxy would make the peer loopback). Anything
/// else gets 403.
struct LocalPeer;

impl<S: Send + Sync> FromRequestParts<S> for LocalPeer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> ApiResult<Self> {
        let peer = matches!(
            parts.extensions.get::<ConnectInfo<Peer>>(),
            Some(ConnectInfo(peer)) if peer.is_loopback()
        );
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(is_loopback_host);
        if peer && host && !parts.headers.contains_key(header::ORIGIN) {
            return Ok(Self);
        }
        Err(ApiError::forbidden(
            "The fault control endpoint answers programs on this machine only.",
        ))
    }
}

/// Whether a `Host` header names this machine: `localhost`, 127.x.x.x or `[::1]`, with
/// or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split_once(']').map_or("", |(ip, _)| ip),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The control endpoint (mount it outside the CORS layer).
pub fn control_routes() -> Router<AppState> {
    Router::new().route(
        CONTROL_PATH,
        get(show).put(update).post(update).delete(clear),
    )
}

async fn show(_: LocalPeer, State(state): State<AppState>) -> Json<Faults> {
    Json(state.faults.current())
}

async fn update(
    _: LocalPeer,
    State(state): State<AppState>,
    body: Result<Json<FaultUpdate>, JsonRejection>,
) -> ApiResult<Json<Faults>> {
    let Json(update) = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let problems = update.problems();
    if !problems.is_empty() {
        return Err(ApiError::invalid(
            "There are validation problems, see the details section for more information.",
            problems,
        ));
    }
    if update.expire_sessions {
        auth::expire_all_sessions(&state.db())?;
    }
    let mut faults = state.faults.lock();
    update.apply(&mut faults);
    Ok(Json(faults.clone()))
}

async fn clear(_: LocalPeer, State(state): State<AppState>) -> Json<Faults> {
    let mut faults = state.faults.lock();
    *faults = Faults::default();
    Json(faults.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Seed};
    use crate::server;
    use axum::body::Body;
    use tower::ServiceExt;

    #[test]
    fn only_api_paths_are_affected() {
        assert!(is_api("/oauth/token"));
        assert!(is_api("/ai-service/demo/agentic/tokens"));
        for other in [
            "/",
            "/config.json",
            CONTROL_PATH,
            "/tokens",
            "/oauth/tokens",
        ] {
            assert!(!is_api(other), "{other}");
        }
    }

    #[tokio::test]
    async fn the_control_endpoint_refuses_other_machines_hosts_and_pages() {
        let mut config = Config::for_tests(Seed::None);
        config.fault_control = true;
        let app = server::router(server::prepare(&config).unwrap());
        let status_from = |peer: Option<&str>, headers: &[(&str, &str)]| {
            let mut request = Request::get(CONTROL_PATH);
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let mut request = request.body(Body::empty()).unwrap();
            if let Some(addr) = peer {
                request
                    .extensions_mut()
                    .insert(ConnectInfo(Peer::detached(addr.parse().unwrap())));
            }
            let app = app.clone();
            async move { app.oneshot(request).await.unwrap().status() }
        };
        let local = [("host", "127.0.0.1:8787")];
        for host in [
            "127.0.0.1:8787",
            "localhost",
            "LOCALHOST:1",
            "[::1]:8787",
            "127.1.2.3",
        ] {
            let status = status_from(Some("127.0.0.1:5000"), &[("host", host)]).await;
            assert_eq!(status, StatusCode::OK, "{host}");
        }
        assert_eq!(
            status_from(Some("[::1]:5000"), &local).await,
            StatusCode::OK
        );
        for peer in ["192.168.1.20:5000", "[2001:db8::1]:5000"] {
            let status = status_from(Some(peer), &local).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{peer}");
        }
        assert_eq!(status_from(None, &local).await, StatusCode::FORBIDDEN);
        // DNS rebinding: a page on attacker.example whose name now resolves to 127.0.0.1.
        for host in [
            "attacker.example:8787",
            "127.0.0.1.attacker.example",
            "[::1",
        ] {
            let status = status_from(Some("127.0.0.1:5000"), &[("host", host)]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{host}");
        }
        assert_eq!(
            status_from(Some("127.0.0.1:5000"), &[]).await,
            StatusCode::FORBIDDEN
        );
        // A page on this machine (or behind a local proxy) sends its Origin.
        let page = [local[0], ("origin", "http://127.0.0.1:8787")];
        assert_eq!(
            status_from(Some("127.0.0.1:5000"), &page).await,
            StatusCode::FORBIDDEN
        );
    }
}
