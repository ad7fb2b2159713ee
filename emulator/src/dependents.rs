//! Agents and MCP servers, kept only as far as they reference tokens: listing them,
//! finding the ones that use a token, and unassigning a token from them.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use rusqlite::{params, Connection};
use serde_json::Value;

use crate::auth::{Session, READ};
use crate::error::{ApiError, ApiResult};
use crate::listing::{self, Fields, Page, QueryParams};
use crate::state::AppState;

/// A kind of entity that can reference tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Agent,
    McpServer,
}

impl Kind {
    /// Both kinds.
    pub const ALL: [Kind; 2] = [Kind::Agent, Kind::McpServer];

    fn table(self) -> &'static str {
        match self {
            Kind::Agent => "agents",
            Kind::McpServer => "mcp_servers",
        }
    }

    /// JSON paths (constants, never user input) where the kind references a token as `{"id": …}`.
    fn token_paths(self) -> &'static [&'static str] {
        match self {
            Kind::Agent => &[
                "$.llmConfig.token",
                "$.llmConfig.selfHostedParams.authorizationHeaderToken",
            ],
            Kind::McpServer => &["$.config.authorizationHeaderToken"],
        }
    }

    /// The name used in error `details[].field`.
    pub fn field_name(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::McpServer => "mcpServer",
        }
    }

    /// How a person calls one of these.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::McpServer => "MCP server",
        }
    }
}

/// An entity that references a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    pub kind: Kind,
    pub id: String,
    pub name: String,
}

fn display_name(doc: &Value) -> String {
    match doc.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(localized)) => localized
            .get("en")
            .or_else(|| localized.values().next())
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

/// Stores (or replaces) an agent or MCP server document; its id is `doc.id`.
pub fn put(conn: &Connection, kind: Kind, tenant: &str, doc: &Value) -> rusqlite::Result<()> {
    let id = doc.get("id").and_then(Value::as_str).unwrap_or_default();
    conn.execute(
        &format!(
            "INSERT OR REPLACE INTO {} (tenant, id, doc) VALUES (?, ?, ?)",
            kind.table()
        ),
        params![tenant, id, doc.to_string()],
    )?;
    Ok(())
}

fn matching_clause(kind: Kind) -> String {
    kind.token_paths()
        .iter()
        .map(|path| format!("json_extract(doc, '{path}.id') = ?2"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// Every agent and MCP server of the tenant that references the token.
pub fn find(conn: &Connection, tenant: &str, token_id: &str) -> rusqlite::Result<Vec<Dependent>> {
    let mut found = Vec::new();
    for kind in Kind::ALL {
        let sql = format!(
            "SELECT id, doc FROM {} WHERE tenant = ?1 AND ({}) ORDER BY id",
            kind.table(),
            matching_clause(kind)
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![tenant, token_id], |r| {
            let doc: String = r.get(1)?;
            Ok(Dependent {
                kind,
                id: r.get(0)?,
                name: serde_json::from_str(&doc)
                    .map_or_else(|_| String::new(), |d| display_name(&d)),
            })
        })?;
        for row in rows {
            found.push(row?);
        }
    }
    Ok(found)
}

/// Removes every reference to the token; agents that used it are disabled. Bumps their versions.
pub fn unassign(
    conn: &Connection,
    tenant: &str,
    token_id: &str,
    now: &str,
) -> rusqlite::Result<()> {
    for kind in Kind::ALL {
        for path in kind.token_paths() {
            let disable = if kind == Kind::Agent {
                ", '$.enabled', json('false')"
            } else {
                ""
            };
            let sql = format!(
                "UPDATE {table} SET doc = json_set(json_remove(doc, '{path}'){disable},
                     '$.metadata.version', coalesce(json_extract(doc, '$.metadata.version'), 0) + 1,
                     '$.metadata.modifiedAt', ?3)
                 WHERE tenant = ?1 AND json_extract(doc, '{path}.id') = ?2",
                table = kind.table()
            );
            conn.execute(&sql, params![tenant, token_id, now])?;
        }
    }
    Ok(())
}

fn list(
    state: &AppState,
    kind: Kind,
    tenant: &str,
    params: &QueryParams,
    with_total: bool,
) -> ApiResult<Response> {
    let page = Page::from_params(params)?;
    let fields = Fields::from_params(params);
    let conn = state.db();
    let sql = format!(
        "SELECT doc FROM {} WHERE tenant = ? ORDER BY id LIMIT ? OFFSET ?",
        kind.table()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(
            params![tenant, page.size, page.offset().min(i64::MAX as u64) as i64],
            |r| r.get::<_, String>(0),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter_map(|doc| serde_json::from_str(&doc).ok())
        .map(|doc| fields.project(doc))
        .collect();
    let total = if with_total {
        let sql = format!("SELECT count(*) FROM {} WHERE tenant = ?", kind.table());
        Some(conn.query_row(&sql, [tenant], |r| r.get::<_, i64>(0))? as u64)
    } else {
        None
    };
    Ok(listing::list_response(items, total))
}

/// `GET /ai-service/{tenant}/agentic/{collection}` for `agents` and `mcp-servers`.
pub async fn list_collection(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, collection)): Path<(String, String)>,
    query: Result<Query<QueryParams>, QueryRejection>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let kind = match collection.as_str() {
        "agents" => Kind::Agent,
        "mcp-servers" => Kind::McpServer,
        _ => return Err(ApiError::not_found("collection", &collection)),
    };
    session.authorize(&tenant, READ)?;
    list(
        &state,
        kind,
        &tenant,
        &listing::query_params(query)?,
        listing::wants_total(&headers),
    )
}
