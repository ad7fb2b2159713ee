//! Deleting one token: confirm, and when it is still in use, force with the id typed out.

use leptos::html;
use leptos::prelude::*;

use ai_client::{ApiError, Usage};

use crate::auth::session::use_session;
use crate::i18n::{around, t, tf};
use crate::platform::task::Tasks;
use crate::tokens::users::{checking, unchecked_alerts, users_list};
use crate::ui::visible_text::plain;
use crate::ui::{unique_id, ApiErrorText, Dialog, ShownText};

/// How a [`DeleteTokenFlow`] ended.
#[derive(Debug, Clone, PartialEq)]
pub enum DeleteOutcome {
    /// The token is gone (or already was).
    Deleted,
    /// The token was force deleted; these were its users when the dialog opened, each now
    /// without it.
    ForceDeleted(Usage),
    /// The admin changed their mind.
    Cancelled,
}

impl DeleteOutcome {
    /// Whether the token is gone.
    pub fn is_deleted(&self) -> bool {
        *self != Self::Cancelled
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Confirm,
    Force,
}

/// A confirm dialog ("Delete <id>?", with the agents, tools, MCP servers and OAuth
/// configurations that use the token, read on opening; a list that could not be read is
/// named, with a warning that the token may still be in use). The DELETE is sent without
/// `force`, so the API refuses it while the token is in use; that leads to a second dialog
/// ("Force delete <id>?") whose **Force delete** works only once the id is typed exactly.
/// A 404 counts as deleted; other errors stay in the dialog. Uses the session from context.
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
    let usage = RwSignal::new(None::<Usage>);
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
        usage.set(None);
        force_message.set(None);
        error.set(None);
        busy.set(false);
        typed.set(String::new());
        let (Some(client), id) = (session.client(), id.get_untracked()) else {
            return;
        };
        work.spawn(async move { usage.set(Some(client.token_users(&id).await)) });
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
                    Ok(()) if force => on_done.run(
                        usage
                            .get_untracked()
                            .map_or(DeleteOutcome::Deleted, DeleteOutcome::ForceDeleted),
                    ),
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
                        {move || used_by(usage.get())}
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
                            usage=usage
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
    usage: RwSignal<Option<Usage>>,
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
    // The users read on opening; the server's own explanation when that found none or
    // could not read everything.
    let known = move || usage.get().filter(|u| !u.users.is_empty());
    let server_says = move || {
        usage
            .with(|u| {
                u.as_ref()
                    .is_none_or(|u| u.users.is_empty() || !u.is_complete())
            })
            .then(|| view! { <p><ShownText text=force_message.get().unwrap_or_default() /></p> })
    };
    view! {
        <p>
            {t(
                "Every agent, tool, MCP server and OAuth configuration that uses it will lose the token, and agents that lose their LLM settings' token will be disabled.",
            )}
        </p>
        {move || known().map(|u| users_list(&u.users))}
        {move || usage.get().map(|u| unchecked_alerts(&u))}
        {server_says}
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
fn used_by(usage: Option<Usage>) -> AnyView {
    let Some(usage) = usage else {
        return checking();
    };
    let summary = match (usage.users.is_empty(), usage.is_complete()) {
        (true, true) => t("Not used by any agent, tool, MCP server or OAuth configuration."),
        (false, _) => t("Used by:"),
        (true, false) => t(
            "It may still be in use by what could not be checked. If it is, the server refuses the delete, and you can then force it.",
        ),
    };
    view! {
        {unchecked_alerts(&usage)}
        <p>{summary}</p>
        {(!usage.users.is_empty()).then(|| users_list(&usage.users))}
    }
    .into_any()
}
