//! Deleting tokens: one (confirm, and when it is still in use, force with the id typed
//! out), or the selected ones in bulk (confirm, then a results panel).

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dialog::Dialog;
use super::shown_text::ShownText;
use super::unique_id;
use crate::api::{ApiError, Dependent};
use crate::bulk::{failed_ids, merge, summary, BulkItem, DeleteResult, Selection};
use crate::i18n::{around, t, tf};
use crate::session::use_session;
use crate::visible_text::plain;

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
    // Bumped on every opening and cancel: answers for an earlier one are dropped.
    let generation = StoredValue::new(0u32);
    let is_current = move |g: u32| generation.try_get_value() == Some(g) && open.get_untracked();

    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        generation.update_value(|g| *g += 1);
        let g = generation.get_value();
        step.set(Step::Confirm);
        dependents.set(None);
        force_message.set(None);
        error.set(None);
        busy.set(false);
        typed.set(String::new());
        let (Some(client), id) = (session.client(), id.get_untracked()) else {
            return;
        };
        spawn_local(async move {
            let found = client.dependents(&id).await;
            if is_current(g) {
                dependents.set(Some(found));
            }
        });
    });

    let delete = move |force: bool| {
        let (Some(client), id) = (session.client(), id.get_untracked()) else {
            return;
        };
        let g = generation.get_value();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = client.delete_token(&id, force).await;
            if !is_current(g) {
                return;
            }
            busy.set(false);
            match result {
                Ok(()) | Err(ApiError::NotFound { .. }) => on_done.run(DeleteOutcome::Deleted),
                Err(e @ ApiError::ForceRequired { .. }) if !force => {
                    force_message.set(Some(e.user_message()));
                    step.set(Step::Force);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let cancel = move || {
        generation.update_value(|g| *g += 1);
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
            let kind = d.kind.label();
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

/// With a selection: a toolbar ("N selected", **Delete selected**), a confirm dialog, then
/// one DELETE (without force) per token, in turn, and a results panel with each token's
/// outcome, **Retry failed** (only those that failed) and **Clear**. Uses the session
/// from context.
#[component]
pub fn BulkDelete(
    /// The selected ids; each one is unselected once its DELETE has been tried.
    selected: RwSignal<Selection>,
    /// Called after each run with the ids that are now gone.
    #[prop(into)]
    on_finished: Callback<Vec<String>>,
) -> impl IntoView {
    let session = use_session();
    let confirming = RwSignal::new(false);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let results = RwSignal::new(Vec::<BulkItem>::new());
    let chosen = move || selected.with(|s| s.ids().to_vec());
    let count = move || selected.with(Selection::len);

    let run = move |ids: Vec<String>| {
        let Some(client) = session.client() else {
            return;
        };
        let total = ids.len();
        progress.set(Some((0, total)));
        spawn_local(async move {
            let mut done = Vec::with_capacity(total);
            for id in ids {
                let result = DeleteResult::classify(&client.delete_token(&id, false).await);
                done.push(BulkItem { id, result });
                progress.set(Some((done.len(), total)));
            }
            results.update(|r| *r = merge(r, &done));
            progress.set(None);
            selected.update(|s| {
                for item in &done {
                    s.remove(&item.id);
                }
            });
            on_finished.run(
                done.into_iter()
                    .filter(|item| item.result == DeleteResult::Deleted)
                    .map(|item| item.id)
                    .collect(),
            );
        });
    };
    let start = move || {
        confirming.set(false);
        results.set(Vec::new());
        run(chosen());
    };
    let running = move || progress.with(Option::is_some);
    let title = Signal::derive(move || tf("Delete {}?", &[&tokens(count())]));

    view! {
        {move || {
            (count() > 0)
                .then(|| {
                    view! {
                        <div class="bulk-toolbar" role="group" aria-label=t("Selected tokens")>
                            <span class="bulk-count">
                                {move || tf("{} selected", &[&count().to_string()])}
                            </span>
                            <button
                                type="button"
                                class="button danger"
                                disabled=running
                                on:click=move |_| confirming.set(true)
                            >
                                {t("Delete selected")}
                            </button>
                        </div>
                    }
                    .into_any()
                })
        }}
        <Dialog open=confirming title=title on_close=move |()| confirming.set(false)>
            <p>{t("These tokens will be deleted:")}</p>
            <ul class="dialog-list">
                {move || {
                    chosen()
                        .into_iter()
                        .map(|id| view! { <li><code><ShownText text=id /></code></li> }.into_any())
                        .collect_view()
                }}
            </ul>
            <p>
                {t(
                    "Tokens still used by an agent or MCP server are left as they are; delete those one at a time.",
                )}
            </p>
            <p>{t("This cannot be undone.")}</p>
            <div class="dialog-actions">
                <button type="button" class="button danger" on:click=move |_| start()>
                    {t("Delete")}
                </button>
                <button type="button" class="button" autofocus on:click=move |_| confirming.set(false)>
                    {t("Cancel")}
                </button>
            </div>
        </Dialog>
        {move || {
            progress
                .get()
                .map(|(done, total)| {
                    view! {
                        <p class="bulk-progress" role="status">
                            {tf("Deleting… {} of {}", &[&done.to_string(), &total.to_string()])}
                        </p>
                    }
                        .into_any()
                })
        }}
        {move || (!results.with(Vec::is_empty)).then(|| results_panel(results, running, run))}
    }
}

/// "1 token", "3 tokens".
fn tokens(count: usize) -> String {
    if count == 1 {
        t("1 token").into()
    } else {
        tf("{} tokens", &[&count.to_string()])
    }
}

/// The outcome of the last bulk delete, per token, with Retry failed and Clear.
fn results_panel(
    results: RwSignal<Vec<BulkItem>>,
    running: impl Fn() -> bool + Copy + Send + Sync + 'static,
    run: impl Fn(Vec<String>) + Copy + Send + Sync + 'static,
) -> AnyView {
    let heading_id = unique_id("bulk-results");
    let labelled_by = heading_id.clone();
    let items = move || {
        results
            .get()
            .into_iter()
            .map(|item| {
                let detail = item
                    .result
                    .message()
                    .map(|m| view! { " — " <ShownText text=m.to_owned() /> });
                view! {
                    <li class=format!("bulk-result {}", item.result.label().replace(' ', "-"))>
                        <code><ShownText text=item.id /></code>
                        ": "
                        <strong>{t(item.result.label())}</strong>
                        {detail}
                    </li>
                }
            })
            .collect_view()
    };
    let failed = move || results.with(|r| failed_ids(r));
    view! {
        <section class="bulk-results" aria-labelledby=labelled_by>
            <h2 id=heading_id>{t("Bulk delete results")}</h2>
            <p class="bulk-summary" role="status">{move || results.with(|r| summary(r))}</p>
            <ul>{items}</ul>
            <div class="dialog-actions">
                {move || {
                    (!failed().is_empty())
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button"
                                    disabled=running
                                    on:click=move |_| run(failed())
                                >
                                    {t("Retry failed")}
                                </button>
                            }
                            .into_any()
                        })
                }}
                <button type="button" class="button" disabled=running on:click=move |_| results.set(Vec::new())>
                    {t("Clear")}
                </button>
            </div>
        </section>
    }
    .into_any()
}
