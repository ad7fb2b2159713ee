//! Replacing a token without breaking its users: create the new token, re-point every
//! chosen agent, tool, MCP server and OAuth configuration to it, then delete the old one.
//! Resumable: the progress (ids only) is kept in the tab's `sessionStorage`.

mod naming;
mod new_token;
mod outcomes;
mod page;
pub mod progress;

pub use page::{replace_href, ReplaceTokenPage, ReplacementNotice};
