//! `/tokens/{id}/replace`: the replacement of one token, from its kept progress when there
//! is one, else from the new-token step; and the old token page's notice of it.

use leptos::prelude::*;

use ai_client::{ApiError, Token, Usage};

use super::new_token::{Documents, NewTokenStep};
use super::outcomes::RepointStep;
use super::progress::Progress;
use crate::auth::session::use_session;
use crate::i18n::{t, tf};
use crate::platform::storage::{tab_store, tab_stored};
use crate::platform::task::Tasks;
use crate::router::use_params_map;
use crate::tokens::list::token_href;
use crate::ui::{ApiErrorText, ShownText};

/// The address of the replacement of `id`.
pub fn replace_href(id: &str) -> String {
    format!("{}/replace", token_href(id))
}

/// The kept progress of the replacement of `old_id`, if any.
pub fn kept(old_id: &str) -> Option<Progress> {
    tab_stored(&Progress::key(old_id)).and_then(|json| Progress::from_json(&json))
}

/// Keeps `progress`, or forgets the replacement of `old_id`.
pub fn keep(old_id: &str, progress: Option<&Progress>) {
    tab_store(
        &Progress::key(old_id),
        progress.map(Progress::to_json).as_deref(),
    );
}

/// The replace page.
#[component]
pub fn ReplaceTokenPage() -> impl IntoView {
    let params = use_params_map();
    let old_id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let session = use_session();
    let old = RwSignal::new(None::<Result<Token, ApiError>>);
    let usage = RwSignal::new(None::<Usage>);
    let progress = RwSignal::new(kept(&old_id));
    let documents = RwSignal::new(None::<Documents>);
    if let Some(client) = session.client() {
        let tasks = Tasks::new();
        let id = old_id.clone();
        tasks.spawn(async move {
            old.set(Some(client.get_token(&id).await));
            if progress.get_untracked().is_none() {
                usage.set(Some(client.token_users(&id).await));
            }
        });
    }
    // Every change of the progress is kept at once: a reload resumes from it.
    Effect::new(move |_| {
        progress.with(|p| {
            if let Some(p) = p {
                keep(&p.old_id, Some(p));
            }
        })
    });
    let back = token_href(&old_id);
    view! {
        <section class="page token-replace" aria-labelledby="replace-title">
            <div class="page-head">
                <h1 id="replace-title">{t("Replace token")}</h1>
                <p><a href=back>{t("Back to the token")}</a></p>
            </div>
            <Show
                when=move || session.can_manage()
                fallback=move || view! {
                    <p class="read-only-note">{t("You may not change tokens.")}</p>
                }
            >
                {move || match (old.get(), progress.get().is_some()) {
                    (_, true) => view! { <RepointStep progress=progress documents=documents /> }.into_any(),
                    (None, false) => view! { <p role="status">{t("Loading…")}</p> }.into_any(),
                    (Some(Err(error)), false) => view! {
                        <p class="form-error" role="alert"><ShownText text=error.user_message() /></p>
                    }
                    .into_any(),
                    (Some(Ok(token)), false) => view! {
                        <NewTokenStep old=token usage=usage progress=progress documents=documents />
                    }
                    .into_any(),
                }}
            </Show>
        </section>
    }
}

/// On the old token's page: "Replacement in progress: 3 of 5 users re-pointed to …" and
/// Continue, while a replacement of it is kept.
#[component]
pub fn ReplacementNotice(id: String) -> impl IntoView {
    kept(&id).map(|progress| {
        let (done, chosen) = progress.counts();
        // The new id passed the id rules, so it is plain text.
        let text = tf(
            "Replacement in progress: {} of {} users re-pointed to {}.",
            &[&done.to_string(), &chosen.to_string(), &progress.new_id],
        );
        view! {
            <p class="notice replacement-notice">
                {text} " " <a href=replace_href(&id)>{t("Continue")}</a>
            </p>
        }
    })
}
