//! The trigram index that serves `~` (contains) filters on token names and ids.
//!
//! `tokens_text` is a contentless FTS5 table with the trigram tokenizer (case-sensitive)
//! over each token's folded name (`name_fold`) and ASCII-folded id, sharing the rowids
//! of `tokens` and kept in step with it by triggers. Both sides are folded the way the
//! `instr` predicates of [`crate::filter`] fold them, so every row whose text contains
//! the needle holds each of the needle's trigrams. The index only chooses which rows
//! to look at: the filter's own predicate still decides every row, so results never
//! depend on whether the index was used.

use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::{params, Connection};

/// The index table and the triggers that keep it in step with `tokens`.
pub const SCHEMA: &str = "
CREATE VIRTUAL TABLE IF NOT EXISTS tokens_text USING fts5(
    name, id, content='', contentless_delete=1, tokenize='trigram case_sensitive 1'
);
CREATE TRIGGER IF NOT EXISTS tokens_text_insert AFTER INSERT ON tokens BEGIN
    INSERT INTO tokens_text (rowid, name, id) VALUES (new.rowid, new.name_fold, lower(new.id));
END;
CREATE TRIGGER IF NOT EXISTS tokens_text_delete AFTER DELETE ON tokens BEGIN
    DELETE FROM tokens_text WHERE rowid = old.rowid;
END;
CREATE TRIGGER IF NOT EXISTS tokens_text_update AFTER UPDATE OF name_fold, id ON tokens BEGIN
    DELETE FROM tokens_text WHERE rowid = old.rowid;
    INSERT INTO tokens_text (rowid, name, id) VALUES (new.rowid, new.name_fold, lower(new.id));
END;
";

/// Fills the index from `tokens` (for a database made before the index existed).
pub const FILL: &str =
    "INSERT INTO tokens_text (rowid, name, id) SELECT rowid, name_fold, lower(id) FROM tokens";

/// Characters per indexed term; shorter needles are left to the scan.
const TRIGRAM: usize = 3;

/// Which indexed text a needle is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The name folded with `str::to_lowercase` (`tokens.name_fold`).
    Name,
    /// The id folded with SQLite's ASCII `lower()`.
    Id,
}

/// An FTS5 query matching every row whose column contains `folded_needle`: the rows
/// holding trigrams that cover the needle (a few more rows may match, never fewer).
/// `None` when the index cannot answer (fewer than three characters, or a NUL,
/// which FTS5 query text cannot carry).
pub fn contains(column: Column, folded_needle: &str) -> Option<String> {
    let chars: Vec<char> = folded_needle.chars().collect();
    if chars.len() < TRIGRAM || chars.contains(&'\0') {
        return None;
    }
    // Trigrams side by side, and the last three characters: fewer terms than every
    // overlapping trigram, and as selective in practice.
    let last = chars.len() - TRIGRAM;
    let mut starts: Vec<usize> = (0..last).step_by(TRIGRAM).collect();
    starts.push(last);
    let mut terms: Vec<String> = starts
        .into_iter()
        .map(|at| {
            let trigram: String = chars[at..at + TRIGRAM].iter().collect();
            format!("\"{}\"", trigram.replace('"', "\"\""))
        })
        .collect();
    terms.dedup();
    let column = match column {
        Column::Name => "name",
        Column::Id => "id",
    };
    Some(format!("{column} : ({})", terms.join(" AND ")))
}

/// The rowids (ascending, any tenant) matching `query`, or `None` when there are more
/// than `limit` of them.
pub fn candidates(
    conn: &Connection,
    query: &str,
    limit: u64,
) -> rusqlite::Result<Option<Rc<Vec<Value>>>> {
    let mut stmt =
        conn.prepare_cached("SELECT rowid FROM tokens_text WHERE tokens_text MATCH ? LIMIT ?")?;
    let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
    let rowids = stmt
        .query_map(params![query, fetch], |r| {
            r.get::<_, i64>(0).map(Value::from)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rowids.len() as u64 <= limit).then(|| Rc::new(rowids)))
}

/// Merges the index into one segment (faster queries after a bulk load).
pub fn optimize(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO tokens_text (tokens_text) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;
    use crate::token_store::{self, TokenRow};
    use proptest::prelude::*;

    #[test]
    fn needles_become_covering_trigrams() {
        assert_eq!(contains(Column::Name, "ab"), None);
        assert_eq!(contains(Column::Name, "a\0bc"), None);
        assert_eq!(
            contains(Column::Id, "abc").as_deref(),
            Some(r#"id : ("abc")"#)
        );
        assert_eq!(
            contains(Column::Name, "openai prod").as_deref(),
            Some(r#"name : ("ope" AND "nai" AND " pr" AND "rod")"#)
        );
        assert_eq!(
            contains(Column::Name, r#"a"bcd"#).as_deref(),
            Some(r#"name : ("a""b" AND "bcd")"#)
        );
    }

    /// Characters that fold in unusual ways, and FTS5 query syntax.
    const ALPHABET: &str = "aAbB0 -_\"'*():ßẞİıΣσςÄäǅ";

    fn text(max: usize) -> impl Strategy<Value = String> {
        let chars: Vec<char> = ALPHABET.chars().collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..max)
            .prop_map(|c| c.into_iter().collect())
    }

    fn rowids(conn: &Connection, sql: &str, needle: &str) -> Vec<i64> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([needle], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The index never loses a row the `instr` predicates of the filter keep.
        #[test]
        fn candidates_include_every_containing_row(
            names in proptest::collection::vec(text(12), 1..30),
            needles in proptest::collection::vec(text(6), 1..10),
        ) {
            let conn = db::open(None).unwrap();
            for (i, name) in names.iter().enumerate() {
                let row = TokenRow {
                    id: format!("Id-{i}-{}", name.len()),
                    name: name.clone(),
                    version: 1,
                    created_at: "c".into(),
                    modified_at: "m".into(),
                };
                token_store::insert(&conn, "t", &row, "h").unwrap();
            }
            for needle in &needles {
                let checks = [
                    (Column::Name, needle.to_lowercase(), "SELECT rowid FROM tokens WHERE instr(name_fold, ?) > 0"),
                    (Column::Id, needle.to_ascii_lowercase(), "SELECT rowid FROM tokens WHERE instr(lower(id), ?) > 0"),
                ];
                for (column, folded, scan) in checks {
                    let Some(query) = contains(column, &folded) else { continue };
                    let found = candidates(&conn, &query, u64::MAX).unwrap().unwrap();
                    for rowid in rowids(&conn, scan, &folded) {
                        prop_assert!(found.contains(&Value::Integer(rowid)), "{query} misses row {rowid}");
                    }
                }
            }
        }
    }
}
