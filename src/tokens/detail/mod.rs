//! A token's page: its facts, who uses it, rename with optimistic locking and the
//! three-way conflict view, and delete.

mod conflict_view;
pub mod merge;
mod page;
mod rename_form;
mod staleness;
mod used_by;

pub use conflict_view::ConflictView;
pub use page::TokenDetailPage;
pub use used_by::UsageView;
