//! `cargo xtask setup`: installs the pinned tools that are missing, and only those.
//!
//! Each tool is probed first (a `--version` call or a file check), so a second run takes
//! a second or two.

use std::path::Path;

use crate::proc::{cmd, fmt_duration, node_bin, probe, root, run_cmd, timed};
use crate::{lockfile, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TRUNK_VERSION: &str = "0.22.0-beta.1";
const BINARYEN_MAJOR: &str = "132";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const NGINX: &str = "/usr/sbin/nginx";
const BROTLI_STATIC: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

pub fn run() -> Result {
    let (result, took) = timed(|| -> Result {
        rust_target_and_components()?;
        wasm_bindgen()?;
        trunk()?;
        npm_tools()?;
        npm_projects()?;
        browser()?;
        nginx()
    });
    result?;
    println!("setup: all tools present ({})", fmt_duration(took));
    Ok(())
}

/// The wasm32 target plus rustfmt and clippy (used by `test`).
fn rust_target_and_components() -> Result {
    let sysroot = probe("rustc", &["--print", "sysroot"]).ok_or("cannot run `rustc`")?;
    if Path::new(&sysroot)
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .is_dir()
    {
        println!("setup: rust target {WASM_TARGET} present");
    } else {
        install(&format!("rust target {WASM_TARGET}"), || {
            run_cmd(&mut cmd("rustup", &["target", "add", WASM_TARGET]))
        })?;
    }
    if probe("cargo", &["fmt", "--version"]).is_none()
        || probe("cargo", &["clippy", "--version"]).is_none()
    {
        install("rustfmt + clippy", || {
            run_cmd(&mut cmd(
                "rustup",
                &["component", "add", "rustfmt", "clippy"],
            ))
        })?;
    }
    Ok(())
}

/// wasm-bindgen CLI and test runner at exactly the `wasm-bindgen` version in Cargo.lock.
fn wasm_bindgen() -> Result {
    let want = lockfile::workspace_version_of("wasm-bindgen")?;
    let have = |bin: &str| probe(bin, &["--version"]).and_then(|v| version_word(&v));
    if have("wasm-bindgen").as_deref() == Some(want.as_str())
        && have("wasm-bindgen-test-runner").as_deref() == Some(want.as_str())
    {
        println!("setup: wasm-bindgen {want} present");
        return Ok(());
    }
    // No --locked: the CLI's own lockfile wants a crate version the registry lacks.
    install(&format!("wasm-bindgen-cli {want}"), || {
        run_cmd(&mut cmd(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &want],
        ))
    })
}

/// Trunk at the pinned version (0.22.0 and later need a newer rustc than we have).
fn trunk() -> Result {
    let have = probe("trunk", &["--version"]).and_then(|v| version_word(&v));
    if have.as_deref() == Some(TRUNK_VERSION) {
        println!("setup: trunk {TRUNK_VERSION} present");
        return Ok(());
    }
    install(&format!("trunk {TRUNK_VERSION}"), || {
        run_cmd(&mut cmd(
            "cargo",
            &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
        ))
    })
}

/// The npm tools pinned by tools/package-lock.json: binaryen's wasm-opt (never Debian's:
/// binaryen 108 emits modules that crash in Chromium) and axe-core, which the end-to-end
/// journeys inject to check accessibility.
fn npm_tools() -> Result {
    let bin = node_bin().join("wasm-opt");
    let axe = root().join("tools/node_modules/axe-core/axe.min.js");
    let ok = || {
        axe.is_file()
            && bin.is_file()
            && probe(&bin.to_string_lossy(), &["--version"])
                .is_some_and(|v| v.contains(&format!("version {BINARYEN_MAJOR}")))
    };
    if ok() {
        println!("setup: wasm-opt {BINARYEN_MAJOR} (npm binaryen) and axe-core present");
        return Ok(());
    }
    if probe("npm", &["--version"]).is_none() {
        apt_install(&["nodejs", "npm"], "npm (for wasm-opt and axe-core)")?;
    }
    install(
        &format!("binaryen {BINARYEN_MAJOR} and axe-core into tools/"),
        || {
            run_cmd(&mut cmd(
                "npm",
                &["ci", "--prefix", "tools", "--no-audit", "--no-fund"],
            ))
        },
    )?;
    if ok() {
        Ok(())
    } else {
        Err(format!(
            "tools/ lacks wasm-opt {BINARYEN_MAJOR} ({}) or axe-core",
            bin.display()
        )
        .into())
    }
}

/// The npm projects besides `tools/`, each installed from its lock file, and a file that
/// shows it is: the extension's build (Vite, the federation plugin, React) and the test
/// host the journeys run the extension in (the same, with PrimeReact and PrimeFlex).
const NPM_PROJECTS: [(&str, &str); 2] = [
    (
        "extension",
        "node_modules/@originjs/vite-plugin-federation/package.json",
    ),
    ("e2e/host", "node_modules/primeflex/package.json"),
];

/// Installs each of [`NPM_PROJECTS`] that lacks its files (npm is there: [`npm_tools`]).
fn npm_projects() -> Result {
    for (dir, marker) in NPM_PROJECTS {
        let installed = |file: &str| root().join(dir).join(file).is_file();
        if installed(marker) && installed("node_modules/vite/bin/vite.js") {
            println!("setup: the npm packages of {dir}/ present");
            continue;
        }
        install(&format!("the npm packages of {dir}/"), || {
            run_cmd(&mut cmd(
                "npm",
                &["ci", "--prefix", dir, "--no-audit", "--no-fund"],
            ))
        })?;
    }
    Ok(())
}

/// Chromium and its WebDriver, used by the wasm tests (and later the end-to-end tests).
fn browser() -> Result {
    apt_files(
        &[CHROMIUM, CHROMEDRIVER],
        &["chromium", "chromium-driver"],
        "Chromium and chromedriver",
    )
}

/// Debian's nginx with the `brotli_static` module, for the journey that serves the app
/// through `deploy/nginx.conf`.
fn nginx() -> Result {
    apt_files(
        &[NGINX, BROTLI_STATIC],
        &["nginx", "libnginx-mod-http-brotli-static"],
        "nginx and its brotli_static module",
    )
}

/// Installs the Debian `packages` unless every one of `files` is already there.
fn apt_files(files: &[&str], packages: &[&str], what: &str) -> Result {
    if files.iter().all(|f| Path::new(f).is_file()) {
        println!("setup: {what} present");
        return Ok(());
    }
    apt_install(packages, what)
}

/// Installs Debian packages when we may (root, apt-get present); otherwise explains what to do.
fn apt_install(packages: &[&str], what: &str) -> Result {
    let is_root = probe("id", &["-u"]).as_deref() == Some("0");
    if !is_root || !Path::new("/usr/bin/apt-get").is_file() {
        return Err(format!(
            "{what} missing: install the Debian packages `{}` (as root: apt-get install {}), \
             then run this again",
            packages.join("` `"),
            packages.join(" ")
        )
        .into());
    }
    install(&packages.join(" "), || {
        let mut update = cmd("apt-get", &["update"]);
        run_cmd(update.env("DEBIAN_FRONTEND", "noninteractive"))?;
        let mut args = vec!["install", "-y"];
        args.extend(packages);
        let mut install = cmd("apt-get", &args);
        run_cmd(install.env("DEBIAN_FRONTEND", "noninteractive"))
    })
}

/// Runs one install step, printing what and how long.
fn install(what: &str, f: impl FnOnce() -> Result) -> Result {
    println!("setup: installing {what} (in {})", root().display());
    let (result, took) = timed(f);
    result.map_err(|e| format!("installing {what}: {e}"))?;
    println!("setup: installed {what} in {}", fmt_duration(took));
    Ok(())
}

/// The version in a `--version` line such as `wasm-bindgen 0.2.130` or `trunk 0.22.0-beta.1`.
fn version_word(line: &str) -> Option<String> {
    line.split_whitespace().nth(1).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_tool_banners() {
        assert_eq!(version_word("wasm-bindgen 0.2.130").unwrap(), "0.2.130");
        assert_eq!(version_word("trunk 0.22.0-beta.1").unwrap(), TRUNK_VERSION);
        assert_eq!(version_word("trunk"), None);
    }
}
