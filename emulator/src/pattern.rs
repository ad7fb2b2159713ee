//! The `~` operator of `q`: a regular expression, as Emporix's query-parameter rules
//! define it (not a substring test).
//!
//! The real service's case rule is unknown; like MongoDB's `$regex`, which Emporix's
//! services sit on, a pattern is case-sensitive, and `(?i)` at its start makes it
//! case-insensitive. Syntax is the `regex` crate's (no look-around or back-references),
//! and matching takes linear time, so no pattern can stall the server.

use regex::{Regex, RegexBuilder};
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::filter_error::FilterError;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Largest compiled program accepted for one pattern, in bytes.
const SIZE_LIMIT: usize = 1 << 20;

/// Compiles a `~` pattern; an invalid one is a sentence for a 400 response.
pub fn compile(pattern: &str) -> Result<Regex, FilterError> {
    RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            // Syntax errors end with `error: <reason>` under a caret diagram.
            let reason = text
                .lines()
                .find_map(|line| line.strip_prefix("error: "))
                .unwrap_or(&text);
            FilterError(format!(
                "\"{pattern}\" after ~ is not a valid regular expression: {reason}."
            ))
        })
}

/// Registers `regexp(pattern, text)`, which SQLite calls for `text REGEXP pattern`;
/// the compiled pattern is cached for the statement.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "regexp",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let regex = ctx.get_or_create_aux(0, |pattern| -> Result<Regex, BoxError> {
                Ok(compile(pattern.as_str()?)?)
            })?;
            let text = ctx.get_raw(1).as_str().unwrap_or_default();
            Ok(regex.is_match(text))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_patterns_say_why() {
        let error = compile("[a").unwrap_err().0;
        assert_eq!(
            error,
            "\"[a\" after ~ is not a valid regular expression: unclosed character class."
        );
        assert!(compile("(?i)open.*prod").is_ok());
    }

    #[test]
    fn sqlite_regexp_is_case_sensitive_unless_asked() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let test = |text: &str, pattern: &str| -> bool {
            conn.query_row("SELECT ? REGEXP ?", [text, pattern], |r| r.get(0))
                .unwrap()
        };
        assert!(test("OpenAI prod", "AI p"));
        assert!(!test("OpenAI prod", "openai"));
        assert!(test("OpenAI prod", "(?i)openai"));
        assert!(test("OpenAI prod", "^Open.*d$"));
        assert!(conn
            .query_row("SELECT 'a' REGEXP '['", [], |r| r.get::<_, bool>(0))
            .is_err());
    }
}
