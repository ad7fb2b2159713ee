//! The interface preferences (theme, language): kept in `localStorage`, which is fine for
//! them and never holds anything secret, and reflected as attributes of `<html>`; and
//! work in progress of this tab (a replacement's ids and outcomes) in `sessionStorage`.

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

/// The value of `key` in this tab's `sessionStorage`, if any.
pub fn tab_stored(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key` in this tab's `sessionStorage`; `None` removes it.
pub fn tab_store(key: &str, value: Option<&str>) {
    if let Some(storage) = session_storage() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}
