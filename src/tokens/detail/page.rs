//! `/tokens/{id}`: one token's details, what uses it, the rename form and delete.

use crate::router::{href, use_navigate, use_params_map, use_query_map};
use leptos::prelude::*;

use ai_client::{ApiError, Token};

use super::rename_form::RenameForm;
use super::used_by::UsedBy;
use crate::auth::config::use_config;
use crate::auth::session::use_session;
use crate::i18n::{around, t};
use crate::platform::task::Tasks;
use crate::tokens::delete::{DeleteOutcome, DeleteTokenFlow};
use crate::tokens::replace::{
    replace_path, ForceDeleteSummary, KeptInTab, ReplacementNotice, Unassigned,
};
use crate::tokens::value_age::value_age;
use crate::ui::{timestamp, ApiErrorText, CopyButton, ShownText};

/// The token detail page.
#[component]
pub fn TokenDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let just_created = move || query.with(|q| q.get("created").as_deref() == Some("1"));
    let session = use_session();

    let token = RwSignal::new(None::<Result<Token, ApiError>>);
    // Latest wins: after a quick jump from one token to another, only the last one's
    // answer is shown.
    let loads = Tasks::new();
    Effect::new(move |_| {
        let id = id.get();
        let Some(client) = session.client() else {
            return;
        };
        token.set(None);
        loads.spawn_latest(async move { token.set(Some(client.get_token(&id).await)) });
    });

    view! {
        <section class="page token-detail-page" aria-labelledby="token-title">
            {move || match token.get() {
                None => view! {
                    <h1 id="token-title">{t("Token")}</h1>
                    <p class="lead" role="status">{t("Loading…")}</p>
                }
                .into_any(),
                Some(Err(ApiError::NotFound { .. })) => match Unassigned::load(&id.get_untracked()) {
                    // Force deleted in this tab: what that did, with a way to repair each user.
                    Some(summary) => view! {
                        <h1 id="token-title">{deleted_token(summary.token_id.clone())}</h1>
                        <ForceDeleteSummary summary=summary />
                        <p><a href=href("/tokens")>{t("Back to tokens")}</a></p>
                    }
                    .into_any(),
                    None => view! {
                        <h1 id="token-title">{t("Token not found")}</h1>
                        <p>{no_such_token(id.get_untracked())}</p>
                        <p><a href=href("/tokens")>{t("Back to tokens")}</a></p>
                    }
                    .into_any(),
                },
                Some(Err(e)) => view! {
                    <h1 id="token-title">{t("Token")}</h1>
                    <p class="form-error" role="alert"><ShownText text=e.user_message() /></p>
                    <p><a href=href("/tokens")>{t("Back to tokens")}</a></p>
                }
                .into_any(),
                Some(Ok(loaded)) => {
                    // After a force delete the page becomes the deleted token's summary.
                    let on_force_deleted = Callback::new(move |()| {
                        token.set(Some(Err(ApiError::NotFound { message: None })));
                    });
                    view! {
                        <TokenView loaded=loaded just_created=just_created() on_force_deleted=on_force_deleted />
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// "There is no token “id”. It may have been deleted.", the id shown as text.
fn no_such_token(id: String) -> impl IntoView {
    let (before, after) = around(t("There is no token “{}”. It may have been deleted."));
    view! { {before} <ShownText text=id /> {after} }
}

/// "Deleted: “id”", the id shown as text.
fn deleted_token(id: String) -> impl IntoView {
    let (before, after) = around(t("Deleted: “{}”"));
    view! { {before} <ShownText text=id /> {after} }
}

/// A loaded token: facts, users, and the rename form when the session may change tokens.
#[component]
fn TokenView(loaded: Token, just_created: bool, on_force_deleted: Callback<()>) -> impl IntoView {
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
            <p><a href=href("/tokens")>{t("Back to tokens")}</a></p>
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
                <ReplaceSection id=id.clone() />
                <RenameForm id=id.clone() baseline=baseline />
                <DeleteSection id=id.clone() on_force_deleted=on_force_deleted />
            }
            .into_any(),
        }}
    }
}

/// Replacing this token by a new one, and the notice of a replacement under way.
#[component]
fn ReplaceSection(id: String) -> impl IntoView {
    let navigate = use_navigate();
    let target = replace_path(&id);
    view! {
        <section class="replace-zone" aria-labelledby="replace-zone-title">
            <h2 id="replace-zone-title">{t("Replace this token")}</h2>
            <ReplacementNotice id=id />
            <p>{t("A new token for the same users: create it, re-point every agent, tool, MCP server and OAuth configuration that uses this one, then delete this one.")}</p>
            <button
                type="button"
                class="button"
                on:click=move |_| navigate(&target, Default::default())
            >
                {t("Replace token…")}
            </button>
        </section>
    }
}

/// Deleting this token: the same confirm and force dialogs as the list; back to the list
/// after a delete, or the summary of a force delete in place of the token.
#[component]
fn DeleteSection(id: String, on_force_deleted: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let navigate = use_navigate();
    let deleted = id.clone();
    let on_done = Callback::new(move |outcome: DeleteOutcome| {
        open.set(false);
        match outcome {
            DeleteOutcome::ForceDeleted(usage) => {
                Unassigned::of(&deleted, &usage).save();
                on_force_deleted.run(());
            }
            DeleteOutcome::Deleted => navigate("/tokens", Default::default()),
            DeleteOutcome::Cancelled => {}
        }
    });
    view! {
        <div class="danger-zone">
            <h2>{t("Delete this token")}</h2>
            <p>{t("Agents, tools, MCP servers and OAuth configurations that use it will lose access to it.")}</p>
            <button type="button" class="button danger" on:click=move |_| open.set(true)>
                {t("Delete token")}
            </button>
            <DeleteTokenFlow id=Signal::stored(id) open=open on_done=on_done />
        </div>
    }
}

/// Id, name, timestamps (relative, the exact time on hover), the value's age (with
/// "Rotation due" once due) and version as a description list.
#[component]
fn TokenFacts(#[prop(into)] token: Signal<Token>) -> impl IntoView {
    let meta = move || token.with(|t| t.metadata.clone().unwrap_or_default());
    let config = use_config();
    let rotation_days = Signal::derive(move || config.rotation_days());
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
            <dt>{t("Value age")}</dt>
            <dd>{move || value_age(meta().created_at.as_deref(), rotation_days)}</dd>
            <dt>{t("Modified")}</dt>
            <dd>{move || timestamp(meta().modified_at)}</dd>
            <dt>{t("Version")}</dt>
            <dd>{move || meta().version.map_or_else(|| "—".into(), |v| v.to_string())}</dd>
        </dl>
    }
}
