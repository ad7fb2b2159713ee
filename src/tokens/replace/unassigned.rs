//! What a force delete took from the token's users: each user with the JSON pointers of the
//! fields that referenced the deleted token (a force delete removes those fields, so only
//! they say where a new token goes), whether the delete disabled it, and the token it was
//! pointed to since. Kept in the tab's `sessionStorage` under the deleted token's id — ids
//! and pointers only — so the deleted token's page shows the summary after a reload or a
//! visit to "Point to another token…".

use serde::{Deserialize, Serialize};

use ai_client::Usage;

use super::kept::KeptInTab;
use super::progress::UserRef;

/// One user the force delete took the token from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Orphan {
    /// Who.
    #[serde(flatten)]
    pub user: UserRef,
    /// The fields that referenced the deleted token, as JSON pointers.
    pub pointers: Vec<String>,
    /// Whether it was enabled before the delete.
    pub was_enabled: Option<bool>,
    /// Whether the delete disabled it: enabled before, disabled when read after. `None`
    /// until read.
    pub disabled: Option<bool>,
    /// The token it was pointed to since, if any.
    pub pointed_to: Option<String>,
}

impl Orphan {
    /// Whether it must be read to learn if the delete disabled it.
    pub fn needs_reading(&self) -> bool {
        self.disabled.is_none()
    }
}

/// The users a force delete of one token unassigned it from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unassigned {
    /// The deleted token.
    pub token_id: String,
    /// Its users as read when the delete dialog opened.
    pub users: Vec<Orphan>,
}

impl Unassigned {
    /// From the users of `token_id` read before it was force deleted. Only users that were
    /// enabled can have been disabled by it; the others are known at once.
    pub fn of(token_id: &str, usage: &Usage) -> Self {
        let users = usage
            .users
            .iter()
            .map(|user| Orphan {
                user: UserRef::of(user),
                pointers: user.fields.iter().map(|f| f.pointer.clone()).collect(),
                was_enabled: user.enabled,
                disabled: (user.enabled != Some(true)).then_some(false),
                pointed_to: None,
            })
            .collect();
        Self {
            token_id: token_id.to_owned(),
            users,
        }
    }

    /// The user `key` (`agents/support`).
    pub fn user_mut(&mut self, key: &str) -> Option<&mut Orphan> {
        self.users.iter_mut().find(|u| u.user.key() == key)
    }
}

impl KeptInTab for Unassigned {
    /// Under the deleted token's id.
    const PREFIX: &'static str = "token-admin.unassigned.";

    fn token_id(&self) -> &str {
        &self.token_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ai_client::{FieldKind, TokenField, TokenUser, UserKind};
    use serde_json::json;

    fn user(kind: UserKind, id: &str, enabled: Option<bool>, pointers: &[&str]) -> TokenUser {
        TokenUser {
            kind,
            id: id.into(),
            name: None,
            enabled,
            version: Some(2),
            fields: pointers
                .iter()
                .map(|p| TokenField {
                    pointer: (*p).into(),
                    path: "x",
                    kind: FieldKind::LlmToken,
                })
                .collect(),
            document: json!({"id": id, "llmConfig": {"model": "kept in memory only"}}),
        }
    }

    #[test]
    fn every_user_is_kept_with_its_pointers_and_only_enabled_ones_are_read() {
        let usage = Usage {
            users: vec![
                user(
                    UserKind::Agent,
                    "support",
                    Some(true),
                    &["/llmConfig/token"],
                ),
                user(UserKind::Agent, "idle", Some(false), &["/llmConfig/token"]),
                user(UserKind::OAuth, "gw", None, &["/clientSecretToken"]),
            ],
            unchecked: Vec::new(),
        };
        let mut summary = Unassigned::of("openai-prod", &usage);
        assert_eq!(summary.users[0].pointers, ["/llmConfig/token"]);
        let reading: Vec<bool> = summary.users.iter().map(Orphan::needs_reading).collect();
        assert_eq!(reading, [true, false, false]);
        summary.user_mut("agents/support").unwrap().disabled = Some(true);
        assert!(summary.user_mut("tools/support").is_none());
        let json = serde_json::to_string(&summary).unwrap();
        assert!(!json.contains("kept in memory only"), "{json}");
        let back: Unassigned = serde_json::from_str(&json).unwrap();
        assert_eq!(back, summary);
        assert_eq!(Unassigned::key("a"), "token-admin.unassigned.a");
    }
}
