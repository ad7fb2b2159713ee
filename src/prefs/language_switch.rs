//! The header's language switch: English or German.

use leptos::prelude::*;

use crate::i18n::{current, t, use_locale, Locale, LocaleContext};
use crate::ui::unsaved_guard::{confirm_leave, unsaved_changes};

/// The select's element id: after a switch the app is rebuilt, and focus goes back to the
/// new select through it.
const SELECT_ID: &str = "language-switch";

/// Switches to `chosen` after asking when a page has unsaved changes (the switch rebuilds
/// every page); whether it switched. Every language switch goes through here.
pub fn switch_language(locale: LocaleContext, chosen: Locale) -> bool {
    if !confirm_leave(unsaved_changes()) {
        return false;
    }
    locale.switch_to(chosen);
    true
}

/// A `<select>` named "Language" ("Sprache") with each language under its own name
/// ("English", "Deutsch", each marked with its `lang`). Choosing one switches the whole
/// interface and remembers the choice (see [`crate::i18n`]), after asking when a page has
/// unsaved changes. The label is visually hidden:
/// the chosen language's name says what the control is.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let shown = current();
    let on_change = move |ev: web_sys::Event| {
        let tag = event_target_value(&ev);
        if let Some(chosen) = Locale::ALL.into_iter().find(|l| l.tag() == tag) {
            if !switch_language(locale, chosen) {
                // Kept the page and its typed work: show the language still in use.
                let select: web_sys::HtmlSelectElement = event_target(&ev);
                select.set_value(current().tag());
                return;
            }
            // The app re-renders after this event; focus the new select once it has.
            request_animation_frame(|| {
                if let Some(select) = document().get_element_by_id(SELECT_ID) {
                    let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(select)
                        .focus();
                }
            });
        }
    };
    view! {
        <div class="language-switch">
            <label for=SELECT_ID class="visually-hidden">{t("Language")}</label>
            <select id=SELECT_ID on:change=on_change>
                {Locale::ALL
                    .map(|option| {
                        view! {
                            <option value=option.tag() lang=option.tag() selected=option == shown>
                                {option.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
