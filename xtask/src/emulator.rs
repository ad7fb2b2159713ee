//! Starting the emulator as a child process and learning its address.

use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStdout, Stdio};

use crate::proc::{cmd, forward_termination, show};
use crate::Result;

/// The emulator prints this, followed by its URL, as its first line on stdout.
const READY_PREFIX: &str = "emulator listening on ";

/// A running emulator; killed when dropped.
pub struct Emulator {
    child: Child,
    /// Its base URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    /// The rest of its stdout.
    pub output: Lines<BufReader<ChildStdout>>,
}

impl Emulator {
    /// Runs `cargo run [--release] -p emulator -- <args>` and waits for the ready line.
    pub fn start(release: bool, args: &[&str]) -> Result<Self> {
        let mut cargo_args = vec!["run", "--quiet"];
        if release {
            cargo_args.push("--release");
        }
        cargo_args.extend(["-p", "emulator", "--"]);
        cargo_args.extend(args);
        let mut c = cmd("cargo", &cargo_args);
        println!("$ {}", show(&c));
        let mut child = c
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the emulator: {e}"))?;
        let mut output = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
        let first = output.next().transpose()?.unwrap_or_default();
        match listening_url(&first) {
            Some(url) => Ok(Self {
                url: url.trim_end_matches('/').to_owned(),
                child,
                output,
            }),
            None => {
                let status = child.wait()?;
                Err(format!("the emulator exited ({status}) before it was listening").into())
            }
        }
    }

    /// Stops the emulator when this process is told to stop ([`forward_termination`]).
    pub fn forward_termination(&self) -> Result {
        forward_termination(&self.child)
    }

    /// Waits for the emulator to exit.
    pub fn wait(mut self) -> Result {
        let status = self.child.wait()?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("the emulator exited ({status})").into())
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The URL in the emulator's ready line.
fn listening_url(line: &str) -> Option<&str> {
    let url = line.trim().strip_prefix(READY_PREFIX)?;
    url.starts_with("http://").then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_ready_line() {
        let line = "emulator listening on http://127.0.0.1:40123";
        assert_eq!(listening_url(line), Some("http://127.0.0.1:40123"));
        assert_eq!(listening_url("seeded 40 tokens"), None);
    }
}
