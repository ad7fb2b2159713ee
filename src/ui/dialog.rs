//! A modal dialog on the native `<dialog>` element.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::unique_id;
use crate::platform::dom;

/// A modal opened with `showModal()`: the browser traps focus and makes the rest of the
/// page inert. Esc (or any other way of closing) calls `on_close`; the parent then sets
/// `open` to false. The heading names the dialog; the first control with `autofocus` (else
/// the first focusable one) gets focus on opening, and focus goes back to whatever had it
/// before once the dialog closes. The children exist only while it is open.
#[component]
pub fn Dialog(
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// The heading, which is also the dialog's accessible name.
    #[prop(into)]
    title: Signal<String>,
    /// Asked to close: Esc, or the dialog closed some other way.
    #[prop(into)]
    on_close: Callback<()>,
    /// The body: text, fields and buttons.
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let heading_id = unique_id("dialog-title");
    let labelled_by = heading_id.clone();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let request_close = move || {
        if open.get_untracked() {
            on_close.run(());
        }
    };

    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        let Some(dialog) = dialog.get() else {
            return is_open;
        };
        if is_open && !dialog.open() {
            opener.set_value(dom::active_element());
            let _ = dialog.show_modal();
            // The children render in the same turn; focus their `autofocus` control once they have.
            request_animation_frame(move || {
                if let Ok(Some(first)) = dialog.query_selector("[autofocus]") {
                    let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        } else if !is_open && was_open == Some(true) {
            dialog.close();
            if let Some(opener) = opener.try_update_value(Option::take).flatten() {
                if opener.is_connected() {
                    let _ = opener.focus();
                }
            }
        }
        is_open
    });

    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby=labelled_by
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                request_close();
            }
            // `close` arrives as a task after `close()`: when the dialog was opened again
            // in between, that event belongs to the earlier closing and is ignored.
            on:close=move |_| {
                if dialog.get_untracked().is_some_and(|d| !d.open()) {
                    request_close();
                }
            }
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    request_close();
                }
            }
        >
            <h2 id=heading_id class="dialog-title">{move || title.get()}</h2>
            <Show when=move || open.get()>{children()}</Show>
        </dialog>
    }
}
