//! How requests reach the server. [`Transport`] is the one seam between the pure client
//! and the network: the app sends with [`Fetch`] (the browser's `fetch`, feature `browser`),
//! native tests answer with a scripted transport.

use std::future::Future;
use std::pin::Pin;

use super::error::ApiError;
use super::request::HttpRequest;
use super::response::HttpResponse;

/// A response on its way.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + 'a>>;

/// Sends one request and reads the whole response. Dropping the returned future must
/// cancel the request: that is how callers abort (a newer search, a page that is left).
pub trait Transport {
    /// Sends `request`; network failures are [`ApiError::Network`] or [`ApiError::Timeout`].
    fn send<'a>(&'a self, request: &'a HttpRequest) -> Sending<'a>;
}

#[cfg(feature = "browser")]
pub use fetch::{Fetch, DEFAULT_TIMEOUT};

#[cfg(feature = "browser")]
mod fetch {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;

    use gloo_net::http::Request;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{AbortController, AbortSignal};

    use super::{Sending, Transport};
    use crate::error::{ApiError, RequestProblem};
    use crate::request::HttpRequest;
    use crate::response::HttpResponse;

    /// How long a request may take, body included, before it is aborted.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

    /// The browser's `fetch` (through gloo-net), with a time limit.
    #[derive(Debug, Clone, Copy)]
    pub struct Fetch {
        /// Longest a request may take, body included.
        pub timeout: Duration,
    }

    impl Default for Fetch {
        fn default() -> Self {
            Self {
                timeout: DEFAULT_TIMEOUT,
            }
        }
    }

    impl Transport for Fetch {
        fn send<'a>(&'a self, request: &'a HttpRequest) -> Sending<'a> {
            Box::pin(send(request, self.timeout))
        }
    }

    /// Sends `request` and reads the whole response. Running past `timeout` gives
    /// [`ApiError::Timeout`], any other fetch failure [`ApiError::Network`]. Dropping the
    /// future aborts the fetch.
    async fn send(request: &HttpRequest, timeout: Duration) -> Result<HttpResponse, ApiError> {
        let guard = Guard::new(timeout)?;
        let failed = |error: gloo_net::Error| {
            if guard.timed_out.get() {
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
            ApiError::InvalidRequest(RequestProblem::Refused(
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message())),
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

    /// Owns the fetch's `AbortController`, which the timer aborts. Dropping the guard (the
    /// caller dropped the future) stops the timer and aborts an unfinished fetch.
    struct Guard {
        controller: AbortController,
        timed_out: Rc<Cell<bool>>,
        timer: Option<(i32, Closure<dyn FnMut()>)>,
    }

    impl Guard {
        fn new(timeout: Duration) -> Result<Self, ApiError> {
            let controller = AbortController::new()
                .map_err(|_| ApiError::InvalidRequest(RequestProblem::CannotCancel))?;
            let timed_out = Rc::new(Cell::new(false));
            let mut guard = Guard {
                controller,
                timed_out,
                timer: None,
            };
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
            // A no-op once the body has been read.
            self.controller.abort();
        }
    }
}
