//! The last steps: re-pointing the chosen users (one after another, each outcome kept and
//! announced), "Retry failed", "Point back" per user, and — once nothing references the
//! old token any more — "Delete old token".

use leptos::prelude::*;

use ai_client::{ApiError, Repointed, Slots, Usage};

use super::kept::KeptInTab;
use super::new_token::Documents;
use super::progress::{Outcome, Planned, Progress};
use super::user_label::{label_id, user_label};
use crate::auth::session::use_session;
use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use crate::router::use_navigate;
use crate::tokens::list::token_href;
use crate::tokens::users::unchecked_alerts;
use crate::ui::{ApiErrorText, LiveRegion, ShownText};

/// Which way users are pointed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// From the old token to the new one.
    Forward,
    /// Back to the old token.
    Back,
}

/// How an attempt ended, in words.
pub fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Repointed => t("Re-pointed"),
        Outcome::Changed => t("Changed by someone else"),
        Outcome::Forbidden => t("Forbidden"),
        Outcome::Failed => t("Failed"),
        Outcome::PointedBack => t("Pointed back"),
    }
}

/// One planned user's state, as the list shows it.
fn outcome_label(user: &Planned) -> &'static str {
    match (user.chosen, user.outcome) {
        (false, _) => t("Not chosen"),
        (true, None) => t("Waiting"),
        (true, Some(outcome)) => outcome_text(outcome),
    }
}

/// Re-pointing, its outcomes, and finishing.
#[component]
pub fn RepointStep(
    progress: RwSignal<Option<Progress>>,
    documents: RwSignal<Option<Documents>>,
) -> impl IntoView {
    let session = use_session();
    let running = RwSignal::new(false);
    let announcement = RwSignal::new(String::new());
    // A "Point back" that did not happen; the row still says "Re-pointed".
    let back_failed = RwSignal::new(None::<String>);
    // The old token's users as last read: "Delete old token" needs none left.
    let remaining = RwSignal::new(None::<Usage>);
    let tasks = Tasks::new();
    let reads = Tasks::new();
    let ids = move || {
        progress.with_untracked(|p| p.as_ref().map(|p| (p.old_id.clone(), p.new_id.clone())))
    };
    let recheck = move || {
        let (Some(client), Some((old_id, _))) = (session.client(), ids()) else {
            return;
        };
        remaining.set(None);
        reads.spawn_latest(async move { remaining.set(Some(client.token_users(&old_id).await)) });
    };

    // Points `keys` (users of the plan) one after another, announcing each outcome.
    let run = move |keys: Vec<String>, direction: Direction| {
        let (Some(client), Some((old_id, new_id))) = (session.client(), ids()) else {
            return;
        };
        let (from, to) = match direction {
            Direction::Forward => (old_id, new_id),
            Direction::Back => (new_id, old_id),
        };
        // A document read before the plan is only good for the first pass.
        let mut read = documents
            .try_update_untracked(Option::take)
            .flatten()
            .filter(|_| direction == Direction::Forward)
            .unwrap_or_default();
        let work: Vec<_> = progress.with_untracked(|p| {
            p.iter()
                .flat_map(|p| &p.users)
                .filter(|u| keys.contains(&u.key()))
                .map(|u| {
                    (
                        u.key(),
                        u.user.kind,
                        u.user.id.clone(),
                        read.remove(&u.key()),
                    )
                })
                .collect()
        });
        running.set(true);
        back_failed.set(None);
        announcement.set(tf("Re-pointing {} users…", &[&work.len().to_string()]));
        tasks.finish_reporting(
            move |report| async move {
                for (key, kind, id, document) in work {
                    let slots = Slots::Referencing(&from);
                    let outcome = client.repoint(kind, &id, document, slots, &to).await;
                    report.send(Some((key, outcome)));
                }
                report.send(None);
            },
            move |report| match report {
                Some((key, repointed)) => {
                    let outcome = match (direction, repointed) {
                        (Direction::Forward, repointed) => Outcome::of(&repointed),
                        (Direction::Back, Repointed::Done) => Outcome::PointedBack,
                        (Direction::Back, repointed) => {
                            let who = key.split_once('/').map_or(key.as_str(), |(_, id)| id);
                            back_failed.set(Some(tf(
                                "{} was not pointed back: {}",
                                &[who, outcome_text(Outcome::of(&repointed))],
                            )));
                            Outcome::Repointed
                        }
                    };
                    progress.update(|p| {
                        if let Some(user) = p
                            .iter_mut()
                            .flat_map(|p| &mut p.users)
                            .find(|u| u.key() == key)
                        {
                            user.outcome = Some(outcome);
                        }
                    });
                    let (done, chosen) =
                        progress.with_untracked(|p| p.as_ref().map_or((0, 0), Progress::counts));
                    announcement.set(tf(
                        "{} of {} users re-pointed.",
                        &[&done.to_string(), &chosen.to_string()],
                    ));
                }
                None => {
                    running.set(false);
                    let left = progress.with_untracked(|p| {
                        p.as_ref()
                            .map_or(0, |p| p.users.iter().filter(|u| u.to_do()).count())
                    });
                    if left > 0 {
                        announcement.update(|a| {
                            a.push(' ');
                            a.push_str(&tf("{} need attention.", &[&left.to_string()]));
                        });
                    }
                    recheck();
                }
            },
        );
    };
    // Right after the token was created, every chosen user; on a resumed replacement, only
    // a re-check of who still uses the old token.
    let to_do = move || {
        progress.with(|p| {
            p.iter()
                .flat_map(|p| &p.users)
                .filter(|u| u.to_do())
                .map(Planned::key)
                .collect::<Vec<_>>()
        })
    };
    if documents.with_untracked(Option::is_some) {
        run(untrack(to_do), Direction::Forward);
    } else {
        recheck();
    }

    let never_tried = move || {
        progress.with(|p| {
            p.iter()
                .flat_map(|p| &p.users)
                .any(|u| u.chosen && u.outcome.is_none())
        })
    };
    let new_id =
        move || progress.with(|p| p.as_ref().map(|p| p.new_id.clone()).unwrap_or_default());

    view! {
        <h2>{t("3. Re-point")}</h2>
        <p>
            {move || tf("Users of the old token are pointed to the new token {}.", &[&new_id()])}
        </p>
        <LiveRegion message=Signal::derive(move || announcement.get()) />
        <ul class="repoint-outcomes" aria-label=t("Outcomes")>
            {move || {
                let users = progress.with(|p| p.as_ref().map(|p| p.users.clone()).unwrap_or_default());
                users
                    .into_iter()
                    .map(|planned| {
                        let key = planned.key();
                        let label = label_id("repoint", &key);
                        let back = (planned.outcome == Some(Outcome::Repointed)).then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button"
                                    aria-describedby=label.clone()
                                    disabled=move || running.get()
                                    on:click=move |_| run(vec![key.clone()], Direction::Back)
                                >
                                    {t("Point back")}
                                </button>
                            }
                        });
                        view! {
                            <li>
                                {user_label(&planned.user, label)}
                                ": " <strong class="outcome">{outcome_label(&planned)}</strong> " "
                                {back}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
        {move || back_failed.get().map(|text| view! { <p class="form-error" role="alert"><ShownText text=text /></p> })}
        <div class="form-actions">
            <Show when=move || !to_do().is_empty() && !running.get()>
                <button type="button" class="button primary" on:click=move |_| run(to_do(), Direction::Forward)>
                    {move || if never_tried() { t("Continue re-pointing") } else { t("Retry failed") }}
                </button>
            </Show>
        </div>
        <FinishStep progress=progress remaining=remaining running=running />
    }
}

/// "Delete old token" once no user references it; otherwise what keeps it.
#[component]
fn FinishStep(
    progress: RwSignal<Option<Progress>>,
    remaining: RwSignal<Option<Usage>>,
    running: RwSignal<bool>,
) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<ApiError>);
    let deleting = RwSignal::new(false);
    let tasks = Tasks::new();
    let delete = move |_| {
        let (Some(client), Some(p)) = (session.client(), progress.get_untracked()) else {
            return;
        };
        deleting.set(true);
        error.set(None);
        let navigate = navigate.clone();
        tasks.finish(
            async move {
                match client.delete_token(&p.old_id, false).await {
                    // Already gone counts as deleted.
                    Ok(()) | Err(ApiError::NotFound { .. }) => Ok(p),
                    Err(e) => Err(e),
                }
            },
            move |result| {
                deleting.set(false);
                match result {
                    Ok(p) => {
                        Progress::forget(&p.old_id);
                        navigate(&token_href(&p.new_id), Default::default());
                    }
                    Err(e) => error.set(Some(e)),
                }
            },
        );
    };
    view! {
        <h2>{t("4. Finish")}</h2>
        {move || match (running.get(), remaining.get()) {
            (true, _) => None,
            (false, None) => Some(view! { <p role="status">{t("Checking who still uses the old token…")}</p> }.into_any()),
            (false, Some(usage)) if usage.is_unused() => Some(view! {
                <p>{t("No agent, tool, MCP server or OAuth configuration uses the old token any more.")}</p>
                <button type="button" class="button danger" disabled=move || deleting.get() on:click=delete.clone()>
                    {t("Delete old token")}
                </button>
            }.into_any()),
            (false, Some(usage)) => Some(view! {
                {unchecked_alerts(&usage)}
                {(!usage.users.is_empty()).then(|| view! {
                    <p>{tf("Users still using the old token: {}. You can keep it and come back to this replacement later.", &[&usage.users.len().to_string()])}</p>
                })}
            }.into_any()),
        }}
        {move || error.get().map(|e| view! { <p class="form-error" role="alert"><ShownText text=e.user_message() /></p> })}
    }
}
