//! Bearer-token sessions at rest. Each new one purges those long expired and leaves at most
//! [`MAX_PER_CLIENT`] per client, so a client that keeps asking for tokens cannot fill the
//! database.

use rusqlite::{params, Connection};

/// Sessions one client may hold; a new one beyond that replaces the client's oldest.
pub const MAX_PER_CLIENT: usize = 1000;
/// How long an expired session is kept, so that its use is answered "expired", not "invalid".
const KEEP_EXPIRED_SECS: i64 = 3600;

/// A session about to be stored.
pub struct NewSession<'a> {
    /// Lookup key of the access token ([`crate::secret::token_key`]).
    pub token_key: &'a str,
    pub client_id: &'a str,
    pub tenant: &'a str,
    pub scopes: &'a str,
    pub expires_at: i64,
}

/// Stores `session` at time `now` (Unix seconds), keeping at most `max_per_client` sessions
/// of its client.
pub fn insert(
    conn: &Connection,
    session: &NewSession,
    now: i64,
    max_per_client: usize,
) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM sessions WHERE expires_at < ?",
        [now - KEEP_EXPIRED_SECS],
    )?;
    conn.execute(
        "INSERT INTO sessions (token_key, client_id, tenant, scopes, expires_at) VALUES (?, ?, ?, ?, ?)",
        params![
            session.token_key,
            session.client_id,
            session.tenant,
            session.scopes,
            session.expires_at
        ],
    )?;
    conn.execute(
        "DELETE FROM sessions WHERE token_key IN (SELECT token_key FROM sessions WHERE client_id = ?1
           ORDER BY expires_at DESC, rowid DESC LIMIT -1 OFFSET ?2)",
        params![session.client_id, max_per_client as i64],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(conn: &Connection, key: &str, client_id: &str, expires_at: i64) {
        let session = NewSession {
            token_key: key,
            client_id,
            tenant: "t",
            scopes: "s",
            expires_at,
        };
        insert(conn, &session, 10_000, 3).unwrap();
    }

    fn keys(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT token_key FROM sessions ORDER BY token_key")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    }

    #[test]
    fn long_expired_sessions_are_purged_recent_ones_kept() {
        let conn = crate::db::open(None).unwrap();
        store(&conn, "long-expired", "a", 10_000 - KEEP_EXPIRED_SECS - 1);
        store(&conn, "just-expired", "b", 9_999);
        store(&conn, "new", "c", 20_000);
        assert_eq!(keys(&conn), ["just-expired", "new"]);
    }

    #[test]
    fn a_client_keeps_its_newest_sessions_only() {
        let conn = crate::db::open(None).unwrap();
        store(&conn, "other", "b", 20_000);
        for key in ["a1", "a2", "a3", "a4", "a5"] {
            store(&conn, key, "a", 20_000);
        }
        assert_eq!(keys(&conn), ["a3", "a4", "a5", "other"]);
    }
}
