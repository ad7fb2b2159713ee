//! The root component: router, page layout and the route table.

use leptos::prelude::*;

use super::not_found::NotFound;
use crate::auth::config::provide_config;
use crate::auth::reauth::SignInAgainDialog;
use crate::auth::session::{provide_session, use_session, RequireSession};
use crate::auth::session_bar::SessionBar;
use crate::auth::SignInPage;
use crate::i18n::{provide_locale, t};
use crate::keyboard::{Keyboard, KeyboardLayer, ShortcutsButton};
use crate::prefs::theme::provide_theme;
use crate::prefs::{LanguageSwitch, ThemeSwitch};
use crate::router::{use_navigate, NavigateOptions, Route, Router, Routes, A};
use crate::tokens::create::TokenCreatePage;
use crate::tokens::detail::TokenDetailPage;
use crate::tokens::list::TokensPage;
use crate::tokens::replace::{PointUserPage, ReplaceTokenPage};
use crate::tokens::CREATE_PATH;
use crate::ui::stop_clock;

/// The product name, shown in the header.
pub const PRODUCT_NAME: &str = "Token admin";

/// The whole app: a header, then the page the URL selects inside the `main` landmark.
/// Switching the language re-renders everything below the providers (the URL, the session
/// and the theme stay).
#[component]
pub fn App() -> impl IntoView {
    provide_config();
    provide_session();
    provide_theme();
    let locale = provide_locale();
    on_cleanup(stop_clock);
    // Nothing until the language's texts are there (German is fetched when chosen).
    move || locale.ready().map(|_| routed_app())
}

/// The router with the header, the pages and the sign-in-again dialog.
fn routed_app() -> impl IntoView {
    let keyboard = Keyboard::default();
    view! {
        <Router>
            <header class="app-header">
                <a class="brand" href="/tokens">{PRODUCT_NAME}</a>
                <nav class="app-nav" aria-label=t("Main")>
                    <A href="/tokens">{t("Tokens")}</A>
                </nav>
                <SessionBar />
                <div class="header-tools">
                    <ShortcutsButton keyboard=keyboard />
                    <ThemeSwitch />
                    <LanguageSwitch />
                </div>
            </header>
            <main id="main" class="app-main">
                <Pages />
            </main>
            // Opens over whatever page is shown when the API refuses the session's token.
            <SignInAgainDialog />
            // Global shortcuts, the command palette and the shortcut sheet.
            <KeyboardLayer keyboard=keyboard />
        </Router>
    }
}

/// The page the address selects. Standalone and embedded share it; embedded (a host page
/// signs in), there is no sign-in page.
#[component]
pub fn Pages() -> impl IntoView {
    let mut routes = vec![
        Route::new("/", RedirectToTokens),
        Route::new(
            "/tokens",
            || view! { <RequireSession><TokensPage /></RequireSession> },
        ),
        Route::new(CREATE_PATH, || {
            view! { <RequireSession><TokenCreatePage /></RequireSession> }
        }),
        Route::new("/tokens/:id", || {
            view! { <RequireSession><TokenDetailPage /></RequireSession> }
        }),
        Route::new("/tokens/:id/replace", || {
            view! { <RequireSession><ReplaceTokenPage /></RequireSession> }
        }),
        Route::new("/tokens/:id/unassigned/:kind/:user", || {
            view! { <RequireSession><PointUserPage /></RequireSession> }
        }),
    ];
    if !use_session().hosted() {
        routes.push(Route::new("/sign-in", SignInPage));
    }
    view! { <Routes routes=routes fallback=NotFound /> }
}

/// `/` has no page of its own: replace it with `/tokens` so Back does not bounce.
#[component]
fn RedirectToTokens() -> impl IntoView {
    let navigate = use_navigate();
    Effect::new(move |_| {
        navigate(
            "/tokens",
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        )
    });
}
