//! The checks that end every journey: no secret anywhere the browser keeps text, no panic in
//! the console, no Content-Security-Policy violation.

use serde_json::json;

use crate::browser::Browser;
use crate::webdriver::devtools;
use crate::Result;

/// Everything the page keeps as text, by place: the DOM (with every field's current value),
/// the address, every history entry, both storages, and the console so far.
pub async fn places(browser: &Browser) -> Result<Vec<(String, String)>> {
    let page = browser
        .script(
            "const values = [...document.querySelectorAll('input, textarea')].map(e => e.value);\
             const dump = s => JSON.stringify(Object.fromEntries(Object.entries(s)));\
             return [document.documentElement.outerHTML, values.join('\\n'), location.href,\
                     dump(sessionStorage), dump(localStorage)];",
            vec![],
        )
        .await?;
    let text = |i: usize| page[i].as_str().unwrap_or_default().to_owned();
    let history = devtools(browser.client(), "Page.getNavigationHistory", json!({})).await?;
    let entries: Vec<String> = history["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["url"].as_str().unwrap_or_default().to_owned())
        .collect();
    let console: Vec<String> = browser
        .console()
        .await?
        .into_iter()
        .map(|(level, message)| format!("{level} {message}"))
        .collect();
    Ok(vec![
        ("DOM".into(), text(0)),
        ("field values".into(), text(1)),
        ("address".into(), text(2)),
        ("history entries".into(), entries.join("\n")),
        ("sessionStorage".into(), text(3)),
        ("localStorage".into(), text(4)),
        ("console".into(), console.join("\n")),
    ])
}

/// How many times each secret occurs in each place; only non-zero counts are listed.
pub async fn secret_sightings(browser: &Browser, secrets: &[&str]) -> Result<Vec<String>> {
    let places = places(browser).await?;
    let mut found = Vec::new();
    for (i, secret) in secrets.iter().enumerate() {
        for (place, text) in &places {
            let count = text.matches(secret).count();
            if count > 0 {
                found.push(format!("secret #{i} appears {count}× in the {place}"));
            }
        }
    }
    Ok(found)
}

/// Console lines that mean something went wrong: a Rust panic or a CSP violation.
pub fn alarming(console: &[(String, String)]) -> Vec<String> {
    console
        .iter()
        .map(|(_, message)| message)
        .filter(|m| {
            m.contains("panicked at")
                || m.contains("CSP violation")
                || m.contains("Content Security Policy")
        })
        .cloned()
        .collect()
}

/// Fails when any of `secrets` is anywhere the browser keeps text, or the console shows a
/// panic or a CSP violation. Call at the end of every journey.
pub async fn assert_clean(browser: &Browser, secrets: &[&str]) -> Result {
    let sightings = secret_sightings(browser, secrets).await?;
    let alarms = alarming(&browser.console().await?);
    if sightings.is_empty() && alarms.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the journey left traces:\n{}",
        sightings
            .into_iter()
            .chain(alarms)
            .collect::<Vec<_>>()
            .join("\n")
    )
    .into())
}

/// The CSP violations reported so far.
pub async fn csp_violations(browser: &Browser) -> Result<Vec<String>> {
    Ok(browser
        .console()
        .await?
        .into_iter()
        .map(|(_, m)| m)
        .filter(|m| m.contains("CSP violation"))
        .collect())
}
