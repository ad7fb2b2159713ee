//! `/tokens/{id}`: one token's details, what uses it, and a rename form with optimistic
//! locking. The form freezes the copy it started from (the baseline); a 409 shows what
//! changed and lets the admin choose, and a background check warns when it goes stale.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{ApiError, Client, Dependent, DependentKind, Token, TokenDraft};
use crate::components::CopyButton;
use crate::components::{
    timestamp, ConflictView, DeleteOutcome, DeleteTokenFlow, LiveRegion, SecretInput, SecretText,
    ShownText,
};
use crate::i18n::{around, t, tf};
use crate::merge::{keep_mine, take_theirs, version_of, Edits};
use crate::session::use_session;
use crate::unsaved_guard::guard_unsaved_changes;

/// How often an open form checks whether the token changed on the server.
const STALE_CHECK_EVERY: Duration = Duration::from_secs(30);

/// The fields the staleness check asks for.
const STALE_CHECK_FIELDS: &[&str] = &["id", "metadata"];

/// The token detail page.
#[component]
pub fn TokenDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let just_created = move || query.with(|q| q.get("created").as_deref() == Some("1"));
    let session = use_session();

    let token = RwSignal::new(None::<Result<Token, ApiError>>);
    Effect::new(move |_| {
        let id = id.get();
        let Some(client) = session.client() else {
            return;
        };
        token.set(None);
        spawn_local(async move { token.set(Some(client.get_token(&id).await)) });
    });

    view! {
        <section class="page token-detail-page" aria-labelledby="token-title">
            {move || match token.get() {
                None => view! {
                    <h1 id="token-title">{t("Token")}</h1>
                    <p class="lead" role="status">{t("Loading…")}</p>
                }
                .into_any(),
                Some(Err(ApiError::NotFound { .. })) => view! {
                    <h1 id="token-title">{t("Token not found")}</h1>
                    <p>{no_such_token(id.get_untracked())}</p>
                    <p><a href="/tokens">{t("Back to tokens")}</a></p>
                }
                .into_any(),
                Some(Err(e)) => view! {
                    <h1 id="token-title">{t("Token")}</h1>
                    <p class="form-error" role="alert">{e.user_message()}</p>
                    <p><a href="/tokens">{t("Back to tokens")}</a></p>
                }
                .into_any(),
                Some(Ok(loaded)) => view! {
                    <TokenView loaded=loaded just_created=just_created() />
                }
                .into_any(),
            }}
        </section>
    }
}

/// "There is no token “id”. It may have been deleted.", the id shown as text.
fn no_such_token(id: String) -> impl IntoView {
    let (before, after) = around(t("There is no token “{}”. It may have been deleted."));
    view! { {before} <ShownText text=id /> {after} }
}

/// A loaded token: facts, users, and the rename form when the session may change tokens.
#[component]
fn TokenView(loaded: Token, just_created: bool) -> impl IntoView {
    let session = use_session();
    // A memo: a renewed session with the same rights must not re-create the form.
    let read_only = Memo::new(move |_| session.get().and_then(|s| s.read_only_reason()));
    let id = loaded.id.clone();
    // The copy the form started from: replaced only by a save, "Take theirs" or a recreate.
    let baseline = RwSignal::new(loaded);
    let title = move || {
        baseline.with(|t| {
            t.name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| t.id.clone())
        })
    };
    view! {
        <div class="page-head">
            <h1 id="token-title"><ShownText text=Signal::derive(title) /></h1>
            <p><a href="/tokens">{t("Back to tokens")}</a></p>
        </div>
        {just_created.then(|| view! {
            <p class="notice" role="status">
                {t("Token created. Its value is stored and will not be shown again.")}
            </p>
        })}
        <TokenFacts token=baseline />
        <UsedBy id=id.clone() />
        {move || match read_only.get() {
            Some(reason) => view! { <p class="read-only-note">{reason}</p> }.into_any(),
            None => view! {
                <RenameForm id=id.clone() baseline=baseline />
                <DeleteSection id=id.clone() />
            }
            .into_any(),
        }}
    }
}

/// Deleting this token: the same confirm and force dialogs as the list; back to the list after.
#[component]
fn DeleteSection(id: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let navigate = use_navigate();
    let on_done = Callback::new(move |outcome: DeleteOutcome| {
        open.set(false);
        if outcome == DeleteOutcome::Deleted {
            navigate("/tokens", Default::default());
        }
    });
    view! {
        <div class="danger-zone">
            <h2>{t("Delete this token")}</h2>
            <p>{t("Agents and MCP servers that use it will lose access to it.")}</p>
            <button type="button" class="button danger" on:click=move |_| open.set(true)>
                {t("Delete token")}
            </button>
            <DeleteTokenFlow id=Signal::stored(id) open=open on_done=on_done />
        </div>
    }
}

/// Id, name, timestamps (relative, the exact time on hover) and version as a description
/// list.
#[component]
fn TokenFacts(#[prop(into)] token: Signal<Token>) -> impl IntoView {
    let meta = move || token.with(|t| t.metadata.clone().unwrap_or_default());
    view! {
        <dl class="token-facts">
            <dt>{t("ID")}</dt>
            <dd><code id="token-id-value"><ShownText text=Signal::derive(move || token.with(|t| t.id.clone())) /></code></dd>
            <dd class="copy-fact">
                <CopyButton id=Signal::derive(move || token.with(|t| t.id.clone())) shown_in="token-id-value" />
            </dd>
            <dt>{t("Name")}</dt>
            <dd>
                <ShownText text=Signal::derive(move || {
                    token.with(|t| t.name.clone().unwrap_or_default())
                }) />
            </dd>
            <dt>{t("Created")}</dt>
            <dd>{move || timestamp(meta().created_at)}</dd>
            <dt>{t("Modified")}</dt>
            <dd>{move || timestamp(meta().modified_at)}</dd>
            <dt>{t("Version")}</dt>
            <dd>{move || meta().version.map_or_else(|| "—".into(), |v| v.to_string())}</dd>
        </dl>
    }
}

/// The agents and MCP servers that use the token.
#[component]
fn UsedBy(id: String) -> impl IntoView {
    // A signal set once by a task rather than a resource: the lookup runs once, on opening,
    // and the bundle then needs no async-resource machinery.
    let dependents = RwSignal::new(None::<Result<Vec<Dependent>, ApiError>>);
    match use_session().client() {
        Some(client) => {
            spawn_local(async move { dependents.set(Some(client.dependents(&id).await)) })
        }
        None => dependents.set(Some(Ok(Vec::new()))),
    }
    view! {
        <section class="used-by" aria-labelledby="used-by-title">
            <h2 id="used-by-title">{t("Used by")}</h2>
            {move || match dependents.get() {
                None => view! { <p role="status">{t("Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.user_message()}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p>{t("Not used by any agent or MCP server")}</p> }.into_any()
                }
                Some(Ok(list)) => view! { <DependentsTable list=list /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DependentsTable(list: Vec<Dependent>) -> impl IntoView {
    let status = |d: &Dependent| match (d.kind, d.enabled) {
        (_, Some(true)) => t("Enabled"),
        (_, Some(false)) => t("Disabled"),
        (DependentKind::Agent, None) => t("Unknown"),
        (DependentKind::McpServer, None) => "—",
    };
    view! {
        <table class="dependents">
            <thead>
                <tr>
                    <th scope="col">{t("Kind")}</th>
                    <th scope="col">{t("Name")}</th>
                    <th scope="col">{t("ID")}</th>
                    <th scope="col">{t("Status")}</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|d| {
                        let kind = d.kind.label();
                        let state = status(&d);
                        view! {
                            <tr>
                                <td>{kind}</td>
                                <td><ShownText text=d.name /></td>
                                <td><code><ShownText text=d.id /></code></td>
                                <td>{state}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// What a save ended with.
enum Outcome {
    /// Saved; the fresh server copy.
    Saved(Token),
    /// 409; the server copy now.
    Conflict(Token),
    /// 404: the token was deleted meanwhile.
    Gone,
}

/// PUTs `draft`, then reads the token back (after a save or a 409).
async fn save(client: Client, id: String, draft: TokenDraft) -> Result<Outcome, ApiError> {
    let fresh = |result: Result<Token, ApiError>, wrap: fn(Token) -> Outcome| match result {
        Ok(token) => Ok(wrap(token)),
        Err(ApiError::NotFound { .. }) => Ok(Outcome::Gone),
        Err(e) => Err(e),
    };
    match client.put_token(&id, &draft).await {
        Ok(_) => fresh(client.get_token(&id).await, Outcome::Saved),
        Err(ApiError::Conflict { .. }) => fresh(client.get_token(&id).await, Outcome::Conflict),
        Err(ApiError::NotFound { .. }) => Ok(Outcome::Gone),
        Err(e) => Err(e),
    }
}

/// The rename form with conflict handling, recreate-after-delete and a staleness check.
#[component]
fn RenameForm(id: String, baseline: RwSignal<Token>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(baseline.with_untracked(|t| Edits::of(t).name));
    let saving = RwSignal::new(false);
    let notice = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let theirs = RwSignal::new(None::<Token>);
    let gone = RwSignal::new(false);
    let discarded = RwSignal::new(false);
    let newer = RwSignal::new(None::<u64>);
    let value = SecretText::new();

    let dirty = Signal::derive(move || {
        !discarded.get() && baseline.with(|b| Edits::of(b).name) != name.get()
    });
    guard_unsaved_changes(dirty);

    let start_from = move |token: Token| {
        name.set(take_theirs(&token).name);
        baseline.set(token);
        theirs.set(None);
        newer.set(None);
        gone.set(false);
    };
    let id = StoredValue::new(id);
    let run = move |draft: TokenDraft, done: &'static str| {
        let Some(client) = session.client() else {
            return;
        };
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        notice.set(String::new());
        error.set(None);
        let id = id.get_value();
        spawn_local(async move {
            let outcome = save(client, id, draft).await;
            saving.set(false);
            match outcome {
                Ok(Outcome::Saved(token)) => {
                    start_from(token);
                    value.clear();
                    notice.set(done.to_owned());
                }
                Ok(Outcome::Conflict(token)) => {
                    newer.set(None);
                    theirs.set(Some(token));
                }
                Ok(Outcome::Gone) => {
                    theirs.set(None);
                    gone.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if dirty.get_untracked() {
            let version = baseline.with_untracked(version_of);
            run(
                TokenDraft::update(name.get_untracked(), version),
                t("Saved."),
            );
        }
    };
    let on_keep_mine = Callback::new(move |()| {
        let Some(server) = theirs.get_untracked() else {
            return;
        };
        let mine = Edits {
            name: name.get_untracked(),
        };
        run(
            baseline.with_untracked(|base| keep_mine(base, &mine, &server)),
            t("Saved."),
        );
    });
    let on_take_theirs = Callback::new(move |()| {
        if let Some(server) = theirs.get_untracked() {
            start_from(server);
            notice.set(t("The form now shows the server's copy.").into());
        }
    });
    let on_recreate = move |_| {
        if value.is_blank() {
            value.focus();
            return;
        }
        run(
            TokenDraft::create(name.get_untracked(), value.to_secret()),
            t("Token recreated. Its value is stored and will not be shown again."),
        );
    };
    let on_discard = move |_| {
        discarded.set(true);
        value.clear();
        navigate("/tokens", Default::default());
    };

    watch_for_changes(id, baseline, newer, gone);
    on_cleanup(move || value.clear());

    let name_error = move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field_message("name"))
                .map(str::to_owned)
        })
    };
    let value_error = move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field_message("value"))
                .map(str::to_owned)
        })
    };
    let other_error = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.field_message("name").is_none() && e.field_message("value").is_none())
                .map(ApiError::user_message)
        })
    };
    let loaded = Signal::derive(move || baseline.get());
    let mine = Signal::derive(move || name.get());

    view! {
        <form class="edit-form rename-form" aria-labelledby="rename-title" on:submit=on_submit novalidate=true>
            <h2 id="rename-title">{t("Rename")}</h2>
            {move || newer.get().map(|v| view! {
                <p class="stale-banner" role="status">
                    {tf(
                        "This token was changed (now version {}). Saving will show what changed.",
                        &[&v.to_string()],
                    )}
                </p>
            })}
            <div class="field">
                <label for="token-name">{t("Name")}</label>
                <input
                    id="token-name"
                    type="text"
                    required=true
                    autocomplete="off"
                    bind:value=name
                    aria-invalid=move || name_error().map(|_| "true")
                    aria-describedby=move || name_error().map(|_| "token-name-error")
                />
                {move || name_error().map(|m| view! { <p id="token-name-error" class="field-error">{m}</p> })}
            </div>
            {move || other_error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || !dirty.get() || saving.get()
                >
                    {move || if saving.get() { t("Saving…") } else { t("Save") }}
                </button>
            </div>
            <LiveRegion message=notice />
        </form>
        {move || theirs.get().map(|server| view! {
            <ConflictView
                loaded=loaded
                mine=mine
                theirs=server
                on_keep_mine=on_keep_mine
                on_take_theirs=on_take_theirs
            />
        })}
        <Show when=move || gone.get()>
            <section class="token-gone" aria-labelledby="gone-title">
                <h2 id="gone-title">{t("This token was deleted")}</h2>
                <p>
                    {t(
                        "Someone deleted it while you were editing. Recreate it under the name in the form (it needs a value), or discard your edit.",
                    )}
                </p>
                <SecretInput label=t("Value") secret=value error=Signal::derive(value_error) />
                <div class="form-actions">
                    <button type="button" class="button primary" on:click=on_recreate disabled=move || saving.get()>
                        {t("Recreate")}
                    </button>
                    <button type="button" class="button" on:click=on_discard.clone()>
                        {t("Discard")}
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// While the form is open, re-reads the token's version on window focus and every
/// [`STALE_CHECK_EVERY`], and sets `newer` when it moved past the baseline's.
fn watch_for_changes(
    id: StoredValue<String>,
    baseline: RwSignal<Token>,
    newer: RwSignal<Option<u64>>,
    gone: RwSignal<bool>,
) {
    let session = use_session();
    let check = move || {
        let (Some(client), Some(false)) = (session.client(), gone.try_get_untracked()) else {
            return;
        };
        let id = id.get_value();
        spawn_local(async move {
            let Ok(now) = client.get_token_fields(&id, STALE_CHECK_FIELDS).await else {
                return;
            };
            let now = version_of(&now);
            let loaded = baseline.try_with_untracked(version_of).flatten();
            if now.is_some() && now != loaded {
                newer.try_set(now);
            }
        });
    };
    let focus = window_event_listener(ev::focus, move |_| check());
    let timer = set_interval_with_handle(check, STALE_CHECK_EVERY).ok();
    on_cleanup(move || {
        focus.remove();
        if let Some(timer) = timer {
            timer.clear();
        }
    });
}
