//! The one error of reading `q` and `sort`, shared by the SQL filter, the document filter
//! and the text scan.

use std::fmt;

/// Why a query or sort cannot be used: a sentence for the API user (400 response).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError(pub String);

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FilterError {}
