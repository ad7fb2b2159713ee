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

    /// `ID:SECRET:TENANT:SCOPE[ SCOPE…]`, e.g. `ops:@ops.secret:acme:ai.agent_read ai.agent_manage`,
    /// where SECRET is `@FILE` or `$VARIABLE` (see [`read_secret`]).
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
            secret: read_secret(secret)?,
            tenant: tenant.into(),
            scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        })
    }
}

/// The secret a `--client` names: the first line of file `@FILE` or the value of environment
/// variable `$VARIABLE`. A literal secret is refused: the command line is visible to every
/// user of the machine (`ps`) and ends up in shell history.
fn read_secret(source: &str) -> Result<String, String> {
    let secret = if let Some(path) = source.strip_prefix('@') {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the client secret file {path}: {e}"))?;
        text.lines().next().unwrap_or_default().to_owned()
    } else if let Some(name) = source.strip_prefix('$') {
        std::env::var(name).map_err(|_| format!("environment variable {name} is not set"))?
    } else {
        return Err(
            "give the secret as @FILE or $VARIABLE, not on the command line (ps shows it)".into(),
        );
    };
    if secret.is_empty() {
        return Err(format!("the client secret from {source} is empty"));
    }
    Ok(secret)
}

/// An origin given with `--cors-origin`: `http(s)://host[:port]`, as browsers send it.
fn cors_origin(s: &str) -> Result<String, String> {
    let origin = s.trim_end_matches('/');
    let host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .ok_or("expected http://HOST[:PORT] or https://HOST[:PORT]")?;
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return Err("expected an origin only: scheme, host and optional port".into());
    }
    Ok(origin.to_ascii_lowercase())
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
    /// Extra API client, `ID:SECRET:TENANT:SCOPES` (repeatable); SECRET is `@FILE` (its first
    /// line) or `$VARIABLE` (an environment variable), never the secret itself.
    #[arg(long = "client")]
    pub clients: Vec<ClientSpec>,
    /// Another origin whose pages may call the API, e.g. `http://localhost:8080`
    /// (repeatable). Pages served by the emulator itself always may.
    #[arg(long = "cors-origin", value_parser = cors_origin)]
    pub cors_origins: Vec<String>,
    /// Listens on a non-loopback address although the published demo clients exist
    /// (anyone on the network can then sign in as demo-admin).
    #[arg(long)]
    pub expose_demo_clients: bool,
    /// Mounts the fault-injection endpoint `/_emulator/faults` for reliability tests
    /// (answers loopback peers with a loopback Host and no Origin only, no CORS). GET shows the faults, PUT or POST sets
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_secrets_come_from_a_file_or_the_environment_never_the_command_line() {
        let file = std::env::temp_dir().join(format!("emulator-secret-{}", std::process::id()));
        std::fs::write(&file, "from-a-file\n").unwrap();
        let spec: ClientSpec = format!("ops:@{}:acme:a b", file.display()).parse().unwrap();
        assert_eq!(spec.secret, "from-a-file");
        assert_eq!(spec.scopes, ["a", "b"]);
        std::fs::remove_file(file).unwrap();

        std::env::set_var("EMULATOR_TEST_CLIENT_SECRET", "from-the-environment");
        let spec: ClientSpec = "ops:$EMULATOR_TEST_CLIENT_SECRET:acme:a".parse().unwrap();
        assert_eq!(spec.secret, "from-the-environment");

        let literal = "ops:s3cret:acme:a".parse::<ClientSpec>().unwrap_err();
        assert!(literal.contains("@FILE or $VARIABLE"), "{literal}");
        assert!("ops:$EMULATOR_TEST_UNSET_42:acme:a"
            .parse::<ClientSpec>()
            .is_err());
        assert!("ops:@/nonexistent/secret:acme:a"
            .parse::<ClientSpec>()
            .is_err());
    }

    #[test]
    fn cors_origins_are_origins_only() {
        assert_eq!(
            cors_origin("http://LocalHost:8080/").unwrap(),
            "http://localhost:8080"
        );
        for bad in [
            "localhost:8080",
            "ftp://x",
            "http://",
            "http://x/app",
            "http://u@x",
        ] {
            assert!(cors_origin(bad).is_err(), "{bad}");
        }
    }
}
