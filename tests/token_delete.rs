//! Delete, force delete, bulk delete and inline rename on the token list, against the real
//! emulator (started by `cargo xtask test`, its URL compiled in as `EMULATOR_URL`), in
//! headless Chromium. Tokens these tests create have ids starting with `del-`; the force
//! cases use the seeded `anthropic-prod`, `jira-mcp` and `qdrant-rag`, which no other test
//! changes.
//! Each test removes what it created and recreates `anthropic-prod`, because later suites
//! on the same emulator count the seeded tokens.
#![cfg(target_arch = "wasm32")]

mod support;

use ai_client::{ApiError, Secret, TokenDraft, UserKind};
use support::*;
use token_admin::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Every token on one page, in id order.
const ALL: &str = "/tokens?size=100&sort=id:asc";

/// Creates the token `id` named `name`.
async fn create(id: &str, name: &str) {
    admin_client()
        .await
        .put_token(id, &TokenDraft::create(name, Secret::new("del-test-value")))
        .await
        .unwrap_or_else(|e| panic!("creating {id}: {e}"));
}

/// Deletes the token `id`, so other suites sharing the emulator see the seeded data.
async fn remove(id: &str) {
    admin_client().await.delete_token(id, true).await.unwrap();
}

async fn is_gone(id: &str) -> bool {
    matches!(
        admin_client().await.get_token(id).await,
        Err(ApiError::NotFound { .. })
    )
}

/// The token list at `path`, signed in as `client`, once its rows are there.
async fn open(client: (&str, &str), path: &str) -> Mounted {
    sign_in_to_emulator(client).await;
    let app = Mounted::at(path, App).await;
    app.wait_for_heading("Tokens").await;
    wait_until("rows", || !app.all("table tbody tr").is_empty()).await;
    app
}

async fn button(app: &Mounted, name: &str) -> web_sys::HtmlElement {
    wait_until(&format!("a button named {name:?}"), || {
        app.button(name).is_some()
    })
    .await;
    app.button(name).unwrap()
}

async fn dialog(app: &Mounted, name: &str) -> Element {
    wait_until(&format!("a dialog named {name:?}"), || {
        app.dialog(name).is_some()
    })
    .await;
    app.dialog(name).unwrap()
}

fn is_disabled(button: &web_sys::HtmlElement) -> bool {
    button.unchecked_ref::<HtmlButtonElement>().disabled()
}

/// The cells of the row whose id is `id`.
fn row(app: &Mounted, id: &str) -> Vec<String> {
    let Some(link) = app.link(id) else {
        return Vec::new();
    };
    let row = link.closest("tr").unwrap().unwrap();
    let cells = row.query_selector_all("td").unwrap();
    (0..cells.length())
        .filter_map(|i| cells.item(i))
        .map(|c| c.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

fn live_text(app: &Mounted) -> String {
    app.all("[role=status]")
        .iter()
        .map(text)
        .collect::<Vec<_>>()
        .join(" | ")
}

#[wasm_bindgen_test]
async fn confirm_lists_dependents_and_escape_gives_focus_back() {
    let app = open(ADMIN, ALL).await;
    let opener = button(&app, "Delete openai-prod").await;
    opener.focus().unwrap();
    opener.click();
    let confirm = dialog(&app, "Delete openai-prod?").await;
    wait_until("the dependents", || {
        text(&confirm).contains("support-agent")
    })
    .await;
    assert!(
        text(&confirm).contains("Agent support-agent"),
        "{}",
        text(&confirm)
    );
    assert!(text(&confirm).contains("This cannot be undone."));
    wait_until("focus on Cancel", || focused_name() == "Cancel").await;

    press_key(&document().active_element().unwrap(), "Escape");
    wait_until("the dialog to close", || app.open_dialogs() == 0).await;
    wait_until("focus back on the opener", || {
        focused_name() == "Delete openai-prod"
    })
    .await;
    assert!(!is_gone("openai-prod").await);
}

#[wasm_bindgen_test]
async fn an_unused_token_is_deleted_after_confirming() {
    create("del-plain", "Delete me").await;
    let app = open(ADMIN, ALL).await;
    button(&app, "Delete del-plain").await.click();
    let confirm = dialog(&app, "Delete del-plain?").await;
    wait_until("no dependents", || {
        text(&confirm).contains("Not used by any agent, tool, MCP server or OAuth configuration.")
    })
    .await;
    app.button("Delete").expect("a Delete button").click();
    wait_until("the dialog to close", || app.open_dialogs() == 0).await;
    wait_until("the row to go", || app.link("del-plain").is_none()).await;
    wait_until("the announcement", || {
        live_text(&app).contains("Token del-plain deleted")
    })
    .await;
    assert!(is_gone("del-plain").await);
}

#[wasm_bindgen_test]
async fn a_list_that_cannot_be_read_is_named_and_no_harmless_delete_promised() {
    create("del-unchecked", "Unchecked users").await;
    let fault = FetchFault::new(
        "GET",
        "/agentic/oauths?",
        500,
        r#"{"code":500,"message":"Down."}"#,
    );
    let app = open(ADMIN, ALL).await;
    button(&app, "Delete del-unchecked").await.click();
    let confirm = dialog(&app, "Delete del-unchecked?").await;
    wait_until("the warning", || {
        text(&confirm).contains("It may still be in use by what could not be checked.")
    })
    .await;
    assert!(text(&confirm).contains("Could not check OAuth configurations:"));
    assert!(text(&confirm).contains("HTTP 500"), "{}", text(&confirm));
    assert!(
        !text(&confirm).contains("Not used by"),
        "{}",
        text(&confirm)
    );
    drop(fault);
    app.button("Cancel").unwrap().click();
    wait_until("the dialog to close", || app.open_dialogs() == 0).await;
    remove("del-unchecked").await;
}

#[wasm_bindgen_test]
async fn a_failed_delete_shows_the_api_message_in_the_dialog() {
    create("del-err", "Fails once").await;
    let app = open(ADMIN, ALL).await;
    button(&app, "Delete del-err").await.click();
    dialog(&app, "Delete del-err?").await;
    let fault = FetchFault::new(
        "DELETE",
        "/tokens/del-err",
        503,
        r#"{"code":503,"status":"Service Unavailable","message":"Try later."}"#,
    );
    app.button("Delete").unwrap().click();
    wait_until("an alert", || app.alert_text().contains("HTTP 503")).await;
    assert!(
        app.dialog("Delete del-err?").is_some(),
        "the dialog stays open"
    );
    assert!(!is_gone("del-err").await);

    fault.stop_failing();
    app.button("Delete").unwrap().click();
    wait_until("the dialog to close", || app.open_dialogs() == 0).await;
    assert!(is_gone("del-err").await);
}

#[wasm_bindgen_test]
async fn a_token_in_use_needs_force_and_the_id_typed_exactly() {
    let app = open(ADMIN, ALL).await;
    button(&app, "Delete anthropic-prod").await.click();
    let confirm = dialog(&app, "Delete anthropic-prod?").await;
    wait_until("the dependents", || {
        text(&confirm).contains("catalog-enricher")
    })
    .await;
    app.button("Delete").unwrap().click();

    let force = dialog(&app, "Force delete anthropic-prod?").await;
    assert!(
        text(&force).contains("catalog-enricher"),
        "{}",
        text(&force)
    );
    assert!(text(&force).contains("disabled"), "{}", text(&force));
    let field = app
        .field("Type the token ID to confirm")
        .expect("the confirmation field");
    let field_el: &Element = &field;
    wait_until("focus in the field", || {
        document().active_element().as_ref() == Some(field_el)
    })
    .await;
    let force_button = app.button("Force delete").expect("a Force delete button");
    assert!(is_disabled(&force_button));
    for wrong in ["anthropic-pro", "Anthropic-prod", "anthropic-prod "] {
        type_into(&field, wrong);
        leptos::task::tick().await;
        assert!(is_disabled(&force_button), "enabled for {wrong:?}");
    }
    type_into(&field, "anthropic-prod");
    wait_until("Force delete enabled", || !is_disabled(&force_button)).await;
    force_button.click();

    wait_until("the dialog to close", || app.open_dialogs() == 0).await;
    wait_until("the row to go", || app.link("anthropic-prod").is_none()).await;
    assert!(is_gone("anthropic-prod").await);
    let agents = admin_client()
        .await
        .list_users(UserKind::Agent)
        .await
        .unwrap();
    let agent = agents
        .iter()
        .find(|a| a["id"] == "catalog-enricher")
        .unwrap();
    assert_eq!(agent["enabled"], false);
    // Other suites count the seeded tokens.
    create("anthropic-prod", "Anthropic Claude production").await;
}

#[wasm_bindgen_test]
async fn bulk_delete_reports_each_outcome() {
    create("del-b1", "Bulk one").await;
    create("del-b2", "Bulk two").await;
    let app = open(ADMIN, ALL).await;
    for id in ["del-b1", "del-b2", "jira-mcp", "qdrant-rag"] {
        wait_until(id, || app.checkbox(&format!("Select {id}")).is_some()).await;
        app.checkbox(&format!("Select {id}")).unwrap().click();
    }
    app.wait_for_text("4 selected").await;
    app.button("Delete selected").unwrap().click();
    let confirm = dialog(&app, "Delete 4 tokens?").await;
    assert!(text(&confirm).contains("jira-mcp"));
    app.button("Delete").unwrap().click();

    wait_until("the results", || {
        app.region("Bulk delete results").is_some()
    })
    .await;
    let results = app.region("Bulk delete results").unwrap();
    wait_until("the summary", || {
        text(&results).contains("2 deleted, 2 needs force")
    })
    .await;
    // Under each token still in use: who uses it, by kind, with what for and its state.
    wait_until("the users of the tokens in use", || {
        text(&results)
            .contains("Tool product-rag (Product search (Qdrant)) — RAG database token · Enabled")
            && text(&results)
                .contains("MCP server jira-tools (Jira tools) — Authorization header · Enabled")
    })
    .await;
    let items: Vec<String> = app.all(".bulk-results li").iter().map(text).collect();
    assert!(
        items.iter().any(|i| i.starts_with("del-b1: deleted")),
        "{items:?}"
    );
    assert!(
        items.iter().any(|i| i.starts_with("del-b2: deleted")),
        "{items:?}"
    );
    assert!(
        items.iter().any(|i| i.starts_with("jira-mcp: needs force")),
        "{items:?}"
    );
    assert!(app.button("Retry failed").is_none());
    wait_until("the rows to go", || app.link("del-b1").is_none()).await;
    assert!(app.link("jira-mcp").is_some());
    assert!(is_gone("del-b2").await);
    assert!(!is_gone("jira-mcp").await);
    assert!(!is_gone("qdrant-rag").await);
    assert!(
        app.button("Delete selected").is_none(),
        "the selection is cleared"
    );

    app.button("Clear").unwrap().click();
    wait_until("the results to go", || {
        app.region("Bulk delete results").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn retry_failed_retries_only_the_failed() {
    create("del-r1", "Retry one").await;
    create("del-r2", "Retry two").await;
    let app = open(ADMIN, ALL).await;
    for id in ["del-r1", "del-r2"] {
        wait_until(id, || app.checkbox(&format!("Select {id}")).is_some()).await;
        app.checkbox(&format!("Select {id}")).unwrap().click();
    }
    let fault = FetchFault::new(
        "DELETE",
        "/tokens/del-r2",
        503,
        r#"{"code":503,"status":"Service Unavailable","message":"Try later."}"#,
    );
    button(&app, "Delete selected").await.click();
    dialog(&app, "Delete 2 tokens?").await;
    app.button("Delete").unwrap().click();
    wait_until("the first summary", || {
        app.region("Bulk delete results")
            .is_some_and(|r| text(&r).contains("1 deleted, 1 failed"))
    })
    .await;
    assert!(is_gone("del-r1").await);
    assert!(!is_gone("del-r2").await);

    fault.stop_failing();
    let before = fault.calls().len();
    app.button("Retry failed")
        .expect("a Retry failed button")
        .click();
    wait_until("the second summary", || {
        app.region("Bulk delete results")
            .is_some_and(|r| text(&r).contains("2 deleted") && !text(&r).contains("failed"))
    })
    .await;
    let retried: Vec<String> = fault.calls()[before..]
        .iter()
        .filter(|call| call.method == "DELETE")
        .map(|call| call.url.clone())
        .collect();
    assert_eq!(retried.len(), 1, "{retried:?}");
    assert!(retried[0].ends_with("/tokens/del-r2"), "{retried:?}");
    assert!(is_gone("del-r2").await);
}

#[wasm_bindgen_test]
async fn select_all_selects_the_rows_on_the_page() {
    let app = open(ADMIN, "/tokens?size=10&sort=id:asc").await;
    wait_until("10 rows", || app.all("table tbody tr").len() == 10).await;
    let all = app
        .checkbox("Select all on this page")
        .expect("a select-all checkbox");
    all.click();
    app.wait_for_text("10 selected").await;
    assert!(app.checkbox("Select anthropic-batch").unwrap().checked());
    app.checkbox("Select anthropic-batch").unwrap().click();
    app.wait_for_text("9 selected").await;
    assert!(all.indeterminate());
    all.click();
    app.wait_for_text("10 selected").await;
    all.click();
    wait_until("no selection", || app.button("Delete selected").is_none()).await;
}

#[wasm_bindgen_test]
async fn inline_rename_saves_with_enter_and_cancels_with_escape() {
    create("del-rn", "Rename me").await;
    let app = open(ADMIN, ALL).await;
    button(&app, "Rename del-rn").await.click();
    wait_until("the name field", || {
        app.field("New name for del-rn").is_some()
    })
    .await;
    let field = app.field("New name for del-rn").unwrap();
    assert_eq!(field.value(), "Rename me");
    let field_el: &Element = &field;
    wait_until("focus in the field", || {
        document().active_element().as_ref() == Some(field_el)
    })
    .await;
    type_into(&field, "Renamed token");
    press_key(&field, "Enter");
    wait_until("the new name and version", || {
        let cells = row(&app, "del-rn");
        cells.iter().any(|c| c == "Renamed token") && cells.iter().any(|c| c == "2")
    })
    .await;
    assert!(app.field("New name for del-rn").is_none());
    let saved = admin_client().await.get_token("del-rn").await.unwrap();
    assert_eq!(saved.name.as_deref(), Some("Renamed token"));
    assert_eq!(saved.metadata.unwrap().version, Some(2));
    app.wait_for_text("Token del-rn renamed").await;

    button(&app, "Rename del-rn").await.click();
    wait_until("the name field", || {
        app.field("New name for del-rn").is_some()
    })
    .await;
    let field = app.field("New name for del-rn").unwrap();
    type_into(&field, "Not this");
    press_key(&field, "Escape");
    wait_until("the field to go", || {
        app.field("New name for del-rn").is_none()
    })
    .await;
    wait_until("focus on Rename", || focused_name() == "Rename del-rn").await;
    assert!(row(&app, "del-rn").iter().any(|c| c == "Renamed token"));
    remove("del-rn").await;
}

#[wasm_bindgen_test]
async fn a_row_without_metadata_is_renamed_with_one_put_and_no_conflict() {
    // The official list example: rows without `metadata`.
    let rows = r#"[{"id":"emporix--openai","name":"Emporix OpenAi Token"},{"id":"openai","name":"OpenAi Token"}]"#;
    let stub = FetchStub::by_method(&[("GET", 200, rows), ("PUT", 204, "")]);
    store_session("https://api.example.test", "demo", "t");
    let app = Mounted::at("/tokens", App).await;
    button(&app, "Rename openai").await.click();
    wait_until("the name field", || {
        app.field("New name for openai").is_some()
    })
    .await;
    let before = stub.calls().len();
    let field = app.field("New name for openai").unwrap();
    type_into(&field, "OpenAI, renamed");
    press_key(&field, "Enter");
    app.wait_for_text("Token openai renamed").await;
    assert_eq!(app.open_dialogs(), 0, "no conflict view");
    let sent: Vec<(String, String)> = stub.calls()[before..]
        .iter()
        .map(|c| (c.method.clone(), c.url.clone()))
        .filter(|(method, url)| method == "PUT" || url.contains("/tokens/openai"))
        .collect();
    assert_eq!(
        sent,
        [(
            "PUT".to_owned(),
            "https://api.example.test/ai-service/demo/agentic/tokens/openai".to_owned()
        )],
        "one PUT, no read of the token"
    );
}

#[wasm_bindgen_test]
async fn renaming_a_stale_row_shows_the_conflict() {
    create("del-stale", "Original").await;
    let app = open(ADMIN, ALL).await;
    button(&app, "Rename del-stale").await.click();
    admin_client()
        .await
        .put_token(
            "del-stale",
            &TokenDraft::update("Changed elsewhere", Some(1)),
        )
        .await
        .unwrap();
    wait_until("the name field", || {
        app.field("New name for del-stale").is_some()
    })
    .await;
    type_into(&app.field("New name for del-stale").unwrap(), "Mine");
    app.button("Save").unwrap().click();

    let conflict = dialog(&app, "Rename del-stale").await;
    assert!(
        text(&conflict).contains("Someone else changed this token"),
        "{}",
        text(&conflict)
    );
    assert!(text(&conflict).contains("Changed elsewhere"));
    assert!(text(&conflict).contains("Mine"));
    app.button("Keep mine").expect("Keep mine").click();
    wait_until("the dialog to close", || app.open_dialogs() == 0).await;
    wait_until("the saved name", || {
        row(&app, "del-stale").iter().any(|c| c == "Mine")
    })
    .await;
    let saved = admin_client().await.get_token("del-stale").await.unwrap();
    assert_eq!(saved.name.as_deref(), Some("Mine"));
    assert_eq!(saved.metadata.unwrap().version, Some(3));
    remove("del-stale").await;
}

#[wasm_bindgen_test]
async fn read_only_sessions_see_no_manage_controls() {
    let app = open(VIEWER, ALL).await;
    wait_until("all rows", || app.link("qa-smoke").is_some()).await;
    let selects: Vec<String> = app
        .all("input[type=checkbox]")
        .iter()
        .filter_map(label_of)
        .filter(|label| label.starts_with("Select"))
        .collect();
    assert!(selects.is_empty(), "{selects:?}");
    let names: Vec<String> = app.all("button").iter().map(accessible_name).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("Rename") || n.starts_with("Delete")),
        "{names:?}"
    );
    assert_eq!(
        row(&app, "qa-smoke").len(),
        6,
        "the six data cells (id, name, created, modified, version, value age): no selection or actions cells"
    );
}
