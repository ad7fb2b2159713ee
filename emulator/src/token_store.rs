//! SQL for tokens. Every statement is parameterised; filters come pre-compiled
//! from [`crate::filter`].

use std::rc::Rc;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};
use serde_json::{json, Value};

use crate::filter::SqlFilter;
use crate::listing::Page;
use crate::text_scan::TextScan;

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

/// The rows a `~` search matches are looked up one by one when they are at most this share
/// (1/N) of the tenant's tokens; past that, walking them in sort order and testing each is
/// cheaper.
const CANDIDATE_SHARE: u64 = 10;

/// How many tokens the tenant has.
pub fn tenant_size(conn: &Connection, tenant: &str) -> rusqlite::Result<u64> {
    let count: Option<i64> = conn
        .prepare_cached("SELECT tokens FROM token_counts WHERE tenant = ?")?
        .query_row([tenant], |r| r.get(0))
        .optional()?;
    Ok(count.unwrap_or(0).max(0) as u64)
}

/// One page of the tenant's tokens matching `filter`, in `order`, and the total when asked.
/// `text` answers the filter's `~` clauses.
pub fn list(
    conn: &Connection,
    text: &mut TextScan,
    tenant: &str,
    filter: &SqlFilter,
    order: &str,
    page: Page,
    with_total: bool,
) -> rusqlite::Result<(Vec<TokenRow>, Option<u64>)> {
    let mut matched: Option<Vec<i64>> = None;
    for (column, needle) in &filter.scans {
        let rows = text.matching(conn, tenant, *column, needle)?;
        matched = Some(match matched {
            None => rows,
            Some(before) => before
                .into_iter()
                .filter(|rowid| rows.binary_search(rowid).is_ok())
                .collect(),
        });
    }
    let size = tenant_size(conn, tenant)?;
    let candidates = matched
        .as_ref()
        .filter(|rows| rows.len() as u64 <= size / CANDIDATE_SHARE)
        .map(|rows| Rc::new(rows.iter().copied().map(SqlValue::from).collect::<Vec<_>>()));
    // Rows come from the candidates when they are few (CROSS JOIN keeps them the outer
    // loop), where only the clauses other than `~` are left to test; else from the
    // tenant's rows, tested against every clause.
    let (from, (sql, params)) = if candidates.is_some() {
        (
            "rarray(?) AS candidates CROSS JOIN tokens ON tokens.rowid = candidates.value",
            (&filter.rest.0, &filter.rest.1),
        )
    } else {
        ("tokens", (&filter.sql, &filter.params))
    };
    let where_clause = format!("tenant = ? AND ({sql})");
    let mut args: Vec<&dyn ToSql> = Vec::with_capacity(params.len() + 4);
    if let Some(rowids) = &candidates {
        args.push(rowids);
    }
    args.push(&tenant);
    args.extend(params.iter().map(|p| p as &dyn ToSql));
    let total = match (with_total, &matched) {
        (false, _) => None,
        _ if filter.matches_all() => Some(size),
        (true, Some(rows)) if filter.scans_decide() => Some(rows.len() as u64),
        (true, _) => {
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
