//! Small text formatters for the components: numbers with thousands separators and compact
//! UTC timestamps. Pure Rust, so they are tested natively.

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// An ISO-8601 timestamp as `YYYY-MM-DD HH:MM` in UTC (an offset is applied; none means
/// UTC); `None` if it is not a timestamp.
pub fn compact_timestamp(iso: &str) -> Option<String> {
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
    if let Some(seconds) = rest.strip_prefix(':') {
        let digits = seconds
            .get(..2)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        rest = seconds[digits.len()..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
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
    let (y, m, d) = civil_from_days(minutes.div_euclid(1440));
    let of_day = minutes.rem_euclid(1440);
    Some(format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        of_day / 60,
        of_day % 60
    ))
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

    #[test]
    fn groups_thousands() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (1234, "1,234"),
            (123_456, "123,456"),
            (1_234_567, "1,234,567"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ];
        for (n, text) in cases {
            assert_eq!(thousands(n), text);
        }
    }

    #[test]
    fn compacts_timestamps_to_utc_minutes() {
        let cases = [
            ("2025-11-02T14:03:27.123Z", "2025-11-02 14:03"),
            ("2025-11-02T14:03:27Z", "2025-11-02 14:03"),
            ("2025-11-02T14:03Z", "2025-11-02 14:03"),
            ("2025-11-02T14:03:27", "2025-11-02 14:03"),
            ("2025-11-02 14:03:27.123456+00:00", "2025-11-02 14:03"),
            ("2025-11-02t14:03:27z", "2025-11-02 14:03"),
            ("2025-11-02T16:03:27+02:00", "2025-11-02 14:03"),
            ("2025-01-01T01:30:00+0200", "2024-12-31 23:30"),
            ("2024-02-28T23:30:00-01:00", "2024-02-29 00:30"),
            ("2023-02-28T23:30:00-01:00", "2023-03-01 00:30"),
            ("1969-12-31T23:59:59Z", "1969-12-31 23:59"),
            (" 2025-11-02T14:03:27Z ", "2025-11-02 14:03"),
        ];
        for (iso, text) in cases {
            assert_eq!(compact_timestamp(iso).as_deref(), Some(text), "{iso}");
        }
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
            "2025-11-02T14:03:2",
            "2025-11-02T14:03:27X",
            "2025-11-02T14:03:27+2",
            "2025-11-02T14:03:27+02:0x",
            "+2025-11-02T14:03:27Z",
            "２０２５-11-02T14:03Z",
            "2025-11-02T14:03:27Z🙂",
        ] {
            assert_eq!(compact_timestamp(text), None, "{text}");
        }
    }
}
