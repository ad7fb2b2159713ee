//! SQL for tokens. Every statement is parameterised; filters come pre-compiled
//! from [`crate::filter`].

use std::rc::Rc;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};
use serde_json::{json, Value};

use crate::filter::SqlFilter;
use crate::listing::Page;
use crate::token_copy::{TenantCopy, TokenCopies};

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

/// One page of the tenant's tokens matching `filter`, in `order`, and the total when asked.
/// `copies` answer the filter's `~` clauses, and the whole request when they are all of it.
pub fn list(
    conn: &Connection,
    copies: &mut TokenCopies,
    tenant: &str,
    filter: &SqlFilter,
    order: &str,
    page: Page,
    with_total: bool,
) -> rusqlite::Result<(Vec<TokenRow>, Option<u64>)> {
    let copy = copies.tenant(conn, tenant)?;
    let mut matched: Option<Vec<usize>> = None;
    for (column, needle) in &filter.scans {
        let rows = copy.matching(conn, *column, needle)?;
        matched = Some(match matched {
            None => rows,
            Some(before) => before
                .into_iter()
                .filter(|p| rows.binary_search(p).is_ok())
                .collect(),
        });
    }
    if filter.scans_decide() {
        return page_of_copy(conn, copy, matched.as_deref(), order, page, with_total);
    }
    let size = copy.len() as u64;
    let candidates = matched
        .as_ref()
        .filter(|rows| rows.len() as u64 <= size / CANDIDATE_SHARE)
        .map(|rows| {
            Rc::new(
                rows.iter()
                    .map(|p| SqlValue::from(copy.rowid(*p)))
                    .collect::<Vec<_>>(),
            )
        });
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
    let total = match with_total {
        false => None,
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

/// A page answered from the tenant's copy: the rows `matched` (every row when `None`) in
/// `order`, sliced, then read by rowid.
fn page_of_copy(
    conn: &Connection,
    copy: &mut TenantCopy,
    matched: Option<&[usize]>,
    order: &str,
    page: Page,
    with_total: bool,
) -> rusqlite::Result<(Vec<TokenRow>, Option<u64>)> {
    let ordered = copy.order(conn, order)?;
    let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
    let in_order = ordered.iter().map(|p| *p as usize);
    let (picked, total): (Vec<usize>, usize) = match matched {
        None => (
            in_order.skip(offset).take(page.size as usize).collect(),
            copy.len(),
        ),
        Some(matched) => {
            let mut kept = vec![false; copy.len()];
            for p in matched {
                kept[*p] = true;
            }
            let picked = in_order
                .filter(|p| kept[*p])
                .skip(offset)
                .take(page.size as usize)
                .collect();
            (picked, matched.len())
        }
    };
    let rowids = Rc::new(
        picked
            .iter()
            .map(|p| SqlValue::from(copy.rowid(*p)))
            .collect::<Vec<_>>(),
    );
    let sql = format!(
        "SELECT {}, tokens.rowid FROM rarray(?) AS picked CROSS JOIN tokens ON tokens.rowid = picked.value",
        TokenRow::COLUMNS
    );
    let mut by_rowid: std::collections::HashMap<i64, TokenRow> = conn
        .prepare_cached(&sql)?
        .query_map([rowids], |r| Ok((r.get(5)?, TokenRow::from_row(r)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let rows = picked
        .iter()
        .filter_map(|p| by_rowid.remove(&copy.rowid(*p)))
        .collect();
    Ok((rows, with_total.then_some(total as u64)))
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

/// Creates the token `id` named `name`, its other fields placeholders (for tests).
#[cfg(test)]
pub fn insert_named(conn: &Connection, tenant: &str, id: &str, name: &str) {
    let row = TokenRow {
        id: id.into(),
        name: name.into(),
        version: 1,
        created_at: "c".into(),
        modified_at: "m".into(),
    };
    insert(conn, tenant, &row, "h").unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{db, filter};

    /// The page as plain SQL computes it, without the copies.
    fn by_sql(conn: &Connection, filter: &SqlFilter, order: &str, page: Page) -> Vec<String> {
        let sql = format!(
            "SELECT id FROM tokens WHERE tenant = 't' AND ({}) ORDER BY {order} LIMIT {} OFFSET {}",
            filter.sql,
            page.size,
            page.offset()
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        stmt.query_map(rusqlite::params_from_iter(&filter.params), |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn pages_and_totals_equal_those_of_plain_sql() {
        let conn = db::open(None).unwrap();
        let names = [
            "OpenAI prod",
            "openai dev",
            "Mistral",
            "ANTHROPIC",
            "Ollama qa",
        ];
        for n in 0..40 {
            let row = TokenRow {
                id: format!("{}-{n:02}", ["a", "B", "c"][n % 3]),
                name: format!("{} {}", names[n % names.len()], n % 7),
                version: (n % 4) as i64 + 1,
                created_at: format!("2025-01-{:02}T00:00:00.000Z", 1 + n % 28),
                modified_at: "m".into(),
            };
            insert(&conn, if n % 9 == 0 { "other" } else { "t" }, &row, "h").unwrap();
        }
        let mut copies = TokenCopies::default();
        for q in [
            "",
            "name:~((?i)open)",
            "name:~(AI) id:~B",
            "name:~((?i)o.*a)",
            "name:~((?i)o) metadata.version:2",
            "name:~(Mistral 3) metadata.version:>1",
            "metadata.version:>2",
        ] {
            let filter = filter::compile_query(&qlang::parse_query(q).unwrap()).unwrap();
            for sort in [
                "",
                "name:desc",
                "metadata.version,id:desc",
                "metadata.createdAt",
            ] {
                let order = filter::compile_sort(&qlang::parse_sort(sort).unwrap()).unwrap();
                let all = by_sql(
                    &conn,
                    &filter,
                    &order,
                    Page {
                        size: 1000,
                        number: 1,
                    },
                );
                for (size, number) in [(4, 1), (4, 3), (50, 1), (4, 100)] {
                    let page = Page { size, number };
                    let (rows, total) =
                        list(&conn, &mut copies, "t", &filter, &order, page, true).unwrap();
                    let ids: Vec<String> = rows.into_iter().map(|r| r.id).collect();
                    assert_eq!(
                        ids,
                        by_sql(&conn, &filter, &order, page),
                        "{q} {sort} {page:?}"
                    );
                    assert_eq!(total, Some(all.len() as u64), "{q}");
                }
            }
        }
    }
}
