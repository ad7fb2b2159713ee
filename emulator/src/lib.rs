//! An Emporix-compatible emulator of the AI Service Token API: OAuth client
//! credentials, the six Token operations, and the agents and MCP servers that use
//! tokens, persisted in SQLite.

pub mod auth;
pub mod config;
pub mod connection;
pub mod db;
pub mod dependents;
pub mod error;
pub mod exposure;
pub mod faults;
pub mod filter;
pub mod listing;
pub mod secret;
pub mod seed;
pub mod server;
pub mod sessions;
pub mod state;
pub mod static_files;
pub mod text_index;
pub mod timestamp;
pub mod token_input;
pub mod token_store;
pub mod tokens;
