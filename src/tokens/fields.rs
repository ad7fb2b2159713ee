//! The token fields a row asks for, in the list's table and in an export: what both show,
//! and never `value`. A module of its own so that the bench's Leptos floor (`e2e/floor/`)
//! sends the very same list request.

/// The token fields of a list or export row.
pub const ROW_FIELDS: &[&str] = &[
    "id",
    "name",
    "metadata.createdAt",
    "metadata.modifiedAt",
    "metadata.version",
];
