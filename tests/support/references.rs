//! Who references which token, found the tests' own way — by walking the API's documents
//! rather than by the app's code — so the app's "Used by" is checked against an
//! independent count. Shared with the end-to-end journeys (`#[path]`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The users of each referenced token, by id: agents, tools, MCP servers and OAuth
/// configurations (the order of `lists`).
pub type Counts = BTreeMap<String, [u32; 4]>;

/// The four lists' collections under `…/agentic/`, in the order of [`Counts`].
pub const COLLECTIONS: [&str; 4] = ["agents", "tools", "mcp-servers", "oauths"];

/// The ids of `{"id": …}` objects held under a key ending in "token" (any case) anywhere
/// in `value`: how the spec names every token reference (`token`,
/// `authorizationHeaderToken`, `clientSecretToken`).
pub fn referenced_ids(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key.to_ascii_lowercase().ends_with("token") {
                    if let Some(id) = child["id"].as_str() {
                        out.insert(id.to_owned());
                    }
                }
                referenced_ids(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| referenced_ids(item, out)),
        _ => {}
    }
}

/// The counts of the four lists' documents (in [`COLLECTIONS`] order); a document that
/// references a token in several places counts once.
pub fn count(lists: [&[Value]; 4]) -> Counts {
    let mut counts = Counts::new();
    for (index, documents) in lists.into_iter().enumerate() {
        for document in documents {
            let mut ids = BTreeSet::new();
            referenced_ids(document, &mut ids);
            for id in ids {
                counts.entry(id).or_default()[index] += 1;
            }
        }
    }
    counts
}

/// "2 agents, 1 tool", as the app words a count in English.
pub fn kinds_text(count: [u32; 4]) -> String {
    let words = [
        ("agent", "agents"),
        ("tool", "tools"),
        ("MCP server", "MCP servers"),
        ("OAuth configuration", "OAuth configurations"),
    ];
    count
        .iter()
        .zip(words)
        .filter(|(n, _)| **n > 0)
        .map(|(n, (one, many))| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect::<Vec<_>>()
        .join(", ")
}
