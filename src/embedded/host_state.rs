//! What the host page passes as `appState` (the Management Dashboard's fields, see the
//! README): read once per mount and per update.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::auth::config::check_base_url;
use crate::i18n::Locale;
use crate::platform::lowercase::lowercase;
use ai_client::Secret;

/// The fields of `appState` the app uses.
#[derive(Debug, Clone, PartialEq)]
pub struct HostState {
    /// The dashboard's access token for API calls.
    pub token: Secret,
    /// The tenant.
    pub tenant: String,
    /// The interface language (`en`, `de`; anything else is English).
    pub language: Locale,
    /// The API's base URL when the host configured one (`emporixApiUrl`), checked.
    pub api_url: Option<String>,
}

impl HostState {
    /// The fields of `app_state`; missing or mistyped ones are empty.
    pub fn read(app_state: &JsValue) -> Self {
        Self {
            token: Secret::new(text(app_state, "token")),
            tenant: lowercase(text(app_state, "tenant").trim()),
            language: Locale::from_tag(&text(app_state, "language")),
            api_url: check_base_url(&text(app_state, "emporixApiUrl")).ok(),
        }
    }
}

/// `appState.onError`, if it is a function.
pub fn on_error(app_state: &JsValue) -> Option<Function> {
    Reflect::get(app_state, &JsValue::from_str("onError"))
        .ok()?
        .dyn_into()
        .ok()
}

fn text(object: &JsValue, field: &str) -> String {
    Reflect::get(object, &JsValue::from_str(field))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
