//! One module per page.

mod not_found;
pub mod sign_in;
mod token_create;
mod token_detail;
mod tokens;

pub use not_found::NotFound;
pub use sign_in::SignInPage;
pub use token_create::TokenCreatePage;
pub use token_detail::TokenDetailPage;
pub use tokens::TokensPage;
