//! The exported rows: each token's facts and the agents and MCP servers that use it,
//! joined in memory from one fetch of each list.

use ai_client::model::dependents;
use ai_client::{Agent, Dependent, McpServer, Token};

/// One exported token: what the list shows, plus who uses it. There is no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    /// The token's id.
    pub id: String,
    /// Its name, as the API gave it.
    pub name: Option<String>,
    /// `metadata.createdAt`, as the API gave it (ISO 8601).
    pub created: Option<String>,
    /// `metadata.modifiedAt`, as the API gave it.
    pub modified: Option<String>,
    /// `metadata.version`.
    pub version: Option<u64>,
    /// The agents, then the MCP servers, that reference the token.
    pub used_by: Vec<Dependent>,
}

/// The rows for `tokens`, in their order, each with its dependents among `agents` and
/// `servers` (the same rule as the delete dialog's "used by": [`dependents`]). The lists
/// are scanned per token, in memory; a tenant has few agents and MCP servers.
pub fn join(tokens: &[Token], agents: &[Agent], servers: &[McpServer]) -> Vec<ExportRow> {
    tokens
        .iter()
        .map(|token| {
            let metadata = token.metadata.clone().unwrap_or_default();
            ExportRow {
                id: token.id.clone(),
                name: token.name.clone(),
                created: metadata.created_at,
                modified: metadata.modified_at,
                version: metadata.version,
                used_by: dependents(&token.id, agents, servers),
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ai_client::DependentKind;
    use serde_json::json;

    /// Two agents and an MCP server: `support` and `onprem` use `shared`, `github` uses
    /// `shared` and `gh`.
    pub(crate) fn users() -> (Vec<Agent>, Vec<McpServer>) {
        let agents = serde_json::from_value(json!([
            {"id": "support", "name": {"en": "Support"}, "llmConfig": {"token": {"id": "shared"}}},
            {"id": "onprem", "name": "On-prem", "llmConfig": {"selfHostedParams": {"authorizationHeaderToken": {"id": "shared"}}}},
            {"id": "idle", "name": "Idle"}
        ]))
        .unwrap();
        let servers = serde_json::from_value(json!([
            {"id": "github", "name": "GitHub tools", "config": {"authorizationHeaderToken": {"id": "shared"}}},
            {"id": "gh2", "name": "GitHub again", "config": {"authorizationHeaderToken": {"id": "gh"}}}
        ]))
        .unwrap();
        (agents, servers)
    }

    pub(crate) fn token(id: &str, name: Option<&str>) -> Token {
        serde_json::from_value(json!({
            "id": id,
            "name": name,
            "metadata": {"version": 2, "createdAt": "2025-01-02T03:04:05.000Z", "modifiedAt": "2025-02-03T04:05:06.000Z"}
        }))
        .unwrap()
    }

    #[test]
    fn rows_keep_the_order_and_join_their_users() {
        let (agents, servers) = users();
        let rows = join(
            &[
                token("shared", Some("Shared")),
                token("gh", None),
                token("lone", Some("x")),
            ],
            &agents,
            &servers,
        );
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["shared", "gh", "lone"]);
        let users: Vec<(DependentKind, &str)> = rows[0]
            .used_by
            .iter()
            .map(|d| (d.kind, d.id.as_str()))
            .collect();
        assert_eq!(
            users,
            [
                (DependentKind::Agent, "support"),
                (DependentKind::Agent, "onprem"),
                (DependentKind::McpServer, "github")
            ]
        );
        assert_eq!(rows[1].used_by.len(), 1);
        assert_eq!(rows[1].used_by[0].name, "GitHub again");
        assert!(rows[2].used_by.is_empty());
        assert_eq!(rows[1].name, None);
        assert_eq!(rows[0].version, Some(2));
        assert_eq!(rows[0].created.as_deref(), Some("2025-01-02T03:04:05.000Z"));
        assert_eq!(
            rows[0].modified.as_deref(),
            Some("2025-02-03T04:05:06.000Z")
        );
    }

    #[test]
    fn a_token_without_metadata_has_empty_facts() {
        let bare: Token = serde_json::from_value(json!({"id": "bare"})).unwrap();
        let rows = join(&[bare], &[], &[]);
        assert_eq!(
            rows,
            [ExportRow {
                id: "bare".into(),
                name: None,
                created: None,
                modified: None,
                version: None,
                used_by: vec![],
            }]
        );
    }
}
