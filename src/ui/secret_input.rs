//! A secret typed into a form: a password input with a reveal toggle, and the handle with
//! which the form reads the secret and wipes it.

use leptos::html;
use leptos::prelude::*;
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
    }
}

/// A labelled password input for a [`SecretText`], with a **Show …**/**Hide …** toggle that
/// reveals it. Required; never autocompleted, capitalised or spell-checked.
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
) -> impl IntoView {
    let id = unique_id("secret");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let revealed = RwSignal::new(false);
    let (show, hide) = toggle_names(&label);

    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            described_by(
                hint.with(Option::is_some).then_some(hint_id.as_str()),
                error.with(Option::is_some).then_some(error_id.as_str()),
            )
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
