//! Who references whom: the places where agents, tools, MCP servers and OAuth
//! configurations point at a token or at each other, finding the documents that use
//! an entity, and unassigning it from them (what `DELETE …?force=true` does).

use rusqlite::Connection;
use serde_json::{json, Value};

use crate::entity_store::{self, Kind};
use crate::error::{ApiError, Detail};

/// What can be referenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Token,
    Entity(Kind),
}

impl Target {
    /// How a person calls one of these, capitalised.
    pub fn title(self) -> String {
        let label = match self {
            Target::Token => "token",
            Target::Entity(kind) => kind.label(),
        };
        let mut chars = label.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// One place where documents of kind `user` reference a target.
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    /// The kind whose documents hold the reference.
    pub user: Kind,
    /// Dotted path of what holds the id; `[]` fans out over an array. Unassigning
    /// removes the holder: the member of its parent object, or the array element.
    pub holder: &'static str,
    /// Dotted path of the id inside the holder.
    pub id_field: &'static str,
    /// Whether losing this reference disables the user (an agent without its LLM
    /// configuration cannot run).
    pub disables: bool,
}

const fn token(user: Kind, holder: &'static str, disables: bool) -> Reference {
    Reference {
        user,
        holder,
        id_field: "id",
        disables,
    }
}

/// Token references, from the official spec's response schemas. An agent references
/// its MCP servers, tools and OAuth configuration by id; their token references also
/// appear inside an agent when it carries them inline (the expanded form).
const TOKEN_REFERENCES: &[Reference] = &[
    token(Kind::Agent, "llmConfig.token", true),
    token(
        Kind::Agent,
        "llmConfig.selfHostedParams.authorizationHeaderToken",
        true,
    ),
    token(
        Kind::Agent,
        "llmConfig.selfHostedParams.oauth.clientSecretToken",
        true,
    ),
    token(
        Kind::Agent,
        "mcpServers[].mcpServer.config.authorizationHeaderToken",
        false,
    ),
    token(
        Kind::Agent,
        "nativeTools[].config.databaseConfig.token",
        false,
    ),
    token(
        Kind::Agent,
        "nativeTools[].config.embeddingConfig.token",
        false,
    ),
    token(Kind::McpServer, "config.authorizationHeaderToken", false),
    token(Kind::Tool, "config.databaseConfig.token", false),
    token(Kind::Tool, "config.embeddingConfig.token", false),
    token(Kind::OAuth, "clientSecretToken", false),
];

const AGENT_REFERENCES: &[Reference] = &[Reference {
    user: Kind::Agent,
    holder: "agentCollaborations[]",
    id_field: "agentId",
    disables: false,
}];

const TOOL_REFERENCES: &[Reference] = &[token(Kind::Agent, "nativeTools[]", false)];

const MCP_SERVER_REFERENCES: &[Reference] = &[Reference {
    user: Kind::Agent,
    holder: "mcpServers[]",
    id_field: "mcpServer.id",
    disables: false,
}];

const OAUTH_REFERENCES: &[Reference] =
    &[token(Kind::Agent, "llmConfig.selfHostedParams.oauth", true)];

/// Every place that can reference `target`.
pub fn references(target: Target) -> &'static [Reference] {
    match target {
        Target::Token => TOKEN_REFERENCES,
        Target::Entity(Kind::Agent) => AGENT_REFERENCES,
        Target::Entity(Kind::Tool) => TOOL_REFERENCES,
        Target::Entity(Kind::McpServer) => MCP_SERVER_REFERENCES,
        Target::Entity(Kind::OAuth) => OAUTH_REFERENCES,
    }
}

enum Step<'a> {
    Key(&'a str),
    Each,
}

fn steps(path: &str) -> Vec<Step<'_>> {
    path.split('.')
        .flat_map(|segment| match segment.strip_suffix("[]") {
            Some(key) => vec![Step::Key(key), Step::Each],
            None => vec![Step::Key(segment)],
        })
        .collect()
}

/// Every value at `path` below `value`.
fn nodes<'a>(value: &'a Value, path: &[Step<'_>], out: &mut Vec<&'a Value>) {
    match path.split_first() {
        None => out.push(value),
        Some((Step::Key(key), rest)) => {
            if let Some(child) = value.get(key) {
                nodes(child, rest, out);
            }
        }
        Some((Step::Each, rest)) => {
            for item in value.as_array().into_iter().flatten() {
                nodes(item, rest, out);
            }
        }
    }
}

fn each_mut(value: &mut Value, path: &[Step<'_>], f: &mut dyn FnMut(&mut Value)) {
    match path.split_first() {
        None => f(value),
        Some((Step::Key(key), rest)) => {
            if let Some(child) = value.get_mut(*key) {
                each_mut(child, rest, f);
            }
        }
        Some((Step::Each, rest)) => {
            for item in value.as_array_mut().into_iter().flatten() {
                each_mut(item, rest, f);
            }
        }
    }
}

impl Reference {
    fn points_at(&self, holder: &Value, id: &str) -> bool {
        let mut ids = Vec::new();
        nodes(holder, &steps(self.id_field), &mut ids);
        ids.iter().any(|v| v.as_str() == Some(id))
    }

    /// The holders in `doc`, whatever they point at.
    pub fn holders<'a>(&self, doc: &'a Value) -> Vec<&'a Value> {
        let mut found = Vec::new();
        nodes(doc, &steps(self.holder), &mut found);
        found
    }

    /// Whether `doc` references `id` here.
    pub fn used_in(&self, doc: &Value, id: &str) -> bool {
        self.holders(doc).iter().any(|h| self.points_at(h, id))
    }

    /// Removes from `doc` every holder here that points at `id`; true when one was.
    fn unassign(&self, doc: &mut Value, id: &str) -> bool {
        let path = steps(self.holder);
        let Some((last, parent)) = path.split_last() else {
            return false;
        };
        let mut changed = false;
        each_mut(doc, parent, &mut |node| match last {
            Step::Each => {
                if let Some(items) = node.as_array_mut() {
                    let before = items.len();
                    items.retain(|item| !self.points_at(item, id));
                    changed |= items.len() != before;
                }
            }
            Step::Key(key) => {
                let hit = node.get(*key).is_some_and(|h| self.points_at(h, id));
                if let (true, Some(object)) = (hit, node.as_object_mut()) {
                    object.remove(*key);
                    changed = true;
                }
            }
        });
        changed
    }
}

/// A document that references the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    pub kind: Kind,
    pub id: String,
    pub name: String,
}

/// The places that can reference `target`, grouped by the kind that holds them.
fn places_by_kind(target: Target) -> impl Iterator<Item = (Kind, Vec<&'static Reference>)> {
    Kind::ALL.into_iter().filter_map(move |kind| {
        let places: Vec<_> = references(target)
            .iter()
            .filter(|r| r.user == kind)
            .collect();
        (!places.is_empty()).then_some((kind, places))
    })
}

fn doc_id(doc: &Value) -> &str {
    doc.get("id").and_then(Value::as_str).unwrap_or_default()
}

/// Every document of the tenant that references `id`, by kind then id.
pub fn find(
    conn: &Connection,
    tenant: &str,
    target: Target,
    id: &str,
) -> rusqlite::Result<Vec<Dependent>> {
    let mut found = Vec::new();
    for (kind, places) in places_by_kind(target) {
        for doc in entity_store::all(conn, kind, tenant, Some(id))? {
            let self_reference = target == Target::Entity(kind) && doc_id(&doc) == id;
            if !self_reference && places.iter().any(|r| r.used_in(&doc, id)) {
                found.push(Dependent {
                    kind,
                    id: doc_id(&doc).to_owned(),
                    name: kind.display_name(&doc),
                });
            }
        }
    }
    Ok(found)
}

/// Sets server-managed metadata after a change: version + 1 and modification time.
pub fn touch(doc: &mut Value, now: &str) {
    let version = doc
        .pointer("/metadata/version")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let created = doc
        .pointer("/metadata/createdAt")
        .cloned()
        .unwrap_or_else(|| json!(now));
    doc["metadata"] = json!({"version": version + 1, "createdAt": created, "modifiedAt": now});
}

/// Removes every reference to `id` from the tenant's documents, disables the users
/// that lost a reference they cannot run without, and bumps every changed document.
pub fn unassign(
    conn: &Connection,
    tenant: &str,
    target: Target,
    id: &str,
    now: &str,
) -> rusqlite::Result<()> {
    for (kind, places) in places_by_kind(target) {
        for mut doc in entity_store::all(conn, kind, tenant, Some(id))? {
            let mut changed = false;
            let mut disable = false;
            for place in &places {
                if place.unassign(&mut doc, id) {
                    changed = true;
                    disable |= place.disables;
                }
            }
            if !changed {
                continue;
            }
            if disable {
                doc["enabled"] = Value::Bool(false);
            }
            touch(&mut doc, now);
            entity_store::put(conn, kind, tenant, &doc)?;
        }
    }
    Ok(())
}

/// The 400 for deleting something in use without `force=true`: a `force` marker in
/// `details[]` and one `dependency` entry per user.
pub fn in_use(target: Target, id: &str, users: &[Dependent]) -> ApiError {
    let title = target.title();
    let names = users
        .iter()
        .map(|d| format!("{} '{}' ({})", d.kind.label(), d.name, d.id))
        .collect::<Vec<_>>()
        .join(", ");
    let mut details = vec![Detail {
        field: None,
        kind: "force".into(),
        message: format!("{title} {id} is used by {names}. Delete it with force=true to remove it from them; agents that need it will be disabled."),
    }];
    details.extend(
        users
            .iter()
            .map(|d| Detail::field(d.kind.field_name(), "dependency", d.id.clone())),
    );
    ApiError::invalid(
        format!("{title} {id} cannot be deleted because it is in use by {names}."),
        details,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unassigning_removes_members_and_array_elements() {
        let mut agent = json!({
            "llmConfig": {"token": {"id": "t"}, "model": "m"},
            "mcpServers": [
                {"type": "custom", "mcpServer": {"id": "s", "config": {"authorizationHeaderToken": {"id": "t"}}}},
                {"type": "custom", "mcpServer": {"id": "other"}}
            ],
            "agentCollaborations": [{"agentId": "a"}, {"agentId": "b"}]
        });
        for place in references(Target::Token) {
            if place.user == Kind::Agent {
                place.unassign(&mut agent, "t");
            }
        }
        assert_eq!(agent["llmConfig"], json!({"model": "m"}));
        assert_eq!(
            agent["mcpServers"][0]["mcpServer"],
            json!({"id": "s", "config": {}})
        );
        assert!(MCP_SERVER_REFERENCES[0].unassign(&mut agent, "s"));
        assert_eq!(
            agent["mcpServers"],
            json!([{"type": "custom", "mcpServer": {"id": "other"}}])
        );
        assert!(AGENT_REFERENCES[0].used_in(&agent, "b"));
        assert!(AGENT_REFERENCES[0].unassign(&mut agent, "b"));
        assert_eq!(agent["agentCollaborations"], json!([{"agentId": "a"}]));
        assert!(!AGENT_REFERENCES[0].unassign(&mut agent, "b"));
    }

    #[test]
    fn titles() {
        assert_eq!(Target::Token.title(), "Token");
        assert_eq!(Target::Entity(Kind::McpServer).title(), "MCP server");
    }
}
