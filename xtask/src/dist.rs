//! `cargo xtask dist`: the release build of the app into `dist/`, and with `--extension`
//! the Management Dashboard extension into `dist-extension/`.

use std::path::Path;
use std::time::Duration;

use crate::proc::{cmd, fmt_duration, root, run_cmd, timed};
use crate::Result;
use crate::{compress, csp, origin, styles};

/// The origins the built app may send API requests to, besides its own: every
/// `--api-origin URL` in `args`, else the Emporix API.
pub fn api_origins(args: &[String]) -> Result<Vec<String>> {
    let mut origins = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--api-origin" => {
                let origin = args.next().ok_or("--api-origin needs a URL")?;
                origins.push(origin::parse(origin).map_err(|e| format!("--api-origin: {e}"))?);
            }
            other => return Err(format!("dist: unknown argument `{other}`").into()),
        }
    }
    if origins.is_empty() {
        origins.push(csp::DEFAULT_API_ORIGIN.to_owned());
    }
    Ok(origins)
}

/// `trunk build --release` with `Trunk.toml`'s settings and the pinned tools on `PATH`:
/// the app into `dist/`, or with `args` another page built the same way (the bench's
/// Leptos floor: `--dist DIR --public-url /floor/ e2e/floor/index.html`). How long it took.
pub fn trunk_release(args: &[&str]) -> Result<Duration> {
    let (result, took) = timed(|| -> Result {
        // Trunk.toml sets `offline = true`, which makes cargo --offline: fetch first.
        run_cmd(&mut cmd("cargo", &["fetch"]))?;
        let mut trunk = cmd("trunk", &["build", "--release"]);
        run_cmd(trunk.args(args).env("TRUNK_SKIP_VERSION_CHECK", "true"))
    });
    result.map(|()| took)
}

/// Builds `dist/` and writes its Content-Security-Policy for `api_origins`.
pub fn run(api_origins: &[String]) -> Result {
    styles::bundle()?;
    let took = trunk_release(&[])?;
    let index = root().join("dist/index.html");
    let html = std::fs::read_to_string(&index)?;
    std::fs::write(&index, csp::apply(&html, api_origins)?)?;
    compress::precompress(&root().join("dist"))?;
    println!("dist: built in {}", fmt_duration(took));
    println!(
        "dist: Content-Security-Policy allows API requests to 'self' {}",
        api_origins.join(" ")
    );
    print_sizes("dist", &sizes()?)
}

/// The extension's folder.
pub const EXTENSION_DIR: &str = "dist-extension";

/// Builds the extension into [`EXTENSION_DIR`] from the app in `dist/` (built first by
/// [`run`]): Vite with the federation plugin writes `assets/remoteEntry.js` and the React
/// wrapper, and copies the app's wasm, glue and style sheets beside them.
pub fn extension() -> Result {
    let (result, took) = timed(|| {
        run_cmd(&mut cmd(
            "node",
            &[
                "extension/node_modules/vite/bin/vite.js",
                "build",
                "--config",
                "extension/vite.config.js",
            ],
        ))
    });
    result?;
    let assets = root().join(EXTENSION_DIR).join("assets");
    compress::precompress(&assets)?;
    println!("dist: extension built in {}", fmt_duration(took));
    print_sizes("dist-extension/assets", &sizes_in(&assets)?)?;
    println!(
        "dist: register the URL of {EXTENSION_DIR}/assets/remoteEntry.js in the dashboard; \
         a dashboard that shares React never loads the extension's own copy \
         (`__federation_shared_react*` and the chunks only they import)"
    );
    Ok(())
}

/// One file of the build: its name and its size raw, as gzip and as brotli (the sizes of its
/// pre-compressed copies; raw for files that are not compressed).
pub struct FileSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// The files of `dist/` with their sizes, by name.
pub fn sizes() -> Result<Vec<FileSize>> {
    sizes_in(&root().join("dist"))
}

/// The files of `dir` with their sizes, by name.
pub fn sizes_in(dir: &Path) -> Result<Vec<FileSize>> {
    let size = |name: &str| std::fs::metadata(dir.join(name)).map(|m| m.len());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type()?.is_file() || name.ends_with(".gz") || name.ends_with(".br") {
            continue;
        }
        let raw = entry.metadata()?.len();
        files.push(FileSize {
            gzip: size(&format!("{name}.gz")).unwrap_or(raw),
            brotli: size(&format!("{name}.br")).unwrap_or(raw),
            name,
            raw,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// Prints `files` (of the folder `dir`) with their sizes and the first-visit total.
fn print_sizes(dir: &str, files: &[FileSize]) -> Result {
    println!("dist: {dir}");
    println!(
        "dist: {:>10} {:>10} {:>10}  file",
        "raw B", "gzip B", "brotli B"
    );
    for f in files {
        println!(
            "dist: {:>10} {:>10} {:>10}  {}",
            f.raw, f.gzip, f.brotli, f.name
        );
    }
    let total = |pick: fn(&FileSize) -> u64| files.iter().map(pick).sum::<u64>();
    println!(
        "dist: {:>10} {:>10} {:>10}  total",
        total(|f| f.raw),
        total(|f| f.gzip),
        total(|f| f.brotli)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins(args: &str) -> Result<Vec<String>> {
        api_origins(&args.split(' ').map(str::to_owned).collect::<Vec<_>>())
    }

    #[test]
    fn api_origins_are_parsed_as_origins() {
        assert_eq!(api_origins(&[]).unwrap(), [csp::DEFAULT_API_ORIGIN]);
        assert_eq!(
            origins("--api-origin HTTPS://Api.Example:8443/ --api-origin http://127.0.0.1:8787")
                .unwrap(),
            ["https://api.example:8443", "http://127.0.0.1:8787"]
        );
        assert!(origins("--api-origin https://x.example;script-src").is_err());
        assert!(origins("--api-origin https:").is_err());
        assert!(origins("--api-origin").is_err());
    }
}
