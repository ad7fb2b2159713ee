//! Running inside a host page — the Emporix Management Dashboard, which loads the extension
//! build's `./RemoteComponent` (`extension/`) and passes it `appState`. The component mounts
//! the app through [`mount`] into an element of its own shadow root (the app's style sheets
//! inside it, so styles leak neither way), forwards later `appState` changes with
//! [`Embedded::update`] and calls [`Embedded::unmount`] when React unmounts it.
//!
//! Embedded, there is no sign-in page, no client secret and no header: the session is
//! `appState`'s token, tenant and `emporixApiUrl` (else `config.json`'s API base URL); a
//! refused token calls `appState.onError` and holds the request until the host passes a
//! new token; the language is `appState.language`; addresses live in the fragment
//! (`#/tokens?page=2`). Unmounting removes every listener and timer the app added and
//! aborts its reads.

mod host_reauth;
mod host_state;
mod shell;

use std::any::Any;

use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::platform::dom;
use host_state::HostState;

/// The global a host sets before starting the wasm so that `main` does not mount the
/// standalone app onto its page.
const EMBEDDED_FLAG: &str = "__tokenAdminEmbedded";

/// Whether the page that started the wasm is a host page (see [`EMBEDDED_FLAG`]).
pub fn started_by_host() -> bool {
    Reflect::get(&js_sys::global(), &JsValue::from_str(EMBEDDED_FLAG))
        .is_ok_and(|flag| flag.is_truthy())
}

/// The app mounted into a host page.
#[wasm_bindgen]
pub struct Embedded {
    state: RwSignal<HostState>,
    on_error: StoredValue<Option<Function>, LocalStorage>,
    /// The mounted view; dropping it takes it off the page.
    mounted: Option<Box<dyn Any>>,
    /// Owns everything reactive of this mount; cleaned up on unmount.
    owner: Owner,
}

/// Mounts the app into `element` (inside a shadow root that holds the app's style sheets)
/// with the host's `app_state`; `config_url` is the extension's `config.json`.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, app_state: JsValue, config_url: String) -> Embedded {
    let theme = element
        .get_root_node()
        .dyn_into::<ShadowRoot>()
        .ok()
        .and_then(|root| root.host().parent_element())
        .and_then(|around| host_colour_scheme(&around));
    dom::set_mount(Some(element.clone()));
    let owner = Owner::new();
    let (state, on_error) = owner.with(|| {
        (
            RwSignal::new(HostState::read(&app_state)),
            StoredValue::new_local(host_state::on_error(&app_state)),
        )
    });
    let mounted = owner.with(|| {
        leptos::mount::mount_to(element, move || {
            shell::embedded_app(state, on_error, config_url, theme)
        })
    });
    Embedded {
        state,
        on_error,
        mounted: Some(Box::new(mounted)),
        owner,
    }
}

#[wasm_bindgen]
impl Embedded {
    /// Takes the host's new `appState`: a renewed token (requests waiting for one are sent
    /// again), another language.
    pub fn update(&self, app_state: JsValue) {
        let next = HostState::read(&app_state);
        if self.state.try_with_untracked(|now| *now != next) == Some(true) {
            self.state.try_set(next);
        }
        self.on_error
            .try_set_value(host_state::on_error(&app_state));
    }

    /// Removes the app from the page with every listener and timer it added; reads still
    /// running are aborted.
    pub fn unmount(mut self) {
        drop(self.mounted.take());
        self.owner.cleanup();
        dom::set_mount(None);
    }
}

/// The host page's colour scheme at `host` (`color-scheme` as computed there, around the
/// shadow host, whose own value is the app's `:host` rule): `dark` or `light` when the
/// host chose one, `None` when it allows both (then the system decides).
fn host_colour_scheme(host: &web_sys::Element) -> Option<&'static str> {
    let scheme = web_sys::window()?
        .get_computed_style(host)
        .ok()??
        .get_property_value("color-scheme")
        .ok()?;
    match (scheme.contains("dark"), scheme.contains("light")) {
        (true, false) => Some("dark"),
        (true, true) => None,
        _ => Some("light"),
    }
}
