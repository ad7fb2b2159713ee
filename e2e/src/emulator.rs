//! The emulator as a child process serving the release app, and the few direct API calls
//! journeys need to set the scene (seed a token, read it back, inject a fault).

use std::path::Path;
use std::process::Stdio;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::paths::{dist_dir, emulator_bin, require};
use crate::process::Owned;
use crate::Result;

/// The demo tenant.
pub const TENANT: &str = "demo";
/// The demo client that may read and manage tokens.
pub const ADMIN: (&str, &str) = ("demo-admin", "demo-admin-secret");
/// The demo client that may only read.
pub const VIEWER: (&str, &str) = ("demo-viewer", "demo-viewer-secret");
/// A client that may read and manage, whose secret needs escaping in HTML, URLs, forms and
/// JSON alike, so that the leak scans prove they see through each escaping.
pub const JOURNEY_ADMIN: (&str, &str) = ("e2e-admin", "e2e &<\"+ sëcret-9a1f");

const READY_PREFIX: &str = "emulator listening on ";

/// A running emulator with the demo seed and [`JOURNEY_ADMIN`], serving `dist/`, fault
/// control on.
pub struct Emulator {
    _child: Owned,
    /// Its base URL, e.g. `http://127.0.0.1:40123`; also the app's URL.
    pub url: String,
    http: reqwest::Client,
}

impl Emulator {
    /// Starts one on a random loopback port with an in-memory database.
    pub async fn start() -> Result<Self> {
        Self::start_with(&[]).await
    }

    /// Starts one with extra command-line flags.
    pub async fn start_with(extra: &[&str]) -> Result<Self> {
        let dist = dist_dir();
        require(&dist.join("index.html"), "the release build of the app");
        Self::serving(&dist, extra).await
    }

    /// Starts one serving the files in `site` instead of the app, with extra flags.
    pub async fn serving(site: &Path, extra: &[&str]) -> Result<Self> {
        let bin = emulator_bin();
        require(&bin, "the release emulator");
        let mut child = Command::new(bin)
            .args(["--addr", "127.0.0.1:0", "--seed", "demo", "--fault-control"])
            .env("E2E_JOURNEY_SECRET", JOURNEY_ADMIN.1)
            .arg(format!(
                "--client={}:$E2E_JOURNEY_SECRET:{TENANT}:ai.agent_read ai.agent_manage",
                JOURNEY_ADMIN.0
            ))
            .args(["--log-requests", "false", "--static-dir"])
            .arg(site)
            .args(extra)
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let first = lines.next_line().await?.unwrap_or_default();
        let url = first
            .trim()
            .strip_prefix(READY_PREFIX)
            .ok_or_else(|| format!("the emulator did not start: {first:?}"))?
            .trim_end_matches('/')
            .to_owned();
        // Keep reading so the pipe never fills.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self {
            _child: Owned(child),
            url,
            http: reqwest::Client::new(),
        })
    }

    /// An access token for the client `(id, secret)`.
    pub async fn access_token(&self, (id, secret): (&str, &str)) -> Result<String> {
        let reply: Value = self
            .http
            .post(format!("{}/oauth/token", self.url))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
            ])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(reply["access_token"]
            .as_str()
            .ok_or("no access_token in the grant")?
            .to_owned())
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<(StatusCode, Value)> {
        let bearer = self.access_token(ADMIN).await?;
        let mut request = self
            .http
            .request(
                method,
                format!("{}/ai-service/{TENANT}/agentic/{path}", self.url),
            )
            .bearer_auth(bearer);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    /// Creates the token `id` as the admin client; fails unless the server answers 201.
    pub async fn create_token(&self, id: &str, name: &str, value: &str) -> Result {
        let body = json!({ "name": name, "value": value });
        let (status, reply) = self
            .call(Method::PUT, &format!("tokens/{id}"), Some(body))
            .await?;
        if status != StatusCode::CREATED {
            return Err(format!("creating {id}: {status} {reply}").into());
        }
        Ok(())
    }

    /// Renames the token `id` as the admin client (another admin, from the test's view).
    pub async fn rename_token(&self, id: &str, name: &str, version: u64) -> Result {
        let body = json!({ "name": name, "metadata": { "version": version } });
        let (status, reply) = self
            .call(Method::PUT, &format!("tokens/{id}"), Some(body))
            .await?;
        if !status.is_success() {
            return Err(format!("renaming {id}: {status} {reply}").into());
        }
        Ok(())
    }

    /// The token `id` as JSON, or `None` when it does not exist.
    pub async fn token(&self, id: &str) -> Result<Option<Value>> {
        self.document(&format!("tokens/{id}")).await
    }

    /// The document at `path` below `…/agentic/` (e.g. `tools/product-rag`) as JSON, or
    /// `None` when it does not exist.
    pub async fn document(&self, path: &str) -> Result<Option<Value>> {
        let (status, body) = self.call(Method::GET, path, None).await?;
        match status {
            StatusCode::OK => Ok(Some(body)),
            StatusCode::NOT_FOUND => Ok(None),
            other => Err(format!("reading {path}: {other} {body}").into()),
        }
    }

    /// Changes the document at `path` below `…/agentic/` as another admin would: reads it,
    /// applies `change`, and PUTs it back locked to the version read. Fails unless the
    /// server takes it.
    pub async fn edit_document(&self, path: &str, change: impl FnOnce(&mut Value)) -> Result {
        let mut document = self
            .document(path)
            .await?
            .ok_or_else(|| format!("{path} exists"))?;
        let version = document["metadata"]["version"].clone();
        change(&mut document);
        document["metadata"] = json!({ "version": version });
        let (status, reply) = self.call(Method::PUT, path, Some(document)).await?;
        if !status.is_success() {
            return Err(format!("editing {path}: {status} {reply}").into());
        }
        Ok(())
    }

    /// The tenant's agents as JSON.
    pub async fn agents(&self) -> Result<Vec<Value>> {
        self.list("agents").await
    }

    /// Every document of the list `collection` below `…/agentic/` (e.g. `tools`), every
    /// page of it, as JSON.
    pub async fn list(&self, collection: &str) -> Result<Vec<Value>> {
        const SIZE: usize = 1000;
        let (mut all, mut page) = (Vec::new(), 1);
        loop {
            let path = format!("{collection}?pageSize={SIZE}&pageNumber={page}");
            let (status, body) = self.call(Method::GET, &path, None).await?;
            let Value::Array(items) = body else {
                return Err(format!("listing {collection}: {status} {body}").into());
            };
            let last = items.len() < SIZE;
            all.extend(items);
            if last {
                return Ok(all);
            }
            page += 1;
        }
    }

    /// Sets the injected faults, e.g. `{"failNext": 1, "failStatus": 503}`.
    pub async fn inject(&self, faults: Value) -> Result {
        self.http
            .put(format!("{}/_emulator/faults", self.url))
            .json(&faults)
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// Removes every injected fault.
    pub async fn heal(&self) -> Result {
        self.http
            .delete(format!("{}/_emulator/faults", self.url))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}
