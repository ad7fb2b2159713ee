//! The typed Emporix client for agentic tokens. Pure Rust: [`request`] builds requests,
//! [`response`] interprets responses, and only [`transport`] talks to the browser.

pub mod encode;
pub mod error;
pub mod model;
pub mod request;
pub mod response;
pub mod transport;

pub use error::{ApiError, AuthFailure, FieldError};
pub use model::{
    Agent, Dependent, DependentKind, IdResponse, McpServer, Metadata, PatchKind, PatchOp, Secret,
    Token, TokenDraft,
};
pub use request::{ClientCredentials, Endpoint, HttpRequest, ListQuery, Method};
pub use response::{Grant, HttpResponse, Page, Saved};

use web_sys::AbortSignal;

/// Exchanges client credentials for a session at `POST {base_url}/oauth/token`.
pub async fn sign_in(base_url: &str, credentials: &ClientCredentials) -> Result<Grant, ApiError> {
    let response = transport::send(&request::oauth_token(base_url, credentials), None).await?;
    response::grant(&response)
}

/// The token operations for one session: request → transport → response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    endpoint: Endpoint,
}

impl Client {
    /// A client for `endpoint`.
    pub fn new(endpoint: Endpoint) -> Self {
        Self { endpoint }
    }

    /// Where it sends requests, and as whom.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    async fn send(
        &self,
        request: Result<HttpRequest, ApiError>,
        signal: Option<&AbortSignal>,
    ) -> Result<HttpResponse, ApiError> {
        transport::send(&request?, signal).await
    }

    /// One page of tokens (a search when `query.query` is set); `signal` cancels it.
    pub async fn list_tokens(
        &self,
        query: &ListQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<Page<Token>, ApiError> {
        response::list(
            &self
                .send(request::list_tokens(&self.endpoint, query), signal)
                .await?,
        )
    }

    /// One token, all fields.
    pub async fn get_token(&self, id: &str) -> Result<Token, ApiError> {
        response::token(
            &self
                .send(request::get_token(&self.endpoint, id, &[]), None)
                .await?,
        )
    }

    /// One token, only the `fields` asked for (`id` always comes back).
    pub async fn get_token_fields(&self, id: &str, fields: &[&str]) -> Result<Token, ApiError> {
        response::token(
            &self
                .send(request::get_token(&self.endpoint, id, fields), None)
                .await?,
        )
    }

    /// Creates or updates the token `id`.
    pub async fn put_token(&self, id: &str, draft: &TokenDraft) -> Result<Saved, ApiError> {
        response::saved(
            &self
                .send(request::put_token(&self.endpoint, id, draft), None)
                .await?,
        )
    }

    /// Applies PATCH operations to the token `id`.
    pub async fn patch_token(&self, id: &str, ops: &[PatchOp]) -> Result<(), ApiError> {
        response::no_content(
            &self
                .send(request::patch_token(&self.endpoint, id, ops), None)
                .await?,
        )
    }

    /// Deletes the token `id`; without `force` a token in use gives [`ApiError::ForceRequired`].
    pub async fn delete_token(&self, id: &str, force: bool) -> Result<(), ApiError> {
        response::no_content(
            &self
                .send(request::delete_token(&self.endpoint, id, force), None)
                .await?,
        )
    }

    /// The tenant's agents (first [`request::DEPENDENTS_PAGE_SIZE`]).
    pub async fn list_agents(&self) -> Result<Page<Agent>, ApiError> {
        response::list(
            &self
                .send(request::list_agents(&self.endpoint), None)
                .await?,
        )
    }

    /// The tenant's MCP servers (first [`request::DEPENDENTS_PAGE_SIZE`]).
    pub async fn list_mcp_servers(&self) -> Result<Page<McpServer>, ApiError> {
        response::list(
            &self
                .send(request::list_mcp_servers(&self.endpoint), None)
                .await?,
        )
    }

    /// The agents and MCP servers that use the token `token_id`.
    pub async fn dependents(&self, token_id: &str) -> Result<Vec<Dependent>, ApiError> {
        let agents = self.list_agents().await?;
        let servers = self.list_mcp_servers().await?;
        Ok(model::dependents(token_id, &agents.items, &servers.items))
    }
}
