//! Latest-request-wins bookkeeping, with real `AbortController`s in headless Chromium.
#![cfg(target_arch = "wasm32")]

use token_admin::latest::LatestRequest;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_new_request_aborts_the_previous_one_and_outdates_its_response() {
    let latest = LatestRequest::default();
    let (first, first_signal) = latest.begin();
    let (second, second_signal) = latest.begin();
    assert!(first_signal.unwrap().aborted());
    assert!(!second_signal.as_ref().unwrap().aborted());
    assert!(!latest.is_latest(first));
    assert!(latest.is_latest(second));
    latest.cancel();
    assert!(second_signal.unwrap().aborted());
    assert!(!latest.is_latest(second));
}
