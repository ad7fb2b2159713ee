//! Keyboard use of the app: global shortcuts (one `keydown` listener on the document), the
//! shortcut sheet, the command palette, and arrow-key movement between the token table's rows.
//!
//! | key | does |
//! |---|---|
//! | `/` | focuses "Search tokens" (from another page: goes to the list first) |
//! | ↓ in "Search tokens" | focuses the first row of the token table |
//! | `n` | opens the create page, when the session may manage tokens |
//! | `?` | opens the shortcut sheet |
//! | Ctrl+K / ⌘+K | opens the command palette, also from inside a text field |
//! | ↓ ↑ (j k), Home, End | move between the rows' id links in the token table |
//! | Esc | closes the open dialog (each [`Dialog`](crate::ui::Dialog) does this) |
//!
//! Single keys are left alone while the focus is in a text field, a select, a textarea or
//! editable content, with Alt, Ctrl or ⌘ held, and while any dialog is open.

mod commands;
mod palette;
mod sheet;
mod shortcut;
mod token_search;

use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

use crate::auth::session::{use_session, Session, SessionContext};
use crate::i18n::t;
use crate::platform::dom::{self, Listener};
use crate::router::{href, use_location};
use palette::CommandPalette;
use sheet::ShortcutSheet;
use shortcut::{in_text_field, Focus, Shortcut};

use crate::tokens::list::SEARCH_FIELD_ID;

/// The token list.
const LIST_PATH: &str = "/tokens";

/// The create page.
use crate::tokens::CREATE_PATH as NEW_TOKEN_PATH;

/// How long `/` waits for the list's search field after leaving another page.
const SEARCH_FIELD_PATIENCE: Duration = Duration::from_secs(3);

/// Which keyboard dialogs are open. Made once per app (see `App`) and shared by the header's
/// shortcuts button and the [`KeyboardLayer`].
#[derive(Debug, Clone, Copy)]
pub struct Keyboard {
    /// The command palette.
    pub palette: RwSignal<bool>,
    /// The shortcut sheet.
    pub sheet: RwSignal<bool>,
}

impl Default for Keyboard {
    fn default() -> Self {
        Self {
            palette: RwSignal::new(false),
            sheet: RwSignal::new(false),
        }
    }
}

/// The English texts this module passes to `i18n::t` through constants rather than
/// literals (the commands' labels, the sheet's actions and key names), for the check that
/// each has a German translation.
pub fn texts_behind_constants() -> Vec<&'static str> {
    let mut texts: Vec<&'static str> = commands::Command::ALL.map(commands::Command::label).into();
    texts.extend(sheet::texts());
    texts
}

/// Installs the global shortcuts and mounts the command palette and the shortcut sheet.
/// Mount it once, inside the `<Router>`; the listener goes with it.
#[component]
pub fn KeyboardLayer(keyboard: Keyboard) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let listener = web_sys::window()
        .and_then(|w| w.document())
        .map(|document| {
            Listener::new(document.into(), "keydown", false, move |ev| {
                if let Some(ev) = ev.dyn_ref::<KeyboardEvent>() {
                    on_document_keydown(ev, keyboard, session, &location.pathname.get_untracked());
                }
            })
        });
    let listener = StoredValue::new_local(listener);
    on_cleanup(move || drop(listener.try_update_value(Option::take)));
    view! {
        <CommandPalette keyboard=keyboard />
        <ShortcutSheet keyboard=keyboard />
    }
}

/// The header's button that opens the shortcut sheet, so mouse users find it too.
#[component]
pub fn ShortcutsButton(keyboard: Keyboard) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button small shortcuts-button"
            aria-label=t("Keyboard shortcuts")
            aria-haspopup="dialog"
            aria-keyshortcuts="?"
            on:click=move |_| keyboard.sheet.set(true)
        >
            {t("Shortcuts")}
            <kbd aria-hidden="true">"?"</kbd>
        </button>
    }
}

/// The global listener: runs the shortcut `ev` stands for, if any, and then keeps the key
/// from doing anything else.
fn on_document_keydown(
    ev: &KeyboardEvent,
    keyboard: Keyboard,
    session: SessionContext,
    path: &str,
) {
    if ev.default_prevented() || ev.is_composing() || a_dialog_is_open() {
        return;
    }
    let focus = match dom::origin(ev) {
        Some(el) if el.id() == SEARCH_FIELD_ID => Focus::SearchField,
        Some(el) if in_text_field(&el) => Focus::TextField,
        _ => Focus::Elsewhere,
    };
    let command = ev.ctrl_key() || ev.meta_key();
    let Some(shortcut) = Shortcut::for_key(&ev.key(), command, ev.alt_key(), focus) else {
        return;
    };
    let session = session.get_untracked();
    match shortcut {
        Shortcut::Palette => keyboard.palette.set(true),
        Shortcut::Sheet => keyboard.sheet.set(true),
        Shortcut::Search if session.is_some() => focus_search(path),
        Shortcut::NewToken if session.as_ref().is_some_and(Session::can_manage) => {
            if path != NEW_TOKEN_PATH {
                follow_link(&href(NEW_TOKEN_PATH));
            }
        }
        Shortcut::ToRows => {
            if !focus_first_row() {
                return;
            }
        }
        Shortcut::Search | Shortcut::NewToken => return,
    }
    ev.prevent_default();
}

/// Whether a modal dialog is open (the page behind it is inert: no shortcuts then).
fn a_dialog_is_open() -> bool {
    dom::query("dialog[open]").is_some()
}

/// Focuses the list's search field and selects its text; from another page, goes to the
/// list first and focuses the field once it is there.
fn focus_search(path: &str) {
    if focus_search_field() {
        return;
    }
    if path != LIST_PATH {
        follow_link(&href(LIST_PATH));
    }
    let deadline = js_sys::Date::now() + SEARCH_FIELD_PATIENCE.as_millis() as f64;
    retry_focus(deadline);
}

/// Tries to focus the search field every few milliseconds until `deadline` (a time in ms).
fn retry_focus(deadline: f64) {
    set_timeout(
        move || {
            if !focus_search_field() && js_sys::Date::now() < deadline {
                retry_focus(deadline);
            }
        },
        Duration::from_millis(20),
    );
}

/// Focuses the search field if it is on the page.
fn focus_search_field() -> bool {
    let Some(field) =
        dom::element_by_id(SEARCH_FIELD_ID).and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
    else {
        return false;
    };
    let _ = field.focus();
    field.select();
    true
}

/// Focuses the first row's link of the page's token table, if it shows rows.
fn focus_first_row() -> bool {
    let link = dom::query("main tbody tr a[href]").and_then(|el| el.dyn_into::<HtmlElement>().ok());
    link.is_some_and(|link| link.focus().is_ok())
}

/// Goes to `href` (a link's target, see [`crate::router::href`]) as following a link there
/// does: the router navigates, and a page with unsaved changes asks first (its guard
/// watches link clicks, not programmatic navigation).
pub fn follow_link(href: &str) {
    let (Some(parent), Ok(link)) = (dom::scratch_parent(), document().create_element("a")) else {
        return;
    };
    let _ = link.set_attribute("href", href);
    let _ = link.set_attribute("hidden", "");
    if parent.append_child(&link).is_ok() {
        link.unchecked_ref::<HtmlElement>().click();
        link.remove();
    }
}
