//! The token list's "Export…" control: a dialog to choose CSV or JSON, then a progress bar
//! with Cancel while every page of the current search is fetched, an error with Retry
//! (which resumes where it stopped), and finally the file as a download and "Exported N
//! tokens" in a live region. Uses the session from context.

use leptos::html;
use leptos::prelude::*;

use crate::auth::session::use_session;
use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use crate::tokens::export::fetch::{ExportError, Job};
use crate::tokens::export::{download, file_name, Collected, Format};
use crate::tokens::list_state::ListState;
use crate::tokens::users::unchecked_text;
use crate::ui::ApiErrorText;
use crate::ui::{thousands, unique_id, Dialog, ErrorPanel, LiveRegion};

/// Where the dialog is.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Choosing the format.
    Choose,
    /// Fetching pages.
    Running,
    /// Stopped by an error (the message); Retry resumes.
    Failed(String),
}

/// The "Export…" button and its dialog, exporting what `state` searches for, in its order.
#[component]
pub fn ExportTokens(
    /// The list's search and sort (its page and page size do not matter).
    #[prop(into)]
    state: Signal<ListState>,
    /// How many tokens the search matches, when known.
    #[prop(into)]
    total: Signal<Option<u64>>,
) -> impl IntoView {
    let session = use_session();
    let open = RwSignal::new(false);
    let format = RwSignal::new(Format::Csv);
    let phase = RwSignal::new(Phase::Choose);
    let progress = RwSignal::new((0usize, None::<u64>));
    let notice = RwSignal::new(String::new());
    let job = StoredValue::new_local(None::<Job>);
    let export = Tasks::new();
    let cancel_button = NodeRef::<html::Button>::new();
    let query_error = Signal::derive(move || {
        state
            .with(|s| s.api_query().err())
            .map(|e| tf("The search is not a valid query: {}", &[&e.to_string()]))
    });

    // Runs the job in `job` to its end: the download, or an error that keeps the job.
    let run = move || {
        let Some(client) = session.client() else {
            return;
        };
        let Some(mut current) = job.try_update_value(Option::take).flatten() else {
            return;
        };
        let tenant = session
            .get_untracked()
            .map(|s| s.tenant)
            .unwrap_or_default();
        let chosen = format.get_untracked();
        progress.set(current.progress());
        phase.set(Phase::Running);
        focus(cancel_button);
        export.spawn_latest(async move {
            let report = move |done, total| progress.set((done, total));
            let result = current.run(&client, &report).await;
            let failure = match result {
                Ok(()) => {
                    let (text, count) = current.write(chosen);
                    let name = file_name(&tenant, download::now(), chosen);
                    match download::save(&text, &name, chosen.media_type()) {
                        Ok(()) => {
                            phase.set(Phase::Choose);
                            open.set(false);
                            notice.set(exported(count));
                            return;
                        }
                        Err(_) => t("The browser did not accept the file. Try again."),
                    }
                    .to_owned()
                }
                Err(e) => failure_text(&e),
            };
            job.set_value(Some(current));
            phase.set(Phase::Failed(failure));
        });
    };

    let start = move || {
        let Ok(collected) = Collected::new(&state.get_untracked()) else {
            return;
        };
        notice.set(String::new());
        job.set_value(Some(Job::new(collected)));
        run();
    };
    let close = move || {
        export.cancel();
        if phase.get_untracked() != Phase::Choose {
            notice.set(t("Export cancelled").to_owned());
        }
        job.set_value(None);
        phase.set(Phase::Choose);
        open.set(false);
    };

    let progress_id = unique_id("export-progress");
    let radio_group = unique_id("export-format");
    let choose = move || {
        let radio_group = radio_group.clone();
        view! {
            <p>{t("Every token that matches the current search is exported, from all pages. Token values are never exported.")}</p>
            {move || total.get().map(|n| view! {
                <p class="export-count">{tf("Tokens to export: {}", &[&thousands(n)])}</p>
            })}
            {move || query_error.get().map(|m| view! { <p class="dialog-error" role="alert">{m}</p> })}
            <fieldset class="export-formats">
                <legend>{t("File format")}</legend>
                {format_choice(format, &radio_group, Format::Csv, t("CSV, for spreadsheets"))}
                {format_choice(format, &radio_group, Format::Json, t("JSON, for scripts"))}
            </fieldset>
        }
    };
    let running = move || {
        let progress_id = progress_id.clone();
        view! {
            <label class="export-progress-label" for=progress_id.clone()>
                {move || progress_text(progress.get())}
            </label>
            <progress
                id=progress_id
                class="export-progress"
                max=move || progress.get().1.map(|total| total.max(1).to_string())
                value=move || {
                    let (done, total) = progress.get();
                    total.map(|_| done.to_string())
                }
            ></progress>
        }
    };

    view! {
        <button type="button" class="button" on:click=move |_| open.set(true)>
            {t("Export…")}
        </button>
        <Dialog open=open title=t("Export tokens").to_owned() on_close=move |()| close()>
            {
                let (choose, running) = (choose.clone(), running.clone());
                move || match phase.get() {
                    Phase::Choose => choose().into_any(),
                    Phase::Running => running().into_any(),
                    Phase::Failed(message) => view! {
                        <ErrorPanel
                            message=message
                            on_retry=move |()| {
                                run();
                            }
                        />
                    }
                    .into_any(),
                }
            }
            <div class="dialog-actions">
                <Show when=move || phase.get() == Phase::Choose>
                    <button
                        type="button"
                        class="button primary"
                        autofocus
                        disabled=move || query_error.with(Option::is_some)
                        on:click=move |_| start()
                    >
                        {t("Start export")}
                    </button>
                </Show>
                <button type="button" class="button" node_ref=cancel_button on:click=move |_| close()>
                    {t("Cancel export")}
                </button>
            </div>
        </Dialog>
        <LiveRegion message=notice visually_hidden=true />
    }
}

/// One radio button of the format choice.
fn format_choice(
    format: RwSignal<Format>,
    group: &str,
    value: Format,
    label: &'static str,
) -> impl IntoView {
    view! {
        <label>
            <input
                type="radio"
                name=group.to_owned()
                value=value.extension()
                prop:checked=move || format.get() == value
                on:change=move |_| format.set(value)
            />
            {label}
        </label>
    }
}

/// "Exporting… 300 of 1,234", or without the total when the server gave none.
fn progress_text((done, total): (usize, Option<u64>)) -> String {
    let done = thousands(done as u64);
    match total {
        Some(total) => tf("Exporting… {} of {}", &[&done, &thousands(total)]),
        None => tf("Exporting… {}", &[&done]),
    }
}

/// "Exported 1,234 tokens".
fn exported(count: usize) -> String {
    match count {
        1 => t("Exported 1 token").to_owned(),
        n => tf("Exported {} tokens", &[&thousands(n as u64)]),
    }
}

/// What the dialog says when the export stopped.
fn failure_text(error: &ExportError) -> String {
    match error {
        ExportError::Api(e) => tf("The export stopped: {}", &[&e.user_message()]),
        ExportError::Unchecked(lists) => {
            let mut text = t("The export stopped: “used by” would be incomplete.").to_owned();
            for unchecked in lists {
                text.push(' ');
                text.push_str(&unchecked_text(unchecked));
            }
            text
        }
    }
}

/// Moves focus to `button` once it is rendered.
fn focus(button: NodeRef<html::Button>) {
    request_animation_frame(move || {
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    });
}
