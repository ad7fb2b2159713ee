//! The fields the token list asks for: the table shows nothing else. A module of its own so
//! that the bench's Leptos floor (`e2e/floor/`) sends the very same list request.

/// The token fields of a list row.
pub const FIELDS: &[&str] = &[
    "id",
    "name",
    "metadata.createdAt",
    "metadata.modifiedAt",
    "metadata.version",
];
