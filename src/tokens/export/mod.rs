//! Exporting the token list's current search — every matching token, all pages — as a CSV
//! or JSON file, with the agents, tools, MCP servers and OAuth configurations that use each
//! token. Token values are never requested and never written: the export asks only for
//! [`FIELDS`], and its rows have no place for a value.
//!
//! Pure and tested natively: [`collect`] (paging until the search is exhausted), [`rows`]
//! (joining the users in memory), [`csv`], [`json`] and [`file_name`]. Only
//! [`fetch`] (the requests) and [`download`] (the Blob and the click) touch the browser.

pub mod collect;
pub mod csv;
mod dialog;
pub mod download;
pub mod fetch;
pub mod json;
pub mod rows;

pub use collect::{Collected, EXPORT_PAGE_SIZE, FIELDS};
pub use dialog::ExportTokens;
pub use rows::{join, ExportRow};

/// The file formats offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// RFC 4180 CSV for spreadsheets (UTF-8 with BOM, CRLF, formulas neutralised).
    #[default]
    Csv,
    /// A pretty-printed JSON array, for scripts.
    Json,
}

impl Format {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The media type the Blob is given.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv;charset=utf-8",
            Format::Json => "application/json;charset=utf-8",
        }
    }

    /// The file's text for `rows`.
    pub fn write(self, rows: &[ExportRow]) -> String {
        match self {
            Format::Csv => csv::write(rows),
            Format::Json => json::write(rows),
        }
    }
}

/// A local date and time, to the minute, for the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// E.g. 2025.
    pub year: u32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// 0–23.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
}

/// `tokens-<tenant>-<YYYYMMDD-HHMM>.<ext>`. Characters of the tenant other than ASCII
/// letters, digits, `-` and `_` become `_`, so the name is safe on every file system.
pub fn file_name(tenant: &str, at: Stamp, format: Format) -> String {
    let tenant: String = tenant
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let tenant = if tenant.is_empty() { "tenant" } else { &tenant };
    format!(
        "tokens-{tenant}-{:04}{:02}{:02}-{:02}{:02}.{}",
        at.year,
        at.month,
        at.day,
        at.hour,
        at.minute,
        format.extension()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: Stamp = Stamp {
        year: 2025,
        month: 3,
        day: 7,
        hour: 9,
        minute: 5,
    };

    #[test]
    fn file_names_carry_tenant_date_and_time() {
        assert_eq!(
            file_name("demo", AT, Format::Csv),
            "tokens-demo-20250307-0905.csv"
        );
        assert_eq!(
            file_name("my-shop_2", AT, Format::Json),
            "tokens-my-shop_2-20250307-0905.json"
        );
    }

    #[test]
    fn file_names_never_carry_path_or_odd_characters() {
        assert_eq!(
            file_name("../etc/pässwd", AT, Format::Csv),
            "tokens-___etc_p_sswd-20250307-0905.csv"
        );
        assert_eq!(
            file_name("", AT, Format::Csv),
            "tokens-tenant-20250307-0905.csv"
        );
    }

    #[test]
    fn formats_name_their_files() {
        assert_eq!(Format::Csv.extension(), "csv");
        assert_eq!(Format::Json.media_type(), "application/json;charset=utf-8");
        assert!(Format::Csv.media_type().starts_with("text/csv"));
    }
}
