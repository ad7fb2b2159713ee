//! Building blocks for the pages. Most are presentational (props in, callbacks out, no
//! fetching, no router) so each can be mounted and tested on its own; the delete flows
//! (`DeleteTokenFlow`, `BulkDelete`) call the API through the session in context.

mod conflict_view;
mod delete_flow;
mod dialog;
mod field;
mod format;
mod pager;
mod search_box;
mod secret_input;
mod shown_text;
mod status;
mod token_table;

pub use conflict_view::ConflictView;
pub use delete_flow::{BulkDelete, DeleteOutcome, DeleteTokenFlow};
pub use dialog::Dialog;
pub use field::Field;
pub use format::compact_timestamp;
pub use pager::Pager;
pub use search_box::SearchBox;
pub use secret_input::{SecretInput, SecretText};
pub use shown_text::ShownText;
pub use status::{EmptyState, ErrorPanel, LiveRegion};
pub use token_table::{token_href, InlineRename, TokenTable};

use std::sync::atomic::{AtomicU32, Ordering};

/// A document-unique element id starting with `prefix`, for `for`/`aria-describedby` pairs.
pub(crate) fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
