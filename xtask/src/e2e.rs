//! `cargo xtask e2e`: the end-to-end journeys. They need the release app in `dist/`, the
//! extension in `dist-extension/`, the test host in `e2e/host/dist/` and the release
//! emulator, which this builds first; each test then starts its own emulator and
//! ChromeDriver (see `e2e/`).

use crate::dist;
use crate::proc::{cmd, run_cmd};
use crate::Result;

/// The cargo command line that runs the journeys.
pub const TEST_ARGS: &str = "test -p e2e";

/// Builds what the journeys load: `dist/`, the extension, the test host and the release
/// emulator.
pub fn prepare() -> Result {
    dist::run(&dist::api_origins(&[])?)?;
    dist::extension()?;
    run_cmd(&mut cmd(
        "node",
        &[
            "e2e/host/node_modules/vite/bin/vite.js",
            "build",
            "--config",
            "e2e/host/vite.config.js",
        ],
    ))?;
    run_cmd(&mut cmd("cargo", &["build", "--release", "-p", "emulator"]))
}

/// Builds, then runs the journeys: `--file NAME` (repeatable) runs only `e2e/tests/NAME.rs`;
/// other `args` go to the test runner (a test-name filter).
pub fn run(args: &[String]) -> Result {
    prepare()?;
    let mut test: Vec<&str> = TEST_ARGS.split_whitespace().collect();
    let mut runner = Vec::new();
    let mut args = args.iter().map(String::as_str);
    while let Some(arg) = args.next() {
        match arg {
            "--file" => {
                let name = args
                    .next()
                    .ok_or("--file needs the name of a file in e2e/tests")?;
                test.extend(["--test", name]);
            }
            other => runner.push(other),
        }
    }
    if !runner.is_empty() {
        test.push("--");
        test.extend(runner);
    }
    run_cmd(&mut cmd("cargo", &test))
}

/// Builds, then retakes the README's screenshots into `docs/screenshots/`.
pub fn screenshots() -> Result {
    prepare()?;
    let mut test = cmd(
        "cargo",
        &[
            "test",
            "-p",
            "e2e",
            "--test",
            "accessibility",
            "--test",
            "layout",
        ],
    );
    test.env(
        "E2E_SCREENSHOT_DIR",
        crate::proc::root().join("docs/screenshots"),
    );
    run_cmd(&mut test)
}
