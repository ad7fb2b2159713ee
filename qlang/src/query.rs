//! The `q` parser.

use crate::{
    chars_limited, is_field_char, Clause, CompareOp, Condition, ParseError, Query, Span, Value,
    MAX_CLAUSES, MAX_LIST_ITEMS,
};

/// Parses a `q` string: whitespace-separated `field:condition` clauses, ANDed.
///
/// Empty or whitespace-only input gives an empty [`Query`]. See [`Condition`] for the forms.
pub fn parse_query(input: &str) -> Result<Query, ParseError> {
    let mut p = Parser {
        chars: chars_limited(input)?,
        pos: 0,
    };
    let mut clauses = Vec::new();
    loop {
        p.skip_ws();
        if p.pos >= p.chars.len() {
            return Ok(Query { clauses });
        }
        if clauses.len() == MAX_CLAUSES {
            return p.fail(p.pos, "too many clauses (at most 50)");
        }
        clauses.push(p.clause()?);
        if !p.at_ws_or_end() {
            return p.fail(
                p.pos,
                "unexpected character after the value; separate clauses with a space",
            );
        }
    }
}

type R<T> = Result<T, ParseError>;

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn fail<T>(&self, offset: usize, message: &str) -> R<T> {
        Err(ParseError::new(offset, message))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at_ws_or_end(&self) -> bool {
        self.peek().is_none_or(char::is_whitespace)
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        self.pos > start
    }

    fn span_from(&self, start: usize) -> Span {
        Span {
            start,
            end: self.pos,
        }
    }

    fn clause(&mut self) -> R<Clause> {
        let start = self.pos;
        while self.peek().is_some_and(is_field_char) {
            self.pos += 1;
        }
        if self.pos == start {
            return match self.peek() {
                Some(':') => self.fail(start, "missing field name before ':'"),
                _ => self.fail(start, "expected a field name (letters, digits, '_' or '.')"),
            };
        }
        let field_span = self.span_from(start);
        let field = self.chars[start..self.pos].iter().collect();
        if self.peek() != Some(':') {
            return self.fail(self.pos, "expected ':' after field name");
        }
        self.pos += 1;
        let condition = self.condition()?;
        Ok(Clause {
            field,
            field_span,
            condition,
        })
    }

    fn condition(&mut self) -> R<Condition> {
        match self.peek() {
            None => self.fail(self.pos, "expected a value after ':'"),
            Some(c) if c.is_whitespace() => self.fail(self.pos, "expected a value after ':'"),
            Some('"') => Ok(Condition::Eq(self.quoted()?)),
            Some('~') => {
                self.pos += 1;
                Ok(Condition::Contains(self.contains_text()?))
            }
            Some('>' | '<') => {
                let op = self.op();
                let value = self.op_value(op, false)?;
                Ok(Condition::Compare(op, value))
            }
            Some('(') => self.group(),
            Some(_) => {
                let value = self.bare(false)?;
                Ok(match value.text.as_str() {
                    "null" => Condition::Null,
                    "exists" => Condition::Exists,
                    "missing" => Condition::Missing,
                    _ => Condition::Eq(value),
                })
            }
        }
    }

    /// Reads `>`, `<`, `>=` or `<=` (the caller checked the first char).
    fn op(&mut self) -> CompareOp {
        let greater = self.peek() == Some('>');
        self.pos += 1;
        let or_equal = self.peek() == Some('=');
        if or_equal {
            self.pos += 1;
        }
        match (greater, or_equal) {
            (true, false) => CompareOp::Gt,
            (true, true) => CompareOp::Ge,
            (false, false) => CompareOp::Lt,
            (false, true) => CompareOp::Le,
        }
    }

    /// The value right after a comparison operator.
    fn op_value(&mut self, op: CompareOp, in_group: bool) -> R<Value> {
        match self.peek() {
            Some('"') => self.quoted(),
            Some(c) if !(c.is_whitespace() || in_group && c == ')') => self.bare(in_group),
            _ => self.fail(
                self.pos,
                match op {
                    CompareOp::Gt => "expected a value after '>'",
                    CompareOp::Lt => "expected a value after '<'",
                    CompareOp::Ge => "expected a value after '>='",
                    CompareOp::Le => "expected a value after '<='",
                },
            ),
        }
    }

    /// `"..."` with `\"` and `\\` escapes; the cursor is on the opening quote.
    fn quoted(&mut self) -> R<Value> {
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return self.fail(start, "unterminated quoted value"),
                Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => match self.chars.get(self.pos + 1) {
                    Some(&c @ ('"' | '\\')) => {
                        text.push(c);
                        self.pos += 2;
                    }
                    None => return self.fail(start, "unterminated quoted value"),
                    Some(_) => {
                        return self.fail(
                            self.pos,
                            "invalid escape in quoted value (only \\\" and \\\\ are allowed)",
                        )
                    }
                },
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        Ok(Value {
            text,
            quoted: true,
            span: self.span_from(start),
        })
    }

    /// An unquoted value: up to whitespace, and in a group also up to `,` or `)`.
    fn bare(&mut self, in_group: bool) -> R<Value> {
        let start = self.pos;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || (in_group && (c == ',' || c == ')')) {
                break;
            }
            match c {
                '"' => {
                    return self.fail(
                        self.pos,
                        "unexpected '\"' inside an unquoted value (quote the whole value)",
                    )
                }
                '(' | ')' => {
                    return self.fail(
                        self.pos,
                        "unexpected parenthesis inside an unquoted value (quote the whole value)",
                    )
                }
                _ => {}
            }
            text.push(c);
            self.pos += 1;
        }
        if text.is_empty() {
            return self.fail(start, "expected a value");
        }
        Ok(Value {
            text,
            quoted: false,
            span: self.span_from(start),
        })
    }

    /// The text after `~`: `(...)`, `"..."` or a bare word.
    fn contains_text(&mut self) -> R<String> {
        match self.peek() {
            Some('(') => {
                let open = self.pos;
                self.pos += 1;
                self.paren_text(open, open)
            }
            Some('"') => {
                let value = self.quoted()?;
                if value.text.is_empty() {
                    return self.fail(value.span.start, "empty text after '~'");
                }
                Ok(value.text)
            }
            Some(c) if !c.is_whitespace() => Ok(self.bare(false)?.text),
            _ => self.fail(self.pos, "expected text after '~'"),
        }
    }

    /// Text up to the `)` matching the `(` at `open`, with `\(`, `\)` and `\\` escapes; trimmed.
    /// `tilde` is where an empty text is reported.
    fn paren_text(&mut self, open: usize, tilde: usize) -> R<String> {
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            match self.peek() {
                None => return self.fail(open, "unclosed '('"),
                Some('\\') => match self.chars.get(self.pos + 1) {
                    Some(&c @ ('(' | ')' | '\\')) => {
                        text.push(c);
                        self.pos += 2;
                    }
                    _ => {
                        return self.fail(
                            self.pos,
                            "invalid escape in ~( ) text (only \\(, \\) and \\\\ are allowed)",
                        )
                    }
                },
                Some(')') if depth == 0 => {
                    self.pos += 1;
                    break;
                }
                Some(c) => {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return self.fail(tilde, "empty text after '~'");
        }
        Ok(if trimmed.len() == text.len() {
            text
        } else {
            trimmed.to_string()
        })
    }

    /// `(` … `)`: a range, `(~text)` or a list; the cursor is on the `(`.
    fn group(&mut self) -> R<Condition> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        match self.peek() {
            Some('>' | '<') => self.range(open),
            Some('~') => {
                let tilde = self.pos;
                self.pos += 1;
                Ok(Condition::Contains(self.paren_text(open, tilde)?))
            }
            _ => self.list(open),
        }
    }

    fn range(&mut self, open: usize) -> R<Condition> {
        let mut items = Vec::new();
        loop {
            if !matches!(self.peek(), Some('>' | '<')) {
                return self.fail(self.pos, "expected a comparison (>, <, >= or <=)");
            }
            if items.len() == MAX_LIST_ITEMS {
                return self.fail(self.pos, "too many comparisons in the range (at most 200)");
            }
            let op = self.op();
            let value = self.op_value(op, true)?;
            items.push((op, value));
            let spaced = self.skip_ws();
            match self.peek() {
                Some(')') => {
                    self.pos += 1;
                    break;
                }
                None => return self.fail(open, "unclosed '('"),
                Some(_) if spaced && self.at_and() => {
                    self.pos += 3;
                    self.skip_ws();
                    if !matches!(self.peek(), Some('>' | '<')) {
                        return self
                            .fail(self.pos, "expected a comparison (>, <, >= or <=) after AND");
                    }
                }
                Some(_) => return self.fail(self.pos, "expected AND or ')' in the range"),
            }
        }
        if items.len() < 2 {
            return self.fail(
                open,
                "a range needs two or more comparisons joined by AND, e.g. (>=1 AND <=5)",
            );
        }
        Ok(Condition::Range(items))
    }

    /// Whether the cursor is on the word `AND` (any case) followed by whitespace, `)` or the end.
    fn at_and(&self) -> bool {
        let word = self.chars.get(self.pos..self.pos + 3);
        let is_and = word.is_some_and(|w| {
            w[0].eq_ignore_ascii_case(&'a')
                && w[1].eq_ignore_ascii_case(&'n')
                && w[2].eq_ignore_ascii_case(&'d')
        });
        is_and
            && self
                .chars
                .get(self.pos + 3)
                .is_none_or(|&c| c.is_whitespace() || c == ')')
    }

    fn list(&mut self, open: usize) -> R<Condition> {
        let mut values = Vec::new();
        loop {
            self.skip_ws();
            let value = match self.peek() {
                None => return self.fail(open, "unclosed '('"),
                Some(')') if values.is_empty() => {
                    return self.fail(open, "empty list (give at least one value)")
                }
                Some(',' | ')') => return self.fail(self.pos, "expected a value in the list"),
                Some('"') => self.quoted()?,
                Some(_) => self.bare(true)?,
            };
            if values.len() == MAX_LIST_ITEMS {
                return self.fail(
                    value.span.start,
                    "too many values in the list (at most 200)",
                );
            }
            values.push(value);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(Condition::In(values));
                }
                None => return self.fail(open, "unclosed '('"),
                Some(_) => return self.fail(self.pos, "expected ',' or ')' in the list"),
            }
        }
    }
}
