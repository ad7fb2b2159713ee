//! Asks before unsaved edits are lost. While a form is dirty it intercepts: closing or
//! reloading the tab (`beforeunload`, the browser's own prompt), clicks on links inside the
//! app (before the router sees them), and Back (through an extra history entry for the
//! page, see [`guard_unsaved_changes`]). Programmatic navigation (`use_navigate`) is not
//! visible to it: callers check [`confirm_leave`] first.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, MouseEvent};

use crate::platform::dom::Listener;
use crate::router::followed_link;

/// The question asked before leaving with unsaved changes (English; asked through
/// `i18n::t`).
pub const LEAVE_PROMPT: &str = "You have unsaved changes. Leave anyway?";

thread_local! {
    /// The dirty flags of the guarded pages now shown.
    static GUARDED: std::cell::RefCell<Vec<Signal<bool>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether a page shown now has unsaved changes (for actions that rebuild every page,
/// such as switching the language).
pub fn unsaved_changes() -> bool {
    GUARDED.with_borrow(|pages| {
        pages
            .iter()
            .any(|dirty| dirty.try_get_untracked().unwrap_or(false))
    })
}

/// Whether leaving is fine: nothing unsaved, or the admin confirmed.
pub fn confirm_leave(dirty: bool) -> bool {
    !dirty
        || web_sys::window()
            .and_then(|w| w.confirm_with_message(crate::i18n::t(LEAVE_PROMPT)).ok())
            .unwrap_or(true)
}

/// Guards the current page while `dirty` is true; the listeners are removed on cleanup.
pub fn guard_unsaved_changes(dirty: Signal<bool>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let here = window.location().href().unwrap_or_default();
    // The router reacts to `popstate` before any listener added later, and it cannot be
    // cancelled. So while dirty, a second entry for this same address is pushed: Back
    // then lands on this page again, and the guard asks. Staying pushes the entry again;
    // leaving (or a Back after the form became clean) goes back once more.
    let armed = RwSignal::new(false);
    let push_here = {
        let here = here.clone();
        move || {
            if let Ok(history) = window.history() {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&here));
            }
        }
    };
    Effect::new({
        let push_here = push_here.clone();
        move |_| {
            if dirty.get() && !armed.get_untracked() {
                push_here();
                armed.set(true);
            }
        }
    });
    let listeners = vec![
        Listener::on_window("beforeunload", false, move |ev| {
            if dirty.get_untracked() {
                ev.prevent_default();
            }
        }),
        Listener::on_window("click", true, move |ev| {
            if is_in_app_link_click(&ev) && !confirm_leave(dirty.get_untracked()) {
                ev.prevent_default();
            }
        }),
        Listener::on_window("popstate", false, move |_| {
            let back_here = web_sys::window().and_then(|w| w.location().href().ok());
            if !armed.get_untracked() || back_here.as_deref() != Some(here.as_str()) {
                return;
            }
            armed.set(false);
            if confirm_leave(dirty.get_untracked()) {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = history.back();
                }
            } else {
                push_here();
                armed.set(true);
            }
        }),
    ];
    let listeners = StoredValue::new_local(listeners);
    GUARDED.with_borrow_mut(|pages| pages.push(dirty));
    on_cleanup(move || {
        listeners.update_value(Vec::clear);
        GUARDED.with_borrow_mut(|pages| pages.retain(|page| *page != dirty));
    });
}

/// Whether `ev` is a plain left click on a link to another page of this origin (the kind
/// the router turns into in-app navigation).
fn is_in_app_link_click(ev: &Event) -> bool {
    let Some(link) = ev.dyn_ref::<MouseEvent>().and_then(followed_link) else {
        return false;
    };
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    link.href().starts_with(&format!("{origin}/"))
}
