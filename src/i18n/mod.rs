//! English and German texts. The code is written in English; [`t`] returns the German text
//! for an English one while German is chosen, and [`fill`] puts values into `{}`
//! placeholders. The language comes from the browser (`navigator.language`) unless the admin
//! picked one with the switch, which is kept in `localStorage` (a preference, not a secret).
//!
//! Texts are looked up when a view is built, not tracked: switching the language re-renders
//! the app below the locale provider (see `App`), so every view picks up the new texts.

mod de;

#[cfg(test)]
pub(crate) use de::translate;

use std::cell::Cell;

use leptos::prelude::*;

use crate::platform::storage;

/// The `localStorage` key of the chosen language.
pub const STORAGE_KEY: &str = "token-admin.locale";

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// English (the texts in the code).
    #[default]
    En,
    /// German.
    De,
}

impl Locale {
    /// Both languages, in switch order.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::De];

    /// The BCP 47 tag, for `lang` and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// The tag for date and number formats (`Intl`): British English (day before month,
    /// 24-hour clock), German as in Germany.
    pub fn format_tag(self) -> &'static str {
        match self {
            Locale::En => "en-GB",
            Locale::De => "de-DE",
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
        }
    }

    /// The interface language for a browser language tag such as `de-AT`; English unless
    /// the tag is German.
    pub fn from_tag(tag: &str) -> Locale {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("de") {
            Locale::De
        } else {
            Locale::En
        }
    }
}

thread_local! {
    static CURRENT: Cell<Locale> = const { Cell::new(Locale::En) };
}

/// The language texts are looked up in now.
pub fn current() -> Locale {
    CURRENT.with(Cell::get)
}

/// Sets the language [`t`] uses (the provider does this; tests may too).
pub fn set_current(locale: Locale) {
    CURRENT.with(|c| c.set(locale));
}

/// The text for `english` in the current language: itself in English, its German
/// translation in German (itself if there is none; a native test checks there is one for
/// every text the code passes here).
pub fn t(english: &'static str) -> &'static str {
    match current() {
        Locale::En => english,
        Locale::De => de::translate(english).unwrap_or(english),
    }
}

/// `template` with each `{}` replaced by the next value, and `{0}`, `{1}`, … by the value
/// at that index (so a translation may reorder them).
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.len()).sum::<usize>());
    let mut next = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].bytes().all(|b| b.is_ascii_digit()) => {
                let index = if close == 0 {
                    next += 1;
                    next - 1
                } else {
                    after[..close].parse().unwrap_or(usize::MAX)
                };
                out.push_str(values.get(index).copied().unwrap_or_default());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// [`t`] then [`fill`]: `tf("Delete {}", &[id])`.
pub fn tf(english: &'static str, values: &[&str]) -> String {
    fill(t(english), values)
}

/// The parts of a text before and after its `{}`, to put an element (a `<code>`, a link)
/// in between: `around(t("Type {} exactly."))`.
pub fn around(text: &'static str) -> (&'static str, &'static str) {
    text.split_once("{}").unwrap_or((text, ""))
}

/// The chosen language, in context.
#[derive(Debug, Clone, Copy)]
pub struct LocaleContext(RwSignal<Locale>);

impl LocaleContext {
    /// The language shown (tracked).
    pub fn get(&self) -> Locale {
        self.0.get()
    }

    /// Switches the language, remembers the choice and sets `<html lang>`. The switch
    /// rebuilds every page: callers ask first ([`crate::prefs::switch_language`]).
    pub fn switch_to(&self, locale: Locale) {
        storage::store(STORAGE_KEY, locale.tag());
        set_document_lang(locale);
        self.follow(locale);
    }

    /// Shows `locale` because a host page chose it: nothing is remembered and the host's
    /// `<html lang>` stays.
    pub fn follow(&self, locale: Locale) {
        set_current(locale);
        self.0.set(locale);
    }
}

/// Provides `locale`, the language a host page chose (see [`LocaleContext::follow`]).
pub fn provide_host_locale(locale: Locale) -> LocaleContext {
    set_current(locale);
    let context = LocaleContext(RwSignal::new(locale));
    provide_context(context);
    context
}

/// Chooses the language (stored choice, else the browser's) and provides it.
pub fn provide_locale() -> LocaleContext {
    let locale = stored().unwrap_or_else(browser_locale);
    set_current(locale);
    set_document_lang(locale);
    let context = LocaleContext(RwSignal::new(locale));
    provide_context(context);
    context
}

/// The language in context; English outside a provider.
pub fn use_locale() -> LocaleContext {
    use_context().unwrap_or_else(|| LocaleContext(RwSignal::new(current())))
}

fn stored() -> Option<Locale> {
    let tag = storage::stored(STORAGE_KEY)?;
    Locale::ALL.into_iter().find(|l| l.tag() == tag)
}

fn browser_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map_or(Locale::En, |tag| Locale::from_tag(&tag))
}

fn set_document_lang(locale: Locale) {
    storage::set_root_attribute("lang", locale.tag());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_placeholders_in_order_and_by_index() {
        assert_eq!(
            fill("Showing {}–{} of {}", &["1", "20", "312"]),
            "Showing 1–20 of 312"
        );
        assert_eq!(fill("{1} von {0}", &["a", "b"]), "b von a");
        assert_eq!(fill("no values {}", &[]), "no values ");
        assert_eq!(fill("{q} stays {", &["x"]), "{q} stays {");
    }

    #[test]
    fn browser_tags_choose_german_only_for_german() {
        assert_eq!(Locale::from_tag("de-AT"), Locale::De);
        assert_eq!(Locale::from_tag("DE"), Locale::De);
        assert_eq!(Locale::from_tag("en-US"), Locale::En);
        assert_eq!(Locale::from_tag("fr"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn t_switches_with_the_current_locale() {
        set_current(Locale::De);
        assert_eq!(t("Sign out"), "Abmelden");
        set_current(Locale::En);
        assert_eq!(t("Sign out"), "Sign out");
    }
}
