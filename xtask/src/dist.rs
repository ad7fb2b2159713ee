//! `cargo xtask dist`: the release build of the app into `dist/`.

use crate::proc::{cmd, fmt_duration, root, run_cmd, timed};
use crate::Result;

pub fn run() -> Result {
    let (result, took) = timed(|| -> Result {
        // Trunk.toml sets `offline = true`, which makes cargo --offline: fetch first.
        run_cmd(&mut cmd("cargo", &["fetch"]))?;
        let mut trunk = cmd("trunk", &["build", "--release"]);
        run_cmd(trunk.env("TRUNK_SKIP_VERSION_CHECK", "true"))
    });
    result?;
    println!("dist: built in {}", fmt_duration(took));
    print_sizes()
}

/// Lists the files in `dist/` with their sizes.
fn print_sizes() -> Result {
    let dir = root().join("dist");
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| {
            Ok((
                e.file_name().to_string_lossy().into_owned(),
                e.metadata()?.len(),
            ))
        })
        .collect::<std::io::Result<_>>()?;
    files.sort();
    for (name, bytes) in files {
        println!("dist: {bytes:>10} B  {name}");
    }
    Ok(())
}
