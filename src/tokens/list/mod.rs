//! The token list: search, sort and pages in the address, the table with inline rename
//! and selection, and the pager.

mod page;
mod rename;
mod search_box;
mod table;
mod table_keys;

pub use page::TokensPage;
pub use search_box::{SearchBox, SEARCH_FIELD_ID};
pub use table::{token_href, InlineRename, TokenTable};
