//! `cargo xtask <command>`: the project's one entry point for developers and CI.
//!
//! Every command except `setup` first runs `setup`, which installs the pinned tools that are
//! missing and is quick when all are present.

mod bench;
mod compress;
mod csp;
mod dev;
mod dist;
mod e2e;
mod emulator;
mod lockfile;
mod origin;
mod proc;
mod setup;
mod styles;
mod suite;
mod wasm_parts;

use std::process::ExitCode;

/// Errors are reported once, in `main`, as one message.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  setup              install missing pinned tools (wasm32 target, wasm-bindgen-cli, trunk,
                     binaryen's wasm-opt and axe-core in tools/, the npm packages of
                     extension/ and e2e/host/, chromium + chromedriver, nginx)
  dist [--extension] [--parts] [--api-origin URL]...
                     build the release app into dist/ with trunk; its Content-Security-Policy
                     lets it call its own origin and these (default https://api.emporix.io);
                     --parts also prints the wasm by part, as the bench does;
                     --extension also builds the Management Dashboard extension into
                     dist-extension/ (register the URL of its assets/remoteEntry.js)
  dev [--addr HOST:PORT | --port PORT] [--cors-origin ORIGIN]... [--expose-demo-clients]
                     build dist/, then serve it with the emulator and the demo tenant
                     (default 127.0.0.1:8787); pages on a --cors-origin may call it too;
                     an address other machines reach needs --expose-demo-clients
  test               fmt, clippy (native + wasm32), native tests, wasm tests in headless Chromium,
                     then the end-to-end journeys (in the app, the test host and behind nginx)
  e2e [--file NAME...] [filter...]
                     build dist/, the extension, the test host (e2e/host/) and the release
                     emulator, then run the end-to-end journeys (only e2e/tests/NAME.rs with
                     --file; only tests whose name contains the filter)
  screenshots        retake the README's screenshots (docs/screenshots/) in headless Chromium
  bench [args...]    first-visit bytes (and the wasm by part), cold loads in new browser
                     profiles on loopback and fast 3G next to a hand-written baseline page
                     and the Leptos floor (e2e/floor/, its bytes too), warm load,
                     interactions and memory in headless Chromium, the extension build's
                     transfer, the emulator's latency at 100k tokens (args go to it:
                     --tokens N, --requests N, --case TEXT); checks the budgets, writes
                     target/bench/report.json";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match command.as_str() {
        "setup" => setup::run(),
        "dist" => {
            let flag = |name: &str| rest.iter().any(|arg| arg == name);
            let (extension, parts) = (flag("--extension"), flag("--parts"));
            let rest: Vec<String> = rest
                .into_iter()
                .filter(|a| a != "--extension" && a != "--parts")
                .collect();
            dist::api_origins(&rest).and_then(|origins| {
                setup::run()?;
                dist::run(&origins)?;
                if parts {
                    wasm_parts::print(&wasm_parts::of_release(
                        &proc::root().join("target/bench/named"),
                    )?);
                }
                if extension {
                    dist::extension()?;
                }
                Ok(())
            })
        }
        "dev" => dev::Options::parse(&rest).and_then(|opts| {
            setup::run()?;
            dist::run(&dist::api_origins(&[])?)?;
            dev::run(&opts)
        }),
        "test" => setup::run().and_then(|()| suite::run()),
        "e2e" => setup::run().and_then(|()| e2e::run(&rest)),
        "screenshots" => setup::run().and_then(|()| e2e::screenshots()),
        "bench" => setup::run().and_then(|()| bench::run(&rest)),
        "" | "help" | "-h" | "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {command}: error: {e}");
            ExitCode::FAILURE
        }
    }
}
