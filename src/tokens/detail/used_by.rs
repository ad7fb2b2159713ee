//! Who uses a token, on its page.

use leptos::prelude::*;

use ai_client::{ApiError, Dependent, DependentKind};

use crate::auth::session::use_session;
use crate::i18n::t;
use crate::platform::task::Tasks;
use crate::tokens::users::kind_label;
use crate::ui::{ApiErrorText, ShownText};

/// The agents and MCP servers that use the token.
#[component]
pub fn UsedBy(id: String) -> impl IntoView {
    // A signal set once by a task rather than a resource: the lookup runs once, on opening,
    // and the bundle then needs no async-resource machinery.
    let dependents = RwSignal::new(None::<Result<Vec<Dependent>, ApiError>>);
    match use_session().client() {
        Some(client) => {
            Tasks::new().spawn(async move { dependents.set(Some(client.dependents(&id).await)) })
        }
        None => dependents.set(Some(Ok(Vec::new()))),
    }
    view! {
        <section class="used-by" aria-labelledby="used-by-title">
            <h2 id="used-by-title">{t("Used by")}</h2>
            {move || match dependents.get() {
                None => view! { <p role="status">{t("Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert"><ShownText text=e.user_message() /></p> }.into_any(),
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
                        let kind = kind_label(d.kind);
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
