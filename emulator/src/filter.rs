//! Compiles parsed `q` and `sort` parameters to SQL over the `tokens` table.
//!
//! User text only ever travels as `?` parameters; the SQL text is built from fixed
//! column names and operators.

use qlang::{CompareOp, Condition, Query, SortKey};
use rusqlite::types::Value as SqlValue;

use crate::filter_error::FilterError;
use crate::text_scan::{Column as TextColumn, Needle};
use crate::timestamp;

/// A boolean SQL expression with anonymous `?` placeholders and their values, in order.
#[derive(Debug, Clone)]
pub struct SqlFilter {
    /// The expression; `1` when the query has no clauses.
    pub sql: String,
    /// One value per `?` in `sql`, in order.
    pub params: Vec<SqlValue>,
    /// The `~` clauses, for [`TextScan`](crate::text_scan::TextScan): every row `sql`
    /// keeps matches each of them.
    pub scans: Vec<(TextColumn, Needle)>,
    /// `sql` and `params` without the `~` clauses: what is left to test on the rows the
    /// scans found.
    pub rest: (String, Vec<SqlValue>),
}

impl SqlFilter {
    /// Whether the `~` clauses are all there is, so the rows they match are exactly the
    /// rows `sql` keeps.
    pub fn scans_decide(&self) -> bool {
        self.rest.0 == "1"
    }
}

/// Clauses ANDed, `1` for none.
fn and(parts: &[String]) -> String {
    if parts.is_empty() {
        "1".to_string()
    } else {
        parts.join(" AND ")
    }
}

const SUPPORTED: &str = "id, name, metadata.version, metadata.createdAt and metadata.modifiedAt";

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Integer,
    Timestamp,
}

struct Column {
    field: &'static str,
    sql: &'static str,
    kind: Kind,
}

const COLUMNS: [Column; 5] = [
    Column {
        field: "id",
        sql: "id",
        kind: Kind::Text,
    },
    Column {
        field: "name",
        sql: "name",
        kind: Kind::Text,
    },
    Column {
        field: "metadata.version",
        sql: "version",
        kind: Kind::Integer,
    },
    Column {
        field: "metadata.createdAt",
        sql: "created_at",
        kind: Kind::Timestamp,
    },
    Column {
        field: "metadata.modifiedAt",
        sql: "modified_at",
        kind: Kind::Timestamp,
    },
];

fn column(field: &str, what: &str) -> Result<&'static Column, FilterError> {
    COLUMNS.iter().find(|c| c.field == field).ok_or_else(|| {
        FilterError(format!(
            "Cannot {what} by unknown field \"{field}\"; supported fields are {SUPPORTED}."
        ))
    })
}

/// The SQL parameter for `text` compared with `col`, checked against the column's type.
fn param(col: &Column, text: &str) -> Result<SqlValue, FilterError> {
    match col.kind {
        Kind::Text => Ok(SqlValue::Text(text.to_string())),
        Kind::Integer => text.parse::<i64>().map(SqlValue::Integer).map_err(|_| {
            FilterError(format!(
                "Invalid value \"{text}\" for {}: expected a whole number.",
                col.field
            ))
        }),
        Kind::Timestamp => timestamp::normalize(text).map(SqlValue::Text).ok_or_else(|| {
            FilterError(format!(
                "Invalid value \"{text}\" for {}: expected a date (YYYY-MM-DD) or an RFC 3339 timestamp such as 2025-01-01T00:00:00Z.",
                col.field
            ))
        }),
    }
}

fn comparison(
    col: &Column,
    op: CompareOp,
    text: &str,
    params: &mut Vec<SqlValue>,
) -> Result<String, FilterError> {
    params.push(param(col, text)?);
    Ok(format!("{} {} ?", col.sql, op.symbol()))
}

fn clause_sql(
    col: &Column,
    condition: &Condition,
    params: &mut Vec<SqlValue>,
    scans: &mut Vec<(TextColumn, Needle)>,
) -> Result<String, FilterError> {
    Ok(match condition {
        Condition::Eq(v) => {
            params.push(param(col, &v.text)?);
            format!("{} = ?", col.sql)
        }
        Condition::Contains(pattern) => {
            let column = match col.field {
                "name" => TextColumn::Name,
                "id" => TextColumn::Id,
                _ => {
                    return Err(FilterError(format!(
                        "{} does not support ~ (regular expression); only id and name do.",
                        col.field
                    )))
                }
            };
            let needle = Needle::new(pattern)?;
            let sql = match &needle {
                // Plain text: "matches" is exactly "contains", which `instr` answers natively.
                Needle::Text(text) => {
                    params.push(SqlValue::Text(text.clone()));
                    format!("instr({}, ?) > 0", column.sql())
                }
                _ => {
                    params.push(SqlValue::Text(pattern.clone()));
                    format!("{} REGEXP ?", column.sql())
                }
            };
            scans.push((column, needle));
            sql
        }
        Condition::Compare(op, v) => comparison(col, *op, &v.text, params)?,
        Condition::Range(items) => {
            let parts = items
                .iter()
                .map(|(op, v)| comparison(col, *op, &v.text, params))
                .collect::<Result<Vec<_>, _>>()?;
            format!("({})", parts.join(" AND "))
        }
        // Every column is NOT NULL: nothing is null or missing, everything exists.
        Condition::Null | Condition::Missing => "0".to_string(),
        Condition::Exists => "1".to_string(),
        Condition::In(values) => {
            for v in values {
                params.push(param(col, &v.text)?);
            }
            let marks = vec!["?"; values.len()].join(", ");
            format!("{} IN ({marks})", col.sql)
        }
    })
}

/// Compiles `q` to a WHERE expression over `tokens`; clauses are ANDed.
pub fn compile_query(q: &Query) -> Result<SqlFilter, FilterError> {
    let (mut params, mut rest_params) = (Vec::new(), Vec::new());
    let mut scans = Vec::new();
    let (mut parts, mut rest_parts) = (Vec::new(), Vec::new());
    for clause in &q.clauses {
        let col = column(&clause.field, "filter")?;
        let mut own = Vec::new();
        let scans_before = scans.len();
        let sql = clause_sql(col, &clause.condition, &mut own, &mut scans)?;
        if scans.len() == scans_before {
            rest_parts.push(sql.clone());
            rest_params.extend(own.iter().cloned());
        }
        parts.push(sql);
        params.extend(own);
    }
    Ok(SqlFilter {
        sql: and(&parts),
        params,
        scans,
        rest: (and(&rest_parts), rest_params),
    })
}

/// Compiles `sort` to an ORDER BY body (without `ORDER BY`).
///
/// Ends with an `id` tie-breaker in the direction of the last key (so one index serves
/// the whole order) unless `id` is a key; no keys gives `id ASC`. `name` sorts
/// case-insensitively, then by exact name.
pub fn compile_sort(keys: &[SortKey]) -> Result<String, FilterError> {
    if keys.is_empty() {
        return Ok("id ASC".to_string());
    }
    let mut parts = Vec::with_capacity(keys.len() + 1);
    for key in keys {
        let col = column(&key.field, "sort")?;
        let dir = if key.descending { "DESC" } else { "ASC" };
        if col.field == "name" {
            parts.push(format!("name_fold {dir}, name {dir}"));
        } else {
            parts.push(format!("{} {dir}", col.sql));
        }
    }
    if !keys.iter().any(|k| k.field == "id") {
        let last_descending = keys.last().is_some_and(|k| k.descending);
        parts.push(format!(
            "id {}",
            if last_descending { "DESC" } else { "ASC" }
        ));
    }
    Ok(parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern;
    use rusqlite::{params_from_iter, Connection};

    fn compile(q: &str) -> Result<SqlFilter, FilterError> {
        compile_query(&qlang::parse_query(q).unwrap_or_else(|e| panic!("{q:?}: {e}")))
    }

    fn sql(q: &str) -> (String, Vec<SqlValue>) {
        let f = compile(q).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        (f.sql, f.params)
    }

    fn text(s: &str) -> SqlValue {
        SqlValue::Text(s.to_string())
    }

    fn error(q: &str) -> String {
        compile(q).expect_err(q).to_string()
    }

    fn sort(s: &str) -> Result<String, FilterError> {
        compile_sort(&qlang::parse_sort(s).unwrap())
    }

    #[test]
    fn empty_query_is_true() {
        assert_eq!(sql(""), ("1".to_string(), vec![]));
    }

    #[test]
    fn eq() {
        assert_eq!(sql("name:Foo"), ("name = ?".into(), vec![text("Foo")]));
        assert_eq!(sql(r#"id:"a b""#), ("id = ?".into(), vec![text("a b")]));
        assert_eq!(
            sql("metadata.version:3"),
            ("version = ?".into(), vec![SqlValue::Integer(3)])
        );
        assert_eq!(
            sql("metadata.createdAt:2025-01-01"),
            (
                "created_at = ?".into(),
                vec![text("2025-01-01T00:00:00.000Z")]
            )
        );
    }

    #[test]
    fn regular_expressions() {
        assert_eq!(
            sql("name:~(Prod.KEY)"),
            ("name REGEXP ?".into(), vec![text("Prod.KEY")])
        );
        assert_eq!(
            sql("id:~ÄbC"),
            ("instr(id, ?) > 0".into(), vec![text("ÄbC")]),
            "plain text needs no regular expression engine"
        );
        let both = compile(r#"name:~(Say "Hi") id:~Ab"#).unwrap();
        assert_eq!(both.scans.len(), 2);
        assert!(both.scans_decide(), "only ~ clauses: the scans decide");
        let mixed = compile("name:~ab metadata.version:2").unwrap();
        assert_eq!(mixed.scans.len(), 1);
        assert_eq!(
            mixed.rest,
            ("version = ?".into(), vec![SqlValue::Integer(2)])
        );
        assert!(error("metadata.version:~1").contains("does not support ~"));
        assert!(error("metadata.createdAt:~2025").contains("does not support ~"));
        assert_eq!(
            error("name:~(a[b)"),
            "\"a[b\" after ~ is not a valid regular expression: unclosed character class."
        );
    }

    #[test]
    fn compare_and_range() {
        assert_eq!(
            sql("metadata.version:>=2"),
            ("version >= ?".into(), vec![SqlValue::Integer(2)])
        );
        assert_eq!(
            sql(r#"metadata.modifiedAt:(>="2019-01-06T10:29:30.602+01:00" AND <2020-01-07)"#),
            (
                "(modified_at >= ? AND modified_at < ?)".into(),
                vec![
                    text("2019-01-06T09:29:30.602Z"),
                    text("2020-01-07T00:00:00.000Z")
                ]
            )
        );
        assert_eq!(sql("name:<m"), ("name < ?".into(), vec![text("m")]));
    }

    #[test]
    fn keywords() {
        assert_eq!(sql("name:null").0, "0");
        assert_eq!(sql("metadata.version:missing").0, "0");
        assert_eq!(sql("id:exists").0, "1");
        assert!(sql("name:exists").1.is_empty());
    }

    #[test]
    fn in_list() {
        assert_eq!(
            sql(r#"id:(a,"b c",d)"#),
            (
                "id IN (?, ?, ?)".into(),
                vec![text("a"), text("b c"), text("d")]
            )
        );
        assert_eq!(
            sql("metadata.version:(1,2)"),
            (
                "version IN (?, ?)".into(),
                vec![SqlValue::Integer(1), SqlValue::Integer(2)]
            )
        );
    }

    #[test]
    fn several_clauses_are_anded() {
        assert_eq!(
            sql("name:~x metadata.version:(>1 AND <5) id:(a)"),
            (
                "instr(name, ?) > 0 AND (version > ? AND version < ?) AND id IN (?)".into(),
                vec![
                    text("x"),
                    SqlValue::Integer(1),
                    SqlValue::Integer(5),
                    text("a")
                ]
            )
        );
    }

    #[test]
    fn errors_are_sentences() {
        assert_eq!(
            error("foo:1"),
            "Cannot filter by unknown field \"foo\"; supported fields are id, name, metadata.version, metadata.createdAt and metadata.modifiedAt."
        );
        assert!(error("Name:1").contains("unknown field \"Name\""));
        assert_eq!(
            error("metadata.version:abc"),
            "Invalid value \"abc\" for metadata.version: expected a whole number."
        );
        assert!(error("metadata.version:(1,2.5)").contains("\"2.5\""));
        assert!(error("metadata.version:>99999999999999999999").contains("whole number"));
        assert!(error("metadata.createdAt:>yesterday")
            .starts_with("Invalid value \"yesterday\" for metadata.createdAt"));
    }

    #[test]
    fn sorts() {
        assert_eq!(sort("").unwrap(), "id ASC");
        assert_eq!(sort("name").unwrap(), "name_fold ASC, name ASC, id ASC");
        assert_eq!(
            sort("metadata.createdAt:DESC,name:desc").unwrap(),
            "created_at DESC, name_fold DESC, name DESC, id DESC"
        );
        assert_eq!(sort("id:desc").unwrap(), "id DESC");
        assert_eq!(sort("metadata.version,id").unwrap(), "version ASC, id ASC");
        assert_eq!(
            sort("metadata.modifiedAt").unwrap(),
            "modified_at ASC, id ASC"
        );
        assert!(sort("value")
            .unwrap_err()
            .0
            .starts_with("Cannot sort by unknown field \"value\""));
    }

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        pattern::register(&conn).unwrap();
        conn.execute_batch(
            "CREATE TABLE tokens (
               tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
               name_fold TEXT NOT NULL,
               value_hash TEXT NOT NULL, version INTEGER NOT NULL,
               created_at TEXT NOT NULL, modified_at TEXT NOT NULL,
               PRIMARY KEY (tenant, id));",
        )
        .unwrap();
        let rows = [
            (
                "t",
                "openai",
                "OpenAI prod key",
                1,
                "2025-01-01T10:00:00.000Z",
            ),
            ("t", "anthropic", "Anthropic", 3, "2025-02-01T10:00:00.000Z"),
            ("t", "pct", "100%_off", 2, "2024-12-31T23:59:59.999Z"),
            ("t", "quote", "It's key", 1, "2025-03-01T00:00:00.000Z"),
            ("t", "B-upper", "openai dev", 5, "2025-01-15T00:00:00.000Z"),
            (
                "other",
                "openai2",
                "OpenAI prod key",
                1,
                "2025-01-01T10:00:00.000Z",
            ),
        ];
        for (tenant, id, name, version, at) in rows {
            conn.execute(
                "INSERT INTO tokens VALUES (?, ?, ?, ?, 'h', ?, ?, ?)",
                rusqlite::params![tenant, id, name, name.to_lowercase(), version, at, at],
            )
            .unwrap();
        }
        conn
    }

    fn ids(conn: &Connection, q: &str, s: &str) -> Vec<String> {
        let f = compile(q).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        let order = sort(s).unwrap();
        let stmt = format!(
            "SELECT id FROM tokens WHERE tenant = ? AND ({}) ORDER BY {order}",
            f.sql
        );
        let mut params = vec![text("t")];
        params.extend(f.params);
        let mut stmt = conn.prepare(&stmt).unwrap();
        stmt.query_map(params_from_iter(params), |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn runs_against_sqlite() {
        let conn = db();
        let all = ["B-upper", "anthropic", "openai", "pct", "quote"];
        assert_eq!(ids(&conn, "", ""), all);
        assert_eq!(
            ids(&conn, "name:~((?i)OPENAI)", "id"),
            ["B-upper", "openai"]
        );
        assert_eq!(ids(&conn, "name:~OpenAI", "id"), ["openai"]);
        assert!(ids(&conn, "name:~OPENAI", "id").is_empty());
        assert_eq!(ids(&conn, "name:~(prod key)", ""), ["openai"]);
        assert_eq!(ids(&conn, "name:~(^Open.*key$)", ""), ["openai"]);
        assert_eq!(ids(&conn, r#"name:"OpenAI prod key""#, ""), ["openai"]);
        assert!(ids(&conn, r#"name:"openai prod key""#, "").is_empty());
        assert_eq!(ids(&conn, "id:~((?i)b-UP)", ""), ["B-upper"]);
        assert_eq!(ids(&conn, "id:(pct,openai,nope)", "id"), ["openai", "pct"]);
        assert_eq!(
            ids(
                &conn,
                "metadata.version:(>=2 AND <5)",
                "metadata.version:desc"
            ),
            ["anthropic", "pct"]
        );
        assert_eq!(
            ids(
                &conn,
                "metadata.createdAt:>=2025-01-15 metadata.version:<5",
                "id"
            ),
            ["anthropic", "quote"]
        );
        assert_eq!(
            ids(
                &conn,
                r#"metadata.modifiedAt:<="2025-01-01T11:00:00+01:00""#,
                ""
            ),
            ["openai", "pct"]
        );
        assert!(ids(&conn, "name:null", "").is_empty());
        assert_eq!(ids(&conn, "name:exists", "").len(), 5);
        assert_eq!(
            ids(&conn, "", "name"),
            ["pct", "anthropic", "quote", "B-upper", "openai"]
        );
        assert_eq!(
            ids(&conn, "", "metadata.version:desc"),
            ["B-upper", "anthropic", "pct", "quote", "openai"]
        );
    }

    #[test]
    fn user_text_is_never_sql() {
        let conn = db();
        assert!(ids(&conn, r#"name:"x' OR 1=1 --x""#, "").is_empty());
        assert!(ids(&conn, r#"name:"x' OR 1=1 -- ""#, "").is_empty());
        assert!(ids(&conn, r#"id:"') OR 1=1 --""#, "").is_empty());
        assert!(ids(&conn, r#"name:~(x' OR 1=1 --)"#, "").is_empty());
        assert!(ids(&conn, r#"name:"x' OR 1=1 --""#, "").is_empty());
        // Quotes in values are plain characters.
        assert_eq!(ids(&conn, r#"name:"It's key""#, ""), ["quote"]);
        assert_eq!(ids(&conn, "name:~(t's)", ""), ["quote"]);
        // LIKE wildcards are plain characters; regex metacharacters are not.
        assert_eq!(ids(&conn, "name:~(%_)", ""), ["pct"]);
        assert_eq!(ids(&conn, "name:~%", "").len(), 1);
        assert!(ids(&conn, "name:~_", "").len() == 1);
        assert_eq!(ids(&conn, "name:~(.*)", "").len(), 5);
        assert_eq!(ids(&conn, r"name:~(\\d+%)", ""), ["pct"]);
    }
}
