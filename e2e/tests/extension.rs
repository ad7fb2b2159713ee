//! Journeys inside the test host (`e2e/host/`), where the extension runs as in the
//! Management Dashboard: loaded by URL from another origin, handed `appState`, addressed in
//! the fragment. Each ends with the leak, panic and CSP checks over the host page and the
//! extension's shadow root.

use e2e::axe::assert_accessible;
use e2e::host::HostedJourney;
use e2e::journey::{force_delete, wait_for_fact};
use e2e::{Result, Role};
use fantoccini::key::Key;
use serde_json::json;

#[tokio::test]
async fn list_search_back_forward_and_reload_live_in_the_fragment() -> Result {
    let hosted = HostedJourney::start().await?;
    let browser = hosted.browser();
    browser.find(Role::Link, "openai-prod").await?;
    browser.wait_for_fragment("#/tokens").await?;

    browser.fill("Search tokens", "prod").await?;
    browser.wait_for_fragment("#/tokens?q=prod").await?;
    browser
        .eventually("only matching rows", || async {
            let ids = browser.row_ids().await?;
            Ok((!ids.is_empty() && ids.iter().all(|id| id.contains("prod"))).then_some(()))
        })
        .await?;
    assert_eq!(browser.path().await?, "/", "the host's own address stays");

    browser.back().await?;
    browser.wait_for_fragment("#/tokens").await?;
    browser.find(Role::Link, "anthropic-batch").await?;
    browser.forward().await?;
    browser.wait_for_fragment("#/tokens?q=prod").await?;
    browser.wait_gone(Role::Link, "anthropic-batch").await?;

    browser.client().refresh().await?;
    browser.find(Role::Link, "openai-prod").await?;
    assert_eq!(browser.value_of("Search tokens").await?, "prod");

    browser.click(Role::Link, "openai-prod").await?;
    browser.wait_for_fragment("#/tokens/openai-prod").await?;
    browser.find(Role::Heading, "OpenAI production key").await?;
    browser.back().await?;
    browser.wait_for_fragment("#/tokens?q=prod").await?;
    browser.find(Role::Link, "openai-prod").await?;
    hosted.finish().await
}

/// Opens the page of token `id` by its address, as a link from elsewhere in the dashboard
/// would.
async fn open_token(hosted: &HostedJourney, id: &str) -> Result {
    let browser = hosted.browser();
    browser.goto(&format!("/#/tokens/{id}")).await?;
    browser.find(Role::Button, "Delete token").await?;
    Ok(())
}

/// The token's current version on the server.
async fn version(hosted: &HostedJourney, id: &str) -> Result<u64> {
    let token = hosted.journey.emulator.token(id).await?;
    let token = token.ok_or("no such token")?;
    Ok(token["metadata"]["version"].as_u64().unwrap_or_default())
}

#[tokio::test]
async fn rename_into_a_conflict_keeps_the_typed_name() -> Result {
    let hosted = HostedJourney::start().await?;
    open_token(&hosted, "openai-prod").await?;
    let browser = hosted.browser();
    wait_for_fact(
        browser,
        "Version",
        &version(&hosted, "openai-prod").await?.to_string(),
    )
    .await?;
    hosted
        .journey
        .save_into_conflict(
            "openai-prod",
            "Theirs in the dashboard",
            "Mine in the dashboard",
        )
        .await?;
    assert_eq!(browser.value_of("Name").await?, "Mine in the dashboard");
    browser.wait_for_text("Theirs in the dashboard").await?;
    hosted.finish().await
}

#[tokio::test]
async fn delete_then_force_delete_a_token_in_use() -> Result {
    let hosted = HostedJourney::start().await?;
    let emulator = &hosted.journey.emulator;
    emulator
        .create_token("e2e-host-plain", "Plain host token", "v-host-plain")
        .await?;
    let browser = hosted.browser();
    browser.fill("Search tokens", "Plain host").await?;
    browser.click(Role::Button, "Delete e2e-host-plain").await?;
    browser.find(Role::Dialog, "Delete e2e-host-plain?").await?;
    browser.click(Role::Button, "Delete").await?;
    browser
        .wait_for_text("Token e2e-host-plain deleted")
        .await?;
    assert!(emulator.token("e2e-host-plain").await?.is_none());

    open_token(&hosted, "anthropic-prod").await?;
    browser.click(Role::Button, "Delete token").await?;
    force_delete(browser, "anthropic-prod").await?;
    browser
        .find(Role::Heading, "Deleted: “anthropic-prod”")
        .await?;
    assert!(emulator.token("anthropic-prod").await?.is_none());
    hosted.finish().await
}

#[tokio::test]
async fn a_token_that_expires_mid_edit_is_renewed_by_the_host_and_the_save_replayed() -> Result {
    let hosted = HostedJourney::start().await?;
    open_token(&hosted, "openai-prod").await?;
    let browser = hosted.browser();
    let loaded = version(&hosted, "openai-prod").await?;
    wait_for_fact(browser, "Version", &loaded.to_string()).await?;
    browser.fill("Name", "Typed before expiry").await?;
    assert_eq!(hosted.on_error_calls().await?, 0);
    hosted
        .journey
        .emulator
        .inject(json!({ "expireSessions": true }))
        .await?;
    browser.click(Role::Button, "Save").await?;
    wait_for_fact(browser, "Version", &(loaded + 1).to_string()).await?;
    assert_eq!(browser.value_of("Name").await?, "Typed before expiry");
    assert_eq!(
        hosted.on_error_calls().await?,
        1,
        "onError once, for the 401"
    );
    assert!(
        browser
            .query(Role::Dialog, "Sign in again")
            .await?
            .is_none(),
        "embedded, the host signs in again, not the app"
    );
    let saved = hosted.journey.emulator.token("openai-prod").await?;
    let saved = saved.ok_or("the token exists")?;
    assert_eq!(saved["name"], "Typed before expiry");
    assert_eq!(
        saved["metadata"]["version"],
        loaded + 1,
        "saved once, on the loaded version"
    );
    hosted.finish().await
}

#[tokio::test]
async fn the_language_follows_the_dashboard() -> Result {
    let hosted = HostedJourney::start().await?;
    let browser = hosted.browser();
    browser.fill("Search tokens", "prod").await?;
    browser.wait_for_fragment("#/tokens?q=prod").await?;
    let language = browser.find(Role::Field, "Dashboard language").await?;
    language.select_by_label("Deutsch").await?;
    browser.find(Role::Field, "Token suchen").await?;
    assert_eq!(browser.value_of("Token suchen").await?, "prod");
    let lang = browser
        .script(
            "return document.querySelector('.token-admin-extension').shadowRoot\
             .querySelector('.app-embedded').lang",
            vec![],
        )
        .await?;
    assert_eq!(lang, "de");
    let stored = browser.script("return localStorage.length", vec![]).await?;
    assert_eq!(stored, 0, "the dashboard's choice is not stored as ours");
    language.select_by_label("English").await?;
    browser.find(Role::Field, "Search tokens").await?;
    hosted.finish().await
}

/// How many event listeners are on `window` and `document` now.
async fn global_listeners(hosted: &HostedJourney) -> Result<usize> {
    let mut count = 0;
    for target in ["window", "document"] {
        let object = hosted
            .browser()
            .devtools("Runtime.evaluate", json!({ "expression": target }))
            .await?;
        let id = object["result"]["objectId"].clone();
        let listeners = hosted
            .browser()
            .devtools("DOMDebugger.getEventListeners", json!({ "objectId": id }))
            .await?;
        count += listeners["listeners"].as_array().map_or(0, Vec::len);
    }
    Ok(count)
}

#[tokio::test]
async fn unmounting_leaves_no_listener_and_mounting_again_works() -> Result {
    let hosted = HostedJourney::start().await?;
    let browser = hosted.browser();
    browser.find(Role::Link, "openai-prod").await?;
    let mounted = global_listeners(&hosted).await?;

    browser.click(Role::Button, "Unmount extension").await?;
    browser.wait_for_text("The extension is unmounted.").await?;
    let unmounted = global_listeners(&hosted).await?;
    assert!(
        unmounted < mounted,
        "the app's listeners are counted: {mounted} mounted, {unmounted} after"
    );
    // `?` opens the shortcut sheet while the app is there; now nothing listens for it.
    browser.type_keys("?").await?;
    assert!(browser
        .query(Role::Dialog, "Keyboard shortcuts")
        .await?
        .is_none());

    browser.click(Role::Button, "Mount extension").await?;
    browser.find(Role::Link, "openai-prod").await?;
    assert_eq!(
        global_listeners(&hosted).await?,
        mounted,
        "no listener piles up"
    );
    browser.click(Role::Link, "openai-prod").await?;
    browser.wait_for_fragment("#/tokens/openai-prod").await?;
    browser.find(Role::Heading, "OpenAI production key").await?;
    browser.type_keys("?").await?;
    browser.find(Role::Dialog, "Keyboard shortcuts").await?;
    browser.press(Key::Escape).await?;
    browser
        .wait_gone(Role::Dialog, "Keyboard shortcuts")
        .await?;

    browser.click(Role::Button, "Unmount extension").await?;
    browser.wait_for_text("The extension is unmounted.").await?;
    assert_eq!(global_listeners(&hosted).await?, unmounted);
    hosted.finish().await
}

/// The computed `property` of the first element matching `selector` in the host page
/// (`inside` false) or in the extension's shadow root.
async fn style(
    hosted: &HostedJourney,
    inside: bool,
    selector: &str,
    property: &str,
) -> Result<String> {
    let value = hosted
        .browser()
        .script(
            "const root = arguments[0]\
               ? document.querySelector('.token-admin-extension').shadowRoot : document;\
             return getComputedStyle(root.querySelector(arguments[1])).getPropertyValue(arguments[2]);",
            vec![inside.into(), selector.into(), property.into()],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn styles_leak_neither_way_and_the_dashboard_font_is_followed() -> Result {
    let hosted = HostedJourney::start().await?;
    hosted.browser().find(Role::Link, "openai-prod").await?;
    // The host styles h1 and .card/.lead (dashed red); the app styles the same names.
    assert_eq!(
        style(&hosted, false, "h1", "text-transform").await?,
        "uppercase"
    );
    assert_eq!(
        style(&hosted, false, ".host-note", "border-top-style").await?,
        "dashed"
    );
    assert_ne!(
        style(&hosted, true, "h1", "text-transform").await?,
        "uppercase"
    );
    assert_ne!(style(&hosted, true, "h1", "color").await?, "rgb(180, 0, 0)");
    let host_font = style(&hosted, false, "main", "font-family").await?;
    assert_eq!(style(&hosted, true, "h1", "font-family").await?, host_font);
    assert_eq!(
        style(&hosted, true, ".app-embedded", "font-size").await?,
        style(&hosted, false, "main", "font-size").await?,
        "the dashboard's base size"
    );
    let scheme = style(&hosted, true, ".app-embedded", "color-scheme").await?;
    assert_eq!(
        scheme, "light",
        "a dashboard without a dark scheme gets the light one"
    );
    hosted.finish().await
}

#[tokio::test]
async fn list_and_token_page_have_no_axe_violations_inside_the_host() -> Result {
    let hosted = HostedJourney::start().await?;
    let browser = hosted.browser();
    browser.find(Role::Link, "openai-prod").await?;
    assert_accessible(browser, "token list in the host").await?;
    browser.click(Role::Link, "openai-prod").await?;
    browser.find(Role::Heading, "OpenAI production key").await?;
    assert_accessible(browser, "token page in the host").await?;
    browser
        .type_keys(&format!("{}k", char::from(Key::Control)))
        .await?;
    browser.find(Role::Dialog, "Command palette").await?;
    let commands = browser.names(Role::Option).await?;
    assert!(
        !commands
            .iter()
            .any(|c| c == "Sign out" || c == "Switch theme"),
        "the dashboard signs out and picks the theme: {commands:?}"
    );
    assert_accessible(browser, "command palette in the host").await?;
    hosted.finish().await
}

/// The gzip size of each file in `dir` named in `names` (its `.gz` copy), summed.
fn gzip_total(dir: &std::path::Path, names: &[String]) -> u64 {
    names
        .iter()
        .map(|name| {
            let gz = dir.join(format!("{name}.gz"));
            std::fs::metadata(&gz)
                .or_else(|_| std::fs::metadata(dir.join(name)))
                .map_or(0, |m| m.len())
        })
        .sum()
}

#[tokio::test]
async fn the_wasm_loads_once_for_every_mount_and_rows_show() -> Result {
    let hosted = HostedJourney::start().await?;
    let browser = hosted.browser();
    browser.find(Role::Link, "openai-prod").await?;
    browser.click(Role::Button, "Unmount extension").await?;
    browser.click(Role::Button, "Mount extension").await?;
    browser.find(Role::Link, "openai-prod").await?;
    let loaded = browser
        .script(
            "return performance.getEntriesByType('resource').map(e => e.name)\
             .filter(n => n.startsWith(arguments[0])).map(n => n.split('/').pop());",
            vec![format!("{}/assets/", hosted.extension.url).into()],
        )
        .await?;
    let loaded: Vec<String> = serde_json::from_value(loaded)?;
    let wasm: Vec<&String> = loaded.iter().filter(|n| n.ends_with(".wasm")).collect();
    assert_eq!(
        wasm.len(),
        1,
        "one download of the wasm for two mounts: {loaded:?}"
    );
    assert!(
        !loaded
            .iter()
            .any(|n| n.starts_with("__federation_shared_react")),
        "the host's React is used, not the extension's copy: {loaded:?}"
    );
    let timings = browser
        .eventually("both mounts timed", || async {
            let mounts = browser
                .script(
                    "return window.hostTimings.mounts.map(m => m.firstRow)",
                    vec![],
                )
                .await?;
            let mounts: Vec<Option<f64>> = serde_json::from_value(mounts)?;
            Ok((mounts.len() == 2 && mounts.iter().all(Option::is_some)).then_some(mounts))
        })
        .await?;
    let standalone: Vec<String> = std::fs::read_dir(e2e::paths::dist_dir())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| !n.ends_with(".gz") && !n.ends_with(".br"))
        .collect();
    let extension_dir = e2e::paths::extension_dir().join("assets");
    println!(
        "extension: {} files, {} B gzip (beside the standalone build's {} B gzip); \
         mount to first row {:.0} ms cold, {:.0} ms mounted again",
        loaded.len(),
        gzip_total(&extension_dir, &loaded),
        gzip_total(&e2e::paths::dist_dir(), &standalone),
        timings[0].unwrap_or_default(),
        timings[1].unwrap_or_default(),
    );
    hosted.finish().await
}
