//! Accessibility checks with axe-core (pinned in `tools/package.json`), injected into the page
//! through WebDriver — which the page's Content-Security-Policy does not govern.

use crate::browser::Browser;
use crate::paths::{repo_root, require};
use crate::Result;

/// Runs axe-core on the current page; one line per violation (rule, help, elements).
pub async fn violations(browser: &Browser) -> Result<Vec<String>> {
    let loaded = browser
        .script("return typeof axe === 'object'", vec![])
        .await?;
    if loaded != true {
        let path = repo_root().join("tools/node_modules/axe-core/axe.min.js");
        require(&path, "axe-core (npm ci --prefix tools)");
        let source = std::fs::read_to_string(path)?;
        browser.script(&source, vec![]).await?;
    }
    let found = browser
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v =>\
               v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await?;
    Ok(found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect())
}

/// Fails with the violations on the current page, naming it `page`.
pub async fn assert_accessible(browser: &Browser, page: &str) -> Result {
    let found = violations(browser).await?;
    println!("axe: {page}: {} violations", found.len());
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!("axe found on {page}:\n{}", found.join("\n")).into())
    }
}
