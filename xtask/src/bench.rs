//! `cargo xtask bench`: the release bundle's sizes, the app's speed and memory in headless
//! Chromium (`e2e/examples/browser_bench.rs`) and the emulator's latency at 100,000 tokens
//! (`emulator/examples/bench.rs`), checked against the budgets. Prints a table and writes
//! `target/bench/report.json`. Arguments are passed to the emulator benchmark.

use serde_json::{json, Value};

use crate::dist::{self, FileSize};
use crate::e2e;
use crate::proc::{cmd, root, run_cmd};
use crate::Result;

/// One budget: what is measured, its limit, and the measured figure.
struct Budget {
    what: String,
    limit: f64,
    unit: &'static str,
    measured: f64,
}

impl Budget {
    fn met(&self) -> bool {
        self.measured <= self.limit
    }
}

pub fn run(args: &[String]) -> Result {
    let out = root().join("target/bench");
    std::fs::create_dir_all(&out)?;
    e2e::prepare()?;
    let files = dist::sizes()?;

    let browser_json = out.join("browser.json");
    run_cmd(
        cmd(
            "cargo",
            &["run", "-q", "-p", "e2e", "--example", "browser_bench", "--"],
        )
        .args([
            "--runs".as_ref(),
            "7".as_ref(),
            "--out".as_ref(),
            browser_json.as_os_str(),
        ]),
    )?;
    let emulator_json = out.join("emulator.json");
    let mut emulator = cmd(
        "cargo",
        &[
            "run",
            "-q",
            "--release",
            "-p",
            "emulator",
            "--example",
            "bench",
            "--",
        ],
    );
    emulator.args(args).arg("--out").arg(&emulator_json);
    run_cmd(&mut emulator)?;

    let browser: Value = serde_json::from_str(&std::fs::read_to_string(&browser_json)?)?;
    let server: Value = serde_json::from_str(&std::fs::read_to_string(&emulator_json)?)?;
    let budgets = budgets(&files, &browser, &server);
    print_report(&files, &browser, &server, &budgets);
    let report = json!({
        "bundle": files.iter().map(|f| json!({"file": f.name, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli})).collect::<Vec<_>>(),
        "browser": browser,
        "emulator": server,
        "budgets": budgets.iter().map(|b| json!({"what": b.what, "limit": b.limit, "unit": b.unit, "measured": b.measured, "met": b.met()})).collect::<Vec<_>>(),
    });
    let path = out.join("report.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
    println!("\nbench: written to {}", path.display());
    Ok(())
}

fn median(value: &Value) -> f64 {
    value["median"].as_f64().unwrap_or(f64::NAN)
}

fn budgets(files: &[FileSize], browser: &Value, server: &Value) -> Vec<Budget> {
    let budget = |what: &str, limit: f64, unit, measured| Budget {
        what: what.to_owned(),
        limit,
        unit,
        measured,
    };
    let gzip_total: u64 = files.iter().map(|f| f.gzip).sum();
    let memory = &browser["memory"]["growth_percent"];
    let mut all = vec![
        budget(
            "first visit transfer, gzip",
            120.0,
            "KB",
            gzip_total as f64 / 1000.0,
        ),
        budget(
            "cold load → first row",
            300.0,
            "ms",
            median(&browser["cold_load_to_first_row_ms"]),
        ),
        budget(
            "sort click → rows",
            50.0,
            "ms",
            median(&browser["sort_click_to_rows_ms"]),
        ),
        budget(
            "page change → rows",
            50.0,
            "ms",
            median(&browser["page_change_to_rows_ms"]),
        ),
        budget(
            "100-row page, scripting",
            10.0,
            "ms",
            median(&browser["render_100_rows_scripting_ms"]),
        ),
        budget(
            "memory growth over 200 page changes",
            10.0,
            "%",
            memory.as_f64().unwrap_or(f64::NAN),
        ),
    ];
    for case in server["cases"].as_array().into_iter().flatten() {
        let name = case["case"].as_str().unwrap_or("?");
        let p95 = case["p95_ms"].as_f64().unwrap_or(f64::NAN);
        all.push(budget(&format!("emulator p95: {name}"), 10.0, "ms", p95));
    }
    all
}

fn print_report(files: &[FileSize], browser: &Value, server: &Value, budgets: &[Budget]) {
    println!("\n== bundle (dist/) ==");
    println!("{:>10} {:>10} {:>10}  file", "raw B", "gzip B", "brotli B");
    for f in files {
        println!("{:>10} {:>10} {:>10}  {}", f.raw, f.gzip, f.brotli, f.name);
    }
    let sum = |pick: fn(&FileSize) -> u64| files.iter().map(pick).sum::<u64>();
    println!(
        "{:>10} {:>10} {:>10}  first visit (every file)",
        sum(|f| f.raw),
        sum(|f| f.gzip),
        sum(|f| f.brotli)
    );

    println!(
        "\n== headless Chromium (median of {} runs) ==",
        browser["runs"]
    );
    let typed = &browser["typed_query_10_chars"];
    for (what, value) in [
        (
            "cold load → first row, ms",
            median(&browser["cold_load_to_first_row_ms"]),
        ),
        (
            "sort click → rows, ms",
            median(&browser["sort_click_to_rows_ms"]),
        ),
        (
            "page change → rows, ms",
            median(&browser["page_change_to_rows_ms"]),
        ),
        (
            "100-row page change, scripting ms",
            median(&browser["render_100_rows_scripting_ms"]),
        ),
        ("10-char query: requests sent", median(&typed["requests"])),
        (
            "10-char query: last key → results, ms",
            median(&typed["last_key_to_results_ms"]),
        ),
    ] {
        println!("{value:>10.1}  {what}");
    }
    let memory = &browser["memory"];
    for (when, key) in [
        ("after 1 page change", "after_1_page_change"),
        ("after 200 page changes", "after_200_page_changes"),
    ] {
        println!(
            "{:>10.0}  JS heap B {when}\n{:>10.0}  wasm memory B {when}",
            memory[key]["js_heap"].as_f64().unwrap_or(f64::NAN),
            memory[key]["wasm"].as_f64().unwrap_or(f64::NAN)
        );
    }

    println!("\n== emulator ({} tokens) ==", server["tokens"]);
    println!("{:>9} {:>9}  case", "p50 ms", "p95 ms");
    for case in server["cases"].as_array().into_iter().flatten() {
        println!(
            "{:>9.2} {:>9.2}  {}",
            case["p50_ms"].as_f64().unwrap_or(f64::NAN),
            case["p95_ms"].as_f64().unwrap_or(f64::NAN),
            case["case"].as_str().unwrap_or("?")
        );
    }

    println!("\n== budgets ==");
    for b in budgets {
        let verdict = if b.met() { "met " } else { "OVER" };
        println!(
            "{verdict} {:>9.1} / {:>6.1} {:<3} {}",
            b.measured, b.limit, b.unit, b.what
        );
    }
}
