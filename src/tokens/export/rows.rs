//! The exported rows: each token's facts and the agents, tools, MCP servers and OAuth
//! configurations that use it, joined in memory from one complete read of their lists.

use ai_client::{References, Token, TokenUser};

/// One exported token: what the list shows, plus who uses it. There is no value.
#[derive(Debug, Clone, PartialEq)]
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
    /// The agents, then the tools, MCP servers and OAuth configurations, that reference
    /// the token.
    pub used_by: Vec<TokenUser>,
}

/// The rows for `tokens`, in their order, each with its users in `users` (the same rule as
/// the token page's "Used by": [`References::of`]).
pub fn join(tokens: &[Token], users: &References) -> Vec<ExportRow> {
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
                used_by: users.of(&token.id).users,
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ai_client::UserKind;
    use serde_json::json;

    /// `support` and `onprem` (agents), the tool `rag` and the OAuth configuration `gw` use
    /// `shared`; the MCP server `gh2` uses `gh`.
    pub(crate) fn users() -> References {
        let mut references = References::default();
        references.add(
            UserKind::Agent,
            vec![
                json!({"id": "support", "name": {"en": "Support"}, "enabled": true, "llmConfig": {"token": {"id": "shared"}}}),
                json!({"id": "onprem", "name": "On-prem", "llmConfig": {"selfHostedParams": {"authorizationHeaderToken": {"id": "shared"}}}}),
                json!({"id": "idle", "name": "Idle"}),
            ],
        );
        references.add(
            UserKind::Tool,
            vec![json!({"id": "rag", "name": "RAG", "enabled": false, "config": {"databaseConfig": {"token": {"id": "shared"}}, "embeddingConfig": {"token": {"id": "shared"}}}})],
        );
        references.add(
            UserKind::McpServer,
            vec![json!({"id": "gh2", "name": "GitHub again", "config": {"authorizationHeaderToken": {"id": "gh"}}})],
        );
        references.add(
            UserKind::OAuth,
            vec![json!({"id": "gw", "clientId": "c", "clientSecretToken": {"id": "shared"}})],
        );
        references
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
        let rows = join(
            &[
                token("shared", Some("Shared")),
                token("gh", None),
                token("lone", Some("x")),
            ],
            &users(),
        );
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["shared", "gh", "lone"]);
        let used: Vec<(UserKind, &str)> = rows[0]
            .used_by
            .iter()
            .map(|d| (d.kind, d.id.as_str()))
            .collect();
        assert_eq!(
            used,
            [
                (UserKind::Agent, "support"),
                (UserKind::Agent, "onprem"),
                (UserKind::Tool, "rag"),
                (UserKind::OAuth, "gw")
            ]
        );
        assert_eq!(rows[1].used_by.len(), 1);
        assert_eq!(rows[1].used_by[0].name.as_deref(), Some("GitHub again"));
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
        let rows = join(&[bare], &References::default());
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
