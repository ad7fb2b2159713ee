//! Leaving a page while its writes are on their way (the API slowed down by injected
//! latency): the writes the admin asked for still reach the server, nothing of the page
//! that is gone is touched (no panic, no CSP violation in the console), and the app goes on
//! working.

use e2e::{Journey, Result, Role};
use fantoccini::key::Key;
use serde_json::json;

/// How long each API answer is held back: long enough to leave the page first.
const SLOW: u64 = 800;

#[tokio::test]
async fn leaving_the_list_during_an_inline_rename_keeps_the_rename_and_the_app_working() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.goto("/tokens?q=OpenAI").await?;
    browser.find(Role::Link, "openai-staging").await?;
    journey
        .emulator
        .inject(json!({ "latencyMs": SLOW }))
        .await?;
    browser.click(Role::Button, "Rename openai-prod").await?;
    browser
        .fill("New name for openai-prod", "OpenAI renamed while leaving")
        .await?;
    browser.press(Key::Enter).await?;
    // Off to another token before the save is answered.
    browser.click(Role::Link, "openai-staging").await?;
    browser.wait_for_path("/tokens/openai-staging").await?;
    browser.find(Role::Heading, "OpenAI staging key").await?;
    journey.emulator.heal().await?;
    browser
        .eventually("the rename on the server", || async {
            let saved = journey.emulator.token("openai-prod").await?;
            Ok(saved
                .filter(|t| t["name"] == "OpenAI renamed while leaving")
                .map(drop))
        })
        .await?;

    // Back on the list, which loads and renames as before.
    browser.back().await?;
    browser.find(Role::Link, "openai-prod").await?;
    browser.click(Role::Button, "Rename openai-prod").await?;
    browser
        .fill(
            "New name for openai-prod",
            "OpenAI renamed after coming back",
        )
        .await?;
    browser.press(Key::Enter).await?;
    browser.wait_for_text("Token openai-prod renamed").await?;
    let saved = journey
        .emulator
        .token("openai-prod")
        .await?
        .expect("exists");
    assert_eq!(saved["name"], "OpenAI renamed after coming back");
    journey.finish().await
}

#[tokio::test]
async fn leaving_the_list_during_a_bulk_delete_deletes_every_chosen_token() -> Result {
    let journey = Journey::signed_in().await?;
    for n in 1..=5 {
        journey
            .emulator
            .create_token(
                &format!("e2e-leave-{n}"),
                &format!("Leave e2e {n}"),
                "v-leave",
            )
            .await?;
    }
    let browser = &journey.browser;
    browser.goto("/tokens?q=Leave%20e2e").await?;
    for n in 1..=4 {
        browser
            .click(Role::Checkbox, &format!("Select e2e-leave-{n}"))
            .await?;
    }
    browser.click(Role::Button, "Delete selected").await?;
    browser.find(Role::Dialog, "Delete 4 tokens?").await?;
    journey
        .emulator
        .inject(json!({ "latencyMs": SLOW }))
        .await?;
    browser.click(Role::Button, "Delete").await?;
    // Off to the one token that stays, before the deletes are answered.
    browser.click(Role::Link, "e2e-leave-5").await?;
    browser.wait_for_path("/tokens/e2e-leave-5").await?;
    browser.find(Role::Heading, "Leave e2e 5").await?;
    journey.emulator.heal().await?;
    for n in 1..=4 {
        let id = format!("e2e-leave-{n}");
        browser
            .eventually(&format!("{id} deleted on the server"), || async {
                Ok(journey.emulator.token(&id).await?.is_none().then_some(()))
            })
            .await?;
    }
    assert!(journey.emulator.token("e2e-leave-5").await?.is_some());

    // Back on the list: it shows what is left.
    browser.back().await?;
    browser.find(Role::Link, "e2e-leave-5").await?;
    browser
        .eventually("the deleted rows gone", || async {
            let links = browser.names(Role::Link).await?;
            Ok((!links
                .iter()
                .any(|l| l.starts_with("e2e-leave-") && l != "e2e-leave-5"))
            .then_some(()))
        })
        .await?;
    journey.finish().await
}
