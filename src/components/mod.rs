//! Presentational building blocks for the pages: props in, callbacks out; no fetching and
//! no router, so each can be mounted and tested on its own.

mod format;
mod pager;
mod search_box;
mod status;
mod token_table;

pub use pager::Pager;
pub use search_box::SearchBox;
pub use status::{EmptyState, ErrorPanel, LiveRegion};
pub use token_table::{token_href, TokenTable};

use std::sync::atomic::{AtomicU32, Ordering};

/// A document-unique element id starting with `prefix`, for `for`/`aria-describedby` pairs.
fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
