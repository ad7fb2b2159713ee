//! Status pieces of a page: an error with Retry, an empty state and a polite live region.

use leptos::prelude::*;

use super::ShownText;
use crate::i18n::t;

/// An error message (`role="alert"`, announced at once) with a "Retry" button. The message
/// may carry the server's words, so it is shown like any API text: hidden and bidi
/// characters as visible markers, never obeyed.
#[component]
pub fn ErrorPanel(
    /// What went wrong, in words for the user.
    #[prop(into)]
    message: Signal<String>,
    /// Called when Retry is pressed.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert">
            <p><ShownText text=message /></p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {t("Retry")}
            </button>
        </div>
    }
}

/// A short note where a list would be, e.g. "No tokens match this search."
#[component]
pub fn EmptyState(
    /// The note.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    view! { <p class="empty-state">{move || text.get()}</p> }
}

/// A polite live region (`role="status"`): screen readers announce changes of `message`
/// when the user is idle. It stays in the document, so every change is announced.
#[component]
pub fn LiveRegion(
    /// What to announce; empty for nothing.
    #[prop(into)]
    message: Signal<String>,
    /// Keep it off screen (for text that is visible elsewhere, such as a row count).
    #[prop(optional)]
    visually_hidden: bool,
) -> impl IntoView {
    let class = if visually_hidden {
        "live-region visually-hidden"
    } else {
        "live-region"
    };
    view! {
        <div class=class role="status" aria-live="polite">
            {move || message.get()}
        </div>
    }
}
