//! `/new-token` ([`CREATE_PATH`](crate::tokens::CREATE_PATH)): create a token with the
//! fields of [`NewTokenForm`], then open it.

use crate::router::{href, use_navigate};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form::{NewTokenFields, NewTokenForm};
use crate::auth::session::use_session;
use crate::i18n::t;
use crate::platform::task::Tasks;
use crate::tokens::list::token_href;

/// The new-token page; read-only sessions get the reason instead of the form.
#[component]
pub fn TokenCreatePage() -> impl IntoView {
    let session = use_session();
    let read_only_reason = move || {
        session
            .get()
            .and_then(|s| s.read_only_reason())
            .unwrap_or(t("You may not create tokens."))
    };
    view! {
        <section class="page token-create" aria-labelledby="token-create-title">
            <div class="page-head">
                <h1 id="token-create-title">{t("New token")}</h1>
            </div>
            <Show
                when=move || session.can_manage()
                fallback=move || {
                    view! {
                        <p class="read-only-note">{read_only_reason}</p>
                        <p>
                            <a href=href("/tokens")>{t("Back to tokens")}</a>
                        </p>
                    }
                }
            >
                <CreateForm />
            </Show>
        </section>
    }
}

/// The form: name, id, value, Create and Cancel; to the new token's page once created.
#[component]
fn CreateForm() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let form = NewTokenForm::new(String::new(), String::new());
    let creates = Tasks::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        form.submit(session.client(), creates, move |id| {
            navigate(
                &format!("{}?created=1", token_href(&id)),
                Default::default(),
            );
        });
    };
    view! {
        <form class="edit-form" method="post" novalidate="" on:submit=on_submit>
            <NewTokenFields
                form=form
                value_hint=t("The secret itself. It is sent once and can never be read back.")
            />
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || form.busy()>
                    {move || if form.busy() { t("Creating…") } else { t("Create") }}
                </button>
                <a class="button" href=href("/tokens")>
                    {t("Cancel")}
                </a>
            </div>
        </form>
    }
}
