//! Text from the API shown as text, with nothing hidden: characters that are invisible or
//! that reorder the text around them (bidi controls such as U+202E, zero-width and other
//! format characters, control characters) become visible markers like `⟨U+202E⟩`, so a
//! name cannot pass for another one. Pure, so it is tested natively; the
//! `ShownText` component renders the pieces.

use crate::i18n::{t, tf};

/// A run of displayed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Ordinary text, shown as it is.
    Text(String),
    /// A character that would be invisible or reorder the text, shown as a marker instead.
    Hidden(char),
}

/// The explicit bidi formatting characters: embeddings, overrides, isolates and marks.
const BIDI_CONTROLS: [char; 12] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
];

/// The black flag that starts an emoji tag sequence (subdivision flags such as England's).
const TAG_BASE: char = '\u{1F3F4}';
/// The tag that ends an emoji tag sequence.
const CANCEL_TAG: char = '\u{E007F}';

/// Whether `c` is a bidi control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    BIDI_CONTROLS.contains(&c)
}

/// Whether `c` is always shown as a marker: control characters, bidi controls, line and
/// paragraph separators, and format or filler characters that draw nothing.
fn always_hidden(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0001}'
        )
}

fn is_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007F}').contains(&c)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// `text` cut into ordinary runs and hidden characters. Zero-width (non-)joiners stay
/// text between two non-ASCII characters (emoji sequences, joining scripts), and tag
/// characters stay text inside an emoji tag sequence; elsewhere both are markers.
pub fn pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut run = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == TAG_BASE {
            let end = emoji_tag_sequence_end(&chars[i..]);
            run.extend(&chars[i..i + end]);
            i += end;
            continue;
        }
        let hidden = if is_joiner(c) {
            let joins = |n: Option<&char>| n.is_some_and(|n| !n.is_ascii() && !always_hidden(*n));
            !(i > 0 && joins(chars.get(i - 1)) && joins(chars.get(i + 1)))
        } else {
            always_hidden(c) || is_tag(c)
        };
        if hidden {
            if !run.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut run)));
            }
            pieces.push(Piece::Hidden(c));
        } else {
            run.push(c);
        }
        i += 1;
    }
    if !run.is_empty() {
        pieces.push(Piece::Text(run));
    }
    pieces
}

/// How many chars of `chars` (which starts with the black flag) form an emoji tag
/// sequence: the flag, one or more tags and the cancel tag; 1 when they do not.
fn emoji_tag_sequence_end(chars: &[char]) -> usize {
    let tags = chars[1..]
        .iter()
        .take_while(|c| is_tag(**c) && **c != CANCEL_TAG)
        .count();
    if tags > 0 && chars.get(1 + tags) == Some(&CANCEL_TAG) {
        tags + 2
    } else {
        1
    }
}

/// Whether any character of `text` is shown as a marker.
pub fn has_hidden(text: &str) -> bool {
    pieces(text).iter().any(|p| matches!(p, Piece::Hidden(_)))
}

/// The code point as `U+202E` (at least four hex digits).
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The marker shown in place of `c`: `⟨U+202E⟩`.
pub fn marker(c: char) -> String {
    format!("⟨{}⟩", code_point(c))
}

/// What `c` is, in words of the current language: "right-to-left override".
pub fn char_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => t("left-to-right embedding"),
        '\u{202B}' => t("right-to-left embedding"),
        '\u{202C}' => t("pop directional formatting"),
        '\u{202D}' => t("left-to-right override"),
        '\u{202E}' => t("right-to-left override"),
        '\u{2066}' => t("left-to-right isolate"),
        '\u{2067}' => t("right-to-left isolate"),
        '\u{2068}' => t("first strong isolate"),
        '\u{2069}' => t("pop directional isolate"),
        '\u{200E}' => t("left-to-right mark"),
        '\u{200F}' => t("right-to-left mark"),
        '\u{061C}' => t("Arabic letter mark"),
        '\u{200B}' => t("zero width space"),
        '\u{200C}' => t("zero width non-joiner"),
        '\u{200D}' => t("zero width joiner"),
        '\u{2060}' => t("word joiner"),
        '\u{FEFF}' => t("zero width no-break space"),
        '\u{00AD}' => t("soft hyphen"),
        '\u{2028}' => t("line separator"),
        '\u{2029}' => t("paragraph separator"),
        '\t' => t("tab"),
        '\n' => t("line feed"),
        '\r' => t("carriage return"),
        c if is_tag(c) || c == '\u{E0001}' => t("tag character"),
        c if c.is_control() => t("control character"),
        _ => t("invisible character"),
    }
}

/// The accessible text of a marker: "hidden character: right-to-left override, U+202E".
pub fn describe(c: char) -> String {
    tf("hidden character: {}, {}", &[char_name(c), &code_point(c)])
}

/// `text` as one string with markers in place of hidden characters, for places that take
/// plain text only (`title` attributes, messages).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Text(run) => out.push_str(&run),
            Piece::Hidden(c) => out.push_str(&marker(c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece {
        Piece::Text(s.to_owned())
    }

    #[test]
    fn ordinary_text_is_one_piece() {
        for shown in [
            "OpenAI production key",
            "<img src=x onerror=alert(1)>",
            "מפתח ייצור",
            "مفتاح الإنتاج",
            "Schlüssel 🔑 für Ærø",
            "🇩🇪 🏳️‍🌈 👩🏽‍💻 ❤️",
            "'; DROP TABLE tokens; -- .* % _ \\",
        ] {
            assert_eq!(pieces(shown), [text(shown)], "{shown}");
            assert!(!has_hidden(shown));
            assert_eq!(plain(shown), shown);
        }
        assert_eq!(pieces(""), []);
    }

    #[test]
    fn every_bidi_control_becomes_a_marker() {
        for c in BIDI_CONTROLS {
            let name = format!("invoice{c}fdp.exe");
            assert_eq!(
                pieces(&name),
                [text("invoice"), Piece::Hidden(c), text("fdp.exe")],
                "{}",
                code_point(c)
            );
        }
        assert_eq!(plain("invoice\u{202E}fdp.exe"), "invoice⟨U+202E⟩fdp.exe");
        assert_eq!(
            describe('\u{202E}'),
            "hidden character: right-to-left override, U+202E"
        );
        assert_eq!(
            describe('\u{061C}'),
            "hidden character: Arabic letter mark, U+061C"
        );
    }

    #[test]
    fn invisible_and_control_characters_become_markers() {
        assert_eq!(
            pieces("\u{200B}a\u{FEFF}\u{2060}b\n\u{0}"),
            [
                Piece::Hidden('\u{200B}'),
                text("a"),
                Piece::Hidden('\u{FEFF}'),
                Piece::Hidden('\u{2060}'),
                text("b"),
                Piece::Hidden('\n'),
                Piece::Hidden('\u{0}'),
            ]
        );
        assert_eq!(plain("a\u{AD}b"), "a⟨U+00AD⟩b");
        assert_eq!(plain("\u{7}"), "⟨U+0007⟩");
        assert_eq!(plain("x\u{3164}y"), "x⟨U+3164⟩y");
        assert_eq!(describe('\n'), "hidden character: line feed, U+000A");
        assert_eq!(
            describe('\u{7F}'),
            "hidden character: control character, U+007F"
        );
    }

    #[test]
    fn joiners_stay_inside_emoji_and_scripts_only() {
        let family = "👩\u{200D}👩\u{200D}👧";
        assert_eq!(pieces(family), [text(family)]);
        let persian = "می\u{200C}خواهم";
        assert_eq!(pieces(persian), [text(persian)]);
        assert_eq!(
            pieces("pay\u{200D}pal"),
            [text("pay"), Piece::Hidden('\u{200D}'), text("pal")]
        );
        assert_eq!(
            pieces("\u{200D}👧"),
            [Piece::Hidden('\u{200D}'), text("👧")]
        );
        assert_eq!(
            pieces("👩\u{200D}\u{202E}"),
            [
                text("👩"),
                Piece::Hidden('\u{200D}'),
                Piece::Hidden('\u{202E}')
            ]
        );
    }

    #[test]
    fn tags_stay_only_in_emoji_tag_sequences() {
        let england = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
        assert_eq!(
            pieces(&format!("go {england}!")),
            [text(&format!("go {england}!"))]
        );
        // Tags outside a flag carry hidden text ("hi" here): shown.
        assert_eq!(plain("ok\u{E0068}\u{E0069}"), "ok⟨U+E0068⟩⟨U+E0069⟩");
        // A flag without its cancel tag: the flag stays, the tags show.
        assert_eq!(plain("\u{1F3F4}\u{E0067}"), "\u{1F3F4}⟨U+E0067⟩");
        assert_eq!(plain("\u{1F3F4}"), "\u{1F3F4}");
    }

    #[test]
    fn long_text_is_kept_whole() {
        let long = "n".repeat(10_000);
        assert_eq!(plain(&long), long);
        let hostile = "\u{202E}".repeat(3);
        assert_eq!(plain(&hostile), "⟨U+202E⟩".repeat(3));
    }

    #[test]
    fn markers_name_the_code_point() {
        assert_eq!(marker('\u{200F}'), "⟨U+200F⟩");
        assert_eq!(code_point('\u{E0001}'), "U+E0001");
        assert_eq!(code_point('\u{9}'), "U+0009");
    }
}
