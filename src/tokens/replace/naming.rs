//! The new token's suggested name and id: the old name with the current year and month,
//! e.g. "OpenAI prod (2026-12)", so the two are told apart at a glance; the id follows
//! the name (`token_id::suggest_id`), or the first of its numbered variants that is free.

use crate::tokens::token_id::MAX_ID_CHARS;

/// How many ids are tried for a free one: `id`, `id-2` … `id-9`.
const TRIES: usize = 9;

/// `YYYY-MM` (UTC) of `ms` milliseconds since 1970.
pub fn year_month(ms: f64) -> String {
    // Days to a civil date (Howard Hinnant's algorithm).
    let days = (ms / 86_400_000.0).floor() as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}")
}

/// The old name (an earlier " (YYYY-MM)" dropped) with ` (year_month)`.
pub fn suggest_name(old_name: &str, year_month: &str) -> String {
    let base = old_name.trim();
    let base = match base.rsplit_once(" (") {
        Some((before, tail)) if is_year_month_tail(tail) => before,
        _ => base,
    };
    format!("{base} ({year_month})")
}

fn is_year_month_tail(tail: &str) -> bool {
    let bytes = tail.as_bytes();
    bytes.len() == 8
        && bytes[7] == b')'
        && bytes[4] == b'-'
        && bytes[..4]
            .iter()
            .chain(&bytes[5..7])
            .all(u8::is_ascii_digit)
}

/// The ids to try, in order, for a new token whose suggested id is `id`: itself, then
/// `id-2` … `id-9`, each within the id length limit.
pub fn id_candidates(id: &str) -> Vec<String> {
    let mut candidates = vec![id.to_owned()];
    for n in 2..=TRIES {
        let suffix = format!("-{n}");
        let keep = id.len().min(MAX_ID_CHARS - suffix.len());
        candidates.push(format!("{}{suffix}", id[..keep].trim_end_matches('-')));
    }
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_and_month_of_a_time() {
        assert_eq!(year_month(0.0), "1970-01");
        // 2026-12-31T23:59:59Z and a moment later.
        assert_eq!(year_month(1_798_761_599_000.0), "2026-12");
        assert_eq!(year_month(1_798_761_600_000.0), "2027-01");
        assert_eq!(year_month(951_782_400_000.0), "2000-02"); // 2000-02-29
    }

    #[test]
    fn the_name_gets_the_month_once() {
        assert_eq!(
            suggest_name("OpenAI prod", "2026-12"),
            "OpenAI prod (2026-12)"
        );
        assert_eq!(
            suggest_name("OpenAI prod (2025-01)", "2026-12"),
            "OpenAI prod (2026-12)"
        );
        assert_eq!(suggest_name("Key (old)", "2026-12"), "Key (old) (2026-12)");
    }

    #[test]
    fn numbered_ids_stay_valid() {
        let candidates = id_candidates("openai-prod-2026-12");
        assert_eq!(candidates.len(), 9);
        assert_eq!(candidates[0], "openai-prod-2026-12");
        assert_eq!(candidates[1], "openai-prod-2026-12-2");
        assert_eq!(candidates[8], "openai-prod-2026-12-9");
        let long = "a".repeat(MAX_ID_CHARS);
        assert!(id_candidates(&long)
            .iter()
            .all(|id| crate::tokens::token_id::check_id(id).is_ok()));
        assert_eq!(
            id_candidates(&long)[1],
            format!("{}-2", "a".repeat(MAX_ID_CHARS - 2))
        );
    }
}
