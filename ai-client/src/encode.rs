//! Percent-encoding for URL path segments, query components and form bodies, and the
//! matching decoder for query strings.

use std::fmt::Write;

/// Encodes every byte except the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`),
/// so the result is safe as a path segment or a query-string name or value.
pub fn percent_encode(text: &str) -> String {
    encode(text, false)
}

/// Encodes for `application/x-www-form-urlencoded`: a space becomes `+`, and everything
/// except ASCII letters, digits and `*-._` is percent-encoded.
pub fn form_encode(text: &str) -> String {
    encode(text, true)
}

fn encode(text: &str, form: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => out.push(byte as char),
            b'~' if !form => out.push('~'),
            b'*' if form => out.push('*'),
            b' ' if form => out.push('+'),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// Decodes a query-string name or value: `+` is a space, `%XX` a byte; a `%` not followed
/// by two hex digits stays as it is, and invalid UTF-8 becomes U+FFFD.
pub fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
                if let (Some(hi), Some(lo)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encode_keeps_only_unreserved() {
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(
            percent_encode("a b/c?d#e&f=g+h%"),
            "a%20b%2Fc%3Fd%23e%26f%3Dg%2Bh%25"
        );
        assert_eq!(percent_encode("ä€😀"), "%C3%A4%E2%82%AC%F0%9F%98%80");
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn form_encode_uses_plus_for_space() {
        assert_eq!(form_encode("a b*c~d"), "a+b*c%7Ed");
        assert_eq!(form_encode("s3cr+t&x=y"), "s3cr%2Bt%26x%3Dy");
    }

    #[test]
    fn form_decode_reverses_both_encoders() {
        for text in ["", "plain", "a b+c&d=e%f", "ä€😀 \u{0} \n", "100%", "%zz"] {
            assert_eq!(form_decode(&percent_encode(text)), text, "{text:?}");
            assert_eq!(form_decode(&form_encode(text)), text, "{text:?}");
        }
    }

    #[test]
    fn form_decode_is_tolerant() {
        assert_eq!(form_decode("a+b"), "a b");
        assert_eq!(form_decode("100%"), "100%");
        assert_eq!(form_decode("%4"), "%4");
        assert_eq!(form_decode("%g1x"), "%g1x");
        assert_eq!(form_decode("%e2%82%ac"), "€");
        assert_eq!(form_decode("%FF"), "\u{FFFD}");
    }
}
