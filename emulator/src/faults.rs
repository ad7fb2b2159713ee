//! Fault injection for reliability tests, on with `--fault-control` (off by default): the
//! faults in force and how each API request meets them. The control endpoint that changes
//! them and the middleware that applies them are in [`crate::fault_control`].
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

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::error::Detail;

/// Longest latency or jitter accepted, in milliseconds.
pub const MAX_DELAY_MS: u64 = 600_000;
/// Status of injected failures unless `failStatus` says otherwise.
const DEFAULT_FAIL_STATUS: u16 = 503;

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
pub(crate) struct FaultUpdate {
    latency_ms: Option<u64>,
    jitter_ms: Option<u64>,
    fail_next: Option<u64>,
    fail_status: Option<u16>,
    fail_matching: Option<String>,
    drop_next: Option<u64>,
    bare_list_rows: Option<bool>,
    #[serde(default)]
    pub(crate) expire_sessions: bool,
}

impl FaultUpdate {
    pub(crate) fn problems(&self) -> Vec<Detail> {
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

    pub(crate) fn apply(&self, faults: &mut Faults) {
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
pub(crate) enum Fate {
    Handle,
    Fail(StatusCode),
    Drop,
}

/// The shared fault state.
#[derive(Debug, Default)]
pub struct FaultControl(Mutex<Faults>);

impl FaultControl {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Faults> {
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
    pub(crate) fn next_request(&self, request: &str) -> (Duration, Fate) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
