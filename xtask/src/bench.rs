//! `cargo xtask bench`: the emulator's latency benchmark (prints a table, writes JSON).

use crate::proc::{cmd, run_cmd};
use crate::Result;

/// Runs the emulator's `bench` example in release mode, passing `args` through.
pub fn run(args: &[String]) -> Result {
    let mut c = cmd(
        "cargo",
        &[
            "run",
            "--release",
            "-p",
            "emulator",
            "--example",
            "bench",
            "--",
        ],
    );
    run_cmd(c.args(args))
}
