//! axe-core on every page and dialog: zero violations. With `E2E_SCREENSHOT_DIR` set
//! (`cargo xtask screenshots`), it also saves the README's pictures on the way.

use e2e::axe::assert_accessible;
use e2e::emulator::ADMIN;
use e2e::journey::{wait_for_fact, Journey};
use e2e::{Result, Role};
use fantoccini::key::Key;
use serde_json::json;

#[tokio::test]
async fn every_page_and_dialog_has_no_axe_violations() -> Result {
    let journey = Journey::start().await?;
    let browser = &journey.browser;
    browser.goto("/sign-in").await?;
    browser.find(Role::Heading, "Sign in").await?;
    assert_accessible(browser, "sign-in").await?;

    e2e::journey::sign_in(browser, &journey.emulator, ADMIN).await?;
    browser.find(Role::Link, "openai-prod").await?;
    assert_accessible(browser, "token list").await?;
    browser.screenshot("list").await?;

    browser.click(Role::Button, "Keyboard shortcuts").await?;
    browser.find(Role::Dialog, "Keyboard shortcuts").await?;
    assert_accessible(browser, "shortcut sheet").await?;
    browser.press(Key::Escape).await?;
    browser
        .wait_gone(Role::Dialog, "Keyboard shortcuts")
        .await?;
    let ctrl_k = format!("{}k", char::from(Key::Control));
    let focused = browser.client().active_element().await?;
    focused.send_keys(&ctrl_k).await?;
    browser.find(Role::Dialog, "Command palette").await?;
    browser.fill("Command or token", "openai").await?;
    browser
        .wait_for_text("Open OpenAI production key (openai-prod)")
        .await?;
    assert_accessible(browser, "command palette").await?;
    browser.press(Key::Escape).await?;
    browser.wait_gone(Role::Dialog, "Command palette").await?;

    browser.click(Role::Button, "Delete anthropic-prod").await?;
    browser.find(Role::Dialog, "Delete anthropic-prod?").await?;
    assert_accessible(browser, "delete dialog").await?;
    browser.click(Role::Button, "Delete").await?;
    browser
        .find(Role::Dialog, "Force delete anthropic-prod?")
        .await?;
    assert_accessible(browser, "force delete dialog").await?;
    browser
        .fill("Type the token ID to confirm", "anthropic-pro")
        .await?;
    browser.screenshot("force-delete").await?;
    browser.press(Key::Escape).await?;
    browser
        .wait_gone(Role::Dialog, "Force delete anthropic-prod?")
        .await?;

    browser.click(Role::Checkbox, "Select openai-prod").await?;
    browser.click(Role::Button, "Delete selected").await?;
    browser.find(Role::Dialog, "Delete 1 token?").await?;
    assert_accessible(browser, "bulk delete dialog").await?;
    browser.press(Key::Escape).await?;

    browser.goto("/new-token").await?;
    browser.find(Role::Heading, "New token").await?;
    assert_accessible(browser, "create page").await?;
    browser.fill("Name", "OpenAI test").await?;
    browser.fill("Value", " Bearer sk-ant-x").await?;
    browser
        .wait_for_text("The value starts with “Bearer ”.")
        .await?;
    assert_accessible(browser, "create page with value warnings").await?;

    browser.goto("/tokens/openai-prod").await?;
    browser.find(Role::Button, "Save").await?;
    assert_accessible(browser, "token page").await?;
    browser.screenshot_page("edit").await?;

    let version = journey
        .save_into_conflict("openai-prod", "Changed elsewhere", "Mine")
        .await?;
    assert_accessible(browser, "conflict view").await?;
    browser.screenshot_page("conflict").await?;
    browser.click(Role::Button, "Take theirs").await?;
    wait_for_fact(browser, "Version", &(version + 1).to_string()).await?;

    journey
        .emulator
        .inject(json!({ "expireSessions": true }))
        .await?;
    browser.fill("Name", "After expiry").await?;
    browser.click(Role::Button, "Save").await?;
    browser.find(Role::Dialog, "Sign in again").await?;
    assert_accessible(browser, "sign-in-again dialog").await?;
    journey.finish().await
}
