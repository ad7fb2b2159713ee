//! The first two steps: the new token (name and id suggested from the old one, the value
//! typed once, with the create page's checks) and the plan (every user of the old token,
//! each chosen by default). Submitting creates the token, wipes the value and starts the
//! re-pointing.

use std::collections::HashMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde_json::Value;

use ai_client::{ApiError, Client, Saved, Secret, Token, TokenDraft, Usage};

use super::naming::{suggest_name, year_month};
use super::progress::{Planned, Progress};
use crate::auth::session::use_session;
use crate::i18n::t;
use crate::platform::task::Tasks;
use crate::tokens::token_id::{check_id, suggest_id, MAX_ID_CHARS};
use crate::tokens::users::{checking, fields_text, kind_label, unchecked_alerts};
use crate::tokens::value_checks::value_warnings;
use crate::ui::clock::now;
use crate::ui::unsaved_guard::guard_unsaved_changes;
use crate::ui::{ApiErrorText, Field, SecretInput, SecretText, ShownText};

/// The documents of the plan's users as read, by [`Planned::key`]: the first re-point PUTs
/// them back without reading again. In memory only.
pub type Documents = HashMap<String, Value>;

/// Checks that `id` is free (a GET that answers 404), then creates the token.
async fn create(client: Client, id: String, name: String, value: Secret) -> Result<(), String> {
    match client.get_token(&id).await {
        Ok(_) => return Err(t("A token with this ID already exists. Choose another ID.").into()),
        Err(ApiError::NotFound { .. }) => {}
        Err(error) => return Err(error.user_message()),
    }
    match client
        .put_token(&id, &TokenDraft::create(name, value))
        .await
    {
        Ok(Saved::Created) => Ok(()),
        Ok(Saved::Updated) => Err(t(
            "A token with this ID was created elsewhere meanwhile and was updated. Check it.",
        )
        .into()),
        Err(error) => Err(error.user_message()),
    }
}

/// The new token and the plan.
#[component]
pub fn NewTokenStep(
    old: Token,
    usage: RwSignal<Option<Usage>>,
    progress: RwSignal<Option<Progress>>,
    documents: RwSignal<Option<Documents>>,
) -> impl IntoView {
    let session = use_session();
    let old_name = old
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or(old.id.clone());
    let suggested = suggest_name(&old_name, &year_month(now().get_untracked()));
    let token_id = RwSignal::new(suggest_id(&suggested));
    let name = RwSignal::new(suggested);
    let id_typed = RwSignal::new(false);
    let secret = SecretText::new();
    on_cleanup(move || secret.clear());
    let chosen = RwSignal::new(HashMap::<String, bool>::new());
    let submitted = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(false);
    guard_unsaved_changes(Signal::derive(move || !created.get() && !secret.is_blank()));

    let name_error = Signal::derive(move || {
        (submitted.get() && name.with(|n| n.trim().is_empty()))
            .then(|| t("Enter a name.").to_owned())
    });
    let id_error = Signal::derive(move || {
        token_id
            .with(|id| check_id(id).err().map(|p| p.to_string()))
            .filter(|_| submitted.get() || token_id.with(|id| !id.is_empty()))
    });
    let value_error = Signal::derive(move || {
        (submitted.get() && secret.is_blank()).then(|| t("Enter the value.").to_owned())
    });
    let old_id = old.id.clone();
    let tasks = Tasks::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        alert.set(None);
        let Some(found) = usage.get_untracked() else {
            return;
        };
        if busy.get_untracked()
            || name_error.get_untracked().is_some()
            || id_error.get_untracked().is_some()
        {
            return;
        }
        if value_error.get_untracked().is_some() {
            secret.focus();
            return;
        }
        let Some(client) = session.client() else {
            return;
        };
        let new_id = token_id.get_untracked();
        let picks = chosen.get_untracked();
        let mut users = Vec::new();
        let mut read = Documents::new();
        for user in &found.users {
            let mut planned = Planned::of(user);
            planned.chosen = picks.get(&planned.key()).copied().unwrap_or(true);
            read.insert(planned.key(), user.document.clone());
            users.push(planned);
        }
        let plan = Progress {
            old_id: old_id.clone(),
            new_id: new_id.clone(),
            users,
        };
        busy.set(true);
        let value = secret.to_secret();
        tasks.finish(
            create(
                client,
                new_id,
                name.get_untracked().trim().to_owned(),
                value,
            ),
            move |result| {
                busy.set(false);
                match result {
                    Ok(()) => {
                        created.set(true);
                        secret.clear();
                        documents.set(Some(read));
                        progress.set(Some(plan));
                    }
                    Err(message) => alert.set(Some(message)),
                }
            },
        );
    };

    view! {
        <form class="edit-form replace-form" method="post" novalidate="" on:submit=on_submit>
            <h2>{t("1. New token")}</h2>
            <Field
                label=t("Name")
                value=name
                required=true
                error=name_error
                on_input=move |text: String| {
                    if !id_typed.get_untracked() {
                        token_id.set(suggest_id(&text));
                    }
                }
            />
            <Field
                label=t("ID")
                value=token_id
                class="mono"
                required=true
                verbatim=true
                hint=crate::i18n::tf(
                    "Letters, digits, '-' and '_', at most {} characters. It cannot be changed later.",
                    &[&MAX_ID_CHARS.to_string()],
                )
                error=id_error
                on_input=move |text: String| id_typed.set(!text.is_empty())
            />
            <SecretInput
                label=t("Value")
                secret=secret
                hint=t("The new secret. It is sent once and can never be read back.")
                error=value_error
                warnings=value_warnings(secret, move || [name.get(), token_id.get()])
            />
            <h2>{t("2. Plan")}</h2>
            {move || match usage.get() {
                None => checking(),
                Some(found) => view! { <Plan usage=found chosen=chosen /> }.into_any(),
            }}
            <div role="alert" class="form-alert">
                {move || alert.get().map(|text| view! { <p><ShownText text=text /></p> })}
            </div>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || busy.get() || usage.with(Option::is_none)>
                    {move || if busy.get() { t("Creating…") } else { t("Create token and re-point users") }}
                </button>
            </div>
        </form>
    }
}

/// Every user of the old token with a checkbox, and the lists that could not be read.
#[component]
fn Plan(usage: Usage, chosen: RwSignal<HashMap<String, bool>>) -> impl IntoView {
    let incomplete = (!usage.is_complete()).then(|| {
        view! {
            <p class="form-error">
                {t("The plan may be incomplete: not every list could be read, so some users of the old token may be missing.")}
            </p>
        }
    });
    let empty = usage
        .users
        .is_empty()
        .then(|| view! { <p>{t("No users to re-point were found.")}</p> });
    let rows = usage
        .users
        .iter()
        .map(|user| {
            let key = Planned::of(user).key();
            let name = user
                .name
                .clone()
                .filter(|n| *n != user.id)
                .map(|n| view! { " (" <ShownText text=n /> ")" });
            let on_key = key.clone();
            view! {
                <li>
                    <label>
                        <input
                            type="checkbox"
                            prop:checked=move || chosen.with(|c| c.get(&key).copied().unwrap_or(true))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.insert(on_key.clone(), on);
                                });
                            }
                        />
                        " " {kind_label(user.kind)} " " <code><ShownText text=user.id.clone() /></code>
                        {name} {format!(" — {}", fields_text(user))}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        {unchecked_alerts(&usage)}
        {incomplete}
        {empty}
        <fieldset class="plan">
            <legend>{t("Users to re-point to the new token")}</legend>
            <ul class="plan-users">{rows}</ul>
        </fieldset>
    }
}
