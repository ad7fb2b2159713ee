//! Light, dark, or the system's choice. The choice is kept in `localStorage` (a preference,
//! not a secret) and applied as `data-theme` on `<html>`; the style sheets pick colours with
//! `light-dark()` under the `color-scheme` that attribute selects.

use leptos::prelude::*;

use crate::platform::storage;

/// The `localStorage` key of the chosen theme.
pub const STORAGE_KEY: &str = "token-admin.theme";

/// A colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the operating system (`prefers-color-scheme`).
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every theme, in switch order.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The value stored and set as `data-theme`.
    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The English name (pass it through `i18n::t`).
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System theme",
            Theme::Light => "Light theme",
            Theme::Dark => "Dark theme",
        }
    }

    /// The next theme in switch order.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// The theme whose [`Theme::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// The chosen theme, in context.
#[derive(Debug, Clone, Copy)]
pub struct ThemeContext(RwSignal<Theme>);

impl ThemeContext {
    /// The chosen theme (tracked).
    pub fn get(&self) -> Theme {
        self.0.get()
    }

    /// Applies, remembers and publishes `theme`.
    pub fn set(&self, theme: Theme) {
        apply(theme);
        storage::store(STORAGE_KEY, theme.key());
        self.0.set(theme);
    }

    /// Switches to the next theme.
    pub fn cycle(&self) {
        self.set(self.0.get_untracked().next());
    }
}

/// Applies the stored theme (system if none) and provides it.
pub fn provide_theme() -> ThemeContext {
    let theme = storage::stored(STORAGE_KEY)
        .and_then(|key| Theme::from_key(&key))
        .unwrap_or_default();
    apply(theme);
    let context = ThemeContext(RwSignal::new(theme));
    provide_context(context);
    context
}

/// The theme in context; a detached system theme outside a provider.
pub fn use_theme() -> ThemeContext {
    use_context().unwrap_or_else(|| ThemeContext(RwSignal::new(Theme::System)))
}

fn apply(theme: Theme) {
    storage::set_root_attribute("data-theme", theme.key());
}
