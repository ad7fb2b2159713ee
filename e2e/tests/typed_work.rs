//! "Typed work is never lost": every way out of a page with unsaved typing asks first —
//! signing out from the header or the command palette, leaving the create page, leaving the
//! list during an inline rename. Cancel keeps the page and the typing; OK leaves. Each
//! journey ends with the leak, panic and CSP checks of [`Journey::finish`].

use e2e::journey::wait_for_fact;
use e2e::{Browser, Journey, Result, Role};
use fantoccini::key::Key;

/// The question the app asks before typed work is dropped.
const QUESTION: &str = "You have unsaved changes. Leave anyway?";

/// Answers the page's question with Cancel and checks it was the unsaved-changes one.
async fn stay(browser: &Browser) -> Result {
    assert_eq!(browser.answer_question(false).await?, QUESTION);
    Ok(())
}

/// Answers the page's question with OK.
async fn leave(browser: &Browser) -> Result {
    assert_eq!(browser.answer_question(true).await?, QUESTION);
    Ok(())
}

/// Opens `openai-prod`'s page and types a new name without saving.
async fn unsaved_rename(browser: &Browser) -> Result {
    browser.goto("/tokens/openai-prod").await?;
    wait_for_fact(browser, "ID", "openai-prod").await?;
    browser.fill("Name", "Typed, not saved").await
}

#[tokio::test]
async fn signing_out_from_the_header_with_an_unsaved_edit_asks_first() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    unsaved_rename(browser).await?;

    browser.click(Role::Button, "Sign out").await?;
    stay(browser).await?;
    assert_eq!(browser.path().await?, "/tokens/openai-prod");
    assert_eq!(browser.value_of("Name").await?, "Typed, not saved");

    browser.click(Role::Button, "Sign out").await?;
    leave(browser).await?;
    browser.wait_for_path("/sign-in").await?;
    browser.find(Role::Button, "Sign in").await?;
    journey.finish().await
}

#[tokio::test]
async fn signing_out_from_the_palette_with_an_unsaved_edit_asks_first() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    unsaved_rename(browser).await?;

    let sign_out_from_palette = || async {
        browser.ctrl_k().await?;
        browser.find(Role::Dialog, "Command palette").await?;
        browser.type_keys("sign out").await?;
        browser.find(Role::Option, "Sign out").await?;
        browser.press(Key::Enter).await
    };
    sign_out_from_palette().await?;
    stay(browser).await?;
    browser.wait_gone(Role::Dialog, "Command palette").await?;
    assert_eq!(browser.path().await?, "/tokens/openai-prod");
    assert_eq!(browser.value_of("Name").await?, "Typed, not saved");

    sign_out_from_palette().await?;
    leave(browser).await?;
    browser.wait_for_path("/sign-in").await?;
    journey.finish().await
}

#[tokio::test]
async fn leaving_the_create_page_with_typed_fields_asks_first() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.click(Role::Link, "New token").await?;
    browser.find(Role::Heading, "New token").await?;
    browser.fill("Name", "Half-typed token").await?;

    browser.click(Role::Link, "Tokens").await?;
    stay(browser).await?;
    assert_eq!(browser.path().await?, "/new-token");
    assert_eq!(browser.value_of("Name").await?, "Half-typed token");
    assert_eq!(browser.value_of("ID").await?, "half-typed-token");

    browser.click(Role::Link, "Tokens").await?;
    leave(browser).await?;
    browser.wait_for_path("/tokens").await?;
    journey.finish().await
}

#[tokio::test]
async fn leaving_the_list_during_an_inline_rename_asks_first() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;
    browser.click(Role::Button, "Rename openai-prod").await?;
    browser
        .fill("New name for openai-prod", "Typed inline")
        .await?;

    browser.click(Role::Link, "anthropic-prod").await?;
    stay(browser).await?;
    assert_eq!(browser.path().await?, "/tokens");
    assert_eq!(
        browser.value_of("New name for openai-prod").await?,
        "Typed inline"
    );

    browser.click(Role::Link, "anthropic-prod").await?;
    leave(browser).await?;
    browser.wait_for_path("/tokens/anthropic-prod").await?;
    journey.finish().await
}
