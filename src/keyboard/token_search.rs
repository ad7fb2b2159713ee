//! "Go to token": the tokens whose name contains the typed text, plus the token whose id is
//! exactly that text, fetched with the list request the token list uses.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

use qlang::SortKey;
use web_sys::AbortSignal;

use crate::api::{ApiError, Client, ListQuery, Token};
use crate::token_id::check_id;

/// How many tokens the palette lists at most.
pub const PAGE_SIZE: u32 = 8;

/// The fields an option needs.
const FIELDS: &[&str] = &["id", "name"];

/// The requests for `typed`: names containing it (sorted by name), and — when it could be
/// an id — the token with exactly that id. `None` when nothing is typed.
pub fn search_queries(typed: &str) -> Option<(ListQuery, Option<ListQuery>)> {
    let by_name = qlang::contains_clause("name", typed);
    if by_name.is_empty() {
        return None;
    }
    let list = |query: String, size: u32, sort: Vec<SortKey>| ListQuery {
        query: Some(query),
        page: 1,
        size,
        sort,
        fields: FIELDS.to_vec(),
    };
    let name_order = vec![SortKey {
        field: "name".into(),
        descending: false,
    }];
    let id = typed.trim();
    let by_id = check_id(id)
        .is_ok()
        .then(|| list(format!("id:{}", qlang::quote_value(id)), 1, Vec::new()));
    Some((list(by_name, PAGE_SIZE, name_order), by_id))
}

/// The id match first, then the name matches without it; at most [`PAGE_SIZE`].
pub fn merge_matches(by_id: Vec<Token>, by_name: Vec<Token>) -> Vec<Token> {
    let mut found = by_id;
    for token in by_name {
        if !found.iter().any(|t| t.id == token.id) {
            found.push(token);
        }
    }
    found.truncate(PAGE_SIZE as usize);
    found
}

/// Fetches the matches for `typed` (both requests at once); `signal` aborts them.
pub async fn find_tokens(
    client: &Client,
    typed: &str,
    signal: Option<&AbortSignal>,
) -> Result<Vec<Token>, ApiError> {
    let Some((by_name, by_id)) = search_queries(typed) else {
        return Ok(Vec::new());
    };
    let names = client.list_tokens(&by_name, signal);
    let Some(by_id) = by_id else {
        return Ok(names.await?.items);
    };
    let (names, ids) = both(names, client.list_tokens(&by_id, signal)).await;
    Ok(merge_matches(ids?.items, names?.items))
}

/// Runs two futures at once and waits for both.
async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut done_a, mut done_b) = (None, None);
    poll_fn(|cx| {
        if done_a.is_none() {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                done_a = Some(out);
            }
        }
        if done_b.is_none() {
            if let Poll::Ready(out) = b.as_mut().poll(cx) {
                done_b = Some(out);
            }
        }
        match (done_a.take(), done_b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                (done_a, done_b) = (a, b);
                Poll::Pending
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(id: &str) -> Token {
        Token {
            id: id.into(),
            name: Some(format!("{id} name")),
            metadata: None,
        }
    }

    #[test]
    fn a_name_search_is_a_contains_clause_and_an_id_search_an_exact_match() {
        let (by_name, by_id) = search_queries("  openai-prod ").unwrap();
        assert_eq!(by_name.query.as_deref(), Some("name:~(openai-prod)"));
        assert_eq!(by_name.size, PAGE_SIZE);
        assert_eq!(by_name.fields, ["id", "name"]);
        assert_eq!(by_name.sort[0].field, "name");
        let by_id = by_id.unwrap();
        assert_eq!(by_id.query.as_deref(), Some("id:\"openai-prod\""));
        assert_eq!(by_id.size, 1);
    }

    #[test]
    fn text_that_cannot_be_an_id_searches_names_only() {
        let (by_name, by_id) = search_queries("prod key (EU)").unwrap();
        assert_eq!(by_name.query.as_deref(), Some(r"name:~(prod key \(EU\))"));
        assert!(by_id.is_none());
        assert!(search_queries("   ").is_none());
    }

    #[test]
    fn the_id_match_comes_first_once() {
        let merged = merge_matches(vec![token("b")], vec![token("a"), token("b"), token("c")]);
        let ids: Vec<&str> = merged.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "c"]);
        let many = (0..20).map(|i| token(&i.to_string())).collect();
        assert_eq!(merge_matches(Vec::new(), many).len(), PAGE_SIZE as usize);
    }

    #[test]
    fn both_waits_for_both_futures() {
        let out = run_ready(both(async { 1 }, async { "two" }));
        assert_eq!(out, (1, "two"));
    }

    /// Polls a future that never waits to completion.
    fn run_ready<F: Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut future = pin!(future);
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }
}
