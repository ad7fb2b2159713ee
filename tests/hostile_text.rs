//! Hostile data shown as text, against the real emulator (its URL compiled in as
//! `EMULATOR_URL`), in headless Chromium: names with markup, 10,000 characters,
//! right-to-left text, emoji and bidi controls in the list and on the token's page, and
//! searches with regex and SQL metacharacters. Each test makes its own tokens.
#![cfg(target_arch = "wasm32")]

mod support;

use ai_client::Client;
use support::*;
use token_admin::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const MARKUP: &str = "<img src=x onerror=alert(1)>";
const RTL_AND_EMOJI: &str = "מפתח ייצור 🔑 مفتاح الإنتاج 👩‍👩‍👧 🏳️‍🌈";
/// A right-to-left override that would show "invoice…exe.pdf", an isolate, a zero-width
/// space and a right-to-left mark.
const BIDI: &str = "invoice\u{202E}fdp.exe\u{2066}x\u{200B}y\u{200F}";
const BIDI_SHOWN: &str = "invoice⟨U+202E⟩fdp.exe⟨U+2066⟩x⟨U+200B⟩y⟨U+200F⟩";

fn long_name() -> String {
    format!("Long {}", "n".repeat(9_995))
}

const HOSTILE_IDS: [&str; 4] = [
    "hostile-bidi",
    "hostile-long",
    "hostile-markup",
    "hostile-rtl",
];

async fn hostile_tokens(api: &Client) {
    fresh_token(api, "hostile-markup", MARKUP).await;
    fresh_token(api, "hostile-long", &long_name()).await;
    fresh_token(api, "hostile-rtl", RTL_AND_EMOJI).await;
    fresh_token(api, "hostile-bidi", BIDI).await;
}

/// Deletes the tokens a test made, so other test files see the demo tenant as seeded.
async fn remove(api: &Client, ids: &[&str]) {
    for id in ids {
        let _ = api.delete_token(id, true).await;
    }
}

/// The ids of the rows shown, once the table is not busy.
fn row_ids(app: &Mounted) -> Vec<String> {
    app.all("table tbody td.col-id").iter().map(text).collect()
}

async fn wait_for_ids(app: &Mounted, ids: &[&str]) {
    wait_until(&format!("the rows {ids:?}"), || {
        app.all("table[aria-busy=true]").is_empty() && row_ids(app) == ids
    })
    .await;
}

/// The name cell of the row `id`.
fn name_cell(app: &Mounted, id: &str) -> Element {
    app.all("table tbody tr")
        .into_iter()
        .find(|row| {
            row.query_selector("td.col-id")
                .unwrap()
                .is_some_and(|cell| text(&cell) == id)
        })
        .and_then(|row| row.query_selector("td.col-name").unwrap())
        .unwrap_or_else(|| panic!("a row {id}"))
}

/// No `<img>` anywhere in the document: markup in a name stayed text.
fn assert_no_images() {
    assert_eq!(
        document().query_selector_all("img").unwrap().length(),
        0,
        "an element was created from a name"
    );
}

/// The markers inside `el`: (text, accessible name) of each.
fn markers(el: &Element) -> Vec<(String, String)> {
    let found = el.query_selector_all(".hidden-char").unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .map(|m| {
            let m: Element = m.unchecked_into();
            (text(&m), accessible_name(&m))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_list_shows_hostile_names_as_text() {
    use_app_styles();
    let api = sign_in_to_emulator(ADMIN).await;
    hostile_tokens(&api).await;
    let app = Mounted::at("/tokens?raw=1&q=id%3A~hostile&sort=id:asc", App).await;
    wait_for_ids(
        &app,
        &[
            "hostile-bidi",
            "hostile-long",
            "hostile-markup",
            "hostile-rtl",
        ],
    )
    .await;

    assert_no_images();
    assert_eq!(text(&name_cell(&app, "hostile-markup")), MARKUP);
    assert_eq!(text(&name_cell(&app, "hostile-rtl")), RTL_AND_EMOJI);

    let bidi = name_cell(&app, "hostile-bidi");
    assert_eq!(text(&bidi), BIDI_SHOWN);
    assert!(
        !text(&bidi).contains('\u{202E}'),
        "no control is left to act"
    );
    assert_eq!(
        markers(&bidi)[0],
        (
            "⟨U+202E⟩".to_owned(),
            "hidden character: right-to-left override, U+202E".to_owned()
        )
    );
    assert_eq!(markers(&bidi).len(), 4);

    // A long name is clamped to one line; its title and the token's page have all of it.
    let long = name_cell(&app, "hostile-long");
    let clamp: HtmlElement = long
        .query_selector(".truncate")
        .unwrap()
        .expect("a clamped name")
        .unchecked_into();
    assert_eq!(clamp.title(), long_name());
    assert_eq!(text(&clamp), long_name(), "the full text is in the page");
    assert!(
        clamp.scroll_width() > clamp.client_width(),
        "cut off with an ellipsis"
    );
    let row_height = long.closest("tr").unwrap().unwrap().client_height();
    let plain_height = name_cell(&app, "hostile-markup")
        .closest("tr")
        .unwrap()
        .unwrap()
        .client_height();
    assert_eq!(row_height, plain_height, "as tall as any other row");
    drop(app);
    remove(&api, &HOSTILE_IDS).await;
}

#[wasm_bindgen_test]
async fn the_token_page_shows_hostile_names_as_text_and_edits_the_raw_name() {
    use_app_styles();
    let api = sign_in_to_emulator(ADMIN).await;
    hostile_tokens(&api).await;

    let app = Mounted::at("/tokens/hostile-markup", App).await;
    app.wait_for_heading(MARKUP).await;
    assert_no_images();
    assert_eq!(fact(&app, "Name").as_deref(), Some(MARKUP));
    drop(app);

    let app = Mounted::at("/tokens/hostile-bidi", App).await;
    app.wait_for_heading(BIDI_SHOWN).await;
    let heading = app.all("h1").into_iter().next().unwrap();
    assert_eq!(markers(&heading).len(), 4);
    assert_eq!(fact(&app, "Name").as_deref(), Some(BIDI_SHOWN));
    // The field edits the name itself, controls included.
    let field = app.field("Name").expect("a Name field");
    wait_until("the name in the field", || field.value() == BIDI).await;
    drop(app);

    let app = Mounted::at("/tokens/hostile-long", App).await;
    app.wait_for_heading(&long_name()).await;
    let heading: HtmlElement = app.all("h1").into_iter().next().unwrap().unchecked_into();
    assert!(
        heading.scroll_width() <= heading.client_width(),
        "the heading wraps instead of overflowing"
    );
    drop(app);

    let app = Mounted::at("/tokens/hostile-rtl", App).await;
    app.wait_for_heading(RTL_AND_EMOJI).await;
    assert!(
        markers(&app.host).is_empty(),
        "emoji and scripts are left alone"
    );
}

// ---- Search with regex and SQL metacharacters ----

/// Types `text` into the search box and commits it with Enter.
fn search_for(app: &Mounted, text: &str) {
    let input = app.textbox("Search tokens").expect("a search box");
    type_into(&input, text);
    press_key(&input, "Enter");
}

const META_IDS: [&str; 6] = [
    "meta-backslash",
    "meta-decoy",
    "meta-percent",
    "meta-regex",
    "meta-sql",
    "meta-underscore",
];

async fn meta_tokens(api: &Client) {
    for (id, name) in [
        ("meta-percent", "Meta zq%zq"),
        ("meta-underscore", "Meta zq_zq"),
        ("meta-regex", "Meta zq.*zq"),
        ("meta-decoy", "Meta zqXXzq"),
        ("meta-sql", "Meta zq'; DROP TABLE tokens; --"),
        ("meta-backslash", "Meta zq\\zq"),
    ] {
        fresh_token(api, id, name).await;
    }
}

#[wasm_bindgen_test]
async fn searches_with_metacharacters_are_sent_encoded_and_match_literally() {
    let api = sign_in_to_emulator(ADMIN).await;
    meta_tokens(&api).await;
    let app = Mounted::at("/tokens?sort=id:asc", App).await;
    app.wait_for_heading("Tokens").await;

    for (typed, in_address, ids) in [
        ("zq%zq", "?q=zq%25zq&sort=id%3Aasc", &["meta-percent"][..]),
        ("zq_zq", "?q=zq_zq&sort=id%3Aasc", &["meta-underscore"][..]),
        ("zq.*zq", "?q=zq.%2Azq&sort=id%3Aasc", &["meta-regex"][..]),
        (
            "'; DROP TABLE",
            "?q=%27%3B%20DROP%20TABLE&sort=id%3Aasc",
            &["meta-sql"][..],
        ),
        (
            "zq\\zq",
            "?q=zq%5Czq&sort=id%3Aasc",
            &["meta-backslash"][..],
        ),
    ] {
        search_for(&app, typed);
        wait_until(&format!("the address for {typed:?}"), || {
            search() == in_address
        })
        .await;
        wait_for_ids(&app, ids).await;
    }
    // The table is still there after all of it.
    search_for(&app, "Meta zq");
    wait_for_ids(&app, &META_IDS).await;
    drop(app);
    remove(&api, &META_IDS).await;
}

#[wasm_bindgen_test]
async fn advanced_queries_show_the_answer_or_a_clear_error() {
    let api = sign_in_to_emulator(ADMIN).await;
    meta_tokens(&api).await;
    let app = Mounted::at("/tokens?raw=1&sort=id:asc", App).await;
    app.wait_for_heading("Tokens").await;

    // Metacharacters inside a valid query reach the server and match literally.
    search_for(&app, "name:~(zq'; DROP TABLE)");
    wait_for_ids(&app, &["meta-sql"]).await;

    // A query the server refuses: its reason is shown.
    search_for(&app, "secret:x");
    wait_until("the server's reason", || {
        app.alert_text().contains("unknown field \"secret\"")
    })
    .await;

    // A query that does not parse: the place is shown and nothing is sent.
    let address = search();
    search_for(&app, "name:(zq");
    app.wait_for_text("Error at character").await;
    assert_eq!(search(), address, "an invalid query is not committed");
    drop(app);
    remove(&api, &META_IDS).await;
}
