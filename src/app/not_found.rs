//! The page for any URL no route matches.

use crate::router::use_location;
use crate::router::A;
use leptos::prelude::*;

use crate::i18n::{around, t};

/// Says the address leads nowhere and offers the way back to the token list.
#[component]
pub fn NotFound() -> impl IntoView {
    let path = use_location().pathname;
    let (before, after) = around(t("There is nothing at {}."));
    view! {
        <section class="page" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{t("Page not found")}</h1>
            <p>{before} <code>{move || path.get()}</code> {after}</p>
            <p>
                <A href="/tokens">{t("Back to tokens")}</A>
            </p>
        </section>
    }
}
