//! Parser for the Emporix `q` query language and the `sort` parameter.
//!
//! Shared by the browser app (to validate a raw `q` and point at the error) and the
//! emulator (to compile a query to SQL). No dependencies, no regex, never panics.
//!
//! All positions ([`Span`], [`ParseError::offset`]) count Unicode scalar values
//! (`char`s), not bytes, starting at 0.

#![warn(missing_docs)]

use std::fmt;

mod query;
mod sort;

pub use query::parse_query;
pub use sort::parse_sort;

/// Longest accepted input, in characters (for both `q` and `sort`).
pub const MAX_INPUT_CHARS: usize = 4096;
/// Most clauses accepted in one query.
pub const MAX_CLAUSES: usize = 50;
/// Most values accepted in one list `(a,b,…)` or comparisons in one range.
pub const MAX_LIST_ITEMS: usize = 200;

/// A parsed `q`: its clauses, which are ANDed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The clauses in input order; all must match.
    pub clauses: Vec<Clause>,
}

/// One `field:condition` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Field name as written, e.g. `name` or `metadata.createdAt`.
    pub field: String,
    /// Where the field name is in the input.
    pub field_span: Span,
    /// What the field must satisfy.
    pub condition: Condition,
}

/// A range of character offsets in the input: 0-based, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// The condition of a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `f:value` or `f:"quoted value"`: equality.
    Eq(Value),
    /// `f:~text`, `f:~(text)`, `f:~"text"` or `f:(~text)`: contains this (trimmed, non-empty) text.
    Contains(String),
    /// `f:>v`, `f:<v`, `f:>=v`, `f:<=v`.
    Compare(CompareOp, Value),
    /// `f:(>=a AND <=b)`: two or more comparisons, all of which must hold.
    Range(Vec<(CompareOp, Value)>),
    /// `f:null`: null or absent.
    Null,
    /// `f:exists`.
    Exists,
    /// `f:missing`.
    Missing,
    /// `f:(a,b,c)`: equal to one of the values.
    In(Vec<Value>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `>`
    Gt,
    /// `<`
    Lt,
    /// `>=`
    Ge,
    /// `<=`
    Le,
}

impl CompareOp {
    /// The operator as written in `q` (also valid SQL): `>`, `<`, `>=` or `<=`.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Gt => ">",
            CompareOp::Lt => "<",
            CompareOp::Ge => ">=",
            CompareOp::Le => "<=",
        }
    }
}

/// A value as written in the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The value with quotes removed and escapes resolved.
    pub text: String,
    /// Whether it was written in double quotes.
    pub quoted: bool,
    /// Where it is in the input (including any quotes).
    pub span: Span,
}

/// Why an input could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character offset (0-based) of the problem; may equal the input length (end of input).
    pub offset: usize,
    /// What is wrong, without the position.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(offset: usize, message: &str) -> Self {
        ParseError {
            offset,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for ParseError {
    /// `"<message> at character <offset + 1>"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.offset + 1)
    }
}

impl std::error::Error for ParseError {}

/// One `sort` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    /// Field name, e.g. `metadata.createdAt`.
    pub field: String,
    /// `true` for `:desc` (any case); ascending otherwise.
    pub descending: bool,
}

/// Builds `field:~((?i)pattern)`: `~` is a regular expression on the Emporix API, so the
/// pattern matches `text` (trimmed) literally and regardless of case. Regex metacharacters
/// get a backslash (written `\\` in `q`); `(`, `)` and `"`, which break the service's own
/// `q` parsing even when backslash-escaped, become the regex escapes `\x28`, `\x29`, `\x22`,
/// so the only parentheses are the balanced ones of `~( )` and `(?i)`.
///
/// Returns an empty string when `text` is blank. `field` is used as given: pass a valid field name.
pub fn contains_clause(field: &str, text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(field.len() + 2 * text.len() + 8);
    out.push_str(field);
    out.push_str(":~((?i)");
    for c in text.chars() {
        match c {
            '(' => out.push_str(r"\\x28"),
            ')' => out.push_str(r"\\x29"),
            '"' => out.push_str(r"\\x22"),
            '\\' => out.push_str(r"\\\\"),
            '.' | '+' | '*' | '?' | '^' | '$' | '|' | '[' | ']' | '{' | '}' => {
                out.push_str(r"\\");
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(')');
    out
}

/// Wraps `text` in double quotes, escaping `\` and `"`, so that `field:<result>` is `Eq(text)`.
pub fn quote_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '\\' | '"') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Characters allowed in a field name: ASCII letters, digits, `_` and `.`.
pub(crate) fn is_field_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// The input as chars, or an error when it is longer than [`MAX_INPUT_CHARS`].
pub(crate) fn chars_limited(input: &str) -> Result<Vec<char>, ParseError> {
    if input.chars().nth(MAX_INPUT_CHARS).is_some() {
        return Err(ParseError::new(
            MAX_INPUT_CHARS,
            "input is too long (at most 4096 characters)",
        ));
    }
    Ok(input.chars().collect())
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
