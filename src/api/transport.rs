//! Sends an [`HttpRequest`] with the browser's `fetch` (through gloo-net), with a time
//! limit and cancellation. The only module of the API client that touches the browser.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::Request;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal};

use super::error::ApiError;
use super::request::HttpRequest;
use super::response::HttpResponse;

/// How long a request may take, body included, before it is aborted.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Sends `request` with [`DEFAULT_TIMEOUT`]; see [`send_with_timeout`].
pub async fn send(
    request: &HttpRequest,
    signal: Option<&AbortSignal>,
) -> Result<HttpResponse, ApiError> {
    send_with_timeout(request, signal, DEFAULT_TIMEOUT).await
}

/// Sends `request` and reads the whole response. Aborting `signal` gives
/// [`ApiError::Aborted`], running past `timeout` [`ApiError::Timeout`], any other fetch
/// failure [`ApiError::Network`]. Dropping the future aborts the fetch.
pub async fn send_with_timeout(
    request: &HttpRequest,
    signal: Option<&AbortSignal>,
    timeout: Duration,
) -> Result<HttpResponse, ApiError> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(ApiError::Aborted);
    }
    let guard = Guard::new(signal, timeout)?;
    let failed = |error: gloo_net::Error| {
        if signal.is_some_and(AbortSignal::aborted) {
            ApiError::Aborted
        } else if guard.timed_out.get() {
            ApiError::Timeout
        } else {
            ApiError::Network(error.to_string())
        }
    };
    let response = Request::from(build(request, &guard.controller.signal())?)
        .send()
        .await
        .map_err(failed)?;
    let status = response.status();
    let total_count = response.headers().get("X-Total-Count");
    let body = response.text().await.map_err(failed)?;
    Ok(HttpResponse {
        status,
        total_count,
        body,
    })
}

/// The browser request for `request`, tied to `signal`.
fn build(request: &HttpRequest, signal: &AbortSignal) -> Result<web_sys::Request, ApiError> {
    let refused = |e: JsValue| {
        ApiError::InvalidRequest(e.dyn_ref::<js_sys::Error>().map_or_else(
            || crate::i18n::t("the browser refused it").to_owned(),
            |e| String::from(e.message()),
        ))
    };
    let headers = web_sys::Headers::new().map_err(refused)?;
    for (name, value) in &request.headers {
        headers.append(name, value).map_err(refused)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(Some(signal));
    web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(refused)
}

/// Owns the fetch's own `AbortController`, which the caller's signal and the timer abort.
/// Aborting ours without a reason makes fetch fail with an `AbortError` (a JS `Error`,
/// which gloo-net expects); the caller's signal might carry any reason. Dropping the
/// guard stops the timer, unhooks the caller's signal and aborts an unfinished fetch.
struct Guard {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timer: Option<(i32, Closure<dyn FnMut()>)>,
    follow: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl Guard {
    fn new(signal: Option<&AbortSignal>, timeout: Duration) -> Result<Self, ApiError> {
        let controller = AbortController::new().map_err(|_| {
            ApiError::InvalidRequest(crate::i18n::t("this browser cannot cancel requests").into())
        })?;
        let timed_out = Rc::new(Cell::new(false));
        let mut guard = Guard {
            controller,
            timed_out,
            timer: None,
            follow: None,
        };
        if let Some(signal) = signal {
            let controller = guard.controller.clone();
            let on_abort = Closure::<dyn FnMut()>::new(move || controller.abort());
            // Hooking a live AbortSignal cannot fail.
            let _ =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            guard.follow = Some((signal.clone(), on_abort));
        }
        if let Some(window) = web_sys::window() {
            let (controller, timed_out) = (guard.controller.clone(), guard.timed_out.clone());
            let on_timeout = Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            });
            let millis = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
            if let Ok(handle) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                millis,
            ) {
                guard.timer = Some((handle, on_timeout));
            }
        }
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let (Some(window), Some((handle, _))) = (web_sys::window(), &self.timer) {
            window.clear_timeout_with_handle(*handle);
        }
        if let Some((signal, on_abort)) = &self.follow {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
        // A no-op once the body has been read.
        self.controller.abort();
    }
}
