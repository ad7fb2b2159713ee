//! Deleting the selected tokens: confirm, one DELETE (without force) each, then a results
//! panel with Retry failed and, for the tokens still in use, who uses them.

use leptos::prelude::*;

use ai_client::References;

use super::bulk_outcome::{failed_ids, merge, summary, BulkItem, DeleteResult};
use super::selection::Selection;
use crate::auth::session::use_session;
use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use crate::tokens::users::{checking, unchecked_alerts, users_list};
use crate::ui::{unique_id, Dialog, ShownText};

/// With a selection: a toolbar ("N selected", **Delete selected**), a confirm dialog, then
/// one DELETE (without force) per token, in turn, and a results panel with each token's
/// outcome, **Retry failed** (only those that failed) and **Clear**. When some tokens are
/// still in use, the agents, tools, MCP servers and OAuth configurations that use them are
/// read once and listed under each. Uses the session from context.
#[component]
pub fn BulkDelete(
    /// The selected ids; each one is unselected once its DELETE has been tried.
    selected: RwSignal<Selection>,
    /// Called after each run with the ids that are now gone.
    #[prop(into)]
    on_finished: Callback<Vec<String>>,
) -> impl IntoView {
    let session = use_session();
    let work = Tasks::new();
    let confirming = RwSignal::new(false);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let results = RwSignal::new(Vec::<BulkItem>::new());
    // Who uses the tokens that need force: read once after a run that left some.
    let users = RwSignal::new(None::<References>);
    let reads = Tasks::new();
    let chosen = move || selected.with(|s| s.ids().to_vec());
    let count = move || selected.with(Selection::len);

    let run = move |ids: Vec<String>| {
        let Some(client) = session.client() else {
            return;
        };
        let total = ids.len();
        progress.set(Some((0, total)));
        reads.cancel();
        users.set(None);
        let mut done = Vec::with_capacity(total);
        // Every DELETE the admin confirmed is sent, even if the page goes meanwhile; the page
        // hears of each while it is there.
        work.finish_reporting(
            |report| async move {
                for id in ids {
                    let result = DeleteResult::classify(&client.delete_token(&id, false).await);
                    report.send(BulkItem { id, result });
                }
            },
            move |item: BulkItem| {
                done.push(item);
                progress.set(Some((done.len(), total)));
                if done.len() < total {
                    return;
                }
                let done = std::mem::take(&mut done);
                results.update(|r| *r = merge(r, &done));
                if results.with_untracked(|r| r.iter().any(BulkItem::needs_force)) {
                    if let Some(client) = session.client() {
                        reads
                            .spawn(async move { users.set(Some(client.token_references().await)) });
                    }
                }
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
            },
        );
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
                    "Tokens still used by an agent, tool, MCP server or OAuth configuration are left as they are; delete those one at a time.",
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
        {move || (!results.with(Vec::is_empty)).then(|| results_panel(results, users, running, run))}
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

/// Who uses the token `id`, once read.
fn users_of(users: RwSignal<Option<References>>, id: &str) -> AnyView {
    match users.with(|read| read.as_ref().map(|references| references.of(id))) {
        None => checking(),
        Some(usage) => view! {
            {unchecked_alerts(&usage)}
            {users_list(&usage.users)}
        }
        .into_any(),
    }
}

/// The outcome of the last bulk delete, per token, with Retry failed and Clear.
fn results_panel(
    results: RwSignal<Vec<BulkItem>>,
    users: RwSignal<Option<References>>,
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
                let used_by = item.needs_force().then(|| {
                    let id = item.id.clone();
                    move || users_of(users, &id)
                });
                view! {
                    <li class=format!("bulk-result {}", item.result.label().replace(' ', "-"))>
                        <code><ShownText text=item.id /></code>
                        ": "
                        <strong>{t(item.result.label())}</strong>
                        {detail}
                        {used_by}
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
