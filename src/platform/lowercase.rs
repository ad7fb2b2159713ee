//! Lower-casing text by Unicode's rules.

/// `text` in lower case by Unicode's rules, as [`str::to_lowercase`] does. In the browser
/// it asks JavaScript's `toLowerCase`, which follows the same rules, so the bundle carries
/// no case-mapping tables of its own (about 15 KB of wasm).
pub fn lowercase(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(text).to_lower_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_unicode_rules() {
        assert_eq!(
            lowercase("OpenAI Ärger İ ΟΔΟΣ"),
            "openai ärger i\u{307} οδος"
        );
    }
}
