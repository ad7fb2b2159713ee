//! Component tests: the whole app mounted in a real DOM in headless Chromium.
//!
//! Run with `cargo xtask test` (or `cargo test -p token-admin --target wasm32-unknown-unknown`
//! with `CHROMEDRIVER` set). Assertions go through what a user perceives: headings, landmarks,
//! link names and the address bar.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use token_admin::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Signed in (to the emulator when there is one), so `/tokens` opens.
fn signed_in() {
    store_session(emulator_url().unwrap_or("http://127.0.0.1:9"), "demo", "t");
}

#[wasm_bindgen_test]
async fn tokens_page_has_heading_inside_main_landmark() {
    signed_in();
    let app = Mounted::at("/tokens", App).await;
    app.wait_for_heading("Tokens").await;

    let main = app.landmark("main").expect("a main landmark");
    let h1 = main.query_selector("h1").unwrap().expect("h1 inside main");
    assert_eq!(text(&h1), "Tokens");
    let header = app.landmark("header").expect("a banner landmark");
    assert!(text(&header).contains("Token admin"), "{}", text(&header));
}

#[wasm_bindgen_test]
async fn main_navigation_marks_tokens_as_current_page() {
    signed_in();
    let app = Mounted::at("/tokens", App).await;
    app.wait_for_heading("Tokens").await;

    let nav = app.landmark("nav").expect("a navigation landmark");
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("Main"));
    let link = app.link("Tokens").expect("a link named Tokens");
    assert!(nav.contains(Some(&link)));
    assert_eq!(link.get_attribute("aria-current").as_deref(), Some("page"));
}

#[wasm_bindgen_test]
async fn root_redirects_to_tokens() {
    signed_in();
    let app = Mounted::at("/", App).await;
    app.wait_for_heading("Tokens").await;
    wait_until("the address bar shows /tokens", || pathname() == "/tokens").await;
}

#[wasm_bindgen_test]
async fn unknown_path_shows_not_found_page() {
    let app = Mounted::at("/no/such/page", App).await;
    app.wait_for_heading("Page not found").await;

    let main = app.landmark("main").expect("a main landmark");
    assert!(text(&main).contains("/no/such/page"), "{}", text(&main));
    assert!(app.headings().iter().all(|h| h != "Tokens"));
}

#[wasm_bindgen_test]
async fn back_link_on_not_found_page_returns_to_tokens() {
    signed_in();
    let app = Mounted::at("/missing", App).await;
    app.wait_for_heading("Page not found").await;

    app.link("Back to tokens")
        .expect("a link named Back to tokens")
        .click();
    app.wait_for_heading("Tokens").await;
    assert_eq!(pathname(), "/tokens");
    assert!(app.headings().iter().all(|h| h != "Page not found"));
}
