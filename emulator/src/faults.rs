//! Fault injection for reliability tests, on with `--fault-control` (off by default).
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
//! Fields (camelCase):
//!
//! - `latencyMs`, `jitterMs`: every API request waits `latencyMs` ± a uniformly drawn
//!   `jitterMs` (each at most 600000) before it is handled;
//! - `failNext`, `failStatus`: the next `failNext` API requests fail with `failStatus`
//!   (500 or 503, default 503) and an `ErrorMessage` body;
//! - `failMatching`: while not empty, only requests whose `METHOD /path` contains this
//!   text count for `failNext` (e.g. `PUT /ai-service/demo/agentic/tools/`), so one
//!   request among many can fail;
//! - `dropNext`: the next `dropNext` API requests get their connection closed without
//!   any HTTP response;
//! - `expireSessions: true` (an action, not kept): every bearer token issued so far
//!   expires now, so its next use gets the 401 "Access Token expired" fault;
//! - `bareListRows`: while `true`, the rows of token lists and searches come without
//!   `metadata`, as in the official spec's list examples (not a failure: a shape the
//!   app must cope with).
//!
//! API requests are `/oauth/token` and `/ai-service/…`; the control endpoint,
//! `/config.json` and the app's files are never affected. A dropped request takes
//! precedence over a failed one; latency applies to both.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::auth;
use crate::connection::Peer;
use crate::error::{ApiError, ApiResult, Detail};
use crate::state::AppState;

/// Path of the control endpoint.
pub const CONTROL_PATH: &str = "/_emulator/faults";
/// Longest latency or jitter accepted, in milliseconds.
pub const MAX_DELAY_MS: u64 = 600_000;
/// Status of injected failures unless `failStatus` says otherwise.
const DEFAULT_FAIL_STATUS: u16 = 503;
/// Status recorded in the request log for a dropped connection (never sent), as nginx does.
const DROPPED_STATUS: u16 = 444;

/// The faults in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Faults {
    pub latency_ms: u64,
    pub jitter_ms: u64,
    pub fail_next: u64,
    pub fail_status: u16,
    pub fail_matching: String,
    pub drop_next: u64,
    pub bare_list_rows: bool,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            jitter_ms: 0,
            fail_next: 0,
            fail_status: DEFAULT_FAIL_STATUS,
            fail_matching: String::new(),
            drop_next: 0,
            bare_list_rows: false,
        }
    }
}

/// A `PUT`/`POST` body: the fields to change.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FaultUpdate {
    latency_ms: Option<u64>,
    jitter_ms: Option<u64>,
    fail_next: Option<u64>,
    fail_status: Option<u16>,
    fail_matching: Option<String>,
    drop_next: Option<u64>,
    bare_list_rows: Option<bool>,
    #[serde(default)]
    expire_sessions: bool,
}

impl FaultUpdate {
    fn problems(&self) -> Vec<Detail> {
        let mut problems = Vec::new();
        for (field, value) in [("latencyMs", self.latency_ms), ("jitterMs", self.jitter_ms)] {
            if value.is_some_and(|ms| ms > MAX_DELAY_MS) {
                problems.push(Detail::field(
                    field,
                    "too_large",
                    format!("{field} must be at most {MAX_DELAY_MS}"),
                ));
            }
        }
        if self.fail_status.is_some_and(|s| s != 500 && s != 503) {
            problems.push(Detail::field(
                "failStatus",
                "invalid_value",
                "failStatus must be 500 or 503",
            ));
        }
        problems
    }

    fn apply(&self, faults: &mut Faults) {
        let fields = [
            (self.latency_ms, &mut faults.latency_ms),
            (self.jitter_ms, &mut faults.jitter_ms),
            (self.fail_next, &mut faults.fail_next),
            (self.drop_next, &mut faults.drop_next),
        ];
        for (new, field) in fields {
            if let Some(new) = new {
                *field = new;
            }
        }
        if let Some(status) = self.fail_status {
            faults.fail_status = status;
        }
        if let Some(matching) = &self.fail_matching {
            faults.fail_matching.clone_from(matching);
        }
        if let Some(bare) = self.bare_list_rows {
            faults.bare_list_rows = bare;
        }
    }
}

/// What happens to one API request.
#[derive(Debug, PartialEq, Eq)]
enum Fate {
    Handle,
    Fail(StatusCode),
    Drop,
}

/// The shared fault state.
#[derive(Debug, Default)]
pub struct FaultControl(Mutex<Faults>);

impl FaultControl {
    fn lock(&self) -> MutexGuard<'_, Faults> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The current state.
    pub fn current(&self) -> Faults {
        self.lock().clone()
    }

    /// Decides the delay and fate of an arriving API request (`METHOD /path`), using up one
    /// pending drop or failure.
    fn next_request(&self, request: &str) -> (Duration, Fate) {
        let mut faults = self.lock();
        let delay = delay(faults.latency_ms, faults.jitter_ms);
        let fate = if faults.drop_next > 0 {
            faults.drop_next -= 1;
            Fate::Drop
        } else if faults.fail_next > 0 && request.contains(faults.fail_matching.as_str()) {
            faults.fail_next -= 1;
            Fate::Fail(
                StatusCode::from_u16(faults.fail_status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
            )
        } else {
            Fate::Handle
        };
        (delay, fate)
    }
}

/// `latency` ± a uniformly drawn offset of at most `jitter`, never below zero.
fn delay(latency_ms: u64, jitter_ms: u64) -> Duration {
    let spread = 2 * jitter_ms + 1;
    let offset = getrandom::u64().map_or(jitter_ms, |r| r % spread);
    Duration::from_millis((latency_ms + offset).saturating_sub(jitter_ms))
}

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
    fn delays_stay_within_the_jitter() {
        assert_eq!(delay(0, 0), Duration::ZERO);
        assert_eq!(delay(250, 0), Duration::from_millis(250));
        let drawn: Vec<Duration> = (0..200).map(|_| delay(100, 20)).collect();
        assert!(drawn
            .iter()
            .all(|d| (80..=120).contains(&(d.as_millis() as u64))));
        assert!(drawn.iter().any(|d| *d != drawn[0]), "jitter varies");
        assert!(delay(5, 50) <= Duration::from_millis(55));
    }

    #[test]
    fn drops_come_before_failures_and_both_run_out() {
        let control = FaultControl::default();
        FaultUpdate {
            latency_ms: None,
            jitter_ms: None,
            fail_next: Some(1),
            fail_status: Some(500),
            fail_matching: None,
            drop_next: Some(1),
            bare_list_rows: None,
            expire_sessions: false,
        }
        .apply(&mut control.lock());
        let fates: Vec<Fate> = (0..3).map(|_| control.next_request("GET /x").1).collect();
        assert_eq!(
            fates,
            [
                Fate::Drop,
                Fate::Fail(StatusCode::INTERNAL_SERVER_ERROR),
                Fate::Handle
            ]
        );
    }

    #[test]
    fn a_matching_failure_waits_for_its_request() {
        let control = FaultControl::default();
        FaultUpdate {
            latency_ms: None,
            jitter_ms: None,
            fail_next: Some(1),
            fail_status: None,
            fail_matching: Some("PUT /ai-service/demo/agentic/tools/".into()),
            drop_next: None,
            bare_list_rows: None,
            expire_sessions: false,
        }
        .apply(&mut control.lock());
        let fates: Vec<Fate> = [
            "PUT /ai-service/demo/agentic/agents/a",
            "GET /ai-service/demo/agentic/tools/t",
            "PUT /ai-service/demo/agentic/tools/t",
            "PUT /ai-service/demo/agentic/tools/u",
        ]
        .iter()
        .map(|request| control.next_request(request).1)
        .collect();
        assert_eq!(
            fates,
            [
                Fate::Handle,
                Fate::Handle,
                Fate::Fail(StatusCode::SERVICE_UNAVAILABLE),
                Fate::Handle
            ]
        );
    }

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
