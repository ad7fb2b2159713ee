//! A "Copy id" button: writes an id to the clipboard and says so — "Copied" on the button
//! for two seconds and "Id copied" in a polite live region. Where the browser allows no
//! clipboard (an insecure context, a refused permission) it says so and selects the id
//! on the page instead, ready to be copied by hand.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use super::status::LiveRegion;
use crate::i18n::{t, tf};
use crate::ui::visible_text::plain;

/// How long the button says "Copied".
const COPIED_FOR: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copy {
    Idle,
    Copied,
    Failed,
}

/// The button (accessible name "Copy id <id>") and its messages.
#[component]
pub fn CopyButton(
    /// The id to copy.
    #[prop(into)]
    id: Signal<String>,
    /// The DOM id of the element showing the id, selected when copying fails.
    #[prop(into)]
    shown_in: String,
) -> impl IntoView {
    let state = RwSignal::new(Copy::Idle);
    // Bumped per click: a late answer or timer of an earlier click changes nothing.
    let clicks = StoredValue::new(0u32);
    let on_click = move |_| {
        clicks.update_value(|n| *n += 1);
        let click = clicks.get_value();
        let is_current = move || clicks.try_get_value() == Some(click);
        state.set(Copy::Idle);
        let shown_in = shown_in.clone();
        write_text(
            &id.get_untracked(),
            Box::new(move |copied| {
                if !is_current() {
                    return;
                }
                if copied {
                    state.set(Copy::Copied);
                    set_timeout(
                        move || {
                            if is_current() {
                                state.try_set(Copy::Idle);
                            }
                        },
                        COPIED_FOR,
                    );
                } else {
                    state.set(Copy::Failed);
                    select_contents(&shown_in);
                }
            }),
        );
    };
    let announcement = Signal::derive(move || {
        match state.get() {
            Copy::Idle => "",
            Copy::Copied => t("Id copied"),
            Copy::Failed => t("Could not copy — select the id and copy it"),
        }
        .to_owned()
    });

    view! {
        <span class="copy-button">
            <button
                type="button"
                class="button small"
                aria-label=move || tf("Copy id {}", &[&plain(&id.get())])
                on:click=on_click
            >
                {move || if state.get() == Copy::Copied { t("Copied") } else { t("Copy id") }}
            </button>
            <Show when=move || state.get() == Copy::Failed>
                // Announced by the live region; shown here for sighted users.
                <span class="copy-failed" aria-hidden="true">
                    {t("Could not copy — select the id and copy it")}
                </span>
            </Show>
            <LiveRegion message=announcement visually_hidden=true />
        </span>
    }
}

/// Writes `text` to the clipboard, then calls `done` with whether it worked. Without a
/// clipboard (`navigator.clipboard` is missing outside secure contexts) it fails at once.
fn write_text(text: &str, done: Box<dyn FnOnce(bool)>) {
    let clipboard = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        return done(false);
    };
    let promise = clipboard
        .unchecked_into::<web_sys::Clipboard>()
        .write_text(text);
    // One callback for both outcomes: `writeText` resolves with `undefined` and rejects
    // with an error object. Called once, so freed once.
    let settle = Closure::once_into_js(move |outcome: JsValue| done(outcome.is_undefined()));
    let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|then| then.dyn_into::<js_sys::Function>().ok());
    if let Some(then) = then {
        let _ = then.call2(&promise, &settle, &settle);
    }
}

/// Selects the text of the element with the DOM id `element_id`.
fn select_contents(element_id: &str) {
    let (Some(element), Ok(Some(selection))) = (
        crate::platform::dom::element_by_id(element_id),
        window().get_selection(),
    ) else {
        return;
    };
    let _ = selection.remove_all_ranges();
    let _ = selection.select_all_children(&element);
}
