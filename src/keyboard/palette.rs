//! The command palette (Ctrl/⌘+K): a modal dialog holding a combobox whose listbox offers
//! the matching commands and, as the admin types, the matching tokens. It follows the
//! WAI-ARIA combobox pattern with list autocomplete: the first option is active, ↓ and ↑
//! move, Enter runs the active option, Esc closes; options can be clicked too.

use std::time::Duration;

use crate::router::{href, use_navigate};
use leptos::ev::{Event, KeyboardEvent};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::commands::{matching, Command};
use super::token_search::find_tokens;
use super::{follow_link, Keyboard, LIST_PATH, NEW_TOKEN_PATH};
use crate::auth::session::use_session;
use crate::auth::session_bar::sign_out_asking;
use crate::i18n::{current, t, tf, use_locale, Locale};
use crate::platform::task::Tasks;
use crate::prefs::switch_language;
use crate::prefs::theme::use_theme;
use crate::tokens::list::token_href;
use crate::ui::visible_text::plain;
use crate::ui::ApiErrorText;
use crate::ui::{unique_id, Dialog};
use ai_client::Token;

/// The pause after the last keystroke before tokens are searched.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// One option of the list.
#[derive(Debug, Clone, PartialEq)]
enum Choice {
    /// A fixed command.
    Run(Command),
    /// Opens the token `id`; `label` is what the option says.
    Open { id: String, label: String },
}

impl Choice {
    /// "Open <name> (<id>)", or "Open <id>" for a token without a name.
    fn open(token: &Token) -> Self {
        let id = plain(&token.id);
        let label = match token.name.as_deref().filter(|n| !n.trim().is_empty()) {
            Some(name) => tf("Open {} ({})", &[&plain(name), &id]),
            None => tf("Open {}", &[&id]),
        };
        Choice::Open {
            id: token.id.clone(),
            label,
        }
    }

    fn label(&self) -> String {
        match self {
            Choice::Run(command) => t(command.label()).to_owned(),
            Choice::Open { label, .. } => label.clone(),
        }
    }
}

/// Where the token search stands.
#[derive(Debug, Clone, PartialEq)]
enum Found {
    /// Nothing typed, or signed out: no search.
    Idle,
    /// Waiting for the pause after typing, or for the answer.
    Searching,
    /// The tokens matching the text typed.
    Tokens(Vec<Token>),
    /// Why the search failed.
    Failed(String),
}

/// The palette dialog, open while `keyboard.palette` is; what the admin typed is gone the
/// next time it opens.
#[component]
pub fn CommandPalette(keyboard: Keyboard) -> impl IntoView {
    let session = use_session();
    let theme = use_theme();
    let locale = use_locale();
    let navigate = use_navigate();
    let run = Callback::new(move |choice: Choice| {
        keyboard.palette.set(false);
        let navigate = navigate.clone();
        // Once the palette has closed and handed the focus back, so a dialog opened next
        // (the shortcut sheet) hands it back to the same place.
        set_timeout(
            move || match choice {
                Choice::Open { id, .. } => follow_link(&token_href(&id)),
                Choice::Run(Command::NewToken) => follow_link(&href(NEW_TOKEN_PATH)),
                Choice::Run(Command::TokenList) => follow_link(&href(LIST_PATH)),
                Choice::Run(Command::SwitchTheme) => theme.cycle(),
                Choice::Run(Command::SwitchLanguage) => {
                    switch_language(
                        locale,
                        match current() {
                            Locale::En => Locale::De,
                            Locale::De => Locale::En,
                        },
                    );
                }
                Choice::Run(Command::Shortcuts) => keyboard.sheet.set(true),
                Choice::Run(Command::SignOut) => sign_out_asking(session, &navigate),
            },
            Duration::ZERO,
        );
    });
    view! {
        <Dialog
            open=keyboard.palette
            title=t("Command palette")
            on_close=move |()| keyboard.palette.set(false)
        >
            <PaletteBody run=run />
        </Dialog>
    }
}

/// The combobox, its listbox and a status line (search progress, counts and errors).
#[component]
fn PaletteBody(run: Callback<Choice>) -> impl IntoView {
    let session = use_session();
    let (signed_in, can_manage) = session
        .get_untracked()
        .map_or((false, false), |s| (true, s.can_manage()));
    let input_id = unique_id("palette-input");
    let list_id = unique_id("palette-list");
    let status_id = unique_id("palette-status");

    let typed = RwSignal::new(String::new());
    let found = RwSignal::new(Found::Idle);
    let active = RwSignal::new(0_usize);
    let hosted = session.hosted();
    let options = Memo::new(move |_| {
        let commands = typed.with(|text| matching(text, signed_in, can_manage, |c| t(c.label())));
        let mut list: Vec<Choice> = commands
            .into_iter()
            .filter(|c| !(hosted && c.left_to_host()))
            .map(Choice::Run)
            .collect();
        found.with(|found| {
            if let Found::Tokens(tokens) = found {
                list.extend(tokens.iter().map(Choice::open));
            }
        });
        list
    });
    let active_index = Memo::new(move |_| {
        let count = options.with(Vec::len);
        (count > 0).then(|| active.get().min(count - 1))
    });

    let pending = StoredValue::new(None::<TimeoutHandle>);
    let searches = Tasks::new();
    let stop = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        searches.cancel();
    };
    on_cleanup(stop);
    let search = move |text: String| {
        pending.set_value(None);
        let Some(client) = session.client() else {
            found.set(Found::Idle);
            return;
        };
        searches.spawn_latest(async move {
            match find_tokens(&client, &text).await {
                Ok(tokens) => found.set(Found::Tokens(tokens)),
                Err(e) => found.set(Found::Failed(e.user_message())),
            }
        });
    };
    let on_input = move |ev: Event| {
        let text = event_target_value(&ev);
        stop();
        active.set(0);
        let searching = signed_in && !text.trim().is_empty();
        found.set(if searching {
            Found::Searching
        } else {
            Found::Idle
        });
        typed.set(text.clone());
        if searching {
            pending.set_value(set_timeout_with_handle(move || search(text), DEBOUNCE).ok());
        }
    };

    let choose = move |index: usize| {
        if let Some(choice) = options.with_untracked(|o| o.get(index).cloned()) {
            run.run(choice);
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.is_composing() {
            return;
        }
        let count = options.with_untracked(Vec::len);
        let current = active_index.get_untracked();
        match (ev.key().as_str(), current) {
            ("ArrowDown", Some(i)) => {
                ev.prevent_default();
                active.set((i + 1) % count);
            }
            ("ArrowUp", Some(i)) => {
                ev.prevent_default();
                active.set((i + count - 1) % count);
            }
            ("Enter", _) => {
                ev.prevent_default();
                if let Some(i) = current {
                    choose(i);
                }
            }
            // Already open: keep the browser's own Ctrl/⌘+K from taking the focus away.
            ("k" | "K", _) if ev.ctrl_key() || ev.meta_key() => ev.prevent_default(),
            _ => {}
        }
    };

    // The active option stays in sight when the list scrolls.
    let list = NodeRef::<html::Ul>::new();
    Effect::new(move |_| {
        let (Some(index), Some(list)) = (active_index.get(), list.get()) else {
            return;
        };
        let item = std::iter::successors(list.first_element_child(), Element::next_element_sibling)
            .nth(index);
        if let Some(item) = item.and_then(|i| i.dyn_into().ok()) {
            keep_in_view(&list, &item);
        }
    });

    // The live region stays in place; only its text changes, so each change is announced.
    let status_text = move || {
        found.with(|found| match found {
            Found::Idle if signed_in => {
                t("Type part of a token's name or its ID to go to it.").into()
            }
            Found::Idle if options.with(Vec::is_empty) => t("No commands match.").into(),
            Found::Idle => String::new(),
            Found::Searching => t("Searching tokens…").into(),
            Found::Tokens(tokens) => match tokens.len() {
                0 => t("No tokens match.").into(),
                1 => t("1 token found.").into(),
                n => tf("{} tokens found.", &[&n.to_string()]),
            },
            Found::Failed(message) => tf("The token search failed: {}", &[message]),
        })
    };
    let failed = move || found.with(|f| matches!(f, Found::Failed(_)));
    let options_view = {
        let list_id = list_id.clone();
        move || {
            options
                .get()
                .into_iter()
                .enumerate()
                .map(|(index, choice)| {
                    let selected = move || {
                        if active_index.get() == Some(index) {
                            "true"
                        } else {
                            "false"
                        }
                    };
                    view! {
                        <li
                            id=option_id(&list_id, index)
                            role="option"
                            class="palette-option"
                            aria-selected=selected
                            on:mousemove=move |_| {
                                if active.get_untracked() != index {
                                    active.set(index);
                                }
                            }
                            // The focus stays in the field.
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| choose(index)
                        >
                            {choice.label()}
                        </li>
                    }
                })
                .collect_view()
        }
    };
    let active_id = {
        let list_id = list_id.clone();
        move || active_index.get().map(|index| option_id(&list_id, index))
    };

    view! {
        <div class="palette">
            <label for=input_id.clone() class="visually-hidden">{t("Command or token")}</label>
            <input
                id=input_id
                type="text"
                class="palette-input"
                role="combobox"
                autofocus
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                placeholder=t("Type a command or a token's name…")
                aria-autocomplete="list"
                aria-expanded=move || if options.with(Vec::is_empty) { "false" } else { "true" }
                aria-controls=list_id.clone()
                aria-activedescendant=active_id
                aria-describedby=status_id.clone()
                on:input=on_input
                on:keydown=on_keydown
            />
            <ul
                id=list_id
                node_ref=list
                role="listbox"
                class="palette-list"
                aria-label=t("Commands and tokens")
                hidden=move || options.with(Vec::is_empty)
            >
                {options_view}
            </ul>
            <p id=status_id class="palette-status" class:error=failed role="status">
                {status_text}
            </p>
        </div>
    }
}

/// The element id of option `index` of the listbox `list_id`.
fn option_id(list_id: &str, index: usize) -> String {
    format!("{list_id}-{index}")
}

/// Scrolls `list` as little as needed to show `item` (the list is its offset parent).
fn keep_in_view(list: &web_sys::HtmlElement, item: &web_sys::HtmlElement) {
    let (top, bottom) = (item.offset_top(), item.offset_top() + item.offset_height());
    let (shown_top, height) = (list.scroll_top(), list.client_height());
    if top < shown_top {
        list.set_scroll_top(top);
    } else if bottom > shown_top + height {
        list.set_scroll_top(bottom - height);
    }
}
