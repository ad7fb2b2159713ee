//! Who the admin is: the runtime configuration (`config.json`: where and as whom to sign
//! in), the sign-in page, the credentials it takes, the session in the tab's
//! storage, signing in again when a request is refused mid-task, and the header's summary.

pub mod config;
pub mod credentials;
pub mod reauth;
pub mod session;
pub mod session_bar;
pub mod sign_in_page;

pub use session::RequireSession;
pub use session_bar::SessionBar;
pub use sign_in_page::SignInPage;
