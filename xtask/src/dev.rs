//! `cargo xtask dev`: serves `dist/` with the emulator and its seeded demo tenant.

use crate::emulator::Emulator;
use crate::Result;

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
    let mut emulator = Emulator::start(
        true,
        &[
            "--addr",
            &opts.addr,
            "--seed",
            "demo",
            "--static-dir",
            "dist",
            "--db",
            "target/demo.sqlite",
        ],
    )?;
    print_banner(&emulator.url);
    for line in emulator.output.by_ref() {
        println!("{}", line?);
    }
    emulator.wait()
}

fn print_banner(url: &str) {
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
}
