//! Shared server state.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

use crate::config::Config;
use crate::faults::FaultControl;
use crate::token_copy::TokenCopies;

/// The connection, and the in-memory copies of its tokens that lists and searches use.
pub struct Database {
    pub conn: Connection,
    pub copies: TokenCopies,
}

impl Deref for Database {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl DerefMut for Database {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// What every handler can reach: the database, the configuration and the faults.
#[derive(Clone)]
pub struct AppState {
    db: Arc<Mutex<Database>>,
    /// The configuration the server was started with.
    pub config: Arc<Config>,
    /// Faults injected into API requests (used with `--fault-control`).
    pub faults: Arc<FaultControl>,
}

impl AppState {
    /// Wraps an open database.
    pub fn new(conn: Connection, config: Config) -> Self {
        Self {
            db: Arc::new(Mutex::new(Database {
                conn,
                copies: TokenCopies::default(),
            })),
            config: Arc::new(config),
            faults: Arc::default(),
        }
    }

    /// Exclusive access to the database for the length of one request step.
    pub fn db(&self) -> MutexGuard<'_, Database> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
