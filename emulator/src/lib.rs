//! An Emporix-compatible emulator of the AI Service's configuration API: OAuth client
//! credentials, and tokens, agents, tools, MCP servers and OAuth configurations with
//! their list, search, get, PUT, PATCH and DELETE operations, persisted in SQLite.

pub mod auth;
pub mod config;
pub mod connection;
pub mod db;
pub mod dependents;
pub mod doc_filter;
pub mod entities;
pub mod entity_store;
pub mod error;
pub mod exposure;
pub mod fault_control;
pub mod faults;
pub mod filter;
pub mod filter_error;
pub mod listing;
pub mod pattern;
pub mod secret;
pub mod seed;
pub mod server;
pub mod sessions;
pub mod state;
pub mod static_files;
pub mod text_scan;
pub mod timestamp;
pub mod token_copy;
pub mod token_input;
pub mod token_store;
pub mod tokens;
