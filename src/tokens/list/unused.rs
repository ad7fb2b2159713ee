//! "Unused tokens": the tokens no agent, tool, MCP server or OAuth configuration
//! references. The API cannot be asked for them: `q` lists ids (`id:(a,b)`) but has no
//! negation, and which tokens are unreferenced is only known from the users' side. So with
//! the filter on, the list reads every token of the search once (in the search's own order,
//! pages of 100, as the export does), keeps them while the admin turns the filter's pages,
//! and pages the unreferenced ones itself against the list's [`UseCounts`].

use ai_client::{Token, UseCounts};

use crate::tokens::list_state::ListState;

/// Every token of one search, read to its end.
#[derive(Debug, Clone, PartialEq)]
pub struct WholeSearch {
    /// The list state it was read for (only its search, mode and sort matter).
    pub of: ListState,
    /// The tokens, in the search's order.
    pub tokens: Vec<Token>,
}

impl WholeSearch {
    /// Whether it holds the tokens `state` searches for.
    pub fn serves(&self, state: &ListState) -> bool {
        self.of.same_search(state)
    }
}

/// The page `state` asks for of the tokens in `tokens` that `counts` knows to be unused,
/// and how many those are in all; `None` while a list of users could not be read (then no
/// token is known to be unused).
pub fn unused_page(
    tokens: &[Token],
    counts: &UseCounts,
    state: &ListState,
) -> Option<(Vec<Token>, u64)> {
    if !counts.is_complete() {
        return None;
    }
    let size = state.size as usize;
    let skip = (state.page.max(1) as usize - 1).saturating_mul(size);
    let mut total = 0u64;
    let mut rows = Vec::with_capacity(size);
    for token in tokens.iter().filter(|t| counts.is_unused(&t.id)) {
        if total >= skip as u64 && rows.len() < size {
            rows.push(token.clone());
        }
        total += 1;
    }
    Some((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ai_client::{ApiError, References, UserKind};
    use serde_json::json;

    fn tokens(count: u32) -> Vec<Token> {
        (0..count)
            .map(|i| Token {
                id: format!("t{i:03}"),
                name: None,
                metadata: None,
            })
            .collect()
    }

    /// Every third token (t000, t003, …) is some agent's LLM token.
    fn references(count: u32) -> References {
        let agents = (0..count)
            .step_by(3)
            .map(|i| json!({"id": format!("a{i}"), "llmConfig": {"token": {"id": format!("t{i:03}")}}}))
            .collect();
        let mut references = References::default();
        references.add(UserKind::Agent, agents);
        references
    }

    fn ids(rows: &[Token]) -> Vec<&str> {
        rows.iter().map(|t| t.id.as_str()).collect()
    }

    fn on_page(page: u32, size: u32) -> ListState {
        ListState {
            unused: true,
            ..ListState::default().with_size(size).with_page(page)
        }
    }

    #[test]
    fn pages_the_unreferenced_tokens_in_the_search_order() {
        let all = tokens(30);
        let counts = references(30).counts();
        let (first, total) = unused_page(&all, &counts, &on_page(1, 10)).unwrap();
        assert_eq!(total, 20);
        assert_eq!(
            ids(&first),
            ["t001", "t002", "t004", "t005", "t007", "t008", "t010", "t011", "t013", "t014"]
        );
        let (second, _) = unused_page(&all, &counts, &on_page(2, 10)).unwrap();
        assert_eq!(ids(&second)[..2], ["t016", "t017"]);
        assert_eq!(second.len(), 10);
        let (beyond, total) = unused_page(&all, &counts, &on_page(3, 10)).unwrap();
        assert!(beyond.is_empty());
        assert_eq!(total, 20);
        let reversed: Vec<Token> = all.iter().rev().cloned().collect();
        let (first, _) = unused_page(&reversed, &counts, &on_page(1, 10)).unwrap();
        assert_eq!(ids(&first)[..3], ["t029", "t028", "t026"]);
    }

    #[test]
    fn none_while_a_list_of_users_could_not_be_read() {
        let mut references = references(6);
        references.fail(UserKind::OAuth, ApiError::Timeout);
        assert_eq!(
            unused_page(&tokens(6), &references.counts(), &on_page(1, 10)),
            None
        );
    }

    #[test]
    fn a_whole_search_serves_every_page_and_filter_of_that_search() {
        let read = WholeSearch {
            of: ListState::from_query_string("?q=open&sort=name:desc&unused=1"),
            tokens: tokens(3),
        };
        assert!(read.serves(&ListState::from_query_string(
            "?q=open&sort=name:desc&unused=1&page=4&size=50"
        )));
        assert!(!read.serves(&ListState::from_query_string(
            "?q=open&sort=name:asc&unused=1"
        )));
        assert!(!read.serves(&ListState::from_query_string(
            "?q=ope&sort=name:desc&unused=1"
        )));
    }
}
