//! The token search field: plain text or, in advanced mode, a validated `q` query.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::ui::unique_id;

/// The element id of the search field, which the `/` shortcut focuses.
pub const SEARCH_FIELD_ID: &str = "token-search";

/// Characters shown on each side of an error in the caret line.
const CONTEXT_CHARS: usize = 24;

/// A search field labelled "Search tokens" and an "Advanced query" switch. Typing commits
/// through `on_search(text, raw)` once the user pauses for `debounce_ms`; Enter commits at
/// once and Escape clears. In advanced mode the text is checked with [`qlang::parse_query`]
/// as it is typed, and an invalid query is shown with its position and never committed.
#[component]
pub fn SearchBox(
    /// The committed search (from the URL); shown unless the user is mid-typing.
    #[prop(into)]
    value: Signal<String>,
    /// The committed mode: `true` for an advanced (`q`) query.
    #[prop(into)]
    raw: Signal<bool>,
    /// Called with the text and the mode to search for.
    #[prop(into)]
    on_search: Callback<(String, bool)>,
    /// The pause after the last keystroke before a search, in milliseconds.
    #[prop(default = 250)]
    debounce_ms: u32,
    /// More controls beside "Advanced query" (the list's filters).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    // A fixed id: the `/` shortcut focuses the field by it.
    let input_id = SEARCH_FIELD_ID.to_owned();
    let error_id = unique_id("search-error");

    let text = RwSignal::new(value.get_untracked());
    let advanced = RwSignal::new(raw.get_untracked());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let error = Memo::new(move |_| {
        advanced
            .get()
            .then(|| text.with(|t| qlang::parse_query(t).err()))
            .flatten()
    });

    let cancel = move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
            pending.set_value(None);
        }
    };
    let commit = move || {
        cancel();
        if error.get_untracked().is_none() {
            on_search.run((text.get_untracked(), advanced.get_untracked()));
        }
    };
    on_cleanup(cancel);

    // Back/Forward: show the new committed search, unless a keystroke is still pending.
    Effect::new(move |seen: Option<(String, bool)>| {
        let current = (value.get(), raw.get());
        if let Some((seen_value, seen_raw)) = seen {
            if seen_value != current.0 && pending.get_value().is_none() {
                text.set(current.0.clone());
            }
            if seen_raw != current.1 {
                advanced.set(current.1);
            }
        }
        current
    });

    let on_input = move |ev: ev::Event| {
        text.set(event_target_value(&ev));
        cancel();
        if error.get_untracked().is_none() {
            let delay = Duration::from_millis(debounce_ms.into());
            pending.set_value(set_timeout_with_handle(commit, delay).ok());
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.is_composing() {
            return;
        }
        match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                commit();
            }
            "Escape" if !text.with_untracked(String::is_empty) => {
                ev.prevent_default();
                text.set(String::new());
                commit();
            }
            _ => {}
        }
    };
    let on_toggle = move |ev: ev::Event| {
        advanced.set(event_target_checked(&ev));
        commit();
    };

    let described_by = error_id.clone();
    let error_view = move || {
        let error = error.get()?;
        let caret = text.with(|t| caret_lines(t, error.offset));
        Some(view! {
            <div id=error_id.clone() class="search-error">
                <p>
                    {tf(
                        "Error at character {}: {}",
                        &[&(error.offset + 1).to_string(), &error.message],
                    )}
                </p>
                <pre aria-hidden="true">{caret}</pre>
            </div>
        })
    };

    view! {
        <div class="search-box">
            <div class="search-field">
                <label for=input_id.clone()>{t("Search tokens")}</label>
                <input
                    id=input_id
                    type="search"
                    class:query=move || advanced.get()
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    prop:value=move || text.get()
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=move || error.with(Option::is_some).then(|| described_by.clone())
                    on:input=on_input
                    on:keydown=on_keydown
                />
            </div>
            <label class="search-mode">
                <input type="checkbox" prop:checked=move || advanced.get() on:change=on_toggle />
                {t("Advanced query")}
            </label>
            {children.map(|children| children())}
            {error_view}
        </div>
    }
}

/// The text around character `offset` and a `^` under it (tabs and line breaks as spaces).
fn caret_lines(text: &str, offset: usize) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let offset = offset.min(chars.len());
    let start = offset.saturating_sub(CONTEXT_CHARS);
    let end = (offset + CONTEXT_CHARS).min(chars.len());
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let snippet: String = chars[start..end].iter().collect();
    let pad = " ".repeat(lead.chars().count() + offset - start);
    format!("{lead}{snippet}{tail}\n{pad}^")
}

#[cfg(test)]
mod tests {
    use super::caret_lines;

    #[test]
    fn caret_points_at_the_offset() {
        assert_eq!(caret_lines("name:\"open", 5), "name:\"open\n     ^");
        assert_eq!(caret_lines("a:", 2), "a:\n  ^");
        assert_eq!(caret_lines("", 0), "\n^");
        assert_eq!(caret_lines("a\tb", 9), "a b\n   ^");
        let long = format!("{}x:{}", "a".repeat(40), "b".repeat(40));
        let shown = caret_lines(&long, 41);
        let (line, caret) = shown.split_once('\n').unwrap();
        assert_eq!(line, format!("…{}x:{}…", "a".repeat(23), "b".repeat(23)));
        assert_eq!(caret.chars().count(), 1 + 24 + 1);
        assert_eq!(line.chars().nth(caret.chars().count() - 1), Some(':'));
    }
}
