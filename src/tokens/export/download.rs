//! Handing a file to the browser as a download: a Blob, an object URL, a click on an
//! `<a download>`, and the URL revoked afterwards. Also the local time for the file name.

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use super::Stamp;

/// How long the object URL outlives the click (the browser reads the Blob meanwhile).
const REVOKE_AFTER: Duration = Duration::from_secs(10);

/// Offers `text` as the file `file_name` of media type `media_type`. Fails only when the
/// browser refuses to make the Blob, its URL or the link.
pub fn save(text: &str, file_name: &str, media_type: &str) -> Result<(), JsValue> {
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let clicked = click_link(&url, file_name);
    set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        REVOKE_AFTER,
    );
    clicked
}

fn click_link(url: &str, file_name: &str) -> Result<(), JsValue> {
    let document = leptos::prelude::document();
    let link: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(url);
    link.set_download(file_name);
    link.set_hidden(true);
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    Ok(())
}

/// The browser's local date and time now.
pub fn now() -> Stamp {
    let date = js_sys::Date::new_0();
    Stamp {
        year: date.get_full_year(),
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
    }
}
