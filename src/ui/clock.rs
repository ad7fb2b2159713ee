//! "Now", as every time-relative text reads it: one clock for the whole app that ticks once
//! a minute, unless an ancestor provides another (a test's fixed clock, say) with
//! [`provide_clock`].

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;

/// How often the shared clock ticks.
const TICK: Duration = Duration::from_secs(60);

thread_local! {
    /// "Now" in milliseconds since 1970, refreshed every [`TICK`] by one timer; started by
    /// the first reader.
    static SHARED: RefCell<Option<(ArcRwSignal<f64>, Option<IntervalHandle>)>> = const { RefCell::new(None) };
}

/// The shared clock signal, started (with its timer) if it is not running.
fn shared() -> ArcRwSignal<f64> {
    SHARED.with_borrow_mut(|shared| {
        let (clock, _) = shared.get_or_insert_with(|| {
            let clock = ArcRwSignal::new(js_sys::Date::now());
            let ticking = clock.clone();
            let timer = set_interval_with_handle(move || ticking.set(js_sys::Date::now()), TICK);
            (clock, timer.ok())
        });
        clock.clone()
    })
}

/// Stops the shared clock's timer (the app is going, e.g. unmounted by its host); the next
/// reader starts it again.
pub fn stop_clock() {
    if let Some((_, Some(timer))) = SHARED.take() {
        timer.clear();
    }
}

/// A clock provided through context.
#[derive(Clone)]
struct Clock(ArcSignal<f64>);

/// Makes `now` (milliseconds since 1970 UTC) the time for everything below the current
/// component.
pub fn provide_clock(now: impl Into<ArcSignal<f64>>) {
    provide_context(Clock(now.into()));
}

/// "Now" in milliseconds since 1970 UTC (read it tracked to follow the clock): the provided
/// clock, else the shared one.
pub fn now() -> ArcSignal<f64> {
    use_context::<Clock>()
        .map(|Clock(now)| now)
        .unwrap_or_else(|| shared().into())
}
