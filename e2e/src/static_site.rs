//! A small static web server for the journeys in the test host: one serves the host page,
//! another, on its own origin, the extension (`dist-extension/`) with the headers a static
//! host of the extension must send (the README's table): CORS for the dashboard's origin,
//! the right `Content-Type` (`application/wasm` for the wasm), `no-cache` for the fixed
//! names and `immutable` for the hashed ones. HTTP/1.1 `GET`, one request per connection.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::Result;

/// Files that keep their name from build to build, so a browser must ask again for them.
const FIXED_NAMES: [&str; 3] = ["index.html", "remoteEntry.js", ".json"];

/// A running server of one folder, plus files put in memory; stops when dropped.
pub struct StaticSite {
    /// Its origin, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    extra: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    task: JoinHandle<()>,
}

impl StaticSite {
    /// Serves `dir` on a free loopback port; with `cors`, every answer allows any origin to
    /// read it (as a page on another origin loading modules and wasm from it must).
    pub async fn serve(dir: PathBuf, cors: bool) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let extra = Arc::new(Mutex::new(HashMap::new()));
        let files = Arc::clone(&extra);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (dir, files) = (dir.clone(), Arc::clone(&files));
                tokio::spawn(async move {
                    let _ = answer(stream, &dir, &files, cors).await;
                });
            }
        });
        Ok(Self { url, extra, task })
    }

    /// Serves `body` at `path` (e.g. `/host-config.json`), before any file of the folder.
    pub fn put(&self, path: &str, body: impl Into<Vec<u8>>) {
        let mut extra = self.extra.lock().expect("files lock");
        extra.insert(path.to_owned(), body.into());
    }
}

impl Drop for StaticSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request from `stream` and answers it.
async fn answer(
    mut stream: TcpStream,
    dir: &Path,
    extra: &Mutex<HashMap<String, Vec<u8>>>,
    cors: bool,
) -> Result {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65_536 {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    let found = match method {
        "GET" => extra
            .lock()
            .expect("files lock")
            .get(&path)
            .cloned()
            .or_else(|| read(dir, &path)),
        _ => None,
    };
    let mut reply = match &found {
        Some(body) => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {}\r\n",
            content_type(&path),
            body.len(),
            cache_control(&path)
        ),
        None if method == "GET" => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n".to_owned(),
        None => "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n".to_owned(),
    };
    reply.push_str("X-Content-Type-Options: nosniff\r\nConnection: close\r\n");
    if cors {
        reply.push_str("Access-Control-Allow-Origin: *\r\n");
    }
    reply.push_str("\r\n");
    stream.write_all(reply.as_bytes()).await?;
    if let Some(body) = found {
        stream.write_all(&body).await?;
    }
    stream.shutdown().await?;
    Ok(())
}

/// The file at the URL path `path` inside `dir`; never outside it.
fn read(dir: &Path, path: &str) -> Option<Vec<u8>> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    std::fs::read(dir.join(relative)).ok()
}

/// The media type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "eot" => "application/vnd.ms-fontobject",
        _ => "application/octet-stream",
    }
}

/// `no-cache` for names that stay the same from build to build, else a year, immutable.
pub fn cache_control(path: &str) -> &'static str {
    if FIXED_NAMES.iter().any(|name| path.ends_with(name)) {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_names_are_revalidated_and_hashed_ones_kept() {
        assert_eq!(cache_control("/assets/remoteEntry.js"), "no-cache");
        assert_eq!(cache_control("/assets/config.json"), "no-cache");
        assert_eq!(
            cache_control("/assets/token-admin-0123abcd_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(content_type("/a/x_bg.wasm"), "application/wasm");
    }

    #[test]
    fn nothing_outside_the_folder_is_read() {
        let dir = std::env::temp_dir();
        assert_eq!(read(&dir, "/../etc/passwd"), None);
        assert_eq!(read(&dir, "/a/../../etc/passwd"), None);
    }
}
