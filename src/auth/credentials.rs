//! The credential part of signing in, shared by the sign-in page and the sign-in-again
//! dialog: the choice between client credentials and a pasted access token, their fields
//! and checks, and turning them into a [`Session`]. The client secret is sent once and
//! wiped; it is never stored.

use leptos::html;
use leptos::prelude::*;
use zeroize::Zeroize;

use crate::auth::session::Session;
use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use crate::ui::ApiErrorText;
use crate::ui::{unique_id, Field};
use ai_client::{ApiError, AuthFailure, ClientCredentials, Fetch, ListQuery, Secret};

/// How the user signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignInMethod {
    /// Client ID and secret of an API key, exchanged for an access token.
    #[default]
    ClientCredentials,
    /// An access token obtained elsewhere.
    AccessToken,
}

/// One message per credential field that is not right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialErrors {
    /// About the client id.
    pub client_id: Option<String>,
    /// About the client secret.
    pub client_secret: Option<String>,
    /// About the access token.
    pub access_token: Option<String>,
}

impl CredentialErrors {
    /// Whether every field is fine.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The problems of the fields `method` uses (the others are not checked).
pub fn check_credentials(
    method: SignInMethod,
    client_id: &str,
    client_secret: &str,
    access_token: &str,
) -> CredentialErrors {
    let required = |text: &str, message: &str| text.trim().is_empty().then(|| message.to_owned());
    match method {
        SignInMethod::ClientCredentials => CredentialErrors {
            client_id: required(client_id, t("Enter the client ID.")),
            client_secret: required(client_secret, t("Enter the client secret.")),
            access_token: None,
        },
        SignInMethod::AccessToken => CredentialErrors {
            access_token: check_access_token(access_token).err(),
            ..CredentialErrors::default()
        },
    }
}

/// The pasted token without surrounding blanks or a leading `Bearer `; else why it is
/// not usable.
pub fn check_access_token(text: &str) -> Result<String, String> {
    let mut token = text.trim();
    if let (Some(scheme), Some(rest)) = (token.get(..6), token.get(6..)) {
        if scheme.eq_ignore_ascii_case("bearer")
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            token = rest.trim_start();
        }
    }
    if token.is_empty() {
        return Err(t("Paste an access token.").into());
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(t("An access token has no spaces or line breaks. Paste it again.").into());
    }
    Ok(token.to_owned())
}

/// The sentence for a failed client-credentials sign-in at `base_url`.
pub fn sign_in_error_message(error: &ApiError, base_url: &str) -> String {
    match error {
        ApiError::Network(_) => tf(
            "{} could not be reached. Check the API base URL and your connection. \
             If both are right, the API may not accept requests from this page's address (CORS).",
            &[base_url],
        ),
        ApiError::NotFound { .. } => tf(
            "There is no sign-in service at {}/oauth/token. Check the API base URL.",
            &[base_url],
        ),
        other => other.user_message(),
    }
}

/// The sentence for a pasted access token that the API refused.
pub fn token_error_message(error: &ApiError, base_url: &str, tenant: &str) -> String {
    match error {
        ApiError::Unauthorized(AuthFailure::Expired) => t(
            "The API refused this access token: it has expired. Get a new one and paste it again.",
        )
        .into(),
        ApiError::Unauthorized(_) => t(
            "The API refused this access token (HTTP 401): it is wrong or has expired. \
             Check that you pasted all of it.",
        )
        .into(),
        ApiError::Forbidden { .. } => tf(
            "This access token may not read the tokens of the tenant “{}” (HTTP 403). \
             Check the tenant, or use a token with the ai.agent_read scope.",
            &[tenant],
        ),
        ApiError::NotFound { .. } => tf(
            "There is no token service for the tenant “{}” at {}. \
             Check the API base URL and the tenant.",
            &[tenant, base_url],
        ),
        other => sign_in_error_message(other, base_url),
    }
}

/// The credentials being typed: one signal per field, and the inputs for focusing.
#[derive(Clone, Copy)]
pub struct Credentials {
    /// The chosen method.
    pub method: RwSignal<SignInMethod>,
    /// The client id as typed.
    pub client_id: RwSignal<String>,
    /// The client secret as typed; wiped by [`Credentials::clear_secrets`].
    pub client_secret: RwSignal<String>,
    /// The access token as pasted; wiped by [`Credentials::clear_secrets`].
    pub access_token: RwSignal<String>,
    client_id_input: NodeRef<html::Input>,
    client_secret_input: NodeRef<html::Input>,
    access_token_input: NodeRef<html::Input>,
}

impl Credentials {
    /// Empty secrets, `client_id` prefilled, `method` chosen.
    pub fn new(method: SignInMethod, client_id: String) -> Self {
        Self {
            method: RwSignal::new(method),
            client_id: RwSignal::new(client_id),
            client_secret: RwSignal::new(String::new()),
            access_token: RwSignal::new(String::new()),
            client_id_input: NodeRef::new(),
            client_secret_input: NodeRef::new(),
            access_token_input: NodeRef::new(),
        }
    }

    /// The problems of the current values (tracked).
    pub fn errors(&self) -> CredentialErrors {
        let method = self.method.get();
        self.client_id.with(|id| {
            self.client_secret.with(|secret| {
                self.access_token
                    .with(|token| check_credentials(method, id, secret, token))
            })
        })
    }

    /// Focuses the first field `errors` has a message for; whether there was one.
    pub fn focus_first_problem(&self, errors: &CredentialErrors) -> bool {
        let first = [
            (&errors.client_id, self.client_id_input),
            (&errors.client_secret, self.client_secret_input),
            (&errors.access_token, self.access_token_input),
        ]
        .into_iter()
        .find_map(|(error, input)| error.is_some().then(|| input.get_untracked()).flatten());
        first.is_some_and(|input| input.focus().is_ok())
    }

    /// Focuses the secret input of the chosen method (to type it again).
    pub fn focus_secret(&self) {
        let input = match self.method.get_untracked() {
            SignInMethod::ClientCredentials => self.client_secret_input,
            SignInMethod::AccessToken => self.access_token_input,
        };
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
    }

    /// What to send for the chosen method: the trimmed client secret, or the cleaned token.
    pub fn secret(&self) -> Secret {
        Secret::new(match self.method.get_untracked() {
            SignInMethod::ClientCredentials => {
                self.client_secret.with_untracked(|s| s.trim().to_owned())
            }
            SignInMethod::AccessToken => self
                .access_token
                .with_untracked(|t| check_access_token(t).unwrap_or_default()),
        })
    }

    /// Wipes both secrets from memory and from their inputs. Safe after the form has gone.
    pub fn clear_secrets(&self) {
        self.client_secret.try_update(Zeroize::zeroize);
        self.access_token.try_update(Zeroize::zeroize);
    }
}

/// "Sign in with" (Client credentials / Access token), then the chosen method's fields.
#[component]
pub fn CredentialFields(
    /// The values, owned by the form.
    credentials: Credentials,
    /// The messages to show (empty before the first submit).
    #[prop(into)]
    errors: Signal<CredentialErrors>,
    /// Put `autofocus` on the first empty field (for a dialog).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let group = unique_id("sign-in-method");
    let method_choice = move |value: SignInMethod, label: &'static str| {
        view! {
            <label class="segment">
                <input
                    type="radio"
                    name=group.clone()
                    prop:checked=move || credentials.method.get() == value
                    on:change=move |_| credentials.method.set(value)
                />
                <span>{label}</span>
            </label>
        }
    };
    let error_of = move |pick: fn(&CredentialErrors) -> &Option<String>| {
        Signal::derive(move || errors.with(|e| pick(e).clone()))
    };
    let empty = move |field: RwSignal<String>| autofocus && field.with_untracked(String::is_empty);
    let fields = move || match credentials.method.get() {
        SignInMethod::ClientCredentials => {
            let id_first = empty(credentials.client_id);
            view! {
                <Field
                    label=t("Client ID")
                    value=credentials.client_id
                    input=credentials.client_id_input
                    error=error_of(|e| &e.client_id)
                    verbatim=true
                    autofocus=id_first
                />
                <Field
                    label=t("Client secret")
                    kind="password"
                    value=credentials.client_secret
                    input=credentials.client_secret_input
                    hint=t("Sent once to get an access token; never stored.")
                    error=error_of(|e| &e.client_secret)
                    verbatim=true
                    autofocus=autofocus && !id_first
                />
            }
            .into_any()
        }
        SignInMethod::AccessToken => view! {
            <Field
                label=t("Access token")
                kind="password"
                value=credentials.access_token
                input=credentials.access_token_input
                hint=t(
                    "A bearer token for this tenant. Its expiry and scopes are unknown here, \
                     so the API decides what you may do.",
                )
                error=error_of(|e| &e.access_token)
                verbatim=true
                autofocus=autofocus
            />
        }
        .into_any(),
    };
    view! {
        <fieldset class="field sign-in-method">
            <legend>{t("Sign in with")}</legend>
            <div class="segmented">
                {method_choice(SignInMethod::ClientCredentials, t("Client credentials"))}
                {method_choice(SignInMethod::AccessToken, t("Access token"))}
            </div>
        </fieldset>
        {fields}
    }
}

/// One sign-in form's submit, shared by the sign-in page and the sign-in-again dialog:
/// busy while the request runs; the typed secret wiped after every try, whatever its
/// outcome (and when the form goes); a failure shown in `alert` with the focus back on the
/// secret. Leaving the form drops the request.
#[derive(Clone, Copy)]
pub struct SignInAttempt {
    /// The credential fields it reads.
    pub credentials: Credentials,
    /// Whether a sign-in is on its way.
    pub busy: RwSignal<bool>,
    /// Why the last try failed.
    pub alert: RwSignal<Option<String>>,
    tasks: Tasks,
}

impl SignInAttempt {
    /// A form's attempts with `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        on_cleanup(move || credentials.clear_secrets());
        Self {
            credentials,
            busy: RwSignal::new(false),
            alert: RwSignal::new(None),
            tasks: Tasks::new(),
        }
    }

    /// Starts handling a form submit: stops the browser's own, and unless a try is on its
    /// way (then `false`), shows field errors from now on (`submitted`) and clears the last
    /// alert.
    pub fn begin(&self, ev: &leptos::ev::SubmitEvent, submitted: RwSignal<bool>) -> bool {
        ev.prevent_default();
        if self.busy.get_untracked() {
            return false;
        }
        submitted.set(true);
        self.alert.set(None);
        true
    }

    /// Signs in at `base_url` for `tenant` with the typed credentials (already checked);
    /// `on_session` gets the new session.
    pub fn submit(&self, base_url: &str, tenant: &str, on_session: impl FnOnce(Session) + 'static) {
        let Self {
            credentials,
            busy,
            alert,
            ..
        } = *self;
        let (base_url, tenant) = (base_url.to_owned(), tenant.to_owned());
        let method = credentials.method.get_untracked();
        let client_id = credentials.client_id.get_untracked().trim().to_owned();
        let secret = credentials.secret();
        busy.set(true);
        self.tasks.spawn_latest(async move {
            let outcome = start_session(&base_url, &tenant, method, client_id, secret).await;
            busy.set(false);
            credentials.clear_secrets();
            match outcome {
                Ok(session) => on_session(session),
                Err(message) => {
                    alert.set(Some(message));
                    credentials.focus_secret();
                }
            }
        });
    }
}

/// A session for `tenant` at `base_url`: client credentials are exchanged at
/// `/oauth/token` (a grant for another tenant is refused); a pasted token is checked by
/// reading one token id. On failure, the sentence to show.
async fn start_session(
    base_url: &str,
    tenant: &str,
    method: SignInMethod,
    client_id: String,
    secret: Secret,
) -> Result<Session, String> {
    match method {
        SignInMethod::ClientCredentials => {
            let credentials = ClientCredentials {
                client_id,
                client_secret: secret,
                scope: None,
            };
            match ai_client::sign_in(&Fetch::default(), base_url, &credentials).await {
                Ok(grant) => Session::from_grant(base_url, tenant, grant, js_sys::Date::now())
                    .map(|s| s.with_client_id(credentials.client_id.clone()))
                    .map_err(|e| e.user_message()),
                Err(error) => Err(sign_in_error_message(&error, base_url)),
            }
        }
        SignInMethod::AccessToken => {
            let session = Session::from_access_token(base_url, tenant, secret);
            match verify(&session).await {
                Ok(()) => Ok(session),
                Err(error) => Err(token_error_message(&error, base_url, tenant)),
            }
        }
    }
}

/// Checks a pasted token by reading one token id of the tenant. A 401 is an answer here,
/// so the client does not ask to sign in again.
async fn verify(session: &Session) -> Result<(), ApiError> {
    session
        .client()
        .list_tokens(&ListQuery::probe())
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_chosen_method_is_checked() {
        let fine = check_credentials(SignInMethod::ClientCredentials, "id", "s", "");
        assert!(fine.is_empty());
        let missing = check_credentials(SignInMethod::ClientCredentials, " ", "", "tok");
        assert_eq!(missing.client_id.as_deref(), Some("Enter the client ID."));
        assert_eq!(
            missing.client_secret.as_deref(),
            Some("Enter the client secret.")
        );
        assert_eq!(missing.access_token, None);
        let token = check_credentials(SignInMethod::AccessToken, "", "", "Bearer ");
        assert_eq!(
            token,
            CredentialErrors {
                access_token: Some("Paste an access token.".into()),
                ..CredentialErrors::default()
            }
        );
    }

    #[test]
    fn access_token_is_cleaned() {
        assert_eq!(check_access_token("  abc.def \n"), Ok("abc.def".into()));
        assert_eq!(check_access_token("Bearer abc"), Ok("abc".into()));
        assert_eq!(check_access_token("bearer  abc"), Ok("abc".into()));
        assert!(check_access_token("Bearer ").is_err());
        assert_eq!(check_access_token("Bearerish"), Ok("Bearerish".into()));
        assert!(check_access_token("bearer\tabc").is_ok());
        assert!(check_access_token("ab c").is_err());
    }

    #[test]
    fn error_sentences() {
        let network = sign_in_error_message(&ApiError::Network("TypeError".into()), "http://x");
        assert!(
            network.contains("http://x") && network.contains("CORS"),
            "{network}"
        );
        assert!(!network.contains("TypeError"));
        assert_eq!(
            sign_in_error_message(
                &ApiError::Unauthorized(AuthFailure::BadCredentials),
                "http://x"
            ),
            "Sign-in failed: the client ID or client secret is wrong."
        );
        let refused = token_error_message(
            &ApiError::Unauthorized(AuthFailure::Invalid),
            "http://x",
            "demo",
        );
        assert!(refused.contains("401"), "{refused}");
        let forbidden =
            token_error_message(&ApiError::Forbidden { message: None }, "http://x", "demo");
        assert!(forbidden.contains("“demo”"), "{forbidden}");
    }

    #[test]
    fn clearing_wipes_both_secrets() {
        let owner = Owner::new();
        owner.with(|| {
            let credentials = Credentials::new(SignInMethod::ClientCredentials, "id".into());
            credentials.client_secret.set(" s3cret ".into());
            credentials.access_token.set("tok".into());
            assert_eq!(credentials.secret().expose(), "s3cret");
            credentials.method.set(SignInMethod::AccessToken);
            assert_eq!(credentials.secret().expose(), "tok");
            credentials.clear_secrets();
            assert_eq!(credentials.client_secret.get_untracked(), "");
            assert_eq!(credentials.access_token.get_untracked(), "");
            assert_eq!(credentials.client_id.get_untracked(), "id");
        });
    }
}
