//! SQL for tokens. Every statement is parameterised; filters come pre-compiled
//! from [`crate::filter`].

use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};
use serde_json::{json, Value};

use crate::filter::SqlFilter;
use crate::listing::Page;
use crate::text_index;

/// A stored token as the API shows it (never its value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub version: i64,
    pub created_at: String,
    pub modified_at: String,
}

impl TokenRow {
    const COLUMNS: &'static str = "id, name, version, created_at, modified_at";

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            name: row.get(1)?,
            version: row.get(2)?,
            created_at: row.get(3)?,
            modified_at: row.get(4)?,
        })
    }

    /// The `TokenResponse` JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "metadata": {
                "version": self.version,
                "createdAt": self.created_at,
                "modifiedAt": self.modified_at,
            }
        })
    }
}

/// The index drives a `~` search when it narrows the tenant's tokens to at most this
/// share (1/N); past that, walking them in sort order and testing each is cheaper.
const INDEX_SELECTIVITY: u64 = 10;

/// How many tokens the tenant has.
pub fn tenant_size(conn: &Connection, tenant: &str) -> rusqlite::Result<u64> {
    let count: Option<i64> = conn
        .prepare_cached("SELECT tokens FROM token_counts WHERE tenant = ?")?
        .query_row([tenant], |r| r.get(0))
        .optional()?;
    Ok(count.unwrap_or(0).max(0) as u64)
}

/// One page of the tenant's tokens matching `filter`, in `order`, and the total when asked.
pub fn list(
    conn: &Connection,
    tenant: &str,
    filter: &SqlFilter,
    order: &str,
    page: Page,
    with_total: bool,
) -> rusqlite::Result<(Vec<TokenRow>, Option<u64>)> {
    let candidates = match &filter.text_query {
        Some(query) => {
            text_index::candidates(conn, query, tenant_size(conn, tenant)? / INDEX_SELECTIVITY)?
        }
        None => None,
    };
    // Rows come from the index's candidates when it narrowed them (CROSS JOIN keeps them
    // the outer loop), else from the tenant's rows.
    let from = if candidates.is_some() {
        "rarray(?) AS candidates CROSS JOIN tokens ON tokens.rowid = candidates.value"
    } else {
        "tokens"
    };
    let where_clause = format!("tenant = ? AND ({})", filter.sql);
    let mut args: Vec<&dyn ToSql> = Vec::with_capacity(filter.params.len() + 4);
    if let Some(rowids) = &candidates {
        args.push(rowids);
    }
    args.push(&tenant);
    args.extend(filter.params.iter().map(|p| p as &dyn ToSql));
    let total = match with_total {
        false => None,
        true if filter.matches_all() => Some(tenant_size(conn, tenant)?),
        true => {
            let sql = format!("SELECT count(*) FROM {from} WHERE {where_clause}");
            let count: i64 = conn
                .prepare_cached(&sql)?
                .query_row(&args[..], |r| r.get(0))?;
            Some(count as u64)
        }
    };
    let sql = format!(
        "SELECT {} FROM {from} WHERE {where_clause} ORDER BY {order} LIMIT ? OFFSET ?",
        TokenRow::COLUMNS
    );
    let limit = i64::from(page.size);
    let offset = page.offset().min(i64::MAX as u64) as i64;
    args.push(&limit);
    args.push(&offset);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(&args[..], TokenRow::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total))
}

/// The token with this id, if any.
pub fn get(conn: &Connection, tenant: &str, id: &str) -> rusqlite::Result<Option<TokenRow>> {
    let sql = format!(
        "SELECT {} FROM tokens WHERE tenant = ? AND id = ?",
        TokenRow::COLUMNS
    );
    conn.query_row(&sql, params![tenant, id], TokenRow::from_row)
        .optional()
}

/// Creates a token at version 1.
pub fn insert(
    conn: &Connection,
    tenant: &str,
    row: &TokenRow,
    value_hash: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO tokens (tenant, id, name, name_fold, value_hash, version, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
            tenant,
            row.id,
            row.name,
            row.name.to_lowercase(),
            value_hash,
            row.version,
            row.created_at,
            row.modified_at
    ])?;
    Ok(())
}

/// Renames a token and bumps its version.
pub fn rename(
    conn: &Connection,
    tenant: &str,
    id: &str,
    name: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tokens SET name = ?, name_fold = ?, version = version + 1, modified_at = ?
         WHERE tenant = ? AND id = ?",
        params![name, name.to_lowercase(), now, tenant, id],
    )?;
    Ok(())
}

/// Deletes a token; false when there was none.
pub fn delete(conn: &Connection, tenant: &str, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute(
        "DELETE FROM tokens WHERE tenant = ? AND id = ?",
        params![tenant, id],
    )? > 0)
}
