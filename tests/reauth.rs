//! Signing in again mid-task, against the real emulator (its URL compiled in as
//! `EMULATOR_URL`), in headless Chromium: a refused token opens "Sign in again" over the
//! current page, signing in replays the held requests, cancelling fails them, and the
//! secret typed in the dialog is kept nowhere. Each test makes its own `reauth-…` tokens.
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::Cell;

use ai_client::{Client, Secret, Token};
use leptos::prelude::*;
use support::*;
use token_admin::auth::reauth::SignInAgainDialog;
use token_admin::auth::session::{provide_session, SessionContext, STORAGE_KEY};
use token_admin::App;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const DIALOG: &str = "Sign in again";
const BOGUS: &str = "bogus-token-0d1e";

thread_local! {
    /// The session context of the mounted [`harness`], so a test can spoil its token.
    static SESSION: Cell<Option<SessionContext>> = const { Cell::new(None) };
}

/// The app's shape (pages, the dialog next to them), keeping the session context.
fn harness() -> impl IntoView {
    SESSION.set(Some(provide_session()));
    token_pages(view! { <SignInAgainDialog /> })
}

/// Replaces the mounted app's access token with one the API refuses (as an expired or
/// revoked token would be), leaving the page as it is.
fn spoil_token() {
    let session = SESSION.get().expect("the harness is mounted");
    let mut spoiled = session.get_untracked().expect("signed in");
    spoiled.access_token = Secret::new(BOGUS);
    session.sign_in(spoiled);
}

async fn server_copy(api: &Client, id: &str) -> Token {
    api.get_token(id).await.expect("the token exists")
}

fn version(token: &Token) -> u64 {
    token.metadata.as_ref().and_then(|m| m.version).unwrap()
}

async fn wait_for_dialog(app: &Mounted) -> Element {
    wait_until("the Sign in again dialog", || app.dialog(DIALOG).is_some()).await;
    app.dialog(DIALOG).unwrap()
}

fn dialog_field(dialog: &Element, label: &str) -> HtmlInputElement {
    let inputs = dialog.query_selector_all("input").unwrap();
    (0..inputs.length())
        .filter_map(|i| inputs.item(i))
        .map(wasm_bindgen::JsCast::unchecked_into::<Element>)
        .find(|input| label_of(input).as_deref() == Some(label))
        .map(wasm_bindgen::JsCast::unchecked_into)
        .unwrap_or_else(|| panic!("a {label:?} field in the dialog"))
}

fn dialog_button(app: &Mounted, name: &str) -> web_sys::HtmlElement {
    let dialog = app.dialog(DIALOG).expect("the dialog is open");
    let buttons = dialog.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(wasm_bindgen::JsCast::unchecked_into::<Element>)
        .find(|b| accessible_name(b) == name)
        .map(wasm_bindgen::JsCast::unchecked_into)
        .unwrap_or_else(|| panic!("a {name:?} button in the dialog"))
}

/// Chooses "Client credentials" in the open dialog (a session from a pasted token starts
/// with "Access token") and waits for its fields.
async fn choose_client_credentials(app: &Mounted) {
    let dialog = app.dialog(DIALOG).expect("the dialog is open");
    app.radio("Client credentials")
        .expect("a Client credentials choice")
        .click();
    wait_until("the Client secret field", || {
        text(&dialog).contains("Client secret")
    })
    .await;
}

/// Signs in in the open dialog with the demo admin's credentials.
async fn sign_in_in_dialog(app: &Mounted) {
    choose_client_credentials(app).await;
    let dialog = app.dialog(DIALOG).expect("the dialog is open");
    type_into(&dialog_field(&dialog, "Client ID"), ADMIN.0);
    type_into(&dialog_field(&dialog, "Client secret"), ADMIN.1);
    dialog_button(app, "Sign in").click();
}

/// Presses Save once it is enabled (it is while the name differs from the saved one).
async fn save(app: &Mounted) {
    let button = || -> web_sys::HtmlButtonElement {
        wasm_bindgen::JsCast::unchecked_into(app.button("Save").expect("a Save button"))
    };
    wait_until("Save enabled", || !button().disabled()).await;
    button().click();
}

fn stored_token() -> String {
    let json = session_storage().get_item(STORAGE_KEY).unwrap().unwrap();
    token_admin::auth::session::Session::from_json(&json)
        .unwrap()
        .access_token
        .expose()
        .to_owned()
}

fn body_rows(app: &Mounted) -> usize {
    app.all("table tbody tr").len()
}

#[wasm_bindgen_test]
async fn list_with_a_refused_token_signs_in_again_over_the_page() {
    store_session(emulator(), "demo", BOGUS);
    let path = "/tokens?size=10&sort=name:desc";
    let app = Mounted::at(path, App).await;
    let dialog = wait_for_dialog(&app).await;

    // Over the list, which stays: its heading is there, the address is the same.
    assert!(app.headings().iter().any(|h| h == "Tokens"));
    let said = text(&dialog);
    assert!(said.contains("refused your access token"), "{said}");
    assert!(said.contains(emulator()) && said.contains("demo"), "{said}");
    assert_eq!(app.open_dialogs(), 1);

    sign_in_in_dialog(&app).await;
    wait_until("the rows", || {
        app.open_dialogs() == 0 && body_rows(&app) == 10
    })
    .await;
    assert_eq!(format!("{}{}", pathname(), search()), path);
    assert_ne!(stored_token(), BOGUS, "the new session is stored");
    assert_secret_nowhere(ADMIN.1);
}

#[wasm_bindgen_test]
async fn concurrent_refusals_share_one_dialog() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "reauth-shared", "Shared dialog").await;
    store_session(emulator(), "demo", BOGUS);
    // The page loads the token and, at the same time, the lists of its users.
    let app = Mounted::at("/tokens/reauth-shared", harness).await;
    wait_for_dialog(&app).await;
    assert_eq!(app.open_dialogs(), 1);
    sign_in_in_dialog(&app).await;
    app.wait_for_heading("Shared dialog").await;
    app.wait_for_text("Not used by any agent, tool, MCP server or OAuth configuration")
        .await;
    assert_eq!(app.open_dialogs(), 0);
    drop(app);
    let _ = api.delete_token("reauth-shared", true).await;
}

#[wasm_bindgen_test]
async fn a_refused_save_is_replayed_once_with_the_typed_name_and_version() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "reauth-save", "Before re-auth").await;
    let before = version(&server_copy(&api, "reauth-save").await);
    let app = Mounted::at("/tokens/reauth-save", harness).await;
    app.wait_for_heading("Before re-auth").await;
    let name = app.field("Name").expect("a Name field");
    type_into(&name, "Typed before re-auth");
    spoil_token();
    let requests = FetchFault::new("NONE", "", 0, "");

    save(&app).await;
    let dialog = wait_for_dialog(&app).await;
    assert!(text(&dialog).contains("refused"), "{}", text(&dialog));
    assert_eq!(
        dialog_field(&dialog, "Client ID").value(),
        ADMIN.0,
        "the session's client id is prefilled"
    );
    assert_eq!(
        name.value(),
        "Typed before re-auth",
        "the page keeps the typing"
    );
    sign_in_in_dialog(&app).await;
    app.wait_for_text("Saved.").await;

    let saved = server_copy(&api, "reauth-save").await;
    assert_eq!(saved.name.as_deref(), Some("Typed before re-auth"));
    assert_eq!(version(&saved), before + 1, "saved exactly once");
    let puts: Vec<FetchCall> = requests
        .calls()
        .into_iter()
        .filter(|c| c.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 2, "the refused PUT and its replay: {puts:?}");
    assert_eq!(puts[0].url, puts[1].url);
    assert_eq!(app.open_dialogs(), 0);
    assert_eq!(name.value(), "Typed before re-auth");
    assert_secret_nowhere(ADMIN.1);
    drop(app);
    let _ = api.delete_token("reauth-save", true).await;
}

#[wasm_bindgen_test]
async fn cancelling_fails_the_save_and_keeps_the_typing() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "reauth-cancel", "Before cancel").await;
    let app = Mounted::at("/tokens/reauth-cancel", harness).await;
    app.wait_for_heading("Before cancel").await;
    let name = app.field("Name").expect("a Name field");
    type_into(&name, "Typed then cancelled");
    spoil_token();

    save(&app).await;
    wait_for_dialog(&app).await;
    dialog_button(&app, "Cancel").click();
    wait_until("the error", || app.alert_text().contains("Sign in again")).await;
    assert_eq!(app.open_dialogs(), 0);
    assert_eq!(name.value(), "Typed then cancelled");
    let unchanged = server_copy(&api, "reauth-cancel").await;
    assert_eq!(unchanged.name.as_deref(), Some("Before cancel"));

    // Saving again is the way back: the dialog opens again.
    save(&app).await;
    wait_for_dialog(&app).await;
    press_key(&app.dialog(DIALOG).unwrap(), "Escape");
    wait_until("the dialog to close", || app.open_dialogs() == 0).await;
    assert_eq!(name.value(), "Typed then cancelled");
    drop(app);
    let _ = api.delete_token("reauth-cancel", true).await;
}

#[wasm_bindgen_test]
async fn a_client_of_another_tenant_is_refused_in_the_dialog() {
    store_session(emulator(), "demo", BOGUS);
    let app = Mounted::at("/tokens", App).await;
    wait_for_dialog(&app).await;
    choose_client_credentials(&app).await;
    // The sign-in service answers with a grant for another tenant.
    let _other_tenant = FetchFault::new(
        "POST",
        "/oauth/token",
        200,
        r#"{"access_token":"other-tenant-token","token_type":"Bearer","expires_in":3600,
            "scope":"ai.agent_read ai.agent_manage tenant=othertenant"}"#,
    );
    let secret = "other-tenant-secret-93b1";
    let dialog = app.dialog(DIALOG).unwrap();
    type_into(&dialog_field(&dialog, "Client ID"), "other-admin");
    type_into(&dialog_field(&dialog, "Client secret"), secret);
    dialog_button(&app, "Sign in").click();

    wait_until("the refusal", || {
        text(&app.dialog(DIALOG).unwrap()).contains("othertenant")
    })
    .await;
    let said = app.alert_text();
    assert!(
        said.contains("“othertenant”") && said.contains("“demo”"),
        "{said}"
    );
    assert_eq!(app.open_dialogs(), 1, "still asking");
    assert_eq!(stored_token(), BOGUS, "the session is unchanged");
    assert_secret_nowhere(secret);
    assert_secret_nowhere("other-tenant-token");
}
