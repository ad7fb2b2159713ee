//! The first two steps: the new token (the create page's fields, with the name and a free
//! id suggested from the old token) and the plan (every user of the old token, each chosen
//! by default). Submitting creates the token — which wipes the value — and starts the
//! re-pointing.

use std::collections::HashMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde_json::Value;

use ai_client::{ApiError, Client, Token, Usage};

use super::naming::{id_candidates, suggest_name, year_month};
use super::progress::{Planned, Progress};
use super::user_label::{label_id, user_label};
use crate::auth::session::use_session;
use crate::i18n::t;
use crate::platform::task::Tasks;
use crate::tokens::create::{NewTokenFields, NewTokenForm};
use crate::tokens::token_id::suggest_id;
use crate::tokens::users::{checking, unchecked_alerts};
use crate::ui::clock::now;

/// The documents of the plan's users as read, by [`Planned::key`]: the first re-point PUTs
/// them back without reading again. In memory only.
pub type Documents = HashMap<String, Value>;

/// The first of `id`'s candidates that no token has, if one of them is known to be free.
async fn free_id(client: &Client, id: &str) -> Option<String> {
    if id.is_empty() {
        return None;
    }
    for candidate in id_candidates(id) {
        match client.get_token(&candidate).await {
            Err(ApiError::NotFound { .. }) => return Some(candidate),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
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
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(old.id.clone());
    let name = suggest_name(&old_name, &year_month(now().get_untracked()));
    let id = suggest_id(&name);
    let form = NewTokenForm::new(name, id.clone());
    let tasks = Tasks::new();
    if let Some(client) = session.client() {
        tasks.spawn(async move {
            if let Some(free) = free_id(&client, &id).await {
                // Unless the id already follows a changed name.
                if form.id.with_untracked(|now| *now == id) {
                    form.suggest(free);
                }
            }
        });
    }
    let chosen = RwSignal::new(HashMap::<String, bool>::new());
    let old_id = old.id;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(found) = usage.get_untracked() else {
            return;
        };
        let old_id = old_id.clone();
        form.submit(session.client(), tasks, move |new_id| {
            let picks = chosen.get_untracked();
            let mut users = Vec::new();
            let mut read = Documents::new();
            for user in found.users {
                let mut planned = Planned::of(&user);
                planned.chosen = picks.get(&planned.key()).copied().unwrap_or(true);
                read.insert(planned.key(), user.document);
                users.push(planned);
            }
            documents.set(Some(read));
            progress.set(Some(Progress {
                old_id,
                new_id,
                users,
            }));
        });
    };

    view! {
        <form class="edit-form replace-form" method="post" novalidate="" on:submit=on_submit>
            <h2>{t("1. New token")}</h2>
            <NewTokenFields
                form=form
                value_hint=t("The new secret. It is sent once and can never be read back.")
            />
            <h2>{t("2. Plan")}</h2>
            {move || match usage.get() {
                None => checking(),
                Some(found) => view! { <Plan usage=found chosen=chosen /> }.into_any(),
            }}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || form.busy() || usage.with(Option::is_none)
                >
                    {move || if form.busy() { t("Creating…") } else { t("Create token and re-point users") }}
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
            let planned = Planned::of(user);
            let key = planned.key();
            let on_key = key.clone();
            let label = label_id("plan", &key);
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
                        " " {user_label(&planned.user, label)}
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
