//! The `~` operator of `q`: a regular expression, as Emporix's query-parameter rules
//! define it (not a substring test).
//!
//! The real service's case rule is unknown; like MongoDB's `$regex`, which Emporix's
//! services sit on, a pattern is case-sensitive, and `(?i)` at its start makes it
//! case-insensitive. Syntax is the `regex` crate's (no look-around or back-references),
//! and matching takes linear time, so no pattern can stall the server.

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::filter::FilterError;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Largest compiled program accepted for one pattern, in bytes.
const SIZE_LIMIT: usize = 1 << 20;

/// The characters one position of a required run may be: one, or a few case variants.
pub type Slot = Vec<char>;

/// Most characters a class may have and still count as one position of a run
/// (`(?i)k` is `[Kk\u{212A}]`).
const MAX_SLOT_CHARS: usize = 4;

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

/// The text a pattern matches literally (no metacharacter, no flag), if it is one:
/// then "matches" is exactly "contains", which SQLite's `instr` answers natively.
pub fn literal(pattern: &str) -> Option<String> {
    match regex_syntax::parse(pattern).ok()?.into_kind() {
        HirKind::Literal(literal) => String::from_utf8(literal.0.into_vec()).ok(),
        _ => None,
    }
}

/// Runs of positions that every match of `pattern` contains, each run contiguous in
/// the text: what an index can look for. Empty when nothing is certain (e.g. `a|b`).
pub fn required_runs(pattern: &str) -> Vec<Vec<Slot>> {
    let mut runs = Vec::new();
    if let Ok(hir) = regex_syntax::parse(pattern) {
        collect(&hir, &mut runs);
    }
    runs
}

fn collect(hir: &Hir, runs: &mut Vec<Vec<Slot>>) {
    match hir.kind() {
        HirKind::Concat(items) => {
            let mut run = Vec::new();
            for item in items {
                match slots(item) {
                    Some(more) => run.extend(more),
                    None => {
                        runs.push(std::mem::take(&mut run));
                        collect(item, runs);
                    }
                }
            }
            runs.push(run);
            runs.retain(|r| !r.is_empty());
        }
        HirKind::Capture(capture) => collect(&capture.sub, runs),
        HirKind::Repetition(repeat) if repeat.min >= 1 => collect(&repeat.sub, runs),
        _ => runs.extend(slots(hir).filter(|s| !s.is_empty())),
    }
}

/// The expression as a fixed sequence of small character sets, if it is one.
fn slots(hir: &Hir) -> Option<Vec<Slot>> {
    match hir.kind() {
        HirKind::Literal(literal) => Some(
            std::str::from_utf8(&literal.0)
                .ok()?
                .chars()
                .map(|c| vec![c])
                .collect(),
        ),
        HirKind::Class(Class::Unicode(class)) => {
            let chars: Slot = class
                .iter()
                .flat_map(|range| range.start()..=range.end())
                .take(MAX_SLOT_CHARS + 1)
                .collect();
            (chars.len() <= MAX_SLOT_CHARS).then(|| vec![chars])
        }
        HirKind::Capture(capture) => slots(&capture.sub),
        HirKind::Concat(items) => items
            .iter()
            .map(slots)
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.concat()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(pattern: &str) -> Vec<String> {
        required_runs(pattern)
            .iter()
            .map(|run| {
                run.iter()
                    .map(|slot| slot.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn literal_runs_are_found() {
        assert_eq!(runs("OpenAI prod"), ["O|p|e|n|A|I| |p|r|o|d"]);
        assert_eq!(runs("^ab.*cd+e$"), ["a|b", "c", "d", "e"]);
        assert_eq!(runs("(?i)ab"), ["Aa|Bb"]);
        assert_eq!(runs("x(yz)w"), ["x|y|z|w"]);
        assert!(runs("ab|cd").is_empty());
        assert!(runs("a?b*").is_empty());
        assert!(runs(".*").is_empty());
        assert!(runs("[a-z]+").is_empty());
        assert!(runs("(").is_empty());
    }

    #[test]
    fn plain_text_is_a_literal() {
        assert_eq!(literal("OpenAI prod").as_deref(), Some("OpenAI prod"));
        assert_eq!(literal(r"a\.b").as_deref(), Some("a.b"));
        assert_eq!(literal("(?i)ab"), None);
        assert_eq!(literal("a.b"), None);
        assert_eq!(literal("^ab"), None);
    }

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
