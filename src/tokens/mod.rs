//! The agentic tokens: the list, a token's page, creating, deleting and exporting.

pub mod create;
pub mod delete;
pub mod detail;
pub mod export;
pub mod fields;
pub mod list;
pub mod list_state;
pub mod replace;
pub mod token_id;
pub mod users;
pub mod value_age;
pub mod value_checks;

/// The create page. Outside `/tokens/…`, where every segment is a token's id: a token may
/// well be called `new`, and its page must open.
pub const CREATE_PATH: &str = "/new-token";
