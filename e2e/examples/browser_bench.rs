//! The app's speed in headless Chromium, against the release emulator with 10,000 extra
//! tokens serving the bench's copy of `dist/` (`E2E_DIST_DIR`), which also holds
//! `baseline.html` (`e2e/bench/`): a hand-written page that sends the app's first list
//! request and renders the rows, the least a first visit can do; and under `floor/` the
//! Leptos floor (`e2e/floor/`): the same with Leptos, the app's router and `ai-client`, the
//! least a Leptos app can do.
//!
//! - Cold load → first row as a first-time visitor gets it: every run a new Chromium on a
//!   new profile (no HTTP cache, no code cache), already signed in (what a sign-in stored in
//!   `sessionStorage` is put back before the page loads), on loopback and on a throttled
//!   network (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up: "fast 3G"); the app, the
//!   baseline page and the floor alternate. The first app and floor runs also list the files
//!   the visit loaded, and every floor run must have sent the app's first list request.
//! - Warm load → first row: a returning visitor, HTTP and code cache in place.
//! - Sort and page changes, the scripting time of a 100-row page change (the app's and the
//!   Leptos floor's), a typed search, and memory over 200 page changes.
//! - With `--host-site DIR` (the test host's build with the extension's under `ext/`): the
//!   Management Dashboard extension inside the test host, each run a new browser: from the
//!   host asking for the extension to its first row (the host's `hostTimings`), and the
//!   files it loaded from the extension's folder.
//!
//! Each timing is the median of `--runs` runs (default 7). Prints JSON to `--out FILE` (or
//! stdout). Run through `cargo xtask bench`, which builds what this needs first.

use std::path::Path;

use e2e::emulator::{ADMIN, TENANT};
use e2e::journey::sign_in;
use e2e::{Browser, Emulator, Result, Role};
use serde_json::{json, Value};

/// At document start: keeps the wasm instance (Trunk announces it), counts `fetch` calls to
/// the token list and keeps the first one's URL, and notes when the input last changed, when
/// the first row last changed, when the first row appeared, and when the latest response
/// body was read and the work that followed it ended.
const INSTRUMENT_JS: &str = r#"
addEventListener('TrunkApplicationStarted', e => { window.benchWasm = e.detail.wasm; });
window.benchFetches = 0;
const realFetch = window.fetch;
window.fetch = function (input, init) {
  const url = typeof input === 'string' ? input : input.url;
  if (url.includes('/agentic/tokens')) {
    window.benchFetches++;
    window.benchListUrl = window.benchListUrl || url;
  }
  return realFetch.call(this, input, init);
};
addEventListener('input', () => { window.benchInputAt = performance.now(); }, true);
// Calls `f` when the main thread is next free: a message is delivered in a task of its own,
// after the current task and its microtasks.
window.benchWhenFree = (f) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = f;
  channel.port2.postMessage(null);
};
// When the latest response body was read, and when the work that followed it ended.
const realText = Response.prototype.text;
Response.prototype.text = function () {
  return realText.call(this).then((body) => {
    const read = { at: performance.now(), done: null };
    window.benchRead = read;
    window.benchWhenFree(() => { read.done = performance.now(); });
    return body;
  });
};
let shownFirst = null;
window.benchObserver = new MutationObserver(() => {
  const first = document.querySelector('tbody tr a[href^="/tokens/"]');
  const text = first ? first.textContent : '';
  if (text === shownFirst) return;
  shownFirst = text;
  window.benchRowsAt = performance.now();
  if (text && !window.benchFirstRowAt) window.benchFirstRowAt = window.benchRowsAt;
});
window.benchObserve = () =>
  window.benchObserver.observe(document, { subtree: true, childList: true, characterData: true });
window.benchObserve();
"#;

/// The id in the first row: changes on every sort toggle and page change.
const ROWS_JS: &str = "[...document.querySelectorAll('tbody tr a[href^=\"/tokens/\"]')]\
    .map(a => a.textContent).join(',')";

/// Clicks `arguments[0]` and reports the ms until the rows changed and a frame was painted.
fn timed_click_js() -> String {
    format!(
        r#"const [button, done] = [arguments[0], arguments[arguments.length - 1]];
const rows = () => {ROWS_JS};
const before = rows();
const t0 = performance.now();
const observer = new MutationObserver(() => {{
  if (rows() !== before && rows() !== '') {{
    observer.disconnect();
    requestAnimationFrame(() => done(performance.now() - t0));
  }}
}});
observer.observe(document.querySelector('main'), {{ subtree: true, childList: true, characterData: true }});
button.click();"#
    )
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn summary(values: &[f64]) -> Value {
    json!({ "median": median(values.to_vec()), "runs": values })
}

async fn rows(browser: &Browser) -> Result<String> {
    let value = browser.script(&format!("return {ROWS_JS}"), vec![]).await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

async fn wait_rows(browser: &Browser) -> Result {
    browser
        .eventually("rows", || async {
            Ok((!rows(browser).await?.is_empty()).then_some(()))
        })
        .await
}

/// Clicks the button named `name` and returns the ms until the rows changed.
async fn timed_click(browser: &Browser, name: &str) -> Result<f64> {
    let button = browser.find(Role::Button, name).await?;
    browser
        .eventually(&format!("{name} to be enabled"), || async {
            Ok(button.is_enabled().await?.then_some(()))
        })
        .await?;
    let ms = browser
        .client()
        .execute_async(&timed_click_js(), vec![serde_json::to_value(&button)?])
        .await
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(ms.as_f64().unwrap_or(f64::NAN))
}

/// Changes pages `count` times (Next, Previous, Next, …), each click waiting for the new
/// rows, entirely inside the page: WebDriver element references would keep replaced rows
/// alive until the page unloads and so inflate the memory figures.
async fn page_changes_in_page(browser: &Browser, count: u32) -> Result {
    const CHUNK: u32 = 40;
    let script = format!(
        r#"const [count, done] = [arguments[0], arguments[arguments.length - 1]];
const rows = () => {ROWS_JS};
let i = 0;
const step = () => {{
  if (i === count) return done(true);
  const name = i % 2 === 0 ? 'Next page' : 'Previous page';
  const button = document.querySelector(`nav[aria-label="Pagination"] button[aria-label="${{name}}"]`);
  const before = rows();
  const observer = new MutationObserver(() => {{
    if (rows() !== before && rows() !== '') {{
      observer.disconnect();
      i += 1;
      setTimeout(step, 0);
    }}
  }});
  observer.observe(document.querySelector('main'), {{ subtree: true, childList: true, characterData: true }});
  button.click();
}};
step();"#
    );
    let mut left = count;
    while left > 0 {
        // An even chunk ends on the page it started from, so chunks alternate correctly.
        let chunk = if left > CHUNK { CHUNK } else { left };
        browser
            .client()
            .execute_async(&script, vec![json!(chunk)])
            .await
            .map_err(|e| format!("page changes: {e}"))?;
        left -= chunk;
    }
    Ok(())
}

/// The ms from the start of the navigation to the first row.
async fn first_row_ms(browser: &Browser) -> Result<f64> {
    let at = browser
        .script(
            "const first = performance.getEntriesByType('navigation')[0];\
             return window.benchFirstRowAt - (first ? first.startTime : 0);",
            vec![],
        )
        .await?;
    Ok(at.as_f64().unwrap_or(f64::NAN))
}

/// A returning visitor: loads the list with the HTTP and code cache from earlier visits.
async fn warm_load(browser: &Browser) -> Result<f64> {
    browser.goto("/tokens").await?;
    wait_rows(browser).await?;
    first_row_ms(browser).await
}

/// Chromium's network emulation for a throttled run: 150 ms round trip, 1.6 Mbit/s down,
/// 750 kbit/s up (bytes per second).
fn fast_3g() -> Value {
    json!({ "offline": false, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 93_750 })
}

/// At document start on the app's origin: puts back `entries` (`[key, value]` pairs) into
/// `sessionStorage` unless the page already has them.
fn restore_js(origin: &str, entries: &Value) -> String {
    format!(
        "if (location.origin === {origin}) for (const [key, value] of {entries}) \
         if (sessionStorage.getItem(key) === null) sessionStorage.setItem(key, value);",
        origin = json!(origin),
    )
}

/// The same-origin files a visit loaded (the document and every resource, not API calls).
const LOADED_FILES_JS: &str = "return [...performance.getEntriesByType('navigation'), \
    ...performance.getEntriesByType('resource')]\
    .filter(e => e.name.startsWith(location.origin) && !/\\/(ai-service|oauth)\\//.test(e.name))\
    .map(e => ({ path: new URL(e.name).pathname, encoded: e.encodedBodySize, transferred: e.transferSize }));";

/// One first visit of `path` in a new browser: the ms to the first row, the files loaded
/// and the URL of the first list request the page sent (if it used `fetch`).
async fn first_visit(
    app: &str,
    path: &str,
    stored: &Value,
    throttled: bool,
) -> Result<(f64, Value, Value)> {
    let browser = Browser::fresh(app).await?;
    browser.on_every_page(&restore_js(app, stored)).await?;
    browser.on_every_page(INSTRUMENT_JS).await?;
    browser.devtools("Network.enable", json!({})).await?;
    if throttled {
        browser
            .devtools("Network.emulateNetworkConditions", fast_3g())
            .await?;
    }
    browser.goto(path).await?;
    wait_rows(&browser).await?;
    let ms = first_row_ms(&browser).await?;
    let files = browser.script(LOADED_FILES_JS, vec![]).await?;
    let list_url = browser
        .script("return window.benchListUrl ?? null", vec![])
        .await?;
    browser.close().await?;
    Ok((ms, files, list_url))
}

/// The pages whose cold loads alternate: the app's list, the baseline page, the Leptos floor.
const COLD_PAGES: [&str; 3] = ["/tokens", "/baseline.html", "/floor/"];
/// The floor in [`COLD_PAGES`].
const FLOOR: usize = 2;

/// Cold loads of [`COLD_PAGES`], alternating, on loopback and throttled. `list_url` is the
/// app's first list request, which the floor must send too.
async fn cold_loads(app: &str, stored: &Value, list_url: &Value, runs: usize) -> Result<Value> {
    let mut times: [[Vec<f64>; 3]; 2] = Default::default();
    let mut files: [Value; 3] = Default::default();
    for _ in 0..runs {
        for (throttled, times) in [false, true].into_iter().zip(&mut times) {
            for (page, path) in COLD_PAGES.into_iter().enumerate() {
                let (ms, loaded, sent) = first_visit(app, path, stored, throttled).await?;
                if page == FLOOR && sent != *list_url {
                    return Err(format!(
                        "the Leptos floor sent {sent}, not the app's first list request {list_url}"
                    )
                    .into());
                }
                times[page].push(ms);
                if files[page].is_null() {
                    files[page] = loaded;
                }
            }
        }
    }
    let [[app_ms, baseline_ms, floor_ms], [app_3g, baseline_3g, floor_3g]] = &times;
    let [app_files, _, floor_files] = files;
    Ok(json!({
        "app_ms": summary(app_ms),
        "baseline_ms": summary(baseline_ms),
        "floor_ms": summary(floor_ms),
        "app_fast_3g_ms": summary(app_3g),
        "baseline_fast_3g_ms": summary(baseline_3g),
        "floor_fast_3g_ms": summary(floor_3g),
        "fast_3g": fast_3g(),
        "first_visit_files": app_files,
        "floor_first_visit_files": floor_files,
    }))
}

/// The extension's files a page loaded (under `/ext/`).
const EXTENSION_FILES_JS: &str = "return performance.getEntriesByType('resource')\
    .map(e => new URL(e.name)).filter(u => u.origin === location.origin && u.pathname.startsWith('/ext/'))\
    .map(u => ({ path: u.pathname }));";

/// The extension mounted in the test host served from `site`, a new browser each run.
async fn extension_in_host(site: &Path, runs: usize) -> Result<Value> {
    let emulator = Emulator::serving(site, &["--seed-tokens", "10000"]).await?;
    let config = json!({
        "remoteEntry": format!("{}/ext/assets/remoteEntry.js", emulator.url),
        "packageName": "tokenadmin",
        "apiUrl": emulator.url,
        "tenant": TENANT,
        "clientId": ADMIN.0,
        "clientSecret": ADMIN.1,
        "language": "en",
    });
    std::fs::write(site.join("host-config.json"), config.to_string())?;
    let mut times = Vec::new();
    let mut files = Value::Null;
    for _ in 0..runs {
        let browser = Browser::fresh(&emulator.url).await?;
        browser.goto("/").await?;
        let ms = browser
            .eventually("the extension's first row in the host", || async {
                let first = browser
                    .script(
                        "return window.hostTimings?.mounts?.[0]?.firstRow ?? null",
                        vec![],
                    )
                    .await?;
                Ok(first.as_f64())
            })
            .await?;
        times.push(ms);
        if files.is_null() {
            files = browser.script(EXTENSION_FILES_JS, vec![]).await?;
        }
        browser.close().await?;
    }
    Ok(json!({ "mount_to_first_row_ms": summary(&times), "files": files }))
}

/// The ms the page's main thread works for one page change to `name`: the click's task (the
/// handler and the microtasks it starts, up to sending the request) plus the task that reads
/// the response (decoding and rendering the rows); not the wait for the network, nor the
/// browser's style, layout and paint afterwards. Each part ends when a message posted at its
/// start is delivered, i.e. when the thread is free again; no profiler runs, whose sampling
/// (far coarser than asked for on a busy machine) would both slow the work and miscount it.
async fn page_change_scripting(browser: &Browser, name: &str) -> Result<f64> {
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
const first = () => document.querySelector('tbody tr a[href^="/tokens/"]')?.textContent;
const before = first();
window.benchObserver.disconnect();
window.benchRead = null;
const t0 = performance.now();
let clickDone = null;
window.benchWhenFree(() => {{ clickDone = performance.now(); }});
document.querySelector(`nav[aria-label="Pagination"] button[aria-label="{name}"]`).click();
const poll = () => {{
  const read = window.benchRead;
  if (!first() || first() === before || clickDone === null || !read || read.done === null) {{
    return requestAnimationFrame(poll);
  }}
  window.benchObserve();
  done(clickDone - t0 + read.done - read.at);
}};
requestAnimationFrame(poll);"#
    );
    let ms = browser
        .client()
        .execute_async(&script, vec![])
        .await
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(ms.as_f64().unwrap_or(f64::NAN))
}

/// The pager button of the `i`th page change: forth, then back.
fn page_step(i: usize) -> &'static str {
    if i.is_multiple_of(2) {
        "Next page"
    } else {
        "Previous page"
    }
}

/// [`page_change_scripting`] for `runs` page changes of `path`, forth and back.
async fn page_changes_scripting(browser: &Browser, path: &str, runs: usize) -> Result<Vec<f64>> {
    browser.goto(path).await?;
    wait_rows(browser).await?;
    let mut times = Vec::new();
    for i in 0..runs {
        times.push(page_change_scripting(browser, page_step(i)).await?);
    }
    Ok(times)
}

/// JS heap after a garbage collection plus the wasm linear memory, in bytes.
async fn memory(browser: &Browser) -> Result<(f64, f64)> {
    browser
        .devtools("HeapProfiler.collectGarbage", json!({}))
        .await?;
    let heap = browser.devtools("Runtime.getHeapUsage", json!({})).await?;
    let wasm = browser
        .script(
            "return window.benchWasm ? window.benchWasm.memory.buffer.byteLength : 0",
            vec![],
        )
        .await?;
    Ok((
        heap["usedSize"].as_f64().unwrap_or(f64::NAN),
        wasm.as_f64().unwrap_or(f64::NAN),
    ))
}

/// Types a 10-character query; returns (fetches sent, ms from the last key to the results).
async fn typed_search(browser: &Browser) -> Result<(f64, f64)> {
    const QUERY: &str = "taging key";
    browser.goto("/tokens").await?;
    wait_rows(browser).await?;
    let before = browser.script("return window.benchFetches", vec![]).await?;
    let field = browser.find(Role::Field, "Search tokens").await?;
    field.send_keys(QUERY).await?;
    browser.wait_for_path("/tokens?q=taging%20key").await?;
    browser
        .eventually("the search results", || async {
            let all_match = browser
                .script(
                    "const rows = [...document.querySelectorAll('tbody tr')].map(r => r.innerText);\
                     return rows.length > 0 && rows.every(r => r.includes(arguments[0]));",
                    vec![QUERY.into()],
                )
                .await?;
            Ok((all_match == true).then_some(()))
        })
        .await?;
    let after = browser
        .script(
            "return [window.benchFetches, window.benchRowsAt - window.benchInputAt]",
            vec![],
        )
        .await?;
    let sent = after[0].as_f64().unwrap_or(f64::NAN) - before.as_f64().unwrap_or(0.0);
    Ok((sent, after[1].as_f64().unwrap_or(f64::NAN)))
}

fn flag(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() -> Result {
    let runs: usize = flag("--runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(7)
        .max(5);
    let emulator = Emulator::start_with(&["--seed-tokens", "10000"]).await?;
    let browser = Browser::open(&emulator.url).await?;
    browser.on_every_page(INSTRUMENT_JS).await?;
    browser.devtools("Network.enable", json!({})).await?;
    sign_in(&browser, &emulator, ADMIN).await?;

    // What a first-time visitor who signed in before has: the app's stored session, and
    // for the baseline page the app's first list request and a bearer token.
    browser.goto("/tokens").await?;
    wait_rows(&browser).await?;
    let list_url = browser.script("return window.benchListUrl", vec![]).await?;
    let baseline = json!({ "url": list_url, "token": emulator.access_token(ADMIN).await? });
    let mut stored = browser
        .script("return Object.entries(sessionStorage)", vec![])
        .await?;
    if let Some(entries) = stored.as_array_mut() {
        entries.push(json!(["bench.baseline", baseline.to_string()]));
    }

    let mut warm = Vec::new();
    for _ in 0..runs {
        warm.push(warm_load(&browser).await?);
    }

    browser.goto("/tokens").await?;
    wait_rows(&browser).await?;
    browser.click(Role::Button, "Name").await?;
    browser.wait_for_path("/tokens?sort=name%3Aasc").await?;
    wait_rows(&browser).await?;
    let mut sort = Vec::new();
    for _ in 0..runs {
        sort.push(timed_click(&browser, "Name").await?);
    }

    let mut page = Vec::new();
    for i in 0..runs {
        page.push(timed_click(&browser, page_step(i)).await?);
    }

    let render_100 = page_changes_scripting(&browser, "/tokens?size=100", runs).await?;
    // The same in the Leptos floor, signed in as its cold loads are.
    browser
        .script(
            "sessionStorage.setItem('bench.baseline', arguments[0])",
            vec![baseline.to_string().into()],
        )
        .await?;
    let floor_100 = page_changes_scripting(&browser, "/floor/?size=100", runs).await?;

    let mut sent = Vec::new();
    let mut search = Vec::new();
    for _ in 0..runs {
        let (requests, ms) = typed_search(&browser).await?;
        sent.push(requests);
        search.push(ms);
    }

    browser.goto("/tokens").await?;
    wait_rows(&browser).await?;
    page_changes_in_page(&browser, 1).await?;
    let (heap_1, wasm_1) = memory(&browser).await?;
    page_changes_in_page(&browser, 199).await?;
    let (heap_200, wasm_200) = memory(&browser).await?;
    let growth = (heap_200 + wasm_200) / (heap_1 + wasm_1) * 100.0 - 100.0;
    browser.close().await?;

    let cold = cold_loads(&emulator.url, &stored, &list_url, runs).await?;
    let extension = match flag("--host-site") {
        Some(site) => extension_in_host(Path::new(&site), runs).await?,
        None => Value::Null,
    };

    let report = json!({
        "runs": runs,
        "cold_load_to_first_row": cold,
        "warm_load_to_first_row_ms": summary(&warm),
        "extension_in_host": extension,
        "sort_click_to_rows_ms": summary(&sort),
        "page_change_to_rows_ms": summary(&page),
        "render_100_rows_scripting_ms": summary(&render_100),
        "floor_render_100_rows_scripting_ms": summary(&floor_100),
        "typed_query_10_chars": { "requests": summary(&sent), "last_key_to_results_ms": summary(&search) },
        "memory": {
            "after_1_page_change": { "js_heap": heap_1, "wasm": wasm_1 },
            "after_200_page_changes": { "js_heap": heap_200, "wasm": wasm_200 },
            "growth_percent": growth,
        },
    });
    let text = serde_json::to_string_pretty(&report)?;
    match flag("--out") {
        Some(path) => std::fs::write(path, text)?,
        None => println!("{text}"),
    }
    Ok(())
}
