//! A secret typed into a form: a password input with a reveal toggle and an optional list
//! of warnings about what was typed, and the handle with which the form reads the secret
//! and wipes it.

use leptos::prelude::*;
use leptos::{ev, html};
use zeroize::Zeroize;

use super::field::described_by;
use super::unique_id;
use crate::i18n::{self, tf, Locale};
use ai_client::Secret;

/// A secret being typed, owned by the form that shows it in a [`SecretInput`]. It holds the
/// text and the input element, so [`SecretText::clear`] can wipe both.
#[derive(Clone, Copy, Default)]
pub struct SecretText {
    text: RwSignal<String>,
    input: NodeRef<html::Input>,
    /// Whether the last paste held a line break, which the one-line input replaced or
    /// dropped (so the text no longer shows it).
    pasted_line_break: RwSignal<bool>,
}

impl SecretText {
    /// An empty secret.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether nothing but blanks was typed (tracked).
    pub fn is_blank(&self) -> bool {
        self.text.with(|t| t.trim().is_empty())
    }

    /// `check` applied to the secret as typed (tracked), for checks that must not copy it.
    pub fn check<R>(&self, check: impl FnOnce(&str) -> R) -> R {
        self.text.with(|text| check(text))
    }

    /// Whether the last paste into the input held a line break (tracked).
    pub fn pasted_line_break(&self) -> bool {
        self.pasted_line_break.get()
    }

    /// A copy of the secret as typed, for sending.
    pub fn to_secret(&self) -> Secret {
        Secret::new(self.text.get_untracked())
    }

    /// Moves the keyboard focus to the input, if it is shown.
    pub fn focus(&self) {
        if let Some(input) = self.input.get_untracked() {
            let _ = input.focus();
        }
    }

    /// Empties the input element and overwrites the text in memory. Safe to call after the
    /// form has gone.
    pub fn clear(&self) {
        if let Some(Some(input)) = self.input.try_get_untracked() {
            input.set_value("");
        }
        self.text.try_update(Zeroize::zeroize);
        self.pasted_line_break.try_set(false);
    }

    /// Notes whether a paste held a line break; the pasted text is wiped after the look.
    fn note_paste(&self, event: &ev::ClipboardEvent) {
        let mut pasted = event
            .clipboard_data()
            .and_then(|data| data.get_data("text").ok())
            .unwrap_or_default();
        self.pasted_line_break.set(pasted.contains(['\r', '\n']));
        pasted.zeroize();
    }
}

/// A labelled password input for a [`SecretText`], with a **Show …**/**Hide …** toggle that
/// reveals it. Required; never autocompleted, capitalised or spell-checked. With
/// `warnings`, a polite live region under it lists them, and the input is described by
/// them while there are any.
#[component]
pub fn SecretInput(
    /// The visible label, e.g. "Value"; the toggle is then named "Show value"/"Hide value".
    #[prop(into)]
    label: String,
    /// The secret, owned by the caller.
    secret: SecretText,
    /// A hint under the input.
    #[prop(optional, into)]
    hint: MaybeProp<String>,
    /// What is wrong with the secret: shown under the input, which is then `aria-invalid`.
    #[prop(optional, into)]
    error: MaybeProp<String>,
    /// What may be wrong with the secret without stopping the form, as sentences (which
    /// must never repeat the secret).
    #[prop(optional, into)]
    warnings: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let id = unique_id("secret");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let warnings_id = format!("{id}-warnings");
    let revealed = RwSignal::new(false);
    let (show, hide) = toggle_names(&label);
    // Emptied by hand: what the last paste held no longer matters.
    Effect::new(move |_| {
        if secret.check(str::is_empty) {
            secret.pasted_line_break.set(false);
        }
    });

    let described_by = {
        let (hint_id, error_id, warnings_id) =
            (hint_id.clone(), error_id.clone(), warnings_id.clone());
        move || {
            described_by(&[
                hint.with(Option::is_some).then_some(hint_id.as_str()),
                error.with(Option::is_some).then_some(error_id.as_str()),
                warnings
                    .is_some_and(|w| w.with(|w| !w.is_empty()))
                    .then_some(warnings_id.as_str()),
            ])
        }
    };

    view! {
        <div class="field secret-field">
            <label for=id.clone()>{label}</label>
            <div class="secret-input">
                <input
                    id=id.clone()
                    type=move || if revealed.get() { "text" } else { "password" }
                    required=true
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    bind:value=secret.text
                    node_ref=secret.input
                    on:paste=move |event| secret.note_paste(&event)
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=described_by
                />
                <button
                    type="button"
                    class="button secret-toggle"
                    aria-controls=id
                    aria-pressed=move || revealed.get().to_string()
                    on:click=move |_| revealed.update(|r| *r = !*r)
                >
                    {move || if revealed.get() { hide.clone() } else { show.clone() }}
                </button>
            </div>
            {move || hint.get().map(|text| view! { <p id=hint_id.clone() class="field-hint">{text}</p> })}
            {move || {
                error.get().map(|text| view! { <p id=error_id.clone() class="field-error">{text}</p> })
            }}
            {warnings.map(|warnings| view! {
                <div id=warnings_id class="field-warnings" role="status" aria-live="polite">
                    {move || {
                        warnings
                            .get()
                            .into_iter()
                            .map(|text| view! { <p class="field-warning">{text}</p> })
                            .collect_view()
                    }}
                </div>
            })}
        </div>
    }
}

/// "Show value" and "Hide value" for the label "Value" ("Wert anzeigen" and "Wert
/// verbergen" for "Wert").
fn toggle_names(label: &str) -> (String, String) {
    let what = match i18n::current() {
        // Labels are short phrases written in the code, so ASCII case is enough.
        Locale::En => label.to_ascii_lowercase(),
        // German nouns keep their capital.
        Locale::De => label.to_owned(),
    };
    (tf("Show {}", &[&what]), tf("Hide {}", &[&what]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggle_is_named_after_the_label() {
        assert_eq!(
            toggle_names("Value"),
            ("Show value".to_owned(), "Hide value".to_owned())
        );
        i18n::set_current(Locale::De);
        assert_eq!(
            toggle_names("Wert"),
            ("Wert anzeigen".to_owned(), "Wert verbergen".to_owned())
        );
        i18n::set_current(Locale::En);
    }

    #[test]
    fn clear_wipes_the_text() {
        let owner = Owner::new();
        owner.with(|| {
            let secret = SecretText::new();
            assert!(secret.is_blank());
            secret.text.set("s3cret".into());
            assert!(!secret.is_blank());
            assert_eq!(secret.to_secret().expose(), "s3cret");
            secret.clear();
            assert!(secret.is_blank());
            assert_eq!(secret.text.get_untracked(), "");
        });
    }
}
