//! One module per page.

mod not_found;
mod tokens;

pub use not_found::NotFound;
pub use tokens::TokensPage;
