//! Deleting one token: confirm, and when it is still in use, force with the id typed out.

use leptos::html;
use leptos::prelude::*;

use ai_client::{ApiError, Dependent};

use crate::auth::session::use_session;
use crate::i18n::{around, t, tf};
use crate::platform::task::Tasks;
use crate::tokens::users::kind_label;
use crate::ui::visible_text::plain;
use crate::ui::{unique_id, ApiErrorText, Dialog, ShownText};

/// How a [`DeleteTokenFlow`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// The token is gone (or already was).
    Deleted,
    /// The admin changed their mind.
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Confirm,
    Force,
}

/// A confirm dialog ("Delete <id>?", with the agents and MCP servers that use the token,
/// fetched on opening). A plain DELETE that the API refuses because the token is in use
/// leads to a second dialog ("Force delete <id>?") whose **Force delete** works only once
/// the id is typed exactly. A 404 counts as deleted; other errors stay in the dialog.
/// Uses the session from context.
#[component]
pub fn DeleteTokenFlow(
    /// The token to delete.
    #[prop(into)]
    id: Signal<String>,
    /// Whether the flow is showing.
    #[prop(into)]
    open: Signal<bool>,
    /// Called once per opening, with how it ended; the parent then closes it.
    #[prop(into)]
    on_done: Callback<DeleteOutcome>,
) -> impl IntoView {
    let session = use_session();
    let step = RwSignal::new(Step::Confirm);
    let dependents = RwSignal::new(None::<Result<Vec<Dependent>, ApiError>>);
    let force_message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    // The reads and the DELETE of the current opening; a new opening or Cancel drops the
    // earlier answers (a DELETE already sent still runs to its end).
    let work = Tasks::new();

    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        work.cancel();
        step.set(Step::Confirm);
        dependents.set(None);
        force_message.set(None);
        error.set(None);
        busy.set(false);
        typed.set(String::new());
        let (Some(client), id) = (session.client(), id.get_untracked()) else {
            return;
        };
        work.spawn(async move { dependents.set(Some(client.dependents(&id).await)) });
    });

    let delete = move |force: bool| {
        let (Some(client), id) = (session.client(), id.get_untracked()) else {
            return;
        };
        busy.set(true);
        error.set(None);
        work.finish(
            async move { client.delete_token(&id, force).await },
            move |result| {
                busy.set(false);
                match result {
                    Ok(()) | Err(ApiError::NotFound { .. }) => on_done.run(DeleteOutcome::Deleted),
                    Err(e @ ApiError::ForceRequired { .. }) if !force => {
                        force_message.set(Some(e.user_message()));
                        step.set(Step::Force);
                    }
                    Err(e) => error.set(Some(e)),
                }
            },
        );
    };
    let cancel = move || {
        work.cancel();
        on_done.run(DeleteOutcome::Cancelled);
    };

    let title = Signal::derive(move || match step.get() {
        Step::Confirm => tf("Delete {}?", &[&plain(&id.get())]),
        Step::Force => tf("Force delete {}?", &[&plain(&id.get())]),
    });

    view! {
        <Dialog open=open title=title on_close=move |()| cancel()>
            {move || match step.get() {
                Step::Confirm => {
                    view! {
                        <p>{move || used_by(dependents.get())}</p>
                        {move || dependents.get().and_then(Result::ok).map(|d| dependents_list(&d))}
                        <p>{t("This cannot be undone.")}</p>
                        {error_alert(error)}
                        <div class="dialog-actions">
                            <button
                                type="button"
                                class="button danger"
                                disabled=move || busy.get()
                                on:click=move |_| delete(false)
                            >
                                {t("Delete")}
                            </button>
                            <button type="button" class="button" autofocus on:click=move |_| cancel()>
                                {t("Cancel")}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Step::Force => {
                    view! {
                        <ForceStep
                            id=id
                            dependents=dependents
                            force_message=force_message
                            typed=typed
                            busy=busy
                            error=error
                            on_force=move |()| delete(true)
                            on_cancel=move |()| cancel()
                        />
                    }
                        .into_any()
                }
            }}
        </Dialog>
    }
}

/// The second step's explanation and the type-the-id field (focused when it appears).
#[component]
fn ForceStep(
    id: Signal<String>,
    dependents: RwSignal<Option<Result<Vec<Dependent>, ApiError>>>,
    force_message: RwSignal<Option<String>>,
    typed: RwSignal<String>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    #[prop(into)] on_force: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let (input_id, hint_id) = (unique_id("force-id"), unique_id("force-id-hint"));
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    let known = move || {
        dependents
            .get()
            .and_then(Result::ok)
            .filter(|d| !d.is_empty())
    };
    view! {
        <p>
            {t(
                "The agents and MCP servers that use it will lose the token, and those agents will be disabled.",
            )}
        </p>
        {move || match known() {
            Some(list) => dependents_list(&list),
            None => view! { <p><ShownText text=force_message.get().unwrap_or_default() /></p> }
                .into_any(),
        }}
        <form on:submit=move |ev| {
                ev.prevent_default();
                if !busy.get_untracked() && typed.get_untracked() == id.get_untracked() {
                    on_force.run(());
                }
            }
        >
            <label for=input_id.clone()>{t("Type the token ID to confirm")}</label>
            <input
                id=input_id
                node_ref=input
                type="text"
                class="dialog-input"
                autocomplete="off"
                spellcheck="false"
                aria-describedby=hint_id.clone()
                bind:value=typed
            />
            <p id=hint_id class="field-hint">
                {type_exactly(id)}
            </p>
            {error_alert(error)}
            <div class="dialog-actions">
                <button
                    type="submit"
                    class="button danger"
                    disabled=move || busy.get() || typed.with(|t| *t != id.get())
                >
                    {t("Force delete")}
                </button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                    {t("Cancel")}
                </button>
            </div>
        </form>
    }
}

/// "Type <code>id</code> exactly.", the id where the current language puts it.
fn type_exactly(id: Signal<String>) -> impl IntoView {
    let (before, after) = around(t("Type {} exactly."));
    view! { {before} <code>{move || id.get()}</code> {after} }
}

/// The last error, as an alert with the API's message.
fn error_alert(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="dialog-error" role="alert">
                    <ShownText text=e.user_message() />
                </p>
            }
            .into_any()
        })
    }
}

/// What the confirm dialog says about who uses the token.
fn used_by(dependents: Option<Result<Vec<Dependent>, ApiError>>) -> String {
    match dependents {
        None => t("Checking which agents and MCP servers use it…").into(),
        Some(Ok(list)) if list.is_empty() => t("Not used by any agent or MCP server.").into(),
        Some(Ok(_)) => t("Used by:").into(),
        Some(Err(e)) => tf(
            "Could not check which agents and MCP servers use it. {}",
            &[&e.user_message()],
        ),
    }
}

/// "Agent support-agent (Support agent)", one item per dependent.
fn dependents_list(dependents: &[Dependent]) -> AnyView {
    let items = dependents
        .iter()
        .map(|d| {
            let kind = kind_label(d.kind);
            let name = (!d.name.is_empty() && d.name != d.id)
                .then(|| view! { " (" <ShownText text=d.name.clone() /> ")" });
            view! {
                <li>
                    {kind} " " <code><ShownText text=d.id.clone() /></code> {name}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="dialog-list">{items}</ul> }.into_any()
}
