//! The app's router: a few hundred lines on the History API instead of `leptos_router`, so
//! the same routes serve two kinds of address — the URL's path (`/tokens?page=2`,
//! standalone) and its fragment (`…#/tokens?page=2`, embedded in a host page that owns the
//! path). Links inside the app, Back/Forward and reload work in both.
//!
//! [`Router`] keeps the current [`Address`] in a signal: it listens to `popstate` on the
//! window and to clicks on in-app links (plain left clicks on `<a href>` leading inside the
//! app) where the app's events end ([`dom::event_root`]), and removes both when it goes.
//! [`use_navigate`] pushes or replaces a history entry; [`Routes`] shows the page whose
//! pattern matches the path.

mod address;
mod routes;

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, MouseEvent};

pub use address::{Address, Mode, ParamsMap};
pub use routes::{use_params_map, Route, Routes, A};

use crate::platform::dom::{self, Listener};

thread_local! {
    /// The mode of the router now mounted, for [`href`].
    static MODE: Cell<Mode> = const { Cell::new(Mode::Path) };
}

/// The current address and where the browser keeps it. `Copy`; in context below [`Router`].
#[derive(Clone, Copy)]
pub struct RouterContext {
    address: RwSignal<Address>,
    mode: Mode,
}

/// How [`use_navigate`]'s function goes somewhere.
#[derive(Debug, Clone, Copy)]
pub struct NavigateOptions {
    /// Replace the current history entry instead of adding one.
    pub replace: bool,
    /// Scroll to the top afterwards (standalone only: a host page keeps its scrolling).
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        Self {
            replace: false,
            scroll: true,
        }
    }
}

/// The browser's address as the app sees it in `mode`.
fn current(mode: Mode) -> Address {
    let location = web_sys::window().map(|w| w.location());
    let part = |read: fn(&web_sys::Location) -> Result<String, JsValue>| {
        location
            .as_ref()
            .and_then(|l| read(l).ok())
            .unwrap_or_default()
    };
    mode.read(
        &part(web_sys::Location::pathname),
        &part(web_sys::Location::search),
        &part(web_sys::Location::hash),
    )
}

impl RouterContext {
    /// Goes to `to`: a new history entry (or the current one replaced), then the pages
    /// follow. Going where the app already is adds no entry.
    fn go(&self, to: Address, options: NavigateOptions) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        let url = self.mode.write(
            &to,
            &location.pathname().unwrap_or_default(),
            &location.search().unwrap_or_default(),
        );
        if let Ok(history) = window.history() {
            let here = self.address.try_get_untracked().as_ref() == Some(&to);
            let _ = if options.replace || here {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&url))
            };
        }
        if options.scroll && self.mode == Mode::Path {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
        self.address.try_set(to);
    }

    /// Follows a plain left click on a link inside the app without reloading.
    fn on_click(&self, ev: &MouseEvent) {
        let Some(link) = followed_link(ev) else {
            return;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        if let Some(to) = self.mode.link_target(&href) {
            ev.prevent_default();
            self.go(to, NavigateOptions::default());
        }
    }
}

/// The link a plain left click `ev` follows in this tab: not handled yet, no modifier key,
/// no `target`, no `download`.
pub fn followed_link(ev: &MouseEvent) -> Option<HtmlAnchorElement> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let link = ev
        .composed_path()
        .iter()
        .find_map(|target| target.dyn_into::<HtmlAnchorElement>().ok())?;
    (link.target().is_empty() && !link.has_attribute("download")).then_some(link)
}

/// Provides the router for `children`, reading the address from the URL's path or (with
/// `mode=Mode::Hash`) its fragment.
#[component]
pub fn Router(
    /// Where the address lives; the path unless given.
    #[prop(optional)]
    mode: Mode,
    children: Children,
) -> impl IntoView {
    MODE.with(|m| m.set(mode));
    let context = RouterContext {
        address: RwSignal::new(current(mode)),
        mode,
    };
    provide_context(context);
    let popstate = Listener::on_window("popstate", false, move |_| {
        let now = current(mode);
        if context.address.try_get_untracked().as_ref() != Some(&now) {
            context.address.try_set(now);
        }
    });
    let click = dom::event_root().map(|root| {
        Listener::new(root, "click", false, move |ev| {
            if let Some(ev) = ev.dyn_ref::<MouseEvent>() {
                context.on_click(ev);
            }
        })
    });
    let listeners = StoredValue::new_local(Some((popstate, click)));
    on_cleanup(move || drop(listeners.try_update_value(Option::take)));
    children()
}

/// The router in context.
///
/// # Panics
/// Outside a [`Router`].
#[track_caller]
fn use_router() -> RouterContext {
    use_context().expect("the router's hooks need a <Router> above")
}

/// What an `<a href>` to `target` (an app path such as `/tokens/new`) must say: the path
/// itself, or `#/tokens/new` when the app lives in the fragment.
pub fn href(target: &str) -> String {
    MODE.with(Cell::get).href(target)
}

/// A function that goes to an app address (`/tokens?page=2`; a `#/…` link works too).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + Send + Sync + 'static {
    let context = use_router();
    move |to: &str, options: NavigateOptions| context.go(Address::parse(to), options)
}

/// The current address's parts, each tracked.
#[derive(Clone, Copy)]
pub struct Location {
    /// The path, e.g. `/tokens/abc`.
    pub pathname: Memo<String>,
    /// The query string without `?`.
    pub search: Memo<String>,
}

/// The current address.
pub fn use_location() -> Location {
    let address = use_router().address;
    Location {
        pathname: Memo::new(move |_| address.with(|a| a.path.clone())),
        search: Memo::new(move |_| address.with(|a| a.search.clone())),
    }
}

/// The current query string's names and values (tracked).
pub fn use_query_map() -> Memo<ParamsMap> {
    let address = use_router().address;
    Memo::new(move |_| address.with(|a| ParamsMap::from_query(&a.search)))
}
