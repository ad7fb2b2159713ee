//! Test helpers: running futures that never wait, and a scripted server.

use std::cell::RefCell;
use std::future::{ready, Future};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::request::{Endpoint, HttpRequest};
use crate::response::HttpResponse;
use crate::transport::{Sending, Transport};
use crate::{Client, Secret};

/// Runs a future whose every await is already ready (as all of these are).
pub fn run<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the future waited"),
    }
}

/// A response with `status`, `X-Total-Count: total` when given, and `body`.
pub fn answer(status: u16, total: Option<u64>, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        total_count: total.map(|t| t.to_string()),
        body: body.into(),
    }
}

/// A server that answers each request with `answer(request)` and records what was asked.
pub struct Scripted {
    answer: Box<dyn Fn(&HttpRequest) -> HttpResponse>,
    /// Every URL requested, in order.
    pub urls: RefCell<Vec<String>>,
    /// Every request as `METHOD url` and its body, in order.
    pub requests: RefCell<Vec<(String, Option<String>)>>,
}

impl Transport for Scripted {
    fn send<'a>(&'a self, request: &'a HttpRequest) -> Sending<'a> {
        self.urls.borrow_mut().push(request.url.clone());
        let line = format!("{} {}", request.method.as_str(), request.url);
        self.requests
            .borrow_mut()
            .push((line, request.body.clone()));
        Box::pin(ready(Ok((self.answer)(request))))
    }
}

/// A client of tenant `demo` at `https://api.example.com` on a [`Scripted`] server that
/// answers by URL.
pub fn scripted(answer: impl Fn(&str) -> HttpResponse + 'static) -> (Client, Rc<Scripted>) {
    scripted_requests(move |request| answer(&request.url))
}

/// Like [`scripted`], answering by the whole request.
pub fn scripted_requests(
    answer: impl Fn(&HttpRequest) -> HttpResponse + 'static,
) -> (Client, Rc<Scripted>) {
    let server = Rc::new(Scripted {
        answer: Box::new(answer),
        urls: RefCell::new(Vec::new()),
        requests: RefCell::new(Vec::new()),
    });
    let endpoint = Endpoint {
        base_url: "https://api.example.com".into(),
        tenant: "demo".into(),
        access_token: Secret::new("at"),
    };
    (Client::new(endpoint, server.clone()), server)
}
