//! Replacing a token without breaking its users: create the new token, re-point every
//! chosen agent, tool, MCP server and OAuth configuration to it, then delete the old one.
//! Resumable: the progress (ids and outcomes, never the value) is kept in the tab's
//! `sessionStorage`. After a force delete, the same re-point step takes each user that
//! lost the token to another one.

mod kept;
mod naming;
mod new_token;
mod outcomes;
mod page;
mod progress;
mod summary;
mod unassigned;
mod user_label;

pub use kept::KeptInTab;
pub use page::{replace_path, ReplaceTokenPage, ReplacementNotice};
pub use summary::{ForceDeleteSummary, PointUserPage};
pub use unassigned::Unassigned;
