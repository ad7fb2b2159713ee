//! The export's requests, through the session's client (so a 401 waits for the sign-in
//! dialog and is replayed): the agents and the MCP servers once, then the token pages one
//! after another. A failed run keeps what it fetched, so running it again resumes.

use super::{join, Collected, Format};
use ai_client::{Agent, ApiError, Client, McpServer, Page};

/// Why an export stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportError {
    /// A request failed.
    Api(ApiError),
    /// More agents or MCP servers exist than one request returns, so "used by" would be
    /// incomplete: how many there are.
    TooManyUsers(u64),
}

impl From<ApiError> for ExportError {
    fn from(e: ApiError) -> Self {
        ExportError::Api(e)
    }
}

/// One export: the search's tokens so far and, once fetched, the agents and MCP servers.
#[derive(Debug, Clone)]
pub struct Job {
    collected: Collected,
    users: Option<(Vec<Agent>, Vec<McpServer>)>,
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
            let agents = complete(client.list_agents().await?)?;
            let servers = complete(client.list_mcp_servers().await?)?;
            self.users = Some((agents, servers));
        }
        while let Some(query) = self.collected.next_query() {
            let page = client.list_tokens(query).await?;
            self.collected.add(page);
            let (done, total) = self.progress();
            progress(done, total);
        }
        Ok(())
    }

    /// The file's text and how many tokens it holds.
    pub fn write(&self, format: Format) -> (String, usize) {
        let (agents, servers) = self
            .users
            .as_ref()
            .map_or((&[][..], &[][..]), |(a, s)| (a.as_slice(), s.as_slice()));
        let rows = join(self.collected.tokens(), agents, servers);
        (format.write(&rows), rows.len())
    }
}

/// The items, unless the server says there are more than it sent.
fn complete<T>(page: Page<T>) -> Result<Vec<T>, ExportError> {
    match page.total {
        Some(total) if total > page.items.len() as u64 => Err(ExportError::TooManyUsers(total)),
        _ => Ok(page.items),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_list_of_users_is_an_error() {
        let page = |n: usize, total| Page {
            items: vec![(); n],
            total,
        };
        assert_eq!(complete(page(3, Some(3))).map(|v| v.len()), Ok(3));
        assert_eq!(complete(page(3, None)).map(|v| v.len()), Ok(3));
        assert_eq!(
            complete(page(1000, Some(1001))).map(|v| v.len()),
            Err(ExportError::TooManyUsers(1001))
        );
    }
}
