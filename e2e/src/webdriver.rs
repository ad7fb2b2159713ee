//! WebDriver commands fantoccini has no method for: Chromium's computed accessible name,
//! its browser and performance logs, and Chrome DevTools Protocol calls.

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

use crate::Result;

/// A command on the current session: `method {session}/{path}` with an optional JSON body.
#[derive(Debug)]
struct SessionCommand {
    method: http::Method,
    path: String,
    body: Option<Value>,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            self.method.clone(),
            self.body.as_ref().map(Value::to_string),
        )
    }
}

async fn issue(client: &Client, command: SessionCommand) -> Result<Value> {
    Ok(client.issue_cmd(command).await?)
}

/// The accessible name Chromium computed for `element` (what a screen reader announces).
pub async fn accessible_name(element: &Element) -> Result<String> {
    let client = element.clone().client();
    let path = format!("element/{}/computedlabel", element.element_id());
    let value = issue(
        &client,
        SessionCommand {
            method: http::Method::GET,
            path,
            body: None,
        },
    )
    .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// The entries of ChromeDriver's log `kind` (`browser`, `performance`) since the last call.
pub async fn take_log(client: &Client, kind: &str) -> Result<Vec<Value>> {
    let value = issue(
        client,
        SessionCommand {
            method: http::Method::POST,
            path: "se/log".into(),
            body: Some(json!({ "type": kind })),
        },
    )
    .await?;
    Ok(value.as_array().cloned().unwrap_or_default())
}

/// The browser console entries since the last call: `(level, message)`.
pub async fn take_console(client: &Client) -> Result<Vec<(String, String)>> {
    Ok(take_log(client, "browser")
        .await?
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (text("level"), text("message"))
        })
        .collect())
}

/// Runs the DevTools command `cmd` with `params` and returns its result.
pub async fn devtools(client: &Client, cmd: &str, params: Value) -> Result<Value> {
    issue(
        client,
        SessionCommand {
            method: http::Method::POST,
            path: "goog/cdp/execute".into(),
            body: Some(json!({ "cmd": cmd, "params": params })),
        },
    )
    .await
}
