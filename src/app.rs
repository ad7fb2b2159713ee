//! The root component: router, page layout and the route table.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{path, NavigateOptions};

use crate::pages::{NotFound, TokensPage};

/// The product name, shown in the header.
pub const PRODUCT_NAME: &str = "Token admin";

/// The whole app: a header, then the page the URL selects inside the `main` landmark.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="app-header">
                <a class="brand" href="/tokens">{PRODUCT_NAME}</a>
                <nav class="app-nav" aria-label="Main">
                    <A href="/tokens">"Tokens"</A>
                </nav>
            </header>
            <main id="main" class="app-main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=RedirectToTokens />
                    <Route path=path!("/tokens") view=TokensPage />
                </Routes>
            </main>
        </Router>
    }
}

/// `/` has no page of its own: replace it with `/tokens` so Back does not bounce.
#[component]
fn RedirectToTokens() -> impl IntoView {
    let options = NavigateOptions {
        replace: true,
        ..Default::default()
    };
    view! { <Redirect path="/tokens" options /> }
}
