//! "Used by" and "Unused tokens" on the token list, in headless Chromium against the
//! emulator (`EMULATOR_URL`): each row's count equals the users the API's four lists hold
//! (found here by walking the documents, not by the app's code), the kinds describe a
//! focusable count, the lists are read once for the list view and again on focus, a list
//! that cannot be read is named and no count is then 0, and the filter lists exactly the
//! unreferenced tokens and stays in the address.
#![cfg(target_arch = "wasm32")]

mod support;

use ai_client::{ListQuery, UserKind};
use serde_json::Value;
use support::references::{self, kinds_text, Counts};
use support::*;
use token_admin::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// What the API says now: every document of the four lists, walked.
async fn expected(api: &ai_client::Client) -> Counts {
    let mut lists: [Vec<Value>; 4] = Default::default();
    for (list, kind) in lists.iter_mut().zip(UserKind::ALL) {
        *list = api.list_users(kind).await.expect("the list is read");
    }
    references::count(lists.each_ref().map(Vec::as_slice))
}

/// Every token id of the tenant, ascending.
async fn all_ids(api: &ai_client::Client) -> Vec<String> {
    let mut ids = Vec::new();
    for page in 1.. {
        let query = ListQuery {
            page,
            size: 100,
            fields: vec!["id"],
            ..ListQuery::probe()
        };
        let items = api.list_tokens(&query).await.unwrap().items;
        let last = items.len() < 100;
        ids.extend(items.into_iter().map(|t| t.id));
        if last {
            break;
        }
    }
    ids.sort();
    ids
}

async fn open(path: &str) -> (Mounted, ai_client::Client) {
    let api = sign_in_to_emulator(ADMIN).await;
    let app = Mounted::at(path, App).await;
    app.wait_for_heading("Tokens").await;
    wait_until("rows", || !rows(&app).is_empty()).await;
    (app, api)
}

fn rows(app: &Mounted) -> Vec<Element> {
    app.all("table tbody tr")
}

/// The id of a row (its link's text).
fn row_id(row: &Element) -> String {
    text(&row.query_selector("td.col-id a").unwrap().unwrap())
}

fn used_by_cell(row: &Element) -> Element {
    row.query_selector("td.col-used-by")
        .unwrap()
        .expect("a Used by cell")
}

/// The ids shown, in order.
fn ids(app: &Mounted) -> Vec<String> {
    rows(app).iter().map(row_id).collect()
}

/// Each row's id and "Used by" cell.
fn cells(app: &Mounted) -> Vec<(String, Element)> {
    rows(app)
        .iter()
        .map(|row| (row_id(row), used_by_cell(row)))
        .collect()
}

/// The count shown in a cell (without the kinds read with it).
fn shown_count(cell: &Element) -> String {
    match cell.query_selector(".used-by-count").unwrap() {
        Some(count) => text(&count),
        None => text(cell),
    }
}

fn counted(app: &Mounted) -> bool {
    !app.all("td.col-used-by").is_empty()
        && app.all("td.col-used-by .used-by-pending").is_empty()
        && app.all("table[aria-busy=true]").is_empty()
}

#[wasm_bindgen_test]
async fn each_count_is_what_the_api_says_with_its_kinds() {
    let (app, api) = open("/tokens?size=100&sort=id:asc").await;
    let expected = expected(&api).await;
    wait_until("the counts", || counted(&app)).await;
    assert!(
        app.all("th.col-used-by")
            .iter()
            .any(|h| text(h) == "Used by"),
        "a Used by column"
    );
    let mut used = 0;
    for (id, cell) in cells(&app) {
        let want = expected.get(&id).copied().unwrap_or_default();
        let total: u32 = want.iter().sum();
        assert_eq!(shown_count(&cell), total.to_string(), "{id}");
        match cell.query_selector(".used-by-count").unwrap() {
            Some(count) => {
                used += 1;
                let count: HtmlElement = count.unchecked_into();
                assert_eq!(count.tab_index(), 0, "{id}: reachable by keyboard");
                assert_eq!(description(&count), kinds_text(want), "{id}");
                // Read with the cell as well, for a screen reader moving through the table.
                assert_eq!(text(&cell), format!("{total} {}", kinds_text(want)), "{id}");
            }
            None => assert_eq!(total, 0, "{id}: only a zero has nothing to describe"),
        }
    }
    assert!(used >= 5, "the demo tenant's users are counted: {used}");
    let zeros = cells(&app)
        .iter()
        .filter(|(_, cell)| text(cell) == "0")
        .count();
    assert!(zeros > 0, "unused tokens show 0");
}

#[wasm_bindgen_test]
async fn the_kinds_show_on_focus_and_in_the_card_layout() {
    use_app_styles();
    let (app, _) = open("/tokens?size=100&sort=id:asc").await;
    // Wide enough for the table with its row actions.
    app.host.style().set_property("width", "1400px").unwrap();
    wait_until("the counts", || counted(&app)).await;
    let count: HtmlElement = app
        .all(".used-by-count")
        .into_iter()
        .next()
        .expect("a token in use")
        .unchecked_into();
    let tip = count.next_element_sibling().expect("its kinds");
    assert_eq!(tip.get_attribute("role").as_deref(), Some("tooltip"));
    let width = |el: &Element| rect(el)[2];
    assert!(width(&tip) <= 1.0, "hidden until asked for");
    count.focus().unwrap();
    assert_eq!(
        document().active_element().as_ref(),
        Some(count.unchecked_ref::<Element>())
    );
    assert!(width(&tip) > 20.0, "shown on focus");
    count.blur().unwrap();

    app.host.style().set_property("width", "360px").unwrap();
    leptos::task::tick().await;
    let row = count.closest("tr").unwrap().unwrap();
    let ([left, right, width], [card_left, card_right, _]) = (rect(&tip), rect(&row));
    assert!(
        width > 20.0 && left >= card_left && right <= card_right + 0.5,
        "the kinds are text inside the card"
    );
    assert!(
        app.host.scroll_width() <= app.host.offset_width(),
        "nothing sticks out"
    );
}

/// Where `el` is laid out: left, right and width in CSS pixels.
fn rect(el: &Element) -> [f64; 3] {
    let measure = js_sys::Function::new_with_args(
        "e",
        "const r = e.getBoundingClientRect(); return [r.left, r.right, r.width];",
    );
    let found: js_sys::Array = measure
        .call1(&wasm_bindgen::JsValue::NULL, el)
        .unwrap()
        .unchecked_into();
    [0, 1, 2].map(|i| found.get(i).as_f64().unwrap())
}

/// Records every request (nothing matches the fault).
fn record_requests() -> FetchFault {
    FetchFault::new("GET", "/nothing-matches-this", 500, "{}")
}

fn list_reads(requests: &FetchFault, collection: &str) -> usize {
    let path = format!("/agentic/{collection}?");
    requests
        .calls()
        .iter()
        .filter(|c| c.url.contains(&path))
        .count()
}

#[wasm_bindgen_test]
async fn the_lists_are_read_once_for_the_list_view_and_again_on_focus() {
    let requests = record_requests();
    let (app, _) = open("/tokens?size=10&sort=id:asc").await;
    wait_until("the counts", || counted(&app)).await;
    for collection in ["agents", "tools", "mcp-servers", "oauths"] {
        assert_eq!(list_reads(&requests, collection), 1, "{collection}");
    }
    let first = ids(&app);
    app.button("Next page").expect("a Next page button").click();
    wait_until("page 2", || counted(&app) && ids(&app) != first).await;
    app.button("Name").unwrap().click();
    wait_until("sorted by name", || search().contains("sort=name")).await;
    wait_until("the rows", || counted(&app)).await;
    assert_eq!(list_reads(&requests, "agents"), 1, "not per page or sort");

    fire_window_event("focus");
    wait_until("read again on focus", || {
        list_reads(&requests, "oauths") == 2
    })
    .await;
    assert_eq!(list_reads(&requests, "agents"), 2);
}

#[wasm_bindgen_test]
async fn while_the_lists_are_read_a_quiet_placeholder_never_zero() {
    let hold = FetchHold::new("/agentic/agents");
    let (app, _) = open("/tokens?size=25").await;
    let cell_texts = || {
        app.all("td.col-used-by")
            .iter()
            .map(text)
            .collect::<Vec<_>>()
    };
    assert!(!cell_texts().is_empty());
    for shown in cell_texts() {
        assert_eq!(shown, "…Loading…", "a placeholder, read as Loading…");
    }
    hold.release();
    wait_until("the counts", || counted(&app)).await;
    assert!(cell_texts().iter().any(|t| t == "0"));
}

#[wasm_bindgen_test]
async fn a_list_that_cannot_be_read_is_named_and_no_count_is_zero() {
    let expected = expected(&admin_client().await).await;
    let fault = FetchFault::new(
        "GET",
        "/agentic/tools?",
        403,
        r#"{"code":403,"status":"Forbidden","message":"Missing scope."}"#,
    );
    let (app, _) = open("/tokens?size=100&sort=id:asc").await;
    app.wait_for_text("Could not check tools: You are not allowed to do this. Missing scope.")
        .await;
    wait_until("the counts", || counted(&app)).await;
    for (id, cell) in cells(&app) {
        let found: u32 = expected
            .get(&id)
            .map(|c| c[0] + c[2] + c[3])
            .unwrap_or_default();
        let shown = shown_count(&cell);
        if found == 0 {
            assert_eq!(shown, "?", "{id}: unknown, not unused");
            assert!(text(&cell).contains("Unknown: not every list could be read"));
        } else {
            assert_eq!(shown, format!("{found}+"), "{id}: at least what was read");
        }
    }

    app.checkbox("Unused tokens").unwrap().click();
    app.wait_for_text(
        "Which tokens are unused cannot be told while a list of their users cannot be read.",
    )
    .await;
    wait_until("no rows", || rows(&app).is_empty()).await;

    fault.stop_failing();
    app.button("Check again").unwrap().click();
    wait_until("unused tokens listed", || {
        !rows(&app).is_empty() && counted(&app)
    })
    .await;
    assert!(!app.host.text_content().unwrap().contains("Could not check"));
    for (id, cell) in cells(&app) {
        assert_eq!(text(&cell), "0", "{id}");
    }
}

#[wasm_bindgen_test]
async fn a_focus_after_a_failed_read_reads_the_lists_again() {
    let fault = FetchFault::new("GET", "/agentic/oauths?", 503, r#"{"message":"Down"}"#);
    let (app, _) = open("/tokens?size=10").await;
    app.wait_for_text("Could not check OAuth configurations:")
        .await;
    fault.stop_failing();
    fire_window_event("focus");
    wait_until("the lists read", || {
        counted(&app) && !app.host.text_content().unwrap().contains("Could not check")
    })
    .await;
    assert!(app
        .all("td.col-used-by")
        .iter()
        .all(|c| !text(c).contains('?')));
}

#[wasm_bindgen_test]
async fn unused_tokens_lists_exactly_the_unreferenced_ones_and_stays_in_the_address() {
    let (app, api) = open("/tokens?size=100&sort=id:asc").await;
    let referenced = expected(&api).await;
    let unused: Vec<String> = all_ids(&api)
        .await
        .into_iter()
        .filter(|id| !referenced.contains_key(id))
        .collect();
    assert!(unused.len() <= 100, "one page holds them: {}", unused.len());
    let filter = app
        .checkbox("Unused tokens")
        .expect("the filter by its name");
    assert!(!filter.checked());
    filter.click();
    wait_until("the filter in the address", || {
        search().contains("unused=1")
    })
    .await;
    wait_until("only unused tokens", || {
        counted(&app) && ids(&app) == unused
    })
    .await;
    assert!(cells(&app).iter().all(|(_, cell)| text(cell) == "0"));
    let announced = app
        .all("[role=status]")
        .iter()
        .map(text)
        .collect::<String>();
    assert!(
        announced.contains(&format!("Showing 1–{} of {}", unused.len(), unused.len())),
        "{announced}"
    );

    // Back: the whole list again; Forward: the filter again.
    window().history().unwrap().back().unwrap();
    wait_until("every token", || {
        !search().contains("unused") && counted(&app) && ids(&app).len() > unused.len()
    })
    .await;
    assert!(!app.checkbox("Unused tokens").unwrap().checked());
    window().history().unwrap().forward().unwrap();
    wait_until("the unused tokens again", || {
        search().contains("unused=1") && counted(&app) && ids(&app) == unused
    })
    .await;

    // Reload: the address brings the filter back.
    let address = format!("{}{}", pathname(), search());
    drop(app);
    let app = Mounted::at(&address, App).await;
    wait_until("the same unused tokens", || {
        counted(&app) && ids(&app) == unused
    })
    .await;
    assert!(app.checkbox("Unused tokens").unwrap().checked());
}

#[wasm_bindgen_test]
async fn unused_tokens_are_paged_in_the_app_within_the_search() {
    let api = sign_in_to_emulator(ADMIN).await;
    for n in 1..=12 {
        fresh_token(&api, &format!("usedby-page-{n:02}"), "Used-by paging").await;
    }
    let app = Mounted::at(
        "/tokens?q=Used-by%20paging&unused=1&size=10&sort=id:asc",
        App,
    )
    .await;
    wait_until("page 1 of the unused tokens", || {
        counted(&app) && ids(&app).len() == 10
    })
    .await;
    assert_eq!(ids(&app)[0], "usedby-page-01");
    let requests = record_requests();
    app.button("Next page").unwrap().click();
    wait_until("page 2", || {
        counted(&app) && ids(&app) == ["usedby-page-11", "usedby-page-12"]
    })
    .await;
    assert!(search().contains("page=2") && search().contains("unused=1"));
    assert!(
        requests.calls().is_empty(),
        "the pages come from the search read once: {:?}",
        requests.calls()
    );
    app.wait_for_text("Showing 11–12 of 12").await;
}
