//! The SQLite database: opening it and its schema.

use std::path::Path;

use rusqlite::Connection;

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

CREATE TABLE IF NOT EXISTS agents (
    tenant TEXT NOT NULL,
    id     TEXT NOT NULL,
    doc    TEXT NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE TABLE IF NOT EXISTS mcp_servers (
    tenant TEXT NOT NULL,
    id     TEXT NOT NULL,
    doc    TEXT NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE IF NOT EXISTS clients (
    client_id   TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    tenant      TEXT NOT NULL,
    scopes      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_key  TEXT PRIMARY KEY,
    tenant     TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS seeds (name TEXT PRIMARY KEY);
";

/// Opens the database file (or an in-memory one) and creates the schema.
pub fn open(path: Option<&Path>) -> rusqlite::Result<Connection> {
    let conn = match path {
        Some(path) => Connection::open(path)?,
        None => Connection::open_in_memory()?,
    };
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}
