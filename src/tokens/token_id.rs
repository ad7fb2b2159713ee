//! Token ids: the rule `[A-Za-z0-9_-]{1,66}`, explained per problem, and an id suggested
//! from a display name.

use std::fmt;

use crate::i18n::{t, tf};
use crate::platform::lowercase::lowercase;

/// The longest id the API accepts, in characters.
pub const MAX_ID_CHARS: usize = 66;

/// Why a text is not a valid token id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// Nothing was entered.
    Empty,
    /// Longer than [`MAX_ID_CHARS`].
    TooLong {
        /// How many characters it has.
        chars: usize,
    },
    /// A character outside `A-Z a-z 0-9 - _`.
    BadChar {
        /// The first such character.
        found: char,
        /// Its position, counted from 1.
        position: usize,
    },
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdProblem::Empty => f.write_str(t("Enter an ID.")),
            IdProblem::TooLong { chars } => f.write_str(&tf(
                "IDs have at most {} characters (this one has {}).",
                &[&MAX_ID_CHARS.to_string(), &chars.to_string()],
            )),
            IdProblem::BadChar { found, position } => {
                let shown = if found.is_control() {
                    found.escape_default().to_string()
                } else {
                    found.to_string()
                };
                f.write_str(&tf(
                    "IDs may use letters, digits, '-' and '_' (found '{}' at character {})",
                    &[&shown, &position.to_string()],
                ))
            }
        }
    }
}

/// Whether `c` may appear in an id.
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// `Ok` when `id` is a valid token id as it stands (nothing is trimmed); else its first problem.
pub fn check_id(id: &str) -> Result<(), IdProblem> {
    if id.is_empty() {
        return Err(IdProblem::Empty);
    }
    if let Some((index, found)) = id.chars().enumerate().find(|(_, c)| !is_id_char(*c)) {
        return Err(IdProblem::BadChar {
            found,
            position: index + 1,
        });
    }
    match id.chars().count() {
        chars if chars > MAX_ID_CHARS => Err(IdProblem::TooLong { chars }),
        _ => Ok(()),
    }
}

/// An id made from a display name: lower case, accented Latin letters without their
/// accents, other letters dropped, every run of anything else one `-`, no `-` at either
/// end, at most [`MAX_ID_CHARS`]. "OpenAI prod key (EU)" → "openai-prod-key-eu".
/// Empty when the name has no usable letter or digit.
pub fn suggest_id(name: &str) -> String {
    let mut id = String::new();
    let mut gap = false;
    // Lower-casing the whole name differs from doing it per character only for a final Σ
    // (ς rather than σ), and both vanish below.
    for c in lowercase(name).chars() {
        let ascii = if c.is_ascii_alphanumeric() {
            Some(c.encode_utf8(&mut [0; 4]).to_owned())
        } else {
            transliterate(c).map(str::to_owned)
        };
        match ascii {
            Some(text) => {
                if gap && !id.is_empty() {
                    id.push('-');
                }
                gap = false;
                id.push_str(&text);
            }
            // Letters without an ASCII form vanish; anything else separates words.
            None if c.is_alphabetic() => {}
            None => gap = true,
        }
    }
    id.truncate(MAX_ID_CHARS);
    id.trim_end_matches('-').to_owned()
}

/// The ASCII spelling of a lower-case accented Latin letter, if it has an obvious one.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids_pass() {
        for id in ["a", "openai-prod", "A_b-9", &"x".repeat(MAX_ID_CHARS)] {
            assert_eq!(check_id(id), Ok(()), "{id}");
        }
    }

    #[test]
    fn each_problem_has_its_message() {
        assert_eq!(check_id(""), Err(IdProblem::Empty));
        assert_eq!(IdProblem::Empty.to_string(), "Enter an ID.");

        let space = check_id("open ai").unwrap_err();
        assert_eq!(
            space,
            IdProblem::BadChar {
                found: ' ',
                position: 5
            }
        );
        assert_eq!(
            space.to_string(),
            "IDs may use letters, digits, '-' and '_' (found ' ' at character 5)"
        );
        assert_eq!(
            check_id("käse").unwrap_err().to_string(),
            "IDs may use letters, digits, '-' and '_' (found 'ä' at character 2)"
        );
        assert_eq!(
            check_id("a\tb").unwrap_err().to_string(),
            "IDs may use letters, digits, '-' and '_' (found '\\t' at character 2)"
        );

        let long = "x".repeat(MAX_ID_CHARS + 4);
        assert_eq!(check_id(&long), Err(IdProblem::TooLong { chars: 70 }));
        assert_eq!(
            IdProblem::TooLong { chars: 70 }.to_string(),
            "IDs have at most 66 characters (this one has 70)."
        );
        // A bad character is the more useful message, even in a long id.
        assert!(matches!(
            check_id(&format!("{long}!")),
            Err(IdProblem::BadChar { position: 71, .. })
        ));
    }

    #[test]
    fn suggestions_from_names() {
        let cases = [
            ("OpenAI prod key (EU)", "openai-prod-key-eu"),
            ("  GitHub -- MCP / PAT!  ", "github-mcp-pat"),
            ("snake_case name", "snake-case-name"),
            ("Müller & Söhne GmbH", "muller-sohne-gmbh"),
            ("Straße Œuvre", "strasse-oeuvre"),
            ("ÄRGER", "arger"),
            ("日本 key", "key"),
            ("key 日本語", "key"),
            ("v2.0 → v3", "v2-0-v3"),
            ("", ""),
            ("—", ""),
        ];
        for (name, id) in cases {
            assert_eq!(suggest_id(name), id, "{name}");
        }
    }

    #[test]
    fn suggestions_are_valid_and_capped() {
        let long = suggest_id(&"word ".repeat(40));
        assert!(long.len() <= MAX_ID_CHARS, "{long}");
        assert!(!long.ends_with('-'), "{long}");
        assert_eq!(check_id(&long), Ok(()));
        for name in ["OpenAI prod key (EU)", "a b", "ß", "x\u{7}y"] {
            assert_eq!(check_id(&suggest_id(name)), Ok(()), "{name}");
        }
    }
}
