//! Answers `~` (regular expression) clauses on token names and ids from an in-memory copy
//! of one tenant's names or ids ([`crate::token_copy`]), so a search never tests the table
//! row by row in SQL.
//!
//! A pattern that is plain text, or plain text under `(?i)` (what the app sends for "name
//! contains"), is one substring search over all values joined together: as they are, or
//! with every character folded to one member of its case class, so `(?i)` matches exactly
//! what the regular expression would. Any other pattern is tested value by value. Either
//! way the answer is the set of rows the `REGEXP` predicate keeps.

use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use rusqlite::Connection;

use crate::filter_error::FilterError;
use crate::pattern;

/// Which text of a token a pattern is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Id,
}

impl Column {
    /// The column of `tokens`.
    pub fn sql(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Id => "id",
        }
    }
}

/// Separates values in a joined text; a match across it is discarded.
const SEPARATOR: char = '\n';

/// `c` and every character that Unicode's simple case folding makes equal to it: what
/// `(?i)c` matches.
fn case_class(c: char) -> ClassUnicode {
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class
}

/// The smallest character of `c`'s case class: two characters match each other under
/// `(?i)` exactly when they fold to the same one.
fn fold(c: char) -> char {
    static ASCII: LazyLock<Vec<char>> =
        LazyLock::new(|| (0..128u8).map(|b| fold_slow(char::from(b))).collect());
    match ASCII.get(c as usize) {
        Some(folded) => *folded,
        None => fold_slow(c),
    }
}

fn fold_slow(c: char) -> char {
    case_class(c).ranges().first().map_or(c, |r| r.start())
}

fn folded(text: &str) -> String {
    text.chars().map(fold).collect()
}

/// What a `~` pattern looks for, in the fastest form that gives the same answer.
#[derive(Debug, Clone)]
pub enum Needle {
    /// The pattern matches every value (it is empty).
    Everything,
    /// The values that contain this text.
    Text(String),
    /// The values whose folded form contains this folded text.
    Folded(String),
    /// The values the regular expression matches, tested one by one.
    Pattern(Regex),
}

/// One position of a pattern that is a fixed run of characters.
#[derive(Clone, Copy)]
enum Piece {
    /// This character only.
    Exact(char),
    /// Any character of this case class (given by its smallest character).
    AnyCase(char),
}

fn pieces(hir: &Hir) -> Option<Vec<Piece>> {
    match hir.kind() {
        HirKind::Empty => Some(Vec::new()),
        HirKind::Literal(literal) => Some(
            std::str::from_utf8(&literal.0)
                .ok()?
                .chars()
                .map(Piece::Exact)
                .collect(),
        ),
        HirKind::Class(Class::Unicode(class)) => {
            let smallest = class.ranges().first()?.start();
            (*class == case_class(smallest)).then(|| vec![Piece::AnyCase(smallest)])
        }
        HirKind::Capture(capture) => pieces(&capture.sub),
        HirKind::Concat(items) => items
            .iter()
            .map(pieces)
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.concat()),
        _ => None,
    }
}

impl Needle {
    /// The needle for a `~` pattern; an invalid pattern is a sentence for a 400 response.
    /// A run of characters that parses needs no compiled regular expression (the length
    /// limit on `q` keeps it far below the compiled size limit).
    pub fn new(pattern: &str) -> Result<Self, FilterError> {
        let pieces = regex_syntax::parse(pattern).ok().and_then(|h| pieces(&h));
        match pieces.as_deref().and_then(Self::of_pieces) {
            Some(needle) => Ok(needle),
            None => pattern::compile(pattern).map(Self::Pattern),
        }
    }

    fn of_pieces(pieces: &[Piece]) -> Option<Self> {
        if pieces.is_empty() {
            return Some(Self::Everything);
        }
        let exact = pieces.iter().map(|p| match p {
            Piece::Exact(c) => Some(*c),
            Piece::AnyCase(_) => None,
        });
        if let Some(text) = exact.collect::<Option<String>>() {
            return Some(Self::Text(text));
        }
        // An exact character that has other cases would match them too once folded.
        pieces
            .iter()
            .map(|p| match p {
                Piece::Exact(c) => (case_class(*c)
                    == ClassUnicode::new([ClassUnicodeRange::new(*c, *c)]))
                .then_some(*c),
                Piece::AnyCase(smallest) => Some(*smallest),
            })
            .collect::<Option<String>>()
            .map(Self::Folded)
    }
}

/// Values joined by [`SEPARATOR`], with where each one ends.
struct Joined {
    text: String,
    ends: Vec<usize>,
}

impl Joined {
    fn new<'a>(values: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> Self {
        let mut joined = Self {
            text: String::new(),
            ends: Vec::new(),
        };
        for value in values {
            joined.text.push_str(&value);
            joined.ends.push(joined.text.len());
            joined.text.push(SEPARATOR);
        }
        joined
    }

    fn start(&self, index: usize) -> usize {
        index
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] + 1)
    }

    fn value(&self, index: usize) -> &str {
        &self.text[self.start(index)..self.ends[index]]
    }

    /// The indexes of the values that contain `needle` (not empty), ascending.
    fn containing(&self, needle: &str) -> Vec<usize> {
        if needle.contains(SEPARATOR) {
            // A match could span two values: look in each value alone.
            return (0..self.ends.len())
                .filter(|i| self.value(*i).contains(needle))
                .collect();
        }
        let mut found: Vec<usize> = Vec::new();
        let mut index = 0;
        for at in memmem::find_iter(self.text.as_bytes(), needle.as_bytes()) {
            // Without a separator in it, a match lies inside the value it starts in.
            while self.ends[index] < at {
                index += 1;
            }
            if found.last() != Some(&index) {
                found.push(index);
            }
        }
        found
    }
}

/// One tenant's names or ids in rowid order, with their folded forms once needed.
pub struct Texts {
    joined: Joined,
    folded: Option<Joined>,
}

impl Texts {
    /// The tenant's values of `column`, in rowid order.
    pub fn load(conn: &Connection, tenant: &str, column: Column) -> rusqlite::Result<Self> {
        let sql = format!(
            "SELECT {} FROM tokens WHERE tenant = ? ORDER BY rowid",
            column.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let values = stmt
            .query_map([tenant], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Self {
            joined: Joined::new(values.iter().map(|v| v.as_str().into())),
            folded: None,
        })
    }

    /// The positions (ascending) of the values `needle` matches.
    pub fn matching(&mut self, needle: &Needle) -> Vec<usize> {
        let joined = &self.joined;
        match needle {
            Needle::Everything => (0..joined.ends.len()).collect(),
            Needle::Text(text) => joined.containing(text),
            Needle::Folded(text) => self
                .folded
                .get_or_insert_with(|| {
                    Joined::new((0..joined.ends.len()).map(|i| folded(joined.value(i)).into()))
                })
                .containing(text),
            Needle::Pattern(regex) => (0..joined.ends.len())
                .filter(|i| regex.is_match(joined.value(*i)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;
    use crate::token_store::insert_named as insert;
    use proptest::prelude::*;

    fn kind(pattern: &str) -> String {
        match Needle::new(pattern).unwrap() {
            Needle::Everything => "everything".into(),
            Needle::Text(text) => format!("text {text}"),
            Needle::Folded(text) => format!("folded {text}"),
            Needle::Pattern(_) => "pattern".into(),
        }
    }

    #[test]
    fn plain_and_case_insensitive_text_need_no_regular_expression() {
        assert_eq!(kind("OpenAI prod"), "text OpenAI prod");
        assert_eq!(kind(r"a\.b\x28"), "text a.b(");
        assert_eq!(kind("(?i)123"), "text 123");
        assert_eq!(kind("(?i)Open ai"), "folded OPEN AI");
        assert_eq!(kind("(?i)a(?-i)1"), "folded A1");
        assert_eq!(kind("(?i)a(?-i)b"), "pattern", "b alone must not match B");
        assert_eq!(kind("a.b"), "pattern");
        assert_eq!(kind("^ab"), "pattern");
        assert_eq!(kind("[ab]"), "pattern");
        assert_eq!(kind(""), "everything");
        assert_eq!(kind("(?i)"), "everything");
    }

    #[test]
    fn the_longest_text_q_allows_compiles_too() {
        let longest = format!("(?i){}", "ǅ".repeat(qlang::MAX_INPUT_CHARS));
        assert!(matches!(Needle::new(&longest), Ok(Needle::Folded(_))));
        assert!(
            pattern::compile(&longest).is_ok(),
            "skipping it loses no error"
        );
    }

    #[test]
    fn folding_follows_the_case_classes_of_the_regex_engine() {
        assert_eq!(fold('k'), fold('\u{212A}'), "Kelvin sign");
        assert_eq!(fold('s'), fold('ſ'));
        assert_eq!(fold('σ'), fold('ς'));
        assert_ne!(fold('i'), fold('İ'));
        assert_eq!(fold('-'), '-');
    }

    fn names(conn: &Connection, pattern: &str) -> Vec<String> {
        let needle = Needle::new(pattern).unwrap();
        let mut texts = Texts::load(conn, "t", Column::Name).unwrap();
        let all: Vec<String> = conn
            .prepare("SELECT name FROM tokens WHERE tenant = 't' ORDER BY rowid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        texts
            .matching(&needle)
            .into_iter()
            .map(|i| all[i].clone())
            .collect()
    }

    #[test]
    fn a_match_never_spans_two_values() {
        let conn = db::open(None).unwrap();
        insert(&conn, "t", "a", "OpenAI prod");
        insert(&conn, "t", "b", "Mistral");
        assert!(names(&conn, "d\nM").is_empty());
        assert!(names(&conn, "(?i)D\nm").is_empty());
        assert_eq!(names(&conn, "(?i)ODM"), Vec::<String>::new());
        assert_eq!(names(&conn, "(?i)ai P"), ["OpenAI prod"]);
    }

    /// Characters that fold in unusual ways, the separator, and regex syntax.
    const ALPHABET: &str = "aAbBkKsS0 -_\n\"'*():.ßẞİıΣσςſ\u{212A}Ää";

    fn text(max: usize) -> impl Strategy<Value = String> {
        let chars: Vec<char> = ALPHABET.chars().collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..max)
            .prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The scan keeps exactly the rows the `REGEXP` predicate keeps.
        #[test]
        fn the_scan_agrees_with_the_regular_expression(
            values in proptest::collection::vec(text(12), 1..30),
            needles in proptest::collection::vec(text(5), 1..10),
        ) {
            let conn = db::open(None).unwrap();
            for (i, value) in values.iter().enumerate() {
                insert(&conn, "t", &format!("{i}"), value);
            }
            for needle in &needles {
                let literal = regex::escape(needle);
                for pattern in [
                    literal.clone(),
                    format!("(?i){literal}"),
                    format!("(?i){literal}(?-i)0"),
                    format!("{literal}.*s"),
                ] {
                    let regex = Regex::new(&pattern).unwrap();
                    let expected: Vec<String> = values
                        .iter()
                        .filter(|v| regex.is_match(v))
                        .cloned()
                        .collect();
                    prop_assert_eq!(names(&conn, &pattern), expected, "{}", pattern);
                }
            }
        }
    }
}
