//! Latency of the emulator's list and search endpoints at scale.
//!
//! `cargo run --release -p emulator --example bench -- [--tokens N] [--requests N] [--out FILE]
//! [--case TEXT]`
//! starts a server seeded with N generated tokens (default 100,000) on a free loopback
//! port, sends each request shape sequentially over keep-alive HTTP, and prints p50/p95
//! per shape as a table; `--out` also writes them as JSON, `--case TEXT` runs only the
//! shapes whose name contains TEXT (for profiling one).

use std::time::{Duration, Instant};

use emulator::config::{Config, Seed};
use emulator::server;
use reqwest::{Client, Method};
use serde_json::json;

struct Args {
    tokens: usize,
    requests: usize,
    out: Option<String>,
    only: Option<String>,
}

fn parse_args() -> Args {
    let mut args = Args {
        tokens: 100_000,
        requests: 200,
        out: None,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--tokens" => args.tokens = value().parse().expect("--tokens takes a number"),
            "--requests" => args.requests = value().parse().expect("--requests takes a number"),
            "--out" => args.out = Some(value()),
            "--case" => args.only = Some(value()),
            other => panic!("unknown argument {other}"),
        }
    }
    args
}

/// One request shape to measure.
struct Case {
    name: &'static str,
    method: Method,
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    q: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        name: "list page 1 (50, total)",
        method: Method::GET,
        path: "tokens",
        query: &[("pageSize", "50")],
        q: None,
    },
    Case {
        name: "list page 1000 (50, total)",
        method: Method::GET,
        path: "tokens",
        query: &[("pageSize", "50"), ("pageNumber", "1000")],
        q: None,
    },
    Case {
        name: "search name contains (total)",
        method: Method::POST,
        path: "tokens/search",
        query: &[("pageSize", "50")],
        q: Some("name:~(OpenAI prod)"),
    },
    Case {
        name: "search name contains, as the app asks (total)",
        method: Method::POST,
        path: "tokens/search",
        query: &[("pageSize", "50")],
        q: Some("name:~((?i)openai prod)"),
    },
    Case {
        name: "search name contains, 1 in 6 rows (total)",
        method: Method::POST,
        path: "tokens/search",
        query: &[("pageSize", "50")],
        q: Some("name:~((?i)prod)"),
    },
    Case {
        name: "search name contains, every row (total)",
        method: Method::POST,
        path: "tokens/search",
        query: &[("pageSize", "50")],
        q: Some("name:~((?i)key)"),
    },
    Case {
        name: "search name regex, not plain text (total)",
        method: Method::POST,
        path: "tokens/search",
        query: &[("pageSize", "50")],
        q: Some("name:~(^Open.*prod)"),
    },
    Case {
        name: "palette: name contains, by name (8, total)",
        method: Method::POST,
        path: "tokens/search",
        query: &[
            ("pageSize", "8"),
            ("sort", "name:asc"),
            ("fields", "id,name"),
        ],
        q: Some("name:~((?i)mistral qa key 9)"),
    },
    Case {
        name: "search id contains, rare (total)",
        method: Method::POST,
        path: "tokens/search",
        query: &[("pageSize", "50")],
        q: Some("id:~0999"),
    },
    Case {
        name: "sort by name (total)",
        method: Method::GET,
        path: "tokens",
        query: &[("pageSize", "50"), ("sort", "name")],
        q: None,
    },
    Case {
        name: "sort by created desc (total)",
        method: Method::GET,
        path: "tokens",
        query: &[("pageSize", "50"), ("sort", "metadata.createdAt:desc")],
        q: None,
    },
    Case {
        name: "get by id",
        method: Method::GET,
        path: "tokens/bulk-0050000",
        query: &[],
        q: None,
    },
];

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn main() {
    let args = parse_args();
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut config = Config::for_tests(Seed::Demo);
    config.seed_tokens = args.tokens;
    let seeding = Instant::now();
    let state = server::prepare(&config).expect("database opens");
    let seed_secs = seeding.elapsed().as_secs_f64();
    let listener = server_rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    server_rt.spawn(server::serve(listener, state));

    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let results = client_rt.block_on(async {
        let http = Client::new();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", "demo-admin"),
            ("client_secret", "demo-admin-secret"),
        ];
        let auth: serde_json::Value = http
            .post(format!("{base}/oauth/token"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let bearer = auth["access_token"].as_str().unwrap().to_owned();
        let mut results = Vec::new();
        let chosen = CASES.iter().filter(|case| {
            args.only
                .as_deref()
                .is_none_or(|only| case.name.contains(only))
        });
        for case in chosen {
            let mut times = Vec::with_capacity(args.requests);
            for i in 0..args.requests + 20 {
                let mut request = http
                    .request(
                        case.method.clone(),
                        format!("{base}/ai-service/demo/agentic/{}", case.path),
                    )
                    .bearer_auth(&bearer)
                    .header("X-Total-Count", "true")
                    .query(case.query);
                if let Some(q) = case.q {
                    request = request.json(&json!({ "q": q }));
                }
                let started = Instant::now();
                let response = request.send().await.unwrap();
                assert!(
                    response.status().is_success(),
                    "{}: {}",
                    case.name,
                    response.status()
                );
                response.bytes().await.unwrap();
                if i >= 20 {
                    times.push(started.elapsed());
                }
            }
            times.sort();
            results.push((case.name, percentile(&times, 0.5), percentile(&times, 0.95)));
        }
        results
    });

    println!(
        "emulator with {} tokens (seeded in {seed_secs:.1} s), {} requests per case",
        args.tokens + 40,
        args.requests
    );
    println!("{:<48} {:>9} {:>9}", "case", "p50 ms", "p95 ms");
    for (name, p50, p95) in &results {
        println!("{name:<48} {p50:>9.2} {p95:>9.2}");
    }
    if let Some(out) = args.out {
        let cases: Vec<_> = results
            .iter()
            .map(|(name, p50, p95)| json!({"case": name, "p50_ms": p50, "p95_ms": p95}))
            .collect();
        let report = json!({"tokens": args.tokens + 40, "requests_per_case": args.requests, "seed_seconds": seed_secs, "cases": cases});
        std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap())
            .expect("the report is written");
        println!("written to {out}");
    }
}
