//! Web origins given on the command line (`dist --api-origin`): they are written into the
//! Content-Security-Policy, so anything but `scheme://host[:port]` is refused, lest a `;`,
//! a space or a wildcard add a directive or a source.

use std::net::Ipv6Addr;

/// `text` as a canonical origin (`http` or `https`, a DNS name, an IPv4 address or a
/// bracketed IPv6 address, an optional port; lower case, no trailing `/`), or why not.
pub fn parse(text: &str) -> Result<String, String> {
    let refuse = |why: &str| Err(format!("`{text}` is not an origin ({why})"));
    let Some((scheme, rest)) = text.split_once("://") else {
        return refuse("expected http://HOST[:PORT] or https://HOST[:PORT]");
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return refuse("the scheme must be http or https");
    }
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = split_port(authority);
    let host = host.to_ascii_lowercase();
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(ip) => ip.parse::<Ipv6Addr>().is_ok(),
        None => is_dns_name(&host),
    };
    if !host_ok {
        return refuse("a host name, an IP address or [IPv6] only, without path or query");
    }
    match port {
        None => Ok(format!("{scheme}://{host}")),
        Some(port)
            if port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u16>().is_ok_and(|p| p > 0) =>
        {
            Ok(format!("{scheme}://{host}:{port}"))
        }
        Some(_) => refuse("the port must be a number from 1 to 65535"),
    }
}

/// `host` and the port after its last `:` (outside IPv6 brackets), if any.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    let after_brackets = authority.rfind(']').map_or(0, |at| at + 1);
    match authority[after_brackets..].rfind(':') {
        Some(at) => (
            &authority[..after_brackets + at],
            Some(&authority[after_brackets + at + 1..]),
        ),
        None => (authority, None),
    }
}

/// Dot-separated labels of letters, digits and inner hyphens (IPv4 addresses are such names).
fn is_dns_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_accepted_in_canonical_form() {
        for (given, canonical) in [
            ("https://api.emporix.io", "https://api.emporix.io"),
            ("https://API.Emporix.io/", "https://api.emporix.io"),
            ("HTTP://127.0.0.1:8787", "http://127.0.0.1:8787"),
            ("http://localhost:1", "http://localhost:1"),
            ("http://[::1]:8787", "http://[::1]:8787"),
            ("https://[2001:db8::1]", "https://[2001:db8::1]"),
        ] {
            assert_eq!(parse(given).as_deref(), Ok(canonical), "{given}");
        }
    }

    #[test]
    fn anything_that_could_widen_the_policy_is_refused() {
        for bad in [
            "https://api.emporix.io; script-src *",
            "https://api.emporix.io https://evil.example",
            "https://*.emporix.io",
            "https://*",
            "https:",
            "https://",
            "ftp://files.example",
            "javascript://x",
            "api.emporix.io",
            "https://api.emporix.io/path",
            "https://api.emporix.io?q=1",
            "https://api.emporix.io#x",
            "https://user@api.emporix.io",
            "https://api.emporix.io:0",
            "https://api.emporix.io:65536",
            "https://api.emporix.io:+80",
            "https://api.emporix.io:",
            "https://-bad.example",
            "https://a..b",
            "https://[::1",
            "https://[nothing]",
            "https://'self'",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
