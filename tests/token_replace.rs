//! The replace flow against the real emulator (its URL compiled in as `EMULATOR_URL`), in
//! headless Chromium, on tokens no agent, tool, MCP server or OAuth configuration uses (so
//! the shared demo data stays as it is): the new token's name and id come from the old
//! one, the typed value leaves the page and memory once the token exists and is never
//! kept, the kept progress is ids and outcomes only and resumes on the old token's page.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every stored text of this tab's `sessionStorage` except the session itself.
fn kept_texts() -> String {
    let storage = session_storage();
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|key| key != token_admin::auth::session::STORAGE_KEY)
        .map(|key| {
            format!(
                "{key}={}",
                storage.get_item(&key).unwrap().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[wasm_bindgen_test]
async fn the_value_is_gone_after_creating_and_only_ids_are_kept() {
    let api = sign_in_to_emulator(ADMIN).await;
    fresh_token(&api, "replace-ct-old", "Replace test").await;
    // A replacement kept by an earlier run in this tab would be resumed instead.
    session_storage()
        .remove_item("token-admin.replace.replace-ct-old")
        .unwrap();
    let app = Mounted::at("/tokens/replace-ct-old/replace", one_token_pages).await;
    app.wait_for_heading("Replace token").await;
    wait_until("the plan", || {
        text(&app.host).contains("No users to re-point were found.")
    })
    .await;
    let name = app.field("Name").expect("a Name field").value();
    assert!(name.starts_with("Replace test (20"), "{name}");
    let id = app.field("ID").expect("an ID field").value();
    assert!(id.starts_with("replace-test-20"), "{id}");
    let _ = api.delete_token(&id, true).await;

    let value = "sk-proj-component-Replace-9vT3";
    type_into(&app.field("Value").expect("a Value field"), value);
    app.button("Create token and re-point users")
        .expect("the submit button")
        .click();
    app.wait_for_text("Delete old token").await;
    assert!(app.field("Value").is_none(), "the value's input is gone");
    let page = app.host.outer_html();
    assert!(!page.contains(value), "the value is not in the page");
    let kept = kept_texts();
    assert!(kept.contains("\"oldId\":\"replace-ct-old\""), "{kept}");
    assert!(kept.contains(&format!("\"newId\":\"{id}\"")), "{kept}");
    assert!(!kept.contains(value), "the value is never kept: {kept}");
    assert!(api.get_token(&id).await.is_ok(), "the new token exists");
    drop(app);

    // The old token's page tells of the replacement, and Continue leads back to it.
    let app = Mounted::at("/tokens/replace-ct-old", one_token_pages).await;
    app.wait_for_text(&format!(
        "Replacement in progress: 0 of 0 users re-pointed to {id}."
    ))
    .await;
    app.button("Continue").expect("Continue").click();
    wait_until("the replace page", || {
        pathname() == "/tokens/replace-ct-old/replace"
    })
    .await;
    app.wait_for_text("Delete old token").await;
    app.button("Delete old token").expect("the delete").click();
    wait_until("the new token's page", || {
        pathname() == format!("/tokens/{id}")
    })
    .await;
    assert!(
        !kept_texts().contains("replace-ct-old"),
        "a finished replacement is forgotten"
    );
    assert!(matches!(
        api.get_token("replace-ct-old").await,
        Err(ai_client::ApiError::NotFound { .. })
    ));
    let _ = api.delete_token(&id, true).await;
}
