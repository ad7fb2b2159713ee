//! Debian's nginx as a child process, serving the release app through the committed
//! `deploy/nginx.conf` with an emulator as its API upstream: the deployment the README's
//! "Deploy behind nginx" describes, run without root and without the system service.
//!
//! The test changes only the lines the file marks `# DEPLOY:` (port, host name, root, CSP
//! snippet, upstream), so it exercises the file a deployer copies, not a variant of it.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::net::TcpStream;
use tokio::process::Command;

use crate::emulator::TENANT;
use crate::nginx_conf::{deployed, main_conf};
use crate::paths::{dist_dir, repo_root, require};
use crate::process::{free_port, Owned};
use crate::Result;

/// How long nginx may take to accept connections.
const STARTUP: Duration = Duration::from_secs(10);

/// nginx, Debian's by default (`NGINX` overrides).
fn nginx_bin() -> PathBuf {
    std::env::var_os("NGINX").map_or_else(|| "/usr/sbin/nginx".into(), PathBuf::from)
}

/// A running nginx on a loopback port, serving a copy of `dist/` plus a `config.json` that
/// points the app at the proxied API under `/api`. Dropping it stops nginx, then removes
/// its files.
pub struct Nginx {
    _child: Owned,
    /// Its origin, e.g. `http://127.0.0.1:40123`: the app's URL.
    pub url: String,
    _dir: TempDir,
}

impl Nginx {
    /// Starts nginx with `deploy/nginx.conf`, proxying `/api/` to `upstream` (a base URL).
    pub async fn start(upstream: &str) -> Result<Self> {
        let bin = nginx_bin();
        if !bin.is_file() {
            return Err(format!(
                "nginx is missing at {}: run `cargo xtask setup` as root, which installs the \
                 Debian packages nginx and libnginx-mod-http-brotli-static",
                bin.display()
            )
            .into());
        }
        let port = free_port();
        let url = format!("http://127.0.0.1:{port}");
        let dir = TempDir::new(&format!("token-admin-nginx-{}-{port}", std::process::id()))?;
        write_files(&dir.0, &url, port, upstream)?;
        let log = dir.0.join("error.log");
        let mut child = Command::new(bin)
            .arg("-e")
            .arg(&log)
            .arg("-c")
            .arg(dir.0.join("nginx.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        let deadline = Instant::now() + STARTUP;
        while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            let exited = child.try_wait()?;
            if exited.is_some() || Instant::now() > deadline {
                let why = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(format!("nginx did not start ({exited:?}):\n{why}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(Self {
            _child: Owned(child),
            url,
            _dir: dir,
        })
    }
}

/// A directory of this test's own, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Result<Self> {
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Into `dir`: the served root, the CSP snippet from `deploy/csp-header.sh`, the site
/// (`deploy/nginx.conf` with this test's values) and the main configuration.
fn write_files(dir: &Path, url: &str, port: u16, upstream: &str) -> Result {
    let root = dir.join("root");
    serve_copy_of(&dist_dir(), &root)?;
    let config = json!({ "apiBaseUrl": format!("{url}/api"), "tenant": TENANT });
    std::fs::write(root.join("config.json"), config.to_string())?;

    let csp = dir.join("csp.conf");
    let script = std::process::Command::new("sh")
        .arg(repo_root().join("deploy/csp-header.sh"))
        .arg(dist_dir())
        .arg("--proxied")
        .output()?;
    if !script.status.success() {
        let why = String::from_utf8_lossy(&script.stderr);
        return Err(format!("deploy/csp-header.sh failed: {why}").into());
    }
    std::fs::write(&csp, script.stdout)?;

    let site = std::fs::read_to_string(repo_root().join("deploy/nginx.conf"))?;
    let site = deployed(
        &site,
        &[
            ("listen", format!("127.0.0.1:{port}")),
            ("server_name", "127.0.0.1".to_owned()),
            ("root", root.display().to_string()),
            ("include", csp.display().to_string()),
            ("proxy_pass", format!("{}/", upstream.trim_end_matches('/'))),
        ],
    )?;
    std::fs::write(dir.join("site.conf"), site)?;
    std::fs::write(dir.join("nginx.conf"), main_conf(dir))?;
    Ok(())
}

/// `root` as a copy of the built app made of symlinks, so the test can add its own
/// `config.json` without writing into the shared `dist/`.
fn serve_copy_of(dist: &Path, root: &Path) -> Result {
    require(&dist.join("index.html"), "the release build of the app");
    std::fs::create_dir_all(root)?;
    for entry in std::fs::read_dir(dist)? {
        let entry = entry?;
        if entry.file_name() != "config.json" {
            std::os::unix::fs::symlink(entry.path(), root.join(entry.file_name()))?;
        }
    }
    Ok(())
}
