//! SQLite storage of agents, tools, MCP servers and OAuth configurations. Each is kept
//! as its whole JSON document, so fields the emulator does not model round-trip
//! unchanged and a change to one field leaves every other field as it was.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

/// A kind of entity of the AI Service other than tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Agent,
    Tool,
    McpServer,
    OAuth,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 4] = [Kind::Agent, Kind::Tool, Kind::McpServer, Kind::OAuth];

    fn table(self) -> &'static str {
        match self {
            Kind::Agent => "agents",
            Kind::Tool => "tools",
            Kind::McpServer => "mcp_servers",
            Kind::OAuth => "oauths",
        }
    }

    /// The kind served at `/ai-service/{tenant}/agentic/{collection}`.
    pub fn from_collection(collection: &str) -> Option<Self> {
        match collection {
            "agents" => Some(Kind::Agent),
            "tools" => Some(Kind::Tool),
            "mcp-servers" => Some(Kind::McpServer),
            "oauths" => Some(Kind::OAuth),
            _ => None,
        }
    }

    /// The name used in error `details[].field`.
    pub fn field_name(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::Tool => "tool",
            Kind::McpServer => "mcpServer",
            Kind::OAuth => "oauth",
        }
    }

    /// How a person calls one of these.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::Tool => "tool",
            Kind::McpServer => "MCP server",
            Kind::OAuth => "OAuth configuration",
        }
    }

    /// Top-level fields the official request schema requires on every document of
    /// this kind (the emulator checks these, not the whole schema).
    pub fn required_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Agent => &["name"],
            Kind::Tool => &["name", "type"],
            Kind::McpServer => &["name"],
            Kind::OAuth => &["url", "clientId", "grantType"],
        }
    }

    /// What a person would call the document: its name (English when localized), or
    /// the client id of an OAuth configuration, which has no name.
    pub fn display_name(self, doc: &Value) -> String {
        let field = if self == Kind::OAuth {
            "clientId"
        } else {
            "name"
        };
        doc.get(field).and_then(text).unwrap_or_default().to_owned()
    }
}

/// A string, or the text of a localized map (`{"en": …}`, else its first language).
pub fn text(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(localized) => localized
            .get("en")
            .or_else(|| localized.values().next())
            .and_then(Value::as_str),
        _ => None,
    }
}

/// The tables, one per kind.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS agents (
    tenant TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id)
);
CREATE TABLE IF NOT EXISTS tools (
    tenant TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id)
);
CREATE TABLE IF NOT EXISTS mcp_servers (
    tenant TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id)
);
CREATE TABLE IF NOT EXISTS oauths (
    tenant TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id)
);
";

fn parse(doc: String) -> rusqlite::Result<Value> {
    serde_json::from_str(&doc).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
}

/// The document with this id, if any.
pub fn get(
    conn: &Connection,
    kind: Kind,
    tenant: &str,
    id: &str,
) -> rusqlite::Result<Option<Value>> {
    let sql = format!(
        "SELECT doc FROM {} WHERE tenant = ? AND id = ?",
        kind.table()
    );
    conn.prepare_cached(&sql)?
        .query_row(params![tenant, id], |r| r.get::<_, String>(0))
        .optional()?
        .map(parse)
        .transpose()
}

/// Stores (or replaces) a document; its id is `doc.id`.
pub fn put(conn: &Connection, kind: Kind, tenant: &str, doc: &Value) -> rusqlite::Result<()> {
    let id = doc.get("id").and_then(Value::as_str).unwrap_or_default();
    let sql = format!(
        "INSERT OR REPLACE INTO {} (tenant, id, doc) VALUES (?, ?, ?)",
        kind.table()
    );
    conn.prepare_cached(&sql)?
        .execute(params![tenant, id, doc.to_string()])?;
    Ok(())
}

/// Deletes a document; false when there was none.
pub fn delete(conn: &Connection, kind: Kind, tenant: &str, id: &str) -> rusqlite::Result<bool> {
    let sql = format!("DELETE FROM {} WHERE tenant = ? AND id = ?", kind.table());
    Ok(conn.prepare_cached(&sql)?.execute(params![tenant, id])? > 0)
}

/// The tenant's documents in id order; with `mentioning`, only those whose JSON text
/// holds that string as a JSON string value (a cheap first cut, decided exactly later).
pub fn all(
    conn: &Connection,
    kind: Kind,
    tenant: &str,
    mentioning: Option<&str>,
) -> rusqlite::Result<Vec<Value>> {
    let needle = mentioning.map(|s| Value::from(s).to_string());
    let sql = format!(
        "SELECT doc FROM {} WHERE tenant = ?1 AND (?2 IS NULL OR instr(doc, ?2) > 0) ORDER BY id",
        kind.table()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let docs = stmt
        .query_map(params![tenant, needle], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    docs.into_iter().map(parse).collect()
}
