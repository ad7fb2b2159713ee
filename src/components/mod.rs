//! Building blocks for the pages. Most are presentational (props in, callbacks out, no
//! fetching, no router) so each can be mounted and tested on its own; the delete flows
//! (`DeleteTokenFlow`, `BulkDelete`) and the export (`ExportTokens`) call the API through
//! the session in context.

mod conflict_view;
mod copy_button;
mod delete_flow;
mod dialog;
mod export_dialog;
mod field;
mod format;
mod keyed_items;
mod language_switch;
mod pager;
mod relative_time;
mod search_box;
mod secret_input;
mod shown_text;
mod status;
mod theme_switch;
mod token_table;

pub use conflict_view::ConflictView;
pub use copy_button::CopyButton;
pub use delete_flow::{BulkDelete, DeleteOutcome, DeleteTokenFlow};
pub use dialog::Dialog;
pub use export_dialog::ExportTokens;
pub use field::Field;
#[cfg(test)]
pub(crate) use format::relative_time_texts;
pub use format::thousands;
pub use language_switch::LanguageSwitch;
pub use pager::Pager;
pub use relative_time::timestamp;
pub use search_box::SearchBox;
pub use secret_input::{SecretInput, SecretText};
pub use shown_text::ShownText;
pub use status::{EmptyState, ErrorPanel, LiveRegion};
pub use theme_switch::ThemeSwitch;
pub use token_table::{token_href, InlineRename, TokenTable};

use std::sync::atomic::{AtomicU32, Ordering};

/// A document-unique element id starting with `prefix`, for `for`/`aria-describedby` pairs.
pub(crate) fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
