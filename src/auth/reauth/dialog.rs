//! "Sign in again": the modal that opens over the current page while requests wait for a
//! new token. The API base URL and tenant are the session's and cannot change; the
//! credentials are the sign-in page's fields.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::auth::config::use_config;
use crate::auth::credentials::{
    CredentialErrors, CredentialFields, Credentials, SignInAttempt, SignInMethod,
};
use crate::auth::session::{use_session, Session};
use crate::i18n::t;
use crate::ui::Dialog;
use ai_client::AuthFailure;

/// Why the dialog opened, in a sentence of the current language.
pub fn reason_text(reason: AuthFailure) -> &'static str {
    match reason {
        AuthFailure::Expired => t("Your session has expired."),
        AuthFailure::Invalid | AuthFailure::BadCredentials => {
            t("The API refused your access token: it is no longer valid.")
        }
    }
}

/// The sign-in-again dialog for the session in context. Mount it once, next to the pages
/// (it answers for every request of [`crate::auth::session::SessionContext::client`]); while it
/// is not mounted, a refused request fails at once.
#[component]
pub fn SignInAgainDialog() -> impl IntoView {
    let session = use_session();
    let reauth = session.reauth();
    reauth.attend();
    let open = Signal::derive(move || reauth.reason().is_some());
    let cancel = move || reauth.finish(None);
    view! {
        <Dialog open=open title=t("Sign in again") on_close=move |()| cancel()>
            {move || {
                session
                    .get_untracked()
                    .map(|current| {
                        view! { <SignInAgainForm current=current on_cancel=move |()| cancel() /> }
                    })
            }}
        </Dialog>
    }
}

/// The form inside the dialog, made anew on every opening (the secret with it).
#[component]
fn SignInAgainForm(current: Session, #[prop(into)] on_cancel: Callback<()>) -> impl IntoView {
    let session = use_session();
    let reauth = session.reauth();
    let config = use_config();
    let client_id = current
        .client_id
        .clone()
        .or_else(|| config.get_untracked().client_id)
        .unwrap_or_default();
    // A session started from a pasted token is renewed the same way by default.
    let method = if current.client_id.is_none() && current.scopes.is_none() {
        SignInMethod::AccessToken
    } else {
        SignInMethod::ClientCredentials
    };
    let credentials = Credentials::new(method, client_id);
    let attempt = SignInAttempt::new(credentials);
    let SignInAttempt { busy, alert, .. } = attempt;

    let submitted = RwSignal::new(false);
    let errors = Signal::derive(move || {
        if submitted.get() {
            credentials.errors()
        } else {
            CredentialErrors::default()
        }
    });
    let (base_url, tenant) = (current.base_url.clone(), current.tenant.clone());

    let on_submit = move |ev: SubmitEvent| {
        if !attempt.begin(&ev, submitted) {
            return;
        }
        let problems = credentials.errors();
        if !problems.is_empty() {
            credentials.focus_first_problem(&problems);
            return;
        }
        attempt.submit(&base_url, &tenant, move |renewed| {
            let token = renewed.access_token.clone();
            session.sign_in(renewed);
            reauth.finish(Some(&token));
        });
    };

    let reason = move || reauth.reason().map(reason_text);
    view! {
        <p>
            {reason} " "
            {t(
                "Sign in again to go on; this page and what you typed stay as they are, \
                 and what you were doing is sent once you are signed in.",
            )}
        </p>
        <dl class="reauth-where">
            <dt>{t("API base URL")}</dt>
            <dd>{current.base_url.clone()}</dd>
            <dt>{t("Tenant")}</dt>
            <dd>{current.tenant.clone()}</dd>
        </dl>
        <form class="reauth-form" method="post" novalidate="" on:submit=on_submit>
            <CredentialFields credentials=credentials errors=errors autofocus=true />
            <div role="alert" class="form-alert">
                {move || alert.get().map(|text| view! { <p>{text}</p> })}
            </div>
            <div class="dialog-actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("Signing in…") } else { t("Sign in") }}
                </button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                    {t("Cancel")}
                </button>
            </div>
        </form>
    }
}
