//! Three-way merge of a token's editable fields after a 409: what the edit started from
//! (base), what the admin typed (mine) and what the server has now (theirs). Pure Rust.

use crate::i18n::t;
use ai_client::{Token, TokenDraft};

/// An editable field of a token. Adding one: a variant here, in [`Field::ALL`], and a
/// member of [`Edits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The display name.
    Name,
}

impl Field {
    /// Every editable field, in form order.
    pub const ALL: [Field; 1] = [Field::Name];

    /// Its label in the form, in the current language.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => t("Name"),
        }
    }
}

/// The editable fields' values as the form holds them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Edits {
    /// The display name.
    pub name: String,
}

impl Edits {
    /// The values of `token` (a missing name is empty).
    pub fn of(token: &Token) -> Self {
        Self {
            name: token.name.clone().unwrap_or_default(),
        }
    }

    /// The value of `field`.
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Name => &self.name,
        }
    }

    fn set(&mut self, field: Field, value: &str) {
        match field {
            Field::Name => value.clone_into(&mut self.name),
        }
    }
}

/// Who changed a field since the edit started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nobody.
    Unchanged,
    /// Only the admin.
    OnlyMine,
    /// Only someone else.
    OnlyTheirs,
    /// Both, to the same value.
    BothSame,
    /// Both, to different values.
    Clash,
}

impl Change {
    /// How `base` became `mine` and `theirs`.
    pub fn of(base: &str, mine: &str, theirs: &str) -> Self {
        match (mine != base, theirs != base) {
            (false, false) => Change::Unchanged,
            (true, false) => Change::OnlyMine,
            (false, true) => Change::OnlyTheirs,
            (true, true) if mine == theirs => Change::BothSame,
            (true, true) => Change::Clash,
        }
    }
}

/// One field of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMerge {
    /// Which field.
    pub field: Field,
    /// The value the edit started from.
    pub base: String,
    /// The admin's value.
    pub mine: String,
    /// The server's value now.
    pub theirs: String,
    /// Who changed it.
    pub change: Change,
}

/// Every editable field of `base`, `mine` and `theirs`, in form order.
pub fn merge(base: &Token, mine: &Edits, theirs: &Token) -> Vec<FieldMerge> {
    let (base, theirs) = (Edits::of(base), Edits::of(theirs));
    Field::ALL
        .iter()
        .map(|&field| {
            let (b, m, t) = (base.get(field), mine.get(field), theirs.get(field));
            FieldMerge {
                field,
                base: b.to_owned(),
                mine: m.to_owned(),
                theirs: t.to_owned(),
                change: Change::of(b, m, t),
            }
        })
        .collect()
}

/// The fields both sides changed to different values.
pub fn clashes(merged: &[FieldMerge]) -> Vec<Field> {
    merged
        .iter()
        .filter(|m| m.change == Change::Clash)
        .map(|m| m.field)
        .collect()
}

/// "Keep mine": the admin's value for every field they changed, the server's for the
/// rest, locked to the server's current version. Never carries a value.
pub fn keep_mine(base: &Token, mine: &Edits, theirs: &Token) -> TokenDraft {
    let mut kept = Edits::of(theirs);
    for m in merge(base, mine, theirs) {
        if matches!(
            m.change,
            Change::OnlyMine | Change::BothSame | Change::Clash
        ) {
            kept.set(m.field, &m.mine);
        }
    }
    TokenDraft::update(kept.name, version_of(theirs))
}

/// "Take theirs": the form's new values, the server copy's.
pub fn take_theirs(theirs: &Token) -> Edits {
    Edits::of(theirs)
}

/// The token's `metadata.version`.
pub fn version_of(token: &Token) -> Option<u64> {
    token.metadata.as_ref().and_then(|m| m.version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ai_client::Metadata;

    fn token(name: &str, version: u64) -> Token {
        Token {
            id: "t".into(),
            name: Some(name.into()),
            metadata: Some(Metadata {
                version: Some(version),
                ..Metadata::default()
            }),
        }
    }

    fn mine(name: &str) -> Edits {
        Edits { name: name.into() }
    }

    #[test]
    fn classifies_each_side() {
        assert_eq!(Change::of("a", "a", "a"), Change::Unchanged);
        assert_eq!(Change::of("a", "b", "a"), Change::OnlyMine);
        assert_eq!(Change::of("a", "a", "c"), Change::OnlyTheirs);
        assert_eq!(Change::of("a", "b", "b"), Change::BothSame);
        assert_eq!(Change::of("a", "b", "c"), Change::Clash);
    }

    #[test]
    fn name_clash_is_reported() {
        let merged = merge(&token("Old", 3), &mine("Mine"), &token("Theirs", 4));
        assert_eq!(
            merged,
            vec![FieldMerge {
                field: Field::Name,
                base: "Old".into(),
                mine: "Mine".into(),
                theirs: "Theirs".into(),
                change: Change::Clash,
            }]
        );
        assert_eq!(clashes(&merged), vec![Field::Name]);
        let same = merge(&token("Old", 3), &mine("New"), &token("New", 4));
        assert!(clashes(&same).is_empty());
        assert_eq!(same[0].change, Change::BothSame);
    }

    #[test]
    fn missing_name_is_empty() {
        let mut bare = token("", 1);
        bare.name = None;
        assert_eq!(Edits::of(&bare), mine(""));
        assert_eq!(
            merge(&bare, &mine(""), &token("", 2))[0].change,
            Change::Unchanged
        );
    }

    #[test]
    fn keep_mine_sends_my_name_and_their_version_without_a_value() {
        let draft = keep_mine(&token("Old", 3), &mine("Mine"), &token("Theirs", 7));
        assert_eq!(draft.name, "Mine");
        assert_eq!(draft.version, Some(7));
        assert!(draft.value.is_none());
        assert_eq!(
            serde_json::to_value(&draft).unwrap(),
            serde_json::json!({"name": "Mine", "metadata": {"version": 7}})
        );
    }

    #[test]
    fn keep_mine_keeps_fields_only_they_changed() {
        let draft = keep_mine(&token("Old", 3), &mine("Old"), &token("Theirs", 4));
        assert_eq!(draft.name, "Theirs");
        assert_eq!(draft.version, Some(4));
    }

    #[test]
    fn take_theirs_is_the_server_copy() {
        assert_eq!(take_theirs(&token("Theirs", 4)), mine("Theirs"));
        assert_eq!(version_of(&token("x", 9)), Some(9));
        let mut unversioned = token("x", 1);
        unversioned.metadata = None;
        assert_eq!(version_of(&unversioned), None);
    }
}
