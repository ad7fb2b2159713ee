//! SQL for tokens. Every statement is parameterised; filters come pre-compiled
//! from [`crate::filter`].

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::filter::SqlFilter;
use crate::listing::Page;

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

/// One page of the tenant's tokens matching `filter`, in `order`, and the total when asked.
pub fn list(
    conn: &Connection,
    tenant: &str,
    filter: &SqlFilter,
    order: &str,
    page: Page,
    with_total: bool,
) -> rusqlite::Result<(Vec<TokenRow>, Option<u64>)> {
    let where_clause = format!("tenant = ? AND ({})", filter.sql);
    let mut values: Vec<rusqlite::types::Value> = vec![tenant.to_owned().into()];
    values.extend(filter.params.iter().cloned());
    let total = if with_total {
        let sql = format!("SELECT count(*) FROM tokens WHERE {where_clause}");
        Some(conn.query_row(&sql, params_from_iter(values.iter()), |r| {
            r.get::<_, i64>(0)
        })? as u64)
    } else {
        None
    };
    let sql = format!(
        "SELECT {} FROM tokens WHERE {where_clause} ORDER BY {order} LIMIT ? OFFSET ?",
        TokenRow::COLUMNS
    );
    values.push(i64::from(page.size).into());
    values.push((page.offset().min(i64::MAX as u64) as i64).into());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(values.iter()), TokenRow::from_row)?
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

/// The stored hash of the token's value, if the token exists.
pub fn value_hash(conn: &Connection, tenant: &str, id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT value_hash FROM tokens WHERE tenant = ? AND id = ?",
        params![tenant, id],
        |r| r.get(0),
    )
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
