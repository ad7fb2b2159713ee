//! One module per page.

mod not_found;
pub mod sign_in;
mod tokens;

pub use not_found::NotFound;
pub use sign_in::SignInPage;
pub use tokens::TokensPage;
