//! The API's data: tokens, what a save sends, and PATCH operations. Who uses a token is
//! in [`users`](super::users).

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
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
}
