//! Records kept per token in this tab's `sessionStorage`, as JSON under a prefix and the
//! token's id, so that a reload, a sign-in-again dialog or a later visit carries on.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::platform::storage::{tab_store, tab_stored};

/// A record about one token that this tab keeps: ids, names and outcomes, never a value.
pub trait KeptInTab: Serialize + DeserializeOwned {
    /// The `sessionStorage` key prefix; the token's id follows it.
    const PREFIX: &'static str;

    /// The token the record is about.
    fn token_id(&self) -> &str;

    /// The storage key of the record about `token_id`.
    fn key(token_id: &str) -> String {
        format!("{}{token_id}", Self::PREFIX)
    }

    /// The kept record about `token_id`, if there is one that reads as `Self`.
    fn load(token_id: &str) -> Option<Self> {
        read(&tab_stored(&Self::key(token_id))?)
    }

    /// Keeps this record, replacing an earlier one about the same token.
    fn save(&self) {
        tab_store(&Self::key(self.token_id()), Some(&write(self)));
    }

    /// Forgets the record about `token_id`.
    fn forget(token_id: &str) {
        tab_store(&Self::key(token_id), None);
    }
}

pub(super) fn read<T: DeserializeOwned>(json: &str) -> Option<T> {
    serde_json::from_str(json).ok()
}

pub(super) fn write<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("ids, names and outcomes always serialise")
}
