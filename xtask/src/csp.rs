//! The Content-Security-Policy written into `dist/index.html` after Trunk builds it: scripts
//! only from the app's origin plus Trunk's inline loader by its SHA-256 hash, WebAssembly
//! compilation, styles and images from the origin, and requests only to the origin and the
//! configured API origins.
//!
//! `frame-ancestors` cannot be set from a `<meta>` element (browsers ignore it there and
//! warn), so the server sends it as a header; the emulator does, and the README's deploy
//! section says how.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The API origin the app may call when none is given: the Emporix API.
pub const DEFAULT_API_ORIGIN: &str = "https://api.emporix.io";

/// The policy for a page whose inline scripts are `inline_scripts`.
pub fn policy(inline_scripts: &[&str], api_origins: &[String]) -> String {
    let hashes: Vec<String> = inline_scripts
        .iter()
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let mut connect = vec!["'self'".to_owned()];
    connect.extend(api_origins.iter().cloned());
    [
        "default-src 'none'".to_owned(),
        format!("script-src 'self' 'wasm-unsafe-eval' {}", hashes.join(" ")),
        "style-src 'self'".to_owned(),
        "img-src 'self' data:".to_owned(),
        format!("connect-src {}", connect.join(" ")),
        "base-uri 'none'".to_owned(),
        "form-action 'none'".to_owned(),
    ]
    .join("; ")
}

/// The bodies of the inline `<script>` elements of `html` (those without `src`).
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut bodies = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let Some(close) = after.find("</script>") else {
            break;
        };
        if !after[..open_end].contains(" src=") {
            bodies.push(&after[open_end + 1..close]);
        }
        rest = &after[close + "</script>".len()..];
    }
    bodies
}

/// `html` with the policy in `<head>`, after the charset declaration and before any script or
/// link; an existing policy is replaced.
pub fn apply(html: &str, api_origins: &[String]) -> Result<String, String> {
    let without = remove_existing(html);
    let policy = policy(&inline_scripts(&without), api_origins);
    let head = without.find("<head>").ok_or("index.html has no <head>")? + "<head>".len();
    let head = without[head..]
        .find("<meta charset")
        .and_then(|at| {
            without[head + at..]
                .find('>')
                .map(|end| head + at + end + 1)
        })
        .unwrap_or(head);
    Ok(format!(
        "{}\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />{}",
        &without[..head],
        &without[head..]
    ))
}

fn remove_existing(html: &str) -> String {
    const MARK: &str = "<meta http-equiv=\"Content-Security-Policy\"";
    let Some(start) = html.find(MARK) else {
        return html.to_owned();
    };
    let end = html[start..]
        .find("/>")
        .map_or(html.len(), |e| start + e + 2);
    let line_start = html[..start].trim_end_matches([' ', '\n']).len();
    format!("{}{}", &html[..line_start], &html[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><meta charset=\"utf-8\" /><title>t</title>\n<script type=\"module\">import init from '/a.js';</script>\
        <script src=\"/b.js\"></script></head><body></body></html>";

    #[test]
    fn hashes_only_inline_scripts() {
        assert_eq!(inline_scripts(PAGE), vec!["import init from '/a.js';"]);
        let digest = Sha256::digest("import init from '/a.js';");
        let expected = base64::engine::general_purpose::STANDARD.encode(digest);
        let policy = policy(&inline_scripts(PAGE), &[]);
        assert!(policy.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}'"
        )));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn connect_src_lists_self_and_the_api_origins() {
        let policy = policy(&[], &["https://api.emporix.io".into()]);
        assert!(policy.contains("connect-src 'self' https://api.emporix.io;"));
        assert!(policy.starts_with("default-src 'none';"));
    }

    #[test]
    fn apply_puts_the_policy_first_in_head_and_replaces_an_old_one() {
        let once = apply(PAGE, &[]).unwrap();
        assert!(once.starts_with(
            "<html><head><meta charset=\"utf-8\" />\n    <meta http-equiv=\"Content-Security-Policy\""
        ));
        let twice = apply(&once, &["https://x.example".into()]).unwrap();
        assert_eq!(twice.matches("Content-Security-Policy").count(), 1);
        assert!(twice.contains("https://x.example"));
    }
}
