use crate::*;

fn one(q: &str) -> Clause {
    let query = parse_query(q).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    assert_eq!(query.clauses.len(), 1, "{q:?}");
    query.clauses.into_iter().next().unwrap()
}

fn cond(q: &str) -> Condition {
    one(q).condition
}

fn err(q: &str) -> ParseError {
    match parse_query(q) {
        Ok(parsed) => panic!("{q:?} parsed: {parsed:?}"),
        Err(e) => e,
    }
}

fn text(c: &Condition) -> &str {
    match c {
        Condition::Eq(v) => &v.text,
        other => panic!("not Eq: {other:?}"),
    }
}

fn val(text: &str, quoted: bool, start: usize, end: usize) -> Value {
    Value {
        text: text.into(),
        quoted,
        span: Span { start, end },
    }
}

#[test]
fn empty_and_blank_input() {
    assert_eq!(parse_query("").unwrap(), Query::default());
    assert_eq!(parse_query(" \t\n ").unwrap(), Query::default());
}

#[test]
fn eq_bare() {
    let c = one("name:apple_logo");
    assert_eq!(c.field, "name");
    assert_eq!(c.field_span, Span { start: 0, end: 4 });
    assert_eq!(c.condition, Condition::Eq(val("apple_logo", false, 5, 15)));
}

#[test]
fn eq_bare_with_colons_and_dashes() {
    let c = one("metadata.createdAt:2025-01-01T00:00:00Z");
    assert_eq!(c.field, "metadata.createdAt");
    assert_eq!(text(&c.condition), "2025-01-01T00:00:00Z");
}

#[test]
fn eq_quoted_with_escapes() {
    assert_eq!(
        cond(r#"name:"Exact match""#),
        Condition::Eq(val("Exact match", true, 5, 18))
    );
    assert_eq!(text(&cond(r#"name:"a\"b\\c""#)), "a\"b\\c");
    assert_eq!(text(&cond(r#"name:"""#)), "");
}

#[test]
fn keywords_only_when_bare() {
    assert_eq!(cond("description.en:null"), Condition::Null);
    assert_eq!(cond("mixins.x:exists"), Condition::Exists);
    assert_eq!(cond("name:missing"), Condition::Missing);
    assert_eq!(text(&cond(r#"name:"null""#)), "null");
    assert_eq!(text(&cond("name:NULL")), "NULL");
    assert_eq!(text(&cond("name:nullable")), "nullable");
}

#[test]
fn contains_forms() {
    let c = |s: &str| Condition::Contains(s.into());
    assert_eq!(cond("code:~ABCD12"), c("ABCD12"));
    assert_eq!(cond("name.en:~(Yoghurt im)"), c("Yoghurt im"));
    assert_eq!(cond("name:~(  padded  )"), c("padded"));
    assert_eq!(cond(r#"name:~"quoted text""#), c("quoted text"));
    assert_eq!(cond("code:(~AB CD)"), c("AB CD"));
    assert_eq!(cond("code:( ~ AB CD )"), c("AB CD"));
    assert_eq!(cond(r"name:~(a \(b\) c\\)"), c(r"a (b) c\"));
    assert_eq!(cond("name:~(f(x) = (y))"), c("f(x) = (y)"));
    assert_eq!(cond("name:~(%_.*)"), c("%_.*"));
}

#[test]
fn compare_forms() {
    assert_eq!(
        cond("f:>20"),
        Condition::Compare(CompareOp::Gt, val("20", false, 3, 5))
    );
    assert_eq!(
        cond("f:<20"),
        Condition::Compare(CompareOp::Lt, val("20", false, 3, 5))
    );
    assert_eq!(
        cond("f:>=20"),
        Condition::Compare(CompareOp::Ge, val("20", false, 4, 6))
    );
    assert_eq!(
        cond(r#"f:<="2020-01-01""#),
        Condition::Compare(CompareOp::Le, val("2020-01-01", true, 4, 16))
    );
    assert_eq!(CompareOp::Ge.symbol(), ">=");
}

#[test]
fn range_forms() {
    assert_eq!(
        cond("f:(>=10 AND <=20)"),
        Condition::Range(vec![
            (CompareOp::Ge, val("10", false, 5, 7)),
            (CompareOp::Le, val("20", false, 14, 16)),
        ])
    );
    let q = r#"metadata.createdAt:(>"2019-01-06T10:29:30.602Z" AND <"2020-01-07T10:29:30.602Z")"#;
    match cond(q) {
        Condition::Range(items) => {
            assert_eq!(items.len(), 2);
            assert_eq!(items[0].0, CompareOp::Gt);
            assert_eq!(items[0].1.text, "2019-01-06T10:29:30.602Z");
            assert!(items[0].1.quoted);
            assert_eq!(items[1].0, CompareOp::Lt);
        }
        other => panic!("{other:?}"),
    }
    match cond("f:( >1 and <9   And >=2 )") {
        Condition::Range(items) => assert_eq!(items.len(), 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn in_forms() {
    assert_eq!(
        cond("id:(a,b,c)"),
        Condition::In(vec![
            val("a", false, 4, 5),
            val("b", false, 6, 7),
            val("c", false, 8, 9)
        ])
    );
    assert_eq!(
        cond(r#"name:("x y", "z" , w)"#),
        Condition::In(vec![
            val("x y", true, 6, 11),
            val("z", true, 13, 16),
            val("w", false, 19, 20)
        ])
    );
    assert_eq!(
        cond("id:(only)"),
        Condition::In(vec![val("only", false, 4, 8)])
    );
}

#[test]
fn several_clauses() {
    let q = parse_query(r#"  name:~(prod key)   metadata.version:>1 id:"x"  "#).unwrap();
    assert_eq!(q.clauses.len(), 3);
    assert_eq!(q.clauses[0].field_span, Span { start: 2, end: 6 });
    assert_eq!(q.clauses[1].field, "metadata.version");
    assert_eq!(q.clauses[2].field, "id");
}

#[test]
fn spans_count_chars_not_bytes() {
    let q = parse_query("name:é€😀 id:x").unwrap();
    assert_eq!(q.clauses[1].field_span, Span { start: 9, end: 11 });
    let e = err("名前:x");
    assert_eq!(e.offset, 0);
    let e = err("name:\"😀😀");
    assert_eq!(e.offset, 5);
}

#[test]
fn error_positions() {
    let cases: &[(&str, usize, &str)] = &[
        ("name", 4, "expected ':' after field name"),
        ("name x:1", 4, "expected ':' after field name"),
        ("na-me:x", 2, "expected ':' after field name"),
        (":x", 0, "missing field name before ':'"),
        ("(a:b)", 0, "expected a field name"),
        ("name:", 5, "expected a value after ':'"),
        ("name: x", 5, "expected a value after ':'"),
        (r#"name:"abc"#, 5, "unterminated quoted value"),
        (r#"a:1 name:"ab\"#, 9, "unterminated quoted value"),
        (r#"name:"a\nb""#, 7, "invalid escape"),
        ("id:(a,b", 3, "unclosed '('"),
        ("name:~(abc", 6, "unclosed '('"),
        ("name:~(a(b)", 6, "unclosed '('"),
        ("f:(>=1 AND <=5", 2, "unclosed '('"),
        ("name:a)", 6, "unexpected parenthesis"),
        ("name:a(b", 6, "unexpected parenthesis"),
        (r#"name:a"b"#, 6, "unexpected '\"'"),
        ("f:(>=1 AND)", 10, "after AND"),
        ("f:(>=1 AND )", 11, "after AND"),
        ("f:(>=1 AND 5)", 11, "after AND"),
        ("f:(>=1 OR <5)", 7, "expected AND or ')'"),
        ("f:(>=1 ANDx <5)", 7, "expected AND or ')'"),
        (r#"f:(>="1"AND <5)"#, 8, "expected AND or ')'"),
        ("f:(>=1)", 2, "two or more comparisons"),
        ("f:(>= 1 AND <2)", 5, "expected a value after '>='"),
        ("f:>", 3, "expected a value after '>'"),
        ("f:<= 3", 4, "expected a value after '<='"),
        ("id:()", 3, "empty list"),
        ("id:(  )", 3, "empty list"),
        ("id:(a,,b)", 6, "expected a value in the list"),
        ("id:(a,)", 6, "expected a value in the list"),
        ("id:(a b)", 6, "expected ',' or ')'"),
        (r#"name:"x"y"#, 8, "separate clauses with a space"),
        ("id:(a,b)c", 8, "separate clauses with a space"),
        ("name:~(x)y", 9, "separate clauses with a space"),
        ("name:~", 6, "expected text after '~'"),
        ("name:~ x", 6, "expected text after '~'"),
        ("name:~()", 6, "empty text after '~'"),
        ("name:~(   )", 6, "empty text after '~'"),
        ("name:(~  )", 6, "empty text after '~'"),
        (r#"name:~"""#, 6, "empty text after '~'"),
        (r"name:~(a\b)", 8, "invalid escape"),
    ];
    for &(q, offset, msg) in cases {
        let e = err(q);
        assert_eq!(e.offset, offset, "{q:?}: {e}");
        assert!(e.message.contains(msg), "{q:?}: {e}");
    }
}

#[test]
fn display_is_one_based() {
    assert_eq!(
        err("name").to_string(),
        "expected ':' after field name at character 5"
    );
}

#[test]
fn limits() {
    let long = format!("name:{}", "x".repeat(MAX_INPUT_CHARS));
    assert_eq!(err(&long).offset, MAX_INPUT_CHARS);
    let exact = format!("name:{}", "x".repeat(MAX_INPUT_CHARS - 5));
    assert!(parse_query(&exact).is_ok());

    let clauses = vec!["a:1"; MAX_CLAUSES].join(" ");
    assert_eq!(parse_query(&clauses).unwrap().clauses.len(), MAX_CLAUSES);
    let too_many = format!("{clauses} b:2");
    let e = err(&too_many);
    assert_eq!(e.offset, clauses.len() + 1);
    assert!(e.message.contains("too many clauses"));

    let items: Vec<String> = (0..MAX_LIST_ITEMS).map(|i| i.to_string()).collect();
    let ok = format!("id:({})", items.join(","));
    match cond(&ok) {
        Condition::In(v) => assert_eq!(v.len(), MAX_LIST_ITEMS),
        other => panic!("{other:?}"),
    }
    let bad = format!("id:({},x)", items.join(","));
    let e = err(&bad);
    assert_eq!(e.offset, bad.len() - 2);
    assert!(e.message.contains("too many values"));
}

#[test]
fn odd_characters_do_not_panic() {
    for q in [
        "name:\u{0}",
        "name:\u{202e}abc",
        "שם:x",
        "name:~(\u{7}\u{1b})",
        "name:\"\u{10ffff}\"",
        "\u{feff}name:x",
        "name:~\\",
        "name:~(\\",
        "name:\"\\",
        "f:(>",
        "f:(",
        "f:(~",
        "f:(>1 AND",
        "f:(>1 AND <",
    ] {
        let _ = parse_query(q);
    }
    assert_eq!(text(&cond("name:\u{202e}abc")), "\u{202e}abc");
}

#[test]
fn builders() {
    assert_eq!(contains_clause("name", "  "), "");
    assert_eq!(contains_clause("name", ""), "");
    assert_eq!(
        contains_clause("name", " prod key "),
        "name:~((?i)prod key)"
    );
    assert_eq!(
        contains_clause("name", r"a(b)\c.d"),
        r"name:~((?i)a\\x28b\\x29\\\\c\\.d)"
    );
    // The pattern reaches the regex engine with each metacharacter escaped.
    assert_eq!(
        cond(&contains_clause("name", r#"x) OR (y\" c++ [a"#)),
        Condition::Contains(r#"(?i)x\x29 OR \x28y\\\x22 c\+\+ \[a"#.into())
    );
    assert_eq!(quote_value(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    assert_eq!(
        text(&cond(&format!("name:{}", quote_value("null")))),
        "null"
    );
}

#[test]
fn sort_parsing() {
    let key = |f: &str, d: bool| SortKey {
        field: f.into(),
        descending: d,
    };
    assert_eq!(parse_sort("").unwrap(), vec![]);
    assert_eq!(parse_sort("  ").unwrap(), vec![]);
    assert_eq!(parse_sort("name").unwrap(), vec![key("name", false)]);
    assert_eq!(parse_sort("name:asc").unwrap(), vec![key("name", false)]);
    assert_eq!(
        parse_sort("a:DESC,b").unwrap(),
        vec![key("a", true), key("b", false)]
    );
    assert_eq!(
        parse_sort(" metadata.createdAt:Desc , id:ASC ").unwrap(),
        vec![key("metadata.createdAt", true), key("id", false)]
    );
    let cases: &[(&str, usize, &str)] = &[
        ("a,,b", 2, "empty sort entry"),
        ("a,", 2, "empty sort entry"),
        (",a", 0, "empty sort entry"),
        ("a:up", 2, "'asc' or 'desc'"),
        ("a:", 2, "'asc' or 'desc'"),
        ("a:descending", 2, "'asc' or 'desc'"),
        ("a b", 2, "expected ','"),
        ("a-b", 1, "expected ','"),
        (":desc", 0, "missing field name"),
        ("ä", 0, "expected a field name"),
    ];
    for &(s, offset, msg) in cases {
        let e = parse_sort(s).unwrap_err();
        assert_eq!(e.offset, offset, "{s:?}: {e}");
        assert!(e.message.contains(msg), "{s:?}: {e}");
    }
    assert!(parse_sort(&"a,".repeat(3000)).is_err());
}
