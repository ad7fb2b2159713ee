//! Renewing the bearer token when the API refuses it (401) and replaying the refused
//! request. Pure: the app decides how a new token is obtained (a sign-in dialog) by
//! implementing [`Reauthenticate`]; this module only waits for it and resends.

use std::future::Future;
use std::pin::Pin;

use super::error::{ApiError, AuthFailure};
use super::model::Secret;
use super::request::HttpRequest;
use super::response::{auth_failure_of, HttpResponse};

/// A new access token on its way; `None` when none is coming (the user cancelled).
pub type Renewal = Pin<Box<dyn Future<Output = Option<Secret>>>>;

/// Asked by a [`Client`](super::Client) whose request got a 401. The app implements it,
/// for example by opening a sign-in dialog and resolving once the user signed in again.
pub trait Reauthenticate {
    /// A token to replay the request with. `refused` is the token the API refused and
    /// `failure` why; `None` lets the call fail with [`ApiError::Unauthorized`].
    fn renew(&self, refused: Option<&Secret>, failure: AuthFailure) -> Renewal;
}

/// Sends `request` with `send`. On a 401 it asks `reauth` for a token and sends the same
/// request again (same method, URL, headers and body; only `Authorization` changes), for as
/// long as tokens come. Returns the last response and the last token it got, if any.
pub(crate) async fn send_renewing<S, F>(
    mut request: HttpRequest,
    reauth: Option<&dyn Reauthenticate>,
    mut send: S,
) -> Result<(HttpResponse, Option<Secret>), ApiError>
where
    S: FnMut(&HttpRequest) -> F,
    F: Future<Output = Result<HttpResponse, ApiError>>,
{
    let mut renewed = None;
    loop {
        let response = send(&request).await?;
        let Some(reauth) = reauth.filter(|_| response.status == 401) else {
            return Ok((response, renewed));
        };
        let failure = auth_failure_of(&response.body);
        match reauth.renew(request.bearer().as_ref(), failure).await {
            Some(token) => {
                request.set_bearer(&token);
                renewed = Some(token);
            }
            None => return Ok((response, renewed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::future::ready;
    use std::rc::Rc;

    use super::*;
    use crate::request::{put_token, Endpoint, Method};
    use crate::testing::{answer, run};
    use crate::TokenDraft;

    /// Hands out the tokens it holds, in turn; records each refused token and reason.
    #[derive(Default)]
    struct Tokens {
        next: RefCell<Vec<Option<&'static str>>>,
        asked: RefCell<Vec<(Option<String>, AuthFailure)>>,
    }

    impl Reauthenticate for Tokens {
        fn renew(&self, refused: Option<&Secret>, failure: AuthFailure) -> Renewal {
            self.asked
                .borrow_mut()
                .push((refused.map(|t| t.expose().to_owned()), failure));
            let next = self.next.borrow_mut().remove(0);
            Box::pin(ready(next.map(Secret::new)))
        }
    }

    /// What [`send_renewing`] returns.
    type Outcome = Result<(HttpResponse, Option<Secret>), ApiError>;

    const EXPIRED: &str =
        r#"{"fault":{"detail":{"errorcode":"keymanagement.service.access_token_expired"}}}"#;

    /// A PUT with a version, and a fake server answering from `answers` in turn; returns
    /// the outcome and every request as sent.
    fn exchange(
        answers: Vec<HttpResponse>,
        reauth: Option<&dyn Reauthenticate>,
    ) -> (Outcome, Vec<HttpRequest>) {
        let endpoint = Endpoint {
            base_url: "https://api.example.com".into(),
            tenant: "demo".into(),
            access_token: Secret::new("old"),
        };
        let request = put_token(&endpoint, "t-1", &TokenDraft::update("Typed", Some(4))).unwrap();
        let sent = Rc::new(RefCell::new(Vec::new()));
        let answers = RefCell::new(answers);
        let log = sent.clone();
        let outcome = run(send_renewing(request, reauth, |request: &HttpRequest| {
            log.borrow_mut().push(request.clone());
            ready(Ok(answers.borrow_mut().remove(0)))
        }));
        let sent = sent.borrow().clone();
        (outcome, sent)
    }

    fn bearer(request: &HttpRequest) -> String {
        request.bearer().unwrap().expose().to_owned()
    }

    #[test]
    fn a_401_is_replayed_unchanged_but_for_the_token() {
        let tokens = Tokens {
            next: RefCell::new(vec![Some("new")]),
            ..Tokens::default()
        };
        let (outcome, sent) = exchange(
            vec![answer(401, None, EXPIRED), answer(204, None, "")],
            Some(&tokens),
        );
        let (response, renewed) = outcome.unwrap();
        assert_eq!(response.status, 204);
        assert_eq!(renewed, Some(Secret::new("new")));
        assert_eq!(
            *tokens.asked.borrow(),
            [(Some("old".to_owned()), AuthFailure::Expired)]
        );
        let [first, replay] = &sent[..] else {
            panic!("{sent:?}")
        };
        assert_eq!(
            (bearer(first), bearer(replay)),
            ("old".into(), "new".into())
        );
        assert_eq!(replay.method, Method::Put);
        assert_eq!(replay.url, first.url);
        assert_eq!(replay.body, first.body);
        assert!(replay.body.as_deref().unwrap().contains(r#""version":4"#));
        let names = |r: &HttpRequest| r.headers.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(replay), names(first));
    }

    #[test]
    fn cancelling_gives_the_401_back() {
        let tokens = Tokens {
            next: RefCell::new(vec![None]),
            ..Tokens::default()
        };
        let (outcome, sent) = exchange(vec![answer(401, None, "")], Some(&tokens));
        let (response, renewed) = outcome.unwrap();
        assert_eq!((response.status, renewed), (401, None));
        assert_eq!(sent.len(), 1);
        assert_eq!(tokens.asked.borrow()[0].1, AuthFailure::Invalid);
    }

    #[test]
    fn a_refused_new_token_asks_again() {
        let tokens = Tokens {
            next: RefCell::new(vec![Some("second"), Some("third")]),
            ..Tokens::default()
        };
        let (outcome, sent) = exchange(
            vec![
                answer(401, None, ""),
                answer(401, None, ""),
                answer(200, None, ""),
            ],
            Some(&tokens),
        );
        assert_eq!(outcome.unwrap().1, Some(Secret::new("third")));
        assert_eq!(
            sent.iter().map(bearer).collect::<Vec<_>>(),
            ["old", "second", "third"]
        );
        assert_eq!(tokens.asked.borrow()[1].0.as_deref(), Some("second"));
    }

    #[test]
    fn without_a_hook_or_a_401_nothing_is_replayed() {
        let (outcome, sent) = exchange(vec![answer(401, None, "")], None);
        assert_eq!(outcome.unwrap().0.status, 401);
        assert_eq!(sent.len(), 1);
        let tokens = Tokens::default();
        for status in [200, 403, 404, 409, 500] {
            let (outcome, sent) = exchange(vec![answer(status, None, "")], Some(&tokens));
            assert_eq!(outcome.unwrap().0.status, status);
            assert_eq!(sent.len(), 1);
        }
        assert!(tokens.asked.borrow().is_empty());
    }
}
