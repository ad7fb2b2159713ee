//! Where a replacement stands: the old and new token's ids, and per chosen user whether it
//! was re-pointed. Kept in the tab's `sessionStorage` under the old token's id so that a
//! reload, a sign-in-again dialog or a later visit carries on; ids and outcomes only —
//! the new value is never part of it.

use serde::{Deserialize, Serialize};

use ai_client::{ApiError, FieldKind, Repointed, TokenUser, UserKind};

use super::kept::KeptInTab;

/// How re-pointing one user ended, as kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// It references the new token.
    Repointed,
    /// Someone else changed it, and it no longer references the old token.
    Changed,
    /// The session may not change it.
    Forbidden,
    /// The request failed.
    Failed,
    /// Pointed back to the old token.
    PointedBack,
}

impl Outcome {
    /// The kept form of what the client reported.
    pub fn of(repointed: &Repointed) -> Self {
        match repointed {
            Repointed::Done => Self::Repointed,
            Repointed::ChangedElsewhere => Self::Changed,
            Repointed::Failed(ApiError::Forbidden { .. }) => Self::Forbidden,
            Repointed::Failed(_) => Self::Failed,
        }
    }
}

/// A user of a token as kept: who it is and what it used the token for (no document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRef {
    /// Agent, tool, MCP server or OAuth configuration.
    pub kind: UserKind,
    /// Its id.
    pub id: String,
    /// Its display name, when it has one.
    pub name: Option<String>,
    /// What it uses the token for, each kind once.
    pub fields: Vec<FieldKind>,
}

impl UserRef {
    /// The kept form of a user of a token.
    pub fn of(user: &TokenUser) -> Self {
        let mut fields: Vec<FieldKind> = Vec::new();
        for field in &user.fields {
            if !fields.contains(&field.kind) {
                fields.push(field.kind);
            }
        }
        Self {
            kind: user.kind,
            id: user.id.clone(),
            name: user.name.clone(),
            fields,
        }
    }

    /// `agents/support`: unique within a tenant.
    pub fn key(&self) -> String {
        format!("{}/{}", self.kind.collection(), self.id)
    }
}

/// One user in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Planned {
    /// Who.
    #[serde(flatten)]
    pub user: UserRef,
    /// Whether the admin chose to re-point it.
    pub chosen: bool,
    /// How the last attempt ended; `None` before the first.
    pub outcome: Option<Outcome>,
}

impl Planned {
    /// A user of the old token, chosen.
    pub fn of(user: &TokenUser) -> Self {
        Self {
            user: UserRef::of(user),
            chosen: true,
            outcome: None,
        }
    }

    /// [`UserRef::key`].
    pub fn key(&self) -> String {
        self.user.key()
    }

    /// Whether the next "Retry failed"/"Continue re-pointing" re-points it: chosen and
    /// not yet done.
    pub fn to_do(&self) -> bool {
        self.chosen
            && !matches!(
                self.outcome,
                Some(Outcome::Repointed | Outcome::PointedBack)
            )
    }
}

/// A replacement of one token by another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The token being replaced.
    pub old_id: String,
    /// The new token's id.
    pub new_id: String,
    /// The users found, in plan order.
    pub users: Vec<Planned>,
}

impl Progress {
    /// How many chosen users reference the new token, and how many were chosen.
    pub fn counts(&self) -> (usize, usize) {
        let chosen = self.users.iter().filter(|u| u.chosen);
        let done = chosen
            .clone()
            .filter(|u| u.outcome == Some(Outcome::Repointed))
            .count();
        (done, chosen.count())
    }
}

impl KeptInTab for Progress {
    /// Under the old token's id.
    const PREFIX: &'static str = "token-admin.replace.";

    fn token_id(&self) -> &str {
        &self.old_id
    }
}

#[cfg(test)]
mod tests {
    use super::super::kept::{read, write};
    use super::*;
    use ai_client::TokenField;
    use serde_json::json;

    fn user(kind: UserKind, id: &str, fields: &[FieldKind]) -> TokenUser {
        TokenUser {
            kind,
            id: id.into(),
            name: Some(format!("{id} name")),
            enabled: Some(true),
            version: Some(1),
            fields: fields
                .iter()
                .map(|kind| TokenField {
                    pointer: "/x".into(),
                    path: "x",
                    kind: *kind,
                })
                .collect(),
            document: json!({"id": id, "secretish": "document content is not kept"}),
        }
    }

    fn progress() -> Progress {
        let users = [
            user(UserKind::Agent, "support", &[FieldKind::LlmToken]),
            user(
                UserKind::Tool,
                "rag",
                &[
                    FieldKind::RagDatabaseToken,
                    FieldKind::EmbeddingToken,
                    FieldKind::RagDatabaseToken,
                ],
            ),
            user(UserKind::OAuth, "gw", &[FieldKind::OAuthClientSecret]),
        ];
        Progress {
            old_id: "openai-prod".into(),
            new_id: "openai-prod-2026-12".into(),
            users: users.iter().map(Planned::of).collect(),
        }
    }

    #[test]
    fn the_plan_has_every_user_chosen_with_each_field_kind_once() {
        let plan = progress();
        assert!(plan.users.iter().all(|u| u.chosen && u.outcome.is_none()));
        assert_eq!(
            plan.users[1].user.fields,
            [FieldKind::RagDatabaseToken, FieldKind::EmbeddingToken]
        );
        assert_eq!(plan.users[2].user.kind, UserKind::OAuth);
        assert_eq!(plan.users[1].key(), "tools/rag");
        assert_eq!(plan.counts(), (0, 3));
        assert!(plan.users.iter().all(Planned::to_do));
    }

    #[test]
    fn outcomes_count_and_decide_what_is_left() {
        let mut plan = progress();
        plan.users[0].outcome = Some(Outcome::Repointed);
        plan.users[1].outcome = Some(Outcome::Failed);
        plan.users[2].chosen = false;
        assert_eq!(plan.counts(), (1, 2));
        let left: Vec<&str> = plan
            .users
            .iter()
            .filter(|u| u.to_do())
            .map(|u| u.user.id.as_str())
            .collect();
        assert_eq!(left, ["rag"]);
        plan.users[1].outcome = Some(Outcome::PointedBack);
        assert!(!plan.users.iter().any(Planned::to_do));
        assert_eq!(plan.counts(), (1, 2), "pointed back is not re-pointed");
        assert_eq!(
            [
                Repointed::Done,
                Repointed::ChangedElsewhere,
                Repointed::Failed(ApiError::Forbidden { message: None }),
                Repointed::Failed(ApiError::Timeout)
            ]
            .iter()
            .map(Outcome::of)
            .collect::<Vec<_>>(),
            [
                Outcome::Repointed,
                Outcome::Changed,
                Outcome::Forbidden,
                Outcome::Failed
            ]
        );
    }

    #[test]
    fn the_stored_form_round_trips_and_holds_ids_only() {
        let mut plan = progress();
        plan.users[0].outcome = Some(Outcome::Changed);
        let json = write(&plan);
        assert_eq!(read::<Progress>(&json), Some(plan));
        assert!(!json.contains("document content"), "{json}");
        assert!(!json.to_lowercase().contains("value"), "{json}");
        assert_eq!(read::<Progress>("{not json"), None);
        assert_eq!(Progress::key("a"), "token-admin.replace.a");
    }
}
