//! The list's "Used by" column and the counts behind it. A count per row would cost one
//! request per row; instead the four lists of token users (agents, tools, MCP servers,
//! OAuth configurations) are read once for the list view, every page of each, and only
//! their counts are kept ([`UseCounts`]), across page, sort and search changes. They are
//! read again when the window gets the focus back (a user may have been re-pointed in
//! another tab) and after a delete, which may have unassigned the token.

use leptos::ev;
use leptos::prelude::*;

use ai_client::{UseCount, UseCounts};

use crate::auth::session::use_session;
use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use crate::tokens::users::kinds_text;
use crate::ui::{item_memo, thousands, unique_id};

/// The counts of the list view, `None` until the first reading ends.
#[derive(Clone, Copy)]
pub struct UsedBy {
    /// The latest counts.
    pub counts: RwSignal<Option<UseCounts>>,
    /// Reads the four lists again (the latest reading wins; the counts stay until then).
    pub refresh: Callback<()>,
}

/// Starts reading the counts, and again on every window focus, until the caller's owner
/// goes.
pub fn watch_use_counts() -> UsedBy {
    let session = use_session();
    let counts = RwSignal::new(None::<UseCounts>);
    let readings = Tasks::new();
    let refresh = Callback::new(move |()| {
        let Some(client) = session.client() else {
            return;
        };
        readings.spawn_latest(async move {
            let read = client.token_references().await.counts();
            // The same again (a focus, mostly): nothing to render or announce anew.
            if counts.with_untracked(|c| c.as_ref() != Some(&read)) {
                counts.set(Some(read));
            }
        });
    });
    refresh.run(());
    let focus = window_event_listener(ev::focus, move |_| refresh.run(()));
    on_cleanup(move || focus.remove());
    UsedBy { counts, refresh }
}

/// The "Used by" cell of the token `id`: a quiet placeholder while the lists are read;
/// then the number of users, focusable when there are any, described by the kinds it is
/// made of (a tooltip on hover and focus, inline in the card layout, read with the cell by
/// screen readers). While a list cannot be read, the count found is "at least" (`2+`) and
/// none found is unknown (`?`), never 0.
pub fn used_by_cell(id: String, counts: RwSignal<Option<UseCounts>>) -> impl IntoView {
    let cell =
        item_memo(move |_| counts.with(|c| c.as_ref().map(|c| (c.of(&id), c.is_complete()))));
    move || match cell.get() {
        None => view! {
            <span class="used-by-pending" aria-hidden="true">"…"</span>
            <span class="visually-hidden">{t("Loading…")}</span>
        }
        .into_any(),
        Some((count, true)) if count.total() == 0 => "0".into_any(),
        Some((count, complete)) => described_count(count, complete).into_any(),
    }
}

/// The count and, beside it, what it is made of.
fn described_count(count: UseCount, complete: bool) -> impl IntoView {
    let total = thousands(u64::from(count.total()));
    let (shown, kinds) = match (complete, count.total()) {
        (true, _) => (total, kinds_text(count)),
        (false, 0) => (
            "?".to_owned(),
            t("Unknown: not every list could be read").to_owned(),
        ),
        (false, _) => (
            format!("{total}+"),
            tf("{}; not every list could be read", &[&kinds_text(count)]),
        ),
    };
    let tip = unique_id("used-by");
    view! {
        <span class="used-by">
            <span class="used-by-count" tabindex="0" aria-describedby=tip.clone()>
                {shown}
            </span>
            " "
            <span class="used-by-kinds" id=tip role="tooltip">
                {kinds}
            </span>
        </span>
    }
}
