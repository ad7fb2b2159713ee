//! "Go to token": the tokens whose name contains the typed text, plus the token whose id is
//! exactly that text, fetched with the list request the token list uses.

use futures::future::join;
use qlang::SortKey;

use crate::tokens::token_id::check_id;
use ai_client::{ApiError, Client, ListQuery, Token};

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

/// Fetches the matches for `typed` (both requests at once); dropping the future aborts them.
pub async fn find_tokens(client: &Client, typed: &str) -> Result<Vec<Token>, ApiError> {
    let Some((by_name, by_id)) = search_queries(typed) else {
        return Ok(Vec::new());
    };
    let names = client.list_tokens(&by_name);
    let Some(by_id) = by_id else {
        return Ok(names.await?.items);
    };
    let (names, ids) = join(names, client.list_tokens(&by_id)).await;
    Ok(merge_matches(ids?.items, names?.items))
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
        assert_eq!(by_name.query.as_deref(), Some("name:~((?i)openai-prod)"));
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
        assert_eq!(
            by_name.query.as_deref(),
            Some(r"name:~((?i)prod key \\x28EU\\x29)")
        );
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
}
