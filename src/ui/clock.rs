//! "Now", as every time-relative text reads it: one clock for the whole app that ticks once
//! a minute, unless an ancestor provides another (a test's fixed clock, say) with
//! [`provide_clock`].

use std::time::Duration;

use leptos::prelude::*;

/// How often the shared clock ticks.
const TICK: Duration = Duration::from_secs(60);

thread_local! {
    /// "Now" in milliseconds since 1970, refreshed every [`TICK`] by one timer.
    static SHARED: ArcRwSignal<f64> = start_shared();
}

/// The shared clock signal and its timer, which lives as long as the app.
fn start_shared() -> ArcRwSignal<f64> {
    let clock = ArcRwSignal::new(js_sys::Date::now());
    let ticking = clock.clone();
    // Never cleared: one timer serves every time the app will show.
    let _ = set_interval_with_handle(move || ticking.set(js_sys::Date::now()), TICK);
    clock
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
        .unwrap_or_else(|| SHARED.with(|shared| shared.clone().into()))
}
