//! Timestamps as the emulator stores them: canonical `YYYY-MM-DDTHH:MM:SS.mmmZ` text.
//!
//! Every stored timestamp is UTC with exactly three fractional digits, so comparing
//! the text in SQL compares the instants.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// The current UTC instant in canonical form.
pub fn now() -> String {
    canonical(OffsetDateTime::now_utc())
}

/// `t` converted to UTC, in canonical form (milliseconds, truncated).
///
/// Only for instants whose UTC date has a four-digit year (what `now` and `normalize`
/// produce); an instant within a day of `time`'s own range limits panics on conversion.
pub fn canonical(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// Canonical form of an RFC 3339 timestamp (any offset, any number of fractional digits,
/// `T`, `t` or space between date and time) or of a bare date `YYYY-MM-DD` (midnight UTC).
///
/// `None` for anything else, including impossible dates and instants outside years 0000–9999 UTC.
pub fn normalize(s: &str) -> Option<String> {
    let t = if s.len() == 10 {
        parse_date(s)?.midnight().assume_utc()
    } else {
        if !matches!(s.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
            return None;
        }
        OffsetDateTime::parse(s, &Rfc3339)
            .ok()?
            .checked_to_offset(UtcOffset::UTC)?
    };
    (0..=9999).contains(&t.year()).then(|| canonical(t))
}

/// `YYYY-MM-DD` with exactly those digits.
fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape_ok {
        return None;
    }
    let year = s[0..4].parse().ok()?;
    let month = Month::try_from(s[5..7].parse::<u8>().ok()?).ok()?;
    let day = s[8..10].parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn canonical_converts_to_utc_and_truncates_to_millis() {
        assert_eq!(
            canonical(datetime!(2025-03-04 05:06:07.890123 +02:00)),
            "2025-03-04T03:06:07.890Z"
        );
        assert_eq!(
            canonical(datetime!(0001-01-01 00:00 UTC)),
            "0001-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn now_is_canonical() {
        let n = now();
        assert_eq!(n.len(), 24, "{n}");
        assert_eq!(normalize(&n).as_deref(), Some(n.as_str()));
    }

    #[test]
    fn normalize_accepts_rfc3339_and_dates() {
        let cases = [
            ("2025-01-01", "2025-01-01T00:00:00.000Z"),
            ("2024-02-29", "2024-02-29T00:00:00.000Z"),
            ("2025-01-01T00:00:00Z", "2025-01-01T00:00:00.000Z"),
            ("2025-01-01t00:00:00z", "2025-01-01T00:00:00.000Z"),
            ("2025-01-01 00:00:00Z", "2025-01-01T00:00:00.000Z"),
            ("2019-01-06T10:29:30.602Z", "2019-01-06T10:29:30.602Z"),
            ("2019-01-06T10:29:30.6029999Z", "2019-01-06T10:29:30.602Z"),
            ("2019-01-06T10:29:30.6Z", "2019-01-06T10:29:30.600Z"),
            ("2025-01-01T01:30:00+01:30", "2025-01-01T00:00:00.000Z"),
            ("2024-12-31T23:00:00-02:00", "2025-01-01T01:00:00.000Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input).as_deref(), Some(expected), "{input}");
        }
    }

    #[test]
    fn normalize_rejects_other_text() {
        for input in [
            "",
            "yesterday",
            "2025-1-01",
            "2025-02-30",
            "2025-13-01",
            "+2025-01-01",
            "2025-01-01T00:00:00",
            "2025-01-01X00:00:00Z",
            "2025-01-01T25:00:00Z",
            "2025-01-01T00:00:00Z trailing",
            "2025-01-01T00:00Z",
            "0000-01-01T00:00:00+01:00",
            "9999-12-31T23:00:00-02:00",
            "２０２５-01-01",
            "1735689600",
        ] {
            assert_eq!(normalize(input), None, "{input}");
        }
    }
}
