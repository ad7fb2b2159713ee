//! The interface preferences (theme, language): kept in `localStorage`, which is fine for
//! them and never holds anything secret, and reflected as attributes of `<html>`.

/// The stored value of `key`, if any.
pub fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Remembers `value` under `key` (silently not, where storage is unavailable).
pub fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Sets the attribute `name` of `<html>`, e.g. `lang` or `data-theme`.
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(name, value);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}
