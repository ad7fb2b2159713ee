//! The header's theme switch: system, light or dark.

use leptos::prelude::*;

use crate::i18n::t;
use crate::prefs::theme::{use_theme, Theme};
use crate::ui::unique_id;

/// A `<select>` labelled "Theme" with one option per [`Theme`]; choosing one applies and
/// remembers it (see [`crate::prefs::theme`]). The chosen option's text ("Dark theme") says what
/// the control is, so the label is visually hidden.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let theme = use_theme();
    let id = unique_id("theme");
    view! {
        <div class="theme-switch">
            <label class="visually-hidden" for=id.clone()>{t("Theme")}</label>
            <select
                id=id
                on:change=move |ev| {
                    if let Some(chosen) = Theme::from_key(&event_target_value(&ev)) {
                        theme.set(chosen);
                    }
                }
            >
                {Theme::ALL
                    .map(|option| {
                        view! {
                            <option value=option.key() prop:selected=move || theme.get() == option>
                                {t(option.label())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
