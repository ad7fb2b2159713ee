//! Secret handling: salted hashes of token values and client secrets, and random
//! access tokens. Plain values are never stored.

use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    buf
}

fn digest(salt: &str, value: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(value.as_bytes());
    hex(&h.finalize())
}

/// Hashes `value` with a fresh random salt: `sha256$<salt>$<digest>`.
pub fn hash(value: &str) -> String {
    let salt = hex(&random_bytes::<16>());
    format!("sha256${salt}${}", digest(&salt, value))
}

/// A well-formed hash of no one's secret: checking a secret against it costs what checking
/// against a real one does.
pub const UNKNOWN_HASH: &str =
    "sha256$00000000000000000000000000000000$0000000000000000000000000000000000000000000000000000000000000000";

/// Whether `value` is the one `stored` was made from (comparison in constant time).
pub fn verify(value: &str, stored: &str) -> bool {
    let mut parts = stored.splitn(3, '$');
    let (Some("sha256"), Some(salt), Some(expected)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let actual = digest(salt, value);
    actual.len() == expected.len()
        && actual
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Unsalted SHA-256 of an access token, used as its lookup key (tokens are random and long).
pub fn token_key(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A new random bearer token.
pub fn new_access_token() -> String {
    hex(&random_bytes::<32>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_original_value() {
        let stored = hash("sk-live-123");
        assert!(!stored.contains("sk-live-123"));
        assert!(verify("sk-live-123", &stored));
        assert!(!verify("sk-live-124", &stored));
        assert!(!verify("sk-live-123", "garbage"));
    }

    #[test]
    fn the_unknown_hash_is_shaped_like_a_real_one_and_matches_nothing() {
        let shape = |h: &str| h.split('$').map(str::len).collect::<Vec<_>>();
        assert_eq!(shape(UNKNOWN_HASH), shape(&hash("x")));
        assert!(!verify("", UNKNOWN_HASH));
        assert!(!verify("demo-admin-secret", UNKNOWN_HASH));
    }

    #[test]
    fn same_value_hashes_differently() {
        assert_ne!(hash("x"), hash("x"));
    }
}
