//! `cargo xtask dev`: serves `dist/` with the emulator and its seeded demo tenant.

use crate::emulator::Emulator;
use crate::Result;

/// Flags of `cargo xtask dev`.
#[derive(Debug, PartialEq)]
pub struct Options {
    /// `HOST:PORT` for the emulator; port 0 picks a free one.
    pub addr: String,
    /// Flags passed on to the emulator as they are (`--cors-origin ORIGIN`,
    /// `--expose-demo-clients`).
    pub emulator_flags: Vec<String>,
}

impl Options {
    /// Parses `--addr HOST:PORT` or `--port PORT` (on 127.0.0.1), `--cors-origin ORIGIN`
    /// and `--expose-demo-clients`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut opts = Options {
            addr: "127.0.0.1:8787".to_owned(),
            emulator_flags: Vec::new(),
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
                "--cors-origin" => {
                    let origin = value()?.clone();
                    opts.emulator_flags.extend([flag.clone(), origin]);
                }
                "--expose-demo-clients" => opts.emulator_flags.push(flag.clone()),
                other => {
                    return Err(format!(
                        "dev: unknown flag `{other}` (try --addr, --port, --cors-origin, \
                         --expose-demo-clients)"
                    )
                    .into())
                }
            }
        }
        Ok(opts)
    }
}

/// Starts the emulator, prints the banner once it listens, then forwards its output
/// until it exits (Ctrl-C, SIGTERM or SIGHUP stops both).
pub fn run(opts: &Options) -> Result {
    let mut args = vec![
        "--addr",
        &opts.addr,
        "--seed",
        "demo",
        "--static-dir",
        "dist",
        "--db",
        "target/demo.sqlite",
    ];
    args.extend(opts.emulator_flags.iter().map(String::as_str));
    let mut emulator = Emulator::start(true, &args)?;
    emulator.forward_termination()?;
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
    fn cors_and_exposure_flags_go_to_the_emulator() {
        let opts = Options::parse(&args(
            "--cors-origin http://localhost:8080 --expose-demo-clients",
        ))
        .unwrap();
        assert_eq!(
            opts.emulator_flags,
            args("--cors-origin http://localhost:8080 --expose-demo-clients")
        );
        assert!(Options::parse(&args("--cors-origin")).is_err());
    }

    #[test]
    fn bad_flags_are_errors() {
        assert!(Options::parse(&args("--port")).is_err());
        assert!(Options::parse(&args("--port http")).is_err());
        assert!(Options::parse(&args("--verbose")).is_err());
    }
}
