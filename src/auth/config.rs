//! The app's start-up defaults, from an optional `config.json` next to `index.html`:
//! `{"apiBaseUrl": "...", "tenant": "...", "clientId": "...", "rotationDays": 90}`. Every
//! field is optional; a missing, unreadable or malformed file gives [`AppConfig::default`].
//! A `rotationDays` that is not a whole number of days in range keeps its default and is
//! reported ([`AppConfig::problems`]). The file never holds a secret, and any other field
//! in it (a `clientSecret`, say) is ignored.

use std::time::Duration;

use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use ai_client::{Fetch, HttpRequest, Method, Transport};

/// The API that the sign-in form proposes when no `config.json` says otherwise.
pub const DEFAULT_API_BASE_URL: &str = "https://api.emporix.io";

/// Where the config is fetched from: the app's origin, next to `index.html`.
pub const CONFIG_PATH: &str = "/config.json";

/// How long loading the config may take before the defaults are used.
pub const CONFIG_TIMEOUT: Duration = Duration::from_secs(5);

/// After how many days a token's value is due for rotation when `config.json` does not say.
pub const DEFAULT_ROTATION_DAYS: u32 = 90;

/// The largest `rotationDays` accepted: ten years.
pub const MAX_ROTATION_DAYS: u32 = 3650;

/// Defaults for the sign-in form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    /// The API's base URL, an http(s) URL without a trailing slash.
    pub api_base_url: String,
    /// The tenant to propose.
    pub tenant: Option<String>,
    /// The client id to propose.
    pub client_id: Option<String>,
    /// After how many days a token's value is due for rotation; 0 for never.
    pub rotation_days: u32,
    /// What in the file was refused (its default is used instead).
    pub problems: Vec<ConfigProblem>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            api_base_url: DEFAULT_API_BASE_URL.to_owned(),
            tenant: None,
            client_id: None,
            rotation_days: DEFAULT_ROTATION_DAYS,
            problems: Vec::new(),
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
        match json.get("rotationDays").map(rotation_days) {
            Some(Ok(days)) => config.rotation_days = days,
            Some(Err(problem)) => config.problems.push(problem),
            None => {}
        }
        config
    }
}

/// A field of `config.json` that was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    /// `rotationDays` held this JSON (shortened to 40 characters).
    RotationDays(String),
}

impl ConfigProblem {
    /// The problem as a sentence in the current language: the field, what it holds, what
    /// it may hold and the default used instead.
    pub fn message(&self) -> String {
        match self {
            Self::RotationDays(found) => tf(
                "config.json: “rotationDays” must be a whole number of days from 0 (no reminders) to {0}, not {1}. {2} days are used.",
                &[
                    &MAX_ROTATION_DAYS.to_string(),
                    found,
                    &DEFAULT_ROTATION_DAYS.to_string(),
                ],
            ),
        }
    }
}

/// `rotationDays` as a number of days (`null` is the default); else what it held.
fn rotation_days(value: &Value) -> Result<u32, ConfigProblem> {
    if value.is_null() {
        return Ok(DEFAULT_ROTATION_DAYS);
    }
    match value.as_f64().filter(|d| d.fract() == 0.0) {
        Some(days) if (0.0..=f64::from(MAX_ROTATION_DAYS)).contains(&days) => Ok(days as u32),
        _ => {
            let mut found = value.to_string();
            if found.chars().count() > 40 {
                found = found.chars().take(39).chain(['…']).collect();
            }
            Err(ConfigProblem::RotationDays(found))
        }
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
/// fallback page, bad JSON) gives the defaults. Problems with its fields also go to the
/// console, for whoever deploys the app.
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
    let config = match fetch.send(&request).await {
        Ok(response) if response.status == 200 => AppConfig::parse(&response.body),
        _ => AppConfig::default(),
    };
    for problem in &config.problems {
        leptos::logging::warn!("{}", problem.message());
    }
    config
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

    /// After how many days a token's value is due for rotation; 0 for never (tracked).
    pub fn rotation_days(&self) -> u32 {
        self.config.with(|c| c.rotation_days)
    }

    /// What `config.json` held that was refused (tracked).
    pub fn problems(&self) -> Vec<ConfigProblem> {
        self.config.with(|c| c.problems.clone())
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
                ..AppConfig::default()
            }
        );
    }

    #[test]
    fn rotation_days_are_read() {
        let days = |json: &str| {
            let config = AppConfig::parse(json);
            assert_eq!(config.problems, [], "{json}");
            config.rotation_days
        };
        assert_eq!(days("{}"), 90);
        assert_eq!(days(r#"{"rotationDays": null}"#), 90);
        assert_eq!(days(r#"{"rotationDays": 30}"#), 30);
        assert_eq!(days(r#"{"rotationDays": 0}"#), 0);
        assert_eq!(days(r#"{"rotationDays": 3650}"#), 3650);
        assert_eq!(days(r#"{"rotationDays": 1.2e2}"#), 120);
    }

    #[test]
    fn bad_rotation_days_keep_the_default_and_say_why() {
        for (value, shown) in [
            ("\"30\"", "\"30\""),
            ("-1", "-1"),
            ("1.5", "1.5"),
            ("3651", "3651"),
            ("true", "true"),
            ("[90]", "[90]"),
            ("1e300", "1e300"),
        ] {
            let config =
                AppConfig::parse(&format!(r#"{{"rotationDays": {value}, "tenant": "demo"}}"#));
            assert_eq!(config.rotation_days, 90, "{value}");
            assert_eq!(config.tenant.as_deref(), Some("demo"), "{value}");
            assert_eq!(config.problems.len(), 1, "{value}");
            let problem = &config.problems[0].message();
            assert!(
                problem.contains("“rotationDays”") && problem.contains("90 days are used"),
                "{problem}"
            );
            assert!(
                problem.contains(&format!(
                    "not {}",
                    serde_json::from_str::<Value>(shown).unwrap()
                )),
                "{problem}"
            );
        }
        let long = AppConfig::parse(&format!(r#"{{"rotationDays": "{}"}}"#, "9".repeat(100)));
        let message = long.problems[0].message();
        assert!(message.contains("99…"), "{message}");
        assert!(message.chars().count() < 250, "{message}");
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
