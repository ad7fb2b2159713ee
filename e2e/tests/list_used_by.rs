//! Token hygiene on the list, on the demo tenant: the "Used by" count of 20 sampled tokens
//! equals what the API's four lists say (read here directly and walked, not by the app's
//! code), each count is reached with Tab and described by its kinds, "Unused tokens" lists
//! exactly the tokens no user references and stays in the address, and axe finds nothing
//! on the list with the new column — light and dark, English and German, filter on.

#[path = "../../tests/support/references.rs"]
mod references;

use e2e::axe::assert_accessible;
use e2e::{Browser, Emulator, Journey, Result, Role};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// The counts the API's four lists give now.
async fn api_counts(emulator: &Emulator) -> Result<references::Counts> {
    let mut lists: [Vec<Value>; 4] = Default::default();
    for (list, collection) in lists.iter_mut().zip(references::COLLECTIONS) {
        *list = emulator.list(collection).await?;
    }
    Ok(references::count(lists.each_ref().map(Vec::as_slice)))
}

/// Every token id, ascending.
async fn token_ids(emulator: &Emulator) -> Result<Vec<String>> {
    let mut ids: Vec<String> = emulator
        .list("tokens")
        .await?
        .iter()
        .filter_map(|t| t["id"].as_str().map(str::to_owned))
        .collect();
    ids.sort();
    Ok(ids)
}

/// Each row's id, the count shown in its "Used by" cell and the description of that count
/// (empty for a plain 0), once no cell is waiting any more.
async fn used_by_cells(browser: &Browser) -> Result<Vec<(String, String, String)>> {
    browser
        .eventually("every Used by count", || async {
            let rows = browser
                .script(
                    "const cells = [...document.querySelectorAll('tbody td.col-used-by')];\
                     if (!cells.length || document.querySelector('.used-by-pending, table[aria-busy=true]')) return null;\
                     return cells.map(cell => {\
                       const row = cell.closest('tr'), count = cell.querySelector('.used-by-count');\
                       const tip = count && document.getElementById(count.getAttribute('aria-describedby'));\
                       return [row.querySelector('td.col-id a').textContent.trim(),\
                               (count || cell).textContent.trim(), tip ? tip.textContent.trim() : ''];\
                     });",
                    vec![],
                )
                .await?;
            Ok(rows.as_array().map(|rows| {
                rows.iter()
                    .map(|row| {
                        let part = |i: usize| row[i].as_str().unwrap_or_default().to_owned();
                        (part(0), part(1), part(2))
                    })
                    .collect()
            }))
        })
        .await
}

/// Fails unless the list is a table (a row is one line) whose column headers all fit their
/// cells: the Used by column must not turn the list into cards in a 1280 px window with a
/// scroll bar (the journeys' window).
async fn assert_a_table_that_fits(browser: &Browser, what: &str) -> Result {
    let found = browser
        .script(
            "const row = document.querySelector('tbody tr');\
             const line = parseFloat(getComputedStyle(row.querySelector('td.col-id')).lineHeight);\
             const over = [...document.querySelectorAll('thead th')]\
               .filter(h => h.scrollWidth > h.clientWidth + 1).map(h => h.textContent.trim());\
             return [row.getBoundingClientRect().height / line, over, document.documentElement.clientWidth];",
            vec![],
        )
        .await?;
    let lines = found[0].as_f64().unwrap_or(f64::NAN);
    assert!(lines < 2.5, "{what}: rows are cards: {found}");
    assert_eq!(
        found[1],
        json!([]),
        "{what}: headers that do not fit: {found}"
    );
    Ok(())
}

#[tokio::test]
async fn used_by_counts_of_twenty_sampled_tokens_equal_the_api() -> Result {
    let journey = Journey::signed_in().await?;
    let (browser, emulator) = (&journey.browser, &journey.emulator);
    let expected = api_counts(emulator).await?;
    let ids = token_ids(emulator).await?;
    // The sample: every token in use, then unused ones, 20 in all.
    let (used, unused): (Vec<&String>, Vec<&String>) =
        ids.iter().partition(|id| expected.contains_key(*id));
    let sample: Vec<&String> = used.iter().chain(&unused).take(20).copied().collect();
    assert!(
        sample.len() == 20 && used.len() >= 8,
        "{} tokens, {} in use",
        ids.len(),
        used.len()
    );

    browser.goto("/tokens?size=100&sort=id:asc").await?;
    let shown = used_by_cells(browser).await?;
    assert_a_table_that_fits(browser, "English").await?;
    for id in &sample {
        let want = expected.get(*id).copied().unwrap_or_default();
        let (_, count, kinds) = shown
            .iter()
            .find(|(row, _, _)| row == *id)
            .unwrap_or_else(|| panic!("a row for {id}"));
        assert_eq!(*count, want.iter().sum::<u32>().to_string(), "{id}");
        assert_eq!(*kinds, references::kinds_text(want), "{id}");
    }

    // From the token's link, Tab reaches its count, described by its kinds, shown beside it.
    let id = used[0];
    let link = browser.find(Role::Link, id).await?;
    browser
        .script("arguments[0].focus()", vec![json!(link)])
        .await?;
    browser.press(Key::Tab).await?;
    let focused = browser.focused().await?;
    let facts = browser
        .script(
            "const e = arguments[0], tip = document.getElementById(e.getAttribute('aria-describedby'));\
             return [e.className, e.textContent.trim(), tip.getAttribute('role'), tip.textContent.trim(),\
                     tip.getBoundingClientRect().width > 20];",
            vec![json!(focused)],
        )
        .await?;
    let want = expected[id.as_str()];
    assert_eq!(
        facts,
        json!([
            "used-by-count",
            want.iter().sum::<u32>().to_string(),
            "tooltip",
            references::kinds_text(want),
            true
        ])
    );
    assert_accessible(browser, "token list with a Used by tooltip").await?;
    journey.finish().await
}

#[tokio::test]
async fn unused_tokens_lists_exactly_the_unreferenced_ones_and_passes_axe() -> Result {
    let journey = Journey::signed_in().await?;
    let (browser, emulator) = (&journey.browser, &journey.emulator);
    let expected = api_counts(emulator).await?;
    let unused: Vec<String> = token_ids(emulator)
        .await?
        .into_iter()
        .filter(|id| !expected.contains_key(id))
        .collect();
    browser.goto("/tokens?size=100&sort=id:asc").await?;
    used_by_cells(browser).await?;
    assert_accessible(browser, "token list with Used by").await?;

    browser.click(Role::Checkbox, "Unused tokens").await?;
    browser
        .wait_for_path("/tokens?unused=1&size=100&sort=id%3Aasc")
        .await?;
    let only_unused = || async {
        browser
            .eventually("exactly the unused tokens", || async {
                used_by_cells(browser).await?;
                Ok((browser.row_ids().await? == unused).then_some(()))
            })
            .await
    };
    only_unused().await?;
    assert!(used_by_cells(browser)
        .await?
        .iter()
        .all(|(_, count, _)| count == "0"));
    assert_accessible(browser, "unused tokens").await?;

    // Kept by a reload, in the dark theme and in German.
    browser
        .goto("/tokens?unused=1&size=100&sort=id%3Aasc")
        .await?;
    only_unused().await?;
    let theme = browser.find(Role::Field, "Theme").await?;
    theme.select_by_label("Dark theme").await?;
    browser
        .eventually("the dark theme", || async {
            let dark = browser
                .script(
                    "return document.documentElement.dataset.theme === 'dark'",
                    vec![],
                )
                .await?;
            Ok((dark == true).then_some(()))
        })
        .await?;
    assert_accessible(browser, "unused tokens, dark").await?;
    let language = browser.find(Role::Field, "Language").await?;
    language.select_by_label("Deutsch").await?;
    browser.find(Role::Checkbox, "Unbenutzte Tokens").await?;
    only_unused().await?;
    assert_accessible(browser, "unused tokens, dark, German").await?;
    browser.click(Role::Checkbox, "Unbenutzte Tokens").await?;
    let headers = browser
        .eventually("every token, German headers", || async {
            let shown = browser.row_ids().await?;
            if shown.len() <= unused.len() {
                return Ok(None);
            }
            let found = browser
                .script(
                    "return [...document.querySelectorAll('thead th')].map(h => h.textContent.trim());",
                    vec![],
                )
                .await?;
            Ok(Some(found))
        })
        .await?;
    assert!(
        headers
            .as_array()
            .unwrap()
            .contains(&json!("Verwendet von")),
        "{headers}"
    );
    used_by_cells(browser).await?;
    assert_a_table_that_fits(browser, "German").await?;
    assert_accessible(browser, "token list, dark, German").await?;
    let theme = browser.find(Role::Field, "Design").await?;
    theme.select_by_label("Helles Design").await?;
    assert_accessible(browser, "token list, light, German").await?;
    journey.finish().await
}
