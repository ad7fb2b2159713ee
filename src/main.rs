//! Browser entry point: Trunk builds this binary to wasm and `index.html` loads it.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(token_admin::App);
}
