//! The CSV reader the tests check exported files with. Test code only: shared by the app's
//! unit tests, its browser tests and the end-to-end journeys (each includes this file), so
//! none of them needs the app's production code for it.

/// Reads an exported CSV file back into records of fields (RFC 4180, CRLF line ends, an
/// optional BOM): what a spreadsheet sees.
pub fn read(file: &str) -> Result<Vec<Vec<String>>, String> {
    let body = file.strip_prefix('\u{FEFF}').unwrap_or(file);
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = body.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.next_if_eq(&'\n').is_some() => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\r' | '\n') => {
                return Err("a line break outside quotes that is not CRLF".into())
            }
            (false, c) => field.push(c),
        }
    }
    if quoted || !record.is_empty() || !field.is_empty() {
        return Err("the file does not end with CRLF after a complete record".into());
    }
    Ok(records)
}
