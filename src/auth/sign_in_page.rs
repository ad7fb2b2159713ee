//! `/sign-in`: start a session with client credentials (exchanged at `/oauth/token`) or a
//! pasted access token. Everything is checked at its field before anything is sent; the
//! client secret is sent once and kept nowhere.

use crate::router::{use_navigate, use_query_map};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use crate::auth::config::{check_base_url, use_config, AppConfig};
use crate::auth::credentials::{
    check_credentials, CredentialErrors, CredentialFields, Credentials, SignInAttempt,
};
use crate::auth::session::{safe_next, use_session};
use crate::i18n::{t, tf};
use crate::platform::lowercase::lowercase;
use crate::ui::Field;

pub use crate::auth::credentials::SignInMethod;

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
    /// About the credentials of the chosen method.
    pub credentials: CredentialErrors,
}

impl FormErrors {
    /// Whether every field is fine.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Every field's problem, for the chosen method.
pub fn validate(input: &FormInput<'_>) -> FormErrors {
    FormErrors {
        base_url: check_base_url(input.base_url).err().map(str::to_owned),
        tenant: check_tenant(input.tenant).err(),
        credentials: check_credentials(
            input.method,
            input.client_id,
            input.client_secret,
            input.access_token,
        ),
    }
}

/// The tenant, trimmed, if it is a valid lower-case tenant name; else why not.
pub fn check_tenant(text: &str) -> Result<String, String> {
    let tenant = text.trim();
    if tenant.is_empty() {
        return Err(t("Enter the tenant.").into());
    }
    if tenant
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "/\\?#%&".contains(c))
    {
        return Err(t("A tenant name has no spaces and none of / \\ ? # % &.").into());
    }
    if tenant.chars().any(char::is_uppercase) {
        return Err(tf(
            "Tenant names are lower case: “{}”.",
            &[&lowercase(tenant)],
        ));
    }
    Ok(tenant.to_owned())
}

/// The lower-case form of `text` when that is all that is wrong with it as a tenant.
pub fn lowercase_suggestion(text: &str) -> Option<String> {
    let lower = lowercase(text.trim());
    (lower != text.trim() && check_tenant(&lower).is_ok()).then_some(lower)
}

/// The form's state: where to sign in, and the credentials.
#[derive(Clone, Copy)]
struct Fields {
    base_url: RwSignal<String>,
    tenant: RwSignal<String>,
    credentials: Credentials,
}

impl Fields {
    fn new(config: &AppConfig) -> Self {
        Self {
            base_url: RwSignal::new(config.api_base_url.clone()),
            tenant: RwSignal::new(config.tenant.clone().unwrap_or_default()),
            credentials: Credentials::new(
                SignInMethod::default(),
                config.client_id.clone().unwrap_or_default(),
            ),
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
            self.credentials.client_id,
            old.client_id.as_ref(),
            new.client_id.as_ref(),
        );
    }

    /// The validation of the current values (tracked).
    fn errors(&self) -> FormErrors {
        let c = self.credentials;
        self.base_url.with(|base_url| {
            self.tenant.with(|tenant| {
                c.client_id.with(|client_id| {
                    c.client_secret.with(|client_secret| {
                        c.access_token.with(|access_token| {
                            validate(&FormInput {
                                base_url,
                                tenant,
                                method: c.method.get(),
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
}

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let config = use_config();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();

    let fields = Fields::new(&config.get_untracked());
    let credentials = fields.credentials;
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
    let base_url_error = Signal::derive(move || errors.with(|e| e.base_url.clone()));
    let tenant_error = Signal::derive(move || errors.with(|e| e.tenant.clone()));
    let credential_errors = Signal::derive(move || errors.with(|e| e.credentials.clone()));

    let attempt = SignInAttempt::new(credentials);
    let SignInAttempt { busy, alert, .. } = attempt;

    let base_url_ref = NodeRef::<html::Input>::new();
    let tenant_ref = NodeRef::<html::Input>::new();

    let on_submit = move |ev: SubmitEvent| {
        if !attempt.begin(&ev, submitted) {
            return;
        }
        let problems = fields.errors();
        if !problems.is_empty() {
            let own = [
                (problems.base_url.is_some(), base_url_ref),
                (problems.tenant.is_some(), tenant_ref),
            ]
            .into_iter()
            .find_map(|(bad, node)| bad.then(|| node.get_untracked()).flatten());
            match own {
                Some(input) => drop(input.focus()),
                None => drop(credentials.focus_first_problem(&problems.credentials)),
            }
            return;
        }
        // Validation passed, so these cannot fail.
        let base_url = check_base_url(&fields.base_url.get_untracked()).unwrap_or_default();
        let tenant = check_tenant(&fields.tenant.get_untracked()).unwrap_or_default();
        let next = safe_next(query.get_untracked().get("next").as_deref());
        let navigate = navigate.clone();
        attempt.submit(&base_url, &tenant, move |session_value| {
            session.sign_in(session_value);
            navigate(&next, Default::default());
        });
    };

    let signed_in_note = move || {
        session.get().map(|s| {
            view! {
                <p class="sign-in-note">{signed_in_to(s.tenant.clone(), s.base_host().to_owned())}</p>
            }
        })
    };
    // Offered with the tenant's error when lower case is all it needs.
    let use_lower_case = ViewFn::from(move || {
        fields
            .tenant
            .with(|t| lowercase_suggestion(t))
            .map(|lower| {
                view! {
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| fields.tenant.set(lower.clone())
                    >
                        {t("Use lower case")}
                    </button>
                }
            })
    });

    view! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <div class="card sign-in-card">
                <h1 id="sign-in-title">{t("Sign in")}</h1>
                <p class="lead">{t("Manage the agentic tokens of an Emporix tenant.")}</p>
                {signed_in_note}
                <form class="sign-in-form" method="post" novalidate="" on:submit=on_submit>
                    <Field
                        label=t("API base URL")
                        kind="url"
                        value=fields.base_url
                        input=base_url_ref
                        error=base_url_error
                        verbatim=true
                        autocomplete="url"
                        inputmode="url"
                    />
                    <Field
                        label=t("Tenant")
                        value=fields.tenant
                        input=tenant_ref
                        error=tenant_error
                        error_action=use_lower_case
                        verbatim=true
                    />
                    <CredentialFields credentials=credentials errors=credential_errors />
                    <div role="alert" class="form-alert">
                        {move || alert.get().map(|text| view! { <p>{text}</p> })}
                    </div>
                    <button type="submit" class="button primary sign-in-submit" disabled=move || busy.get()>
                        {move || if busy.get() { t("Signing in…") } else { t("Sign in") }}
                    </button>
                </form>
                <p class="sign-in-footnote">
                    {t(
                        "The session lasts until you sign out or close this tab. \
                         It is kept in this tab only, never in permanent storage.",
                    )}
                </p>
            </div>
        </section>
    }
}

/// "You are signed in to <strong>tenant</strong> at host. Signing in again replaces that
/// session.", with the parts where the current language puts them.
fn signed_in_to(tenant: String, host: String) -> impl IntoView {
    let text = t("You are signed in to {0} at {1}. Signing in again replaces that session.");
    let (before, rest) = text.split_once("{0}").unwrap_or((text, ""));
    let (middle, after) = rest.split_once("{1}").unwrap_or((rest, ""));
    view! { {before} <strong>{tenant}</strong> {middle} {host} {after} }
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
        assert_eq!(
            errors.credentials.client_id.as_deref(),
            Some("Enter the client ID.")
        );
        assert_eq!(
            errors.credentials.client_secret.as_deref(),
            Some("Enter the client secret.")
        );
        assert_eq!(errors.credentials.access_token, None);
        let errors = validate(&FormInput {
            method: SignInMethod::AccessToken,
            ..empty
        });
        assert_eq!(
            errors.credentials.access_token.as_deref(),
            Some("Paste an access token.")
        );
        assert_eq!(
            (
                errors.credentials.client_id,
                errors.credentials.client_secret
            ),
            (None, None)
        );
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
    fn config_defaults_replace_only_untouched_fields() {
        let owner = Owner::new();
        owner.with(|| {
            let old = AppConfig::default();
            let fields = Fields::new(&old);
            fields.credentials.client_id.set("typed".into());
            let new = AppConfig {
                api_base_url: "http://localhost:1".into(),
                tenant: Some("demo".into()),
                client_id: Some("demo-admin".into()),
                ..AppConfig::default()
            };
            fields.apply_defaults(&old, &new);
            assert_eq!(fields.base_url.get_untracked(), "http://localhost:1");
            assert_eq!(fields.tenant.get_untracked(), "demo");
            assert_eq!(fields.credentials.client_id.get_untracked(), "typed");
        });
    }
}
