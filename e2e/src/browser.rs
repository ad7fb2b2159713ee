//! One headless Chromium, driven through its own ChromeDriver, seen the way a screen reader
//! sees it: controls are found by role and by the accessible name Chromium computes.

use std::process::Stdio;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::elements::{Element, ElementRef};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
use tokio::process::Command;

use crate::network::{self, Request};
use crate::paths::{chromedriver_bin, repo_root, require, screenshot_dir};
use crate::process::{free_port, Owned};
pub use crate::roles::Role;
use crate::roles::{CANDIDATES_JS, ROOTS_JS};
use crate::webdriver::{accessible_name, devtools, take_console, take_log};
use crate::Result;

/// How long a wait for something on the page may take (`E2E_TIMEOUT_MS`, default 15 s).
fn patience() -> Duration {
    let ms = std::env::var("E2E_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15_000);
    Duration::from_millis(ms)
}

/// Runs at the start of every document: reports Content-Security-Policy violations to the
/// console, where the harness collects them with everything else.
const PROBE_JS: &str = "document.addEventListener('securitypolicyviolation', e => \
    console.error('CSP violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline')));";

/// A browser on the app at `app` (the emulator's URL).
pub struct Browser {
    client: Client,
    app: String,
    console: Mutex<Vec<(String, String)>>,
    requests: Mutex<Vec<Request>>,
    _driver: Owned,
}

impl Browser {
    /// Starts ChromeDriver and headless Chromium (in US English), and opens the app's start
    /// page.
    pub async fn open(app: &str) -> Result<Self> {
        Self::start(app, None).await
    }

    /// Like [`Browser::open`], with the browser's preferred language (`navigator.language`,
    /// `Accept-Language`) set to `lang`, e.g. `de-DE`.
    pub async fn open_in_language(app: &str, lang: &str) -> Result<Self> {
        Self::start(app, Some(lang)).await
    }

    /// Starts ChromeDriver and headless Chromium on a new profile (nothing cached) that has
    /// loaded nothing yet: a first-time visitor before typing the address.
    pub async fn fresh(app: &str) -> Result<Self> {
        Self::launch(app, None).await
    }

    async fn start(app: &str, lang: Option<&str>) -> Result<Self> {
        let browser = Self::launch(app, lang).await?;
        browser.goto("/").await?;
        Ok(browser)
    }

    async fn launch(app: &str, lang: Option<&str>) -> Result<Self> {
        let (driver, webdriver_url) = start_chromedriver().await?;
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities(lang)?)
            .connect(&webdriver_url)
            .await?;
        let browser = Self {
            client,
            app: app.trim_end_matches('/').to_owned(),
            console: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
            _driver: driver,
        };
        browser.on_every_page(PROBE_JS).await?;
        Ok(browser)
    }

    /// Runs `js` at the start of every document loaded from now on.
    pub async fn on_every_page(&self, js: &str) -> Result {
        devtools(
            &self.client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": js }),
        )
        .await?;
        Ok(())
    }

    /// Runs the DevTools Protocol command `cmd` with `params`.
    pub async fn devtools(&self, cmd: &str, params: Value) -> Result<Value> {
        devtools(&self.client, cmd, params).await
    }

    /// The WebDriver client, for what this wrapper does not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Loads `path` (with its query) of the app, as typing it in the address bar would.
    pub async fn goto(&self, path: &str) -> Result {
        self.client.goto(&format!("{}{path}", self.app)).await?;
        Ok(())
    }

    /// The current address: path, query and fragment.
    pub async fn path(&self) -> Result<String> {
        let url = self.client.current_url().await?;
        let mut path = url.path().to_owned();
        if let Some(query) = url.query() {
            path = format!("{path}?{query}");
        }
        Ok(path)
    }

    /// The current fragment with its `#` (where an embedded app keeps its address); empty
    /// when there is none.
    pub async fn fragment(&self) -> Result<String> {
        let url = self.client.current_url().await?;
        Ok(url.fragment().map(|f| format!("#{f}")).unwrap_or_default())
    }

    /// Waits until the fragment is `expected` (with its `#`).
    pub async fn wait_for_fragment(&self, expected: &str) -> Result {
        self.eventually(&format!("the fragment to be {expected}"), || async {
            Ok((self.fragment().await? == expected).then_some(()))
        })
        .await
    }

    /// Waits until the address is `expected` (path and query).
    pub async fn wait_for_path(&self, expected: &str) -> Result {
        self.eventually(&format!("the address to be {expected}"), || async {
            Ok((self.path().await? == expected).then_some(()))
        })
        .await
    }

    /// Goes Back in history.
    pub async fn back(&self) -> Result {
        Ok(self.client.back().await?)
    }

    /// Goes Forward in history.
    pub async fn forward(&self) -> Result {
        Ok(self.client.forward().await?)
    }

    /// Polls `check` until it yields `Some`, failing after the patience runs out.
    pub async fn eventually<T, F, Fut>(&self, what: &str, mut check: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + patience();
        loop {
            if let Some(found) = check().await? {
                return Ok(found);
            }
            if Instant::now() > deadline {
                let text = self.body_text().await.unwrap_or_default();
                let shown: String = text.chars().take(1500).collect();
                return Err(
                    format!("timed out waiting for {what}; the page shows:\n{shown}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Every visible element with `role`, with its accessible name.
    pub async fn all(&self, role: Role) -> Result<Vec<(Element, String)>> {
        self.candidates(role, None).await
    }

    /// The accessible names of every visible element with `role`.
    pub async fn names(&self, role: Role) -> Result<Vec<String>> {
        Ok(self
            .all(role)
            .await?
            .into_iter()
            .map(|(_, name)| name)
            .collect())
    }

    async fn candidates(&self, role: Role, name: Option<&str>) -> Result<Vec<(Element, String)>> {
        let found = self
            .client
            .execute(
                &format!("{ROOTS_JS}{CANDIDATES_JS}"),
                vec![json!(role.selector())],
            )
            .await?;
        let wanted = name.map(|n| n.to_lowercase());
        let mut out = Vec::new();
        for pair in found.as_array().into_iter().flatten() {
            let loose = pair[1].as_str().unwrap_or_default();
            if wanted.as_deref().is_some_and(|w| !loose.contains(w)) {
                continue;
            }
            let Some(element) = self.element(&pair[0]) else {
                continue;
            };
            // An element re-rendered meanwhile is simply skipped.
            let Ok(computed) = accessible_name(&element).await else {
                continue;
            };
            let computed = computed.trim().to_owned();
            if name.is_none_or(|n| n == computed) {
                out.push((element, computed));
            }
        }
        Ok(out)
    }

    fn element(&self, reference: &Value) -> Option<Element> {
        let id = reference.as_object()?.values().next()?.as_str()?;
        Some(Element::from_element_id(
            self.client.clone(),
            ElementRef::from(id.to_owned()),
        ))
    }

    /// The element with `role` and accessible name `name`, if it is there now.
    pub async fn query(&self, role: Role, name: &str) -> Result<Option<Element>> {
        Ok(self
            .candidates(role, Some(name))
            .await?
            .into_iter()
            .next()
            .map(|(e, _)| e))
    }

    /// Waits for the element with `role` and accessible name `name`.
    pub async fn find(&self, role: Role, name: &str) -> Result<Element> {
        self.eventually(&format!("{role:?} “{name}”"), || self.query(role, name))
            .await
    }

    /// Waits until no element with `role` and name `name` is visible.
    pub async fn wait_gone(&self, role: Role, name: &str) -> Result {
        self.eventually(&format!("{role:?} “{name}” to go"), || async {
            Ok(self.query(role, name).await?.is_none().then_some(()))
        })
        .await
    }

    /// Clicks the element with `role` and name `name` once it is there and enabled.
    pub async fn click(&self, role: Role, name: &str) -> Result {
        let element = self
            .eventually(&format!("{role:?} “{name}” to be enabled"), || async {
                match self.query(role, name).await? {
                    Some(e) if e.is_enabled().await? => Ok(Some(e)),
                    _ => Ok(None),
                }
            })
            .await?;
        // Centred, so a sticky header cannot cover it.
        self.script(
            "arguments[0].scrollIntoView({ block: 'center' })",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
        Ok(element.click().await?)
    }

    /// Replaces the text of the field labelled `label` by typing `text`.
    pub async fn fill(&self, label: &str, text: &str) -> Result {
        let field = self.find(Role::Field, label).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// The current value of the field labelled `label`.
    pub async fn value_of(&self, label: &str) -> Result<String> {
        let field = self.find(Role::Field, label).await?;
        Ok(field.prop("value").await?.unwrap_or_default())
    }

    /// The focused element, inside a shadow root too (where the document only sees the
    /// shadow root's host as focused).
    pub async fn focused(&self) -> Result<Element> {
        let found = self
            .script(
                "let a = document.activeElement;\
                 while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;\
                 return a;",
                vec![],
            )
            .await?;
        self.element(&found)
            .ok_or_else(|| "no element has the focus".into())
    }

    /// Presses `key` in the focused element.
    pub async fn press(&self, key: Key) -> Result {
        self.type_keys(&char::from(key).to_string()).await
    }

    /// Types `keys` into the focused element.
    pub async fn type_keys(&self, keys: &str) -> Result {
        self.focused().await?.send_keys(keys).await?;
        Ok(())
    }

    /// Waits for the page to ask a question (`confirm`), answers it — OK when `leave`,
    /// Cancel otherwise — and returns its text.
    pub async fn answer_question(&self, leave: bool) -> Result<String> {
        let asked = self
            .eventually("the page to ask a question", || async {
                Ok(self.client.get_alert_text().await.ok())
            })
            .await?;
        if leave {
            self.client.accept_alert().await?;
        } else {
            self.client.dismiss_alert().await?;
        }
        Ok(asked)
    }

    /// Presses Ctrl+K (the command palette) in the focused element.
    pub async fn ctrl_k(&self) -> Result {
        self.type_keys(&format!("{}k", char::from(Key::Control)))
            .await
    }

    /// The accessible name of the focused element.
    pub async fn focused_name(&self) -> Result<String> {
        let focused = self.focused().await?;
        Ok(accessible_name(&focused).await?.trim().to_owned())
    }

    /// The token ids the table's rows link to, top to bottom.
    pub async fn row_ids(&self) -> Result<Vec<String>> {
        let ids = self
            .script(
                &format!(
                    "{ROOTS_JS} return roots.flatMap(r => [...r.querySelectorAll(\
                     'tbody tr a[href^=\"/tokens/\"], tbody tr a[href^=\"#/tokens/\"]')])\
                     .map(a => a.textContent.trim());"
                ),
                vec![],
            )
            .await?;
        Ok(ids
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect())
    }

    /// The visible text of the page, and of every open shadow root in it.
    pub async fn body_text(&self) -> Result<String> {
        let text = self
            .script(
                &format!(
                    "{ROOTS_JS} return [document.body.innerText, ...roots.slice(1)\
                     .flatMap(r => [...r.children].map(c => c.innerText || ''))].join('\\n');"
                ),
                vec![],
            )
            .await?;
        Ok(text.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until the page shows `text`.
    pub async fn wait_for_text(&self, text: &str) -> Result {
        self.eventually(&format!("the text “{text}”"), || async {
            Ok(self.body_text().await?.contains(text).then_some(()))
        })
        .await
    }

    /// Runs `js` in the page with `args` and returns its result.
    pub async fn script(&self, js: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(js, args).await?)
    }

    /// Every console entry so far, `(level, message)`.
    pub async fn console(&self) -> Result<Vec<(String, String)>> {
        let fresh = take_console(&self.client).await?;
        let mut all = self.console.lock().expect("console lock");
        all.extend(fresh);
        Ok(all.clone())
    }

    /// Every request the page has sent so far, in order, with what became of it.
    pub async fn requests(&self) -> Result<Vec<Request>> {
        let fresh = take_log(&self.client, "performance").await?;
        let mut all = self.requests.lock().expect("requests lock");
        network::record(&mut all, &fresh);
        Ok(all.clone())
    }

    /// Saves a PNG of the window as `<E2E_SCREENSHOT_DIR>/<name>.png` when that is set.
    pub async fn screenshot(&self, name: &str) -> Result {
        let Some(dir) = screenshot_dir() else {
            return Ok(());
        };
        std::fs::create_dir_all(&dir)?;
        let png = self.client.screenshot().await?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Like [`Browser::screenshot`], but of the whole page, beyond the window.
    pub async fn screenshot_page(&self, name: &str) -> Result {
        use base64::Engine;
        let Some(dir) = screenshot_dir() else {
            return Ok(());
        };
        std::fs::create_dir_all(&dir)?;
        let metrics = self.devtools("Page.getLayoutMetrics", json!({})).await?;
        let size = &metrics["cssContentSize"];
        let shot = self
            .devtools(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1 },
                }),
            )
            .await?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap_or_default())?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Ends the session; Chromium and its driver exit.
    pub async fn close(self) -> Result {
        self.client.clone().close().await?;
        Ok(())
    }
}

/// Chromium's flags: the repository's `webdriver.json` ones plus headless, no sandbox (CI
/// runs as root), a fixed window, US English unless `lang` is given, the browser log for
/// the console checks and the performance log's network events for the traffic checks. Headless Chromium takes its preferred languages from the
/// `intl.accept_languages` preference, not from `--lang`.
fn capabilities(lang: Option<&str>) -> Result<serde_json::Map<String, Value>> {
    let shared: Value = serde_json::from_str(&std::fs::read_to_string(
        repo_root().join("webdriver.json"),
    )?)?;
    let mut args: Vec<Value> = shared["goog:chromeOptions"]["args"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    args.extend(["--headless=new", "--no-sandbox", "--window-size=1280,900"].map(Value::from));
    args.push(format!("--lang={}", lang.unwrap_or("en-US")).into());
    let mut options = json!({
        "args": args,
        "binary": chromium_bin(),
        "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
    });
    if let Some(lang) = lang {
        options["prefs"] = json!({ "intl.accept_languages": lang });
    }
    let caps = json!({
        "browserName": "chrome",
        // A page's own question (`confirm`) stays open until a test answers it.
        "unhandledPromptBehavior": "ignore",
        "goog:chromeOptions": options,
        "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
    });
    Ok(caps.as_object().cloned().expect("an object"))
}

fn chromium_bin() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// Starts ChromeDriver on a free port and waits until it answers.
async fn start_chromedriver() -> Result<(Owned, String)> {
    let bin = chromedriver_bin();
    require(&bin, "ChromeDriver (apt package chromium-driver)");
    let port = free_port();
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + patience();
    let http = reqwest::Client::new();
    loop {
        if let Ok(reply) = http.get(format!("{url}/status")).send().await {
            if reply.status().is_success() {
                return Ok((Owned(child), url));
            }
        }
        if Instant::now() > deadline {
            return Err("ChromeDriver did not start".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
