//! Whether the emulator may listen where it was asked to: the demo clients' secrets are
//! published, so a server that has them stays on loopback unless `--expose-demo-clients`
//! says otherwise, and then it warns.

use rusqlite::{Connection, OptionalExtension};

use crate::config::Config;
use crate::secret;
use crate::seed::{DEMO_ADMIN, DEMO_VIEWER};

/// Refuses (`Err`) a non-loopback address while a published demo client exists, unless the
/// configuration allows it; then the warning to print is returned.
pub fn check(config: &Config, conn: &Connection) -> Result<Option<String>, String> {
    if config.addr.ip().is_loopback() {
        return Ok(None);
    }
    let published = published_clients(conn).map_err(|e| e.to_string())?;
    if published.is_empty() {
        return Ok(None);
    }
    let clients = published.join(" and ");
    if !config.expose_demo_clients {
        return Err(format!(
            "{} is reachable from other machines, and the clients {clients} have published \
             secrets: listen on 127.0.0.1, start with --seed none and your own --client, or \
             pass --expose-demo-clients",
            config.addr
        ));
    }
    Ok(Some(format!(
        "WARNING: anyone who can reach {} can sign in as {clients} (published secrets)",
        config.addr
    )))
}

/// The demo clients whose stored secret is still the published one.
fn published_clients(conn: &Connection) -> rusqlite::Result<Vec<&'static str>> {
    let mut found = Vec::new();
    for (id, published) in [DEMO_ADMIN, DEMO_VIEWER] {
        let hash: Option<String> = conn
            .query_row(
                "SELECT secret_hash FROM clients WHERE client_id = ?",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if hash.is_some_and(|h| secret::verify(published, &h)) {
            found.push(id);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Seed;
    use crate::server;

    fn check_at(addr: &str, seed: Seed, expose: bool) -> Result<Option<String>, String> {
        let mut config = Config::for_tests(seed);
        config.addr = addr.parse().unwrap();
        config.expose_demo_clients = expose;
        let state = server::prepare(&config).unwrap();
        let conn = state.db();
        check(&config, &conn)
    }

    #[test]
    fn demo_clients_stay_on_loopback_unless_exposed_on_purpose() {
        assert_eq!(check_at("127.0.0.1:0", Seed::Demo, false), Ok(None));
        assert_eq!(check_at("[::1]:0", Seed::Demo, false), Ok(None));
        let refused = check_at("0.0.0.0:0", Seed::Demo, false).unwrap_err();
        assert!(refused.contains("demo-admin and demo-viewer"), "{refused}");
        assert!(refused.contains("--expose-demo-clients"), "{refused}");
        let warning = check_at("0.0.0.0:0", Seed::Demo, true).unwrap().unwrap();
        assert!(warning.starts_with("WARNING"), "{warning}");
        assert_eq!(check_at("0.0.0.0:0", Seed::None, false), Ok(None));
    }
}
