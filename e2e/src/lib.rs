//! End-to-end harness: each test starts its own emulator (release build, serving `dist/`,
//! fault control on) and its own ChromeDriver, then drives headless Chromium through
//! WebDriver the way an admin would — finding controls by role and accessible name.
//!
//! Run through `cargo xtask e2e` (or `cargo xtask test`), which builds `dist/` and the
//! emulator first.

pub mod axe;
pub mod browser;
pub mod csp;
pub mod emulator;
pub mod host;
pub mod journey;
pub mod leaks;
pub mod network;
pub mod nginx;
mod nginx_conf;
pub mod paths;
pub mod process;
pub mod readings;
pub mod roles;
pub mod static_site;
mod webdriver;

pub use browser::{Browser, Role};
pub use emulator::Emulator;
pub use journey::Journey;

/// What every journey's test returns.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
