//! `/sign-in`: start a session with client credentials (exchanged at `/oauth/token`) or a
//! pasted access token. Everything is checked at its field before anything is sent; the
//! client secret is sent once and kept nowhere.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use zeroize::Zeroize;

use crate::api::{self, ApiError, AuthFailure, ClientCredentials, ListQuery, Secret};
use crate::config::{check_base_url, use_config, AppConfig};
use crate::session::{safe_next, use_session, Session};

/// How the user signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignInMethod {
    /// Client ID and secret of an API key, exchanged for an access token.
    #[default]
    ClientCredentials,
    /// An access token obtained elsewhere.
    AccessToken,
}

/// What the form holds, for validation.
#[derive(Debug, Clone, Copy)]
pub struct FormInput<'a> {
    /// The API base URL as typed.
    pub base_url: &'a str,
    /// The tenant as typed.
    pub tenant: &'a str,
    /// The chosen method.
    pub method: SignInMethod,
    /// The client id as typed.
    pub client_id: &'a str,
    /// The client secret as typed.
    pub client_secret: &'a str,
    /// The access token as pasted.
    pub access_token: &'a str,
}

/// One message per field that is not right; `None` for fields that are fine or not used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    /// About the API base URL.
    pub base_url: Option<String>,
    /// About the tenant.
    pub tenant: Option<String>,
    /// About the client id.
    pub client_id: Option<String>,
    /// About the client secret.
    pub client_secret: Option<String>,
    /// About the access token.
    pub access_token: Option<String>,
}

impl FormErrors {
    /// Whether every field is fine.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Every field's problem, for the chosen method.
pub fn validate(input: &FormInput<'_>) -> FormErrors {
    let required = |text: &str, message: &str| text.trim().is_empty().then(|| message.to_owned());
    let mut errors = FormErrors {
        base_url: check_base_url(input.base_url).err().map(str::to_owned),
        tenant: check_tenant(input.tenant).err(),
        ..FormErrors::default()
    };
    match input.method {
        SignInMethod::ClientCredentials => {
            errors.client_id = required(input.client_id, "Enter the client ID.");
            errors.client_secret = required(input.client_secret, "Enter the client secret.");
        }
        SignInMethod::AccessToken => {
            errors.access_token = check_access_token(input.access_token).err();
        }
    }
    errors
}

/// The tenant, trimmed, if it is a valid lower-case tenant name; else why not.
pub fn check_tenant(text: &str) -> Result<String, String> {
    let tenant = text.trim();
    if tenant.is_empty() {
        return Err("Enter the tenant.".into());
    }
    if tenant
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "/\\?#%&".contains(c))
    {
        return Err("A tenant name has no spaces and none of / \\ ? # % &.".into());
    }
    if tenant.chars().any(char::is_uppercase) {
        return Err(format!(
            "Tenant names are lower case: “{}”.",
            tenant.to_lowercase()
        ));
    }
    Ok(tenant.to_owned())
}

/// The lower-case form of `text` when that is all that is wrong with it as a tenant.
pub fn lowercase_suggestion(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    (lower != text.trim() && check_tenant(&lower).is_ok()).then_some(lower)
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
        return Err("Paste an access token.".into());
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("An access token has no spaces or line breaks. Paste it again.".into());
    }
    Ok(token.to_owned())
}

/// The sentence for a failed client-credentials sign-in at `base_url`.
pub fn sign_in_error_message(error: &ApiError, base_url: &str) -> String {
    match error {
        ApiError::Network(_) => format!(
            "{base_url} could not be reached. Check the API base URL and your connection. \
             If both are right, the API may not accept requests from this page's address (CORS)."
        ),
        ApiError::NotFound { .. } => format!(
            "There is no sign-in service at {base_url}/oauth/token. Check the API base URL."
        ),
        other => other.user_message(),
    }
}

/// The sentence for a pasted access token that the API refused.
pub fn token_error_message(error: &ApiError, base_url: &str, tenant: &str) -> String {
    match error {
        ApiError::Unauthorized(AuthFailure::Expired) => {
            "The API refused this access token: it has expired. Get a new one and paste it again."
                .into()
        }
        ApiError::Unauthorized(_) => {
            "The API refused this access token (HTTP 401): it is wrong or has expired. \
             Check that you pasted all of it."
                .into()
        }
        ApiError::Forbidden { .. } => format!(
            "This access token may not read the tokens of the tenant “{tenant}” (HTTP 403). \
             Check the tenant, or use a token with the ai.agent_read scope."
        ),
        ApiError::NotFound { .. } => format!(
            "There is no token service for the tenant “{tenant}” at {base_url}. \
             Check the API base URL and the tenant."
        ),
        other => sign_in_error_message(other, base_url),
    }
}

/// The form's state: one signal per field (all `Copy`).
#[derive(Clone, Copy)]
struct Fields {
    base_url: RwSignal<String>,
    tenant: RwSignal<String>,
    method: RwSignal<SignInMethod>,
    client_id: RwSignal<String>,
    client_secret: RwSignal<String>,
    access_token: RwSignal<String>,
}

impl Fields {
    fn new(config: &AppConfig) -> Self {
        Self {
            base_url: RwSignal::new(config.api_base_url.clone()),
            tenant: RwSignal::new(config.tenant.clone().unwrap_or_default()),
            method: RwSignal::new(SignInMethod::default()),
            client_id: RwSignal::new(config.client_id.clone().unwrap_or_default()),
            client_secret: RwSignal::new(String::new()),
            access_token: RwSignal::new(String::new()),
        }
    }

    /// Replaces the defaults of `old` with those of `new` in every field still showing them.
    fn apply_defaults(&self, old: &AppConfig, new: &AppConfig) {
        let swap = |field: RwSignal<String>, old: Option<&String>, new: Option<&String>| {
            if field.with_untracked(|v| v.as_str() == old.map_or("", String::as_str)) {
                field.set(new.cloned().unwrap_or_default());
            }
        };
        swap(
            self.base_url,
            Some(&old.api_base_url),
            Some(&new.api_base_url),
        );
        swap(self.tenant, old.tenant.as_ref(), new.tenant.as_ref());
        swap(
            self.client_id,
            old.client_id.as_ref(),
            new.client_id.as_ref(),
        );
    }

    /// The validation of the current values (tracked).
    fn errors(&self) -> FormErrors {
        self.base_url.with(|base_url| {
            self.tenant.with(|tenant| {
                self.client_id.with(|client_id| {
                    self.client_secret.with(|client_secret| {
                        self.access_token.with(|access_token| {
                            validate(&FormInput {
                                base_url,
                                tenant,
                                method: self.method.get(),
                                client_id,
                                client_secret,
                                access_token,
                            })
                        })
                    })
                })
            })
        })
    }

    /// Wipes both secrets from memory.
    fn clear_secrets(&self) {
        self.client_secret.update(|s| s.zeroize());
        self.access_token.update(|s| s.zeroize());
    }
}

const BASE_URL_ID: &str = "sign-in-base-url";
const TENANT_ID: &str = "sign-in-tenant";
const CLIENT_ID_ID: &str = "sign-in-client-id";
const CLIENT_SECRET_ID: &str = "sign-in-client-secret";
const ACCESS_TOKEN_ID: &str = "sign-in-access-token";

/// The `aria-describedby` of a field: its hint (if any) and, when present, its error.
fn described_by(id: &'static str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A field's error paragraph (empty when there is none).
fn field_error(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <p id=format!("{id}-error") class="field-error">
                    {text}
                </p>
            }
        })
    }
}

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let config = use_config();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();

    let fields = Fields::new(&config.get_untracked());
    // config.json may arrive after the page is shown: update the fields nobody has edited.
    Effect::new(move |previous: Option<AppConfig>| {
        let current = config.get();
        if let Some(previous) = previous {
            fields.apply_defaults(&previous, &current);
        }
        current
    });

    // Errors show after the first submit, then follow the typing.
    let submitted = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if submitted.get() {
            fields.errors()
        } else {
            FormErrors::default()
        }
    });
    let error_of = move |pick: fn(&FormErrors) -> &Option<String>| {
        Signal::derive(move || errors.with(|e| pick(e).clone()))
    };
    let base_url_error = error_of(|e| &e.base_url);
    let tenant_error = error_of(|e| &e.tenant);
    let client_id_error = error_of(|e| &e.client_id);
    let client_secret_error = error_of(|e| &e.client_secret);
    let access_token_error = error_of(|e| &e.access_token);

    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    on_cleanup(move || fields.clear_secrets());

    let base_url_ref = NodeRef::<html::Input>::new();
    let tenant_ref = NodeRef::<html::Input>::new();
    let client_id_ref = NodeRef::<html::Input>::new();
    let client_secret_ref = NodeRef::<html::Input>::new();
    let access_token_ref = NodeRef::<html::Input>::new();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        submitted.set(true);
        alert.set(None);
        let problems = fields.errors();
        if !problems.is_empty() {
            let first = [
                (problems.base_url.is_some(), base_url_ref),
                (problems.tenant.is_some(), tenant_ref),
                (problems.client_id.is_some(), client_id_ref),
                (problems.client_secret.is_some(), client_secret_ref),
                (problems.access_token.is_some(), access_token_ref),
            ]
            .into_iter()
            .find_map(|(bad, node)| bad.then(|| node.get_untracked()).flatten());
            if let Some(input) = first {
                let _ = input.focus();
            }
            return;
        }
        // Validation passed, so these cannot fail.
        let base_url = check_base_url(&fields.base_url.get_untracked()).unwrap_or_default();
        let tenant = check_tenant(&fields.tenant.get_untracked()).unwrap_or_default();
        let method = fields.method.get_untracked();
        let client_id = fields.client_id.get_untracked().trim().to_owned();
        let secret = Secret::new(match method {
            SignInMethod::ClientCredentials => {
                fields.client_secret.with_untracked(|s| s.trim().to_owned())
            }
            SignInMethod::AccessToken => fields
                .access_token
                .with_untracked(|t| check_access_token(t).unwrap_or_default()),
        });
        let next = safe_next(query.get_untracked().get("next").as_deref());
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            let outcome = match method {
                SignInMethod::ClientCredentials => {
                    let credentials = ClientCredentials {
                        client_id,
                        client_secret: secret,
                        scope: None,
                    };
                    match api::sign_in(&base_url, &credentials).await {
                        Ok(grant) => {
                            Session::from_grant(&base_url, &tenant, grant, js_sys::Date::now())
                                .map_err(|e| e.user_message())
                        }
                        Err(error) => Err(sign_in_error_message(&error, &base_url)),
                    }
                }
                SignInMethod::AccessToken => {
                    let session = Session::from_access_token(&base_url, &tenant, secret);
                    match verify(&session).await {
                        Ok(()) => Ok(session),
                        Err(error) => Err(token_error_message(&error, &base_url, &tenant)),
                    }
                }
            };
            // The page was left while the request ran: do not pull the user back.
            if busy.try_set(false).is_some() {
                return;
            }
            match outcome {
                Ok(session_value) => {
                    fields.clear_secrets();
                    session.sign_in(session_value);
                    navigate(&next, Default::default());
                }
                Err(message) => alert.set(Some(message)),
            }
        });
    };

    let lower_tenant = move || fields.tenant.with(|t| lowercase_suggestion(t));
    let signed_in_note = move || {
        session.get().map(|s| {
            view! {
                <p class="sign-in-note">
                    "You are signed in to " <strong>{s.tenant.clone()}</strong> " at "
                    {s.base_host().to_owned()}
                    ". Signing in again replaces that session."
                </p>
            }
        })
    };

    let method_choice = move |value: SignInMethod, label: &'static str| {
        view! {
            <label class="segment">
                <input
                    type="radio"
                    name="sign-in-method"
                    prop:checked=move || fields.method.get() == value
                    on:change=move |_| fields.method.set(value)
                />
                <span>{label}</span>
            </label>
        }
    };

    let credential_fields = move || match fields.method.get() {
        SignInMethod::ClientCredentials => view! {
            <div class="field">
                <label for=CLIENT_ID_ID>"Client ID"</label>
                <input
                    id=CLIENT_ID_ID
                    type="text"
                    autocomplete="off"
                    autocapitalize="none"
                    spellcheck="false"
                    bind:value=fields.client_id
                    node_ref=client_id_ref
                    aria-invalid=move || client_id_error.get().map(|_| "true")
                    aria-describedby=move || {
                        described_by(CLIENT_ID_ID, false, client_id_error.get().is_some())
                    }
                />
                {field_error(CLIENT_ID_ID, client_id_error)}
            </div>
            <div class="field">
                <label for=CLIENT_SECRET_ID>"Client secret"</label>
                <input
                    id=CLIENT_SECRET_ID
                    type="password"
                    autocomplete="off"
                    autocapitalize="none"
                    spellcheck="false"
                    bind:value=fields.client_secret
                    node_ref=client_secret_ref
                    aria-invalid=move || client_secret_error.get().map(|_| "true")
                    aria-describedby=move || {
                        described_by(CLIENT_SECRET_ID, true, client_secret_error.get().is_some())
                    }
                />
                <p id=format!("{CLIENT_SECRET_ID}-hint") class="field-hint">
                    "Sent once to get an access token; never stored."
                </p>
                {field_error(CLIENT_SECRET_ID, client_secret_error)}
            </div>
        }
        .into_any(),
        SignInMethod::AccessToken => view! {
            <div class="field">
                <label for=ACCESS_TOKEN_ID>"Access token"</label>
                <input
                    id=ACCESS_TOKEN_ID
                    type="password"
                    autocomplete="off"
                    autocapitalize="none"
                    spellcheck="false"
                    bind:value=fields.access_token
                    node_ref=access_token_ref
                    aria-invalid=move || access_token_error.get().map(|_| "true")
                    aria-describedby=move || {
                        described_by(ACCESS_TOKEN_ID, true, access_token_error.get().is_some())
                    }
                />
                <p id=format!("{ACCESS_TOKEN_ID}-hint") class="field-hint">
                    "A bearer token for this tenant. Its expiry and scopes are unknown here, "
                    "so the API decides what you may do."
                </p>
                {field_error(ACCESS_TOKEN_ID, access_token_error)}
            </div>
        }
        .into_any(),
    };

    view! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <div class="card sign-in-card">
                <h1 id="sign-in-title">"Sign in"</h1>
                <p class="lead">"Manage the agentic tokens of an Emporix tenant."</p>
                {signed_in_note}
                <form class="sign-in-form" method="post" novalidate="" on:submit=on_submit>
                    <div class="field">
                        <label for=BASE_URL_ID>"API base URL"</label>
                        <input
                            id=BASE_URL_ID
                            type="url"
                            inputmode="url"
                            autocomplete="url"
                            autocapitalize="none"
                            spellcheck="false"
                            bind:value=fields.base_url
                            node_ref=base_url_ref
                            aria-invalid=move || base_url_error.get().map(|_| "true")
                            aria-describedby=move || {
                                described_by(BASE_URL_ID, false, base_url_error.get().is_some())
                            }
                        />
                        {field_error(BASE_URL_ID, base_url_error)}
                    </div>
                    <div class="field">
                        <label for=TENANT_ID>"Tenant"</label>
                        <input
                            id=TENANT_ID
                            type="text"
                            autocomplete="off"
                            autocapitalize="none"
                            spellcheck="false"
                            bind:value=fields.tenant
                            node_ref=tenant_ref
                            aria-invalid=move || tenant_error.get().map(|_| "true")
                            aria-describedby=move || {
                                described_by(TENANT_ID, false, tenant_error.get().is_some())
                            }
                        />
                        {move || {
                            tenant_error
                                .get()
                                .map(|text| {
                                    view! {
                                        <p id=format!("{TENANT_ID}-error") class="field-error">
                                            {text}
                                            {move || {
                                                lower_tenant()
                                                    .map(|lower| {
                                                        view! {
                                                            " "
                                                            <button
                                                                type="button"
                                                                class="link-button"
                                                                on:click=move |_| fields.tenant.set(lower.clone())
                                                            >
                                                                "Use lower case"
                                                            </button>
                                                        }
                                                    })
                                            }}
                                        </p>
                                    }
                                })
                        }}
                    </div>
                    <fieldset class="field sign-in-method">
                        <legend>"Sign in with"</legend>
                        <div class="segmented">
                            {method_choice(SignInMethod::ClientCredentials, "Client credentials")}
                            {method_choice(SignInMethod::AccessToken, "Access token")}
                        </div>
                    </fieldset>
                    {credential_fields}
                    <div role="alert" class="form-alert">
                        {move || alert.get().map(|text| view! { <p>{text}</p> })}
                    </div>
                    <button type="submit" class="button primary sign-in-submit" disabled=move || busy.get()>
                        {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </form>
                <p class="sign-in-footnote">
                    "The session lasts until you sign out or close this tab. "
                    "It is kept in this tab only, never in permanent storage."
                </p>
            </div>
        </section>
    }
}

/// Checks a pasted token by reading one token id of the tenant.
async fn verify(session: &Session) -> Result<(), ApiError> {
    api::Client::new(session.endpoint())
        .list_tokens(&ListQuery::probe(), None)
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(method: SignInMethod) -> FormInput<'static> {
        FormInput {
            base_url: "https://api.emporix.io",
            tenant: "demo",
            method,
            client_id: "demo-admin",
            client_secret: "s3cret",
            access_token: "tok",
        }
    }

    #[test]
    fn complete_forms_pass() {
        assert!(validate(&input(SignInMethod::ClientCredentials)).is_empty());
        assert!(validate(&input(SignInMethod::AccessToken)).is_empty());
        // The fields of the other method do not matter.
        let mut only_token = input(SignInMethod::AccessToken);
        only_token.client_id = "";
        only_token.client_secret = "";
        assert!(validate(&only_token).is_empty());
    }

    #[test]
    fn empty_form_has_an_error_per_field() {
        let empty = FormInput {
            base_url: "",
            tenant: "",
            method: SignInMethod::ClientCredentials,
            client_id: " ",
            client_secret: "",
            access_token: "",
        };
        let errors = validate(&empty);
        assert!(errors.base_url.is_some());
        assert_eq!(errors.tenant.as_deref(), Some("Enter the tenant."));
        assert_eq!(errors.client_id.as_deref(), Some("Enter the client ID."));
        assert_eq!(
            errors.client_secret.as_deref(),
            Some("Enter the client secret.")
        );
        assert_eq!(errors.access_token, None);
        let errors = validate(&FormInput {
            method: SignInMethod::AccessToken,
            ..empty
        });
        assert_eq!(
            errors.access_token.as_deref(),
            Some("Paste an access token.")
        );
        assert_eq!((errors.client_id, errors.client_secret), (None, None));
    }

    #[test]
    fn tenant_rules() {
        assert_eq!(check_tenant(" demo "), Ok("demo".into()));
        assert_eq!(check_tenant("my-tenant_2"), Ok("my-tenant_2".into()));
        let upper = check_tenant("Demo").unwrap_err();
        assert!(
            upper.contains("lower case") && upper.contains("“demo”"),
            "{upper}"
        );
        assert_eq!(lowercase_suggestion("Demo"), Some("demo".into()));
        assert_eq!(lowercase_suggestion("demo"), None);
        assert_eq!(lowercase_suggestion("De mo"), None);
        for bad in ["de mo", "a/b", "x?y", "x#y", "50%"] {
            assert!(check_tenant(bad).is_err(), "{bad}");
        }
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
    fn described_by_lists_hint_and_error() {
        assert_eq!(described_by("f", false, false), None);
        assert_eq!(described_by("f", true, false).as_deref(), Some("f-hint"));
        assert_eq!(
            described_by("f", true, true).as_deref(),
            Some("f-hint f-error")
        );
        assert_eq!(described_by("f", false, true).as_deref(), Some("f-error"));
    }

    #[test]
    fn config_defaults_replace_only_untouched_fields() {
        let owner = Owner::new();
        owner.with(|| {
            let old = AppConfig::default();
            let fields = Fields::new(&old);
            fields.client_id.set("typed".into());
            let new = AppConfig {
                api_base_url: "http://localhost:1".into(),
                tenant: Some("demo".into()),
                client_id: Some("demo-admin".into()),
            };
            fields.apply_defaults(&old, &new);
            assert_eq!(fields.base_url.get_untracked(), "http://localhost:1");
            assert_eq!(fields.tenant.get_untracked(), "demo");
            assert_eq!(fields.client_id.get_untracked(), "typed");
        });
    }
}
