//! Whether the token behind an open form changed on the server meanwhile.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;

use ai_client::Token;

use super::merge::version_of;
use crate::auth::session::use_session;
use crate::platform::task::Tasks;

/// How often an open form checks whether the token changed on the server.
const STALE_CHECK_EVERY: Duration = Duration::from_secs(30);

/// The fields the staleness check asks for.
const STALE_CHECK_FIELDS: &[&str] = &["id", "metadata"];

/// While the form is open, re-reads the token's version on window focus and every
/// [`STALE_CHECK_EVERY`], and sets `newer` when it moved past the baseline's.
pub fn watch_for_changes(
    id: StoredValue<String>,
    baseline: RwSignal<Token>,
    newer: RwSignal<Option<u64>>,
    gone: RwSignal<bool>,
) {
    let session = use_session();
    let checks = Tasks::new();
    let check = move || {
        let (Some(client), Some(false)) = (session.client(), gone.try_get_untracked()) else {
            return;
        };
        let id = id.get_value();
        checks.spawn_latest(async move {
            let Ok(now) = client.get_token_fields(&id, STALE_CHECK_FIELDS).await else {
                return;
            };
            let now = version_of(&now);
            let loaded = baseline.try_with_untracked(version_of).flatten();
            if now.is_some() && now != loaded {
                newer.try_set(now);
            }
        });
    };
    let focus = window_event_listener(ev::focus, move |_| check());
    let timer = set_interval_with_handle(check, STALE_CHECK_EVERY).ok();
    on_cleanup(move || {
        focus.remove();
        if let Some(timer) = timer {
            timer.clear();
        }
    });
}
