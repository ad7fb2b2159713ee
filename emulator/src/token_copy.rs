//! An in-memory copy of each tenant's tokens as lists and searches need them: the rowids,
//! the names and ids for `~` ([`crate::text_scan`]), and the rows in each sort order asked
//! for. A page is then a slice of an order (filtered by the rows a search matched) instead
//! of a walk over the table, however deep it is. Each part is copied on first use and the
//! whole copy dropped after any write to the database, so answers are always those of SQL.

use std::collections::hash_map::{Entry, HashMap};
use std::sync::Arc;

use rusqlite::Connection;

use crate::text_scan::{Column, Needle, Texts};

/// One tenant's copy. Rows are known by their position in `rowids` (ascending).
pub struct TenantCopy {
    tenant: String,
    rowids: Vec<i64>,
    texts: HashMap<Column, Texts>,
    orders: HashMap<String, Arc<[u32]>>,
}

impl TenantCopy {
    fn load(conn: &Connection, tenant: &str) -> rusqlite::Result<Self> {
        let rowids = conn
            .prepare_cached("SELECT rowid FROM tokens WHERE tenant = ? ORDER BY rowid")?
            .query_map([tenant], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(Self {
            tenant: tenant.to_owned(),
            rowids,
            texts: HashMap::new(),
            orders: HashMap::new(),
        })
    }

    /// How many tokens the tenant has.
    pub fn len(&self) -> usize {
        self.rowids.len()
    }

    /// Whether the tenant has no tokens.
    pub fn is_empty(&self) -> bool {
        self.rowids.is_empty()
    }

    /// The rowid of the row at `position`.
    pub fn rowid(&self, position: usize) -> i64 {
        self.rowids[position]
    }

    /// The positions (ascending) of the rows whose `column` matches `needle`.
    pub fn matching(
        &mut self,
        conn: &Connection,
        column: Column,
        needle: &Needle,
    ) -> rusqlite::Result<Vec<usize>> {
        let texts = match self.texts.entry(column) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(Texts::load(conn, &self.tenant, column)?),
        };
        Ok(texts.matching(needle))
    }

    /// The positions of every row in `order` (an ORDER BY body from
    /// [`crate::filter::compile_sort`], which makes it total).
    pub fn order(&mut self, conn: &Connection, order: &str) -> rusqlite::Result<Arc<[u32]>> {
        if let Some(found) = self.orders.get(order) {
            return Ok(Arc::clone(found));
        }
        let sql = format!("SELECT rowid FROM tokens WHERE tenant = ? ORDER BY {order}");
        let mut stmt = conn.prepare(&sql)?;
        let positions = stmt
            .query_map([&self.tenant], |r| r.get::<_, i64>(0))?
            .map(|rowid| {
                let rowid = rowid?;
                let at = self.rowids.binary_search(&rowid).unwrap_or_default();
                Ok(u32::try_from(at).unwrap_or(u32::MAX))
            })
            .collect::<rusqlite::Result<Arc<[u32]>>>()?;
        self.orders.insert(order.to_owned(), Arc::clone(&positions));
        Ok(positions)
    }
}

/// The copies of every tenant asked about since the database last changed.
#[derive(Default)]
pub struct TokenCopies {
    /// The connection's change count and the database's data version when copied.
    copied_at: (u64, i64),
    tenants: HashMap<String, TenantCopy>,
}

impl TokenCopies {
    /// The copy of `tenant`, taken again when the database changed since.
    pub fn tenant(&mut self, conn: &Connection, tenant: &str) -> rusqlite::Result<&mut TenantCopy> {
        let now = (
            conn.total_changes(),
            conn.pragma_query_value(None, "data_version", |r| r.get(0))?,
        );
        if now != self.copied_at {
            self.tenants.clear();
            self.copied_at = now;
        }
        Ok(match self.tenants.entry(tenant.to_owned()) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(TenantCopy::load(conn, tenant)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;
    use crate::token_store::{self, insert_named as insert};

    fn ids(conn: &Connection, copies: &mut TokenCopies, pattern: &str, order: &str) -> Vec<String> {
        let copy = copies.tenant(conn, "t").unwrap();
        let needle = Needle::new(pattern).unwrap();
        let matched = copy.matching(conn, Column::Name, &needle).unwrap();
        let ordered = copy.order(conn, order).unwrap();
        ordered
            .iter()
            .map(|p| *p as usize)
            .filter(|p| matched.contains(p))
            .map(|p| {
                conn.query_row(
                    "SELECT id FROM tokens WHERE rowid = ?",
                    [copy.rowid(p)],
                    |r| r.get(0),
                )
                .unwrap()
            })
            .collect()
    }

    #[test]
    fn the_copy_follows_every_write_and_keeps_tenants_apart() {
        let conn = db::open(None).unwrap();
        let mut copies = TokenCopies::default();
        insert(&conn, "t", "b", "OpenAI prod");
        insert(&conn, "other", "x", "OpenAI prod too");
        assert_eq!(ids(&conn, &mut copies, "(?i)openai", "id DESC"), ["b"]);
        insert(&conn, "t", "a", "openai dev");
        assert_eq!(ids(&conn, &mut copies, "(?i)openai", "id DESC"), ["b", "a"]);
        assert_eq!(ids(&conn, &mut copies, "(?i)openai", "id ASC"), ["a", "b"]);
        token_store::rename(&conn, "t", "b", "Mistral", "now").unwrap();
        assert_eq!(ids(&conn, &mut copies, "(?i)openai", "id ASC"), ["a"]);
        assert_eq!(copies.tenant(&conn, "t").unwrap().len(), 2);
    }
}
