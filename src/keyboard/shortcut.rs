//! Which key press is which global shortcut, and which elements take typed text.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A shortcut the document-wide listener handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// `/`: the token search.
    Search,
    /// `n`: the create page.
    NewToken,
    /// `?`: the shortcut sheet.
    Sheet,
    /// Ctrl+K or ⌘+K: the command palette.
    Palette,
    /// ↓ in the list's search field: the first row of the table.
    ToRows,
}

/// Where the focus is when a key is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Not in a text field.
    Elsewhere,
    /// In a field that takes typed text.
    TextField,
    /// In the token list's search field (a text field too).
    SearchField,
}

impl Shortcut {
    /// The shortcut for a key press: `key` as `KeyboardEvent.key` names it, `command` when
    /// Ctrl or ⌘ is held, `alt` when Alt is, and where the focus is. Ctrl/⌘+K counts
    /// everywhere; single keys only without Ctrl, ⌘ or Alt (Shift is how some keyboards
    /// type `?` and `/`) and outside text fields, except ↓ in the search field.
    pub fn for_key(key: &str, command: bool, alt: bool, focus: Focus) -> Option<Shortcut> {
        if command && !alt && key.eq_ignore_ascii_case("k") {
            return Some(Shortcut::Palette);
        }
        if command || alt {
            return None;
        }
        match (key, focus) {
            ("ArrowDown", Focus::SearchField) => Some(Shortcut::ToRows),
            (_, Focus::TextField | Focus::SearchField) => None,
            ("/", _) => Some(Shortcut::Search),
            ("n", _) => Some(Shortcut::NewToken),
            ("?", _) => Some(Shortcut::Sheet),
            _ => None,
        }
    }
}

/// Whether keys pressed in `el` type text: a text-like input, a select, a textarea or
/// editable content.
pub fn in_text_field(el: &Element) -> bool {
    let tag = el.tag_name();
    if tag.eq_ignore_ascii_case("input") {
        is_text_input_type(&el.get_attribute("type").unwrap_or_default())
    } else if tag.eq_ignore_ascii_case("select") || tag.eq_ignore_ascii_case("textarea") {
        true
    } else {
        el.dyn_ref::<HtmlElement>()
            .is_some_and(HtmlElement::is_content_editable)
    }
}

/// Whether an `<input type=…>` takes typed text; a missing or unknown type is text, as in HTML.
fn is_text_input_type(kind: &str) -> bool {
    const NOT_TEXT: [&str; 10] = [
        "checkbox", "radio", "button", "submit", "reset", "image", "file", "color", "range",
        "hidden",
    ];
    !NOT_TEXT.iter().any(|t| t.eq_ignore_ascii_case(kind.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_keys_count_only_outside_text_fields_and_without_modifiers() {
        use Focus::*;
        let key = |k, command, alt, focus| Shortcut::for_key(k, command, alt, focus);
        assert_eq!(key("/", false, false, Elsewhere), Some(Shortcut::Search));
        assert_eq!(key("n", false, false, Elsewhere), Some(Shortcut::NewToken));
        assert_eq!(key("?", false, false, Elsewhere), Some(Shortcut::Sheet));
        for focus in [TextField, SearchField] {
            for k in ["/", "?", "n"] {
                assert_eq!(key(k, false, false, focus), None, "{k} in {focus:?}");
            }
        }
        assert_eq!(key("n", true, false, Elsewhere), None);
        assert_eq!(key("n", false, true, Elsewhere), None);
        assert_eq!(key("N", false, false, Elsewhere), None);
        assert_eq!(key("x", false, false, Elsewhere), None);
    }

    #[test]
    fn arrow_down_leaves_only_the_search_field_for_the_rows() {
        use Focus::*;
        let key = |k, command, alt, focus| Shortcut::for_key(k, command, alt, focus);
        assert_eq!(
            key("ArrowDown", false, false, SearchField),
            Some(Shortcut::ToRows)
        );
        assert_eq!(key("ArrowDown", false, false, TextField), None);
        assert_eq!(key("ArrowDown", false, false, Elsewhere), None);
        assert_eq!(key("ArrowDown", false, true, SearchField), None);
    }

    #[test]
    fn ctrl_or_command_k_opens_the_palette_even_while_typing() {
        for key in ["k", "K"] {
            for focus in [Focus::Elsewhere, Focus::TextField, Focus::SearchField] {
                assert_eq!(
                    Shortcut::for_key(key, true, false, focus),
                    Some(Shortcut::Palette)
                );
            }
        }
        assert_eq!(Shortcut::for_key("k", false, false, Focus::Elsewhere), None);
        assert_eq!(Shortcut::for_key("k", true, true, Focus::Elsewhere), None);
    }

    #[test]
    fn only_text_like_inputs_take_typing() {
        for kind in [
            "", "text", "search", "email", "password", "number", "url", "date", "weird",
        ] {
            assert!(is_text_input_type(kind), "{kind}");
        }
        for kind in [
            "checkbox", "RADIO", "button", "submit", "reset", "file", "range",
        ] {
            assert!(!is_text_input_type(kind), "{kind}");
        }
    }
}
