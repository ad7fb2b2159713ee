//! Journeys under injected faults: slow and jittery responses, 5xx answers, dropped
//! connections and sessions that expire mid-task. Typed work is never lost, every failure
//! says what happened and offers a way on, and no panic reaches the console.

use e2e::emulator::JOURNEY_ADMIN;
use e2e::journey::{wait_for_fact, Journey};
use e2e::{Result, Role};
use serde_json::json;

/// Waits for an alert or status message containing `text`.
async fn wait_for_message(journey: &Journey, text: &str) -> Result<String> {
    journey
        .browser
        .eventually(&format!("a message with “{text}”"), || async {
            let messages = journey.browser.all(Role::Message).await?;
            for (element, _) in messages {
                let shown = element.text().await.unwrap_or_default();
                if shown.contains(text) {
                    return Ok(Some(shown));
                }
            }
            Ok(None)
        })
        .await
}

#[tokio::test]
async fn latency_with_jitter_still_shows_the_latest_search() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;
    journey
        .emulator
        .inject(json!({ "latencyMs": 150, "jitterMs": 140 }))
        .await?;
    browser.fill("Search tokens", "openai").await?;
    browser.wait_for_path("/tokens?q=openai").await?;
    browser
        .eventually("only openai rows", || async {
            let links = browser.names(Role::Link).await?;
            let rows: Vec<_> = links.iter().filter(|l| l.contains('-')).collect();
            Ok((!rows.is_empty() && rows.iter().all(|l| l.contains("openai"))).then_some(()))
        })
        .await?;
    journey.emulator.heal().await?;
    journey.finish().await
}

#[tokio::test]
async fn a_failed_save_keeps_the_typed_name_and_saving_again_works() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    let loaded = journey
        .emulator
        .token("openai-prod")
        .await?
        .expect("seeded")["metadata"]["version"]
        .as_u64()
        .unwrap_or_default();
    browser.goto("/tokens/openai-prod").await?;
    wait_for_fact(browser, "Version", &loaded.to_string()).await?;
    // "Used by" has loaded: the next request is the save.
    browser.wait_for_text("Customer support agent").await?;
    browser.fill("Name", "Kept through a 503").await?;
    journey
        .emulator
        .inject(json!({ "failNext": 1, "failStatus": 503 }))
        .await?;
    browser.click(Role::Button, "Save").await?;
    wait_for_message(&journey, "503").await?;
    assert_eq!(browser.value_of("Name").await?, "Kept through a 503");
    browser.click(Role::Button, "Save").await?;
    wait_for_fact(browser, "Version", &(loaded + 1).to_string()).await?;
    let saved = journey
        .emulator
        .token("openai-prod")
        .await?
        .expect("exists");
    assert_eq!(saved["name"], "Kept through a 503");
    journey.finish().await
}

#[tokio::test]
async fn a_dropped_connection_offers_retry() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;
    // Chromium silently resends a request once when a reused connection drops: drop several.
    journey.emulator.inject(json!({ "dropNext": 10 })).await?;
    browser.click(Role::Button, "Next page").await?;
    browser.wait_for_path("/tokens?page=2").await?;
    browser.find(Role::Button, "Retry").await?;
    journey.emulator.heal().await?;
    browser.click(Role::Button, "Retry").await?;
    browser.wait_gone(Role::Button, "Retry").await?;
    browser
        .eventually("page 2 rows", || async {
            Ok(browser.query(Role::Link, "openai-prod").await?.is_none()
                && !browser.names(Role::Checkbox).await?.is_empty())
            .map(|ok| ok.then_some(()))
        })
        .await?;
    journey.finish().await
}

#[tokio::test]
async fn a_failed_create_keeps_every_field() -> Result {
    let mut journey = Journey::signed_in().await?;
    let value = "sk-e2e-failing-create-77c1";
    journey.typed_secret(value);
    let browser = &journey.browser;
    browser.goto("/new-token").await?;
    browser.fill("Name", "Survives a 500").await?;
    browser.fill("Value", value).await?;
    journey
        .emulator
        .inject(json!({ "failNext": 2, "failStatus": 500 }))
        .await?;
    browser.click(Role::Button, "Create").await?;
    wait_for_message(&journey, "500").await?;
    assert_eq!(browser.value_of("Name").await?, "Survives a 500");
    assert_eq!(browser.value_of("ID").await?, "survives-a-500");
    assert_eq!(
        browser.value_of("Value").await?,
        value,
        "the value waits for a retry"
    );
    journey.emulator.heal().await?;
    browser.click(Role::Button, "Create").await?;
    browser
        .wait_for_path("/tokens/survives-a-500?created=1")
        .await?;
    assert!(journey.emulator.token("survives-a-500").await?.is_some());
    journey.finish().await
}

#[tokio::test]
async fn an_expired_session_mid_edit_replays_the_save_after_signing_in_again() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    let loaded = journey
        .emulator
        .token("openai-prod")
        .await?
        .expect("seeded")["metadata"]["version"]
        .as_u64()
        .unwrap_or_default();
    browser.goto("/tokens/openai-prod").await?;
    wait_for_fact(browser, "Version", &loaded.to_string()).await?;
    browser.fill("Name", "Typed before expiry").await?;
    journey
        .emulator
        .inject(json!({ "expireSessions": true }))
        .await?;
    browser.click(Role::Button, "Save").await?;
    browser.find(Role::Dialog, "Sign in again").await?;
    browser.fill("Client secret", JOURNEY_ADMIN.1).await?;
    browser.click(Role::Button, "Sign in").await?;
    browser.wait_gone(Role::Dialog, "Sign in again").await?;
    wait_for_fact(browser, "Version", &(loaded + 1).to_string()).await?;
    assert_eq!(browser.value_of("Name").await?, "Typed before expiry");
    let saved = journey
        .emulator
        .token("openai-prod")
        .await?
        .expect("exists");
    assert_eq!(saved["name"], "Typed before expiry");
    assert_eq!(
        saved["metadata"]["version"],
        loaded + 1,
        "saved once, on the loaded version"
    );
    journey.finish().await
}

#[tokio::test]
async fn an_expired_session_while_paging_continues_after_signing_in_again() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;
    journey
        .emulator
        .inject(json!({ "expireSessions": true }))
        .await?;
    browser.click(Role::Button, "Next page").await?;
    browser.find(Role::Dialog, "Sign in again").await?;
    browser.fill("Client secret", JOURNEY_ADMIN.1).await?;
    browser.click(Role::Button, "Sign in").await?;
    browser.wait_gone(Role::Dialog, "Sign in again").await?;
    browser.wait_for_path("/tokens?page=2").await?;
    browser
        .eventually("page 2 rows", || async {
            Ok(browser.query(Role::Link, "openai-prod").await?.is_none()
                && !browser.names(Role::Checkbox).await?.is_empty())
            .map(|ok| ok.then_some(()))
        })
        .await?;
    journey.finish().await
}

#[tokio::test]
async fn a_failed_delete_keeps_the_dialog_open_for_another_try() -> Result {
    let journey = Journey::signed_in().await?;
    journey
        .emulator
        .create_token("e2e-flaky", "Flaky delete e2e", "v-flaky")
        .await?;
    let browser = &journey.browser;
    browser.goto("/tokens?q=Flaky%20delete").await?;
    browser.click(Role::Button, "Delete e2e-flaky").await?;
    browser.find(Role::Dialog, "Delete e2e-flaky?").await?;
    // The dialog has finished asking who uses the token: the next request is the DELETE.
    browser
        .wait_for_text("Not used by any agent, tool, MCP server or OAuth configuration.")
        .await?;
    journey
        .emulator
        .inject(json!({ "failNext": 1, "failStatus": 500 }))
        .await?;
    browser.click(Role::Button, "Delete").await?;
    wait_for_message(&journey, "500").await?;
    browser.find(Role::Dialog, "Delete e2e-flaky?").await?;
    assert!(journey.emulator.token("e2e-flaky").await?.is_some());
    browser.click(Role::Button, "Delete").await?;
    browser.wait_for_text("Token e2e-flaky deleted").await?;
    assert!(journey.emulator.token("e2e-flaky").await?.is_none());
    journey.finish().await
}
