//! Checks on a token value as it is typed: what looks like a paste gone wrong or the key of
//! another provider. They only warn (the admin may know better) and never repeat any part
//! of the value. Create, recreate and any later form that takes a value use
//! [`value_warnings`].

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::platform::lowercase::lowercase;
use crate::ui::SecretText;

/// Below this many characters a value is unlikely to be a whole API key.
pub const MIN_LENGTH: usize = 16;

/// A provider whose keys have a recognisable start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Provider {
    /// Its name as people write it (not translated).
    pub name: &'static str,
    /// How its keys start (case-sensitive).
    prefixes: &'static [&'static str],
    /// Words in a token's name or id that mean this provider (lower case). Words of four
    /// letters or more also count inside longer words ("OpenAIProd"), shorter ones only
    /// on their own ("hf-prod").
    words: &'static [&'static str],
}

/// The known providers; a more specific start comes before one it begins with (`sk-ant-`
/// before `sk-`).
const PROVIDERS: &[Provider] = &[
    Provider {
        name: "Anthropic",
        prefixes: &["sk-ant-"],
        words: &["anthropic", "claude"],
    },
    Provider {
        name: "OpenRouter",
        prefixes: &["sk-or-"],
        words: &["openrouter"],
    },
    Provider {
        name: "OpenAI",
        prefixes: &["sk-"],
        words: &["openai"],
    },
    Provider {
        name: "Google",
        prefixes: &["AIza"],
        words: &["google", "gemini"],
    },
    Provider {
        name: "Hugging Face",
        prefixes: &["hf_"],
        words: &["huggingface", "hf"],
    },
    Provider {
        name: "Groq",
        prefixes: &["gsk_"],
        words: &["groq"],
    },
    Provider {
        name: "xAI",
        prefixes: &["xai-"],
        words: &["xai"],
    },
    Provider {
        name: "Perplexity",
        prefixes: &["pplx-"],
        words: &["perplexity", "pplx"],
    },
    Provider {
        name: "GitHub",
        prefixes: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        words: &["github"],
    },
    Provider {
        name: "Slack",
        prefixes: &["xoxb-", "xoxp-", "xapp-"],
        words: &["slack"],
    },
    Provider {
        name: "Stripe",
        prefixes: &["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        words: &["stripe"],
    },
];

/// Something about a typed value worth a second look. Ordered as the warnings are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ValueWarning {
    /// Spaces or tabs before or after the value: they would be stored as part of it.
    Whitespace,
    /// A line break (one-line fields turn it into a space or drop it).
    LineBreak,
    /// Starts with `Bearer ` (any case), which is usually added by whoever sends the key.
    Bearer,
    /// Shorter than [`MIN_LENGTH`] characters.
    Short,
    /// Shaped like a key of `value`, while the token's name or id names `named`.
    OtherProvider {
        /// Whose key the value looks like.
        value: Provider,
        /// The provider the name or id names.
        named: Provider,
    },
}

impl ValueWarning {
    /// The warning as a sentence in the current language. It names providers, never any
    /// part of the value.
    pub fn message(self) -> String {
        match self {
            Self::Whitespace => t("The value begins or ends with a space or tab, which would be stored as part of it.").to_owned(),
            Self::LineBreak => t("The value had a line break, which this one-line field turns into a space or drops. Check that the value is complete.").to_owned(),
            Self::Bearer => t("The value starts with “Bearer ”. Most users of a token expect the key alone; keep the word only if the token is sent as a whole Authorization header.").to_owned(),
            Self::Short => tf(
                "The value is shorter than {} characters; API keys are usually longer. Check that all of it was pasted.",
                &[&MIN_LENGTH.to_string()],
            ),
            Self::OtherProvider { value, named } => tf(
                "The value looks like a key from {0}, but the token's name or ID points to {1}.",
                &[value.name, named.name],
            ),
        }
    }
}

/// The warnings for `value`, typed for a token whose name and id are `names`. A blank value
/// has none (the form asks for a value on its own).
pub fn check_value(value: &str, names: &[&str]) -> Vec<ValueWarning> {
    let key = value.trim();
    if key.is_empty() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    if key.len() != value.trim_matches(['\r', '\n']).len() {
        warnings.push(ValueWarning::Whitespace);
    }
    if value.contains(['\r', '\n']) {
        warnings.push(ValueWarning::LineBreak);
    }
    let key = match strip_bearer(key) {
        Some(rest) => {
            warnings.push(ValueWarning::Bearer);
            rest
        }
        None => key,
    };
    if key.chars().count() < MIN_LENGTH {
        warnings.push(ValueWarning::Short);
    }
    if let Some(shape) = provider_of(key) {
        let named = named_providers(names);
        if let (false, Some(&first)) = (named.contains(&shape), named.first()) {
            warnings.push(ValueWarning::OtherProvider {
                value: shape,
                named: first,
            });
        }
    }
    warnings
}

/// `key` without a leading `Bearer` and the blanks after it (any case), if it has one.
fn strip_bearer(key: &str) -> Option<&str> {
    let (word, rest) = key.split_at_checked(6)?;
    (word.eq_ignore_ascii_case("bearer") && rest.starts_with([' ', '\t'])).then(|| rest.trim())
}

/// The provider whose keys start like `key`.
pub fn provider_of(key: &str) -> Option<Provider> {
    PROVIDERS
        .iter()
        .find(|p| p.prefixes.iter().any(|prefix| key.starts_with(prefix)))
        .copied()
}

/// The providers named in `names` (a token's name and id), in [`PROVIDERS`] order.
pub fn named_providers(names: &[&str]) -> Vec<Provider> {
    let lower: Vec<String> = names.iter().map(|n| lowercase(n)).collect();
    let words: Vec<&str> = lower
        .iter()
        .flat_map(|n| n.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let joined: String = words.concat();
    PROVIDERS
        .iter()
        .filter(|p| {
            p.words.iter().any(|word| {
                words.contains(word) || (word.chars().count() >= 4 && joined.contains(word))
            })
        })
        .copied()
        .collect()
}

/// The warnings for what is typed in `secret`, for a token named by `names` (its name and
/// id as typed), as sentences; they change only when the set of warnings does. A line
/// break that the field dropped from a paste counts as one.
pub fn value_warnings(
    secret: SecretText,
    names: impl Fn() -> [String; 2] + Send + Sync + 'static,
) -> Signal<Vec<String>> {
    let found = Memo::new(move |_| {
        let names = names();
        let names = [names[0].as_str(), names[1].as_str()];
        let mut warnings = secret.check(|value| check_value(value, &names));
        if secret.pasted_line_break() && !secret.is_blank() {
            warnings.push(ValueWarning::LineBreak);
            warnings.sort_unstable();
            warnings.dedup();
        }
        warnings
    });
    Signal::derive(move || found.with(|warnings| warnings.iter().map(|w| w.message()).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{set_current, Locale};
    use ValueWarning::*;

    /// A plausible key body: long enough, no provider's start.
    const BODY: &str = "abcdefghijklmnopqrstuvwxyz012345";

    fn key(prefix: &str) -> String {
        format!("{prefix}{BODY}")
    }

    fn provider(name: &str) -> Provider {
        *PROVIDERS.iter().find(|p| p.name == name).unwrap()
    }

    #[test]
    fn a_clean_key_has_no_warning() {
        assert_eq!(check_value(BODY, &["Billing", "billing"]), []);
        assert_eq!(
            check_value(&key("sk-"), &["OpenAI prod", "openai-prod"]),
            []
        );
        assert_eq!(check_value("", &["x", "x"]), []);
        assert_eq!(check_value("   ", &["x", "x"]), []);
    }

    #[test]
    fn leading_or_trailing_whitespace() {
        for value in [format!(" {BODY}"), format!("{BODY} "), format!("\t{BODY}")] {
            assert_eq!(check_value(&value, &[]), [Whitespace], "{value:?}");
        }
        assert_eq!(check_value(&format!("{BODY}\n"), &[]), [LineBreak]);
        assert_eq!(
            check_value(&format!(" {BODY}\n"), &[]),
            [Whitespace, LineBreak]
        );
    }

    #[test]
    fn line_breaks_anywhere() {
        for value in [
            format!("{BODY}\n"),
            "abcdefgh\nijklmnopqrstuvwxyz".to_owned(),
            format!("\r\n{BODY}"),
            "abcdefgh\rijklmnopqrstu".to_owned(),
        ] {
            assert!(check_value(&value, &[]).contains(&LineBreak), "{value:?}");
        }
    }

    #[test]
    fn bearer_in_any_case() {
        for value in [
            format!("Bearer {BODY}"),
            format!("bearer {BODY}"),
            format!("BEARER\t{BODY}"),
        ] {
            assert_eq!(check_value(&value, &[]), [Bearer], "{value:?}");
        }
        // The word alone, or as the start of a longer word, is no prefix.
        assert_eq!(check_value("bearerabcdefghijklmnop", &[]), []);
        assert_eq!(check_value("Bearer", &[]), [Short]);
    }

    #[test]
    fn bearer_does_not_hide_the_key_behind_it() {
        assert_eq!(
            check_value(&format!("Bearer {}", key("sk-ant-")), &["OpenAI", "openai"]),
            [
                Bearer,
                OtherProvider {
                    value: provider("Anthropic"),
                    named: provider("OpenAI")
                }
            ]
        );
        assert_eq!(check_value("Bearer short", &[]), [Bearer, Short]);
    }

    #[test]
    fn shorter_than_sixteen_characters() {
        assert_eq!(check_value("abcdefghijklmno", &[]), [Short]);
        assert_eq!(check_value("abcdefghijklmnop", &[]), []);
        // Characters, not bytes; surrounding blanks do not count.
        assert_eq!(check_value("ääääääääääääääää", &[]), []);
        assert_eq!(check_value(" abcdefghijklmno ", &[]), [Whitespace, Short]);
    }

    #[test]
    fn key_shapes_name_their_provider() {
        let cases = [
            ("sk-ant-api03-", "Anthropic"),
            ("sk-proj-", "OpenAI"),
            ("sk-", "OpenAI"),
            ("sk-or-v1-", "OpenRouter"),
            ("AIzaSy", "Google"),
            ("hf_", "Hugging Face"),
            ("gsk_", "Groq"),
            ("xai-", "xAI"),
            ("pplx-", "Perplexity"),
            ("ghp_", "GitHub"),
            ("github_pat_", "GitHub"),
            ("xoxb-", "Slack"),
            ("sk_live_", "Stripe"),
        ];
        for (prefix, name) in cases {
            assert_eq!(
                provider_of(&key(prefix)).map(|p| p.name),
                Some(name),
                "{prefix}"
            );
        }
        for other in [BODY, "SK-abc", "aiza123", "ant-sk-", "Sk-ant-"] {
            assert_eq!(provider_of(other), None, "{other}");
        }
    }

    #[test]
    fn names_and_ids_name_providers() {
        let named = |names: &[&str]| -> Vec<&str> {
            named_providers(names).iter().map(|p| p.name).collect()
        };
        assert_eq!(named(&["OpenAI production key", "openai-prod"]), ["OpenAI"]);
        assert_eq!(named(&["Claude batch", "batch"]), ["Anthropic"]);
        assert_eq!(named(&["", "anthropic_batch"]), ["Anthropic"]);
        assert_eq!(named(&["Gemini sandbox", ""]), ["Google"]);
        assert_eq!(named(&["GoogleMaps", ""]), ["Google"]);
        assert_eq!(named(&["HuggingFaceHub", ""]), ["Hugging Face"]);
        assert_eq!(named(&["Hugging Face", ""]), ["Hugging Face"]);
        assert_eq!(named(&["hf-inference", ""]), ["Hugging Face"]);
        assert_eq!(
            named(&["OpenAI via OpenRouter", ""]),
            ["OpenRouter", "OpenAI"]
        );
        // Short words count only on their own.
        assert_eq!(named(&["shfoo", "taxaid"]), Vec::<&str>::new());
        assert_eq!(named(&["Mistral", "cohere-rerank"]), Vec::<&str>::new());
    }

    #[test]
    fn a_key_of_another_provider_than_the_name_says() {
        let anthropic_key = key("sk-ant-");
        assert_eq!(
            check_value(&anthropic_key, &["OpenAI production key", "openai-prod"]),
            [OtherProvider {
                value: provider("Anthropic"),
                named: provider("OpenAI")
            }]
        );
        assert_eq!(
            check_value(&key("sk-"), &["Gemini", "gemini-dev"]),
            [OtherProvider {
                value: provider("OpenAI"),
                named: provider("Google")
            }]
        );
        assert_eq!(
            check_value(&key("AIza"), &["Claude", "claude"]),
            [OtherProvider {
                value: provider("Google"),
                named: provider("Anthropic")
            }]
        );
        // Matching, unknown or unnamed providers: no warning.
        assert_eq!(check_value(&anthropic_key, &["Claude prod", "claude"]), []);
        assert_eq!(check_value(&anthropic_key, &["Batch jobs", "batch"]), []);
        assert_eq!(check_value(BODY, &["OpenAI", "openai"]), []);
        assert_eq!(
            check_value(&key("sk-or-v1-"), &["OpenAI via OpenRouter", "x"]),
            []
        );
    }

    #[test]
    fn messages_never_repeat_the_value() {
        let value = format!(" Bearer {}\n", key("sk-ant-"));
        let warnings = check_value(&value, &["OpenAI", "openai"]);
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        for locale in Locale::ALL {
            set_current(locale);
            for warning in &warnings {
                let message = warning.message();
                assert!(
                    !message.contains(BODY) && !message.contains("sk-ant"),
                    "{message}"
                );
            }
        }
        set_current(Locale::En);
        assert_eq!(
            OtherProvider {
                value: provider("Anthropic"),
                named: provider("OpenAI")
            }
            .message(),
            "The value looks like a key from Anthropic, but the token's name or ID points to OpenAI."
        );
    }
}
