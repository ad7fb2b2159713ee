//! Where the app's wasm bytes go, the way `twiggy` shows it: every function body's size,
//! attributed by its symbol to a part of the stack (framework rendering, reactivity,
//! router, serde/JSON, bindings, app code, std/alloc), plus the data segments (strings and
//! tables) and the rest. Symbols come from a copy built exactly as the release build does,
//! with the name section kept, so each cut shows up in its part.

use std::path::{Path, PathBuf};

use crate::proc::{cmd, root, run_cmd};
use crate::Result;

/// The parts, in the order they are reported. A symbol belongs to the first part that
/// names one of its crates, or a module of one (a serde impl for an app type is serde; a
/// drop of a view type is rendering).
const PARTS: [(&str, &[&str]); 7] = [
    (
        "serde / JSON",
        &["serde", "serde_core", "serde_json", "zmij", "itoa", "ryu"],
    ),
    // The app's own router is a module of the app (src/router/).
    ("router", &["leptos_router", "token_admin::router"]),
    (
        "reactivity",
        &[
            "reactive_graph",
            "reactive_stores",
            "any_spawner",
            "or_poisoned",
            "guardian",
        ],
    ),
    (
        "framework rendering",
        &[
            "tachys",
            "leptos",
            "leptos_dom",
            "throw_error",
            "oco_ref",
            "either_of",
            "next_tuple",
            "send_wrapper",
        ],
    ),
    (
        "bindings (wasm-bindgen, web-sys, js-sys, gloo)",
        &[
            "wasm_bindgen",
            "wasm_bindgen_futures",
            "js_sys",
            "web_sys",
            "gloo_net",
            "gloo_utils",
            "console_error_panic_hook",
        ],
    ),
    (
        "app code (token_admin, ai_client, qlang)",
        &["token_admin", "ai_client", "qlang"],
    ),
    (
        "std / alloc",
        &[
            "core",
            "alloc",
            "std",
            "hashbrown",
            "dlmalloc",
            "compiler_builtins",
            "indexmap",
            "futures",
            "futures_util",
            "futures_core",
            "futures_channel",
            "futures_executor",
            "pin_project_lite",
            "slab",
            "zeroize",
        ],
    ),
];
const DATA: &str = "data segments (strings, tables)";
const OTHER: &str = "other (unattributed functions, imports, exports, types, tables)";

/// One part and its bytes.
pub struct Part {
    pub name: &'static str,
    pub bytes: u64,
}

/// Builds the named copy of `wasm` (cargo's output) into `out`: wasm-bindgen, then
/// `wasm-opt -Oz` as Trunk runs it, keeping names. Returns its path.
pub fn named_copy(wasm: &Path, out: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(out)?;
    let mut bindgen = cmd("wasm-bindgen", &["--target", "web", "--no-typescript"]);
    run_cmd(bindgen.arg("--out-dir").arg(out).arg(wasm))?;
    let stem = wasm.file_stem().unwrap_or_default().to_string_lossy();
    let bound = out.join(format!("{stem}_bg.wasm"));
    let named = out.join("named.wasm");
    let mut opt = cmd("wasm-opt", &["-Oz", "--debuginfo"]);
    run_cmd(opt.arg(&bound).arg("-o").arg(&named))?;
    Ok(named)
}

/// Cargo's release wasm of the app, as Trunk's build leaves it.
pub fn cargo_output() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), PathBuf::from)
        .join("wasm32-unknown-unknown/release/token-admin.wasm")
}

/// The parts of `wasm` (a module with a name section), largest first, then data and the
/// rest; the name section itself is left out.
pub fn parts(wasm: &[u8]) -> Result<Vec<Part>> {
    let module = Module::read(wasm)?;
    let mut bytes = vec![0u64; PARTS.len()];
    let mut other = module.other;
    for (index, size) in module.bodies.iter().enumerate() {
        let name = module
            .names
            .get(&(module.imported_functions + index as u32));
        match name.and_then(|n| part_of(&rustc_demangle::demangle(n).to_string())) {
            Some(part) => bytes[part] += size,
            None => other += size,
        }
    }
    let mut all: Vec<Part> = PARTS
        .iter()
        .zip(bytes)
        .map(|((name, _), bytes)| Part { name, bytes })
        .collect();
    all.sort_by_key(|part| std::cmp::Reverse(part.bytes));
    all.push(Part {
        name: DATA,
        bytes: module.data,
    });
    all.push(Part {
        name: OTHER,
        bytes: other,
    });
    Ok(all)
}

/// Prints `parts` as a table with each part's share of the whole.
pub fn print(parts: &[Part]) {
    let wasm: u64 = parts.iter().map(|p| p.bytes).sum();
    println!("== wasm by part (raw bytes of a named copy of the release wasm) ==");
    for part in parts {
        println!(
            "{:>10} {:>5.1} %  {}",
            part.bytes,
            part.bytes as f64 * 100.0 / wasm as f64,
            part.name
        );
    }
    println!("{wasm:>10}          total");
}

/// The parts of cargo's release wasm (from the last `dist`), built into `out`.
pub fn of_release(out: &Path) -> Result<Vec<Part>> {
    parts(&std::fs::read(named_copy(&cargo_output(), out)?)?)
}

/// The part a demangled symbol belongs to: the first part naming a crate whose path
/// appears in it (a word followed by `::` that is not itself inside a path).
fn part_of(symbol: &str) -> Option<usize> {
    let bytes = symbol.as_bytes();
    // Where each path starts: at its crate.
    let mut paths = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !is_word(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && is_word(bytes[at]) {
            at += 1;
        }
        let inside_path = symbol[..start].ends_with("::");
        if !inside_path && symbol[at..].starts_with("::") {
            paths.push(&symbol[start..]);
        }
    }
    // A name is a crate or a module path in one.
    let names = |path: &str, name: &str| {
        path.strip_prefix(name)
            .is_some_and(|rest| rest.starts_with("::"))
    };
    PARTS.iter().position(|(_, parts)| {
        paths
            .iter()
            .any(|path| parts.iter().any(|name| names(path, name)))
    })
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// What the report needs from a wasm module.
struct Module {
    imported_functions: u32,
    /// Each defined function's body size (with its size prefix), in order.
    bodies: Vec<u64>,
    /// Function names by function index.
    names: std::collections::HashMap<u32, String>,
    /// The data section's size.
    data: u64,
    /// Every other section except the name section, with section headers.
    other: u64,
}

impl Module {
    fn read(wasm: &[u8]) -> Result<Self> {
        let mut r = Reader { bytes: wasm, at: 0 };
        if r.take(8)? != b"\0asm\x01\0\0\0" {
            return Err("not a wasm module (version 1)".into());
        }
        let mut module = Module {
            imported_functions: 0,
            bodies: Vec::new(),
            names: Default::default(),
            data: 0,
            other: 8,
        };
        while r.at < wasm.len() {
            let start = r.at;
            let id = r.byte()?;
            let size = r.uleb()? as usize;
            let mut section = Reader {
                bytes: r.take(size)?,
                at: 0,
            };
            let whole = (r.at - start) as u64;
            match id {
                2 => {
                    module.imported_functions = section.imported_functions()?;
                    module.other += whole;
                }
                10 => {
                    let count = section.uleb()?;
                    module.other += whole;
                    for _ in 0..count {
                        let body_start = section.at;
                        let len = section.uleb()? as usize;
                        section.take(len)?;
                        let body = (section.at - body_start) as u64;
                        module.bodies.push(body);
                        module.other -= body;
                    }
                }
                11 => module.data += whole,
                0 if section.name()? == "name" => module.names = section.function_names()?,
                _ => module.other += whole,
            }
        }
        Ok(module)
    }
}

/// A cursor over wasm bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len());
        let end = end.ok_or("the wasm module ends early")?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn uleb(&mut self) -> Result<u64> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
            shift += 7;
            if shift > 63 {
                return Err("a LEB128 number is too long".into());
            }
        }
    }

    fn name(&mut self) -> Result<String> {
        let len = self.uleb()? as usize;
        Ok(String::from_utf8_lossy(self.take(len)?).into_owned())
    }

    fn limits(&mut self) -> Result {
        let flags = self.byte()?;
        self.uleb()?;
        if flags & 1 != 0 {
            self.uleb()?;
        }
        Ok(())
    }

    /// How many functions the import section imports.
    fn imported_functions(&mut self) -> Result<u32> {
        let mut functions = 0;
        for _ in 0..self.uleb()? {
            self.name()?;
            self.name()?;
            match self.byte()? {
                0 => {
                    self.uleb()?;
                    functions += 1;
                }
                1 => {
                    self.byte()?;
                    self.limits()?;
                }
                2 => self.limits()?,
                3 => {
                    self.take(2)?;
                }
                4 => {
                    self.byte()?;
                    self.uleb()?;
                }
                other => return Err(format!("unknown import kind {other}").into()),
            }
        }
        Ok(functions)
    }

    /// The function names subsection of a name section (after its name).
    fn function_names(&mut self) -> Result<std::collections::HashMap<u32, String>> {
        let mut names = std::collections::HashMap::new();
        while self.at < self.bytes.len() {
            let id = self.byte()?;
            let size = self.uleb()? as usize;
            let mut sub = Reader {
                bytes: self.take(size)?,
                at: 0,
            };
            if id == 1 {
                for _ in 0..sub.uleb()? {
                    let index = u32::try_from(sub.uleb()?)?;
                    names.insert(index, sub.name()?);
                }
            }
        }
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(symbol: &str) -> Option<&'static str> {
        part_of(symbol).map(|i| PARTS[i].0)
    }

    #[test]
    fn symbols_go_to_the_part_of_their_crates() {
        assert_eq!(
            part("<token_admin::tokens::Token as serde::de::Deserialize>::deserialize"),
            Some("serde / JSON")
        );
        assert_eq!(
            part("core::ptr::drop_in_place<tachys::html::element::HtmlElement<(), ()>>"),
            Some("framework rendering")
        );
        assert_eq!(
            part("tachys::reactive_graph::bind::update"),
            Some("framework rendering"),
            "a module named like a crate is not that crate"
        );
        assert_eq!(
            part("reactive_graph::graph::subscriber::AnySubscriber::mark_dirty"),
            Some("reactivity")
        );
        assert_eq!(part("token_admin::app::shell::Shell"), Some(PARTS[5].0));
        assert_eq!(
            part("token_admin::router::routes::Route::new::{{closure}}"),
            Some("router")
        );
        assert_eq!(
            part("token_admin::routerless::f"),
            Some(PARTS[5].0),
            "a module path ends at `::`"
        );
        assert_eq!(part("core::fmt::write"), Some("std / alloc"));
        assert_eq!(part("__wbindgen_malloc"), None);
    }

    /// A module with one imported and two defined functions and data, without names.
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // type section: one type () -> ()
        wasm.extend([1, 4, 1, 0x60, 0, 0]);
        // import section: "m" "f", a function of type 0
        wasm.extend([2, 7, 1, 1, b'm', 1, b'f', 0, 0]);
        // function section: two functions of type 0
        wasm.extend([3, 3, 2, 0, 0]);
        // code section: bodies of 2 and 4 bytes, each after its size byte
        wasm.extend([10, 9, 2, 2, 0, 0x0b, 4, 0, 1, 1, 0x0b]);
        // data section: 5 bytes
        wasm.extend([11, 5, 0, 0, 0, 0, 0]);
        wasm
    }

    /// A name section naming function 1 (the app) and function 2 (core).
    fn name_section() -> Vec<u8> {
        let mut sub = vec![2u8];
        for (index, name) in [
            (1u8, "_ZN11token_admin4main17h0123456789abcdefE"),
            (2, "_ZN4core3fmt5write17h0123456789abcdefE"),
        ] {
            sub.extend([index, name.len() as u8]);
            sub.extend(name.bytes());
        }
        let mut section = vec![4u8];
        section.extend(b"name");
        section.extend([1, sub.len() as u8]);
        section.extend(sub);
        let mut whole = vec![0u8, section.len() as u8];
        whole.extend(section);
        whole
    }

    #[test]
    fn function_bodies_are_attributed_by_name() {
        let mut wasm = module();
        wasm.extend(name_section());
        let parts = parts(&wasm).unwrap();
        let bytes = |name: &str| parts.iter().find(|p| p.name == name).unwrap().bytes;
        assert_eq!(bytes(PARTS[5].0), 3, "the app's body and its size byte");
        assert_eq!(bytes("std / alloc"), 5);
        assert_eq!(bytes(DATA), 7);
        let total: u64 = parts.iter().map(|p| p.bytes).sum();
        assert_eq!(total as usize, module().len(), "everything but the names");
    }
}
