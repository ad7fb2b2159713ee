//! Who uses a token, on its page.

use leptos::prelude::*;

use ai_client::{TokenUser, Usage};

use crate::auth::session::use_session;
use crate::i18n::t;
use crate::platform::task::Tasks;
use crate::tokens::users::{field_label, kind_label, state_label, unchecked_alerts};
use crate::ui::ShownText;

/// The agents, tools, MCP servers and OAuth configurations that use the token, read from
/// every page of their lists. A list that could not be read is named, and then the token
/// is never called unused.
#[component]
pub fn UsedBy(id: String) -> impl IntoView {
    // A signal set once by a task rather than a resource: the lookup runs once, on opening,
    // and the bundle then needs no async-resource machinery.
    let usage = RwSignal::new(None::<Usage>);
    // The page is behind `RequireSession`, so there is a client.
    if let Some(client) = use_session().client() {
        Tasks::new().spawn(async move { usage.set(Some(client.token_users(&id).await)) });
    }
    view! {
        <section class="used-by" aria-labelledby="used-by-title">
            <h2 id="used-by-title">{t("Used by")}</h2>
            {move || match usage.get() {
                None => view! { <p role="status">{t("Loading…")}</p> }.into_any(),
                Some(usage) => view! { <UsageView usage=usage /> }.into_any(),
            }}
        </section>
    }
}

/// The users found, the lists that could not be read, and what that means.
#[component]
pub fn UsageView(usage: Usage) -> impl IntoView {
    let summary = match (usage.users.is_empty(), usage.is_complete()) {
        (true, true) => Some(t(
            "Not used by any agent, tool, MCP server or OAuth configuration",
        )),
        (true, false) => Some(t(
            "No user found in what could be read, but it may still be in use.",
        )),
        (false, _) => None,
    };
    view! {
        {unchecked_alerts(&usage)}
        {summary.map(|text| view! { <p>{text}</p> })}
        {(!usage.users.is_empty()).then(|| view! { <UsersTable users=usage.users /> })}
    }
}

#[component]
fn UsersTable(users: Vec<TokenUser>) -> impl IntoView {
    view! {
        <table class="dependents">
            <thead>
                <tr>
                    <th scope="col">{t("Kind")}</th>
                    <th scope="col">{t("Name")}</th>
                    <th scope="col">{t("ID")}</th>
                    <th scope="col">{t("Status")}</th>
                    <th scope="col">{t("Uses it as")}</th>
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|user| {
                        let fields = user
                            .fields
                            .iter()
                            .map(|field| {
                                view! {
                                    <li>
                                        {field_label(field.kind)} " " <code>{field.path}</code>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <tr>
                                <td>{kind_label(user.kind)}</td>
                                <td><ShownText text=user.name.unwrap_or_default() /></td>
                                <td><code><ShownText text=user.id /></code></td>
                                <td>{state_label(user.enabled)}</td>
                                <td><ul class="used-as">{fields}</ul></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
