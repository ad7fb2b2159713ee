//! After a force delete: what was unassigned and which agents were disabled, each user with
//! "Point to another token…", and the page that does that for one user (the re-point step
//! of the replace flow, with a target the admin names).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use ai_client::encode::percent_encode;
use ai_client::{ApiError, Slots};

use super::kept::KeptInTab;
use super::outcomes::outcome_text;
use super::progress::{Outcome, UserRef};
use super::unassigned::{Orphan, Unassigned};
use super::user_label::{label_id, user_label};
use crate::auth::session::use_session;
use crate::i18n::{around, t, tf};
use crate::platform::task::Tasks;
use crate::router::{href, use_params_map};
use crate::tokens::create::id_message;
use crate::tokens::list::{token_href, token_path};
use crate::ui::{ApiErrorText, Field, LiveRegion, ShownText};

/// Where "Point to another token…" leads for `user` of the deleted token `token_id`.
fn point_href(token_id: &str, user: &UserRef) -> String {
    href(&format!(
        "{}/unassigned/{}/{}",
        token_path(token_id),
        user.kind.collection(),
        percent_encode(&user.id)
    ))
}

/// The summary of a force delete, on the deleted token's page. Users that were enabled are
/// read once to learn whether the delete disabled them.
#[component]
pub fn ForceDeleteSummary(summary: Unassigned) -> impl IntoView {
    let to_read: Vec<_> = summary
        .users
        .iter()
        .filter(|u| u.needs_reading())
        .map(|u| (u.user.key(), u.user.kind, u.user.id.clone()))
        .collect();
    let summary = RwSignal::new(summary);
    if let (false, Some(client)) = (to_read.is_empty(), use_session().client()) {
        Tasks::new().spawn(async move {
            for (key, kind, id) in to_read {
                // Unknown when it cannot be read: nothing is said about it.
                if let Ok(document) = client.get_user(kind, &id).await {
                    summary.update(|s| {
                        if let Some(user) = s.user_mut(&key) {
                            user.disabled = Some(document["enabled"] == false);
                        }
                    });
                }
            }
            summary.with_untracked(Unassigned::save);
        });
    }
    let any_disabled = move || summary.with(|s| s.users.iter().any(|u| u.disabled == Some(true)));
    view! {
        <section class="unassigned" aria-labelledby="unassigned-title">
            <h2 id="unassigned-title">{t("What the force delete unassigned")}</h2>
            {move || summary.with(|s| s.users.is_empty()).then(|| view! {
                <p>{t("No agent, tool, MCP server or OAuth configuration was known to use it.")}</p>
            })}
            <ul class="unassigned-users">
                {move || summary.with(|s| {
                    s.users
                        .iter()
                        .map(|orphan| orphan_item(&s.token_id, orphan))
                        .collect_view()
                })}
            </ul>
            <Show when=any_disabled>
                <p>{t("Disabled agents stay disabled when they are pointed to another token; enable them where agents are managed.")}</p>
            </Show>
        </section>
    }
}

/// "Agent support — LLM token · Disabled · Point to another token…", or the token it was
/// pointed to since.
fn orphan_item(token_id: &str, orphan: &Orphan) -> impl IntoView {
    let label = label_id("unassigned", &orphan.user.key());
    let disabled =
        (orphan.disabled == Some(true)).then(|| view! { " · " <strong>{t("Disabled")}</strong> });
    let next = match &orphan.pointed_to {
        Some(to) => {
            let (before, after) = around(t("Now uses {}"));
            view! { " · " {before} <a href=token_href(to)>{to.clone()}</a> {after} }.into_any()
        }
        None => view! {
            " · "
            <a href=point_href(token_id, &orphan.user) aria-describedby=label.clone()>
                {t("Point to another token…")}
            </a>
        }
        .into_any(),
    };
    view! { <li>{user_label(&orphan.user, label)} {disabled} {next}</li> }
}

/// `/tokens/{id}/unassigned/{kind}/{user}`: pointing one user that a force delete of the
/// token `id` left without it to a token the admin names.
#[component]
pub fn PointUserPage() -> impl IntoView {
    let params = use_params_map();
    let (token_id, key) = params.with_untracked(|p| {
        let part = |name| p.get(name).unwrap_or_default();
        (part("id"), format!("{}/{}", part("kind"), part("user")))
    });
    let session = use_session();
    let orphan = Unassigned::load(&token_id).and_then(|mut s| s.user_mut(&key).cloned());
    let back = token_href(&token_id);
    view! {
        <section class="page point-user" aria-labelledby="point-title">
            <div class="page-head">
                <h1 id="point-title">{t("Point to another token")}</h1>
                <p><a href=back>{t("Back to the deleted token")}</a></p>
            </div>
            <Show
                when=move || session.can_manage()
                fallback=move || view! { <p class="read-only-note">{t("You may not change tokens.")}</p> }
            >
                {
                    let (token_id, orphan) = (token_id.clone(), orphan.clone());
                    match orphan {
                        Some(orphan) => view! { <PointForm token_id=token_id orphan=orphan /> }.into_any(),
                        None => view! {
                            <p>{t("This tab kept no force delete of this token that unassigned this user.")}</p>
                        }
                        .into_any(),
                    }
                }
            </Show>
        </section>
    }
}

/// The target token's id, checked as typed and found on submit, and the re-point.
#[component]
fn PointForm(token_id: String, orphan: Orphan) -> impl IntoView {
    let session = use_session();
    let target = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    // An id the server said no token has.
    let missing = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The last attempt and its target; a kept one when it was pointed before.
    let last = RwSignal::new(orphan.pointed_to.clone().map(|to| (Outcome::Repointed, to)));
    let done = move || last.with(|l| matches!(l, Some((Outcome::Repointed, _))));
    let error = Signal::derive(move || {
        target.with(|id| {
            id_message(id, submitted.get()).or_else(|| {
                missing
                    .get()
                    .filter(|m| m == id)
                    .map(|m| tf("There is no token “{}”.", &[&m]))
            })
        })
    });
    let announcement = Signal::derive(move || {
        last.get()
            .map(|(outcome, to)| match outcome {
                Outcome::Repointed => tf("Re-pointed to {}.", &[&to]),
                other => outcome_text(other).to_owned(),
            })
            .unwrap_or_default()
    });
    let tasks = Tasks::new();
    let (kind, user_id, key) = (orphan.user.kind, orphan.user.id.clone(), orphan.user.key());
    let pointers = orphan.pointers.clone();
    let deleted = token_id.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        alert.set(None);
        let Some(client) = session.client() else {
            return;
        };
        if busy.get_untracked() || error.with_untracked(Option::is_some) {
            return;
        }
        let to = target.get_untracked();
        let (user_id, pointers, key, deleted) = (
            user_id.clone(),
            pointers.clone(),
            key.clone(),
            deleted.clone(),
        );
        busy.set(true);
        tasks.finish(
            async move {
                match client.get_token(&to).await {
                    Err(ApiError::NotFound { .. }) => Err(None),
                    Err(error) => Err(Some(error)),
                    Ok(_) => {
                        let slots = Slots::Emptied(&pointers);
                        Ok(client.repoint(kind, &user_id, None, slots, &to).await)
                    }
                }
                .map(|repointed| (Outcome::of(&repointed), to.clone()))
                .map_err(|error| (error, to))
            },
            move |result| {
                busy.set(false);
                match result {
                    Ok((outcome, to)) => {
                        if outcome == Outcome::Repointed {
                            if let Some(mut summary) = Unassigned::load(&deleted) {
                                if let Some(user) = summary.user_mut(&key) {
                                    user.pointed_to = Some(to.clone());
                                }
                                summary.save();
                            }
                        }
                        last.set(Some((outcome, to)));
                    }
                    Err((None, to)) => missing.set(Some(to)),
                    Err((Some(error), _)) => alert.set(Some(error.user_message())),
                }
            },
        );
    };
    let disabled = (orphan.disabled == Some(true)).then(|| {
        view! { <p>{t("The force delete disabled it. Pointing it to another token does not enable it again.")}</p> }
    });
    view! {
        <dl class="token-facts">
            <dt>{t("User")}</dt>
            <dd>{user_label(&orphan.user, label_id("point", &orphan.user.key()))}</dd>
            <dt>{t("Deleted token")}</dt>
            <dd><code><ShownText text=token_id /></code></dd>
        </dl>
        {disabled}
        <LiveRegion message=announcement />
        <Show
            when=move || !done()
            fallback=move || {
                last.get().map(|(_, to)| {
                    let (before, after) = around(t("Open {}"));
                    view! { <p><a href=token_href(&to)>{before} {to.clone()} {after}</a></p> }
                })
            }
        >
            <form class="edit-form" method="post" novalidate="" on:submit=on_submit.clone()>
                <Field
                    label=t("Token to use")
                    value=target
                    class="mono"
                    required=true
                    verbatim=true
                    hint=t("The ID of an existing token, for the fields that used the deleted one.")
                    error=error
                />
                <div role="alert" class="form-alert">
                    {move || alert.get().map(|text| view! { <p><ShownText text=text /></p> })}
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || busy.get()>
                        {t("Re-point")}
                    </button>
                </div>
            </form>
        </Show>
    }
}
