//! The trigram index that narrows `~` (regular expression) filters on token names and ids.
//!
//! `tokens_trigrams` is a contentless FTS5 table with the case-sensitive trigram
//! tokenizer over each token's name and id as stored, sharing the rowids of `tokens`
//! and kept in step with it by triggers. A pattern's required runs
//! ([`crate::pattern::required_runs`]) become trigram terms, each position spelled in
//! every variant its class allows, so every row the pattern matches holds the terms.
//! The index only chooses which rows to look at: the `REGEXP` predicate still decides
//! every row, so results never depend on whether the index was used.

use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::pattern::Slot;

/// The index table and the triggers that keep it in step with `tokens`; drops the
/// case-folded index that served `~` as a substring test.
pub const SCHEMA: &str = "
DROP TRIGGER IF EXISTS tokens_text_insert;
DROP TRIGGER IF EXISTS tokens_text_delete;
DROP TRIGGER IF EXISTS tokens_text_update;
DROP TABLE IF EXISTS tokens_text;
CREATE VIRTUAL TABLE IF NOT EXISTS tokens_trigrams USING fts5(
    name, id, content='', contentless_delete=1, tokenize='trigram case_sensitive 1'
);
CREATE TRIGGER IF NOT EXISTS tokens_trigrams_insert AFTER INSERT ON tokens BEGIN
    INSERT INTO tokens_trigrams (rowid, name, id) VALUES (new.rowid, new.name, new.id);
END;
CREATE TRIGGER IF NOT EXISTS tokens_trigrams_delete AFTER DELETE ON tokens BEGIN
    DELETE FROM tokens_trigrams WHERE rowid = old.rowid;
END;
CREATE TRIGGER IF NOT EXISTS tokens_trigrams_update AFTER UPDATE OF name, id ON tokens BEGIN
    DELETE FROM tokens_trigrams WHERE rowid = old.rowid;
    INSERT INTO tokens_trigrams (rowid, name, id) VALUES (new.rowid, new.name, new.id);
END;
";

/// The table [`SCHEMA`] creates.
pub const TABLE: &str = "tokens_trigrams";

/// Fills the index from `tokens` (for a database made before the index existed).
pub const FILL: &str =
    "INSERT INTO tokens_trigrams (rowid, name, id) SELECT rowid, name, id FROM tokens";

/// Characters per indexed term; shorter runs are left to the scan.
const TRIGRAM: usize = 3;

/// Most spellings of one trigram put in a query; a trigram with more is skipped.
const MAX_SPELLINGS: usize = 27;

/// Which indexed text a pattern is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Id,
}

fn spellings(slots: &[Slot]) -> Vec<String> {
    slots.iter().fold(vec![String::new()], |prefixes, slot| {
        prefixes
            .iter()
            .flat_map(|p| slot.iter().map(move |c| format!("{p}{c}")))
            .collect()
    })
}

fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// An FTS5 query matching every row whose column holds all of `runs` (a few more rows
/// may match, never fewer). `None` when the index cannot help: no run of three or more
/// positions, too many spellings, or a NUL, which FTS5 query text cannot carry.
pub fn matching(column: Column, runs: &[Vec<Slot>]) -> Option<String> {
    let mut terms = Vec::new();
    for run in runs.iter().filter(|run| run.len() >= TRIGRAM) {
        // Trigrams side by side, and the last three: fewer terms than every
        // overlapping trigram, and as selective in practice.
        let last = run.len() - TRIGRAM;
        let mut starts: Vec<usize> = (0..last).step_by(TRIGRAM).collect();
        starts.push(last);
        for at in starts {
            let trigram = &run[at..at + TRIGRAM];
            let count: usize = trigram.iter().map(Vec::len).product();
            if count > MAX_SPELLINGS || trigram.iter().flatten().any(|c| *c == '\0') {
                continue;
            }
            let words: Vec<String> = spellings(trigram).iter().map(|t| quoted(t)).collect();
            let term = match &words[..] {
                [one] => one.clone(),
                many => format!("({})", many.join(" OR ")),
            };
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    let column = match column {
        Column::Name => "name",
        Column::Id => "id",
    };
    (!terms.is_empty()).then(|| format!("{column} : ({})", terms.join(" AND ")))
}

/// The rowids (ascending, any tenant) matching `query`, or `None` when there are more
/// than `limit` of them.
pub fn candidates(
    conn: &Connection,
    query: &str,
    limit: u64,
) -> rusqlite::Result<Option<Rc<Vec<Value>>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM tokens_trigrams WHERE tokens_trigrams MATCH ? LIMIT ?",
    )?;
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
        "INSERT INTO tokens_trigrams (tokens_trigrams) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;
    use crate::pattern;
    use crate::token_store::{self, TokenRow};
    use proptest::prelude::*;

    fn query(column: Column, pattern: &str) -> Option<String> {
        matching(column, &pattern::required_runs(pattern))
    }

    #[test]
    fn runs_become_covering_trigrams() {
        assert_eq!(query(Column::Name, "ab"), None);
        assert_eq!(query(Column::Name, "a\\x00bc"), None);
        assert_eq!(query(Column::Name, "a|bcd"), None);
        assert_eq!(query(Column::Id, "abc").as_deref(), Some(r#"id : ("abc")"#));
        assert_eq!(
            query(Column::Name, "OpenAI prod").as_deref(),
            Some(r#"name : ("Ope" AND "nAI" AND " pr" AND "rod")"#)
        );
        assert_eq!(
            query(Column::Name, r#"a"bcd.*xyz"#).as_deref(),
            Some(r#"name : ("a""b" AND "bcd" AND "xyz")"#)
        );
        assert_eq!(
            query(Column::Name, "(?i)ab1").as_deref(),
            Some(r#"name : (("AB1" OR "Ab1" OR "aB1" OR "ab1"))"#)
        );
    }

    /// Characters that fold in unusual ways, regex syntax and FTS5 query syntax.
    const ALPHABET: &str = "aAbBkKsS0 -_\"'*():.ßẞİıΣσςſ\u{212A}Ää";

    fn text(max: usize) -> impl Strategy<Value = String> {
        let chars: Vec<char> = ALPHABET.chars().collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..max)
            .prop_map(|c| c.into_iter().collect())
    }

    fn rowids(conn: &Connection, sql: &str, pattern: &str) -> Vec<i64> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([pattern], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The index never loses a row the `REGEXP` predicate of the filter keeps.
        #[test]
        fn candidates_include_every_matching_row(
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
                let literal = regex::escape(needle);
                for pattern in [literal.clone(), format!("(?i){literal}"), format!("{literal}.*s")] {
                    let checks = [
                        (Column::Name, "SELECT rowid FROM tokens WHERE name REGEXP ?"),
                        (Column::Id, "SELECT rowid FROM tokens WHERE id REGEXP ?"),
                    ];
                    for (column, scan) in checks {
                        let Some(query) = query(column, &pattern) else { continue };
                        let found = candidates(&conn, &query, u64::MAX).unwrap().unwrap();
                        for rowid in rowids(&conn, scan, &pattern) {
                            prop_assert!(found.contains(&Value::Integer(rowid)), "{query} misses row {rowid}");
                        }
                    }
                }
            }
        }
    }
}
