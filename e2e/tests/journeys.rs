//! Whole admin journeys on the release app, served by the emulator, in headless Chromium.
//! Each journey ends with the leak, panic and CSP checks of [`Journey::finish`].

use e2e::emulator::{ADMIN, VIEWER};
use e2e::journey::{fact, fill_api_and_tenant, force_delete, sign_in, wait_for_fact};
use e2e::{Journey, Result, Role};
use fantoccini::key::Key;

/// Waits until the first row is `id`.
async fn wait_first_row(journey: &Journey, id: &str) -> Result {
    journey
        .browser
        .eventually(&format!("{id} first"), || async {
            Ok(journey
                .browser
                .row_ids()
                .await?
                .first()
                .is_some_and(|f| f == id)
                .then_some(()))
        })
        .await
}

/// The token's current version on the server.
async fn version(journey: &Journey, id: &str) -> Result<u64> {
    let token = journey.emulator.token(id).await?.ok_or("no such token")?;
    Ok(token["metadata"]["version"].as_u64().unwrap_or_default())
}

#[tokio::test]
async fn client_credentials_sign_in_then_sign_out() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;
    browser.find(Role::Link, "New token").await?;
    browser.click(Role::Button, "Sign out").await?;
    browser.find(Role::Heading, "Sign in").await?;
    let stored = browser
        .script("return sessionStorage.length", vec![])
        .await?;
    assert_eq!(stored, 0, "signing out empties sessionStorage");
    browser.goto("/tokens?q=prod").await?;
    browser.find(Role::Heading, "Sign in").await?;
    assert!(browser.path().await?.starts_with("/sign-in?next="));
    journey.finish().await
}

#[tokio::test]
async fn pasted_access_token_signs_in() -> Result {
    let mut journey = Journey::start().await?;
    let token = journey.emulator.access_token(ADMIN).await?;
    journey.pasted_access_token(&token);
    let browser = &journey.browser;
    browser.goto("/sign-in").await?;
    fill_api_and_tenant(browser, &journey.emulator).await?;
    browser.click(Role::Radio, "Access token").await?;
    browser.fill("Access token", &token).await?;
    browser.click(Role::Button, "Sign in").await?;
    browser.wait_for_path("/tokens").await?;
    browser.find(Role::Link, "openai-prod").await?;
    journey.finish().await
}

#[tokio::test]
async fn search_sort_and_page_live_in_the_address() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    wait_first_row(&journey, "anthropic-batch").await?;

    browser.fill("Search tokens", "prod").await?;
    browser.wait_for_path("/tokens?q=prod").await?;
    browser
        .eventually("only matching rows", || async {
            let ids = journey.browser.row_ids().await?;
            Ok((!ids.is_empty() && ids.iter().all(|id| id.contains("prod"))).then_some(()))
        })
        .await?;
    let searched = journey.browser.row_ids().await?;

    browser.click(Role::Button, "Name").await?;
    browser
        .wait_for_path("/tokens?q=prod&sort=name%3Aasc")
        .await?;
    browser.click(Role::Button, "Name").await?;
    browser
        .wait_for_path("/tokens?q=prod&sort=name%3Adesc")
        .await?;
    let descending = journey.browser.row_ids().await?;

    browser.back().await?;
    browser
        .wait_for_path("/tokens?q=prod&sort=name%3Aasc")
        .await?;
    browser.back().await?;
    browser.wait_for_path("/tokens?q=prod").await?;
    browser
        .eventually("the searched rows again", || async {
            Ok((journey.browser.row_ids().await? == searched).then_some(()))
        })
        .await?;
    browser.forward().await?;
    browser.forward().await?;
    browser
        .wait_for_path("/tokens?q=prod&sort=name%3Adesc")
        .await?;
    browser
        .eventually("the descending rows again", || async {
            Ok((journey.browser.row_ids().await? == descending).then_some(()))
        })
        .await?;

    // Paging: 40 demo tokens, 25 a page.
    browser.goto("/tokens").await?;
    wait_first_row(&journey, "anthropic-batch").await?;
    let first_page = journey.browser.row_ids().await?;
    browser.click(Role::Button, "Next page").await?;
    browser.wait_for_path("/tokens?page=2").await?;
    browser
        .eventually("page 2 rows", || async {
            let ids = journey.browser.row_ids().await?;
            Ok((!ids.is_empty() && ids.iter().all(|id| !first_page.contains(id))).then_some(()))
        })
        .await?;
    let second_page = journey.browser.row_ids().await?;
    assert_eq!(first_page.len() + second_page.len(), 40);

    // A shared link opens the same state after a reload.
    browser.goto("/tokens?q=prod&sort=name%3Adesc").await?;
    browser
        .eventually("the descending rows from the link", || async {
            Ok((journey.browser.row_ids().await? == descending).then_some(()))
        })
        .await?;
    journey.finish().await
}

#[tokio::test]
async fn create_a_token_then_rename_it() -> Result {
    let mut journey = Journey::signed_in().await?;
    let value = "sk-e2e &<\"+ créate-4f7d1c9a2b";
    journey.typed_secret(value);
    let browser = &journey.browser;
    browser.click(Role::Link, "New token").await?;
    browser.find(Role::Heading, "New token").await?;
    browser.fill("Name", "Journey token").await?;
    assert_eq!(
        browser.value_of("ID").await?,
        "journey-token",
        "the id is suggested"
    );
    browser.fill("Value", value).await?;
    browser.click(Role::Button, "Create").await?;
    browser
        .wait_for_path("/tokens/journey-token?created=1")
        .await?;
    browser
        .wait_for_text("Token created. Its value is stored and will not be shown again.")
        .await?;
    wait_for_fact(browser, "Version", "1").await?;

    browser.fill("Name", "Journey token, renamed").await?;
    browser.click(Role::Button, "Save").await?;
    wait_for_fact(browser, "Version", "2").await?;
    assert_eq!(
        fact(browser, "Name").await?.as_deref(),
        Some("Journey token, renamed")
    );
    let saved = journey
        .emulator
        .token("journey-token")
        .await?
        .expect("created");
    assert_eq!(saved["name"], "Journey token, renamed");
    assert_eq!(saved["metadata"]["version"], 2);
    journey.finish().await
}

/// A token may be called `new`: its page is `/tokens/new`, and the create page lives
/// elsewhere, so the two never collide.
#[tokio::test]
async fn a_token_with_the_id_new_is_created_and_opens_at_its_page() -> Result {
    let mut journey = Journey::signed_in().await?;
    let value = "sk-e2e-new-token-7c1d9a";
    journey.typed_secret(value);
    let browser = &journey.browser;
    browser.click(Role::Link, "New token").await?;
    browser.find(Role::Heading, "New token").await?;
    browser.fill("Name", "New").await?;
    assert_eq!(browser.value_of("ID").await?, "new", "the id is suggested");
    browser.fill("Value", value).await?;
    browser.click(Role::Button, "Create").await?;
    browser.wait_for_path("/tokens/new?created=1").await?;
    browser.find(Role::Heading, "New").await?;

    browser.goto("/tokens/new").await?;
    wait_for_fact(browser, "ID", "new").await?;
    browser.find(Role::Heading, "New").await?;
    journey.finish().await
}

#[tokio::test]
async fn two_admins_conflict_and_nothing_is_lost() -> Result {
    let journey = Journey::signed_in().await?;
    let (a, b) = (&journey.browser, journey.another_browser().await?);
    sign_in(&b, &journey.emulator, ADMIN).await?;
    let loaded = version(&journey, "openai-prod").await?;
    for browser in [a, &b] {
        browser.goto("/tokens/openai-prod").await?;
        wait_for_fact(browser, "Version", &loaded.to_string()).await?;
    }
    a.fill("Name", "Alpha from A").await?;
    a.click(Role::Button, "Save").await?;
    wait_for_fact(a, "Version", &(loaded + 1).to_string()).await?;

    b.fill("Name", "Bravo from B").await?;
    b.click(Role::Button, "Save").await?;
    b.find(Role::Heading, "Someone else changed this token")
        .await?;
    b.wait_for_text("Alpha from A").await?;
    assert_eq!(
        b.value_of("Name").await?,
        "Bravo from B",
        "B's edit is kept"
    );
    b.click(Role::Button, "Keep mine").await?;
    b.wait_gone(Role::Heading, "Someone else changed this token")
        .await?;
    wait_for_fact(&b, "Version", &(loaded + 2).to_string()).await?;
    let saved = journey
        .emulator
        .token("openai-prod")
        .await?
        .expect("exists");
    assert_eq!(saved["name"], "Bravo from B");
    assert_eq!(saved["metadata"]["version"], loaded + 2);
    journey.finish_other(b).await?;
    journey.finish().await
}

#[tokio::test]
async fn inline_rename_in_the_list() -> Result {
    let journey = Journey::signed_in().await?;
    let loaded = version(&journey, "openai-prod").await?;
    let browser = &journey.browser;
    browser.click(Role::Button, "Rename openai-prod").await?;
    browser
        .fill("New name for openai-prod", "Renamed inline")
        .await?;
    browser.press(Key::Enter).await?;
    browser.wait_for_text("Token openai-prod renamed").await?;
    browser
        .wait_gone(Role::Field, "New name for openai-prod")
        .await?;
    let saved = journey
        .emulator
        .token("openai-prod")
        .await?
        .expect("exists");
    assert_eq!(saved["name"], "Renamed inline");
    assert_eq!(saved["metadata"]["version"], loaded + 1);
    journey.finish().await
}

#[tokio::test]
async fn rows_without_metadata_render_and_rename_inline_with_one_request() -> Result {
    let journey = Journey::signed_in().await?;
    // As in the official list examples: rows without `metadata`.
    journey
        .emulator
        .inject(serde_json::json!({ "bareListRows": true }))
        .await?;
    let loaded = version(&journey, "openai-prod").await?;
    let browser = &journey.browser;
    browser.goto("/tokens?q=OpenAI%20production").await?;
    browser.find(Role::Link, "openai-prod").await?;
    let before = browser.requests().await?.len();
    browser.click(Role::Button, "Rename openai-prod").await?;
    browser
        .fill("New name for openai-prod", "Renamed without metadata")
        .await?;
    browser.press(Key::Enter).await?;
    browser.wait_for_text("Token openai-prod renamed").await?;
    assert!(
        browser
            .query(Role::Heading, "Someone else changed this token")
            .await?
            .is_none(),
        "no conflict view"
    );
    let sent: Vec<String> = browser.requests().await?[before..]
        .iter()
        .filter(|r| r.path().ends_with("/tokens/openai-prod"))
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(sent, ["PUT"], "one request for the rename");
    let saved = journey
        .emulator
        .token("openai-prod")
        .await?
        .expect("exists");
    assert_eq!(saved["name"], "Renamed without metadata");
    assert_eq!(saved["metadata"]["version"], loaded + 1);
    journey.finish().await
}

#[tokio::test]
async fn delete_then_force_delete_a_token_in_use() -> Result {
    let journey = Journey::signed_in().await?;
    journey
        .emulator
        .create_token("e2e-plain", "Plain e2e token", "v-plain-1")
        .await?;
    let browser = &journey.browser;
    browser.goto("/tokens?q=Plain%20e2e").await?;
    browser.click(Role::Button, "Delete e2e-plain").await?;
    browser.find(Role::Dialog, "Delete e2e-plain?").await?;
    browser.click(Role::Button, "Delete").await?;
    browser.wait_for_text("Token e2e-plain deleted").await?;
    assert!(journey.emulator.token("e2e-plain").await?.is_none());

    browser.goto("/tokens/anthropic-prod").await?;
    browser.click(Role::Button, "Delete token").await?;
    browser.find(Role::Dialog, "Delete anthropic-prod?").await?;
    browser.click(Role::Button, "Delete").await?;
    browser
        .find(Role::Dialog, "Force delete anthropic-prod?")
        .await?;
    let force = browser.find(Role::Button, "Force delete").await?;
    assert!(!force.is_enabled().await?, "disabled until the id is typed");
    browser
        .fill("Type the token ID to confirm", "anthropic-prod")
        .await?;
    browser.click(Role::Button, "Force delete").await?;
    // The page stays, as the summary of what the force delete unassigned.
    browser
        .find(Role::Heading, "Deleted: “anthropic-prod”")
        .await?;
    browser
        .wait_for_text("Agent catalog-enricher (Catalog enrichment agent) — LLM token · Disabled")
        .await?;
    assert_eq!(browser.path().await?, "/tokens/anthropic-prod");
    assert!(journey.emulator.token("anthropic-prod").await?.is_none());
    let agents = journey.emulator.agents().await?;
    assert!(
        agents
            .iter()
            .all(|a| !a.to_string().contains("anthropic-prod")),
        "no agent still references the token"
    );
    journey.finish().await
}

#[tokio::test]
async fn a_force_delete_from_the_list_opens_what_it_unassigned() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.goto("/tokens?q=Anthropic%20Claude").await?;
    browser.click(Role::Button, "Delete anthropic-prod").await?;
    force_delete(browser, "anthropic-prod").await?;
    browser
        .find(Role::Heading, "Deleted: “anthropic-prod”")
        .await?;
    assert_eq!(browser.path().await?, "/tokens/anthropic-prod");
    browser
        .wait_for_text("Agent catalog-enricher (Catalog enrichment agent) — LLM token · Disabled")
        .await?;
    browser.find(Role::Link, "Point to another token…").await?;
    assert!(journey.emulator.token("anthropic-prod").await?.is_none());
    journey.finish().await
}

#[tokio::test]
async fn bulk_delete_three_tokens() -> Result {
    let journey = Journey::signed_in().await?;
    for n in 1..=3 {
        journey
            .emulator
            .create_token(&format!("e2e-bulk-{n}"), &format!("Bulk e2e {n}"), "v-bulk")
            .await?;
    }
    let browser = &journey.browser;
    browser.goto("/tokens?q=Bulk%20e2e").await?;
    for n in 1..=3 {
        browser
            .click(Role::Checkbox, &format!("Select e2e-bulk-{n}"))
            .await?;
    }
    browser.click(Role::Button, "Delete selected").await?;
    browser.find(Role::Dialog, "Delete 3 tokens?").await?;
    browser.click(Role::Button, "Delete").await?;
    browser.wait_for_text("3 deleted").await?;
    for n in 1..=3 {
        assert!(journey
            .emulator
            .token(&format!("e2e-bulk-{n}"))
            .await?
            .is_none());
    }
    journey.finish().await
}

#[tokio::test]
async fn read_only_client_sees_no_changing_controls() -> Result {
    let journey = Journey::start().await?;
    let browser = &journey.browser;
    sign_in(browser, &journey.emulator, VIEWER).await?;
    browser.find(Role::Link, "openai-prod").await?;
    browser.wait_for_text("Read-only").await?;
    let buttons = browser.names(Role::Button).await?;
    assert!(
        !buttons
            .iter()
            .any(|n| n.starts_with("Rename") || n.starts_with("Delete")),
        "{buttons:?}"
    );
    assert!(browser.query(Role::Link, "New token").await?.is_none());
    browser.goto("/tokens/openai-prod").await?;
    wait_for_fact(browser, "ID", "openai-prod").await?;
    assert!(browser.query(Role::Button, "Save").await?.is_none());
    assert!(browser.query(Role::Button, "Delete").await?.is_none());
    journey.finish().await
}
