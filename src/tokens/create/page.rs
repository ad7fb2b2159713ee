//! `/new-token` ([`CREATE_PATH`](crate::tokens::CREATE_PATH)): create a token. The id is
//! suggested from the name and checked as typed; an id that is taken is refused (a PUT would
//! overwrite that token); the value gets warnings that do not block (see `value_checks`);
//! once the token is created its value is wiped from memory and from the page.

use crate::router::{href, use_navigate};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use crate::auth::session::use_session;
use crate::i18n::{around, t, tf};
use crate::platform::task::Tasks;
use crate::tokens::list::token_href;
use crate::tokens::token_id::{check_id, suggest_id, IdProblem, MAX_ID_CHARS};
use crate::tokens::value_checks::value_warnings;
use crate::ui::unsaved_guard::guard_unsaved_changes;
use crate::ui::ApiErrorText;
use crate::ui::{Field, SecretInput, SecretText};
use ai_client::{ApiError, Client, Saved, Secret, TokenDraft};

/// The fields a server message can be about, in form order.
const FIELDS: [&str; 3] = ["name", "id", "value"];

/// A message per field; `None` where there is nothing to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct FieldMessages {
    name: Option<String>,
    id: Option<String>,
    value: Option<String>,
}

impl FieldMessages {
    /// The messages an API error has for the form's fields.
    fn from_error(error: &ApiError) -> Self {
        let at = |field| error.field_message(field).map(str::to_owned);
        Self {
            name: at("name"),
            id: at("id"),
            value: at("value"),
        }
    }

    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Whether an error says more than its messages for the form's fields, so the form-level
/// alert is needed.
fn needs_alert(error: &ApiError) -> bool {
    let details = error.field_errors();
    details.is_empty()
        || details
            .iter()
            .any(|d| !d.field.as_deref().is_some_and(|f| FIELDS.contains(&f)))
}

/// The ID field's own message: every problem as typed, except emptiness before the
/// first submit.
fn id_message(id: &str, submitted: bool) -> Option<String> {
    match check_id(id) {
        Err(IdProblem::Empty) if !submitted => None,
        result => result.err().map(|problem| problem.to_string()),
    }
}

/// What a create attempt came to.
enum Outcome {
    /// 201: the token exists now.
    Created,
    /// A token with this id already existed; nothing was sent.
    Taken,
    /// A token with this id appeared between the check and the PUT, which updated it.
    Updated,
    /// The check or the PUT failed.
    Failed(ApiError),
}

/// Checks that `id` is free, then creates the token.
async fn create(client: Client, id: String, name: String, value: Secret) -> Outcome {
    match client.get_token(&id).await {
        Ok(_) => return Outcome::Taken,
        Err(ApiError::NotFound { .. }) => {}
        Err(error) => return Outcome::Failed(error),
    }
    match client
        .put_token(&id, &TokenDraft::create(name, value))
        .await
    {
        Ok(Saved::Created) => Outcome::Created,
        Ok(Saved::Updated) => Outcome::Updated,
        Err(error) => Outcome::Failed(error),
    }
}

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

/// The form: name, id, value, Create and Cancel.
#[component]
fn CreateForm() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();

    let name = RwSignal::new(String::new());
    let token_id = RwSignal::new(String::new());
    // The id follows the name until the user types an id of their own.
    let id_typed = RwSignal::new(false);
    let secret = SecretText::new();
    on_cleanup(move || secret.clear());
    // Typed work is guarded like an edit until the token exists.
    let created = RwSignal::new(false);
    let dirty = Signal::derive(move || {
        !created.get()
            && (name.with(|n| !n.trim().is_empty())
                || token_id.with(|id| !id.is_empty())
                || !secret.is_blank())
    });
    guard_unsaved_changes(dirty);

    // "Required" messages show after the first submit; id rules show as typed.
    let submitted = RwSignal::new(false);
    let server = RwSignal::new(FieldMessages::default());
    let taken = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let creates = Tasks::new();

    let name_error = Signal::derive(move || {
        (submitted.get() && name.with(|n| n.trim().is_empty()))
            .then(|| t("Enter a name.").to_owned())
            .or_else(|| server.with(|s| s.name.clone()))
    });
    let id_error = Signal::derive(move || {
        token_id
            .with(|id| id_message(id, submitted.get()))
            .or_else(|| server.with(|s| s.id.clone()))
    });
    // Shown while the id is one known to be taken.
    let id_taken = Signal::derive(move || taken.get().filter(|t| token_id.with(|id| id == t)));
    let id_invalid = move || id_error.with(Option::is_some) || id_taken.with(Option::is_some);
    let value_error = Signal::derive(move || {
        (submitted.get() && secret.is_blank())
            .then(|| t("Enter the value.").to_owned())
            .or_else(|| server.with(|s| s.value.clone()))
    });

    let name_ref = NodeRef::<html::Input>::new();
    let id_ref = NodeRef::<html::Input>::new();
    let focus = |input: NodeRef<html::Input>| {
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
    };
    // Focuses the first field with a message; whether there was one.
    let focus_first_problem = move || {
        if name_error.get_untracked().is_some() {
            focus(name_ref);
        } else if untrack(id_invalid) {
            focus(id_ref);
        } else if value_error.get_untracked().is_some() {
            secret.focus();
        } else {
            return false;
        }
        true
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        submitted.set(true);
        server.set(FieldMessages::default());
        alert.set(None);
        if focus_first_problem() {
            return;
        }
        let Some(client) = session.client() else {
            return;
        };
        let id = token_id.get_untracked();
        let token_name = name.with_untracked(|n| n.trim().to_owned());
        let value = secret.to_secret();
        let navigate = navigate.clone();
        busy.set(true);
        // The create runs to its end even when the page is left; the page hears of it only
        // while it is there.
        creates.finish(
            create(client, id.clone(), token_name, value),
            move |outcome| {
                busy.set(false);
                match outcome {
                    Outcome::Created => {
                        created.set(true);
                        secret.clear();
                        navigate(
                            &format!("{}?created=1", token_href(&id)),
                            Default::default(),
                        );
                    }
                    Outcome::Taken => {
                        taken.set(Some(id));
                        focus(id_ref);
                    }
                    Outcome::Updated => {
                        alert.set(Some(tf(
                            "A token with the ID “{}” was created elsewhere while this one was \
                         being saved, so that token was updated instead. Check it before \
                         using it.",
                            &[&id],
                        )));
                        taken.set(Some(id));
                    }
                    Outcome::Failed(error) => {
                        let messages = FieldMessages::from_error(&error);
                        if needs_alert(&error) {
                            alert.set(Some(error.user_message()));
                        }
                        if !messages.is_empty() {
                            server.set(messages);
                            focus_first_problem();
                        }
                    }
                }
            },
        );
    };

    // The ID's own problem, else a note that it is taken with a link to that token.
    let id_message = Signal::derive(move || {
        id_error.get().or_else(|| {
            id_taken.with(Option::is_some).then(|| {
                t("A token with this ID already exists. Choose another ID, or open that token:")
                    .to_owned()
            })
        })
    });
    let open_taken = ViewFn::from(move || {
        (id_error.with(Option::is_none))
            .then(|| id_taken.get())
            .flatten()
            .map(|id| {
                let (before, after) = around(t("Open {}"));
                view! { <a href=token_href(&id)>{before} {id.clone()} {after}</a> }
            })
    });

    view! {
        <form class="edit-form" method="post" novalidate="" on:submit=on_submit>
            <Field
                label=t("Name")
                value=name
                input=name_ref
                required=true
                hint=t("A name people recognise, shown in the token list.")
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
                input=id_ref
                class="mono"
                required=true
                verbatim=true
                hint=tf(
                    "Letters, digits, '-' and '_', at most {} characters. \
                     It cannot be changed later.",
                    &[&MAX_ID_CHARS.to_string()],
                )
                error=id_message
                error_action=open_taken
                // Clearing the id hands it back to the suggestion.
                on_input=move |text: String| id_typed.set(!text.is_empty())
            />
            <SecretInput
                label=t("Value")
                secret=secret
                hint=t("The secret itself. It is sent once and can never be read back.")
                error=value_error
                warnings=value_warnings(secret, move || [name.get(), token_id.get()])
            />
            <div role="alert" class="form-alert">
                {move || alert.get().map(|text| view! { <p>{text}</p> })}
            </div>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("Creating…") } else { t("Create") }}
                </button>
                <a class="button" href=href("/tokens")>
                    {t("Cancel")}
                </a>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ai_client::FieldError;

    fn bad_request(fields: &[Option<&str>]) -> ApiError {
        ApiError::BadRequest {
            message: Some("There are validation problems.".into()),
            details: fields
                .iter()
                .map(|field| FieldError {
                    field: field.map(str::to_owned),
                    message: format!("{} is wrong", field.unwrap_or("something")),
                })
                .collect(),
        }
    }

    #[test]
    fn id_messages_follow_typing_but_emptiness_waits_for_submit() {
        assert_eq!(id_message("", false), None);
        assert_eq!(id_message("", true).as_deref(), Some("Enter an ID."));
        assert_eq!(id_message("ok-id", true), None);
        let typed = id_message("my key", false).unwrap();
        assert!(typed.contains("found ' ' at character 3"), "{typed}");
    }

    #[test]
    fn server_messages_go_to_their_fields() {
        let error = bad_request(&[Some("value"), Some("name")]);
        assert_eq!(
            FieldMessages::from_error(&error),
            FieldMessages {
                name: Some("name is wrong".into()),
                id: None,
                value: Some("value is wrong".into()),
            }
        );
        assert!(!needs_alert(&error));
    }

    #[test]
    fn other_errors_need_the_alert() {
        assert!(needs_alert(&ApiError::Server {
            status: 500,
            message: None
        }));
        assert!(needs_alert(&bad_request(&[])));
        assert!(needs_alert(&bad_request(&[Some("name"), None])));
        assert!(needs_alert(&bad_request(&[Some("metadata")])));
        assert!(FieldMessages::from_error(&bad_request(&[None])).is_empty());
    }
}
