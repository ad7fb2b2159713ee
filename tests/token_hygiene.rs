//! The value's age and "Rotation due" on the token list and a token's page, in headless
//! Chromium with a clock the test sets: the badge appears exactly when a value reaches
//! `rotationDays` (from `config.json`) and never with 0, rows without `metadata` still
//! render, sorting by age goes to the API's `metadata.createdAt` sort and stays in the
//! address, and the badge stays visible in the narrow card layout. The list's API is faked
//! by [`FetchStub`]; the token page talks to the emulator (`EMULATOR_URL`).
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use support::*;
use token_admin::auth::config::{provide_config_with, AppConfig};
use token_admin::auth::session::provide_session;
use token_admin::ui::clock::provide_clock;
use token_admin::ui::parse_instant;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// A base URL nothing answers at: only a fetch stub can.
const FAKE_API: &str = "https://api.example.test";

/// Milliseconds in a day.
const DAY: f64 = 86_400_000.0;

/// When the oldest listed value was created.
const CREATED: &str = "2026-01-10T08:00:00.000Z";

/// A page of three tokens: one created at [`CREATED`], one a day later, and one without
/// `metadata`, as in the official API's examples.
fn page() -> String {
    serde_json::json!([
        {"id": "old-key", "name": "Old key",
         "metadata": {"version": 1, "createdAt": CREATED, "modifiedAt": CREATED}},
        {"id": "young-key", "name": "Young key",
         "metadata": {"version": 1, "createdAt": "2026-01-11T08:00:00.000Z",
                      "modifiedAt": "2026-01-11T08:00:00.000Z"}},
        {"id": "bare-key", "name": "Bare key"}
    ])
    .to_string()
}

fn created_ms() -> f64 {
    parse_instant(CREATED).unwrap() as f64
}

/// The app's list and token pages with `config` and a clock at `now`.
fn harness(config: AppConfig, now: ArcRwSignal<f64>) -> impl FnOnce() -> AnyView {
    move || {
        provide_config_with(config);
        provide_session();
        provide_clock(now);
        token_pages(()).into_any()
    }
}

/// The list at `path` with `config`, answered by a stub; the clock starts at `now`.
async fn open_list(
    path: &str,
    config: AppConfig,
    now: f64,
) -> (Mounted, FetchStub, ArcRwSignal<f64>) {
    store_session(FAKE_API, "demo", "t");
    let stub = FetchStub::new(200, &page());
    let clock = ArcRwSignal::new(now);
    let app = Mounted::at(path, harness(config, clock.clone())).await;
    app.wait_for_heading("Tokens").await;
    wait_until("the rows", || app.link("bare-key").is_some()).await;
    (app, stub, clock)
}

fn rotation(days: u32) -> AppConfig {
    AppConfig {
        rotation_days: days,
        ..AppConfig::default()
    }
}

/// The "Value age" cell of the row whose id is `id`, found through the column header.
fn age_cell(app: &Mounted, id: &str) -> Element {
    let column = header_cells(&app.host)
        .iter()
        .position(|h| h == "Value age")
        .expect("a Value age column");
    let row = app
        .link(id)
        .and_then(|link| link.closest("tr").unwrap())
        .unwrap_or_else(|| panic!("a row for {id}"));
    row.query_selector_all("td")
        .unwrap()
        .item(column as u32)
        .unwrap()
        .unchecked_into()
}

fn age(app: &Mounted, id: &str) -> String {
    text(&age_cell(app, id))
}

fn due(app: &Mounted, id: &str) -> bool {
    age(app, id).contains("Rotation due")
}

#[wasm_bindgen_test]
async fn the_badge_appears_exactly_at_the_threshold() {
    let threshold = created_ms() + 90.0 * DAY;
    let (app, _stub, clock) = open_list("/tokens", AppConfig::default(), threshold - 1.0).await;
    assert_eq!(age(&app, "old-key"), "89 days");
    assert_eq!(age(&app, "young-key"), "88 days");
    assert!(
        app.host
            .text_content()
            .unwrap()
            .matches("Rotation due")
            .count()
            == 0
    );

    clock.set(threshold);
    wait_until("old-key due", || due(&app, "old-key")).await;
    assert_eq!(age(&app, "old-key"), "90 days Rotation due");
    assert!(!due(&app, "young-key"), "{}", age(&app, "young-key"));
    // No metadata: the row is there, its age unknown, no badge.
    assert_eq!(age(&app, "bare-key"), "—");

    clock.set(threshold + DAY);
    wait_until("young-key due a day later", || due(&app, "young-key")).await;
}

#[wasm_bindgen_test]
async fn rotation_days_from_the_config_and_zero_turns_the_badge_off() {
    let (app, _stub, _) = open_list("/tokens", rotation(7), created_ms() + 7.0 * DAY).await;
    wait_until("due after 7 days", || due(&app, "old-key")).await;
    assert!(!due(&app, "young-key"));
    drop(app);

    let (app, _stub, clock) = open_list("/tokens", rotation(0), created_ms() + 5000.0 * DAY).await;
    assert_eq!(age(&app, "old-key"), "5,000 days");
    assert!(!app.host.text_content().unwrap().contains("Rotation due"));
    clock.set(created_ms() + 9000.0 * DAY);
    leptos::task::tick().await;
    assert!(!app.host.text_content().unwrap().contains("Rotation due"));
}

#[wasm_bindgen_test]
async fn a_bad_rotation_days_says_so_and_keeps_ninety() {
    let config = AppConfig::parse(r#"{"rotationDays": "soon"}"#);
    let (app, _stub, _) = open_list("/tokens", config, created_ms() + 90.0 * DAY).await;
    app.wait_for_text("“rotationDays” must be a whole number of days")
        .await;
    assert!(due(&app, "old-key"));
}

#[wasm_bindgen_test]
async fn sorting_by_value_age_asks_for_creation_the_other_way_round() {
    let (app, stub, _) = open_list("/tokens", AppConfig::default(), created_ms()).await;
    app.button("Value age")
        .expect("a Value age sort button")
        .click();
    wait_until("the sort in the address", || search() == "?sort=age%3Aasc").await;
    // The `sort` of the last token list asked for (one key: no tie-breaker).
    let sent_sort = || {
        stub.calls()
            .iter()
            .rev()
            .find(|call| call.url.contains("/agentic/tokens"))
            .and_then(|call| {
                let url = js_sys::decode_uri_component(&call.url)
                    .unwrap()
                    .as_string()?;
                url.split(['?', '&'])
                    .find_map(|pair| pair.strip_prefix("sort=").map(str::to_owned))
            })
            .unwrap_or_default()
    };
    wait_until("youngest first asked of the API", || {
        sent_sort() == "metadata.createdAt:desc"
    })
    .await;
    let header = app
        .button("Value age")
        .unwrap()
        .closest("th")
        .unwrap()
        .unwrap();
    assert_eq!(
        header.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );

    app.button("Value age").unwrap().click();
    wait_until("oldest first", || {
        search() == "?sort=age%3Adesc" && sent_sort() == "metadata.createdAt:asc"
    })
    .await;
}

/// What `script` (a function of the element) says about `el`, as JSON.
fn inspect(el: &Element, script: &str) -> serde_json::Value {
    let result =
        js_sys::Function::new_with_args("e", &format!("return JSON.stringify(({script})(e));"))
            .call1(&wasm_bindgen::JsValue::NULL, el)
            .unwrap();
    serde_json::from_str(&result.as_string().unwrap()).unwrap()
}

#[wasm_bindgen_test]
async fn the_badge_is_text_in_the_card_layout() {
    use_app_styles();
    let (app, _stub, _) =
        open_list("/tokens", AppConfig::default(), created_ms() + 400.0 * DAY).await;
    app.host.style().set_property("width", "360px").unwrap();
    leptos::task::tick().await;
    let cell = age_cell(&app, "old-key");
    let label = inspect(&cell, "e => getComputedStyle(e, '::before').content");
    assert!(
        label.as_str().unwrap_or_default().contains("Value age"),
        "the card shows the column's name: {label}"
    );
    let inner = cell.query_selector_all("*").unwrap();
    let badge: Element = (0..inner.length())
        .filter_map(|i| inner.item(i))
        .map(|n| n.unchecked_into::<Element>())
        .find(|e| text(e) == "Rotation due")
        .expect("the badge is an element with text");
    let fits = inspect(
        &badge,
        "e => { const r = e.getBoundingClientRect(), card = e.closest('tr').getBoundingClientRect();\
                return r.width > 0 && r.height > 0 && r.left >= card.left && r.right <= card.right + 0.5; }",
    );
    assert_eq!(
        fits,
        serde_json::json!(true),
        "the badge is visible inside its card"
    );
    assert!(
        app.host.scroll_width() <= app.host.offset_width(),
        "nothing sticks out"
    );
}

#[wasm_bindgen_test]
async fn a_tokens_page_shows_the_value_age_and_the_badge() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "hygiene-age", "Aging key").await;
    let created = api
        .get_token("hygiene-age")
        .await
        .unwrap()
        .metadata
        .and_then(|m| m.created_at)
        .and_then(|at| parse_instant(&at))
        .expect("a creation time") as f64;
    let clock = ArcRwSignal::new(created + 30.0 * DAY - 1.0);
    let app = Mounted::at("/tokens/hygiene-age", harness(rotation(30), clock.clone())).await;
    app.wait_for_heading("Aging key").await;
    wait_until("the age", || {
        fact(&app, "Value age").as_deref() == Some("29 days")
    })
    .await;
    clock.set(created + 30.0 * DAY);
    wait_until("the badge", || {
        fact(&app, "Value age").as_deref() == Some("30 days Rotation due")
    })
    .await;
}
