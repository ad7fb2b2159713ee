//! A new token's fields — name, id (suggested from the name until one is typed, checked as
//! typed, checked free on submit: a PUT to a taken id would overwrite that token), value
//! (typed once, with warnings that do not block, see `value_checks`) — and the create
//! request. Shared by the create page and the replace flow's first step, so both obey the
//! same rules: once the token exists its value is wiped from memory and from the page.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{around, t, tf};
use crate::platform::task::Tasks;
use crate::tokens::list::token_href;
use crate::tokens::token_id::{check_id, suggest_id, IdProblem, MAX_ID_CHARS};
use crate::tokens::value_checks::value_warnings;
use crate::ui::unsaved_guard::guard_unsaved_changes;
use crate::ui::{ApiErrorText, Field, SecretInput, SecretText, ShownText};
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
pub fn id_message(id: &str, submitted: bool) -> Option<String> {
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

/// The state of a new-token form, made in the body of the component that shows it: the
/// typed work is guarded against leaving, and the value is wiped when that component goes.
#[derive(Clone, Copy)]
pub struct NewTokenForm {
    /// The name as typed.
    pub name: RwSignal<String>,
    /// The id as typed or suggested.
    pub id: RwSignal<String>,
    /// Whether the admin typed an id of their own (it then stops following the name).
    id_typed: RwSignal<bool>,
    secret: SecretText,
    /// "Required" messages show after the first submit; id rules show as typed.
    submitted: RwSignal<bool>,
    server: RwSignal<FieldMessages>,
    taken: RwSignal<Option<String>>,
    alert: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    created: RwSignal<bool>,
    name_ref: NodeRef<html::Input>,
    id_ref: NodeRef<html::Input>,
}

impl NewTokenForm {
    /// A form starting with `name` and `id` (both may be empty); it is unsaved work once
    /// the name differs from that, an id is typed or a value is, until the token exists.
    pub fn new(name: String, id: String) -> Self {
        let first_name = name.trim().to_owned();
        let form = Self {
            name: RwSignal::new(name),
            id: RwSignal::new(id),
            id_typed: RwSignal::new(false),
            secret: SecretText::new(),
            submitted: RwSignal::new(false),
            server: RwSignal::new(FieldMessages::default()),
            taken: RwSignal::new(None),
            alert: RwSignal::new(None),
            busy: RwSignal::new(false),
            created: RwSignal::new(false),
            name_ref: NodeRef::new(),
            id_ref: NodeRef::new(),
        };
        let secret = form.secret;
        on_cleanup(move || secret.clear());
        guard_unsaved_changes(Signal::derive(move || {
            !form.created.get()
                && (form.name.with(|n| n.trim() != first_name)
                    || form.id_typed.get()
                    || !secret.is_blank())
        }));
        form
    }

    /// Proposes `id` unless the admin typed one meanwhile.
    pub fn suggest(&self, id: String) {
        if !self.id_typed.get_untracked() {
            self.id.set(id);
        }
    }

    /// Whether a create is on its way (tracked).
    pub fn busy(&self) -> bool {
        self.busy.get()
    }

    fn name_error(&self) -> Option<String> {
        (self.submitted.get() && self.name.with(|n| n.trim().is_empty()))
            .then(|| t("Enter a name.").to_owned())
            .or_else(|| self.server.with(|s| s.name.clone()))
    }

    fn id_error(&self) -> Option<String> {
        self.id
            .with(|id| id_message(id, self.submitted.get()))
            .or_else(|| self.server.with(|s| s.id.clone()))
    }

    /// The id, while it is one known to be taken.
    fn id_taken(&self) -> Option<String> {
        self.taken
            .get()
            .filter(|taken| self.id.with(|id| id == taken))
    }

    fn value_error(&self) -> Option<String> {
        (self.submitted.get() && self.secret.is_blank())
            .then(|| t("Enter the value.").to_owned())
            .or_else(|| self.server.with(|s| s.value.clone()))
    }

    /// Focuses the first field with a message; whether there was one.
    fn focus_first_problem(&self) -> bool {
        let focus = |input: NodeRef<html::Input>| {
            if let Some(input) = input.get_untracked() {
                let _ = input.focus();
            }
        };
        untrack(|| {
            if self.name_error().is_some() {
                focus(self.name_ref);
            } else if self.id_error().is_some() || self.id_taken().is_some() {
                focus(self.id_ref);
            } else if self.value_error().is_some() {
                self.secret.focus();
            } else {
                return false;
            }
            true
        })
    }

    /// Checks the fields (the first with a problem gets the focus), then creates the token
    /// with `client` through `tasks`: the create runs to its end even when the page is
    /// left. Once the token exists its value is wiped and `on_created` gets its id; a taken
    /// id, an update of a token created meanwhile, or a failure stays in the form.
    pub fn submit(
        &self,
        client: Option<Client>,
        tasks: Tasks,
        on_created: impl FnOnce(String) + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        self.submitted.set(true);
        self.server.set(FieldMessages::default());
        self.alert.set(None);
        if self.focus_first_problem() {
            return;
        }
        let Some(client) = client else {
            return;
        };
        let id = self.id.get_untracked();
        let name = self.name.with_untracked(|n| n.trim().to_owned());
        let value = self.secret.to_secret();
        self.busy.set(true);
        let form = *self;
        tasks.finish(create(client, id.clone(), name, value), move |outcome| {
            form.busy.set(false);
            match outcome {
                Outcome::Created => {
                    form.created.set(true);
                    form.secret.clear();
                    on_created(id);
                }
                Outcome::Taken => {
                    form.taken.set(Some(id));
                    form.focus_first_problem();
                }
                Outcome::Updated => {
                    form.alert.set(Some(tf(
                        "A token with the ID “{}” was created elsewhere while this one was \
                         being saved, so that token was updated instead. Check it before \
                         using it.",
                        &[&id],
                    )));
                    form.taken.set(Some(id));
                }
                Outcome::Failed(error) => {
                    let messages = FieldMessages::from_error(&error);
                    if needs_alert(&error) {
                        form.alert.set(Some(error.user_message()));
                    }
                    if !messages.is_empty() {
                        form.server.set(messages);
                        form.focus_first_problem();
                    }
                }
            }
        });
    }
}

/// The name, ID and value fields of a [`NewTokenForm`], and its form-level alert.
#[component]
pub fn NewTokenFields(
    form: NewTokenForm,
    /// Under the value field: what the value is.
    #[prop(into)]
    value_hint: String,
) -> impl IntoView {
    let name_error = Signal::derive(move || form.name_error());
    // The ID's own problem, else a note that it is taken with a link to that token.
    let id_message = Signal::derive(move || {
        form.id_error().or_else(|| {
            form.id_taken().map(|_| {
                t("A token with this ID already exists. Choose another ID, or open that token:")
                    .to_owned()
            })
        })
    });
    let open_taken = ViewFn::from(move || {
        form.id_error()
            .is_none()
            .then(|| form.id_taken())
            .flatten()
            .map(|id| {
                let (before, after) = around(t("Open {}"));
                view! { <a href=token_href(&id)>{before} {id.clone()} {after}</a> }
            })
    });
    let (name, id) = (form.name, form.id);
    view! {
        <Field
            label=t("Name")
            value=name
            input=form.name_ref
            required=true
            hint=t("A name people recognise, shown in the token list.")
            error=name_error
            on_input=move |text: String| {
                if !form.id_typed.get_untracked() {
                    id.set(suggest_id(&text));
                }
            }
        />
        <Field
            label=t("ID")
            value=id
            input=form.id_ref
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
            on_input=move |text: String| form.id_typed.set(!text.is_empty())
        />
        <SecretInput
            label=t("Value")
            secret=form.secret
            hint=value_hint
            error=Signal::derive(move || form.value_error())
            warnings=value_warnings(form.secret, move || [name.get(), id.get()])
        />
        <div role="alert" class="form-alert">
            {move || form.alert.get().map(|text| view! { <p><ShownText text=text /></p> })}
        </div>
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
