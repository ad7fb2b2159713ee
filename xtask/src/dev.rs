//! `cargo xtask dev`: serves `dist/` with the emulator and its seeded demo tenant.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::proc::{cmd, show};
use crate::Result;

/// The emulator prints this, followed by its URL, as its first line on stdout.
const READY_PREFIX: &str = "emulator listening on ";

/// Flags of `cargo xtask dev`.
#[derive(Debug, PartialEq)]
pub struct Options {
    /// `HOST:PORT` for the emulator; port 0 picks a free one.
    pub addr: String,
}

impl Options {
    /// Parses `--addr HOST:PORT` or `--port PORT` (on 127.0.0.1).
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut opts = Options {
            addr: "127.0.0.1:8787".to_owned(),
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("`{flag}` needs a value"));
            match flag.as_str() {
                "--addr" => opts.addr = value()?.clone(),
                "--port" => {
                    let port: u16 = value()?
                        .parse()
                        .map_err(|_| "`--port` wants a number 0-65535")?;
                    opts.addr = format!("127.0.0.1:{port}");
                }
                other => {
                    return Err(format!("dev: unknown flag `{other}` (try --addr, --port)").into())
                }
            }
        }
        Ok(opts)
    }
}

/// Starts the emulator, prints the banner once it listens, then forwards its output
/// until it exits (Ctrl-C stops both).
pub fn run(opts: &Options) -> Result {
    let mut c = cmd(
        "cargo",
        &[
            "run",
            "--release",
            "-p",
            "emulator",
            "--",
            "--addr",
            &opts.addr,
            "--seed",
            "demo",
            "--static-dir",
            "dist",
            "--db",
            "target/demo.sqlite",
        ],
    );
    println!("$ {}", show(&c));
    let mut child = c
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the emulator: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut announced = false;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if !announced {
            if let Some(url) = listening_url(&line) {
                announced = true;
                print_banner(url);
                continue;
            }
        }
        println!("{line}");
    }
    let status = child.wait()?;
    if !announced {
        return Err(format!("the emulator exited ({status}) before it was listening").into());
    }
    if status.success() {
        Ok(())
    } else {
        Err(format!("the emulator exited ({status})").into())
    }
}

/// The URL in the emulator's ready line.
fn listening_url(line: &str) -> Option<&str> {
    let url = line.trim().strip_prefix(READY_PREFIX)?;
    url.starts_with("http://").then_some(url)
}

fn print_banner(url: &str) {
    let url = url.trim_end_matches('/');
    println!(
        "\n\
         ==============================================================\n\
         \x20 Token admin demo:  {url}/\n\
         \n\
         \x20 tenant        demo\n\
         \x20 manage client demo-admin / demo-admin-secret\n\
         \x20               (scopes ai.agent_read ai.agent_manage)\n\
         \x20 read-only     demo-viewer / demo-viewer-secret\n\
         \x20               (scope ai.agent_read)\n\
         \n\
         \x20 Ctrl-C stops the emulator; data persists in target/demo.sqlite\n\
         ==============================================================\n"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags_choose_the_address() {
        assert_eq!(Options::parse(&[]).unwrap().addr, "127.0.0.1:8787");
        assert_eq!(
            Options::parse(&args("--port 0")).unwrap().addr,
            "127.0.0.1:0"
        );
        let any = Options::parse(&args("--addr 0.0.0.0:9000")).unwrap();
        assert_eq!(any.addr, "0.0.0.0:9000");
    }

    #[test]
    fn bad_flags_are_errors() {
        assert!(Options::parse(&args("--port")).is_err());
        assert!(Options::parse(&args("--port http")).is_err());
        assert!(Options::parse(&args("--verbose")).is_err());
    }

    #[test]
    fn recognises_the_ready_line() {
        let line = "emulator listening on http://127.0.0.1:40123";
        assert_eq!(listening_url(line), Some("http://127.0.0.1:40123"));
        assert_eq!(listening_url("seeded 40 tokens"), None);
    }
}
