//! `/tokens`: the list of agentic tokens.

use leptos::prelude::*;

/// The token list page (placeholder until the list is built).
#[component]
pub fn TokensPage() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="tokens-title">
            <h1 id="tokens-title">"Tokens"</h1>
            <p class="lead">
                "Agentic tokens hold the secrets your AI agents and MCP servers use. "
                "The list of this tenant's tokens will appear here."
            </p>
        </section>
    }
}
