use crate::*;
use proptest::prelude::*;

/// Any chars at all, including controls, newlines, RTL marks and emoji.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter)
}

/// Strings built mostly from the grammar's own characters, to reach deep parser paths.
fn grammar_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("name".to_string()),
        Just("metadata.createdAt".to_string()),
        Just(":".to_string()),
        Just("~".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just(",".to_string()),
        Just(">=".to_string()),
        Just("<".to_string()),
        Just(" AND ".to_string()),
        Just("and".to_string()),
        Just(" ".to_string()),
        Just("null".to_string()),
        Just("2025-01-01T00:00:00Z".to_string()),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn non_blank(max: usize) -> impl Strategy<Value = String> {
    any_text(max).prop_filter("non-blank", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_query_never_panics(s in any_text(300)) {
        let _ = parse_query(&s);
    }

    #[test]
    fn parse_query_never_panics_on_grammar_soup(s in grammar_soup()) {
        if let Err(e) = parse_query(&s) {
            prop_assert!(e.offset <= s.chars().count());
        }
    }

    #[test]
    fn parse_sort_never_panics(s in any_text(300)) {
        let _ = parse_sort(&s);
    }

    #[test]
    fn parse_sort_never_panics_on_soup(s in grammar_soup()) {
        if let Err(e) = parse_sort(&s) {
            prop_assert!(e.offset <= s.chars().count());
        }
    }

    #[test]
    fn contains_clause_round_trips(s in non_blank(200)) {
        let q = parse_query(&contains_clause("name", &s)).map_err(|e| {
            TestCaseError::fail(e.to_string())
        })?;
        prop_assert_eq!(q.clauses.len(), 1);
        prop_assert_eq!(&q.clauses[0].field, "name");
        let Condition::Contains(pattern) = &q.clauses[0].condition else {
            return Err(TestCaseError::fail("not a ~ condition"));
        };
        prop_assert_eq!(literal_of(pattern), Some(s.trim().to_string()));
    }

    #[test]
    fn quote_value_round_trips(s in any_text(200)) {
        let quoted = quote_value(&s);
        let q = parse_query(&format!("metadata.x:{quoted}")).map_err(|e| {
            TestCaseError::fail(e.to_string())
        })?;
        prop_assert_eq!(q.clauses.len(), 1);
        let expected = Value {
            text: s.clone(),
            quoted: true,
            span: Span { start: 11, end: 11 + quoted.chars().count() },
        };
        prop_assert_eq!(&q.clauses[0].condition, &Condition::Eq(expected));
    }

    #[test]
    fn quoted_values_round_trip_in_lists(a in any_text(50), b in any_text(50)) {
        let q = parse_query(&format!("id:( {} ,{})", quote_value(&a), quote_value(&b)))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        match &q.clauses[0].condition {
            Condition::In(values) => {
                prop_assert_eq!(values.len(), 2);
                prop_assert_eq!(&values[0].text, &a);
                prop_assert_eq!(&values[1].text, &b);
            }
            other => prop_assert!(false, "not In: {:?}", other),
        }
    }
}

/// The text a `(?i)`-prefixed pattern of escaped characters matches literally (`\xNN` and
/// `\c` escapes undone); `None` when it has an unescaped metacharacter.
fn literal_of(pattern: &str) -> Option<String> {
    let mut chars = pattern.strip_prefix("(?i)")?.chars();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'x' => {
                    let hex: String = chars.by_ref().take(2).collect();
                    out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
                }
                escaped => out.push(escaped),
            },
            '.' | '+' | '*' | '?' | '^' | '$' | '|' | '[' | ']' | '{' | '}' | '(' | ')' | '"' => {
                return None
            }
            c => out.push(c),
        }
    }
    Some(out)
}
