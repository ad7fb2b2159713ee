//! The header's session summary: where you are signed in, for how long, whether read-only,
//! and a Sign out button.

use std::time::Duration;

use crate::router::{use_navigate, NavigateOptions};
use leptos::prelude::*;

use crate::auth::session::{format_time_left, use_session, SessionContext, SIGN_IN_PATH};
use crate::i18n::{around, t};
use crate::ui::unsaved_guard::{confirm_leave, unsaved_changes};

/// How often the time left is recomputed.
pub const REFRESH_EVERY: Duration = Duration::from_secs(30);

/// Below this many seconds left, the time is shown as a warning.
const SOON_SECS: u64 = 10 * 60;

/// "Signed in to demo · api.emporix.io", the time left, a Read-only badge when the session
/// lacks `ai.agent_manage`, and **Sign out**. Renders nothing while signed out. Must be
/// inside a `<Router>`, below `provide_session()`.
#[component]
pub fn SessionBar() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    // Ticks every REFRESH_EVERY; the time itself is read when the text is computed, so a
    // new session shows its full lifetime at once.
    let tick = RwSignal::new(0_u32);
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|n| *n = n.wrapping_add(1)),
        REFRESH_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }

    let time_left = move || {
        tick.track();
        let seconds = session.get()?.seconds_left(js_sys::Date::now())?;
        let class = if seconds < SOON_SECS {
            "session-expiry soon"
        } else {
            "session-expiry"
        };
        Some(view! { <span class=class>{format_time_left(seconds)}</span> })
    };

    move || {
        let current = session.get()?;
        let navigate = navigate.clone();
        let sign_out = move |_| sign_out_asking(session, &navigate);
        let (before, after) = around(t("Signed in to {}"));
        let badge = current.read_only_reason().map(|reason| {
            view! {
                <span class="badge read-only" title=reason>
                    {t("Read-only")}
                </span>
            }
        });
        Some(view! {
            <div class="session-bar">
                <span class="session-where">
                    {before} <strong>{current.tenant.clone()}</strong> {after} " · "
                    {current.base_host().to_owned()}
                </span>
                {time_left}
                {badge}
                <button type="button" class="button session-sign-out" on:click=sign_out>
                    {t("Sign out")}
                </button>
            </div>
        })
    }
}

/// Signs out, from the header or the command palette. Typed work would be lost, so with
/// unsaved changes it asks first, as leaving does. It leaves first, so guarded pages do not
/// remember themselves as `next`.
pub fn sign_out_asking(session: SessionContext, navigate: &impl Fn(&str, NavigateOptions)) {
    if !confirm_leave(unsaved_changes()) {
        return;
    }
    navigate(SIGN_IN_PATH, NavigateOptions::default());
    session.sign_out();
}
