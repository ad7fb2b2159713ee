//! Interface preferences the admin picks in the header: theme and language.

mod language_switch;
pub mod theme;
mod theme_switch;

pub use language_switch::{switch_language, LanguageSwitch};
pub use theme_switch::ThemeSwitch;
