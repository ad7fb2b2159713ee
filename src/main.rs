//! Browser entry point: Trunk builds this binary to wasm and `index.html` loads it.

fn main() {
    console_error_panic_hook::set_once();
    // A host page mounts the app itself, where it wants it (`token_admin::embedded::mount`).
    if token_admin::embedded::started_by_host() {
        return;
    }
    leptos::mount::mount_to_body(token_admin::App);
}
