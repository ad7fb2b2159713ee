//! The token detail page against the real emulator (its URL compiled in as `EMULATOR_URL`),
//! in headless Chromium: facts and who uses the token, renaming with optimistic locking, the
//! conflict view, a token deleted while editing, the staleness banner, read-only sessions
//! and the unsaved-changes guard. Each test makes its own `detail-…` tokens.
#![cfg(target_arch = "wasm32")]

mod support;

use ai_client::{
    ApiError, Client, Token, TokenDraft, TokenField, TokenUser, Unchecked, Usage, UserKind,
};
use leptos::view;
use support::*;
use token_admin::tokens::detail::UsageView;
use token_admin::ui::unsaved_guard::LEAVE_PROMPT;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CONFLICT_HEADING: &str = "Someone else changed this token";

async fn server_copy(api: &Client, id: &str) -> Token {
    api.get_token(id).await.expect("the token exists")
}

fn version(token: &Token) -> u64 {
    token.metadata.as_ref().and_then(|m| m.version).unwrap()
}

/// Opens `path` and waits for the heading `title`.
async fn open(path: &str, title: &str) -> Mounted {
    let app = Mounted::at(path, one_token_pages).await;
    app.wait_for_heading(title).await;
    app
}

fn name_field(app: &Mounted) -> web_sys::HtmlInputElement {
    app.field("Name").expect("a Name field")
}

fn save_button(app: &Mounted) -> web_sys::HtmlButtonElement {
    app.button("Save").expect("a Save button").unchecked_into()
}

/// The conflict view's table rows, each as its cell texts.
fn conflict_rows(app: &Mounted) -> Vec<Vec<String>> {
    let region = app.region(CONFLICT_HEADING).expect("the conflict view");
    table_rows(&region)
}

#[wasm_bindgen_test]
async fn shows_the_facts_and_what_uses_the_token() {
    let api = sign_in_to_emulator(ADMIN).await;
    let app = open("/tokens/openai-prod", "OpenAI production key").await;
    assert_eq!(fact(&app, "ID").as_deref(), Some("openai-prod"));
    assert_eq!(fact(&app, "Name").as_deref(), Some("OpenAI production key"));
    // Relative times, the exact time in the title.
    for term in ["Created", "Modified"] {
        let exact = app
            .all("dt")
            .into_iter()
            .find(|dt| text(dt) == term)
            .and_then(|dt| dt.next_element_sibling())
            .and_then(|dd| dd.query_selector("time[datetime][title]").unwrap());
        assert!(exact.is_some(), "{term} as a <time> with its exact time");
    }
    let v = version(&server_copy(&api, "openai-prod").await);
    assert_eq!(fact(&app, "Version"), Some(v.to_string()));
    let used_by = app.region("Used by").expect("a Used by section");
    wait_until("the dependents", || !table_rows(&used_by).is_empty()).await;
    assert_eq!(
        table_rows(&used_by),
        vec![vec![
            "Agent".to_owned(),
            "Customer support agent".to_owned(),
            "support-agent".to_owned(),
            "Enabled".to_owned(),
            "LLM token llmConfig.token".to_owned()
        ]]
    );
    drop(app);

    fresh_token(&api, "detail-unused", "Detail unused").await;
    let app = open("/tokens/detail-unused", "Detail unused").await;
    app.wait_for_text("Not used by any agent, tool, MCP server or OAuth configuration")
        .await;
    assert!(!text(&app.host).contains("sk-detail-test"));
}

/// The rows of the "Used by" table of the page at `path` (heading `title`), once read.
async fn users_of(path: &str, title: &str) -> Vec<Vec<String>> {
    let app = open(path, title).await;
    let used_by = app.region("Used by").expect("a Used by section");
    wait_until("the users", || !table_rows(&used_by).is_empty()).await;
    table_rows(&used_by)
}

#[wasm_bindgen_test]
async fn a_token_used_only_by_a_tool_or_an_oauth_configuration_lists_it() {
    sign_in_to_emulator(ADMIN).await;
    let row = |cells: [&str; 5]| cells.map(str::to_owned).to_vec();
    assert_eq!(
        users_of("/tokens/qdrant-rag", "Qdrant vector DB (RAG)").await,
        [row([
            "Tool",
            "Product search (Qdrant)",
            "product-rag",
            "Enabled",
            "RAG database token config.databaseConfig.token"
        ])]
    );
    assert_eq!(
        users_of("/tokens/sap-commerce-mcp", "SAP Commerce MCP OAuth secret").await,
        [row([
            "OAuth configuration",
            "",
            "vllm-gateway-oauth",
            "Enabled",
            "OAuth client secret clientSecretToken"
        ])]
    );
    // Inside an agent: its inline MCP server and native tool.
    assert_eq!(
        users_of("/tokens/confluence-mcp", "Confluence MCP API token").await,
        [row([
            "Agent",
            "Product RAG assistant",
            "rag-assistant",
            "Enabled",
            "Authorization header mcpServers[].mcpServer.config.authorizationHeaderToken"
        ])]
    );
}

#[wasm_bindgen_test]
async fn a_list_that_cannot_be_read_is_named_and_the_token_never_called_unused() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-unchecked", "Detail unchecked").await;
    let fault = FetchFault::new(
        "GET",
        "/agentic/tools?",
        403,
        r#"{"code":403,"message":"Missing scope ai.agent_read."}"#,
    );
    let app = open("/tokens/detail-unchecked", "Detail unchecked").await;
    app.wait_for_text("No user found in what could be read, but it may still be in use.")
        .await;
    let used_by = text(&app.region("Used by").unwrap());
    assert!(
        used_by.contains(
            "Could not check tools: You are not allowed to do this. Missing scope ai.agent_read."
        ),
        "{used_by}"
    );
    assert!(!used_by.contains("Not used by"), "{used_by}");
    let lists = ["/agents?", "/tools?", "/mcp-servers?", "/oauths?"];
    let calls = fault.calls();
    for list in lists {
        assert!(
            calls.iter().any(|c| c.url.contains(list)),
            "{list} asked for"
        );
    }
}

fn user(
    kind: UserKind,
    id: &str,
    name: Option<&str>,
    enabled: Option<bool>,
    path: &'static str,
) -> TokenUser {
    let place = kind
        .places()
        .iter()
        .find(|p| p.path == path)
        .expect("a place");
    TokenUser {
        kind,
        id: id.into(),
        name: name.map(Into::into),
        enabled,
        version: Some(1),
        fields: vec![TokenField {
            pointer: format!("/{}", path.replace('.', "/")),
            path,
            kind: place.kind,
        }],
        document: serde_json::Value::Null,
    }
}

#[wasm_bindgen_test]
async fn used_by_names_every_kind_its_state_and_field_and_what_could_not_be_read() {
    let usage = Usage {
        users: vec![
            user(
                UserKind::Agent,
                "support",
                Some("Support"),
                Some(true),
                "llmConfig.token",
            ),
            user(
                UserKind::Tool,
                "rag",
                Some("RAG"),
                Some(false),
                "config.embeddingConfig.token",
            ),
            user(
                UserKind::McpServer,
                "github",
                Some("GitHub"),
                None,
                "config.authorizationHeaderToken",
            ),
            user(UserKind::OAuth, "gw", None, Some(true), "clientSecretToken"),
        ],
        unchecked: vec![Unchecked {
            kind: UserKind::Tool,
            error: ApiError::Timeout,
        }],
    };
    let app = Mounted::at("/used-by", move || view! { <UsageView usage=usage /> }).await;
    let row = |cells: [&str; 5]| cells.map(str::to_owned).to_vec();
    assert_eq!(
        table_rows(&app.host),
        [
            row([
                "Agent",
                "Support",
                "support",
                "Enabled",
                "LLM token llmConfig.token"
            ]),
            row([
                "Tool",
                "RAG",
                "rag",
                "Disabled",
                "Embedding token config.embeddingConfig.token"
            ]),
            row([
                "MCP server",
                "GitHub",
                "github",
                "Unknown",
                "Authorization header config.authorizationHeaderToken"
            ]),
            row([
                "OAuth configuration",
                "",
                "gw",
                "Enabled",
                "OAuth client secret clientSecretToken"
            ]),
        ]
    );
    assert_eq!(
        header_cells(&app.host),
        ["Kind", "Name", "ID", "Status", "Uses it as"]
    );
    assert_eq!(
        app.alert_text(),
        "Could not check tools: The server took too long to answer. Try again."
    );
    assert!(!text(&app.host).contains("Not used by"));
    drop(app);

    let app = Mounted::at(
        "/used-by",
        || view! { <UsageView usage=Usage::default() /> },
    )
    .await;
    assert_eq!(
        text(&app.host),
        "Not used by any agent, tool, MCP server or OAuth configuration"
    );
}

#[wasm_bindgen_test]
async fn a_missing_token_says_so_with_a_way_back() {
    sign_in_to_emulator(ADMIN).await;
    let app = open("/tokens/detail-never-existed", "Token not found").await;
    app.link("Back to tokens").expect("a link back").click();
    app.wait_for_heading("Token list").await;
    assert_eq!(pathname(), "/tokens");
}

#[wasm_bindgen_test]
async fn the_created_notice_shows_only_after_creation() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-created", "Detail created").await;
    let notice = "Token created. Its value is stored and will not be shown again.";
    let app = open("/tokens/detail-created?created=1", "Detail created").await;
    assert!(text(&app.host).contains(notice));
    drop(app);
    let app = open("/tokens/detail-created", "Detail created").await;
    assert!(!text(&app.host).contains(notice));
}

#[wasm_bindgen_test]
async fn save_is_enabled_only_for_a_change_and_a_rename_bumps_the_version() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-rename", "Before").await;
    let app = open("/tokens/detail-rename", "Before").await;
    assert!(save_button(&app).disabled(), "nothing changed yet");
    type_into(&name_field(&app), "After");
    wait_until("Save enabled", || !save_button(&app).disabled()).await;
    type_into(&name_field(&app), "Before");
    wait_until("Save disabled again", || save_button(&app).disabled()).await;

    type_into(&name_field(&app), "After");
    wait_until("Save enabled", || !save_button(&app).disabled()).await;
    save_button(&app).click();
    app.wait_for_text("Saved.").await;
    let saved = server_copy(&api, "detail-rename").await;
    assert_eq!(saved.name.as_deref(), Some("After"));
    assert_eq!(version(&saved), 2);
    wait_until("version 2 shown", || {
        fact(&app, "Version").as_deref() == Some("2")
    })
    .await;
    assert!(save_button(&app).disabled(), "the new baseline is saved");
}

#[wasm_bindgen_test]
async fn a_server_error_about_the_name_shows_at_the_field() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-invalid", "Valid").await;
    let app = open("/tokens/detail-invalid", "Valid").await;
    type_into(&name_field(&app), "   ");
    wait_until("Save enabled", || !save_button(&app).disabled()).await;
    save_button(&app).click();
    wait_until("the field marked invalid", || is_invalid(&name_field(&app))).await;
    assert!(!description(&name_field(&app)).is_empty());
    assert_eq!(
        server_copy(&api, "detail-invalid").await.name.as_deref(),
        Some("Valid")
    );
}

/// Opens `id` (named "Loaded"), types "Mine", renames it to "Theirs" behind the page's
/// back, saves, and waits for the conflict view.
async fn conflict(api: &Client, id: &str) -> Mounted {
    fresh_token(api, id, "Loaded").await;
    let app = open(&format!("/tokens/{id}"), "Loaded").await;
    type_into(&name_field(&app), "Mine");
    api.put_token(id, &TokenDraft::update("Theirs", Some(1)))
        .await
        .expect("the background rename");
    wait_until("Save enabled", || !save_button(&app).disabled()).await;
    save_button(&app).click();
    app.wait_for_heading(CONFLICT_HEADING).await;
    app
}

#[wasm_bindgen_test]
async fn a_conflict_shows_all_three_values_and_keep_mine_saves_on_top_of_theirs() {
    let api = sign_in_to_emulator(ADMIN).await;
    let app = conflict(&api, "detail-keep").await;
    let region = app.region(CONFLICT_HEADING).unwrap();
    let head = header_cells(&region);
    assert_eq!(head[..3], ["Field", "What you loaded", "Your edit"]);
    assert!(head[3].starts_with("Now on the server"), "{head:?}");
    assert!(head[3].contains("version 2"), "{head:?}");
    assert_eq!(
        conflict_rows(&app),
        vec![vec!["Name", "Loaded", "Mine", "Theirs"]]
    );
    assert_eq!(name_field(&app).value(), "Mine", "the typed name stays");
    assert_eq!(
        server_copy(&api, "detail-keep").await.name.as_deref(),
        Some("Theirs"),
        "nothing is saved before a choice"
    );

    // The admin may keep editing; the view follows.
    type_into(&name_field(&app), "Mine, edited");
    wait_until("the edit in the view", || {
        conflict_rows(&app)[0][2] == "Mine, edited"
    })
    .await;

    app.button("Keep mine").expect("Keep mine").click();
    app.wait_for_text("Saved.").await;
    let saved = server_copy(&api, "detail-keep").await;
    assert_eq!(saved.name.as_deref(), Some("Mine, edited"));
    assert_eq!(version(&saved), 3, "theirs (2) + 1");
    wait_until("the conflict view gone", || {
        app.region(CONFLICT_HEADING).is_none()
    })
    .await;
    assert_eq!(fact(&app, "Version").as_deref(), Some("3"));
    assert!(save_button(&app).disabled());
}

#[wasm_bindgen_test]
async fn take_theirs_puts_the_server_copy_in_the_form() {
    let api = sign_in_to_emulator(ADMIN).await;
    let app = conflict(&api, "detail-take").await;
    app.button("Take theirs").expect("Take theirs").click();
    wait_until("the server name in the field", || {
        name_field(&app).value() == "Theirs"
    })
    .await;
    assert!(app.region(CONFLICT_HEADING).is_none());
    assert_eq!(fact(&app, "Version").as_deref(), Some("2"));
    assert!(save_button(&app).disabled(), "nothing left to save");
    let server = server_copy(&api, "detail-take").await;
    assert_eq!(
        (server.name.as_deref(), version(&server)),
        (Some("Theirs"), 2)
    );
}

#[wasm_bindgen_test]
async fn a_token_deleted_while_editing_can_be_recreated_with_the_typed_name() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-gone", "Doomed").await;
    let app = open("/tokens/detail-gone", "Doomed").await;
    type_into(&name_field(&app), "Reborn");
    api.delete_token("detail-gone", true).await.unwrap();
    wait_until("Save enabled", || !save_button(&app).disabled()).await;
    save_button(&app).click();
    app.wait_for_heading("This token was deleted").await;
    assert_eq!(name_field(&app).value(), "Reborn", "the typed name stays");
    assert!(app.button("Discard").is_some());

    app.button("Recreate").expect("Recreate").click();
    leptos::task::tick().await;
    assert!(matches!(
        api.get_token("detail-gone").await,
        Err(ApiError::NotFound { .. })
    ));

    let value = app.field("Value").expect("a Value field");
    assert_eq!(value.type_(), "password");
    // The value gets the same warnings as on the create page.
    type_into(&value, " reborn");
    wait_until("the warnings", || {
        let warned = description(&value);
        warned.contains("shorter than 16 characters") && warned.contains("space or tab")
    })
    .await;
    type_into(&value, "sk-reborn-secret");
    app.button("Recreate").unwrap().click();
    app.wait_for_text("Token recreated.").await;
    let recreated = server_copy(&api, "detail-gone").await;
    assert_eq!(recreated.name.as_deref(), Some("Reborn"));
    assert!(app.field("Value").is_none());
    assert!(!app.host.inner_html().contains("sk-reborn-secret"));
}

#[wasm_bindgen_test]
async fn discard_after_a_delete_goes_back_to_the_list() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-discard", "Doomed").await;
    let app = open("/tokens/detail-discard", "Doomed").await;
    type_into(&name_field(&app), "Never mind");
    api.delete_token("detail-discard", true).await.unwrap();
    wait_until("Save enabled", || !save_button(&app).disabled()).await;
    save_button(&app).click();
    app.wait_for_heading("This token was deleted").await;
    let confirm = ConfirmStub::answering(false);
    app.button("Discard").expect("Discard").click();
    app.wait_for_heading("Token list").await;
    assert!(confirm.questions().is_empty(), "discarding is the choice");
}

#[wasm_bindgen_test]
async fn a_background_change_shows_a_banner_on_focus() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-stale", "Fresh").await;
    let app = open("/tokens/detail-stale", "Fresh").await;
    type_into(&name_field(&app), "Typed");
    let banner = "This token was changed (now version 2). Saving will show what changed.";
    fire_window_event("focus");
    leptos::task::tick().await;
    assert!(!text(&app.host).contains("This token was changed"));

    api.put_token("detail-stale", &TokenDraft::update("Elsewhere", Some(1)))
        .await
        .unwrap();
    fire_window_event("focus");
    app.wait_for_text(banner).await;
    assert_eq!(name_field(&app).value(), "Typed");
    assert_eq!(
        fact(&app, "Version").as_deref(),
        Some("1"),
        "the baseline stays"
    );
    save_button(&app).click();
    app.wait_for_heading(CONFLICT_HEADING).await;
}

#[wasm_bindgen_test]
async fn a_read_only_session_sees_no_edit_controls() {
    sign_in_to_emulator(VIEWER).await;
    let app = open("/tokens/openai-prod", "OpenAI production key").await;
    app.wait_for_text("Read-only").await;
    assert!(app.button("Save").is_none());
    assert!(app.field("Name").is_none());
}

#[wasm_bindgen_test]
async fn unsaved_changes_are_guarded() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-guard", "Guarded").await;
    let app = open("/tokens/detail-guard", "Guarded").await;
    assert!(!fire_window_event("beforeunload"), "clean: no prompt");
    let confirm = ConfirmStub::answering(false);
    app.link("Back to tokens").unwrap().click();
    leptos::task::tick().await;
    assert!(confirm.questions().is_empty(), "clean: no question");
    app.wait_for_heading("Token list").await;
    drop(app);

    let app = open("/tokens/detail-guard", "Guarded").await;
    type_into(&name_field(&app), "Unsaved");
    leptos::task::tick().await;
    assert!(fire_window_event("beforeunload"), "dirty: the browser asks");

    app.link("Back to tokens").unwrap().click();
    leptos::task::tick().await;
    assert_eq!(confirm.questions(), [LEAVE_PROMPT]);
    assert_eq!(pathname(), "/tokens/detail-guard", "refused: stays");
    assert_eq!(name_field(&app).value(), "Unsaved");

    window().history().unwrap().back().unwrap();
    wait_until("Back asked", || confirm.questions().len() == 2).await;
    leptos::task::tick().await;
    assert_eq!(pathname(), "/tokens/detail-guard", "refused Back: stays");
    assert_eq!(name_field(&app).value(), "Unsaved");

    confirm.answer(true);
    window().history().unwrap().back().unwrap();
    app.wait_for_heading("Token list").await;
    assert_eq!(confirm.questions().len(), 3);
    assert_eq!(pathname(), "/tokens");
    drop(app);
    assert!(
        !fire_window_event("beforeunload"),
        "listeners go with the page"
    );
}

#[wasm_bindgen_test]
async fn deleting_from_the_detail_page_returns_to_the_list() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-delete", "To delete").await;
    let app = open("/tokens/detail-delete", "To delete").await;
    app.button("Delete token")
        .expect("a Delete token button")
        .click();
    wait_until("the confirm dialog", || app.button("Delete").is_some()).await;
    app.button("Delete").unwrap().click();
    app.wait_for_heading("Token list").await;
    assert!(api.get_token("detail-delete").await.is_err());
}

#[wasm_bindgen_test]
async fn a_quick_jump_from_one_token_to_another_shows_the_second() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "detail-jump-a", "Jump A").await;
    fresh_token(&api, "detail-jump-b", "Jump B").await;
    // Token a's answer is held back until after b has been shown.
    let slow = FetchHold::new("/tokens/detail-jump-a");
    let app = Mounted::at("/tokens/detail-jump-a", one_token_pages).await;
    follow_link(&app.host, "/tokens/detail-jump-b");
    app.wait_for_heading("Jump B").await;
    slow.release();
    // a's request ends (answered, or aborted when the page moved on); it must not replace b.
    wait_until("token a's request to end", || slow.settled() == 1).await;
    leptos::task::tick().await;
    assert_eq!(pathname(), "/tokens/detail-jump-b");
    assert!(
        app.headings().iter().any(|h| h == "Jump B"),
        "{:?}",
        app.headings()
    );
    assert!(
        !app.headings().iter().any(|h| h == "Jump A"),
        "{:?}",
        app.headings()
    );
    assert_eq!(fact(&app, "ID").as_deref(), Some("detail-jump-b"));
}
