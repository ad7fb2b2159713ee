//! Running child processes from the workspace root with the project's tools on `PATH`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Result;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
}

/// `tools/node_modules/.bin`, where `npm ci --prefix tools` puts binaryen's `wasm-opt`.
pub fn node_bin() -> PathBuf {
    root().join("tools/node_modules/.bin")
}

/// `PATH` with `tools/node_modules/.bin` first, then cargo's bin directory (where
/// `cargo install` puts trunk and wasm-bindgen), then the inherited entries.
fn search_path() -> OsString {
    let mut dirs = vec![node_bin()];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

/// A command that runs in the workspace root with the project's `PATH`.
pub fn cmd(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(root()).env("PATH", search_path());
    c
}

/// Runs `c` with inherited stdio; an error if it cannot start or exits unsuccessfully.
pub fn run_cmd(c: &mut Command) -> Result {
    let shown = show(c);
    println!("$ {shown}");
    let status = c
        .status()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})").into())
    }
}

/// The trimmed stdout of `program args` if it runs and succeeds (used to probe versions).
pub fn probe(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program, args).stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// `c` as a shell-like line for logs.
pub fn show(c: &Command) -> String {
    let mut words = vec![c.get_program().to_string_lossy().into_owned()];
    words.extend(c.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.join(" ")
}

/// Passes SIGTERM, SIGINT and SIGHUP sent to this process on to `child` instead of dying
/// at once: a process manager or an IDE stops `cargo xtask dev` with SIGTERM, and its child
/// would otherwise keep the port. Call only for a child this process waits for until the end.
pub fn forward_termination(child: &Child) -> Result {
    let pid = libc::pid_t::try_from(child.id())?;
    for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        // SAFETY: the action only calls kill(2), which is async-signal-safe.
        unsafe {
            signal_hook_registry::register(signal, move || {
                libc::kill(pid, signal);
            })
        }?;
    }
    Ok(())
}

/// Runs `f` and returns its result with how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// A duration as `12.3s` or `4m05s`.
pub fn fmt_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(fmt_duration(Duration::from_millis(1234)), "1.2s");
        assert_eq!(fmt_duration(Duration::from_secs(245)), "4m05s");
    }

    #[test]
    fn a_termination_signal_is_passed_on_to_the_child() {
        let mut child = Command::new("sleep").arg("60").spawn().unwrap();
        forward_termination(&child).unwrap();
        // Without the forwarding, this ends the test process itself.
        // SAFETY: raise(3) has no preconditions.
        assert_eq!(unsafe { libc::raise(libc::SIGTERM) }, 0);
        let status = child.wait().unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(libc::SIGTERM));
    }

    #[test]
    fn tools_come_first_on_path() {
        let path = search_path();
        let first = std::env::split_paths(&path).next().unwrap();
        assert_eq!(first, node_bin());
    }
}
