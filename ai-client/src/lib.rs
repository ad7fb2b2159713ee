//! The typed client of the Emporix AI Service. Pure Rust: [`request`] builds requests,
//! [`response`] interprets responses, and a [`Transport`] sends them — the browser's
//! `fetch` with the `browser` feature, a scripted one in native tests. Errors are data;
//! the app turns them into sentences in the admin's language.

pub mod encode;
pub mod error;
pub mod model;
pub mod renew;
pub mod repoint;
pub mod request;
pub mod response;
pub mod transport;
pub mod users;

#[cfg(test)]
mod testing;

pub use error::{ApiError, AuthFailure, FieldError, RequestProblem};
pub use model::{Metadata, PatchKind, PatchOp, Secret, Token, TokenDraft};
pub use renew::{Reauthenticate, Renewal};
pub use repoint::{Repointed, Slots};
pub use request::{ClientCredentials, Endpoint, HttpRequest, ListQuery, Method};
pub use response::{Grant, HttpResponse, Page, Saved};
#[cfg(feature = "browser")]
pub use transport::Fetch;
pub use transport::{Sending, Transport};
pub use users::{
    FieldKind, References, TokenField, TokenUser, Unchecked, Usage, UseCount, UseCounts, UserKind,
};

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Exchanges client credentials for a session at `POST {base_url}/oauth/token`.
pub async fn sign_in(
    transport: &dyn Transport,
    base_url: &str,
    credentials: &ClientCredentials,
) -> Result<Grant, ApiError> {
    let response = transport
        .send(&request::oauth_token(base_url, credentials))
        .await?;
    response::grant(&response)
}

/// The token operations for one session: request → transport → response. With a
/// [`Reauthenticate`] hook, a request the API refuses with 401 waits for a new token and
/// is sent again (see [`renew`]); the caller sees only the replay's outcome. Clones share
/// the endpoint, so a renewed token serves their later calls too.
#[derive(Clone)]
pub struct Client {
    endpoint: Rc<RefCell<Endpoint>>,
    transport: Rc<dyn Transport>,
    reauth: Option<Rc<dyn Reauthenticate>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint.borrow())
            .field("reauthenticates", &self.reauth.is_some())
            .finish()
    }
}

impl Client {
    /// A client for `endpoint` that sends through `transport`; a 401 fails the call.
    pub fn new(endpoint: Endpoint, transport: Rc<dyn Transport>) -> Self {
        Self {
            endpoint: Rc::new(RefCell::new(endpoint)),
            transport,
            reauth: None,
        }
    }

    /// This client, asking `reauth` for a new token when a request gets a 401.
    pub fn with_reauth(self, reauth: Rc<dyn Reauthenticate>) -> Self {
        Self {
            reauth: Some(reauth),
            ..self
        }
    }

    /// Where it sends requests, and as whom (the latest token).
    pub fn endpoint(&self) -> Endpoint {
        self.endpoint.borrow().clone()
    }

    /// Builds a request for the current endpoint, sends it, and replays it after a renewal.
    /// Not generic and boxed: every operation shares this one copy of the send machinery.
    fn send<'a>(
        &'a self,
        build: &dyn Fn(&Endpoint) -> Result<HttpRequest, ApiError>,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + 'a>> {
        let request = build(&self.endpoint.borrow());
        Box::pin(async move {
            let send = |request: &HttpRequest| {
                let request = request.clone();
                async move { self.transport.send(&request).await }
            };
            let (response, renewed) =
                renew::send_renewing(request?, self.reauth.as_deref(), send).await?;
            if let Some(token) = renewed {
                self.endpoint.borrow_mut().access_token = token;
            }
            Ok(response)
        })
    }

    /// One page of tokens (a search when `query.query` is set).
    pub async fn list_tokens(&self, query: &ListQuery) -> Result<Page<Token>, ApiError> {
        response::list(&self.send(&|e| request::list_tokens(e, query)).await?)
    }

    /// One token, all fields.
    pub async fn get_token(&self, id: &str) -> Result<Token, ApiError> {
        response::token(&self.send(&|e| request::get_token(e, id, &[])).await?)
    }

    /// One token, only the `fields` asked for (`id` always comes back).
    pub async fn get_token_fields(&self, id: &str, fields: &[&str]) -> Result<Token, ApiError> {
        response::token(&self.send(&|e| request::get_token(e, id, fields)).await?)
    }

    /// Creates or updates the token `id`.
    pub async fn put_token(&self, id: &str, draft: &TokenDraft) -> Result<Saved, ApiError> {
        response::saved(&self.send(&|e| request::put_token(e, id, draft)).await?)
    }

    /// Applies PATCH operations to the token `id`.
    pub async fn patch_token(&self, id: &str, ops: &[PatchOp]) -> Result<(), ApiError> {
        response::no_content(&self.send(&|e| request::patch_token(e, id, ops)).await?)
    }

    /// Deletes the token `id`; without `force` a token in use gives [`ApiError::ForceRequired`].
    pub async fn delete_token(&self, id: &str, force: bool) -> Result<(), ApiError> {
        response::no_content(&self.send(&|e| request::delete_token(e, id, force)).await?)
    }

    /// Every document of the list of `kind`, read page by page to its end (see
    /// [`users::ListReading`]).
    pub async fn list_users(&self, kind: UserKind) -> Result<Vec<serde_json::Value>, ApiError> {
        let mut reading = users::ListReading::default();
        while let Some((page, size)) = reading.next_page() {
            let answer = self
                .send(&|e| request::list_users(e, kind, page, size))
                .await?;
            reading.add(response::documents(&answer)?)?;
        }
        Ok(reading.finish())
    }

    /// Every token reference of the tenant, from the agents, tools, MCP servers and OAuth
    /// configurations, each list read to its end. A list that fails is named in
    /// [`References::unchecked`]; after a 401 that no new sign-in answered, the lists not yet
    /// read are not asked for and carry the same error.
    pub async fn token_references(&self) -> References {
        let mut references = References::default();
        let mut refused = None;
        for kind in UserKind::ALL {
            if let Some(error) = &refused {
                references.fail(kind, ApiError::clone(error));
                continue;
            }
            match self.list_users(kind).await {
                Ok(documents) => references.add(kind, documents),
                Err(error) => {
                    if error.is_unauthorized() {
                        refused = Some(error.clone());
                    }
                    references.fail(kind, error);
                }
            }
        }
        references
    }

    /// One whole agent, tool, MCP server or OAuth configuration.
    pub async fn get_user(&self, kind: UserKind, id: &str) -> Result<serde_json::Value, ApiError> {
        let answer = self.send(&|e| request::get_user(e, kind, id)).await?;
        response::document(&answer)
    }

    /// Points the `slots` of the user `kind`/`id` to the token `to` (see
    /// [`repoint::repointed`]), starting from `document` as read, or from a fresh read. A
    /// 409 reads the user again and tries once more if a slot is still open.
    pub async fn repoint(
        &self,
        kind: UserKind,
        id: &str,
        document: Option<serde_json::Value>,
        slots: Slots<'_>,
        to: &str,
    ) -> Repointed {
        let mut document = match document {
            Some(document) => document,
            None => match self.get_user(kind, id).await {
                Ok(document) => document,
                Err(error) => return Repointed::Failed(error),
            },
        };
        let mut retried = false;
        loop {
            let Some(body) = repoint::repointed(kind, &document, slots, to) else {
                return match slots.hold(kind, &document, to) {
                    true => Repointed::Done,
                    false => Repointed::ChangedElsewhere,
                };
            };
            let answer = self.send(&|e| request::put_user(e, kind, id, &body)).await;
            match answer.and_then(|a| response::saved(&a)) {
                Ok(_) => return Repointed::Done,
                Err(ApiError::Conflict { .. }) if !retried => retried = true,
                Err(ApiError::Conflict { .. }) => return Repointed::ChangedElsewhere,
                Err(error) => return Repointed::Failed(error),
            }
            document = match self.get_user(kind, id).await {
                Ok(document) => document,
                Err(error) => return Repointed::Failed(error),
            };
        }
    }

    /// Who uses the token `token_id`, and which lists could not be checked.
    pub async fn token_users(&self, token_id: &str) -> Usage {
        self.token_references().await.of(token_id)
    }
}
