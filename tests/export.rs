//! Exporting the token list's search, and copying a token's id, against the real emulator
//! (started by `cargo xtask test`, its URL compiled in as `EMULATOR_URL`), in headless
//! Chromium. The export tests create 105 `exp-…` tokens (more than one export page of 100)
//! and delete them again, because later suites on the same emulator count the seeded
//! tokens. The download is caught by wrapping `URL.createObjectURL` and the link's click.
#![cfg(target_arch = "wasm32")]

mod support;

use std::collections::BTreeSet;

use ai_client::{Client, Secret, TokenDraft};
use support::csv;
use support::*;
use token_admin::App;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// How many tokens the export tests create: two export pages.
const PROBES: usize = 105;
/// The list page searching for them, ten rows a page.
const SEARCH: &str = "/tokens?q=Export%20probe&size=10";
/// The name of the last probe: a formula, quotes, a comma, umlauts, right-to-left text and emoji.
const HOSTILE: &str = "=Export probe \"104\", Grüße שלום 🎉";

fn probe_id(i: usize) -> String {
    format!("exp-{i:03}")
}

fn probe_secret(i: usize) -> String {
    format!("sk-export-secret-{i:03}")
}

/// The 105 probe tokens, created for one test and deleted when it ends.
struct Probes {
    api: Client,
}

impl Probes {
    async fn create() -> Self {
        let api = admin_client().await;
        for i in 0..PROBES {
            let name = if i == PROBES - 1 {
                HOSTILE.to_owned()
            } else {
                format!("Export probe {i:03}")
            };
            let _ = api.delete_token(&probe_id(i), true).await;
            api.put_token(
                &probe_id(i),
                &TokenDraft::create(name, Secret::new(probe_secret(i))),
            )
            .await
            .unwrap_or_else(|e| panic!("creating {}: {e}", probe_id(i)));
        }
        Self { api }
    }

    fn ids() -> BTreeSet<String> {
        (0..PROBES).map(probe_id).collect()
    }

    async fn delete(self) {
        for i in 0..PROBES {
            self.api.delete_token(&probe_id(i), true).await.unwrap();
        }
    }
}

/// Catches downloads: `URL.createObjectURL` remembers each Blob, and a click on a link to
/// a `blob:` URL is recorded instead of saving a file. Put back on drop.
struct Downloads {
    handle: JsValue,
}

/// One caught download.
struct Download {
    file_name: String,
    media_type: String,
    bytes: Vec<u8>,
}

impl Download {
    fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("UTF-8")
    }
}

impl Downloads {
    fn catch() -> Self {
        let install = js_sys::Function::new_no_args(
            r#"
            const createObjectURL = URL.createObjectURL;
            const click = HTMLAnchorElement.prototype.click;
            const state = { blobs: new Map(), clicks: [] };
            URL.createObjectURL = function (object) {
                const url = createObjectURL.call(URL, object);
                state.blobs.set(url, object);
                return url;
            };
            HTMLAnchorElement.prototype.click = function () {
                if (!this.href.startsWith("blob:")) return click.call(this);
                state.clicks.push({ blob: state.blobs.get(this.href), name: this.download });
            };
            state.restore = () => {
                URL.createObjectURL = createObjectURL;
                HTMLAnchorElement.prototype.click = click;
            };
            return state;
            "#,
        );
        Self {
            handle: install.call0(&JsValue::NULL).unwrap(),
        }
    }

    fn clicks(&self) -> js_sys::Array {
        js_sys::Reflect::get(&self.handle, &"clicks".into())
            .unwrap()
            .unchecked_into()
    }

    fn count(&self) -> u32 {
        self.clicks().length()
    }

    /// The download number `n` (from 0), read back from its Blob.
    async fn get(&self, n: u32) -> Download {
        let click = self.clicks().get(n);
        let field = |name: &str| js_sys::Reflect::get(&click, &name.into()).unwrap();
        let blob: web_sys::Blob = field("blob").unchecked_into();
        let buffer = JsFuture::from(blob.array_buffer()).await.unwrap();
        Download {
            file_name: field("name").as_string().unwrap(),
            media_type: blob.type_(),
            bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
        }
    }
}

impl Drop for Downloads {
    fn drop(&mut self) {
        call_method(&self.handle, "restore");
    }
}

/// Wraps `window.fetch`: records every request as `METHOD URL`, and holds requests whose
/// URL contains `hold` until released (rejecting them with an `AbortError` when their
/// signal aborts). Put back on drop.
struct FetchGate {
    handle: JsValue,
}

impl FetchGate {
    fn holding(hold: &str) -> Self {
        let install = js_sys::Function::new_with_args(
            "hold",
            r#"
            const original = globalThis.fetch;
            const state = { calls: [], held: [], aborted: 0 };
            globalThis.fetch = function (input, init) {
                const request = input instanceof Request ? input : new Request(input, init);
                state.calls.push(request.method + " " + request.url);
                if (!hold || !request.url.includes(hold)) return original.call(globalThis, request);
                return new Promise((resolve, reject) => {
                    state.held.push(() => resolve(original.call(globalThis, request)));
                    request.signal.addEventListener("abort", () => {
                        state.aborted += 1;
                        reject(new DOMException("The request was aborted.", "AbortError"));
                    });
                });
            };
            state.release = () => { hold = null; state.held.splice(0).forEach((go) => go()); };
            state.restore = () => { globalThis.fetch = original; };
            return state;
            "#,
        );
        Self {
            handle: install.call1(&JsValue::NULL, &hold.into()).unwrap(),
        }
    }

    fn calls(&self) -> Vec<String> {
        let calls: js_sys::Array = js_sys::Reflect::get(&self.handle, &"calls".into())
            .unwrap()
            .unchecked_into();
        calls.iter().filter_map(|c| c.as_string()).collect()
    }

    fn held(&self) -> u32 {
        js_sys::Reflect::get(&self.handle, &"held".into())
            .unwrap()
            .unchecked_into::<js_sys::Array>()
            .length()
    }

    fn aborted(&self) -> f64 {
        js_sys::Reflect::get(&self.handle, &"aborted".into())
            .unwrap()
            .as_f64()
            .unwrap()
    }
}

impl Drop for FetchGate {
    fn drop(&mut self) {
        call_method(&self.handle, "release");
        call_method(&self.handle, "restore");
    }
}

/// The token list at `path`, signed in as the viewer (exporting only reads).
async fn list(path: &str) -> Mounted {
    sign_in_to_emulator(VIEWER).await;
    let app = Mounted::at(path, App).await;
    app.wait_for_heading("Tokens").await;
    app
}

/// Opens the export dialog and waits for the count of `expected` tokens.
async fn open_export(app: &Mounted, expected: &str) -> Element {
    wait_until("the Export button", || app.button("Export…").is_some()).await;
    app.button("Export…").unwrap().click();
    wait_until("the export dialog", || {
        app.dialog("Export tokens").is_some()
    })
    .await;
    let dialog = app.dialog("Export tokens").unwrap();
    let count = format!("Tokens to export: {expected}");
    wait_until(&count, || text(&dialog).contains(&count)).await;
    dialog
}

fn start(app: &Mounted) {
    app.button("Start export")
        .expect("a Start export button")
        .click();
}

/// The texts of the polite live regions.
fn announcements(app: &Mounted) -> String {
    app.all("[role=status]")
        .iter()
        .map(text)
        .collect::<Vec<_>>()
        .join(" | ")
}

async fn wait_for_announcement(app: &Mounted, message: &str) {
    wait_until(&format!("“{message}” announced"), || {
        announcements(app).contains(message)
    })
    .await;
}

/// The progress bar and its accessible name.
fn progress(app: &Mounted) -> Option<(Element, String)> {
    let bar = app.all("progress").into_iter().next()?;
    let name = label_of(&bar)?;
    Some((bar, name))
}

/// Checks a CSV export of the probes: BOM, header, every probe once, no value anywhere.
fn assert_probe_csv(download: &Download) {
    assert_eq!(&download.bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a BOM");
    let file = download.text();
    for i in 0..PROBES {
        assert!(
            !file.contains(&probe_secret(i)),
            "a token value in the file"
        );
    }
    let records = csv::read(&file).expect("a well-formed CSV file");
    assert_eq!(
        records[0],
        ["id", "name", "created", "modified", "version", "used by"]
    );
    let ids: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    let unique: BTreeSet<String> = ids.iter().map(|id| (*id).to_owned()).collect();
    assert_eq!(ids.len(), PROBES, "every row once");
    assert_eq!(unique, Probes::ids());
    let hostile = records
        .iter()
        .find(|r| r[0] == probe_id(PROBES - 1))
        .unwrap();
    assert_eq!(
        hostile[1],
        format!("'{HOSTILE}"),
        "the formula is neutralised"
    );
    assert_eq!(hostile[4], "1");
    assert!(hostile[2].starts_with("20") && hostile[2].ends_with('Z'));
}

#[wasm_bindgen_test]
async fn exports_every_page_of_the_search_once_as_csv_and_json_without_values() {
    let probes = Probes::create().await;
    let downloads = Downloads::catch();
    let fetches = FetchGate::holding("");
    let app = list(SEARCH).await;

    open_export(&app, "105").await;
    let csv = app.radio("CSV, for spreadsheets").expect("a CSV radio");
    assert!(csv.checked(), "CSV is the default");
    start(&app);
    wait_for_announcement(&app, "Exported 105 tokens").await;
    assert!(app.dialog("Export tokens").is_none(), "the dialog closes");
    assert_eq!(downloads.count(), 1);
    let file = downloads.get(0).await;
    assert!(
        file.file_name.starts_with("tokens-demo-") && file.file_name.ends_with(".csv"),
        "{}",
        file.file_name
    );
    assert_eq!(file.file_name.len(), "tokens-demo-20250101-0000.csv".len());
    assert_eq!(file.media_type, "text/csv;charset=utf-8");
    assert_probe_csv(&file);

    // The token pages: the list's search, 100 a page, in order, never asking for values.
    let pages: Vec<String> = fetches
        .calls()
        .into_iter()
        .filter(|c| c.contains("/tokens/search") && c.contains("pageSize=100"))
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[0].starts_with("POST ") && pages[0].contains("pageNumber=1"));
    assert!(pages[1].contains("pageNumber=2"));
    for call in fetches.calls() {
        assert!(!call.to_lowercase().contains("value"), "{call}");
    }

    open_export(&app, "105").await;
    app.radio("JSON, for scripts").unwrap().click();
    start(&app);
    wait_until("a second download", || downloads.count() == 2).await;
    let file = downloads.get(1).await;
    assert!(file.file_name.ends_with(".json"), "{}", file.file_name);
    assert_eq!(file.media_type, "application/json;charset=utf-8");
    let text = file.text();
    assert!(!text.contains("sk-export-secret"));
    let rows: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let rows = rows.as_array().expect("an array");
    let ids: BTreeSet<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!((rows.len(), ids), (PROBES, Probes::ids()));
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["created", "id", "modified", "name", "usedBy", "version"]
    );
    assert!(rows.iter().any(|r| r["name"] == HOSTILE));

    drop(app);
    probes.delete().await;
}

#[wasm_bindgen_test]
async fn each_token_lists_the_agents_tools_mcp_servers_and_oauth_configurations_using_it() {
    let downloads = Downloads::catch();
    let app = list(
        "/tokens?q=id%3A(openai-prod%2Cgithub-mcp%2Cqa-smoke%2Cqdrant-rag%2Csap-commerce-mcp)&raw=1&sort=id:asc",
    )
    .await;
    open_export(&app, "5").await;
    start(&app);
    wait_for_announcement(&app, "Exported 5 tokens").await;
    let file = downloads.get(0).await.text();
    let records = csv::read(&file).expect("a well-formed CSV file");
    let used_by: Vec<(&str, &str)> = records[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        used_by,
        [
            ("github-mcp", "mcp:github-tools"),
            ("openai-prod", "agent:support-agent"),
            ("qa-smoke", ""),
            ("qdrant-rag", "tool:product-rag"),
            ("sap-commerce-mcp", "oauth:vllm-gateway-oauth")
        ]
    );
}

#[wasm_bindgen_test]
async fn with_the_unused_filter_only_the_unreferenced_tokens_are_exported() {
    let downloads = Downloads::catch();
    let app = list(
        "/tokens?q=id%3A(openai-prod%2Cgithub-mcp%2Cqa-smoke%2Cqdrant-rag%2Csap-commerce-mcp)&raw=1&unused=1",
    )
    .await;
    open_export(&app, "1").await;
    start(&app);
    wait_for_announcement(&app, "Exported 1 token").await;
    let records = csv::read(&downloads.get(0).await.text()).expect("a CSV file");
    let ids: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["qa-smoke"]);
    assert_eq!(records[1][5], "");
}

#[wasm_bindgen_test]
async fn an_unreadable_list_of_users_stops_the_export_and_says_which() {
    let downloads = Downloads::catch();
    let fault = FetchFault::new(
        "GET",
        "/agentic/tools?",
        403,
        r#"{"code":403,"message":"Missing scope."}"#,
    );
    let app = list("/tokens?q=id%3Aqdrant-rag&raw=1").await;
    let dialog = open_export(&app, "1").await;
    start(&app);
    // In the dialog: the list's Used by column names the same list above the table.
    wait_until("the reason", || {
        text(&dialog)
            .contains("Could not check tools: You are not allowed to do this. Missing scope.")
    })
    .await;
    assert_eq!(downloads.count(), 0, "no file with an incomplete “used by”");

    fault.stop_failing();
    app.button("Retry").expect("a Retry button").click();
    wait_for_announcement(&app, "Exported 1 token").await;
    let records = csv::read(&downloads.get(0).await.text()).expect("a CSV file");
    assert_eq!(records[1][5], "tool:product-rag");
}

#[wasm_bindgen_test]
async fn progress_is_shown_and_cancel_stops_the_export() {
    let probes = Probes::create().await;
    let downloads = Downloads::catch();
    let gate = FetchGate::holding("pageNumber=2");
    let app = list(SEARCH).await;
    open_export(&app, "105").await;
    start(&app);

    wait_until("page 2 asked for", || gate.held() == 1).await;
    wait_until("the progress bar at 100 of 105", || {
        progress(&app).is_some_and(|(_, name)| name == "Exporting… 100 of 105")
    })
    .await;
    let (bar, _) = progress(&app).unwrap();
    assert_eq!(bar.get_attribute("value").as_deref(), Some("100"));
    assert_eq!(bar.get_attribute("max").as_deref(), Some("105"));
    assert_eq!(focused_name(), "Cancel export");

    app.button("Cancel export").unwrap().click();
    wait_for_announcement(&app, "Export cancelled").await;
    assert!(app.dialog("Export tokens").is_none());
    wait_until("the held request aborted", || gate.aborted() == 1.0).await;
    assert_eq!(downloads.count(), 0, "nothing is saved");

    drop(app);
    drop(gate);
    probes.delete().await;
}

#[wasm_bindgen_test]
async fn a_failed_page_shows_the_error_and_retry_resumes_where_it_stopped() {
    let probes = Probes::create().await;
    let downloads = Downloads::catch();
    let fault = FetchFault::new(
        "POST",
        "pageNumber=2",
        503,
        r#"{"code":503,"status":"Service Unavailable","message":"Try later."}"#,
    );
    let app = list(SEARCH).await;
    // The list's own reading of the users (for its Used by column) comes first.
    wait_until("the list's Used by", || {
        !app.all("td.col-used-by").is_empty() && app.all(".used-by-pending").is_empty()
    })
    .await;
    let before = fault.calls().len();
    let dialog = open_export(&app, "105").await;
    start(&app);

    wait_until("an alert in the dialog", || {
        dialog
            .query_selector("[role=alert]")
            .unwrap()
            .is_some_and(|alert| text(&alert).contains("The export stopped"))
    })
    .await;
    assert!(app.alert_text().contains("503") || app.alert_text().contains("Try later"));
    assert_eq!(downloads.count(), 0);

    fault.stop_failing();
    app.button("Retry").expect("a Retry button").click();
    wait_for_announcement(&app, "Exported 105 tokens").await;
    assert_probe_csv(&downloads.get(0).await);
    let calls = &fault.calls()[before..];
    let count = |part: &str| calls.iter().filter(|c| c.url.contains(part)).count();
    assert_eq!(
        count("/tokens/search?pageSize=100&pageNumber=1&"),
        1,
        "Retry resumes at the failed page"
    );
    assert_eq!(count("/tokens/search?pageSize=100&pageNumber=2&"), 2);
    for users in ["/agents?", "/tools?", "/mcp-servers?", "/oauths?"] {
        assert_eq!(count(users), 1, "{users} are read once");
    }

    drop(app);
    drop(fault);
    probes.delete().await;
}

#[wasm_bindgen_test]
async fn an_invalid_query_cannot_be_exported() {
    let app = list("/tokens?q=name%3A%22open&raw=1").await;
    app.button("Export…").expect("an Export button").click();
    wait_until("the export dialog", || {
        app.dialog("Export tokens").is_some()
    })
    .await;
    wait_until("the reason", || {
        app.alert_text().contains("not a valid query")
    })
    .await;
    let start = app.button("Start export").unwrap();
    assert!(start
        .unchecked_ref::<web_sys::HtmlButtonElement>()
        .disabled());
}

/// Replaces `navigator.clipboard` with a fake whose `writeText` records the text and
/// resolves (or rejects, or is missing altogether). Put back on drop.
struct ClipboardStub {
    handle: JsValue,
}

impl ClipboardStub {
    /// `mode`: `"ok"`, `"refuse"` or `"missing"`.
    fn new(mode: &str) -> Self {
        let install = js_sys::Function::new_with_args(
            "mode",
            r#"
            const state = { written: [] };
            const clipboard = mode === "missing" ? undefined : {
                writeText(text) {
                    if (mode === "refuse") return Promise.reject(new DOMException("Denied", "NotAllowedError"));
                    state.written.push(text);
                    return Promise.resolve();
                },
            };
            Object.defineProperty(navigator, "clipboard", { value: clipboard, configurable: true });
            state.restore = () => { delete navigator.clipboard; };
            return state;
            "#,
        );
        Self {
            handle: install.call1(&JsValue::NULL, &mode.into()).unwrap(),
        }
    }

    fn written(&self) -> Vec<String> {
        js_sys::Reflect::get(&self.handle, &"written".into())
            .unwrap()
            .unchecked_into::<js_sys::Array>()
            .iter()
            .filter_map(|t| t.as_string())
            .collect()
    }
}

impl Drop for ClipboardStub {
    fn drop(&mut self) {
        call_method(&self.handle, "restore");
    }
}

async fn token_page() -> Mounted {
    sign_in_to_emulator(VIEWER).await;
    let app = Mounted::at("/tokens/qa-smoke", App).await;
    app.wait_for_heading("QA smoke-test key").await;
    app
}

fn copy_button(app: &Mounted) -> web_sys::HtmlElement {
    app.button("Copy id qa-smoke")
        .expect("a button named “Copy id qa-smoke”")
}

#[wasm_bindgen_test]
async fn copy_id_puts_the_id_on_the_clipboard_and_says_so() {
    let clipboard = ClipboardStub::new("ok");
    let app = token_page().await;
    let button = copy_button(&app);
    assert_eq!(text(&button), "Copy id");
    button.click();
    wait_until("“Copied” on the button", || text(&button) == "Copied").await;
    assert_eq!(clipboard.written(), ["qa-smoke"]);
    wait_for_announcement(&app, "Id copied").await;
    wait_until("the button back to “Copy id”", || {
        text(&button) == "Copy id"
    })
    .await;
}

#[wasm_bindgen_test]
async fn without_a_clipboard_the_id_is_selected_for_copying_by_hand() {
    for mode in ["refuse", "missing"] {
        let _clipboard = ClipboardStub::new(mode);
        let app = token_page().await;
        copy_button(&app).click();
        wait_for_announcement(&app, "Could not copy — select the id and copy it").await;
        app.wait_for_text("Could not copy — select the id and copy it")
            .await;
        let selected = window()
            .get_selection()
            .unwrap()
            .unwrap()
            .to_string()
            .as_string()
            .unwrap_or_default();
        assert_eq!(selected, "qa-smoke", "{mode}");
        assert_eq!(text(&copy_button(&app)), "Copy id", "{mode}");
    }
}
