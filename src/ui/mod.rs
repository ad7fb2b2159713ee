//! Generic building blocks: presentational (props in, callbacks out, no fetching, no
//! router), so each can be mounted and tested on its own. Nothing here knows a feature;
//! features import from here, never the other way round.

mod api_messages;
pub mod clock;
mod copy_button;
mod dialog;
mod field;
mod format;
mod keyed_items;
mod pager;
mod relative_time;
mod secret_input;
mod shown_text;
mod status;
pub mod unsaved_guard;
pub mod visible_text;

pub use api_messages::ApiErrorText;
pub use clock::stop_clock;
pub use copy_button::CopyButton;
pub use dialog::Dialog;
pub use field::Field;
#[cfg(test)]
pub(crate) use format::relative_time_texts;
pub use format::{parse_instant, thousands};
pub use keyed_items::{item_memo, keyed_items};
pub use pager::Pager;
pub use relative_time::{timestamp, timestamps};
pub use secret_input::{SecretInput, SecretText};
pub use shown_text::{fixed_shown_text, ShownText};
pub use status::{EmptyState, ErrorPanel, LiveRegion};

use std::sync::atomic::{AtomicU32, Ordering};

/// A document-unique element id starting with `prefix`, for `for`/`aria-describedby` pairs.
pub(crate) fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
