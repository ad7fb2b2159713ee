//! Narrow screens and themes: at 360 × 740 CSS pixels every page and dialog fits without
//! sideways scrolling, token rows are cards with labelled values and their own Rename and
//! Delete, and the dark theme chosen in the header passes axe; on any width the list never
//! scrolls sideways; the system theme follows the operating system until one is chosen.
//! With `E2E_SCREENSHOT_DIR` set it also saves `list-narrow-dark.png` for the README.

use e2e::axe::assert_accessible;
use e2e::journey::{sign_in, wait_for_fact, Journey};
use e2e::{Browser, Result, Role};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// A phone held upright.
const PHONE: (u32, u32) = (360, 740);

/// Lays the page out at `width` × `height` CSS pixels, as a phone of that size would.
async fn set_viewport(browser: &Browser, (width, height): (u32, u32)) -> Result {
    browser
        .devtools(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": true }),
        )
        .await?;
    let shown = browser
        .script("return document.documentElement.clientWidth", vec![])
        .await?;
    assert_eq!(shown, width, "the page is laid out {width} px wide");
    Ok(())
}

/// Makes the system (the emulated operating system) prefer `scheme`.
async fn prefer_colour_scheme(browser: &Browser, scheme: &str) -> Result {
    browser
        .devtools(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .await?;
    Ok(())
}

/// Fails when the page is wider than the window, naming what sticks out.
async fn assert_no_sideways_scroll(browser: &Browser, page: &str) -> Result {
    let found = browser
        .script(
            "const root = document.documentElement, width = root.clientWidth;\
             const out = [...document.querySelectorAll('body *')]\
               .filter(e => e.getBoundingClientRect().right > width + 0.5 && e.checkVisibility())\
               .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + e.getBoundingClientRect().right);\
             return [root.scrollWidth, width, out];",
            vec![],
        )
        .await?;
    let (scroll, width) = (found[0].as_f64(), found[1].as_f64());
    if scroll > width {
        return Err(format!(
            "{page}: the page is {scroll:?} px wide in a {width:?} px window; sticking out: {}",
            found[2]
        )
        .into());
    }
    Ok(())
}

/// The bounding box of `element` as `[left, top, right, bottom]`.
async fn rect(browser: &Browser, element: &fantoccini::elements::Element) -> Result<[f64; 4]> {
    let r = browser
        .script(
            "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];",
            vec![serde_json::to_value(element)?],
        )
        .await?;
    Ok([0, 1, 2, 3].map(|i| r[i].as_f64().unwrap_or(f64::NAN)))
}

/// Fails unless `element` lies within the window's width.
async fn assert_fits(
    browser: &Browser,
    element: &fantoccini::elements::Element,
    what: &str,
) -> Result {
    let [left, _, right, _] = rect(browser, element).await?;
    let width = PHONE.0 as f64;
    assert!(
        left >= 0.0 && right <= width,
        "{what} spans {left}–{right} px, outside the {width} px window"
    );
    Ok(())
}

/// The relative luminance (0 black – 1 white) of the page's background.
async fn background_luminance(browser: &Browser) -> Result<f64> {
    let value = browser
        .script(
            "const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);\
             const lin = c => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;\
             return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);",
            vec![],
        )
        .await?;
    Ok(value.as_f64().unwrap_or(f64::NAN))
}

/// Waits until the page is drawn dark (`true`) or light.
async fn wait_for_dark(browser: &Browser, dark: bool) -> Result {
    let what = if dark { "a dark page" } else { "a light page" };
    browser
        .eventually(what, || async {
            let luminance = background_luminance(browser).await?;
            Ok(((luminance < 0.05) == dark && (luminance > 0.8) != dark).then_some(()))
        })
        .await
}

/// Picks `theme` ("Dark theme", …) in the header's theme switch.
async fn choose_theme(browser: &Browser, theme: &str) -> Result {
    let switch = browser.find(Role::Field, "Theme").await?;
    switch.select_by_label(theme).await?;
    Ok(())
}

/// How the row of `id` is laid out: its height, the id's and the Created value's boxes,
/// the Created cell's line height and its visible label — cells found through the column
/// headers, as a screen reader relates them.
async fn row_layout(browser: &Browser, id: &str) -> Result<Value> {
    browser
        .script(
            "const link = [...document.querySelectorAll('tbody a[href]')].find(a => a.textContent.trim() === arguments[0]);\
             const row = link.closest('tr');\
             const names = [...row.closest('table').tHead.rows[0].cells].map(c => c.textContent.trim());\
             const created = row.cells[names.indexOf('Created')];\
             const box = e => e.getBoundingClientRect();\
             return { height: box(row).height, idBottom: box(link).bottom, createdTop: box(created).top,\
                      line: parseFloat(getComputedStyle(created).lineHeight),\
                      label: getComputedStyle(created, '::before').content };",
            vec![id.into()],
        )
        .await
}

/// The number `key` of `layout` (NaN if missing, which fails every comparison).
fn number(layout: &Value, key: &str) -> f64 {
    layout[key].as_f64().unwrap_or(f64::NAN)
}

/// How many nodes of each table role Chromium's accessibility tree holds.
async fn table_roles(browser: &Browser) -> Result<[usize; 4]> {
    let tree = browser
        .devtools("Accessibility.getFullAXTree", json!({}))
        .await?;
    let count = |role: &str| {
        tree["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n["role"]["value"] == role)
            .count()
    };
    Ok(["table", "columnheader", "row", "cell"].map(count))
}

#[tokio::test]
async fn at_360_px_every_page_fits_rows_are_cards_and_dark_theme_passes_axe() -> Result {
    let journey = Journey::start().await?;
    let browser = &journey.browser;
    set_viewport(browser, PHONE).await?;
    browser.goto("/sign-in").await?;
    browser.find(Role::Heading, "Sign in").await?;
    assert_no_sideways_scroll(browser, "sign-in").await?;

    sign_in(browser, &journey.emulator, e2e::emulator::ADMIN).await?;
    browser.find(Role::Link, "openai-prod").await?;
    assert_no_sideways_scroll(browser, "token list").await?;

    // Each row a card: the values stacked under the id, each with its column's name.
    let row = row_layout(browser, "openai-prod").await?;
    assert!(
        number(&row, "height") > 2.0 * number(&row, "line"),
        "the row is one line high: {row}"
    );
    assert!(
        number(&row, "createdTop") >= number(&row, "idBottom"),
        "Created is beside the id, not under it: {row}"
    );
    assert!(
        row["label"]
            .as_str()
            .unwrap_or_default()
            .contains("Created"),
        "no visible Created label: {row}"
    );
    // Still a table to a screen reader, header cells included.
    let [tables, headers, rows, cells] = table_roles(browser).await?;
    assert!(
        tables >= 1 && headers >= 5 && rows >= 2 && cells >= 5,
        "table semantics lost: {tables} tables, {headers} column headers, {rows} rows, {cells} cells"
    );
    // Every row's actions and every sort button in reach.
    for name in ["Select openai-prod", "Select all on this page"] {
        let checkbox = browser.find(Role::Checkbox, name).await?;
        assert_fits(browser, &checkbox, name).await?;
    }
    for name in [
        "Rename openai-prod",
        "Delete openai-prod",
        "ID",
        "Name",
        "Created",
        "Modified",
        "Version",
        "Value age",
    ] {
        let button = browser.find(Role::Button, name).await?;
        assert_fits(browser, &button, name).await?;
    }
    let theme = browser.find(Role::Field, "Theme").await?;
    assert_fits(browser, &theme, "the theme switch").await?;

    // Inline rename inside a card.
    browser.click(Role::Button, "Rename openai-prod").await?;
    browser
        .find(Role::Field, "New name for openai-prod")
        .await?;
    assert_no_sideways_scroll(browser, "inline rename").await?;
    browser.press(Key::Escape).await?;
    browser
        .wait_gone(Role::Field, "New name for openai-prod")
        .await?;

    // The dark theme, chosen in the header.
    wait_for_dark(browser, false).await?;
    choose_theme(browser, "Dark theme").await?;
    wait_for_dark(browser, true).await?;
    assert_no_sideways_scroll(browser, "token list, dark").await?;
    assert_accessible(browser, "token list, dark, 360 px").await?;
    // The README's picture, without the switch's focus ring.
    browser
        .script("document.activeElement.blur()", vec![])
        .await?;
    browser.screenshot("list-narrow-dark").await?;

    browser.click(Role::Button, "Delete anthropic-prod").await?;
    let dialog = browser.find(Role::Dialog, "Delete anthropic-prod?").await?;
    assert_fits(browser, &dialog, "the delete dialog").await?;
    assert_no_sideways_scroll(browser, "delete dialog").await?;
    assert_accessible(browser, "delete dialog, dark, 360 px").await?;
    browser.press(Key::Escape).await?;
    browser
        .wait_gone(Role::Dialog, "Delete anthropic-prod?")
        .await?;

    browser.click(Role::Checkbox, "Select openai-prod").await?;
    browser.click(Role::Button, "Delete selected").await?;
    let dialog = browser.find(Role::Dialog, "Delete 1 token?").await?;
    assert_fits(browser, &dialog, "the bulk delete dialog").await?;
    assert_no_sideways_scroll(browser, "bulk delete dialog").await?;
    browser.press(Key::Escape).await?;

    browser.goto("/new-token").await?;
    browser.find(Role::Heading, "New token").await?;
    assert_no_sideways_scroll(browser, "create page").await?;
    // Forms fill the width.
    let name = browser.find(Role::Field, "Name").await?;
    let [left, _, right, _] = rect(browser, &name).await?;
    assert!(
        right - left > 0.75 * PHONE.0 as f64,
        "the Name field is only {} px wide",
        right - left
    );
    assert_accessible(browser, "create page, dark, 360 px").await?;

    browser.goto("/tokens/openai-prod").await?;
    browser.find(Role::Button, "Save").await?;
    wait_for_dark(browser, true).await?;
    assert_no_sideways_scroll(browser, "token page").await?;
    assert_accessible(browser, "token page, dark, 360 px").await?;

    // The conflict view: someone else renames the token while it is open here.
    let version = journey
        .save_into_conflict("openai-prod", "Changed elsewhere", "Mine")
        .await?;
    assert_no_sideways_scroll(browser, "conflict view").await?;
    assert_accessible(browser, "conflict view, dark, 360 px").await?;
    browser.click(Role::Button, "Take theirs").await?;
    wait_for_fact(browser, "Version", &(version + 1).to_string()).await?;
    journey.finish().await
}

#[tokio::test]
async fn the_list_never_scrolls_sideways_and_is_a_table_on_wide_screens() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;
    for width in [360, 480, 640, 800, 1024, 1280, 1600] {
        set_viewport(browser, (width, 900)).await?;
        assert_no_sideways_scroll(browser, &format!("token list at {width} px")).await?;
    }
    // Wide: one line per row, from a 1280 px window with its scroll bar on.
    for width in [1280, 1600] {
        set_viewport(browser, (width, 900)).await?;
        let row = row_layout(browser, "openai-prod").await?;
        assert!(
            number(&row, "height") < 2.5 * number(&row, "line"),
            "rows are cards at {width} px: {row}"
        );
    }
    journey.finish().await
}

#[tokio::test]
async fn the_system_theme_follows_the_system_until_one_is_chosen_and_kept() -> Result {
    let journey = Journey::start().await?;
    let browser = &journey.browser;
    prefer_colour_scheme(browser, "dark").await?;
    browser.goto("/sign-in").await?;
    browser.find(Role::Heading, "Sign in").await?;
    wait_for_dark(browser, true).await?;
    prefer_colour_scheme(browser, "light").await?;
    wait_for_dark(browser, false).await?;

    choose_theme(browser, "Dark theme").await?;
    wait_for_dark(browser, true).await?;
    // Kept over a reload, whatever the system prefers.
    browser.goto("/sign-in").await?;
    browser.find(Role::Heading, "Sign in").await?;
    wait_for_dark(browser, true).await?;
    assert_accessible(browser, "sign-in, dark").await?;

    prefer_colour_scheme(browser, "dark").await?;
    choose_theme(browser, "Light theme").await?;
    wait_for_dark(browser, false).await?;
    choose_theme(browser, "System theme").await?;
    wait_for_dark(browser, true).await?;
    journey.finish().await
}
