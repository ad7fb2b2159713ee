//! The ways a piece of text may hold a secret in escaped form: decoded as HTML, as a
//! percent-encoded URL, as a form body and as a JSON string, one layer or two deep. A scan
//! that looks for the secret in each reading finds `a&amp;b`, `a%26b` and `a\"b` as well.

/// One way of undoing an escaping.
type Decoder = fn(&str) -> String;

const DECODERS: [Decoder; 4] = [html, percent, form, json];

/// `text` as it is and under every decoder, and every pair of decoders.
pub fn readings(text: &str) -> Vec<String> {
    let mut all = vec![text.to_owned()];
    for first in DECODERS {
        let once = first(text);
        for second in DECODERS {
            all.push(second(&once));
        }
        all.push(once);
    }
    all.sort();
    all.dedup();
    all
}

/// HTML character references: the named ones serialisation writes, and numeric ones.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name.strip_prefix('#').and_then(|n| {
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `%XX` sequences as UTF-8 bytes.
fn percent(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `application/x-www-form-urlencoded`: `+` is a space, then percent-decoding.
fn form(text: &str) -> String {
    percent(&text.replace('+', " "))
}

/// JSON string escapes (`\"`, `\\`, `\/`, `\n`, `\uXXXX` with surrogate pairs).
fn json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut pending_high: Option<u32> = None;
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let Ok(code) = u32::from_str_radix(&hex, 16) else {
                    out.push_str("\\u");
                    out.push_str(&hex);
                    continue;
                };
                match (pending_high.take(), code) {
                    (None, 0xD800..=0xDBFF) => pending_high = Some(code),
                    (Some(high), 0xDC00..=0xDFFF) => out.extend(char::from_u32(
                        0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00),
                    )),
                    (_, code) => out.extend(char::from_u32(code)),
                }
            }
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "a &<\"+ b ü😀";

    fn found_in(text: &str) -> bool {
        readings(text).iter().any(|r| r.contains(SECRET))
    }

    #[test]
    fn every_usual_escaping_is_seen_through() {
        for escaped in [
            "x a &amp;&lt;&quot;+ b ü😀 y",
            "a &amp;<&quot;+ b ü😀",
            "a &#38;&#x3C;&#34;+ b &#252;😀",
            "?s=a%20%26%3C%22%2B%20b%20%C3%BC%F0%9F%98%80",
            "s=a+%26%3C%22%2B+b+%C3%BC%F0%9F%98%80",
            r#"{"s":"a &<\"+ b \u00fc\ud83d\ude00"}"#,
            // JSON inside a URL, and a URL inside HTML.
            "?j=%7B%22s%22%3A%22a%20%26%3C%5C%22%2B%20b%20%C3%BC%F0%9F%98%80%22%7D",
            "<a href=\"?s=a%20&amp;%3C%22%2B%20b%20%C3%BC%F0%9F%98%80\">",
        ] {
            assert!(found_in(escaped), "{escaped}");
        }
    }

    #[test]
    fn a_near_miss_is_not_a_sighting() {
        assert!(!found_in("a &<\"+ b u😀"));
        assert!(!found_in("a%20%26%3C%22%2B%20b"));
    }
}
