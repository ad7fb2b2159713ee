//! The agentic tokens: the list, a token's page, creating, deleting and exporting.

pub mod create;
pub mod delete;
pub mod detail;
pub mod export;
pub mod list;
pub mod list_state;
pub mod token_id;
pub mod users;
pub mod value_age;
pub mod value_checks;
