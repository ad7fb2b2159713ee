//! Paging through a search until it is exhausted: which page to ask for next, when to stop,
//! and every token once (a row that moves to the next page while the export runs is not
//! written twice).

use std::collections::BTreeSet;

use qlang::ParseError;

use crate::tokens::fields::ROW_FIELDS;
use crate::tokens::list_state::{ListState, PAGE_SIZES};
use ai_client::{ListQuery, Page, Token};

/// Tokens per request: the largest page size the list offers.
pub const EXPORT_PAGE_SIZE: u32 = PAGE_SIZES[PAGE_SIZES.len() - 1];

/// The fields the export asks for: a list row's, exactly what it writes, never `value`.
pub const FIELDS: &[&str] = ROW_FIELDS;

/// The tokens of a search fetched so far, and where to go on.
#[derive(Debug, Clone)]
pub struct Collected {
    query: ListQuery,
    tokens: Vec<Token>,
    seen: BTreeSet<String>,
    total: Option<u64>,
    done: bool,
    unused_only: bool,
}

impl Collected {
    /// Nothing fetched yet of the search `state` shows (its query, sort and "Unused tokens"
    /// filter; its page and page size do not matter). Fails when a raw query is not valid.
    pub fn new(state: &ListState) -> Result<Self, ParseError> {
        let query = ListQuery {
            page: 1,
            size: EXPORT_PAGE_SIZE,
            ..state.to_list_query(FIELDS)?
        };
        Ok(Self {
            query,
            tokens: Vec::new(),
            seen: BTreeSet::new(),
            total: None,
            done: false,
            unused_only: state.unused,
        })
    }

    /// The request for the next page; `None` once every page is in.
    pub fn next_query(&self) -> Option<&ListQuery> {
        (!self.done).then_some(&self.query)
    }

    /// Takes in the answer to [`Collected::next_query`]. The search is exhausted after a
    /// short page, once the server's total is reached, or when a full page brought no
    /// token not seen before (a server ignoring the page number).
    pub fn add(&mut self, page: Page<Token>) {
        let full = page.items.len() >= self.query.size as usize;
        let before = self.tokens.len();
        for token in page.items {
            if self.seen.insert(token.id.clone()) {
                self.tokens.push(token);
            }
        }
        if page.total.is_some() {
            self.total = page.total;
        }
        let reached = u64::from(self.query.page) * u64::from(self.query.size);
        self.done = !full
            || self.tokens.len() == before
            || self.total.is_some_and(|total| reached >= total);
        self.query.page += 1;
    }

    /// How many distinct tokens are in.
    pub fn count(&self) -> usize {
        self.tokens.len()
    }

    /// How many match, as the server last said.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Every token fetched, in the search's order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The same, owned.
    pub fn into_tokens(self) -> Vec<Token> {
        self.tokens
    }

    /// Whether only the tokens no user references are wanted (the filter is the app's: the
    /// API is asked for every token of the search).
    pub fn unused_only(&self) -> bool {
        self.unused_only
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::list_state::{Direction, SortColumn};

    fn tokens(range: std::ops::Range<u32>) -> Vec<Token> {
        range
            .map(|i| Token {
                id: format!("t{i:04}"),
                name: None,
                metadata: None,
            })
            .collect()
    }

    fn page(range: std::ops::Range<u32>, total: Option<u64>) -> Page<Token> {
        Page {
            items: tokens(range),
            total,
        }
    }

    fn searching(search: &str) -> Collected {
        let state =
            ListState::from_query_string(&format!("?q={search}&page=3&size=10&sort=name:desc"));
        Collected::new(&state).unwrap()
    }

    #[test]
    fn asks_for_the_searched_sorted_list_in_pages_of_100_without_values() {
        let collected = searching("openai");
        let query = collected.next_query().unwrap();
        assert_eq!(query.query.as_deref(), Some("name:~((?i)openai)"));
        assert_eq!((query.page, query.size), (1, 100));
        assert_eq!(query.sort[0].field, "name");
        assert!(query.sort[0].descending);
        assert_eq!(query.fields, FIELDS);
        assert!(!query.fields.iter().any(|f| f.contains("value")));
        let state = ListState {
            sort: Some((SortColumn::Created, Direction::Asc)),
            ..ListState::default()
        };
        let all = Collected::new(&state).unwrap();
        assert_eq!(all.next_query().unwrap().query, None);
    }

    #[test]
    fn the_unused_filter_is_remembered_not_sent() {
        let state =
            ListState::from_query_string("?q=openai&page=3&size=10&sort=name:desc&unused=1");
        let collected = Collected::new(&state).unwrap();
        assert!(collected.unused_only());
        assert_eq!(
            collected.next_query(),
            searching("openai").next_query(),
            "the API is asked for every token of the search"
        );
        assert!(!searching("openai").unused_only());
    }

    #[test]
    fn an_invalid_raw_query_is_refused() {
        let state = ListState::from_query_string("?q=name%3A%22open&raw=1");
        assert!(Collected::new(&state).is_err());
    }

    #[test]
    fn pages_until_a_short_page() {
        let mut collected = searching("x");
        collected.add(page(0..100, Some(250)));
        assert_eq!(collected.next_query().unwrap().page, 2);
        collected.add(page(100..200, Some(250)));
        assert_eq!((collected.count(), collected.total()), (200, Some(250)));
        collected.add(page(200..250, Some(250)));
        assert!(collected.next_query().is_none());
        let ids: Vec<&str> = collected.tokens().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), 250);
        assert_eq!(ids.first(), Some(&"t0000"));
        assert_eq!(ids.last(), Some(&"t0249"));
    }

    #[test]
    fn stops_at_the_total_without_asking_for_an_empty_page() {
        let mut collected = searching("x");
        collected.add(page(0..100, Some(200)));
        collected.add(page(100..200, Some(200)));
        assert!(collected.next_query().is_none());
    }

    #[test]
    fn without_a_total_an_empty_page_ends_it() {
        let mut collected = searching("x");
        collected.add(page(0..100, None));
        assert!(collected.next_query().is_some());
        collected.add(page(100..100, None));
        assert!(collected.next_query().is_none());
        assert_eq!((collected.count(), collected.total()), (100, None));
    }

    #[test]
    fn rows_that_shift_between_pages_are_kept_once() {
        let mut collected = searching("x");
        collected.add(page(0..100, Some(150)));
        // A token before the cursor was deleted: page 2 starts one row early.
        collected.add(page(99..149, Some(149)));
        assert!(collected.next_query().is_none());
        assert_eq!(collected.count(), 149);
    }

    #[test]
    fn a_server_repeating_the_first_page_cannot_loop_forever() {
        let mut collected = searching("x");
        collected.add(page(0..100, None));
        collected.add(page(0..100, None));
        assert!(collected.next_query().is_none());
        assert_eq!(collected.count(), 100);
    }

    #[test]
    fn nothing_matches() {
        let mut collected = searching("x");
        collected.add(page(0..0, Some(0)));
        assert!(collected.next_query().is_none());
        assert_eq!(collected.count(), 0);
    }
}
