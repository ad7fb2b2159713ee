//! Answers `~` (regular expression) clauses on token names and ids from an in-memory copy
//! of one tenant's names or ids, so a search never tests the table row by row in SQL.
//!
//! A pattern that is plain text, or plain text under `(?i)` (what the app sends for "name
//! contains"), is one substring search over all values joined together: as they are, or
//! with every character folded to one member of its case class, so `(?i)` matches exactly
//! what the regular expression would. Any other pattern is tested value by value. The
//! copy is taken on first use and again after any write to the database, so the answer
//! is always the set of rows the `REGEXP` predicate keeps.

use std::collections::hash_map::{Entry, HashMap};
use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use rusqlite::Connection;

use crate::filter::FilterError;
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
    pub fn new(pattern: &str) -> Result<Self, FilterError> {
        let regex = pattern::compile(pattern)?;
        let Some(pieces) = regex_syntax::parse(pattern).ok().and_then(|h| pieces(&h)) else {
            return Ok(Self::Pattern(regex));
        };
        if pieces.is_empty() {
            return Ok(Self::Everything);
        }
        if let Some(text) = pieces
            .iter()
            .map(|p| match p {
                Piece::Exact(c) => Some(*c),
                Piece::AnyCase(_) => None,
            })
            .collect::<Option<String>>()
        {
            return Ok(Self::Text(text));
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
            .map_or(Ok(Self::Pattern(regex)), |text| Ok(Self::Folded(text)))
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

/// One tenant's names or ids, by rowid, with their folded forms once needed.
struct Values {
    rowids: Vec<i64>,
    joined: Joined,
    folded: Option<Joined>,
}

impl Values {
    fn load(conn: &Connection, tenant: &str, column: Column) -> rusqlite::Result<Self> {
        let sql = format!(
            "SELECT rowid, {} FROM tokens WHERE tenant = ? ORDER BY rowid",
            column.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map([tenant], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Self {
            rowids: rows.iter().map(|(rowid, _)| *rowid).collect(),
            joined: Joined::new(rows.iter().map(|(_, text)| text.as_str().into())),
            folded: None,
        })
    }

    /// The rowids (ascending) of the values `needle` matches.
    fn matching(&mut self, needle: &Needle) -> Vec<i64> {
        let indexes: Vec<usize> = match needle {
            Needle::Everything => return self.rowids.clone(),
            Needle::Text(text) => self.joined.containing(text),
            Needle::Folded(text) => {
                let joined = &self.joined;
                self.folded
                    .get_or_insert_with(|| {
                        Joined::new((0..joined.ends.len()).map(|i| folded(joined.value(i)).into()))
                    })
                    .containing(text)
            }
            Needle::Pattern(regex) => (0..self.rowids.len())
                .filter(|i| regex.is_match(self.joined.value(*i)))
                .collect(),
        };
        indexes.into_iter().map(|i| self.rowids[i]).collect()
    }
}

/// The in-memory copies, kept per tenant and column until the database changes.
#[derive(Default)]
pub struct TextScan {
    /// The connection's change count and the database's data version when copied.
    copied_at: (u64, i64),
    values: HashMap<(String, Column), Values>,
}

impl TextScan {
    /// The rowids (ascending) of the tenant's tokens whose `column` matches `needle`.
    pub fn matching(
        &mut self,
        conn: &Connection,
        tenant: &str,
        column: Column,
        needle: &Needle,
    ) -> rusqlite::Result<Vec<i64>> {
        let now = (
            conn.total_changes(),
            conn.pragma_query_value(None, "data_version", |r| r.get(0))?,
        );
        if now != self.copied_at {
            self.values.clear();
            self.copied_at = now;
        }
        let values = match self.values.entry((tenant.to_owned(), column)) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(Values::load(conn, tenant, column)?),
        };
        Ok(values.matching(needle))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;
    use crate::token_store::{self, TokenRow};
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
    fn folding_follows_the_case_classes_of_the_regex_engine() {
        assert_eq!(fold('k'), fold('\u{212A}'), "Kelvin sign");
        assert_eq!(fold('s'), fold('ſ'));
        assert_eq!(fold('σ'), fold('ς'));
        assert_ne!(fold('i'), fold('İ'));
        assert_eq!(fold('-'), '-');
    }

    fn insert(conn: &Connection, tenant: &str, id: &str, name: &str) {
        let row = TokenRow {
            id: id.into(),
            name: name.into(),
            version: 1,
            created_at: "c".into(),
            modified_at: "m".into(),
        };
        token_store::insert(conn, tenant, &row, "h").unwrap();
    }

    fn names(conn: &Connection, scan: &mut TextScan, pattern: &str) -> Vec<String> {
        let needle = Needle::new(pattern).unwrap();
        scan.matching(conn, "t", Column::Name, &needle)
            .unwrap()
            .into_iter()
            .map(|rowid| {
                conn.query_row("SELECT name FROM tokens WHERE rowid = ?", [rowid], |r| {
                    r.get(0)
                })
                .unwrap()
            })
            .collect()
    }

    #[test]
    fn the_copy_follows_every_write_and_keeps_tenants_apart() {
        let conn = db::open(None).unwrap();
        let mut scan = TextScan::default();
        insert(&conn, "t", "a", "OpenAI prod");
        insert(&conn, "other", "b", "OpenAI prod too");
        assert_eq!(names(&conn, &mut scan, "(?i)openai"), ["OpenAI prod"]);
        insert(&conn, "t", "c", "openai dev");
        assert_eq!(
            names(&conn, &mut scan, "(?i)openai"),
            ["OpenAI prod", "openai dev"]
        );
        token_store::rename(&conn, "t", "a", "Mistral", "now").unwrap();
        assert_eq!(names(&conn, &mut scan, "(?i)openai"), ["openai dev"]);
        assert_eq!(names(&conn, &mut scan, "d\nM"), Vec::<String>::new());
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
            let mut scan = TextScan::default();
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
                    prop_assert_eq!(names(&conn, &mut scan, &pattern), expected, "{}", pattern);
                }
            }
        }
    }
}
