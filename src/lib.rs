//! Token admin: a Leptos single-page app with which Emporix tenant admins manage the
//! AI Service's agentic tokens.
//!
//! One folder per feature, dependencies running one way:
//! `embedded` → `app` → features (`auth`, `tokens`, `keyboard`, `prefs`) → `ui` → `i18n`
//! → `router` → `platform`, and everything → the `ai_client` crate (the API, pure Rust).

mod app;
pub mod auth;
pub mod embedded;
pub mod i18n;
pub mod keyboard;
pub mod platform;
pub mod prefs;
pub mod router;
pub mod tokens;
pub mod ui;

pub use app::App;
