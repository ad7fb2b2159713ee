//! Small text formatters for the components, in the chosen language: numbers with the
//! locale's thousands separator ("1,234" / "1.234"), timestamps read as instants, and
//! relative times ("3 minutes ago" / "vor 3 Minuten", or the date beyond a month). Pure
//! Rust keyed on [`i18n::current`], with "now" passed in, so they are tested natively.

use crate::i18n::{self, t, tf, Locale};

/// Milliseconds in a second, a minute, an hour and a day.
const SECOND_MS: i64 = 1000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Up to this many days a time is relative ("30 days ago"); beyond it, the date.
const MAX_RELATIVE_DAYS: i64 = 30;

/// English month abbreviations, for "28 Nov 2026" (German dates are all digits).
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `1234567` → `"1,234,567"` in English, `"1.234.567"` in German.
pub fn thousands(n: u64) -> String {
    let separator = match i18n::current() {
        Locale::En => ',',
        Locale::De => '.',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// An ISO-8601 timestamp (`YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, an offset or none, which
/// means UTC) as milliseconds since 1970-01-01 UTC; `None` if it is not a timestamp.
pub fn parse_instant(iso: &str) -> Option<i64> {
    let s = iso.trim();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let at = |i: usize, set: &[u8]| s.as_bytes().get(i).is_some_and(|b| set.contains(b));
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt ") && at(13, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute) = (num(11, 2)?, num(14, 2)?);
    if hour > 23
        || minute > 59
        || civil_from_days(days_from_civil(year, month, day)) != (year, month, day)
    {
        return None;
    }

    let mut rest = &s[16..];
    let mut millis = 0;
    if let Some(after_colon) = rest.strip_prefix(':') {
        let seconds = after_colon
            .get(..2)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        // 60 is a leap second.
        let seconds: i64 = seconds.parse().ok().filter(|&s| s <= 60)?;
        millis = seconds * SECOND_MS;
        rest = &after_colon[2..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            // Milliseconds from the first three digits, padded: ".5" is 500 ms.
            let ms: String = fraction[..digits.min(3)]
                .chars()
                .chain("00".chars())
                .take(3)
                .collect();
            millis += ms.parse::<i64>().ok()?;
            rest = &fraction[digits..];
        }
    }
    let offset_minutes = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hhmm = rest[1..].replace(':', "");
            if hhmm.len() != 4 || !hhmm.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            sign * (hhmm[..2].parse::<i64>().ok()? * 60 + hhmm[2..].parse::<i64>().ok()?)
        }
    };

    let minutes = days_from_civil(year, month, day) * 1440 + hour * 60 + minute - offset_minutes;
    Some(minutes * MINUTE_MS + millis)
}

/// How long ago `then_ms` was at `now_ms` (both milliseconds since 1970 UTC), in words of
/// the current language: "just now", "3 minutes ago", "2 hours ago", "yesterday",
/// "12 days ago" (and "in 5 minutes", … for times ahead, such as a server clock a little
/// ahead); beyond 30 days the date, in the local time zone that is `offset_minutes` ahead
/// of UTC: "28 Nov 2026" / "28.11.2026".
pub fn relative_time(then_ms: i64, now_ms: i64, offset_minutes: i64) -> String {
    let elapsed = now_ms.saturating_sub(then_ms);
    let past = elapsed >= 0;
    let span = elapsed.saturating_abs();
    // Each unit rounds to the nearest whole one and hands over once that reaches the next.
    let rounded = |unit: i64| span.saturating_add(unit / 2) / unit;
    let (minutes, hours, days) = (rounded(MINUTE_MS), rounded(HOUR_MS), rounded(DAY_MS));
    let (count, [one, many]) = if span < 45 * SECOND_MS {
        return t("just now").to_owned();
    } else if minutes < 60 {
        (minutes, unit_texts(past, Unit::Minute))
    } else if hours < 24 {
        (hours, unit_texts(past, Unit::Hour))
    } else if days <= MAX_RELATIVE_DAYS {
        (days, unit_texts(past, Unit::Day))
    } else {
        return short_date(then_ms, offset_minutes);
    };
    if count == 1 {
        t(one).to_owned()
    } else {
        tf(many, &[&count.to_string()])
    }
}

/// A unit of a relative time.
#[derive(Clone, Copy)]
enum Unit {
    Minute,
    Hour,
    Day,
}

/// The English texts for one and for several of `unit`, in the past or ahead.
fn unit_texts(past: bool, unit: Unit) -> [&'static str; 2] {
    match (past, unit) {
        (true, Unit::Minute) => ["1 minute ago", "{} minutes ago"],
        (true, Unit::Hour) => ["1 hour ago", "{} hours ago"],
        (true, Unit::Day) => ["yesterday", "{} days ago"],
        (false, Unit::Minute) => ["in 1 minute", "in {} minutes"],
        (false, Unit::Hour) => ["in 1 hour", "in {} hours"],
        (false, Unit::Day) => ["tomorrow", "in {} days"],
    }
}

/// Every text [`relative_time`] may look up (for the translation check).
#[cfg(test)]
pub(crate) fn relative_time_texts() -> Vec<&'static str> {
    let mut texts = vec!["just now"];
    for past in [true, false] {
        for unit in [Unit::Minute, Unit::Hour, Unit::Day] {
            texts.extend(unit_texts(past, unit));
        }
    }
    texts
}

/// The local date of `ms`: "28 Nov 2026" in English, "28.11.2026" in German.
fn short_date(ms: i64, offset_minutes: i64) -> String {
    let local = ms.saturating_add(offset_minutes.saturating_mul(MINUTE_MS));
    let (year, month, day) = civil_from_days(local.div_euclid(DAY_MS));
    match i18n::current() {
        Locale::En => format!("{day} {} {year}", MONTHS[(month - 1) as usize]),
        Locale::De => format!("{day:02}.{month:02}.{year}"),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::set_current;

    /// Runs `check` with texts in `locale` (tests run on threads of their own).
    fn in_locale(locale: Locale, check: impl FnOnce()) {
        set_current(locale);
        check();
        set_current(Locale::En);
    }

    #[test]
    fn groups_thousands() {
        let cases = [
            (0, "0", "0"),
            (7, "7", "7"),
            (999, "999", "999"),
            (1000, "1,000", "1.000"),
            (1234, "1,234", "1.234"),
            (123_456, "123,456", "123.456"),
            (1_234_567, "1,234,567", "1.234.567"),
            (
                u64::MAX,
                "18,446,744,073,709,551,615",
                "18.446.744.073.709.551.615",
            ),
        ];
        for (n, english, german) in cases {
            assert_eq!(thousands(n), english);
            in_locale(Locale::De, || assert_eq!(thousands(n), german));
        }
    }

    /// `YYYY-MM-DD HH:MM:SS.mmm` in UTC, for readable expectations.
    fn utc(ms: i64) -> String {
        let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
        let of_day = ms.rem_euclid(DAY_MS);
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{:03}",
            of_day / HOUR_MS,
            of_day % HOUR_MS / MINUTE_MS,
            of_day % MINUTE_MS / SECOND_MS,
            of_day % SECOND_MS
        )
    }

    #[test]
    fn parses_timestamps_to_utc_instants() {
        let cases = [
            ("2025-11-02T14:03:27.123Z", "2025-11-02 14:03:27.123"),
            ("2025-11-02T14:03:27.5Z", "2025-11-02 14:03:27.500"),
            ("2025-11-02T14:03:27.123456Z", "2025-11-02 14:03:27.123"),
            ("2025-11-02T14:03:27Z", "2025-11-02 14:03:27.000"),
            ("2025-11-02T14:03Z", "2025-11-02 14:03:00.000"),
            ("2025-11-02T14:03:27", "2025-11-02 14:03:27.000"),
            (
                "2025-11-02 14:03:27.123456+00:00",
                "2025-11-02 14:03:27.123",
            ),
            ("2025-11-02t14:03:27z", "2025-11-02 14:03:27.000"),
            ("2025-11-02T16:03:27+02:00", "2025-11-02 14:03:27.000"),
            ("2025-01-01T01:30:00+0200", "2024-12-31 23:30:00.000"),
            ("2024-02-28T23:30:00-01:00", "2024-02-29 00:30:00.000"),
            ("2023-02-28T23:30:00-01:00", "2023-03-01 00:30:00.000"),
            ("1969-12-31T23:59:59Z", "1969-12-31 23:59:59.000"),
            (" 2025-11-02T14:03:27Z ", "2025-11-02 14:03:27.000"),
        ];
        for (iso, text) in cases {
            assert_eq!(parse_instant(iso).map(utc).as_deref(), Some(text), "{iso}");
        }
        assert_eq!(parse_instant("1970-01-01T00:00:00Z"), Some(0));
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        for text in [
            "",
            "yesterday",
            "2025-11-02",
            "2025-13-02T14:03:27Z",
            "2025-02-30T14:03:27Z",
            "2025-11-02T24:03:27Z",
            "2025-11-02T14:60:27Z",
            "2025-11-02T14:03:61Z",
            "2025-11-02T14:03:2",
            "2025-11-02T14:03:27.Z",
            "2025-11-02T14:03:27X",
            "2025-11-02T14:03:27+2",
            "2025-11-02T14:03:27+02:0x",
            "+2025-11-02T14:03:27Z",
            "２０２５-11-02T14:03Z",
            "2025-11-02T14:03:27Z🙂",
        ] {
            assert_eq!(parse_instant(text), None, "{text}");
        }
    }

    /// "Now" in the relative-time tests: 2026-11-28 14:03:12 UTC.
    fn now() -> i64 {
        parse_instant("2026-11-28T14:03:12Z").unwrap()
    }

    const SECONDS: i64 = SECOND_MS;
    const MINUTES: i64 = MINUTE_MS;
    const HOURS: i64 = HOUR_MS;
    const DAYS: i64 = DAY_MS;

    #[test]
    fn relative_times_in_english_and_german() {
        let cases = [
            (0, "just now", "gerade eben"),
            (44 * SECONDS, "just now", "gerade eben"),
            (45 * SECONDS, "1 minute ago", "vor 1 Minute"),
            (89 * SECONDS, "1 minute ago", "vor 1 Minute"),
            (90 * SECONDS, "2 minutes ago", "vor 2 Minuten"),
            (3 * MINUTES, "3 minutes ago", "vor 3 Minuten"),
            (59 * MINUTES, "59 minutes ago", "vor 59 Minuten"),
            (59 * MINUTES + 31 * SECONDS, "1 hour ago", "vor 1 Stunde"),
            (2 * HOURS, "2 hours ago", "vor 2 Stunden"),
            (23 * HOURS, "23 hours ago", "vor 23 Stunden"),
            (24 * HOURS, "yesterday", "gestern"),
            (36 * HOURS, "2 days ago", "vor 2 Tagen"),
            (30 * DAYS, "30 days ago", "vor 30 Tagen"),
            (31 * DAYS, "28 Oct 2026", "28.10.2026"),
            (365 * DAYS, "28 Nov 2025", "28.11.2025"),
            (-30 * SECONDS, "just now", "gerade eben"),
            (-5 * MINUTES, "in 5 minutes", "in 5 Minuten"),
            (-MINUTES, "in 1 minute", "in 1 Minute"),
            (-HOURS, "in 1 hour", "in 1 Stunde"),
            (-3 * HOURS, "in 3 hours", "in 3 Stunden"),
            (-DAYS, "tomorrow", "morgen"),
            (-4 * DAYS, "in 4 days", "in 4 Tagen"),
            (-40 * DAYS, "7 Jan 2027", "07.01.2027"),
        ];
        for (ago, english, german) in cases {
            let then = now() - ago;
            assert_eq!(relative_time(then, now(), 0), english, "{ago} ms ago");
            in_locale(Locale::De, || {
                assert_eq!(relative_time(then, now(), 0), german, "{ago} ms ago");
            });
        }
    }

    #[test]
    fn dates_beyond_a_month_are_local() {
        // 23:30 UTC is already the next day in Berlin (UTC+1) and still the same in New York.
        let then = parse_instant("2026-01-31T23:30:00Z").unwrap();
        assert_eq!(relative_time(then, now(), 60), "1 Feb 2026");
        assert_eq!(relative_time(then, now(), -300), "31 Jan 2026");
        in_locale(Locale::De, || {
            assert_eq!(relative_time(then, now(), 60), "01.02.2026");
        });
    }

    #[test]
    fn extreme_instants_do_not_overflow() {
        assert!(!relative_time(i64::MIN, i64::MAX, 0).is_empty());
        assert!(!relative_time(i64::MAX, i64::MIN, 0).is_empty());
        assert!(!relative_time(0, 100 * DAY_MS, i64::MIN).is_empty());
    }
}
