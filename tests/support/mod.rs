//! Helpers shared by the component tests: mount a view in a real DOM, find elements the
//! way a screen reader does (role and accessible name), act like a user, and wait for
//! the page to settle without fixed sleeps.

#![allow(dead_code)]

pub mod csv;
pub mod references;

use std::time::Duration;

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// The emulator that `cargo xtask test` starts for the component tests, if any.
pub fn emulator_url() -> Option<&'static str> {
    option_env!("EMULATOR_URL")
}

/// The demo tenant's admin client (read and manage).
pub const ADMIN: (&str, &str) = ("demo-admin", "demo-admin-secret");

/// The demo tenant's read-only client.
pub const VIEWER: (&str, &str) = ("demo-viewer", "demo-viewer-secret");

/// Replaces the token `id` with a new one named `name` (its value made from the id), so
/// a test starts from a known copy whatever earlier tests did.
pub async fn fresh_token(api: &ai_client::Client, id: &str, name: &str) {
    let _ = api.delete_token(id, true).await;
    let value = ai_client::Secret::new(format!("sk-test-{id}"));
    api.put_token(id, &ai_client::TokenDraft::create(name, value))
        .await
        .expect("the test token is created");
}

/// The emulator, for tests that cannot run without it.
pub fn emulator() -> &'static str {
    emulator_url().expect("this test needs the emulator: run it with `cargo xtask test`")
}

/// An API client signed in as the demo admin, to set up and check data behind the page
/// (the page's own session is left as it is).
pub async fn admin_client() -> ai_client::Client {
    emulator_session(ADMIN).await.client()
}

/// A view mounted on its own host element at a given path; unmounted on drop.
pub struct Mounted {
    pub host: HtmlElement,
    /// Which entry of [`MOUNTED`] is this view's.
    serial: u64,
}

/// What unmounting a view takes: the parent of its reactive owner (cleaning it up removes
/// window listeners, the router's, which merely dropping the mount handle does not
/// guarantee), the mount handle, and the host element.
struct Mount {
    serial: u64,
    owner: Owner,
    handle: Box<dyn std::any::Any>,
    host: HtmlElement,
}

impl Mount {
    fn unmount(self) {
        drop(self.handle);
        self.owner.cleanup();
        self.host.remove();
    }
}

thread_local! {
    /// The views mounted now. A test that panics never drops its [`Mounted`] (wasm does
    /// not unwind), so its view would stay with its listeners and open dialogs and break
    /// the tests after it; the next [`Mounted::at`] unmounts such leftovers first.
    static MOUNTED: std::cell::RefCell<Vec<Mount>> = const { std::cell::RefCell::new(Vec::new()) };
    static NEXT_SERIAL: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl Mounted {
    /// Puts `path` in the address bar (as a deep link would), then mounts `view`.
    pub async fn at<V: IntoView + 'static>(path: &str, view: impl FnOnce() -> V + 'static) -> Self {
        // The app fetches its German texts next to its glue; the test server has no such
        // file, so tests hand them over (the end-to-end journeys use the fetch).
        token_admin::i18n::install_german(include_str!("../../src/i18n/de.txt"));
        let leftovers = MOUNTED.with_borrow_mut(std::mem::take);
        for leftover in leftovers {
            web_sys::console::warn_1(&"unmounting a view a failed test left behind".into());
            leftover.unmount();
        }
        window()
            .history()
            .unwrap()
            .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            .unwrap();
        let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&host).unwrap();
        let owner = Owner::new();
        let handle = owner.with(|| mount_to(host.clone(), view));
        let serial = NEXT_SERIAL.replace(NEXT_SERIAL.get() + 1);
        MOUNTED.with_borrow_mut(|mounted| {
            mounted.push(Mount {
                serial,
                owner,
                handle: Box::new(handle),
                host: host.clone(),
            })
        });
        leptos::task::tick().await;
        Self { host, serial }
    }

    /// Every element matching a CSS selector, in document order.
    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.host.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(JsCast::unchecked_into)
            .collect()
    }

    /// The texts of all headings, in document order.
    pub fn headings(&self) -> Vec<String> {
        self.all("h1, h2, h3, h4, h5, h6")
            .iter()
            .map(text)
            .collect()
    }

    /// The first landmark element of this kind (`main`, `header`, `nav`).
    pub fn landmark(&self, tag: &str) -> Option<Element> {
        self.host.query_selector(tag).unwrap()
    }

    /// The link whose accessible name is exactly `name`.
    pub fn link(&self, name: &str) -> Option<HtmlElement> {
        self.all("a[href]")
            .into_iter()
            .find(|a| accessible_name(a) == name)
            .map(JsCast::unchecked_into)
    }

    /// The button whose accessible name is exactly `name`.
    pub fn button(&self, name: &str) -> Option<HtmlElement> {
        self.all("button, [role=button], input[type=submit]")
            .into_iter()
            .find(|b| accessible_name(b) == name)
            .map(JsCast::unchecked_into)
    }

    /// The input or textarea labelled `label` (by `<label for>`, a wrapping label, or `aria-label`).
    pub fn textbox(&self, label: &str) -> Option<HtmlInputElement> {
        self.labelled(label, "input, textarea")
            .map(JsCast::unchecked_into)
    }

    /// The select labelled `label`.
    pub fn select(&self, label: &str) -> Option<HtmlSelectElement> {
        self.labelled(label, "select").map(JsCast::unchecked_into)
    }

    fn labelled(&self, label: &str, selector: &str) -> Option<Element> {
        self.all(selector)
            .into_iter()
            .find(|el| label_of(el).as_deref() == Some(label))
    }

    /// Waits for a heading named `name`.
    pub async fn wait_for_heading(&self, name: &str) {
        let what = format!("a heading named {name:?}");
        wait_until(&what, || self.headings().iter().any(|h| h == name)).await;
    }

    /// Waits until the host's text contains `needle`.
    pub async fn wait_for_text(&self, needle: &str) {
        let what = format!("the text {needle:?}");
        wait_until(&what, || text(&self.host).contains(needle)).await;
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let mine = MOUNTED.with_borrow_mut(|mounted| {
            let at = mounted.iter().position(|m| m.serial == self.serial)?;
            Some(mounted.remove(at))
        });
        if let Some(mount) = mine {
            mount.unmount();
        }
    }
}

/// The label text of a form control, as a screen reader would announce it.
pub fn label_of(el: &Element) -> Option<String> {
    if let Some(aria) = el.get_attribute("aria-label") {
        return Some(aria.trim().to_owned());
    }
    if let Some(ids) = el.get_attribute("aria-labelledby") {
        let names: Vec<String> = ids
            .split_whitespace()
            .filter_map(|id| document().get_element_by_id(id))
            .map(|l| text(&l))
            .collect();
        return Some(names.join(" "));
    }
    let id = el.id();
    if !id.is_empty() {
        if let Ok(Some(label)) = document().query_selector(&format!("label[for=\"{id}\"]")) {
            return Some(text(&label));
        }
    }
    el.closest("label").ok().flatten().map(|l| text(&l))
}

/// The accessible name of a link or button: `aria-label`, else its text.
pub fn accessible_name(el: &Element) -> String {
    el.get_attribute("aria-label")
        .map(|a| a.trim().to_owned())
        .unwrap_or_else(|| text(el))
}

/// Types `value` into an input as a user would: sets it and fires `input`.
pub fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Chooses an option of a select and fires `change`.
pub fn choose(select: &HtmlSelectElement, value: &str) {
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

/// Lets the reactive system and the router run until `cond` holds; fails after 10 s (a
/// first run on a cold, busy machine is slow) with a snapshot of the page.
pub async fn wait_until(what: &str, cond: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + 10_000.0;
    while !cond() {
        assert!(
            js_sys::Date::now() < deadline,
            "timed out waiting for {what}; {}",
            page_snapshot()
        );
        leptos::task::tick().await;
        sleep(Duration::from_millis(10)).await;
    }
}

/// Where the page stands, for failure messages: the address, the mounted views, the open
/// dialogs and the focused element.
pub fn page_snapshot() -> String {
    let open_dialogs = document()
        .query_selector_all("dialog[open]")
        .map(|l| l.length())
        .unwrap_or_default();
    let focused = document()
        .active_element()
        .map(|el| {
            format!(
                "<{}> {:?}",
                el.tag_name(),
                label_of(&el).unwrap_or_else(|| text(&el))
            )
        })
        .unwrap_or_default();
    format!(
        "at {}{}, {} view(s) mounted, {open_dialogs} dialog(s) open, focus on {focused}",
        pathname(),
        search(),
        MOUNTED.with_borrow(Vec::len),
    )
}

/// Waits for real time to pass (for debounce tests, where time itself is the behaviour).
pub async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                duration.as_millis() as i32,
            )
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Trimmed text content.
pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default().trim().to_owned()
}

/// The address bar's path.
pub fn pathname() -> String {
    window().location().pathname().unwrap()
}

/// The address bar's query string (with `?`, or empty).
pub fn search() -> String {
    window().location().search().unwrap()
}

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

pub fn document() -> web_sys::Document {
    window().document().unwrap()
}

// ---- Forms, storage and a fake `fetch` (added with the sign-in tests) ----

impl Mounted {
    /// The text-like input (not a radio button or checkbox) labelled `label`.
    pub fn field(&self, label: &str) -> Option<HtmlInputElement> {
        self.all("input, textarea")
            .into_iter()
            .filter(|el| {
                !matches!(
                    el.get_attribute("type").as_deref(),
                    Some("radio" | "checkbox")
                )
            })
            .find(|el| label_of(el).as_deref() == Some(label))
            .map(JsCast::unchecked_into)
    }

    /// The radio button labelled `label`.
    pub fn radio(&self, label: &str) -> Option<HtmlInputElement> {
        self.all("input[type=radio]")
            .into_iter()
            .find(|el| label_of(el).as_deref() == Some(label))
            .map(JsCast::unchecked_into)
    }

    /// The texts of all `role=alert` elements, joined by spaces.
    pub fn alert_text(&self) -> String {
        self.all("[role=alert]")
            .iter()
            .map(text)
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_owned()
    }
}

/// The text of the elements an element's `aria-describedby` points to, joined by spaces.
pub fn description(el: &Element) -> String {
    el.get_attribute("aria-describedby")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|id| document().get_element_by_id(id))
        .map(|d| text(&d))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `el` is marked `aria-invalid="true"`.
pub fn is_invalid(el: &Element) -> bool {
    el.get_attribute("aria-invalid").as_deref() == Some("true")
}

/// The tab's `sessionStorage`.
pub fn session_storage() -> web_sys::Storage {
    window().session_storage().unwrap().unwrap()
}

/// The origin's `localStorage`.
pub fn local_storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// Every key and value in `storage`, as one string (for "does this secret appear" checks).
pub fn storage_dump(storage: &web_sys::Storage) -> String {
    let mut out = String::new();
    for i in 0..storage.length().unwrap() {
        let key = storage.key(i).unwrap().unwrap_or_default();
        let value = storage.get_item(&key).unwrap().unwrap_or_default();
        out.push_str(&format!("{key}={value}\n"));
    }
    out
}

/// Replaces `window.fetch` with a fake that records each call and answers every request
/// with `status` and the JSON `body` (plus `X-Total-Count: 0`). Put back on drop. With
/// [`FetchStub::held`], answers wait until [`FetchStub::release`].
pub struct FetchStub {
    handle: wasm_bindgen::JsValue,
}

/// One request seen by a [`FetchStub`].
#[derive(Debug, Clone)]
pub struct FetchCall {
    pub method: String,
    pub url: String,
    pub authorization: Option<String>,
}

impl FetchStub {
    /// Answers at once.
    pub fn new(status: u16, body: &str) -> Self {
        Self::install(status, body, false)
    }

    /// Answers only after [`FetchStub::release`].
    pub fn held(status: u16, body: &str) -> Self {
        Self::install(status, body, true)
    }

    fn install(status: u16, body: &str, hold: bool) -> Self {
        let install = js_sys::Function::new_with_args(
            "status, body, hold",
            r#"
            const original = globalThis.fetch;
            const calls = [];
            const waiting = [];
            let held = hold;
            const answer = () => new Response(body, {
                status,
                headers: { "Content-Type": "application/json", "X-Total-Count": "0" },
            });
            globalThis.fetch = function (input, init) {
                const request = input instanceof Request ? input : new Request(input, init);
                calls.push({
                    method: request.method,
                    url: request.url,
                    authorization: request.headers.get("Authorization"),
                });
                if (!held) return Promise.resolve(answer());
                return new Promise((resolve) => waiting.push(() => resolve(answer())));
            };
            return {
                calls,
                release() { held = false; waiting.splice(0).forEach((go) => go()); },
                restore() { globalThis.fetch = original; },
            };
            "#,
        );
        let handle = install
            .call3(
                &wasm_bindgen::JsValue::NULL,
                &status.into(),
                &body.into(),
                &hold.into(),
            )
            .unwrap();
        Self { handle }
    }

    fn method(&self, name: &str) -> js_sys::Function {
        js_sys::Reflect::get(&self.handle, &name.into())
            .unwrap()
            .unchecked_into()
    }

    /// The requests so far, in order.
    pub fn calls(&self) -> Vec<FetchCall> {
        recorded_calls(&self.handle)
    }

    /// Lets held requests (and later ones) be answered.
    pub fn release(&self) {
        self.method("release").call0(&self.handle).unwrap();
    }
}

impl Drop for FetchStub {
    fn drop(&mut self) {
        let _ = self.method("restore").call0(&self.handle);
    }
}

/// Starts the next mounted app signed in: writes a session for `tenant` at `base_url`
/// (scopes unknown, so not read-only; no expiry) to `sessionStorage`, where
/// `provide_session()` finds it. For tests of pages behind `RequireSession`.
pub fn store_session(base_url: &str, tenant: &str, access_token: &str) {
    let session = token_admin::auth::session::Session::from_access_token(
        base_url,
        tenant,
        access_token.to_owned().into(),
    );
    session_storage()
        .set_item(token_admin::auth::session::STORAGE_KEY, &session.to_json())
        .unwrap();
}

/// Starts the next mounted app signed out.
pub fn clear_session() {
    session_storage()
        .remove_item(token_admin::auth::session::STORAGE_KEY)
        .unwrap();
}

// ---- Per-method fake answers and emulator sign-in (added with the token-create tests) ----

impl FetchStub {
    /// Answers each request by its method, from `answers` (`(method, status, JSON body)`);
    /// other methods get a 599. Records calls like [`FetchStub::new`].
    pub fn by_method(answers: &[(&str, u16, &str)]) -> Self {
        let table = js_sys::Object::new();
        for (method, status, body) in answers {
            let answer = js_sys::Array::of2(&(*status).into(), &(*body).into());
            js_sys::Reflect::set(&table, &(*method).into(), &answer).unwrap();
        }
        let install = js_sys::Function::new_with_args(
            "table",
            r#"
            const original = globalThis.fetch;
            const calls = [];
            globalThis.fetch = function (input, init) {
                const request = input instanceof Request ? input : new Request(input, init);
                calls.push({
                    method: request.method,
                    url: request.url,
                    authorization: request.headers.get("Authorization"),
                });
                const [status, body] = table[request.method] || [599, "{}"];
                // 204 and 304 answers cannot carry a body, not even an empty one.
                const sent = status === 204 || status === 304 ? null : body;
                return Promise.resolve(new Response(sent, {
                    status,
                    headers: { "Content-Type": "application/json" },
                }));
            };
            return {
                calls,
                release() {},
                restore() { globalThis.fetch = original; },
            };
            "#,
        );
        let handle = install.call1(&wasm_bindgen::JsValue::NULL, &table).unwrap();
        Self { handle }
    }
}

/// Signs in to the emulator ([`emulator_url`]) as the demo client `client` (id, secret)
/// and stores the session for the next mount.
pub async fn sign_in_to_emulator(client: (&str, &str)) -> ai_client::Client {
    let session = emulator_session(client).await;
    session_storage()
        .set_item(token_admin::auth::session::STORAGE_KEY, &session.to_json())
        .unwrap();
    session.client()
}

/// A session of the demo client `client` (id, secret) at the emulator.
async fn emulator_session(client: (&str, &str)) -> token_admin::auth::session::Session {
    let credentials = ai_client::ClientCredentials {
        client_id: client.0.to_owned(),
        client_secret: ai_client::Secret::new(client.1),
        scope: None,
    };
    let grant = ai_client::sign_in(&ai_client::Fetch::default(), emulator(), &credentials)
        .await
        .expect("the demo client signs in");
    token_admin::auth::session::Session::from_grant(emulator(), "demo", grant, js_sys::Date::now())
        .unwrap()
        .with_client_id(client.0)
}

// ---- Regions, tables, description lists, window events and `confirm` (detail page tests) ----

impl Mounted {
    /// The region (a `section` or `role=region` named by `aria-labelledby`) named `name`.
    pub fn region(&self, name: &str) -> Option<Element> {
        self.all("section[aria-labelledby], [role=region]")
            .into_iter()
            .find(|el| label_of(el).as_deref() == Some(name))
    }
}

/// The cell texts of each body row of the tables inside `el`.
pub fn table_rows(el: &Element) -> Vec<Vec<String>> {
    let rows = el.query_selector_all("table tbody tr").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|row| {
            let row: Element = row.unchecked_into();
            let cells = row.query_selector_all("th, td").unwrap();
            (0..cells.length())
                .filter_map(|i| cells.item(i))
                .map(|c| c.text_content().unwrap_or_default().trim().to_owned())
                .collect()
        })
        .collect()
}

/// The column header texts of the first table inside `el`.
pub fn header_cells(el: &Element) -> Vec<String> {
    let cells = el.query_selector_all("table thead th").unwrap();
    (0..cells.length())
        .filter_map(|i| cells.item(i))
        .map(|c| c.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

/// The description (`dd`) of the term (`dt`) `term` in the view's description lists.
pub fn fact(app: &Mounted, term: &str) -> Option<String> {
    app.all("dt")
        .into_iter()
        .find(|dt| text(dt) == term)
        .and_then(|dt| dt.next_element_sibling())
        .map(|dd| text(&dd))
}

/// Dispatches a cancelable `name` event at `window`; whether a listener prevented it.
pub fn fire_window_event(name: &str) -> bool {
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let event = web_sys::Event::new_with_event_init_dict(name, &init).unwrap();
    window().dispatch_event(&event).unwrap();
    event.default_prevented()
}

/// Replaces `window.confirm` with a fake that records each question and gives a set
/// answer. Put back on drop.
pub struct ConfirmStub {
    handle: wasm_bindgen::JsValue,
}

impl ConfirmStub {
    /// Answers every question with `answer`.
    pub fn answering(answer: bool) -> Self {
        let install = js_sys::Function::new_with_args(
            "answer",
            r#"
            const original = globalThis.confirm;
            const state = { questions: [], answer };
            globalThis.confirm = (question) => { state.questions.push(String(question)); return state.answer; };
            state.restore = () => { globalThis.confirm = original; };
            return state;
            "#,
        );
        let handle = install
            .call1(&wasm_bindgen::JsValue::NULL, &answer.into())
            .unwrap();
        Self { handle }
    }

    /// Gives `answer` from now on.
    pub fn answer(&self, answer: bool) {
        js_sys::Reflect::set(&self.handle, &"answer".into(), &answer.into()).unwrap();
    }

    /// The questions asked so far.
    pub fn questions(&self) -> Vec<String> {
        let list: js_sys::Array = js_sys::Reflect::get(&self.handle, &"questions".into())
            .unwrap()
            .unchecked_into();
        list.iter().filter_map(|q| q.as_string()).collect()
    }
}

/// Calls `handle[name]()` if the stub object has such a method (stubs put the original
/// browser function back with `restore`).
pub fn call_method(handle: &wasm_bindgen::JsValue, name: &str) {
    if let Ok(method) = js_sys::Reflect::get(handle, &name.into()) {
        if let Some(method) = method.dyn_ref::<js_sys::Function>() {
            let _ = method.call0(handle);
        }
    }
}

impl Drop for ConfirmStub {
    fn drop(&mut self) {
        call_method(&self.handle, "restore");
    }
}

// ---- Keys, checkboxes, dialogs, focus and failing one request (added with the delete tests) ----

/// Dispatches a cancelable, bubbling `keydown` of `key` at `target`, as pressing it does.
pub fn press_key(target: &Element, key: &str) {
    key_down(target, key, false);
}

/// Dispatches a `keydown` of `key` at `target` as pressing it does, with Ctrl held when
/// `ctrl`; whether a listener took the key (prevented its default).
pub fn key_down(target: &Element, key: &str, ctrl: bool) -> bool {
    let init = js_sys::Object::new();
    for (name, value) in [
        ("key", wasm_bindgen::JsValue::from(key)),
        ("ctrlKey", ctrl.into()),
        ("bubbles", true.into()),
        ("cancelable", true.into()),
    ] {
        js_sys::Reflect::set(&init, &name.into(), &value).unwrap();
    }
    let constructor: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
            .unwrap()
            .unchecked_into();
    let event: web_sys::Event =
        js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&"keydown".into(), &init))
            .unwrap()
            .unchecked_into();
    target.dispatch_event(&event).unwrap();
    event.default_prevented()
}

/// The accessible name of the focused element (empty when nothing is focused).
pub fn focused_name() -> String {
    document()
        .active_element()
        .map(|el| accessible_name(&el))
        .unwrap_or_default()
}

impl Mounted {
    /// The checkbox labelled `label`.
    pub fn checkbox(&self, label: &str) -> Option<HtmlInputElement> {
        self.labelled(label, "input[type=checkbox]")
            .map(JsCast::unchecked_into)
    }

    /// The open dialog named (by `aria-labelledby`) `name`.
    pub fn dialog(&self, name: &str) -> Option<Element> {
        self.all("dialog[open]")
            .into_iter()
            .find(|el| label_of(el).as_deref() == Some(name))
    }

    /// How many dialogs are open.
    pub fn open_dialogs(&self) -> usize {
        self.all("dialog[open]").len()
    }
}

/// Wraps `window.fetch`: requests whose method is `method` and whose URL contains
/// `url_part` are answered with `status` and the JSON `body` while failing is on; all
/// others go to the real `fetch`. Records every request. Put back on drop.
pub struct FetchFault {
    handle: wasm_bindgen::JsValue,
}

impl FetchFault {
    /// Starts failing matching requests.
    pub fn new(method: &str, url_part: &str, status: u16, body: &str) -> Self {
        let install = js_sys::Function::new_with_args(
            "method, part, status, body",
            r#"
            const original = globalThis.fetch;
            const state = { calls: [], failing: true };
            globalThis.fetch = function (input, init) {
                const request = input instanceof Request ? input : new Request(input, init);
                state.calls.push({ method: request.method, url: request.url });
                if (state.failing && request.method === method && request.url.includes(part)) {
                    return Promise.resolve(new Response(body, {
                        status,
                        headers: { "Content-Type": "application/json" },
                    }));
                }
                return original.call(globalThis, request);
            };
            state.restore = () => { globalThis.fetch = original; };
            return state;
            "#,
        );
        let args = js_sys::Array::of4(
            &method.into(),
            &url_part.into(),
            &status.into(),
            &body.into(),
        );
        let handle = install.apply(&wasm_bindgen::JsValue::NULL, &args).unwrap();
        Self { handle }
    }

    /// Lets matching requests through from now on (still recording).
    pub fn stop_failing(&self) {
        js_sys::Reflect::set(&self.handle, &"failing".into(), &false.into()).unwrap();
    }

    /// Every request so far, in order.
    pub fn calls(&self) -> Vec<FetchCall> {
        recorded_calls(&self.handle)
    }
}

impl Drop for FetchFault {
    fn drop(&mut self) {
        call_method(&self.handle, "restore");
    }
}

/// The requests a fetch replacement recorded in `handle.calls` (`{method, url, authorization}`).
fn recorded_calls(handle: &wasm_bindgen::JsValue) -> Vec<FetchCall> {
    let calls: js_sys::Array = js_sys::Reflect::get(handle, &"calls".into())
        .unwrap()
        .unchecked_into();
    let field = |call: &wasm_bindgen::JsValue, name: &str| {
        js_sys::Reflect::get(call, &name.into())
            .unwrap()
            .as_string()
    };
    calls
        .iter()
        .map(|call| FetchCall {
            method: field(&call, "method").unwrap_or_default(),
            url: field(&call, "url").unwrap_or_default(),
            authorization: field(&call, "authorization"),
        })
        .collect()
}

// ---- Stylesheets and secrets in the page (added with the re-auth and hostile-text tests) ----

/// Adds the app's stylesheets to the document once, so layout is what users see.
pub fn use_app_styles() {
    if document().get_element_by_id("test-styles").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("test-styles");
    style.set_text_content(Some(concat!(
        include_str!("../../style/app.css"),
        include_str!("../../style/components.css"),
        include_str!("../../style/sign-in.css"),
        include_str!("../../style/edit.css"),
        include_str!("../../style/dialog.css"),
    )));
    document().head().unwrap().append_child(&style).unwrap();
}

/// Fails when `secret` is in the document's markup, in any input's value, in either
/// storage or in the address.
pub fn assert_secret_nowhere(secret: &str) {
    let markup = document().document_element().unwrap().outer_html();
    assert!(!markup.contains(secret), "in the markup");
    let inputs = document().query_selector_all("input, textarea").unwrap();
    for i in 0..inputs.length() {
        let input: HtmlInputElement = inputs.item(i).unwrap().unchecked_into();
        assert!(!input.value().contains(secret), "in an input's value");
    }
    assert!(
        !storage_dump(&session_storage()).contains(secret),
        "in sessionStorage"
    );
    assert!(
        !storage_dump(&local_storage()).contains(secret),
        "in localStorage"
    );
    assert!(
        !window().location().href().unwrap().contains(secret),
        "in the URL"
    );
}

/// Wraps `window.fetch`: GET requests whose URL contains `url_part` wait until
/// [`FetchHold::release`], then go to the real `fetch` (a slow answer on demand); all
/// others go at once. Put back on drop.
pub struct FetchHold {
    handle: wasm_bindgen::JsValue,
}

impl FetchHold {
    /// Starts holding matching requests.
    pub fn new(url_part: &str) -> Self {
        let install = js_sys::Function::new_with_args(
            "part",
            r#"
            const original = globalThis.fetch;
            let open;
            const gate = new Promise((resolve) => { open = resolve; });
            const state = { settled: 0 };
            const settle = () => { state.settled += 1; };
            globalThis.fetch = function (input, init) {
                const request = input instanceof Request ? input : new Request(input, init);
                if (request.method === "GET" && request.url.includes(part)) {
                    const answer = gate.then(() => original.call(globalThis, request));
                    answer.then(settle, settle);
                    return answer;
                }
                return original.call(globalThis, request);
            };
            state.release = () => open();
            state.restore = () => { globalThis.fetch = original; };
            return state;
            "#,
        );
        let handle = install
            .call1(&wasm_bindgen::JsValue::NULL, &url_part.into())
            .unwrap();
        Self { handle }
    }

    /// Lets the held requests (and later ones) through.
    pub fn release(&self) {
        call_method(&self.handle, "release");
    }

    /// How many held requests have been answered or failed since their release.
    pub fn settled(&self) -> u32 {
        js_sys::Reflect::get(&self.handle, &"settled".into())
            .unwrap()
            .as_f64()
            .unwrap_or_default() as u32
    }
}

impl Drop for FetchHold {
    fn drop(&mut self) {
        call_method(&self.handle, "restore");
    }
}

/// Follows an in-app link to `href`, as a click on it would.
pub fn follow_link(host: &HtmlElement, href: &str) {
    let link: HtmlElement = document().create_element("a").unwrap().unchecked_into();
    link.set_attribute("href", href).unwrap();
    host.append_child(&link).unwrap();
    link.click();
    link.remove();
}

/// The list and token pages in a router, as the app routes them, with `extra` beside them
/// inside the router (a dialog, say).
pub fn token_pages(extra: impl IntoView + 'static) -> impl IntoView {
    use token_admin::router::{Route, Router, Routes};
    use token_admin::tokens::detail::TokenDetailPage;
    use token_admin::tokens::list::TokensPage;
    view! {
        <Router>
            <main>
                <Routes
                    routes=vec![
                        Route::new("/tokens", TokensPage),
                        Route::new("/tokens/:id", TokenDetailPage),
                    ]
                    fallback=|| "No route"
                />
            </main>
            {extra}
        </Router>
    }
}

/// A token's page and its replace page in a router, with a stand-in list page at `/tokens`
/// (a heading "Token list"), for tests of one token's pages only.
pub fn one_token_pages() -> impl IntoView {
    use token_admin::auth::session::provide_session;
    use token_admin::router::{Route, Router, Routes};
    use token_admin::tokens::detail::TokenDetailPage;
    use token_admin::tokens::replace::ReplaceTokenPage;
    provide_session();
    view! {
        <Router>
            <Routes
                routes=vec![
                    Route::new("/tokens/:id", TokenDetailPage),
                    Route::new("/tokens/:id/replace", ReplaceTokenPage),
                    Route::new("/tokens", || view! { <h1>"Token list"</h1> }),
                ]
                fallback=|| "No route"
            />
        </Router>
    }
}
