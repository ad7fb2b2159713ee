//! Reading pinned versions from `Cargo.lock`.

use crate::Result;

/// The version of package `name` in `Cargo.lock` text; an error if absent or ambiguous.
pub fn version_of(lock: &str, name: &str) -> Result<String> {
    let wanted = format!("name = \"{name}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted {
            let version = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
                .ok_or_else(|| format!("Cargo.lock: no version line after {wanted}"))?;
            versions.push(version.to_owned());
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("Cargo.lock has no package `{name}`").into()),
        many => Err(format!("Cargo.lock has several `{name}`: {}", many.join(", ")).into()),
    }
}

/// The version of `name` in the workspace's `Cargo.lock`.
pub fn workspace_version_of(name: &str) -> Result<String> {
    let path = crate::proc::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    version_of(&lock, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.80"
"#;

    #[test]
    fn finds_exact_package_name() {
        assert_eq!(version_of(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(version_of(LOCK, "wasm-bindgen-futures").unwrap(), "0.4.80");
    }

    #[test]
    fn missing_or_duplicated_packages_are_errors() {
        assert!(version_of(LOCK, "trunk").is_err());
        let twice =
            format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        assert!(version_of(&twice, "wasm-bindgen").is_err());
    }

    #[test]
    fn the_workspace_lock_pins_wasm_bindgen() {
        assert!(workspace_version_of("wasm-bindgen").is_ok());
    }
}
