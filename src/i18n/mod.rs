//! English and German texts. The code is written in English; [`t`] returns the German text
//! for an English one while German is chosen, and [`fill`] puts values into `{}`
//! placeholders. The language comes from the browser (`navigator.language`) unless the admin
//! picked one with the switch, which is kept in `localStorage` (a preference, not a secret).
//!
//! English is built in; the German texts are a data file (`de.txt`, next to the wasm)
//! fetched only when German is first chosen, so a first visit in English does not carry
//! them. A switch keeps showing the language in use until the new one's texts are there.
//!
//! Texts are looked up when a view is built, not tracked: switching the language re-renders
//! the app below the locale provider (see `App`), so every view picks up the new texts.

use std::cell::Cell;

use ai_client::{Fetch, HttpRequest, Method, Transport};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::platform::storage;
use crate::platform::task::Tasks;

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

/// The German texts' file, beside the wasm and its glue.
const GERMAN_FILE: &str = "de.txt";

/// How long the German texts may take before the app stays in English.
const GERMAN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// English and German texts, in the order of their file.
type Texts = &'static [(&'static str, &'static str)];

thread_local! {
    static CURRENT: Cell<Locale> = const { Cell::new(Locale::En) };
    /// The German texts once they are there. Native builds (the tests) have them built in.
    static GERMAN: Cell<Option<Texts>> = Cell::new(built_in_german());
}

#[cfg(not(target_arch = "wasm32"))]
fn built_in_german() -> Option<Texts> {
    Some(Box::leak(
        parse_texts(include_str!("de.txt")).into_boxed_slice(),
    ))
}

#[cfg(target_arch = "wasm32")]
fn built_in_german() -> Option<Texts> {
    None
}

/// The pairs of a texts file: blocks of an English line and its translation, separated by
/// blank lines; lines starting with `#` are comments.
fn parse_texts(file: &str) -> Vec<(&str, &str)> {
    file.split("\n\n")
        .filter_map(|block| {
            let mut lines = block.lines().filter(|line| !line.starts_with('#'));
            Some((lines.next()?, lines.next()?))
        })
        .collect()
}

/// Makes `file` (the German texts file's content) the German texts, unless they are there
/// already. The app fetches the file; wasm tests hand it over.
pub fn install_german(file: &'static str) {
    if GERMAN.get().is_none() {
        GERMAN.set(Some(Box::leak(parse_texts(file).into_boxed_slice())));
    }
}

/// Whether the texts of `locale` are there.
fn has_texts(locale: Locale) -> bool {
    locale == Locale::En || GERMAN.get().is_some()
}

#[wasm_bindgen]
extern "C" {
    type ImportMeta;
    /// `import.meta` of the app's JavaScript glue, which is served next to the wasm (embedded,
    /// on the extension's origin, not the host page's).
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
}

/// Fetches the German texts (relative to the glue's own URL) unless they are there; whether
/// they are there afterwards.
async fn load_german() -> bool {
    if has_texts(Locale::De) {
        return true;
    }
    let Ok(url) = web_sys::Url::new_with_base(GERMAN_FILE, &IMPORT_META.with(ImportMeta::url))
    else {
        return false;
    };
    let request = HttpRequest {
        method: Method::Get,
        url: url.href(),
        headers: Vec::new(),
        body: None,
    };
    let fetch = Fetch {
        timeout: GERMAN_TIMEOUT,
    };
    match fetch.send(&request).await {
        Ok(response) if response.status == 200 => {
            install_german(Box::leak(response.body.into_boxed_str()));
            true
        }
        _ => {
            leptos::logging::warn!("{GERMAN_FILE} could not be loaded: staying in English");
            false
        }
    }
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
        Locale::De => translate(english).unwrap_or(english),
    }
}

/// The German text for `english`, if the German texts are there and have one.
pub(crate) fn translate(english: &str) -> Option<&'static str> {
    let texts = GERMAN.get()?;
    texts
        .iter()
        .find_map(|&(en, de)| (en == english).then_some(de))
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

/// The chosen language, in context: the language shown once its texts are there.
#[derive(Clone, Copy)]
pub struct LocaleContext {
    /// `None` until the first language's texts are there.
    shown: RwSignal<Option<Locale>>,
    /// Loads the texts; a newer switch replaces a load still running.
    tasks: Tasks,
}

impl LocaleContext {
    fn new(locale: Locale, set_lang: bool) -> Self {
        let context = Self {
            shown: RwSignal::new(None),
            tasks: Tasks::new(),
        };
        provide_context(context);
        context.show(locale, set_lang);
        context
    }

    /// The language shown (tracked); English until the first texts are there.
    pub fn get(&self) -> Locale {
        self.shown.get().unwrap_or_default()
    }

    /// The language shown once its texts are there (tracked): the app renders nothing
    /// before, rather than English for a German admin.
    pub fn ready(&self) -> Option<Locale> {
        self.shown.get()
    }

    /// Switches the language, remembers the choice and sets `<html lang>`. The switch
    /// rebuilds every page: callers ask first ([`crate::prefs::switch_language`]).
    pub fn switch_to(&self, locale: Locale) {
        storage::store(STORAGE_KEY, locale.tag());
        self.show(locale, true);
    }

    /// Shows `locale` because a host page chose it: nothing is remembered and the host's
    /// `<html lang>` stays.
    pub fn follow(&self, locale: Locale) {
        self.show(locale, false);
    }

    /// Shows `locale` at once when its texts are there, else once they are fetched
    /// (English if they cannot be).
    fn show(&self, locale: Locale, set_lang: bool) {
        let shown = self.shown;
        let apply = move |locale: Locale| {
            set_current(locale);
            if set_lang {
                set_document_lang(locale);
            }
            shown.set(Some(locale));
        };
        if has_texts(locale) {
            self.tasks.cancel();
            apply(locale);
            return;
        }
        self.tasks.spawn_latest(async move {
            apply(if load_german().await {
                locale
            } else {
                Locale::En
            });
        });
    }
}

/// Provides `locale`, the language a host page chose (see [`LocaleContext::follow`]).
pub fn provide_host_locale(locale: Locale) -> LocaleContext {
    LocaleContext::new(locale, false)
}

/// Chooses the language (stored choice, else the browser's) and provides it.
pub fn provide_locale() -> LocaleContext {
    LocaleContext::new(stored().unwrap_or_else(browser_locale), true)
}

/// The language in context; English outside a provider.
pub fn use_locale() -> LocaleContext {
    use_context().unwrap_or_else(|| LocaleContext {
        shown: RwSignal::new(Some(current())),
        tasks: Tasks::new(),
    })
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
    fn the_texts_file_is_blocks_of_english_then_german() {
        let file = "# comment\nSign out\nAbmelden\n\n# section\nTokens\nTokens\n";
        assert_eq!(
            parse_texts(file),
            [("Sign out", "Abmelden"), ("Tokens", "Tokens")]
        );
        let german = include_str!("de.txt");
        for block in german.split("\n\n") {
            let lines = block.lines().filter(|l| !l.starts_with('#')).count();
            assert!(
                lines == 2 || lines == 0,
                "not one text and its German: {block:?}"
            );
        }
        assert!(!german.contains('\r'), "line ends are \\n");
        assert!(parse_texts(german).len() > 300);
    }

    #[test]
    fn t_switches_with_the_current_locale() {
        set_current(Locale::De);
        assert_eq!(t("Sign out"), "Abmelden");
        set_current(Locale::En);
        assert_eq!(t("Sign out"), "Sign out");
    }
}
