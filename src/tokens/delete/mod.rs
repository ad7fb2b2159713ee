//! Deleting tokens: one (with the guarded force path) or a selection, with outcomes.

mod bulk;
pub mod bulk_outcome;
pub mod selection;
mod single;

pub use bulk::BulkDelete;
pub use single::{DeleteOutcome, DeleteTokenFlow};
