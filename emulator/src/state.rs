//! Shared server state.

use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

use crate::config::Config;
use crate::faults::FaultControl;

/// What every handler can reach: the database, the configuration and the faults.
#[derive(Clone)]
pub struct AppState {
    db: Arc<Mutex<Connection>>,
    /// The configuration the server was started with.
    pub config: Arc<Config>,
    /// Faults injected into API requests (used with `--fault-control`).
    pub faults: Arc<FaultControl>,
}

impl AppState {
    /// Wraps an open database.
    pub fn new(conn: Connection, config: Config) -> Self {
        Self {
            db: Arc::new(Mutex::new(conn)),
            config: Arc::new(config),
            faults: Arc::default(),
        }
    }

    /// Exclusive access to the database for the length of one request step.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
