//! Bulk delete bookkeeping: what each DELETE came to, which ones to retry, and a summary.

use crate::i18n::t;
use crate::ui::ApiErrorText;
use ai_client::ApiError;

/// What one DELETE (without force) came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteResult {
    /// Gone (including "was already gone": a 404).
    Deleted,
    /// Still used by an agent, tool, MCP server or OAuth configuration; the API's explanation.
    NeedsForce(String),
    /// The session may not delete it.
    Forbidden,
    /// Anything else (network, server, …); a sentence for the admin. Worth a retry.
    Failed(String),
}

impl DeleteResult {
    /// Sorts the answer to `DELETE …/tokens/{id}` into one of the outcomes.
    pub fn classify(result: &Result<(), ApiError>) -> Self {
        match result {
            Ok(()) | Err(ApiError::NotFound { .. }) => DeleteResult::Deleted,
            Err(e @ ApiError::ForceRequired { .. }) => DeleteResult::NeedsForce(e.user_message()),
            Err(ApiError::Forbidden { .. }) => DeleteResult::Forbidden,
            Err(e) => DeleteResult::Failed(e.user_message()),
        }
    }

    /// The outcome in a few English words: `deleted`, `needs force`, `forbidden`, `failed`
    /// (also a CSS class; shown through `i18n::t`).
    pub fn label(&self) -> &'static str {
        match self {
            DeleteResult::Deleted => "deleted",
            DeleteResult::NeedsForce(_) => "needs force",
            DeleteResult::Forbidden => "forbidden",
            DeleteResult::Failed(_) => "failed",
        }
    }

    /// The explanation that goes with the label, if any.
    pub fn message(&self) -> Option<&str> {
        match self {
            DeleteResult::NeedsForce(m) | DeleteResult::Failed(m) => Some(m),
            DeleteResult::Deleted | DeleteResult::Forbidden => None,
        }
    }

    /// Whether trying again may help (only [`DeleteResult::Failed`]).
    pub fn is_failed(&self) -> bool {
        matches!(self, DeleteResult::Failed(_))
    }
}

/// One token of a bulk delete and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkItem {
    /// The token id.
    pub id: String,
    /// What its DELETE came to.
    pub result: DeleteResult,
}

impl BulkItem {
    /// Whether the token is still in use (its users are worth showing).
    pub fn needs_force(&self) -> bool {
        matches!(self.result, DeleteResult::NeedsForce(_))
    }
}

/// The ids whose DELETE failed, in order: what "Retry failed" sends again.
pub fn failed_ids(items: &[BulkItem]) -> Vec<String> {
    items
        .iter()
        .filter(|item| item.result.is_failed())
        .map(|item| item.id.clone())
        .collect()
}

/// `items` with the outcomes in `newer` put in place of earlier ones for the same id, and
/// the rest of `newer` appended.
pub fn merge(items: &[BulkItem], newer: &[BulkItem]) -> Vec<BulkItem> {
    let replaced = items
        .iter()
        .map(|item| newer.iter().find(|n| n.id == item.id).unwrap_or(item));
    let added = newer
        .iter()
        .filter(|n| !items.iter().any(|item| item.id == n.id));
    replaced.chain(added).cloned().collect()
}

/// E.g. "3 deleted, 1 needs force, 1 failed": each outcome that occurred, with its count
/// (in the current language).
pub fn summary(items: &[BulkItem]) -> String {
    ["deleted", "needs force", "forbidden", "failed"]
        .into_iter()
        .filter_map(|label| {
            let count = items.iter().filter(|i| i.result.label() == label).count();
            (count > 0).then(|| format!("{count} {}", t(label)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, result: DeleteResult) -> BulkItem {
        BulkItem {
            id: id.into(),
            result,
        }
    }

    #[test]
    fn classifies_each_answer() {
        assert_eq!(DeleteResult::classify(&Ok(())), DeleteResult::Deleted);
        assert_eq!(
            DeleteResult::classify(&Err(ApiError::NotFound { message: None })),
            DeleteResult::Deleted
        );
        let force = DeleteResult::classify(&Err(ApiError::ForceRequired {
            status: 400,
            message: Some("Used by agent a.".into()),
        }));
        assert_eq!(
            force,
            DeleteResult::NeedsForce("This token is still in use. Used by agent a.".into())
        );
        assert_eq!(force.label(), "needs force");
        assert_eq!(
            DeleteResult::classify(&Err(ApiError::Forbidden { message: None })),
            DeleteResult::Forbidden
        );
        let failed = DeleteResult::classify(&Err(ApiError::Server {
            status: 503,
            message: None,
        }));
        assert!(failed.is_failed());
        assert!(failed.message().unwrap().contains("HTTP 503"));
        assert!(!DeleteResult::Forbidden.is_failed());
        assert_eq!(DeleteResult::Deleted.message(), None);
    }

    #[test]
    fn summary_counts_each_outcome_in_a_fixed_order() {
        let items = [
            item("a", DeleteResult::Failed("x".into())),
            item("b", DeleteResult::Deleted),
            item("c", DeleteResult::NeedsForce("y".into())),
            item("d", DeleteResult::Deleted),
            item("e", DeleteResult::Deleted),
        ];
        assert_eq!(summary(&items), "3 deleted, 1 needs force, 1 failed");
        assert_eq!(
            summary(&[item("f", DeleteResult::Forbidden)]),
            "1 forbidden"
        );
        assert_eq!(summary(&[]), "");
    }

    #[test]
    fn retry_takes_only_the_failed_and_merges_in_place() {
        let items = vec![
            item("a", DeleteResult::Failed("x".into())),
            item("b", DeleteResult::Deleted),
            item("c", DeleteResult::Forbidden),
            item("d", DeleteResult::Failed("z".into())),
        ];
        assert_eq!(failed_ids(&items), ["a", "d"]);
        let merged = merge(&items, &[item("d", DeleteResult::Deleted)]);
        assert_eq!(merged[3].result, DeleteResult::Deleted);
        assert_eq!(merged[..3], items[..3]);
        assert_eq!(failed_ids(&merged), ["a"]);
        let first_run = merge(&[], &items);
        assert_eq!(first_run, items);
        let appended = merge(&items[..1], &[item("e", DeleteResult::Forbidden)]);
        assert_eq!(appended.len(), 2);
        assert_eq!(appended[1].id, "e");
    }
}
