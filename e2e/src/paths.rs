//! Where the built app, the emulator and ChromeDriver are.

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ sits in the repository")
        .to_owned()
}

/// The release build of the app (`cargo xtask dist`).
pub fn dist_dir() -> PathBuf {
    std::env::var_os("E2E_DIST_DIR").map_or_else(|| repo_root().join("dist"), PathBuf::from)
}

/// The release emulator binary (`cargo build --release -p emulator`), under `CARGO_TARGET_DIR`
/// when that is set.
pub fn emulator_bin() -> PathBuf {
    std::env::var_os("E2E_EMULATOR_BIN").map_or_else(
        || {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| repo_root().join("target"), PathBuf::from);
            target.join("release/emulator")
        },
        PathBuf::from,
    )
}

/// ChromeDriver, Debian's by default.
pub fn chromedriver_bin() -> PathBuf {
    std::env::var_os("CHROMEDRIVER").map_or_else(|| "/usr/bin/chromedriver".into(), PathBuf::from)
}

/// Where screenshots are written (`E2E_SCREENSHOT_DIR`), when set.
pub fn screenshot_dir() -> Option<PathBuf> {
    std::env::var_os("E2E_SCREENSHOT_DIR").map(PathBuf::from)
}

/// Panics with the command that builds `what` when `path` is missing.
pub fn require(path: &std::path::Path, what: &str) {
    assert!(
        path.exists(),
        "{what} is missing at {}: run the e2e tests with `cargo xtask e2e`, which builds it",
        path.display()
    );
}

/// The extension's build (`cargo xtask dist --extension`).
pub fn extension_dir() -> PathBuf {
    repo_root().join("dist-extension")
}

/// The test host's build (`e2e/host`, built by `cargo xtask e2e`).
pub fn host_dir() -> PathBuf {
    repo_root().join("e2e/host/dist")
}
