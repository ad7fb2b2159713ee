//! The `sort` parser.

use crate::{chars_limited, is_field_char, ParseError, SortKey};

/// Parses `sort`: comma-separated `field` or `field:asc|desc` (direction in any case).
///
/// Spaces around entries are ignored; empty input gives no keys; an empty entry
/// (`a,,b`, trailing comma) or any other direction is an error.
pub fn parse_sort(input: &str) -> Result<Vec<SortKey>, ParseError> {
    let chars = chars_limited(input)?;
    let mut keys = Vec::new();
    if chars.iter().all(|c| c.is_whitespace()) {
        return Ok(keys);
    }
    let mut pos = 0;
    let skip_ws = |pos: &mut usize| {
        while chars.get(*pos).is_some_and(|c| c.is_whitespace()) {
            *pos += 1;
        }
    };
    loop {
        skip_ws(&mut pos);
        let start = pos;
        while chars.get(pos).is_some_and(|&c| is_field_char(c)) {
            pos += 1;
        }
        if pos == start {
            let message = match chars.get(pos) {
                None | Some(',') => "empty sort entry",
                Some(':') => "missing field name before ':'",
                Some(_) => "expected a field name (letters, digits, '_' or '.')",
            };
            return Err(ParseError::new(pos, message));
        }
        let field = chars[start..pos].iter().collect();
        let mut descending = false;
        if chars.get(pos) == Some(&':') {
            pos += 1;
            let dir_start = pos;
            while chars
                .get(pos)
                .is_some_and(|&c| !c.is_whitespace() && c != ',')
            {
                pos += 1;
            }
            let dir: String = chars[dir_start..pos].iter().collect();
            if dir.eq_ignore_ascii_case("desc") {
                descending = true;
            } else if !dir.eq_ignore_ascii_case("asc") {
                return Err(ParseError::new(
                    dir_start,
                    "expected sort direction 'asc' or 'desc'",
                ));
            }
        }
        keys.push(SortKey { field, descending });
        skip_ws(&mut pos);
        match chars.get(pos) {
            None => return Ok(keys),
            Some(',') => pos += 1,
            Some(_) => return Err(ParseError::new(pos, "expected ',' between sort fields")),
        }
    }
}
