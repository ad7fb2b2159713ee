//! Exporting a search and copying an id on the release app, in headless Chromium: the file
//! the browser downloads holds every matching token and never a typed value; "Copy id"
//! puts the id on the real clipboard. Each journey ends with the leak, panic and CSP checks.

use std::collections::BTreeSet;
use std::path::Path;

use e2e::axe::assert_accessible;
use e2e::journey::Journey;
use e2e::{Browser, Result, Role};
use serde_json::{json, Value};
#[path = "../../tests/support/csv.rs"]
mod csv;

/// Runs in the page before the export: keeps each Blob given to `URL.createObjectURL`, so
/// the file's bytes can be read back. The download itself still happens.
const CATCH_BLOBS: &str = "window.__blobs = []; const create = URL.createObjectURL;\
     URL.createObjectURL = function (blob) { window.__blobs.push(blob); return create.call(URL, blob); };";

/// Waits for a polite or assertive message containing `text`.
async fn wait_for_message(browser: &Browser, text: &str) -> Result {
    browser
        .eventually(&format!("a message with “{text}”"), || async {
            for (element, _) in browser.all(Role::Message).await? {
                if element.text().await.unwrap_or_default().contains(text) {
                    return Ok(Some(()));
                }
            }
            // Visually hidden live regions have no rendered text: read their content.
            let hidden = browser
                .script(
                    "return [...document.querySelectorAll('[role=status]')].map(e => e.textContent).join('|')",
                    vec![],
                )
                .await?;
            Ok(hidden.as_str().unwrap_or_default().contains(text).then_some(()))
        })
        .await
}

/// The bytes of the last Blob the page made, as numbers.
async fn last_blob(browser: &Browser) -> Result<Vec<u8>> {
    let bytes = browser
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const blob = window.__blobs[window.__blobs.length - 1];\
             blob.arrayBuffer().then(b => done([...new Uint8Array(b)]));",
            vec![],
        )
        .await?;
    Ok(bytes
        .as_array()
        .ok_or("no Blob was made")?
        .iter()
        .filter_map(Value::as_u64)
        .map(|b| b as u8)
        .collect())
}

/// The one file in `dir` once its download has finished.
async fn downloaded(browser: &Browser, dir: &Path) -> Result<(String, Vec<u8>)> {
    browser
        .eventually("the downloaded file", || async {
            let files: Vec<_> = std::fs::read_dir(dir)?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "csv"))
                .collect();
            match files.as_slice() {
                [file] => Ok(Some((
                    file.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read(file)?,
                ))),
                _ => Ok(None),
            }
        })
        .await
}

#[tokio::test]
async fn export_a_search_as_csv_without_any_value() -> Result {
    let mut journey = Journey::signed_in().await?;
    let value = "sk-e2e-export-7c1f3a9d5e";
    journey.typed_secret(value);
    let browser = &journey.browser;
    let downloads = std::env::temp_dir().join(format!("token-admin-export-{}", std::process::id()));
    std::fs::create_dir_all(&downloads)?;
    browser
        .devtools(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": downloads.to_string_lossy() }),
        )
        .await?;

    // A token whose name needs quoting, created with a value typed once.
    browser.click(Role::Link, "New token").await?;
    browser.find(Role::Heading, "New token").await?;
    browser.fill("Name", "=Journey \"prod\", export").await?;
    browser.fill("ID", "journey-export").await?;
    browser.fill("Value", value).await?;
    browser.click(Role::Button, "Create").await?;
    browser
        .wait_for_path("/tokens/journey-export?created=1")
        .await?;

    // Search, then export what the list shows (all of it fits on one page of 100).
    browser.goto("/tokens?q=prod&size=100").await?;
    browser.find(Role::Link, "journey-export").await?;
    let shown: BTreeSet<String> = browser.row_ids().await?.into_iter().collect();
    assert!(
        shown.len() > 1 && shown.contains("openai-prod"),
        "{shown:?}"
    );
    browser.script(CATCH_BLOBS, vec![]).await?;
    browser.click(Role::Button, "Export…").await?;
    browser.find(Role::Dialog, "Export tokens").await?;
    browser
        .wait_for_text(&format!("Tokens to export: {}", shown.len()))
        .await?;
    assert_accessible(browser, "export dialog").await?;
    assert!(browser
        .query(Role::Radio, "CSV, for spreadsheets")
        .await?
        .is_some());
    browser.click(Role::Button, "Start export").await?;
    wait_for_message(browser, &format!("Exported {} tokens", shown.len())).await?;
    browser.wait_gone(Role::Dialog, "Export tokens").await?;

    let bytes = last_blob(browser).await?;
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a BOM");
    let file = String::from_utf8(bytes[3..].to_vec())?;
    assert!(!file.contains(value), "the typed value is not in the file");
    let records = csv::read(&file).expect("a well-formed CSV file");
    assert_eq!(
        records[0],
        ["id", "name", "created", "modified", "version", "used by"]
    );
    assert!(records.iter().all(|r| r.len() == 6), "{records:?}");
    let ids: BTreeSet<String> = records[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids.len(), records.len() - 1, "every row once");
    assert_eq!(ids, shown, "exactly the search's tokens");
    let row = |id: &str| {
        records
            .iter()
            .find(|r| r[0] == id)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(row("journey-export")[1], "'=Journey \"prod\", export");
    assert_eq!(row("journey-export")[4], "1");
    assert_eq!(row("openai-prod")[5], "agent:support-agent");

    // The browser saved the same bytes under tokens-demo-<date>-<time>.csv.
    let (name, saved) = downloaded(browser, &downloads).await?;
    assert!(
        name.starts_with("tokens-demo-") && name.len() == "tokens-demo-20250101-0000.csv".len(),
        "{name}"
    );
    assert_eq!(
        saved,
        [b"\xEF\xBB\xBF".as_slice(), file.as_bytes()].concat()
    );
    std::fs::remove_dir_all(&downloads)?;
    journey.finish().await
}

#[tokio::test]
async fn copy_id_puts_the_id_on_the_clipboard() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser
        .devtools(
            "Browser.grantPermissions",
            json!({
                "origin": journey.emulator.url,
                "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
            }),
        )
        .await?;
    browser.goto("/tokens/openai-prod").await?;
    let button = browser.find(Role::Button, "Copy id openai-prod").await?;
    assert_eq!(button.text().await?.trim(), "Copy id");
    assert_accessible(browser, "token page with Copy id").await?;
    browser.click(Role::Button, "Copy id openai-prod").await?;
    wait_for_message(browser, "Id copied").await?;
    assert_eq!(button.text().await?.trim(), "Copied");
    let clipboard = browser
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             navigator.clipboard.readText().then(done, e => done('refused: ' + e));",
            vec![],
        )
        .await?;
    assert_eq!(clipboard, "openai-prod");
    browser
        .eventually("the button to say “Copy id” again", || async {
            Ok((button.text().await?.trim() == "Copy id").then_some(()))
        })
        .await?;
    journey.finish().await
}
