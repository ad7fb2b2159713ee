//! Timestamps as the admin reads them: a relative time ("3 minutes ago", "vor 3 Minuten")
//! in a `<time datetime>` whose `title` is the exact local time in the chosen language
//! ("Saturday, 28 November 2026, 14:03:12 CET"). One shared clock, ticking once a minute,
//! keeps every relative time current; rows add no timers of their own. The app stops it
//! when it goes ([`stop_clock`]), so an unmounted app leaves no timer behind.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::format::{parse_instant, relative_time};
use super::keyed_items::item_memo;
use crate::i18n::{self, Locale};

/// Shown for a value the API left out.
const MISSING: &str = "—";

/// How often the shared clock ticks.
const TICK: Duration = Duration::from_secs(60);

thread_local! {
    /// "Now" in milliseconds, refreshed every [`TICK`] by one timer for the whole app; started
    /// by the first timestamp shown.
    static CLOCK: RefCell<Option<(ArcRwSignal<f64>, Option<IntervalHandle>)>> = const { RefCell::new(None) };
    /// The exact-time formatter of a language (`Intl.DateTimeFormat#format`), made once.
    static EXACT: RefCell<Option<(Locale, js_sys::Function)>> = const { RefCell::new(None) };
}

/// The clock signal, started (with its timer) if it is not running.
fn clock() -> ArcRwSignal<f64> {
    CLOCK.with_borrow_mut(|clock| {
        let (signal, _) = clock.get_or_insert_with(|| {
            let signal = ArcRwSignal::new(js_sys::Date::now());
            let ticking = signal.clone();
            let timer = set_interval_with_handle(move || ticking.set(js_sys::Date::now()), TICK);
            (signal, timer.ok())
        });
        signal.clone()
    })
}

/// Stops the shared clock's timer (the app is going); the next timestamp starts it again.
pub fn stop_clock() {
    if let Some((_, Some(timer))) = CLOCK.take() {
        timer.clear();
    }
}

/// `iso` as a relative time in `<time datetime=iso title=exact>`; text that is not a
/// timestamp as is, and "—" for none.
pub fn timestamp(iso: Option<String>) -> AnyView {
    let Some(iso) = iso.filter(|iso| !iso.trim().is_empty()) else {
        return MISSING.into_any();
    };
    let Some(ms) = parse_instant(&iso) else {
        return iso.into_any();
    };
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    // JavaScript gives the offset as UTC minus local time.
    let offset_minutes = -(date.get_timezone_offset() as i64);
    let clock = clock();
    // A memo that leaves the clock's subscribers when its row goes (rows come and go far
    // more often than the clock ticks).
    let text = item_memo(move |_| relative_time(ms, clock.get() as i64, offset_minutes));
    view! { <time datetime=iso title=exact_time(&date)>{text}</time> }.into_any()
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
