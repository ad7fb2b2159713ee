//! `cargo xtask test`: every check and test, cheapest first, stopping at the first failure.

use std::net::TcpListener;
use std::time::Duration;

use crate::e2e;
use crate::emulator::Emulator;
use crate::proc::{cmd, fmt_duration, run_cmd, show, timed};
use crate::Result;

/// One step: a cargo command line (split on spaces) plus extra environment.
struct Step {
    name: &'static str,
    cargo_args: &'static str,
    env: Vec<(&'static str, String)>,
    /// Runs with a demo emulator whose URL is in `EMULATOR_URL`, which pages on this origin
    /// may call.
    emulator_for: Option<String>,
    /// Runs first, e.g. to build what the step loads.
    prepare: Option<fn() -> Result>,
}

impl Step {
    fn cargo(name: &'static str, cargo_args: &'static str) -> Self {
        Step {
            name,
            cargo_args,
            env: Vec::new(),
            emulator_for: None,
            prepare: None,
        }
    }
}

/// Where wasm-bindgen-test-runner serves the component tests' page: a fixed address (a
/// free port unless `WASM_BINDGEN_TEST_ADDRESS` names one), so the emulator can allow that
/// one origin.
fn wasm_test_address() -> Result<String> {
    if let Ok(address) = std::env::var("WASM_BINDGEN_TEST_ADDRESS") {
        return Ok(address);
    }
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    Ok(format!("127.0.0.1:{port}"))
}

fn steps() -> Result<Vec<Step>> {
    let timeout = std::env::var("WASM_BINDGEN_TEST_TIMEOUT").unwrap_or_else(|_| "120".into());
    let mut wasm_tests = Step::cargo(
        "wasm tests (headless Chromium)",
        "test -p token-admin --target wasm32-unknown-unknown",
    );
    let page = wasm_test_address()?;
    wasm_tests.emulator_for = Some(format!("http://{page}"));
    wasm_tests.env = vec![
        ("CHROMEDRIVER", "/usr/bin/chromedriver".into()),
        ("WASM_BINDGEN_TEST_TIMEOUT", timeout),
        ("WASM_BINDGEN_TEST_ADDRESS", page),
    ];
    let mut journeys = Step::cargo("end-to-end journeys", e2e::TEST_ARGS);
    journeys.prepare = Some(e2e::prepare);
    Ok(vec![
        Step::cargo("format", "fmt --all -- --check"),
        Step::cargo(
            "clippy (native)",
            "clippy --workspace --all-targets -- -D warnings",
        ),
        Step::cargo(
            "clippy (wasm32)",
            "clippy -p token-admin -p leptos-floor --target wasm32-unknown-unknown --all-targets -- -D warnings",
        ),
        Step::cargo("native tests", "test --workspace --exclude e2e"),
        wasm_tests,
        journeys,
    ])
}

pub fn run() -> Result {
    let mut done: Vec<(String, Duration)> = Vec::new();
    for step in steps()? {
        if let Some(prepare) = step.prepare {
            println!("\n==> {}: preparing", step.name);
            let (result, took) = timed(prepare);
            result.map_err(|e| format!("preparing `{}` failed: {e}", step.name))?;
            done.push((format!("{} (build)", step.name), took));
        }
        let args: Vec<&str> = step.cargo_args.split_whitespace().collect();
        let mut c = cmd("cargo", &args);
        c.envs(step.env.iter().map(|(k, v)| (k, v)));
        // Component tests reach a real emulator; its URL is compiled into them.
        let emulator = if let Some(page) = &step.emulator_for {
            let emulator = Emulator::start(
                false,
                &[
                    "--addr",
                    "127.0.0.1:0",
                    "--seed",
                    "demo",
                    "--log-requests",
                    "false",
                    "--cors-origin",
                    page,
                ],
            )?;
            c.env("EMULATOR_URL", &emulator.url);
            Some(emulator)
        } else {
            None
        };
        println!("\n==> {} ({})", step.name, show(&c));
        let (result, took) = timed(|| run_cmd(&mut c));
        drop(emulator);
        let line = format!("{:<32} {:>8}", step.name, fmt_duration(took));
        if let Err(e) = result {
            summary(&done);
            println!("FAIL {line}");
            return Err(format!("step `{}` failed: {e}", step.name).into());
        }
        println!("ok   {line}");
        done.push((step.name.to_owned(), took));
    }
    summary(&done);
    println!("all {} steps passed", done.len());
    Ok(())
}

fn summary(done: &[(String, Duration)]) {
    println!("\n---- summary ----");
    for (name, took) in done {
        println!("ok   {name:<32} {:>8}", fmt_duration(*took));
    }
}
