//! Command-line configuration of the emulator.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Which data to load at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Seed {
    /// Tenant `demo` with realistic tokens, agents, MCP servers and two API clients.
    Demo,
    /// Nothing but the clients given with `--client`.
    None,
}

/// An API client (client-credentials key) given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSpec {
    pub client_id: String,
    pub secret: String,
    pub tenant: String,
    pub scopes: Vec<String>,
}

impl std::str::FromStr for ClientSpec {
    type Err = String;

    /// `ID:SECRET:TENANT:SCOPE[ SCOPE…]`, e.g. `ops:s3cret:acme:ai.agent_read ai.agent_manage`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.splitn(4, ':').collect();
        let [client_id, secret, tenant, scopes] = parts[..] else {
            return Err("expected ID:SECRET:TENANT:SCOPES".into());
        };
        if client_id.is_empty() || secret.is_empty() || tenant.is_empty() {
            return Err("client id, secret and tenant must not be empty".into());
        }
        Ok(Self {
            client_id: client_id.into(),
            secret: secret.into(),
            tenant: tenant.into(),
            scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        })
    }
}

/// Emporix-compatible emulator of the AI Service Token API.
#[derive(Debug, Clone, Parser)]
#[command(name = "emulator", version)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// SQLite database file; in memory when absent.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Data to load at start (once per database).
    #[arg(long, value_enum, default_value_t = Seed::Demo)]
    pub seed: Seed,
    /// Adds this many generated tokens to tenant `demo` (scale tests).
    #[arg(long, default_value_t = 0)]
    pub seed_tokens: usize,
    /// Adds this many generated agents to tenant `demo` (`volume-agent-0000001`, …),
    /// sorted after the demo agents; only the last one uses a token (`mistral-prod`,
    /// as its LLM token), so "who uses this token" has to reach the end of the list.
    #[arg(long, default_value_t = 0)]
    pub seed_agents: usize,
    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 14_399)]
    pub token_lifetime: u64,
    /// Serves the built app from this folder at `/`, with SPA fallback to index.html.
    #[arg(long)]
    pub static_dir: Option<PathBuf>,
    /// Extra API client, `ID:SECRET:TENANT:SCOPES` (repeatable).
    #[arg(long = "client")]
    pub clients: Vec<ClientSpec>,
    /// Mounts the fault-injection endpoint `/_emulator/faults` for reliability tests
    /// (answers loopback peers only, no CORS). GET shows the faults, PUT or POST sets
    /// the fields given (latencyMs, jitterMs, failNext, failStatus 500|503, dropNext,
    /// expireSessions: true), DELETE clears them. They apply to /oauth/token and
    /// /ai-service/… only.
    #[arg(long)]
    pub fault_control: bool,
    /// Prints one line per request to stdout.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub log_requests: bool,
}

impl Config {
    /// A configuration for tests: in memory, given seed, no request log.
    pub fn for_tests(seed: Seed) -> Self {
        let mut config = Self::parse_from(["emulator", "--addr", "127.0.0.1:0"]);
        config.seed = seed;
        config.log_requests = false;
        config
    }
}
