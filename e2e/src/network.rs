//! The requests the page sent, read from Chromium's performance log
//! (`Network.requestWillBeSent` and what became of each). The browser writes that log
//! itself, so no script in the page can hide a request from it, as it could from a wrapped
//! `fetch`.

use serde_json::Value;

/// One request the page sent.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Chromium's request id (a redirect keeps it).
    pub id: String,
    pub method: String,
    pub url: String,
    /// Every header the page set, as sent.
    pub headers: Vec<(String, String)>,
    /// The body, when there was one.
    pub body: Option<String>,
    /// The answer's status, once it came.
    pub status: Option<u16>,
    /// Why no answer came (e.g. `net::ERR_EMPTY_RESPONSE`).
    pub failure: Option<String>,
}

impl Request {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path of the URL, without query.
    pub fn path(&self) -> &str {
        let rest = self.url.split_once("://").map_or("", |(_, rest)| rest);
        let path = rest.find('/').map_or("", |at| &rest[at..]);
        path.split(['?', '#']).next().unwrap_or_default()
    }
}

/// Folds the performance log `entries` (as `se/log` returns them) into `requests`.
pub fn record(requests: &mut Vec<Request>, entries: &[Value]) {
    for entry in entries {
        let Some(event) = entry["message"]
            .as_str()
            .and_then(|m| serde_json::from_str::<Value>(m).ok())
        else {
            continue;
        };
        let (method, params) = (&event["message"]["method"], &event["message"]["params"]);
        let id = params["requestId"].as_str().unwrap_or_default();
        match method.as_str().unwrap_or_default() {
            "Network.requestWillBeSent" => requests.push(sent(id, &params["request"])),
            "Network.responseReceived" => {
                if let Some(request) = latest(requests, id) {
                    request.status = params["response"]["status"].as_u64().map(|s| s as u16);
                }
            }
            "Network.loadingFailed" => {
                if let Some(request) = latest(requests, id) {
                    request.failure = Some(params["errorText"].as_str().unwrap_or("").into());
                }
            }
            _ => {}
        }
    }
}

/// The last request with Chromium's id `id` (an earlier one may have been redirected).
fn latest<'a>(requests: &'a mut [Request], id: &str) -> Option<&'a mut Request> {
    requests.iter_mut().rev().find(|r| r.id == id)
}

fn sent(id: &str, request: &Value) -> Request {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let headers = request["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| (name.clone(), text(value)))
        .collect();
    Request {
        id: id.to_owned(),
        method: text(&request["method"]),
        url: text(&request["url"]),
        headers,
        body: body(request),
        ..Request::default()
    }
}

/// The body as `postData`, else as the concatenated `postDataEntries` Chromium sends for
/// bodies it does not inline.
fn body(request: &Value) -> Option<String> {
    use base64::Engine;
    if let Some(data) = request["postData"].as_str() {
        return Some(data.to_owned());
    }
    let entries = request["postDataEntries"].as_array()?;
    let bytes: Vec<u8> = entries
        .iter()
        .filter_map(|e| e["bytes"].as_str())
        .filter_map(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .flatten()
        .collect();
    Some(String::from_utf8_lossy(&bytes).into_owned())
}
