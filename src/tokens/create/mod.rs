//! Creating a token: its value is typed once and never shown again.

mod form;
mod page;

pub use form::{id_message, NewTokenFields, NewTokenForm};
pub use page::TokenCreatePage;
