//! The API's data: tokens, what a save sends, PATCH operations, and the agents and MCP
//! servers that reference tokens.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use zeroize::Zeroize;

/// A token as the API returns it (never with its value). A `fields` selection may leave
/// out `name` and `metadata`; unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Token {
    /// The id, chosen by whoever created the token.
    pub id: String,
    /// The display name.
    pub name: Option<String>,
    /// Version and timestamps.
    pub metadata: Option<Metadata>,
}

/// A token's `metadata`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// Optimistic-locking version, from 1.
    pub version: Option<u64>,
    /// ISO-8601 creation time.
    pub created_at: Option<String>,
    /// ISO-8601 time of the last change.
    pub modified_at: Option<String>,
}

/// A secret (a token value, a client secret, an access token). `Debug` and `Display`
/// print `***`; the buffer is overwritten with zeros when dropped.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Secret {
    /// Zeros the whole buffer (including spare capacity) and empties the secret.
    fn wipe(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.wipe();
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// What a PUT sends: `{"name", "value"?, "metadata": {"version"}?}`.
#[derive(Debug, Clone)]
pub struct TokenDraft {
    /// The display name.
    pub name: String,
    /// The secret: required when creating, left out when updating (it cannot change).
    pub value: Option<Secret>,
    /// The version the edit started from; the server refuses the save (409) when it moved on.
    pub version: Option<u64>,
}

impl TokenDraft {
    /// A new token: name and value, no version.
    pub fn create(name: impl Into<String>, value: Secret) -> Self {
        Self {
            name: name.into(),
            value: Some(value),
            version: None,
        }
    }

    /// A rename of an existing token, locked to `version` when given.
    pub fn update(name: impl Into<String>, version: Option<u64>) -> Self {
        Self {
            name: name.into(),
            value: None,
            version,
        }
    }
}

impl Serialize for TokenDraft {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct VersionOnly {
            version: u64,
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        if let Some(value) = &self.value {
            map.serialize_entry("value", value)?;
        }
        if let Some(version) = self.version {
            map.serialize_entry("metadata", &VersionOnly { version })?;
        }
        map.end()
    }
}

/// A PATCH operation kind, sent in upper case as Emporix's own UI does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum PatchKind {
    /// `ADD`
    Add,
    /// `REMOVE`
    Remove,
    /// `REPLACE`
    Replace,
}

/// One entry of a PATCH body: `{"op":"REPLACE","path":"/name","value":…}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatchOp {
    /// What to do.
    pub op: PatchKind,
    /// JSON-pointer-like path, e.g. `/name`.
    pub path: String,
    /// The new value; absent for `REMOVE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl PatchOp {
    /// `REPLACE /name`.
    pub fn rename(name: &str) -> Self {
        Self {
            op: PatchKind::Replace,
            path: "/name".into(),
            value: Some(Value::String(name.into())),
        }
    }
}

/// The body of a 201: the id of what was created.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IdResponse {
    /// The new entity's id.
    pub id: String,
}

/// A reference to a token inside another entity: `{"id": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct TokenRef {
    /// The referenced token's id.
    #[serde(default)]
    pub id: String,
}

/// An agent, only as far as it references tokens.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    /// The agent's id.
    pub id: String,
    /// Display name (the English entry of a localized name, else any entry).
    #[serde(default, deserialize_with = "display_name")]
    pub name: String,
    /// Whether the agent runs.
    pub enabled: Option<bool>,
    /// LLM settings, where the tokens are.
    pub llm_config: Option<LlmConfig>,
}

/// An agent's `llmConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LlmConfig {
    /// `llmConfig.token`: the provider key.
    pub token: Option<TokenRef>,
    /// Settings of a self-hosted model.
    pub self_hosted_params: Option<SelfHostedParams>,
}

/// `llmConfig.selfHostedParams`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelfHostedParams {
    /// The token sent in the model's authorization header.
    pub authorization_header_token: Option<TokenRef>,
}

/// An MCP server, only as far as it references tokens.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct McpServer {
    /// The server's id.
    pub id: String,
    /// Display name (plain or localized).
    #[serde(default, deserialize_with = "display_name")]
    pub name: String,
    /// Whether the server is enabled, when the API says.
    pub enabled: Option<bool>,
    /// Connection settings, where the token is.
    pub config: Option<McpConfig>,
}

/// An MCP server's `config`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct McpConfig {
    /// The token sent in the server's authorization header.
    pub authorization_header_token: Option<TokenRef>,
}

/// A string name, or a localized map such as `{"en": …, "de": …}`: the English entry,
/// else the first string entry; anything else is empty.
fn display_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(name) => name,
        Value::Object(localized) => localized
            .get("en")
            .and_then(Value::as_str)
            .or_else(|| localized.values().find_map(Value::as_str))
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    })
}

fn ref_id(reference: &Option<TokenRef>) -> Option<&str> {
    reference.as_ref().map(|r| r.id.as_str())
}

impl Agent {
    /// Whether `llmConfig.token` or `llmConfig.selfHostedParams.authorizationHeaderToken` is `token_id`.
    pub fn uses_token(&self, token_id: &str) -> bool {
        self.llm_config.as_ref().is_some_and(|llm| {
            ref_id(&llm.token) == Some(token_id)
                || llm
                    .self_hosted_params
                    .as_ref()
                    .is_some_and(|p| ref_id(&p.authorization_header_token) == Some(token_id))
        })
    }
}

impl McpServer {
    /// Whether `config.authorizationHeaderToken` is `token_id`.
    pub fn uses_token(&self, token_id: &str) -> bool {
        self.config
            .as_ref()
            .is_some_and(|c| ref_id(&c.authorization_header_token) == Some(token_id))
    }
}

/// What kind of entity depends on a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependentKind {
    /// An agent (force-deleting the token disables it).
    Agent,
    /// An MCP server.
    McpServer,
}

/// An agent or MCP server that uses a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    /// Agent or MCP server.
    pub kind: DependentKind,
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Whether it is enabled, when known.
    pub enabled: Option<bool>,
}

/// The agents, then the MCP servers, that use `token_id`, each list in the given order.
pub fn dependents(token_id: &str, agents: &[Agent], servers: &[McpServer]) -> Vec<Dependent> {
    let agents = agents
        .iter()
        .filter(|a| a.uses_token(token_id))
        .map(|a| Dependent {
            kind: DependentKind::Agent,
            id: a.id.clone(),
            name: a.name.clone(),
            enabled: a.enabled,
        });
    let servers = servers
        .iter()
        .filter(|s| s.uses_token(token_id))
        .map(|s| Dependent {
            kind: DependentKind::McpServer,
            id: s.id.clone(),
            name: s.name.clone(),
            enabled: s.enabled,
        });
    agents.chain(servers).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn token_tolerates_missing_and_unknown_fields() {
        let full: Token = serde_json::from_value(json!({
            "id": "openai-prod", "name": "OpenAI", "value": "ignored", "extra": 1,
            "metadata": {"version": 3, "createdAt": "2025-01-01T00:00:00.000Z", "modifiedAt": "2025-02-01T00:00:00.000Z", "x": true}
        }))
        .unwrap();
        assert_eq!(full.name.as_deref(), Some("OpenAI"));
        let meta = full.metadata.unwrap();
        assert_eq!(meta.version, Some(3));
        assert_eq!(meta.created_at.as_deref(), Some("2025-01-01T00:00:00.000Z"));
        assert_eq!(
            meta.modified_at.as_deref(),
            Some("2025-02-01T00:00:00.000Z")
        );

        let bare: Token = serde_json::from_value(json!({"id": "a"})).unwrap();
        assert_eq!(
            bare,
            Token {
                id: "a".into(),
                name: None,
                metadata: None
            }
        );
        let partial: Token =
            serde_json::from_value(json!({"id": "a", "name": null, "metadata": {"version": 1}}))
                .unwrap();
        assert_eq!(partial.metadata.unwrap().created_at, None);
        assert!(serde_json::from_value::<Token>(json!({"name": "no id"})).is_err());
    }

    #[test]
    fn secret_never_prints() {
        let secret = Secret::new("sk-live-123");
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(secret.to_string(), "***");
        assert_eq!(secret.expose(), "sk-live-123");
        assert!(!secret.is_empty());
        assert!(Secret::default().is_empty());
        let draft = TokenDraft::create("n", Secret::from("sk-live-123".to_string()));
        let debug = format!("{draft:?} {draft:#?}");
        assert!(!debug.contains("sk-live"), "{debug}");
        assert!(debug.contains("***"));
    }

    #[test]
    fn secret_wipe_zeroes_its_buffer() {
        let mut secret = Secret::new("sk-live-123");
        let (ptr, len) = (secret.0.as_ptr(), secret.0.len());
        secret.wipe(); // what `Drop` runs
        assert!(secret.is_empty());
        // The allocation is kept, so its old bytes can still be read: all zero.
        assert_eq!(secret.0.as_ptr(), ptr);
        assert!(secret.0.capacity() >= len);
        // SAFETY: `len` bytes of the live allocation, all written (zeroed) by `wipe`.
        let bytes = unsafe { std::slice::from_raw_parts(secret.0.as_ptr(), len) };
        assert!(bytes.iter().all(|b| *b == 0), "{bytes:?}");
    }

    #[test]
    fn draft_serialises_to_the_put_body() {
        let create = TokenDraft::create("OpenAI", Secret::new("sk-1"));
        assert_eq!(
            serde_json::to_value(&create).unwrap(),
            json!({"name": "OpenAI", "value": "sk-1"})
        );
        let update = TokenDraft::update("Renamed", Some(4));
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"name": "Renamed", "metadata": {"version": 4}})
        );
        assert_eq!(
            serde_json::to_value(TokenDraft::update("n", None)).unwrap(),
            json!({"name": "n"})
        );
    }

    #[test]
    fn patch_ops_are_uppercase() {
        assert_eq!(
            serde_json::to_value([PatchOp::rename("New")]).unwrap(),
            json!([{"op": "REPLACE", "path": "/name", "value": "New"}])
        );
        let others = [
            PatchOp {
                op: PatchKind::Add,
                path: "/a".into(),
                value: Some(json!(1)),
            },
            PatchOp {
                op: PatchKind::Remove,
                path: "/b".into(),
                value: None,
            },
        ];
        assert_eq!(
            serde_json::to_value(others).unwrap(),
            json!([{"op": "ADD", "path": "/a", "value": 1}, {"op": "REMOVE", "path": "/b"}])
        );
    }

    fn agents() -> Vec<Agent> {
        serde_json::from_value(json!([
            {"id": "support", "name": {"en": "Support", "de": "Kundendienst"}, "enabled": true,
             "llmConfig": {"provider": "openai", "token": {"id": "openai-prod"}}},
            {"id": "onprem", "name": {"de": "Nur deutsch"}, "enabled": false,
             "llmConfig": {"selfHostedParams": {"url": "u", "authorizationHeaderToken": {"id": "ollama"}}}},
            {"id": "both", "name": "Plain", "llmConfig": {"token": {"id": "ollama"},
             "selfHostedParams": {"authorizationHeaderToken": {"id": "ollama"}}}},
            {"id": "emporix", "name": 42, "llmConfig": {"provider": "emporix_openai", "token": null}},
            {"id": "bare"}
        ]))
        .unwrap()
    }

    fn servers() -> Vec<McpServer> {
        serde_json::from_value(json!([
            {"id": "github", "name": "GitHub tools", "config": {"authorizationHeaderToken": {"id": "ollama", "name": "expanded"}}},
            {"id": "jira", "name": "Jira", "enabled": true, "config": {"authorizationHeaderToken": {"id": "jira"}}},
            {"id": "none", "config": {}}
        ]))
        .unwrap()
    }

    #[test]
    fn names_are_display_strings() {
        let names: Vec<String> = agents().into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["Support", "Nur deutsch", "Plain", "", ""]);
    }

    #[test]
    fn dependents_of_a_token() {
        let (agents, servers) = (agents(), servers());
        assert_eq!(
            dependents("ollama", &agents, &servers),
            vec![
                Dependent {
                    kind: DependentKind::Agent,
                    id: "onprem".into(),
                    name: "Nur deutsch".into(),
                    enabled: Some(false)
                },
                Dependent {
                    kind: DependentKind::Agent,
                    id: "both".into(),
                    name: "Plain".into(),
                    enabled: None
                },
                Dependent {
                    kind: DependentKind::McpServer,
                    id: "github".into(),
                    name: "GitHub tools".into(),
                    enabled: None
                },
            ]
        );
        let openai = dependents("openai-prod", &agents, &servers);
        assert_eq!(openai.len(), 1);
        assert_eq!(
            (openai[0].kind, openai[0].enabled),
            (DependentKind::Agent, Some(true))
        );
        assert_eq!(
            dependents("jira", &agents, &servers)[0].kind,
            DependentKind::McpServer
        );
        assert!(dependents("unused", &agents, &servers).is_empty());
        assert!(dependents("", &agents, &servers).is_empty());
    }
}
