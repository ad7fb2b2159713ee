//! The page for any URL no route matches.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Says the address leads nowhere and offers the way back to the token list.
#[component]
pub fn NotFound() -> impl IntoView {
    let path = use_location().pathname;
    view! {
        <section class="page" aria-labelledby="not-found-title">
            <h1 id="not-found-title">"Page not found"</h1>
            <p>"There is nothing at " <code>{move || path.get()}</code> "."</p>
            <p>
                <A href="/tokens">"Back to tokens"</A>
            </p>
        </section>
    }
}
