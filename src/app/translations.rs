//! A test over the whole app (so it lives at the top, where every feature may be read):
//! every English text the code passes to `t("…")` or `tf("…", …)` has a German translation
//! with the same placeholders. The texts are found by reading the sources under `src/`;
//! texts that reach `t` through a constant or a function (`t(theme.label())`) are listed
//! in [`texts_behind_constants`].

use std::fs;
use std::path::{Path, PathBuf};

use crate::i18n::translate;

/// A text found in the sources, and where.
#[derive(Debug)]
struct Found {
    text: String,
    at: String,
}

/// The texts passed to `t` and `tf` through constants and functions rather than literals.
fn texts_behind_constants() -> Vec<&'static str> {
    use crate::tokens::delete::bulk_outcome::DeleteResult;

    let mut texts = vec![crate::ui::unsaved_guard::LEAVE_PROMPT];
    texts.extend(crate::prefs::theme::Theme::ALL.map(crate::prefs::theme::Theme::label));
    texts.extend(
        [
            DeleteResult::Deleted,
            DeleteResult::NeedsForce(String::new()),
            DeleteResult::Forbidden,
            DeleteResult::Failed(String::new()),
        ]
        .iter()
        .map(DeleteResult::label),
    );
    texts.extend(crate::ui::relative_time_texts());
    texts.extend(crate::keyboard::texts_behind_constants());
    texts
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals passed first to a function named exactly `t` or `tf` in `source`
/// (so not `set(`, `get(`, `list_t(`), outside `//` comments: unescaped, with their line
/// numbers.
fn literals_passed_to_t(source: &str) -> Vec<(usize, String)> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for (open, _) in source.match_indices('(') {
        let before = &source[..open];
        let name_start = before.trim_end_matches(is_ident).len();
        if !matches!(&before[name_start..], "t" | "tf") {
            continue;
        }
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        if before[line_start..].contains("//") {
            continue;
        }
        if let Some(literal) = source[open + 1..].trim_start().strip_prefix('"') {
            found.push((before.matches('\n').count() + 1, unescape(literal)));
        }
    }
    found
}

/// The text of a Rust string literal whose opening quote has been consumed, up to its
/// closing quote, with escapes resolved (including `\` at a line end).
fn unescape(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some('u') => {
                    let code: String = chars
                        .by_ref()
                        .skip_while(|&c| c == '{')
                        .take_while(|&c| c != '}')
                        .collect();
                    if let Some(c) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                        out.push(c);
                    }
                }
                Some('\n') => {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                Some(other) => out.push(other),
                None => break,
            },
            c => out.push(c),
        }
    }
    out
}

/// The placeholders of a template, in order (`{}` and `{0}`, `{1}`, …), sorted so that a
/// translation may reorder them: `{}` counts as its position.
fn placeholders(template: &str) -> Vec<usize> {
    let mut next = 0;
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].bytes().all(|b| b.is_ascii_digit()) => {
                found.push(if close == 0 {
                    next += 1;
                    next - 1
                } else {
                    after[..close].parse().unwrap_or(usize::MAX)
                });
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found.sort_unstable();
    found
}

/// Every text the code sends through `t`/`tf`, with where it was found.
fn all_texts() -> Vec<Found> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    let mut texts = Vec::new();
    // This file's own test holds sample calls, not texts of the app.
    files.retain(|file| !file.ends_with("app/translations.rs"));
    for file in files {
        let source = fs::read_to_string(&file).unwrap_or_default();
        let name = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for (line, text) in literals_passed_to_t(&source) {
            texts.push(Found {
                text,
                at: format!("src/{name}:{line}"),
            });
        }
    }
    texts.extend(texts_behind_constants().into_iter().map(|text| Found {
        text: text.to_owned(),
        at: "a constant (see texts_behind_constants)".to_owned(),
    }));
    texts
}

#[test]
fn every_text_has_a_german_translation_with_the_same_placeholders() {
    let texts = all_texts();
    assert!(
        texts.len() > 100,
        "only {} texts found: is the scan broken?",
        texts.len()
    );
    let mut problems = Vec::new();
    for Found { text, at } in &texts {
        match translate(text) {
            None => problems.push(format!("{at}: no German for {text:?}")),
            Some(german) if placeholders(german) != placeholders(text) => problems.push(format!(
                "{at}: the German {german:?} has other placeholders than {text:?}"
            )),
            Some(_) => {}
        }
    }
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} of {} texts need work in src/i18n/de.txt:\n{}",
        problems.len(),
        texts.len(),
        problems.join("\n")
    );
}

#[test]
fn the_scan_finds_t_and_tf_calls_only() {
    let source = r#"
        let a = t("Plain");
        let b = i18n::tf("With {} and \"quotes\"", &[x]);
        let c = tf(
            "Long \
             line",
            &[],
        );
        let d = set("not this"); let e = get("nor this"); let f = list_t("nor this");
        // t("not in a comment")
        let g = t(label);
        let h = t("A\u{2026}");
    "#;
    let found: Vec<(usize, String)> = literals_passed_to_t(source);
    assert_eq!(
        found,
        [
            (2, "Plain".to_owned()),
            (3, "With {} and \"quotes\"".to_owned()),
            (4, "Long line".to_owned()),
            (12, "A…".to_owned()),
        ]
    );
}

#[test]
fn placeholders_may_be_reordered_but_not_lost() {
    assert_eq!(placeholders("{} of {}"), placeholders("{1} von {0}"));
    assert_ne!(placeholders("{} of {}"), placeholders("{} von"));
    assert_eq!(placeholders("no {braces"), Vec::<usize>::new());
}
