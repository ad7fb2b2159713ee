//! The rename form with optimistic locking. It freezes the copy it started from (the
//! baseline); a 409 shows what changed and lets the admin choose, a token deleted meanwhile
//! can be recreated, and a background check warns when the baseline goes stale.

use crate::router::use_navigate;
use leptos::ev;
use leptos::prelude::*;

use ai_client::{ApiError, Client, Token, TokenDraft};

use super::merge::{keep_mine, take_theirs, version_of, Edits};
use super::staleness::watch_for_changes;
use super::ConflictView;
use crate::auth::session::use_session;
use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use crate::tokens::value_checks::value_warnings;
use crate::ui::unsaved_guard::guard_unsaved_changes;
use crate::ui::{ApiErrorText, LiveRegion, SecretInput, SecretText, ShownText};

/// What a save ended with.
enum Outcome {
    /// Saved; the fresh server copy.
    Saved(Token),
    /// 409; the server copy now.
    Conflict(Token),
    /// 404: the token was deleted meanwhile.
    Gone,
}

/// PUTs `draft`, then reads the token back (after a save or a 409).
async fn save(client: Client, id: String, draft: TokenDraft) -> Result<Outcome, ApiError> {
    let fresh = |result: Result<Token, ApiError>, wrap: fn(Token) -> Outcome| match result {
        Ok(token) => Ok(wrap(token)),
        Err(ApiError::NotFound { .. }) => Ok(Outcome::Gone),
        Err(e) => Err(e),
    };
    match client.put_token(&id, &draft).await {
        Ok(_) => fresh(client.get_token(&id).await, Outcome::Saved),
        Err(ApiError::Conflict { .. }) => fresh(client.get_token(&id).await, Outcome::Conflict),
        Err(ApiError::NotFound { .. }) => Ok(Outcome::Gone),
        Err(e) => Err(e),
    }
}

/// The rename form with conflict handling, recreate-after-delete and a staleness check.
#[component]
pub fn RenameForm(id: String, baseline: RwSignal<Token>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(baseline.with_untracked(|t| Edits::of(t).name));
    let saving = RwSignal::new(false);
    let notice = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let theirs = RwSignal::new(None::<Token>);
    let gone = RwSignal::new(false);
    let discarded = RwSignal::new(false);
    let newer = RwSignal::new(None::<u64>);
    let value = SecretText::new();
    let saves = Tasks::new();

    let dirty = Signal::derive(move || {
        !discarded.get() && baseline.with(|b| Edits::of(b).name) != name.get()
    });
    guard_unsaved_changes(dirty);

    let start_from = move |token: Token| {
        name.set(take_theirs(&token).name);
        baseline.set(token);
        theirs.set(None);
        newer.set(None);
        gone.set(false);
    };
    let id = StoredValue::new(id);
    let run = move |draft: TokenDraft, done: &'static str| {
        let Some(client) = session.client() else {
            return;
        };
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        notice.set(String::new());
        error.set(None);
        let id = id.get_value();
        // The save runs to its end even when the page goes; only the form update is tied to it.
        saves.finish(save(client, id, draft), move |outcome| {
            saving.set(false);
            match outcome {
                Ok(Outcome::Saved(token)) => {
                    start_from(token);
                    value.clear();
                    notice.set(done.to_owned());
                }
                Ok(Outcome::Conflict(token)) => {
                    newer.set(None);
                    theirs.set(Some(token));
                }
                Ok(Outcome::Gone) => {
                    theirs.set(None);
                    gone.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if dirty.get_untracked() {
            let version = baseline.with_untracked(version_of);
            run(
                TokenDraft::update(name.get_untracked(), version),
                t("Saved."),
            );
        }
    };
    let on_keep_mine = Callback::new(move |()| {
        let Some(server) = theirs.get_untracked() else {
            return;
        };
        let mine = Edits {
            name: name.get_untracked(),
        };
        run(
            baseline.with_untracked(|base| keep_mine(base, &mine, &server)),
            t("Saved."),
        );
    });
    let on_take_theirs = Callback::new(move |()| {
        if let Some(server) = theirs.get_untracked() {
            start_from(server);
            notice.set(t("The form now shows the server's copy.").into());
        }
    });
    let on_recreate = move |_| {
        if value.is_blank() {
            value.focus();
            return;
        }
        run(
            TokenDraft::create(name.get_untracked(), value.to_secret()),
            t("Token recreated. Its value is stored and will not be shown again."),
        );
    };
    let on_discard = move |_| {
        discarded.set(true);
        value.clear();
        navigate("/tokens", Default::default());
    };

    watch_for_changes(id, baseline, newer, gone);
    on_cleanup(move || value.clear());

    let name_error = move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field_message("name"))
                .map(str::to_owned)
        })
    };
    let value_error = move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field_message("value"))
                .map(str::to_owned)
        })
    };
    let other_error = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.field_message("name").is_none() && e.field_message("value").is_none())
                .map(|e| e.user_message())
        })
    };
    let loaded = Signal::derive(move || baseline.get());
    let mine = Signal::derive(move || name.get());

    view! {
        <form class="edit-form rename-form" aria-labelledby="rename-title" on:submit=on_submit novalidate=true>
            <h2 id="rename-title">{t("Rename")}</h2>
            {move || newer.get().map(|v| view! {
                <p class="stale-banner" role="status">
                    {tf(
                        "This token was changed (now version {}). Saving will show what changed.",
                        &[&v.to_string()],
                    )}
                </p>
            })}
            <div class="field">
                <label for="token-name">{t("Name")}</label>
                <input
                    id="token-name"
                    type="text"
                    required=true
                    autocomplete="off"
                    bind:value=name
                    aria-invalid=move || name_error().map(|_| "true")
                    aria-describedby=move || name_error().map(|_| "token-name-error")
                />
                {move || name_error().map(|m| view! { <p id="token-name-error" class="field-error">{m}</p> })}
            </div>
            {move || other_error().map(|m| view! { <p class="form-error" role="alert"><ShownText text=m /></p> })}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || !dirty.get() || saving.get()
                >
                    {move || if saving.get() { t("Saving…") } else { t("Save") }}
                </button>
            </div>
            <LiveRegion message=notice />
        </form>
        {move || theirs.get().map(|server| view! {
            <ConflictView
                loaded=loaded
                mine=mine
                theirs=server
                on_keep_mine=on_keep_mine
                on_take_theirs=on_take_theirs
            />
        })}
        <Show when=move || gone.get()>
            <section class="token-gone" aria-labelledby="gone-title">
                <h2 id="gone-title">{t("This token was deleted")}</h2>
                <p>
                    {t(
                        "Someone deleted it while you were editing. Recreate it under the name in the form (it needs a value), or discard your edit.",
                    )}
                </p>
                <SecretInput
                    label=t("Value")
                    secret=value
                    error=Signal::derive(value_error)
                    warnings=value_warnings(value, move || [name.get(), id.get_value()])
                />
                <div class="form-actions">
                    <button type="button" class="button primary" on:click=on_recreate disabled=move || saving.get()>
                        {t("Recreate")}
                    </button>
                    <button type="button" class="button" on:click=on_discard.clone()>
                        {t("Discard")}
                    </button>
                </div>
            </section>
        </Show>
    }
}
