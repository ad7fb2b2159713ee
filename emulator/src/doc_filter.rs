//! `q` and `sort` over JSON documents (agents, tools, MCP servers, OAuth configurations).
//!
//! Tokens have fixed columns and are filtered in SQL ([`crate::filter`]); these documents
//! are a few thousand per tenant at most, any dotted path may be asked for, and paths
//! cross arrays and localized maps, so they are filtered here, with MongoDB's rules:
//! a path through an array matches when any element does, and `f:null` matches a null
//! or absent field. A localized map (`{"en": …, "de": …}`) matches when any of its
//! texts does, so `name:~Support` finds an agent by any of its names.

use std::cmp::Ordering;

use qlang::{CompareOp, Condition, Query, SortKey};
use regex::Regex;
use serde_json::Value;

use crate::entity_store;
use crate::filter_error::FilterError;
use crate::pattern;
use crate::timestamp;

enum Test {
    /// Equal to one of these.
    AnyOf(Vec<String>),
    Matches(Regex),
    /// All of these comparisons hold.
    Compare(Vec<(CompareOp, String)>),
    Null,
    Exists,
    Missing,
}

/// A compiled `q`: clauses that must all hold.
pub struct DocFilter(Vec<(Vec<String>, Test)>);

/// Compiles `q`; only a `~` that is not a valid regular expression is refused.
pub fn compile(q: &Query) -> Result<DocFilter, FilterError> {
    let mut clauses = Vec::with_capacity(q.clauses.len());
    for clause in &q.clauses {
        let test = match &clause.condition {
            Condition::Eq(v) => Test::AnyOf(vec![v.text.clone()]),
            Condition::In(values) => Test::AnyOf(values.iter().map(|v| v.text.clone()).collect()),
            Condition::Contains(p) => Test::Matches(pattern::compile(p)?),
            Condition::Compare(op, v) => Test::Compare(vec![(*op, v.text.clone())]),
            Condition::Range(items) => {
                Test::Compare(items.iter().map(|(op, v)| (*op, v.text.clone())).collect())
            }
            Condition::Null => Test::Null,
            Condition::Exists => Test::Exists,
            Condition::Missing => Test::Missing,
        };
        clauses.push((clause.field.split('.').map(str::to_owned).collect(), test));
    }
    Ok(DocFilter(clauses))
}

/// Every value at `path`, fanning out over arrays on the way and at the end.
fn values<'a>(doc: &'a Value, path: &[String], out: &mut Vec<&'a Value>) {
    match (doc, path.split_first()) {
        (Value::Array(items), _) => items.iter().for_each(|item| values(item, path, out)),
        (_, None) => out.push(doc),
        (Value::Object(map), Some((key, rest))) => {
            if let Some(child) = map.get(key) {
                values(child, rest, out);
            }
        }
        _ => {}
    }
}

/// The scalars a value stands for: itself, or the texts of a localized map.
fn scalars(value: &Value) -> Vec<&Value> {
    match value {
        Value::Object(map) => map.values().filter(|v| v.is_string()).collect(),
        other => vec![other],
    }
}

/// How a stored scalar compares with a value written in `q`: numbers as numbers,
/// timestamps as instants, other text as text, booleans for equality only.
fn compare(stored: &Value, written: &str) -> Option<Ordering> {
    match stored {
        Value::Number(n) => n.as_f64()?.partial_cmp(&written.parse::<f64>().ok()?),
        Value::String(s) => match (timestamp::normalize(s), timestamp::normalize(written)) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => Some(s.as_str().cmp(written)),
        },
        Value::Bool(b) => (written.parse::<bool>().ok()? == *b).then_some(Ordering::Equal),
        _ => None,
    }
}

fn holds(op: CompareOp, ordering: Ordering) -> bool {
    match op {
        CompareOp::Gt => ordering.is_gt(),
        CompareOp::Lt => ordering.is_lt(),
        CompareOp::Ge => ordering.is_ge(),
        CompareOp::Le => ordering.is_le(),
    }
}

impl Test {
    fn accepts(&self, found: &[&Value]) -> bool {
        let scalars = || found.iter().flat_map(|v| scalars(v));
        match self {
            Test::AnyOf(options) => scalars().any(|v| {
                options
                    .iter()
                    .any(|o| compare(v, o) == Some(Ordering::Equal))
            }),
            Test::Matches(regex) => {
                scalars().any(|v| v.as_str().is_some_and(|s| regex.is_match(s)))
            }
            Test::Compare(checks) => scalars().any(|v| {
                checks
                    .iter()
                    .all(|(op, o)| compare(v, o).is_some_and(|ord| holds(*op, ord)))
            }),
            Test::Null => found.iter().all(|v| v.is_null()),
            Test::Exists => !found.is_empty(),
            Test::Missing => found.is_empty(),
        }
    }
}

impl DocFilter {
    /// Whether the document passes every clause.
    pub fn matches(&self, doc: &Value) -> bool {
        self.0.iter().all(|(path, test)| {
            let mut found = Vec::new();
            values(doc, path, &mut found);
            test.accepts(&found)
        })
    }
}

/// Sort order of one value: absent or null first, then numbers, then text
/// (case-insensitively, then exactly), then anything else by its JSON text.
type SortValue = (u8, f64, String, String);

fn sort_key(doc: &Value, path: &[String]) -> SortValue {
    let mut found = Vec::new();
    values(doc, path, &mut found);
    match found.first() {
        None | Some(Value::Null) => (0, 0.0, String::new(), String::new()),
        Some(Value::Number(n)) => (
            1,
            n.as_f64().unwrap_or_default(),
            String::new(),
            String::new(),
        ),
        Some(value) => match entity_store::text(value) {
            Some(text) => (2, 0.0, text.to_lowercase(), text.to_owned()),
            None => (3, 0.0, value.to_string(), String::new()),
        },
    }
}

/// Sorts documents by `keys`, then by id in the direction of the last key (ids are
/// unique, so the order is total and pages never overlap).
pub fn sort(docs: &mut Vec<Value>, keys: &[SortKey]) {
    let paths: Vec<(Vec<String>, bool)> = keys
        .iter()
        .map(|k| {
            (
                k.field.split('.').map(str::to_owned).collect(),
                k.descending,
            )
        })
        .collect();
    let id_descending = keys.last().is_some_and(|k| k.descending && k.field != "id");
    let mut keyed: Vec<(Vec<SortValue>, Value)> = docs
        .drain(..)
        .map(|doc| (paths.iter().map(|(p, _)| sort_key(&doc, p)).collect(), doc))
        .collect();
    keyed.sort_by(|(a_keys, a), (b_keys, b)| {
        for ((a_key, b_key), (_, descending)) in a_keys.iter().zip(b_keys).zip(&paths) {
            let ord = a_key.partial_cmp(b_key).unwrap_or(Ordering::Equal);
            if ord.is_ne() {
                return if *descending { ord.reverse() } else { ord };
            }
        }
        let ord = a["id"].as_str().cmp(&b["id"].as_str());
        if id_descending {
            ord.reverse()
        } else {
            ord
        }
    });
    docs.extend(keyed.into_iter().map(|(_, doc)| doc));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ids(docs: &[Value], q: &str) -> Vec<String> {
        let filter = compile(&qlang::parse_query(q).unwrap()).unwrap();
        docs.iter()
            .filter(|d| filter.matches(d))
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    }

    fn docs() -> Vec<Value> {
        vec![
            json!({"id": "a", "name": {"en": "Support agent", "de": "Kundendienst"}, "enabled": true,
                   "llmConfig": {"token": {"id": "t1"}}, "mcpServers": [{"mcpServer": {"id": "m1"}}, {"mcpServer": {"id": "m2"}}],
                   "metadata": {"version": 3, "createdAt": "2025-01-01T00:00:00.000Z"}}),
            json!({"id": "b", "name": {"en": "catalog"}, "enabled": false, "mcpServers": [],
                   "metadata": {"version": 1, "createdAt": "2025-06-01T00:00:00.000Z"}}),
        ]
    }

    #[test]
    fn clauses_follow_mongo_rules() {
        let docs = docs();
        assert_eq!(ids(&docs, "llmConfig.token.id:t1"), ["a"]);
        assert_eq!(ids(&docs, "mcpServers.mcpServer.id:m2"), ["a"]);
        assert_eq!(ids(&docs, "name:~Kunden"), ["a"]);
        assert_eq!(ids(&docs, "name.en:~^cat"), ["b"]);
        assert!(ids(&docs, "name:~SUPPORT").is_empty());
        assert_eq!(ids(&docs, "name:~((?i)SUPPORT)"), ["a"]);
        assert_eq!(ids(&docs, "enabled:false"), ["b"]);
        assert_eq!(ids(&docs, "metadata.version:(>=2 AND <5)"), ["a"]);
        assert_eq!(ids(&docs, "metadata.createdAt:>2025-03-01"), ["b"]);
        assert_eq!(ids(&docs, "llmConfig.token:null"), ["b"]);
        assert_eq!(ids(&docs, "llmConfig:missing"), ["b"]);
        assert_eq!(ids(&docs, "llmConfig:exists"), ["a"]);
        assert_eq!(ids(&docs, "id:(b,c)"), ["b"]);
        assert!(compile(&qlang::parse_query("name:~([a)").unwrap()).is_err());
    }

    #[test]
    fn sorting_is_total() {
        let mut docs = docs();
        docs.push(json!({"id": "c", "name": {"en": "apple"}}));
        sort(&mut docs, &qlang::parse_sort("name").unwrap());
        let order: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
        assert_eq!(order, ["c", "b", "a"]);
        sort(
            &mut docs,
            &qlang::parse_sort("metadata.version:desc").unwrap(),
        );
        let order: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
        assert_eq!(order, ["a", "b", "c"]);
    }
}
