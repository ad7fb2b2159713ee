//! Where the app's elements live: the document (standalone) or the shadow root it was
//! mounted into (embedded in a host page). Lookups by id or selector, the focused element
//! and the target of in-app events go through here, so they work in both.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, HtmlElement, ShadowRoot};

thread_local! {
    /// The element the app is mounted into, and its shadow root, when embedded.
    static MOUNT: RefCell<Option<(HtmlElement, ShadowRoot)>> = const { RefCell::new(None) };
}

/// Makes `element` (inside a shadow root) the app's place for lookups; `None`: the
/// document again. An element outside a shadow root counts as `None`.
pub fn set_mount(element: Option<HtmlElement>) {
    let mount = element.and_then(|element| {
        let root = element.get_root_node().dyn_into::<ShadowRoot>().ok()?;
        Some((element, root))
    });
    MOUNT.with_borrow_mut(|current| *current = mount);
}

fn shadow() -> Option<ShadowRoot> {
    MOUNT.with_borrow(|mount| mount.as_ref().map(|(_, root)| root.clone()))
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The app's element with `id`.
pub fn element_by_id(id: &str) -> Option<Element> {
    match shadow() {
        Some(root) => root.get_element_by_id(id),
        None => document()?.get_element_by_id(id),
    }
}

/// The app's first element matching `selector`.
pub fn query(selector: &str) -> Option<Element> {
    match shadow() {
        Some(root) => root.query_selector(selector).ok().flatten(),
        None => document()?.query_selector(selector).ok().flatten(),
    }
}

/// The focused element of the app (inside the shadow root when embedded).
pub fn active_element() -> Option<HtmlElement> {
    match shadow() {
        Some(root) => root.active_element(),
        None => document()?.active_element(),
    }?
    .dyn_into()
    .ok()
}

/// Where clicks inside the app bubble to last before leaving it: the shadow root, else
/// the document.
pub fn event_root() -> Option<EventTarget> {
    match shadow() {
        Some(root) => Some(root.into()),
        None => document().map(Into::into),
    }
}

/// Where a helper element may be put for a moment (to click a link): the element the app
/// is mounted into, else `<body>`.
pub fn scratch_parent() -> Option<Element> {
    match MOUNT.with_borrow(|mount| mount.as_ref().map(|(element, _)| element.clone())) {
        Some(element) => Some(element.into()),
        None => document()?.body().map(Into::into),
    }
}

/// The element an event really started at, inside a shadow root too (a listener on the
/// document sees the shadow host as `target`).
pub fn origin(ev: &Event) -> Option<Element> {
    ev.composed_path().get(0).dyn_into().ok()
}

/// An event listener, removed when dropped.
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    capture: bool,
    callback: wasm_bindgen::closure::Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Listens to `event` on `target` (in the capture phase when `capture`).
    pub fn new(
        target: EventTarget,
        event: &'static str,
        capture: bool,
        handler: impl FnMut(Event) + 'static,
    ) -> Self {
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(Event)>::new(handler);
        let _ = target.add_event_listener_with_callback_and_bool(
            event,
            callback.as_ref().unchecked_ref(),
            capture,
        );
        Self {
            target,
            event,
            capture,
            callback,
        }
    }

    /// Listens to `event` on `window`; `None` outside a browser window.
    pub fn on_window(
        event: &'static str,
        capture: bool,
        handler: impl FnMut(Event) + 'static,
    ) -> Option<Self> {
        Some(Self::new(
            web_sys::window()?.into(),
            event,
            capture,
            handler,
        ))
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.event,
            self.callback.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}
