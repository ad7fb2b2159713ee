//! A labelled form field: label, input, hint and error, wired for screen readers. Used by
//! the sign-in page, the sign-in-again dialog and the token forms.

use leptos::html;
use leptos::prelude::*;

use super::unique_id;

/// A `<label>`led text input bound to `value`, with an optional hint and an error under
/// it. While the error shows, the input is `aria-invalid` and described by hint and error.
#[component]
pub fn Field(
    /// The visible label, which is also the input's accessible name.
    #[prop(into)]
    label: String,
    /// The text, two-way bound.
    value: RwSignal<String>,
    /// The input's `type`: `text` (default), `url`, `password`, …
    #[prop(default = "text")]
    kind: &'static str,
    /// A hint under the input.
    #[prop(optional, into)]
    hint: Option<String>,
    /// What is wrong, shown under the hint.
    #[prop(optional, into)]
    error: MaybeProp<String>,
    /// Shown after the error text while there is one, e.g. a button that fixes it.
    #[prop(optional, into)]
    error_action: Option<ViewFn>,
    /// The input element, for focusing it.
    #[prop(optional)]
    input: NodeRef<html::Input>,
    /// Called with the text after each keystroke (after `value` is updated).
    #[prop(optional, into)]
    on_input: Option<Callback<String>>,
    /// Typed exactly (URLs, ids, secrets): no capitalising or spell-checking.
    #[prop(optional)]
    verbatim: bool,
    /// Marks the input `required`.
    #[prop(optional)]
    required: bool,
    /// The `autocomplete` hint; `off` unless given.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The `inputmode` hint, e.g. `url`.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Classes for the input, e.g. `mono`.
    #[prop(optional)]
    class: &'static str,
    /// Focus this input when it appears in a dialog.
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let id = unique_id("field");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let has_error = move || error.with(Option::is_some);
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            described_by(&[
                has_hint.then_some(hint_id.as_str()),
                has_error().then_some(error_id.as_str()),
            ])
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type=kind
                class=(!class.is_empty()).then_some(class)
                required=required
                autofocus=autofocus
                autocomplete=autocomplete
                inputmode=inputmode
                autocapitalize=verbatim.then_some("none")
                spellcheck=verbatim.then_some("false")
                bind:value=value
                node_ref=input
                on:input=move |ev| {
                    if let Some(on_input) = on_input {
                        on_input.run(event_target_value(&ev));
                    }
                }
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|text| view! { <p id=hint_id class="field-hint">{text}</p> })}
            {move || {
                let action = error_action.clone();
                error
                    .get()
                    .map(|text| {
                        view! {
                            <p id=error_id.clone() class="field-error">
                                {text}
                                {action.map(|action| view! { " " {action.run()} })}
                            </p>
                        }
                        .into_any()
                    })
            }}
        </div>
    }
}

/// The `aria-describedby` of an input described by these elements (hint, error, …; any
/// may be absent), in order; `None` when there is none.
pub(super) fn described_by(ids: &[Option<&str>]) -> Option<String> {
    let ids: Vec<&str> = ids.iter().flatten().copied().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[cfg(test)]
mod tests {
    use super::described_by;

    #[test]
    fn described_by_lists_hint_then_error() {
        assert_eq!(described_by(&[None, None]), None);
        assert_eq!(
            described_by(&[Some("f-hint"), None]).as_deref(),
            Some("f-hint")
        );
        assert_eq!(
            described_by(&[None, Some("f-error")]).as_deref(),
            Some("f-error")
        );
        assert_eq!(
            described_by(&[Some("f-hint"), Some("f-error"), Some("f-warnings")]).as_deref(),
            Some("f-hint f-error f-warnings")
        );
    }
}
