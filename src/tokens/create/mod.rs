//! Creating a token: its value is typed once and never shown again.

mod page;

pub use page::TokenCreatePage;
