//! Component tests: the whole app mounted in a real DOM in headless Chromium.
//!
//! Run with `cargo xtask test` (or `cargo test -p token-admin --target wasm32-unknown-unknown`
//! with `CHROMEDRIVER` set). Assertions go through what a user perceives: headings, landmarks,
//! link names and the address bar.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use leptos::mount::mount_to;
use leptos::prelude::Owner;
use token_admin::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn tokens_page_has_heading_inside_main_landmark() {
    let app = TestApp::open("/tokens").await;
    app.wait_for_heading("Tokens").await;

    let main = app.landmark("main").expect("a main landmark");
    let h1 = main.query_selector("h1").unwrap().expect("h1 inside main");
    assert_eq!(text(&h1), "Tokens");
    let header = app.landmark("header").expect("a banner landmark");
    assert!(text(&header).contains("Token admin"), "{}", text(&header));
}

#[wasm_bindgen_test]
async fn main_navigation_marks_tokens_as_current_page() {
    let app = TestApp::open("/tokens").await;
    app.wait_for_heading("Tokens").await;

    let nav = app.landmark("nav").expect("a navigation landmark");
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("Main"));
    let link = app.link("Tokens").expect("a link named Tokens");
    assert!(nav.contains(Some(&link)));
    assert_eq!(link.get_attribute("aria-current").as_deref(), Some("page"));
}

#[wasm_bindgen_test]
async fn root_redirects_to_tokens() {
    let app = TestApp::open("/").await;
    app.wait_for_heading("Tokens").await;
    wait_until("the address bar shows /tokens", || pathname() == "/tokens").await;
}

#[wasm_bindgen_test]
async fn unknown_path_shows_not_found_page() {
    let app = TestApp::open("/no/such/page").await;
    app.wait_for_heading("Page not found").await;

    let main = app.landmark("main").expect("a main landmark");
    assert!(text(&main).contains("/no/such/page"), "{}", text(&main));
    assert!(app.headings().iter().all(|h| h != "Tokens"));
}

#[wasm_bindgen_test]
async fn back_link_on_not_found_page_returns_to_tokens() {
    let app = TestApp::open("/missing").await;
    app.wait_for_heading("Page not found").await;

    app.link("Back to tokens")
        .expect("a link named Back to tokens")
        .click();
    app.wait_for_heading("Tokens").await;
    assert_eq!(pathname(), "/tokens");
    assert!(app.headings().iter().all(|h| h != "Page not found"));
}

/// The app mounted on its own host element at a given path; unmounted on drop.
struct TestApp {
    host: HtmlElement,
    /// Parent of the app's reactive owner: cleaning it up removes the router's window
    /// listeners, which merely dropping the mount handle does not guarantee.
    owner: Owner,
    handle: Option<Box<dyn std::any::Any>>,
}

impl TestApp {
    /// Puts `path` in the address bar (as a deep link would), then mounts the app.
    async fn open(path: &str) -> Self {
        window()
            .history()
            .unwrap()
            .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            .unwrap();
        let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&host).unwrap();
        let owner = Owner::new();
        let handle = owner.with(|| mount_to(host.clone(), App));
        leptos::task::tick().await;
        Self {
            host,
            owner,
            handle: Some(Box::new(handle)),
        }
    }

    /// The texts of all headings, in document order.
    fn headings(&self) -> Vec<String> {
        self.all("h1, h2, h3, h4, h5, h6")
            .iter()
            .map(text)
            .collect()
    }

    /// The first landmark element of this kind (`main`, `header`, `nav`).
    fn landmark(&self, tag: &str) -> Option<Element> {
        self.host.query_selector(tag).unwrap()
    }

    /// The link whose accessible text is exactly `name`.
    fn link(&self, name: &str) -> Option<HtmlElement> {
        self.all("a[href]")
            .into_iter()
            .find(|a| text(a) == name)
            .map(JsCast::unchecked_into)
    }

    async fn wait_for_heading(&self, name: &str) {
        let what = format!("a heading named {name:?}");
        wait_until(&what, || self.headings().iter().any(|h| h == name)).await;
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.host.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(JsCast::unchecked_into)
            .collect()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        drop(self.handle.take());
        self.owner.cleanup();
        self.host.remove();
    }
}

/// Lets the reactive system and the router run until `cond` holds; fails after 3 s.
async fn wait_until(what: &str, cond: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + 3_000.0;
    while !cond() {
        assert!(
            js_sys::Date::now() < deadline,
            "timed out waiting for {what}"
        );
        leptos::task::tick().await;
        sleep(Duration::from_millis(10)).await;
    }
}

async fn sleep(duration: Duration) {
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

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default().trim().to_owned()
}

fn pathname() -> String {
    window().location().pathname().unwrap()
}

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn document() -> web_sys::Document {
    window().document().unwrap()
}
