//! The keyboard journey on the release app: search, move through the rows and open a token,
//! go to another token through the command palette, and open the create page — without the
//! mouse. Ends with the leak, panic and CSP checks of [`Journey::finish`].

use e2e::{Browser, Journey, Result, Role};
use fantoccini::key::Key;

/// Waits until the focused element's accessible name is `name`.
async fn wait_for_focus(browser: &Browser, name: &str) -> Result {
    browser
        .eventually(&format!("the focus on “{name}”"), || async {
            Ok((browser.focused_name().await? == name).then_some(()))
        })
        .await
}

#[tokio::test]
async fn search_open_go_to_and_create_from_the_keyboard() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;

    // `/` focuses the search; typing searches; ↓ goes into the rows and moves down them.
    browser.type_keys("/").await?;
    wait_for_focus(browser, "Search tokens").await?;
    assert_eq!(
        browser.value_of("Search tokens").await?,
        "",
        "`/` is not typed"
    );
    browser.type_keys("anthropic").await?;
    browser.wait_for_path("/tokens?q=anthropic").await?;
    browser.wait_gone(Role::Link, "openai-prod").await?;
    browser.find(Role::Link, "anthropic-batch").await?;
    browser.press(Key::Down).await?;
    wait_for_focus(browser, "anthropic-batch").await?;
    browser.press(Key::Down).await?;
    wait_for_focus(browser, "anthropic-prod").await?;
    browser.press(Key::Enter).await?;
    browser.wait_for_path("/tokens/anthropic-prod").await?;
    browser
        .find(Role::Heading, "Anthropic Claude production")
        .await?;

    // Ctrl+K, part of another token's name, Enter: that token's page.
    browser.ctrl_k().await?;
    browser.find(Role::Dialog, "Command palette").await?;
    wait_for_focus(browser, "Command or token").await?;
    browser.type_keys("plateforme").await?;
    browser
        .wait_for_text("Open Mistral La Plateforme production (mistral-prod)")
        .await?;
    browser.press(Key::Enter).await?;
    browser.wait_for_path("/tokens/mistral-prod").await?;
    browser.wait_gone(Role::Dialog, "Command palette").await?;
    browser
        .find(Role::Heading, "Mistral La Plateforme production")
        .await?;

    // `n`: the create page.
    browser.type_keys("n").await?;
    browser.wait_for_path("/new-token").await?;
    browser.find(Role::Heading, "New token").await?;
    journey.finish().await
}
