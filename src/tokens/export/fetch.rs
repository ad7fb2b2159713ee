//! The export's requests, through the session's client (so a 401 waits for the sign-in
//! dialog and is replayed): every page of the agents, tools, MCP servers and OAuth
//! configurations once, then the token pages one after another. A failed run keeps what it
//! fetched, so running it again resumes.

use super::{join, Collected, Format};
use ai_client::{ApiError, Client, References, Unchecked};

/// Reads the pages of `collected`'s search it does not have yet, one after another, and
/// tells `progress` the tokens in and the total after each. On an error `collected` keeps
/// what came, so calling it again resumes.
pub async fn fetch_rest(
    client: &Client,
    collected: &mut Collected,
    progress: &dyn Fn(usize, Option<u64>),
) -> Result<(), ApiError> {
    while let Some(query) = collected.next_query() {
        let page = client.list_tokens(query).await?;
        collected.add(page);
        progress(collected.count(), collected.total());
    }
    Ok(())
}

/// Why an export stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportError {
    /// A request failed.
    Api(ApiError),
    /// Some lists of token users could not be read, so "used by" would be incomplete.
    Unchecked(Vec<Unchecked>),
}

impl From<ApiError> for ExportError {
    fn from(e: ApiError) -> Self {
        ExportError::Api(e)
    }
}

/// One export: the search's tokens so far and, once read completely, who uses them.
#[derive(Debug, Clone)]
pub struct Job {
    collected: Collected,
    users: Option<References>,
}

impl Job {
    /// An export of `collected`'s search, nothing fetched yet.
    pub fn new(collected: Collected) -> Self {
        Self {
            collected,
            users: None,
        }
    }

    /// Tokens fetched so far, and how many match (when the server said).
    pub fn progress(&self) -> (usize, Option<u64>) {
        (self.collected.count(), self.collected.total())
    }

    /// Fetches what is missing. `progress` hears after every page; dropping the future
    /// stops it. On an error the job keeps what it has.
    pub async fn run(
        &mut self,
        client: &Client,
        progress: &dyn Fn(usize, Option<u64>),
    ) -> Result<(), ExportError> {
        if self.users.is_none() {
            let references = client.token_references().await;
            if !references.unchecked().is_empty() {
                return Err(ExportError::Unchecked(references.unchecked().to_vec()));
            }
            self.users = Some(references);
        }
        Ok(fetch_rest(client, &mut self.collected, progress).await?)
    }

    /// The file's text and how many tokens it holds: with the "Unused tokens" filter only
    /// those no user references (every list was read, or the export stopped before).
    pub fn write(&self, format: Format) -> (String, usize) {
        let users = self.users.clone().unwrap_or_default();
        let mut rows = join(self.collected.tokens(), &users);
        if self.collected.unused_only() {
            rows.retain(|row| row.used_by.is_empty());
        }
        (format.write(&rows), rows.len())
    }
}
