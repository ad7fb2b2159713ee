//! The app's style sheets as one file for Trunk: a first visit then asks for one sheet
//! instead of six, so the wasm is not left waiting for a connection (a browser opens six per
//! origin over HTTP/1.1, and on a slow network each new one costs a round trip). The sheets
//! stay one file per topic in `style/`; comments and layout whitespace are dropped, since
//! Trunk's own minifier also rewrites `index.html`, which the CSP step and the extension
//! build read.

use crate::proc::root;
use crate::Result;

/// The files written for `index.html`, each from `style/` sheets in cascade order. The
/// sign-in page's sheet stays a file of its own: the extension, which the dashboard signs in
/// for, leaves it out.
const BUNDLES: [(&str, &[&str]); 2] = [
    (
        "token-admin.css",
        &[
            "app.css",
            "components.css",
            "edit.css",
            "dialog.css",
            "export.css",
            "keyboard.css",
        ],
    ),
    ("sign-in.css", &["sign-in.css"]),
];

/// Where `index.html` takes them from.
const OUT_DIR: &str = "target/style";

/// Writes [`BUNDLES`] into [`OUT_DIR`].
pub fn bundle() -> Result {
    let out = root().join(OUT_DIR);
    std::fs::create_dir_all(&out)?;
    for (name, sheets) in BUNDLES {
        let mut css = String::new();
        for sheet in sheets {
            let path = root().join("style").join(sheet);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            css.push_str(&compact(&text));
            css.push('\n');
        }
        std::fs::write(out.join(name), css)?;
    }
    Ok(())
}

/// `css` without comments, whitespace runs as one space, and none next to `{`, `}` or `;`;
/// strings are kept as they are.
fn compact(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                push_space(&mut out, &mut space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if s == c && !escaped {
                        break;
                    }
                    escaped = s == '\\' && !escaped;
                }
            }
            c => {
                push_space(&mut out, &mut space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Puts back one pending space before `next`, unless it is at the start or next to a brace
/// or semicolon.
fn push_space(out: &mut String, space: &mut bool, next: char) {
    let needless = |c: char| matches!(c, '{' | '}' | ';');
    if std::mem::take(space) && !needless(next) && out.chars().last().is_some_and(|c| !needless(c))
    {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn drops_comments_and_layout_whitespace() {
        let css = "/* head */\n:root {\n  --a: 1px; /* why */\n}\n\n.a .b:hover,\n.c > .d {\n  margin: 0 calc(1px + 2px);\n}\n";
        assert_eq!(
            compact(css),
            ":root{--a: 1px;}.a .b:hover, .c > .d{margin: 0 calc(1px + 2px);}"
        );
    }

    #[test]
    fn keeps_strings_whole() {
        let css = ".a::after { content: \"/* not a comment */  x\"; }\n.b { content: '\\'  '; }";
        assert_eq!(
            compact(css),
            ".a::after{content: \"/* not a comment */  x\";}.b{content: '\\'  ';}"
        );
    }
}
