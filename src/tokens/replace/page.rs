//! `/tokens/{id}/replace`: the replacement of one token, from its kept progress when there
//! is one, else from the new-token step; and the old token page's notice of it.

use leptos::prelude::*;

use ai_client::{ApiError, Token, Usage};

use super::kept::KeptInTab;
use super::new_token::{Documents, NewTokenStep};
use super::outcomes::RepointStep;
use super::progress::Progress;
use crate::auth::session::use_session;
use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use crate::router::{href, use_navigate, use_params_map};
use crate::tokens::list::{token_href, token_path};
use crate::ui::{ApiErrorText, ShownText};

/// The app path of the replacement of `id`.
pub fn replace_path(id: &str) -> String {
    format!("{}/replace", token_path(id))
}

/// The replace page.
#[component]
pub fn ReplaceTokenPage() -> impl IntoView {
    let params = use_params_map();
    let old_id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let session = use_session();
    let old = RwSignal::new(None::<Result<Token, ApiError>>);
    let usage = RwSignal::new(None::<Usage>);
    let progress = RwSignal::new(Progress::load(&old_id));
    let documents = RwSignal::new(None::<Documents>);
    if let Some(client) = session.client() {
        let id = old_id.clone();
        Tasks::new().spawn(async move {
            old.set(Some(client.get_token(&id).await));
            if progress.with_untracked(Option::is_none) {
                usage.set(Some(client.token_users(&id).await));
            }
        });
    }
    // Every change of the progress is kept at once: a reload resumes from it.
    Effect::new(move |_| progress.with(|p| p.iter().for_each(Progress::save)));
    // Which step shows changes once; each outcome must not rebuild the re-point step.
    let started = Memo::new(move |_| progress.with(Option::is_some));
    view! {
        <section class="page token-replace" aria-labelledby="replace-title">
            <div class="page-head">
                <h1 id="replace-title">{t("Replace token")}</h1>
                <p><a href=token_href(&old_id)>{t("Back to the token")}</a></p>
            </div>
            <Show
                when=move || session.can_manage()
                fallback=move || view! {
                    <p class="read-only-note">{t("You may not change tokens.")}</p>
                    <p><a href=href("/tokens")>{t("Back to tokens")}</a></p>
                }
            >
                {move || match (old.get(), started.get()) {
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
    let navigate = use_navigate();
    Progress::load(&id).map(|progress| {
        let (done, chosen) = progress.counts();
        let text = tf(
            "Replacement in progress: {} of {} users re-pointed to {}.",
            &[&done.to_string(), &chosen.to_string(), &progress.new_id],
        );
        let target = replace_path(&id);
        view! {
            <div class="notice replacement-notice">
                // The new id passed the id rules, so it is plain text.
                <p>{text}</p>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| navigate(&target, Default::default())
                >
                    {t("Continue")}
                </button>
            </div>
        }
    })
}
