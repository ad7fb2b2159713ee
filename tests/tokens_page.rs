//! The token list page against the real emulator (started by `cargo xtask test`, its URL
//! compiled in as `EMULATOR_URL`), in headless Chromium: rows, sorting, paging, search,
//! the URL as the source of truth, Back, empty and error states.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use token_admin::auth::session::STORAGE_KEY;
use token_admin::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// How many tokens the demo tenant has now (other test files add and delete some).
async fn total_tokens() -> u64 {
    let session = token_admin::auth::session::Session::from_json(
        &session_storage().get_item(STORAGE_KEY).unwrap().unwrap(),
    )
    .unwrap();
    session
        .client()
        .list_tokens(&ai_client::ListQuery::probe())
        .await
        .unwrap()
        .total
        .expect("the emulator sends the total")
}

async fn open(path: &str) -> Mounted {
    sign_in_to_emulator(VIEWER).await;
    mount(path).await
}

async fn mount(path: &str) -> Mounted {
    let app = Mounted::at(path, App).await;
    app.wait_for_heading("Tokens").await;
    app
}

/// The text of each body row's cells.
fn rows(app: &Mounted) -> Vec<Vec<String>> {
    app.all("table tbody tr")
        .iter()
        .map(|row| {
            let cells = row.query_selector_all("td, th").unwrap();
            (0..cells.length())
                .filter_map(|i| cells.item(i))
                .map(|c| c.text_content().unwrap_or_default().trim().to_owned())
                .collect()
        })
        .collect()
}

fn ids(app: &Mounted) -> Vec<String> {
    rows(app).into_iter().map(|r| r[0].clone()).collect()
}

fn pager_text(app: &Mounted) -> String {
    text(
        &app.host
            .query_selector("nav[aria-label=Pagination]")
            .unwrap()
            .expect("a Pagination nav"),
    )
}

async fn wait_for_rows(app: &Mounted, count: usize) {
    wait_until(&format!("{count} rows"), || {
        rows(app).len() == count && app.all("table[aria-busy=true]").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn signed_out_admins_are_sent_to_sign_in_and_back() {
    clear_session();
    let app = Mounted::at("/tokens?size=10", App).await;
    app.wait_for_heading("Sign in").await;
    assert_eq!(pathname(), "/sign-in");
    assert_eq!(search(), "?next=%2Ftokens%3Fsize%3D10");
}

#[wasm_bindgen_test]
async fn the_first_page_comes_from_the_url_with_its_total() {
    let app = open("/tokens?size=10&sort=id:asc").await;
    wait_for_rows(&app, 10).await;
    assert_eq!(ids(&app)[0], "anthropic-batch");
    let total = total_tokens().await;
    app.wait_for_text(&format!("1–10 of {total}")).await;
    assert!(
        pager_text(&app).contains(&format!("1–10 of {total}")),
        "{}",
        pager_text(&app)
    );
    let link = app
        .link("anthropic-batch")
        .expect("the id links to the token");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/tokens/anthropic-batch")
    );
}

#[wasm_bindgen_test]
async fn paging_sorting_and_back_restore_the_same_view() {
    let app = open("/tokens?size=10&sort=id:asc").await;
    wait_for_rows(&app, 10).await;
    let first_page = ids(&app);

    app.button("Next page").expect("a Next page button").click();
    wait_until("page 2 in the URL", || search().contains("page=2")).await;
    wait_until("other rows", || {
        !ids(&app).is_empty() && ids(&app) != first_page
    })
    .await;
    app.wait_for_text(&format!("11–20 of {}", total_tokens().await))
        .await;
    let second_page = ids(&app);

    app.button("Name")
        .expect("a sort button named Name")
        .click();
    wait_until("sort by name in the URL", || search().contains("sort=name")).await;
    wait_until("page reset", || !search().contains("page=2")).await;
    let sorted_th = app.all("th[aria-sort]");
    assert_eq!(sorted_th.len(), 1);
    assert_eq!(
        sorted_th[0].get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    wait_until("rows sorted by name", || {
        let names: Vec<String> = rows(&app).iter().map(|r| r[1].to_lowercase()).collect();
        // Not page 2's rows any more (the demo's first ten by name are also its first ten by id).
        names.len() == 10 && names.windows(2).all(|w| w[0] <= w[1]) && ids(&app) != second_page
    })
    .await;

    window().history().unwrap().back().unwrap();
    wait_until("back on page 2", || {
        search().contains("page=2") && search().contains("sort=id")
    })
    .await;
    wait_until("page 2 rows again", || {
        rows(&app).len() == 10
            && ids(&app) != first_page
            && app
                .all("th[aria-sort]")
                .iter()
                .all(|th| th.text_content().unwrap_or_default().contains("ID"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn searching_by_name_filters_rows_and_lives_in_the_url() {
    let app = open("/tokens?size=100").await;
    let total = total_tokens().await as usize;
    assert!(total <= 100, "the demo tenant fits on one page of 100");
    wait_for_rows(&app, total).await;
    let input = app.textbox("Search tokens").expect("a search box");
    type_into(&input, "MCP server");
    wait_until("the search in the URL", || search().contains("q=MCP")).await;
    wait_until("only matching rows", || {
        let r = rows(&app);
        !r.is_empty()
            && r.len() < total
            && r.iter()
                .all(|row| row[1].to_lowercase().contains("mcp server"))
    })
    .await;

    type_into(&input, "no such token at all");
    app.wait_for_text("No tokens match “no such token at all”")
        .await;
    assert!(rows(&app).is_empty());
}

#[wasm_bindgen_test]
async fn an_invalid_query_in_the_url_is_explained_without_a_request() {
    sign_in_to_emulator(VIEWER).await;
    let stub = FetchStub::new(200, "[]");
    let app = mount("/tokens?q=name%3A%22open&raw=1").await;
    app.wait_for_text("not valid").await;
    assert!(
        stub.calls()
            .iter()
            .all(|c| !c.url.contains("/tokens/search")),
        "{:?}",
        stub.calls()
    );
    drop(app);
}

#[wasm_bindgen_test]
async fn a_failed_load_shows_the_message_and_retry_recovers() {
    sign_in_to_emulator(VIEWER).await;
    let app = {
        let _stub = FetchStub::new(
            503,
            r#"{"code":503,"status":"Service Unavailable","message":"Try later."}"#,
        );
        let app = mount("/tokens?size=10").await;
        wait_until("an alert", || !app.alert_text().is_empty()).await;
        app
    };
    app.button("Retry").expect("a Retry button").click();
    wait_for_rows(&app, 10).await;
    // The lists of token users failed too, and are read again with the tokens.
    wait_until("no alert left", || app.alert_text().is_empty()).await;
}

#[wasm_bindgen_test]
async fn only_sessions_that_may_manage_get_the_new_token_link() {
    sign_in_to_emulator(ADMIN).await;
    let app = mount("/tokens").await;
    let link = app.link("New token").expect("a New token link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/new-token"));
    drop(app);
    let app = open("/tokens").await;
    app.wait_for_text("Read-only").await;
    assert!(app.link("New token").is_none());
}
