//! The token list: search, sort, pages and the "Unused tokens" filter in the address, the
//! table with inline rename, selection and who uses each token, and the pager.

mod page;
mod rename;
mod search_box;
mod table;
mod table_keys;
mod unused;
mod used_by;

pub use page::TokensPage;
pub use search_box::{SearchBox, SEARCH_FIELD_ID};
pub use table::{token_href, token_path, InlineRename, TokenTable};
