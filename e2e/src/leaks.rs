//! The checks that end every journey: no secret anywhere the browser keeps text or sends
//! it, in any usual escaping; no panic in the console; no Content-Security-Policy violation.

use serde_json::{json, Value};

use crate::browser::Browser;
use crate::network::Request;
use crate::readings::readings;
use crate::roles::ROOTS_JS;
use crate::webdriver::devtools;
use crate::Result;

/// What a secret is, which decides the one place it may legitimately be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A client secret or a token value: sent once, to `/oauth/token` or in the PUT that
    /// creates the token.
    Credential,
    /// A bearer access token: kept in `sessionStorage`, sent in `Authorization` headers.
    AccessToken,
}

/// A secret of a journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub text: String,
    pub kind: Kind,
}

impl Secret {
    pub fn credential(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            kind: Kind::Credential,
        }
    }

    pub fn access_token(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            kind: Kind::AccessToken,
        }
    }
}

/// A place that holds text: its name, the text, and the kind of secret that belongs there.
pub struct Place {
    pub name: String,
    pub text: String,
    pub belongs: Option<Kind>,
}

impl Place {
    fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            belongs: None,
        }
    }
}

/// Everything the page keeps as text, by place: the DOM and every open shadow root in it
/// (with every field's current value),
/// the address, every history entry, both storages, and the console so far.
pub async fn page_places(browser: &Browser) -> Result<Vec<Place>> {
    let page = browser
        .script(
            &format!(
                "{ROOTS_JS}\
                 const values = roots.flatMap(r => [...r.querySelectorAll('input, textarea')]).map(e => e.value);\
                 const html = [document.documentElement.outerHTML, ...roots.slice(1).map(r => r.innerHTML)];\
                 const dump = s => JSON.stringify(Object.fromEntries(Object.entries(s)));\
                 return [html.join('\\n'), values.join('\\n'), location.href,\
                         dump(sessionStorage), dump(localStorage)];"
            ),
            vec![],
        )
        .await?;
    let text = |i: usize| page[i].as_str().unwrap_or_default().to_owned();
    let history = devtools(browser.client(), "Page.getNavigationHistory", json!({})).await?;
    let entries: Vec<&str> = history["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["url"].as_str().unwrap_or_default())
        .collect();
    let console: Vec<String> = browser
        .console()
        .await?
        .into_iter()
        .map(|(level, message)| format!("{level} {message}"))
        .collect();
    let mut session = Place::new("sessionStorage", text(3));
    session.belongs = Some(Kind::AccessToken);
    Ok(vec![
        Place::new("DOM", text(0)),
        Place::new("field values", text(1)),
        Place::new("address", text(2)),
        Place::new("history entries", entries.join("\n")),
        session,
        Place::new("localStorage", text(4)),
        Place::new("console", console.join("\n")),
    ])
}

/// What each request carried: its URL, its headers but `Authorization` (where the access
/// token belongs), and its body (where a credential belongs only in `/oauth/token`'s form
/// and in the PUT that creates a token).
pub fn request_places(requests: &[Request]) -> Vec<Place> {
    let mut places = Vec::new();
    for r in requests {
        let what = format!("{} {}", r.method, r.url);
        places.push(Place::new(format!("URL of {what}"), r.url.clone()));
        let headers: Vec<String> = r
            .headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("authorization"))
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        places.push(Place::new(format!("headers of {what}"), headers.join("\n")));
        if let Some(body) = &r.body {
            let mut place = Place::new(format!("body of {what}"), body.clone());
            if is_token_grant(r) || is_token_creation(r) {
                place.belongs = Some(Kind::Credential);
            }
            places.push(place);
        }
    }
    places
}

/// The sign-in: `{base}/oauth/token`, where the base may carry a path (`/api` behind nginx).
fn is_token_grant(r: &Request) -> bool {
    r.method == "POST" && r.path().ends_with("/oauth/token")
}

/// A PUT of a token with a value and no version: a creation, the one request that carries
/// the value (an update never may).
fn is_token_creation(r: &Request) -> bool {
    let body: Value = r
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or_default();
    r.method == "PUT"
        && r.path().contains("/agentic/tokens/")
        && body.get("value").is_some()
        && body.get("metadata").is_none()
}

/// The bearer tokens the page sent in `Authorization` headers.
pub fn access_tokens(requests: &[Request]) -> Vec<Secret> {
    let mut tokens: Vec<Secret> = requests
        .iter()
        .filter_map(|r| r.header("authorization")?.strip_prefix("Bearer "))
        .map(Secret::access_token)
        .collect();
    tokens.dedup();
    tokens
}

/// Where each secret appears but does not belong, in any reading of the place's text.
pub fn sightings(places: &[Place], secrets: &[Secret]) -> Vec<String> {
    let mut found = Vec::new();
    for place in places {
        let readings = readings(&place.text);
        for (i, secret) in secrets.iter().enumerate() {
            if place.belongs == Some(secret.kind) {
                continue;
            }
            if readings.iter().any(|r| r.contains(&secret.text)) {
                found.push(format!(
                    "secret #{i} ({:?}) appears in the {}",
                    secret.kind, place.name
                ));
            }
        }
    }
    found
}

/// The sightings of `secrets`, and of every access token the page sent, in the page and in
/// everything it sent.
pub async fn secret_sightings(browser: &Browser, secrets: &[Secret]) -> Result<Vec<String>> {
    let requests = browser.requests().await?;
    let mut secrets = secrets.to_vec();
    for token in access_tokens(&requests) {
        if !secrets.contains(&token) {
            secrets.push(token);
        }
    }
    let mut places = page_places(browser).await?;
    places.extend(request_places(&requests));
    Ok(sightings(&places, &secrets))
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

/// Fails when a secret is where it does not belong (see [`secret_sightings`]), or the
/// console shows a panic or a CSP violation.
pub async fn assert_clean(browser: &Browser, secrets: &[Secret]) -> Result {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, url: &str, body: &str) -> Request {
        Request {
            method: method.into(),
            url: url.into(),
            headers: vec![("Authorization".into(), "Bearer tok-1".into())],
            body: Some(body.into()),
            ..Request::default()
        }
    }

    #[test]
    fn credentials_belong_in_the_grant_and_the_creation_only() {
        let api = "http://e/ai-service/demo/agentic/tokens/t";
        let secrets = [Secret::credential("s&1")];
        let seen = |r: Request| sightings(&request_places(&[r]), &secrets);
        for grant in ["http://e/oauth/token", "http://e/api/oauth/token"] {
            assert!(seen(request("POST", grant, "client_secret=s%261")).is_empty());
        }
        assert!(seen(request("PUT", api, r#"{"name":"n","value":"s&1"}"#)).is_empty());
        for leak in [
            request(
                "PUT",
                api,
                r#"{"name":"n","value":"s&1","metadata":{"version":1}}"#,
            ),
            request("POST", "http://e/oauth/tokens", "client_secret=s%261"),
            request("GET", &format!("{api}?q=s%261"), ""),
        ] {
            assert_eq!(seen(leak).len(), 1);
        }
    }

    #[test]
    fn access_tokens_belong_in_authorization_and_session_storage_only() {
        let requests = [request("GET", "http://e/x?t=tok-1", "")];
        let tokens = access_tokens(&requests);
        assert_eq!(tokens, [Secret::access_token("tok-1")]);
        let mut places = request_places(&requests);
        let mut session = Place::new("sessionStorage", "{\"t\":\"tok-1\"}");
        session.belongs = Some(Kind::AccessToken);
        places.push(session);
        places.push(Place::new("localStorage", "{\"t\":\"tok-1\"}"));
        let found = sightings(&places, &tokens);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].ends_with("URL of GET http://e/x?t=tok-1"));
        assert!(found[1].ends_with("localStorage"));
    }
}
