//! Timestamps as the admin reads them: a relative time ("3 minutes ago", "vor 3 Minuten")
//! in a `<time datetime>` whose `title` is the exact local time in the chosen language
//! ("Saturday, 28 November 2026, 14:03:12 CET"). The app's clock (`clock::now`, ticking
//! once a minute) keeps every relative time current; rows add no timers of their own.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::clock::now;
use super::format::{parse_instant, relative_time};
use super::keyed_items::item_memo;
use crate::i18n::{self, Locale};

/// Shown for a value the API left out.
const MISSING: &str = "—";

thread_local! {
    /// The exact-time formatter of a language (`Intl.DateTimeFormat#format`), made once.
    static EXACT: RefCell<Option<(Locale, js_sys::Function)>> = const { RefCell::new(None) };
}

/// `iso` as a relative time in `<time datetime=iso title=exact>`; text that is not a
/// timestamp as is, and "—" for none.
pub fn timestamp(iso: Option<String>) -> AnyView {
    let [view] = timestamps([iso]);
    view
}

/// [`timestamp`] of each of `isos` (a row's created and modified times): equal values share
/// the work of one (the date, its time zone, the exact time and the relative time's memo),
/// as a token never changed has both the same.
pub fn timestamps<const N: usize>(isos: [Option<String>; N]) -> [AnyView; N] {
    let mut made: Vec<(i64, String, Memo<String>)> = Vec::new();
    isos.map(|iso| {
        let Some(iso) = iso.filter(|iso| !iso.trim().is_empty()) else {
            return MISSING.into_any();
        };
        let Some(ms) = parse_instant(&iso) else {
            return iso.into_any();
        };
        let (title, text) = match made.iter().find(|(at, ..)| *at == ms) {
            Some((_, title, text)) => (title.clone(), *text),
            None => {
                let (title, text) = instant(ms);
                made.push((ms, title.clone(), text));
                (title, text)
            }
        };
        view! { <time datetime=iso title=title>{text}</time> }.into_any()
    })
}

/// The exact local time of `ms` and its relative time, kept current by the app's clock.
fn instant(ms: i64) -> (String, Memo<String>) {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    // JavaScript gives the offset as UTC minus local time.
    let offset_minutes = -(date.get_timezone_offset() as i64);
    let clock = now();
    // A memo that leaves the clock's subscribers when its row goes (rows come and go far
    // more often than the clock ticks).
    let text = item_memo(move |_| relative_time(ms, clock.get() as i64, offset_minutes));
    (exact_time(&date), text)
}

/// The local date and time of `date` with weekday, seconds and time zone, in the
/// current language.
fn exact_time(date: &js_sys::Date) -> String {
    let locale = i18n::current();
    EXACT.with(|cached| {
        let mut cached = cached.borrow_mut();
        if cached
            .as_ref()
            .is_none_or(|(made_for, _)| *made_for != locale)
        {
            *cached = Some((locale, exact_formatter(locale)));
        }
        cached
            .as_ref()
            .and_then(|(_, format)| format.call1(&JsValue::UNDEFINED, date).ok())
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    })
}

/// `Intl.DateTimeFormat(locale, {weekday: long, day, month: long, year, hh:mm:ss, zone})`.
fn exact_formatter(locale: Locale) -> js_sys::Function {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("weekday", "long"),
        ("day", "numeric"),
        ("month", "long"),
        ("year", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
        ("timeZoneName", "short"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    let locales = js_sys::Array::of1(&locale.format_tag().into());
    js_sys::Intl::DateTimeFormat::new(&locales, &options).format()
}
