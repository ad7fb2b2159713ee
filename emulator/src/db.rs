//! The SQLite database: opening it and its schema.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use crate::{entity_store, pattern};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tokens (
    tenant      TEXT NOT NULL,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_fold   TEXT NOT NULL,
    value_hash  TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS tokens_by_name     ON tokens (tenant, name_fold, name, id);
CREATE INDEX IF NOT EXISTS tokens_by_created  ON tokens (tenant, created_at, id);
CREATE INDEX IF NOT EXISTS tokens_by_modified ON tokens (tenant, modified_at, id);
CREATE INDEX IF NOT EXISTS tokens_by_version  ON tokens (tenant, version, id);

CREATE TABLE IF NOT EXISTS clients (
    client_id   TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    tenant      TEXT NOT NULL,
    scopes      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_key  TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    tenant     TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_client ON sessions (client_id, expires_at);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS seeds (name TEXT PRIMARY KEY);
";

/// Indexes and counts that earlier versions kept for lists and `~` searches, which
/// [`crate::token_copy`] now answers in memory.
const RETIRED: &str = "
DROP TRIGGER IF EXISTS token_counts_insert;
DROP TRIGGER IF EXISTS token_counts_delete;
DROP TRIGGER IF EXISTS token_counts_move;
DROP TABLE IF EXISTS token_counts;
DROP TRIGGER IF EXISTS tokens_text_insert;
DROP TRIGGER IF EXISTS tokens_text_delete;
DROP TRIGGER IF EXISTS tokens_text_update;
DROP TABLE IF EXISTS tokens_text;
DROP TRIGGER IF EXISTS tokens_trigrams_insert;
DROP TRIGGER IF EXISTS tokens_trigrams_delete;
DROP TRIGGER IF EXISTS tokens_trigrams_update;
DROP TABLE IF EXISTS tokens_trigrams;
";

fn table_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row("SELECT 1 FROM sqlite_master WHERE name = ?", [name], |_| {
        Ok(())
    })
    .optional()
    .map(|found| found.is_some())
}

fn column_exists(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM pragma_table_info(?) WHERE name = ?",
        [table, column],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
}

/// Opens the database file (or an in-memory one) and creates the schema; tables an
/// earlier version kept are dropped.
pub fn open(path: Option<&Path>) -> rusqlite::Result<Connection> {
    let mut conn = match path {
        Some(path) => Connection::open(path)?,
        None => Connection::open_in_memory()?,
    };
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    rusqlite::vtab::array::load_module(&conn)?;
    pattern::register(&conn)?;
    let tx = conn.transaction()?;
    if table_exists(&tx, "sessions")? && !column_exists(&tx, "sessions", "client_id")? {
        // Sessions from before they named their client: their holders simply sign in again.
        tx.execute_batch("DROP TABLE sessions")?;
    }
    tx.execute_batch(SCHEMA)?;
    tx.execute_batch(RETIRED)?;
    tx.execute_batch(entity_store::SCHEMA)?;
    tx.commit()?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_database_loses_retired_tables_and_renews_sessions() {
        let dir = std::env::temp_dir().join(format!("emulator-db-upgrade-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("old.sqlite");
        {
            let conn = Connection::open(&file).unwrap();
            conn.execute_batch(
                "CREATE TABLE tokens (tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
                   name_fold TEXT NOT NULL, value_hash TEXT NOT NULL, version INTEGER NOT NULL,
                   created_at TEXT NOT NULL, modified_at TEXT NOT NULL, PRIMARY KEY (tenant, id));",
            )
            .unwrap();
            conn.execute(
                "INSERT INTO tokens VALUES ('t', 'Old-Key', 'Old key', 'old key', 'h', 1, 'c', 'm')",
                [],
            )
            .unwrap();
            conn.execute_batch(
                "CREATE TABLE sessions (token_key TEXT PRIMARY KEY, tenant TEXT NOT NULL,
                   scopes TEXT NOT NULL, expires_at INTEGER NOT NULL);
                 INSERT INTO sessions VALUES ('k', 't', 's', 0);
                 CREATE TABLE token_counts (tenant TEXT PRIMARY KEY, tokens INTEGER NOT NULL);
                 CREATE VIRTUAL TABLE tokens_trigrams USING fts5(name, id, tokenize='trigram');
                 CREATE TRIGGER tokens_trigrams_insert AFTER INSERT ON tokens BEGIN
                     INSERT INTO tokens_trigrams (rowid, name, id) VALUES (new.rowid, new.name, new.id);
                 END;",
            )
            .unwrap();
        }
        let conn = open(Some(&file)).unwrap();
        assert!(!table_exists(&conn, "token_counts").unwrap());
        assert!(!table_exists(&conn, "tokens_trigrams").unwrap());
        let kept: i64 = conn
            .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 1);
        assert!(column_exists(&conn, "sessions", "client_id").unwrap());
        drop(conn);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
