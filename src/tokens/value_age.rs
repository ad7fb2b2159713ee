//! How old a token's value is, and whether it is due for rotation. A value can never
//! change, so the token's `metadata.createdAt` is the value's age; it is due once that age
//! reaches the `rotationDays` of `config.json` (0: never).

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::ui::{clock, item_memo, parse_instant, thousands};

/// Milliseconds in a day.
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Shown for a token whose creation time the API left out.
const UNKNOWN: &str = "—";

/// Whole days from `created_ms` to `now_ms` (milliseconds since 1970); 0 for a time ahead.
pub fn age_days(created_ms: i64, now_ms: i64) -> i64 {
    now_ms.saturating_sub(created_ms).max(0) / DAY_MS
}

/// Whether a value created at `created_ms` is due for rotation at `now_ms`: from exactly
/// `rotation_days` days on; never with 0.
pub fn rotation_due(created_ms: i64, now_ms: i64, rotation_days: u32) -> bool {
    rotation_days > 0
        && now_ms.saturating_sub(created_ms) >= i64::from(rotation_days).saturating_mul(DAY_MS)
}

/// An age in words: "less than a day", "1 day", "1,234 days".
pub fn age_text(days: i64) -> String {
    match days {
        ..=0 => t("less than a day").to_owned(),
        1 => t("1 day").to_owned(),
        _ => tf("{} days", &[&thousands(days as u64)]),
    }
}

/// The age of the value of a token created at `created_at` (ISO 8601) as text, followed by
/// a "Rotation due" badge once it is due under `rotation_days`; "—" when the time is
/// missing or unreadable. It follows the app's clock; inside a table row it stops
/// following when the row goes.
pub fn value_age(created_at: Option<&str>, rotation_days: Signal<u32>) -> AnyView {
    let Some(created) = created_at.and_then(parse_instant) else {
        return UNKNOWN.into_any();
    };
    let now = clock::now();
    let state = item_memo(move |_| {
        let now = now.get() as i64;
        (
            age_days(created, now),
            rotation_due(created, now, rotation_days.get()),
        )
    });
    view! {
        <span class="value-age">
            <span>{move || age_text(state.get().0)}</span>
            {move || state.get().1.then(|| view! { " " <span class="badge rotation-due">{t("Rotation due")}</span> })}
        </span>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{set_current, Locale};

    const CREATED: i64 = 1_700_000_000_000;

    #[test]
    fn due_exactly_at_the_threshold() {
        let at = CREATED + 90 * DAY_MS;
        assert!(!rotation_due(CREATED, at - 1, 90));
        assert!(rotation_due(CREATED, at, 90));
        assert!(rotation_due(CREATED, at + 400 * DAY_MS, 90));
        assert!(rotation_due(CREATED, CREATED + DAY_MS, 1));
        assert!(!rotation_due(CREATED, CREATED + DAY_MS - 1, 1));
    }

    #[test]
    fn zero_days_turns_reminders_off() {
        assert!(!rotation_due(CREATED, CREATED + 10_000 * DAY_MS, 0));
        assert!(!rotation_due(i64::MIN, i64::MAX, 0));
    }

    #[test]
    fn a_value_from_the_future_is_not_due_and_has_no_age() {
        assert!(!rotation_due(CREATED + DAY_MS, CREATED, 1));
        assert_eq!(age_days(CREATED + DAY_MS, CREATED), 0);
    }

    #[test]
    fn ages_in_whole_days() {
        assert_eq!(age_days(CREATED, CREATED + DAY_MS - 1), 0);
        assert_eq!(age_days(CREATED, CREATED + DAY_MS), 1);
        assert_eq!(age_days(CREATED, CREATED + 412 * DAY_MS + 5), 412);
        assert_eq!(age_days(i64::MIN, i64::MAX), i64::MAX / DAY_MS);
    }

    #[test]
    fn ages_in_english_and_german() {
        let cases = [
            (0, "less than a day", "weniger als ein Tag"),
            (1, "1 day", "1 Tag"),
            (2, "2 days", "2 Tage"),
            (1234, "1,234 days", "1.234 Tage"),
        ];
        for (days, english, german) in cases {
            assert_eq!(age_text(days), english);
            set_current(Locale::De);
            assert_eq!(age_text(days), german);
            set_current(Locale::En);
        }
    }
}
