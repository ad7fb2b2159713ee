//! The app's start-up defaults, from an optional `config.json` next to `index.html`:
//! `{"apiBaseUrl": "...", "tenant": "...", "clientId": "..."}`. Every field is optional; a
//! missing, unreadable or malformed file gives [`AppConfig::default`]. The file never holds
//! a secret, and any other field in it (a `clientSecret`, say) is ignored.

use std::time::Duration;

use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::t;
use crate::platform::task::Tasks;
use ai_client::{Fetch, HttpRequest, Method, Transport};

/// The API that the sign-in form proposes when no `config.json` says otherwise.
pub const DEFAULT_API_BASE_URL: &str = "https://api.emporix.io";

/// Where the config is fetched from: the app's origin, next to `index.html`.
pub const CONFIG_PATH: &str = "/config.json";

/// How long loading the config may take before the defaults are used.
pub const CONFIG_TIMEOUT: Duration = Duration::from_secs(5);

/// Defaults for the sign-in form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    /// The API's base URL, an http(s) URL without a trailing slash.
    pub api_base_url: String,
    /// The tenant to propose.
    pub tenant: Option<String>,
    /// The client id to propose.
    pub client_id: Option<String>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            api_base_url: DEFAULT_API_BASE_URL.to_owned(),
            tenant: None,
            client_id: None,
        }
    }
}

impl AppConfig {
    /// The config in `text` (the body of `config.json`). Never fails: anything that is not a
    /// JSON object gives the defaults, and each field that is missing, not a string, blank,
    /// or (for the URL) not an http(s) URL keeps its default.
    pub fn parse(text: &str) -> Self {
        let mut config = Self::default();
        let Ok(Value::Object(json)) = serde_json::from_str::<Value>(text) else {
            return config;
        };
        let field = |name: &str| {
            json.get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        if let Some(url) = field("apiBaseUrl").and_then(|u| check_base_url(&u).ok()) {
            config.api_base_url = url;
        }
        config.tenant = field("tenant");
        config.client_id = field("clientId");
        config
    }
}

/// `text` as a base URL (trimmed, without trailing slashes) if it is an absolute http(s)
/// URL with a host and neither credentials, query nor fragment; else why not, as a
/// sentence for the form.
pub fn check_base_url(text: &str) -> Result<String, &'static str> {
    let not_http = t("Enter an http:// or https:// URL, such as https://api.emporix.io.");
    let url = text.trim();
    if url.is_empty() {
        return Err(t("Enter the API base URL, such as https://api.emporix.io."));
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url["https://".len()..]
    } else if lower.starts_with("http://") {
        &url["http://".len()..]
    } else {
        return Err(not_http);
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(t("The URL must not contain spaces."));
    }
    if url.contains(['?', '#']) {
        return Err(t("Enter the base URL only, without ? or #."));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(t("The URL must not contain a user name or password."));
    }
    let (host, port) = split_port(authority);
    let host_ok = if let Some(inner) = host.strip_prefix('[') {
        inner.strip_suffix(']').is_some_and(|ip| {
            !ip.is_empty()
                && ip
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        })
    } else {
        !host.is_empty()
            && !host.starts_with('.')
            && !host.contains("..")
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    };
    if !host_ok {
        return Err(not_http);
    }
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(t("The port after : must be a number."));
        }
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// `host[:port]` → (`host`, `port`); an IPv6 literal keeps its brackets.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => {
                let (host, rest) = authority.split_at(end + 1);
                (host, rest.strip_prefix(':'))
            }
            None => (authority, None),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

/// Fetches and parses the config at `url`; any failure (404, network, time-out, an HTML
/// fallback page, bad JSON) gives the defaults.
pub async fn load_config(url: String) -> AppConfig {
    let request = HttpRequest {
        method: Method::Get,
        url,
        headers: vec![("Accept".to_owned(), "application/json".to_owned())],
        body: None,
    };
    let fetch = Fetch {
        timeout: CONFIG_TIMEOUT,
    };
    match fetch.send(&request).await {
        Ok(response) if response.status == 200 => AppConfig::parse(&response.body),
        _ => AppConfig::default(),
    }
}

/// The app's config, available to every component through context.
#[derive(Debug, Clone, Copy)]
pub struct ConfigContext {
    config: RwSignal<AppConfig>,
    loaded: RwSignal<bool>,
}

impl ConfigContext {
    /// The current config (tracked): the defaults until `config.json` has been read.
    pub fn get(&self) -> AppConfig {
        self.config.get()
    }

    /// The current config, untracked.
    pub fn get_untracked(&self) -> AppConfig {
        self.config.get_untracked()
    }

    /// Whether loading is over (whatever its outcome); tracked.
    pub fn loaded(&self) -> bool {
        self.loaded.get()
    }
}

/// Provides the config context and starts loading [`CONFIG_PATH`] in the background. Call
/// once, at the top of the app.
pub fn provide_config() -> ConfigContext {
    provide_config_from(CONFIG_PATH.to_owned())
}

/// Like [`provide_config`], from `url` (embedded, the file next to the extension's files
/// rather than on the host page's origin).
pub fn provide_config_from(url: String) -> ConfigContext {
    let context = ConfigContext {
        config: RwSignal::new(AppConfig::default()),
        loaded: RwSignal::new(false),
    };
    provide_context(context);
    Tasks::new().spawn(async move {
        let config = load_config(url).await;
        context.config.set(config);
        context.loaded.set(true);
    });
    context
}

/// Provides a fixed, already loaded config (for tests and embedding); fetches nothing.
pub fn provide_config_with(config: AppConfig) -> ConfigContext {
    let context = ConfigContext {
        config: RwSignal::new(config),
        loaded: RwSignal::new(true),
    };
    provide_context(context);
    context
}

/// The config context; without a provider, the defaults (already loaded).
pub fn use_config() -> ConfigContext {
    use_context::<ConfigContext>().unwrap_or_else(|| ConfigContext {
        config: RwSignal::new(AppConfig::default()),
        loaded: RwSignal::new(true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config_is_read() {
        let config = AppConfig::parse(
            r#"{"apiBaseUrl": "http://127.0.0.1:8000/", "tenant": "demo", "clientId": "demo-admin"}"#,
        );
        assert_eq!(
            config,
            AppConfig {
                api_base_url: "http://127.0.0.1:8000".into(),
                tenant: Some("demo".into()),
                client_id: Some("demo-admin".into()),
            }
        );
    }

    #[test]
    fn anything_unreadable_gives_defaults() {
        for text in [
            "",
            "not json",
            "<!doctype html><html></html>",
            "[]",
            "null",
            "\"https://x.example\"",
            "{",
            "{}",
        ] {
            assert_eq!(AppConfig::parse(text), AppConfig::default(), "{text:?}");
        }
        assert_eq!(AppConfig::default().api_base_url, "https://api.emporix.io");
    }

    #[test]
    fn bad_fields_keep_their_defaults() {
        let config = AppConfig::parse(
            r#"{"apiBaseUrl": "ftp://x", "tenant": "  ", "clientId": 42, "clientSecret": "s3cr3t"}"#,
        );
        assert_eq!(config, AppConfig::default());
        assert!(!format!("{config:?}").contains("s3cr3t"));
        let config = AppConfig::parse(r#"{"tenant": " demo "}"#);
        assert_eq!(config.tenant.as_deref(), Some("demo"));
        assert_eq!(config.api_base_url, DEFAULT_API_BASE_URL);
    }

    #[test]
    fn base_urls_that_pass() {
        for (text, want) in [
            ("https://api.emporix.io", "https://api.emporix.io"),
            ("  https://api.emporix.io/ ", "https://api.emporix.io"),
            ("HTTP://localhost:8080", "HTTP://localhost:8080"),
            ("http://127.0.0.1:34567", "http://127.0.0.1:34567"),
            ("http://[::1]:8000/", "http://[::1]:8000"),
            (
                "https://gateway.example.com/emporix/",
                "https://gateway.example.com/emporix",
            ),
        ] {
            assert_eq!(check_base_url(text).as_deref(), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn base_urls_that_fail() {
        for text in [
            "",
            "   ",
            "ftp://x",
            "not a url",
            "api.emporix.io",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://user:pw@example.com",
            "https://example.com?x=1",
            "https://example.com/#top",
            "https://example.com:port",
            "https://example.com:",
            "https://[::1",
            "https://.example.com",
            "https://ex..ample.com",
            "javascript:alert(1)",
            "//example.com",
        ] {
            let error = check_base_url(text).expect_err(text);
            assert!(error.ends_with('.'), "{error}");
        }
    }
}
