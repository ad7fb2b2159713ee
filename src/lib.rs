//! Token admin: a Leptos single-page app with which Emporix tenant admins manage the
//! AI Service's agentic tokens.

pub mod api;
mod app;
pub mod bulk;
pub mod components;
pub mod config;
pub mod credentials;
pub mod export;
pub mod i18n;
pub mod keyboard;
pub mod latest;
pub mod list_state;
pub mod lowercase;
pub mod merge;
pub mod pages;
pub mod preferences;
pub mod reauth;
pub mod session;
pub mod session_bar;
pub mod theme;
pub mod token_id;
pub mod unsaved_guard;
pub mod visible_text;

pub use app::App;
pub use session::RequireSession;
pub use session_bar::SessionBar;
