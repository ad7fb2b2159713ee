//! A refused token, embedded: the requests wait in the sign-in-again broker (as under the
//! standalone dialog), the host page is told through `appState.onError`, and the next
//! token it passes replays them (see `shell`). There is no dialog: the host signs in.

use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::auth::session::use_session;
use ai_client::AuthFailure;

/// Holds refused requests while mounted and reports each new wait to `on_error`.
#[component]
pub fn HostReauth(on_error: StoredValue<Option<Function>, LocalStorage>) -> impl IntoView {
    let reauth = use_session().reauth();
    reauth.attend();
    Effect::new(move |_| {
        if let Some(reason) = reauth.reason() {
            if let Some(on_error) = on_error.try_get_value().flatten() {
                let _ = on_error.call1(&JsValue::NULL, &error_for(reason));
            }
        }
    });
}

/// What `onError` receives: an `Error` with `status` 401 (also as `response.status`, the
/// shape of an HTTP client's error), so a host that re-authenticates on 401 does.
fn error_for(reason: AuthFailure) -> JsValue {
    let message = match reason {
        AuthFailure::Expired => "The access token has expired.",
        AuthFailure::Invalid | AuthFailure::BadCredentials => "The API refused the access token.",
    };
    let error: JsValue = js_sys::Error::new(message).into();
    let status = JsValue::from_f64(401.0);
    let response = Object::new();
    let _ = Reflect::set(&response, &"status".into(), &status);
    let _ = Reflect::set(&error, &"status".into(), &status);
    let _ = Reflect::set(&error, &"response".into(), &response);
    error
}
