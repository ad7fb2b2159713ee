//! Token admin: a Leptos single-page app with which Emporix tenant admins manage the
//! AI Service's agentic tokens.

pub mod api;
mod app;
pub mod list_state;
pub mod pages;

pub use app::App;
