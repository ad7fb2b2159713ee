//! `emulator`: runs the Emporix-compatible server.

use clap::Parser;
use emulator::config::{Config, Seed};
use emulator::{exposure, seed, server};

#[tokio::main]
async fn main() {
    let config = Config::parse();
    let state = match server::prepare(&config) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("emulator: cannot open the database: {e}");
            std::process::exit(1);
        }
    };
    match exposure::check(&config, &state.db()) {
        Ok(None) => {}
        Ok(Some(warning)) => eprintln!("emulator: {warning}"),
        Err(refusal) => {
            eprintln!("emulator: {refusal}");
            std::process::exit(1);
        }
    }
    let listener = match tokio::net::TcpListener::bind(config.addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("emulator: cannot listen on {}: {e}", config.addr);
            std::process::exit(1);
        }
    };
    let addr = listener
        .local_addr()
        .expect("a bound socket has an address");
    // The first line is a contract: tools wait for it to learn the address.
    println!("emulator listening on http://{addr}");
    if config.seed == Seed::Demo {
        println!(
            "demo tenant '{}': client {} / {} (read and manage), client {} / {} (read-only)",
            seed::DEMO_TENANT,
            seed::DEMO_ADMIN.0,
            seed::DEMO_ADMIN.1,
            seed::DEMO_VIEWER.0,
            seed::DEMO_VIEWER.1
        );
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = server::serve_until(listener, state, shutdown).await {
        eprintln!("emulator: {e}");
        std::process::exit(1);
    }
}
