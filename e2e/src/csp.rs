//! The Content-Security-Policy as a set of directives, compared with the exact policy the
//! build must have: a substring check would pass `script-src … https:`, `connect-src *` or
//! a missing `default-src`.

use std::collections::BTreeMap;

use base64::Engine;
use sha2::{Digest, Sha256};

/// The API origins `cargo xtask e2e` builds the app for (`cargo xtask dist`'s default).
pub const BUILD_API_ORIGINS: [&str; 1] = ["https://api.emporix.io"];

/// Directive name → its sources, sorted.
pub type Policy = BTreeMap<String, Vec<String>>;

/// Parses `text` as a browser does: `;`-separated directives, names case-insensitive; a
/// repeated directive is an error, since browsers ignore all but the first.
pub fn parse(text: &str) -> Result<Policy, String> {
    let mut policy = Policy::new();
    for directive in text.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = directive.split_ascii_whitespace();
        let name = words.next().unwrap_or_default().to_ascii_lowercase();
        let mut sources: Vec<String> = words.map(str::to_owned).collect();
        sources.sort();
        if policy.insert(name.clone(), sources).is_some() {
            return Err(format!("{name} is given twice"));
        }
    }
    Ok(policy)
}

/// The policy the page must have, given the bodies of its inline scripts and the API
/// origins of the build.
pub fn expected(inline_scripts: &[String], api_origins: &[&str]) -> Policy {
    let hashes = inline_scripts.iter().map(|body| {
        let digest = Sha256::digest(body.as_bytes());
        let hash = base64::engine::general_purpose::STANDARD.encode(digest);
        format!("'sha256-{hash}'")
    });
    let mut script = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    script.extend(hashes);
    let mut connect = vec!["'self'".to_owned()];
    connect.extend(api_origins.iter().map(|o| (*o).to_owned()));
    let directives = [
        ("default-src", vec!["'none'".to_owned()]),
        ("script-src", script),
        ("style-src", vec!["'self'".to_owned()]),
        ("img-src", vec!["'self'".to_owned(), "data:".to_owned()]),
        ("connect-src", connect),
        ("base-uri", vec!["'none'".to_owned()]),
        ("form-action", vec!["'none'".to_owned()]),
    ];
    directives
        .into_iter()
        .map(|(name, mut sources)| {
            sources.sort();
            (name.to_owned(), sources)
        })
        .collect()
}

/// How `actual` differs from `expected`, one line per directive; empty when they are equal.
pub fn differences(actual: &str, expected: &Policy) -> Vec<String> {
    let actual = match parse(actual) {
        Ok(policy) => policy,
        Err(e) => return vec![e],
    };
    let names: std::collections::BTreeSet<&String> = actual.keys().chain(expected.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| match (actual.get(name), expected.get(name)) {
            (Some(a), Some(e)) if a == e => None,
            (Some(a), Some(e)) => Some(format!(
                "{name}: {} instead of {}",
                a.join(" "),
                e.join(" ")
            )),
            (Some(_), None) => Some(format!("{name} is not expected")),
            (None, _) => Some(format!("{name} is missing")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict() -> (Policy, String) {
        let expected = expected(&["init()".into()], &BUILD_API_ORIGINS);
        let text = expected
            .iter()
            .map(|(name, sources)| format!("{name} {}", sources.join(" ")))
            .collect::<Vec<_>>()
            .join("; ");
        (expected, text)
    }

    #[test]
    fn the_exact_policy_passes_in_any_order_and_case() {
        let (expected, text) = strict();
        assert_eq!(differences(&text, &expected), Vec::<String>::new());
        let mut reordered: Vec<&str> = text.split("; ").collect();
        reordered.reverse();
        let shouted = reordered.join(" ;  ").replace("default-src", "DEFAULT-SRC");
        assert_eq!(differences(&shouted, &expected), Vec::<String>::new());
    }

    #[test]
    fn every_loosening_fails() {
        let (expected, text) = strict();
        let script = text
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        let connect = text
            .split("; ")
            .find(|d| d.starts_with("connect-src"))
            .unwrap();
        let without = |name: &str| {
            text.split("; ")
                .filter(|d| !d.starts_with(name))
                .collect::<Vec<_>>()
                .join("; ")
        };
        for (loosened, policy) in [
            (
                "script-src https:",
                text.replace(script, &format!("{script} https:")),
            ),
            (
                "script-src 'unsafe-inline'",
                text.replace(script, &format!("{script} 'unsafe-inline'")),
            ),
            (
                "connect-src *",
                text.replace(connect, "connect-src 'self' *"),
            ),
            (
                "connect-src without the API",
                text.replace(connect, "connect-src 'self'"),
            ),
            ("no default-src", without("default-src")),
            ("no base-uri", without("base-uri")),
            ("no form-action", without("form-action")),
            ("an extra directive", format!("{text}; worker-src *")),
            ("a repeated directive", format!("{text}; script-src *")),
        ] {
            assert!(
                !differences(&policy, &expected).is_empty(),
                "{loosened}: {policy}"
            );
        }
    }
}
