//! How the replace flow and the force-delete summary name one user of a token.

use leptos::prelude::*;

use super::progress::UserRef;
use crate::tokens::users::{field_kinds_text, kind_label};
use crate::ui::ShownText;

/// "Agent `support` (Support bot) — LLM token" in an element with the id `label_id`, which
/// the user's buttons and links are described by.
pub fn user_label(user: &UserRef, label_id: String) -> impl IntoView {
    let fields = field_kinds_text(user.fields.iter().copied());
    let name = user
        .name
        .clone()
        .filter(|n| *n != user.id)
        .map(|n| view! { " (" <ShownText text=n /> ")" });
    view! {
        <span id=label_id>
            {kind_label(user.kind)} " " <code><ShownText text=user.id.clone() /></code>
            {name} {format!(" — {fields}")}
        </span>
    }
}

/// An element id for the label of the user `key` (`agents/support`).
pub fn label_id(prefix: &str, key: &str) -> String {
    let safe: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{safe}")
}
