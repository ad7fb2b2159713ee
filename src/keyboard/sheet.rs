//! The shortcut sheet (`?`): every keyboard shortcut of the app in a modal dialog.

use leptos::prelude::*;

use super::Keyboard;
use crate::i18n::t;
use crate::ui::Dialog;

/// A key as the sheet shows it.
#[derive(Clone, Copy)]
enum Key {
    /// A character, shown as is.
    Char(&'static str),
    /// A named key; the English name goes through `i18n::t` ("Ctrl" is "Strg" in German).
    Named(&'static str),
    /// The Mac's ⌘ key.
    Command,
}

/// One line of the sheet: the key combinations that do it (any one of them), and what it does.
struct Entry {
    keys: &'static [&'static [Key]],
    action: &'static str,
}

/// Every shortcut, in the order the sheet lists them.
const ENTRIES: &[Entry] = &[
    Entry {
        keys: &[&[Key::Char("/")]],
        action: "Go to the token search",
    },
    Entry {
        keys: &[&[Key::Char("↓")]],
        action: "From the search field: the first token in the list",
    },
    Entry {
        keys: &[&[Key::Char("n")]],
        action: "New token (with the right to manage tokens)",
    },
    Entry {
        keys: &[
            &[Key::Named("Ctrl"), Key::Char("K")],
            &[Key::Command, Key::Char("K")],
        ],
        action: "Open the command palette",
    },
    Entry {
        keys: &[&[Key::Char("?")]],
        action: "Show the keyboard shortcuts",
    },
    Entry {
        keys: &[&[Key::Char("↓")], &[Key::Char("j")]],
        action: "Next token in the list",
    },
    Entry {
        keys: &[&[Key::Char("↑")], &[Key::Char("k")]],
        action: "Previous token in the list",
    },
    Entry {
        keys: &[&[Key::Named("Home")]],
        action: "First token in the list",
    },
    Entry {
        keys: &[&[Key::Named("End")]],
        action: "Last token in the list",
    },
    Entry {
        keys: &[&[Key::Named("Enter")]],
        action: "Open the focused token",
    },
    Entry {
        keys: &[&[Key::Char("Esc")]],
        action: "Close the dialog",
    },
];

/// The English texts the sheet passes to `i18n::t` from [`ENTRIES`]: actions and key names.
pub fn texts() -> Vec<&'static str> {
    let mut texts = Vec::new();
    for entry in ENTRIES {
        texts.push(entry.action);
        for key in entry.keys.iter().flat_map(|combination| combination.iter()) {
            if let Key::Named(name) = key {
                texts.push(*name);
            }
        }
    }
    texts
}

/// The sheet, open while `keyboard.sheet` is: a description list of the shortcuts
/// (`<kbd>` keys, then what they do) and a Close button.
#[component]
pub fn ShortcutSheet(keyboard: Keyboard) -> impl IntoView {
    let close = move || keyboard.sheet.set(false);
    view! {
        <Dialog open=keyboard.sheet title=t("Keyboard shortcuts") on_close=move |()| close()>
            <p class="shortcut-note">
                {t("Single keys work while the focus is not in a text field.")}
            </p>
            <dl class="shortcut-list">
                {ENTRIES
                    .iter()
                    .map(|entry| {
                        view! {
                            <div class="shortcut">
                                <dt>{keys(entry.keys)}</dt>
                                <dd>{t(entry.action)}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <div class="dialog-actions">
                <button type="button" class="button" autofocus on:click=move |_| close()>
                    {t("Close")}
                </button>
            </div>
        </Dialog>
    }
}

/// The alternatives, joined by "or"; each a combination of keys joined by "+".
fn keys(alternatives: &'static [&'static [Key]]) -> impl IntoView {
    alternatives
        .iter()
        .enumerate()
        .map(|(i, combination)| {
            let or = (i > 0).then(|| format!(" {} ", t("or")));
            let combination = combination
                .iter()
                .enumerate()
                .map(|(j, key)| ((j > 0).then_some("+"), key_view(*key)))
                .collect_view();
            (or, combination)
        })
        .collect_view()
}

fn key_view(key: Key) -> impl IntoView {
    match key {
        Key::Char(text) => view! { <kbd>{text}</kbd> }.into_any(),
        Key::Named(name) => view! { <kbd>{t(name)}</kbd> }.into_any(),
        Key::Command => view! {
            <kbd>
                <span aria-hidden="true">"⌘"</span>
                <span class="visually-hidden">{t("Command")}</span>
            </kbd>
        }
        .into_any(),
    }
}
