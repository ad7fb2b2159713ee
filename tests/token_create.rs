//! The new-token page in headless Chromium: checks as typed, the id suggested from the
//! name, creating against the real emulator (compiled in as `EMULATOR_URL`) without the
//! value surviving anywhere, refusing a taken id, read-only sessions, and failures that
//! keep what was typed (the API faked by [`FetchStub`]).
#![cfg(target_arch = "wasm32")]

mod support;

use ai_client::Client;
use leptos::prelude::*;
use support::*;
use support::{document, window};
use token_admin::auth::session::{provide_session, Session, STORAGE_KEY};
use token_admin::router::{Route, Router, Routes};
use token_admin::tokens::create::TokenCreatePage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A base URL nothing answers at: only a fetch stub can.
const FAKE_API: &str = "https://api.example.test";

/// The page under test, a token page to land on and the list to cancel to.
fn harness() -> impl IntoView {
    provide_session();
    view! {
        <Router>
            <main>
                <Routes
                    routes=vec![
                        Route::new("/tokens", || view! { <h1>"Tokens"</h1> }),
                        Route::new("/new-token", TokenCreatePage),
                        Route::new("/tokens/:id", || view! { <h1>"Token"</h1> }),
                    ]
                    fallback=|| view! { <h1>"Page not found"</h1> }
                />
            </main>
        </Router>
    }
}

/// Opens `/new-token` with the session stored before.
async fn open() -> Mounted {
    let app = Mounted::at("/new-token", harness).await;
    app.wait_for_heading("New token").await;
    app
}

/// Opens the form for a session that may manage tokens, with every request going to `FAKE_API`.
async fn open_form() -> Mounted {
    store_session(FAKE_API, "demo", "t");
    let app = open().await;
    wait_until("the form", || app.button("Create").is_some()).await;
    app
}

fn field(app: &Mounted, label: &str) -> HtmlInputElement {
    app.field(label)
        .unwrap_or_else(|| panic!("a field labelled {label:?}"))
}

fn fill(app: &Mounted, name: &str, id: &str, value: &str) {
    type_into(&field(app, "Name"), name);
    type_into(&field(app, "ID"), id);
    type_into(&field(app, "Value"), value);
}

fn create(app: &Mounted) {
    app.button("Create").expect("a Create button").click();
}

/// A client for the stored session, to look at the emulator directly.
fn api_client() -> Client {
    let json = session_storage().get_item(STORAGE_KEY).unwrap().unwrap();
    Session::from_json(&json).unwrap().client()
}

/// An id no other test uses.
fn fresh_id() -> String {
    format!(
        "create-{}-{}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e6) as u32
    )
}

/// Everything in the page's markup and every input's current value.
fn page_text_and_values() -> String {
    let mut all = document().document_element().unwrap().outer_html();
    let inputs = document().query_selector_all("input, textarea").unwrap();
    for input in (0..inputs.length()).filter_map(|i| inputs.item(i)) {
        let value = js_sys::Reflect::get(&input, &"value".into()).unwrap();
        all.push_str(&value.as_string().unwrap_or_default());
    }
    all
}

#[wasm_bindgen_test]
async fn rules_are_checked_at_the_fields_and_nothing_is_sent() {
    let stub = FetchStub::new(200, "{}");
    let app = open_form().await;
    let id = field(&app, "ID");

    type_into(&id, "my key");
    wait_until("the id marked invalid as typed", || is_invalid(&id)).await;
    assert!(
        description(&id)
            .contains("IDs may use letters, digits, '-' and '_' (found ' ' at character 3)"),
        "{}",
        description(&id)
    );
    type_into(&id, &"x".repeat(67));
    wait_until("the too-long message", || {
        description(&id).contains("at most 66 characters")
    })
    .await;
    // Empty required fields are only reported on submit.
    type_into(&id, "");
    wait_until("no message for an empty id yet", || !is_invalid(&id)).await;
    assert!(!is_invalid(&field(&app, "Name")));

    create(&app);
    let (name, value) = (field(&app, "Name"), field(&app, "Value"));
    wait_until("every empty field marked", || {
        is_invalid(&name) && is_invalid(&id) && is_invalid(&value)
    })
    .await;
    assert!(
        description(&name).contains("Enter a name."),
        "{}",
        description(&name)
    );
    assert!(description(&id).contains("Enter an ID."));
    assert!(description(&value).contains("Enter the value."));
    assert_eq!(
        document().active_element().as_ref(),
        Some(name.unchecked_ref()),
        "the first invalid field has the focus"
    );

    type_into(&name, "Named");
    type_into(&id, "bad/id");
    type_into(&value, "v");
    create(&app);
    leptos::task::tick().await;
    assert!(is_invalid(&id));
    assert!(stub.calls().is_empty(), "{:?}", stub.calls());
    assert_eq!(pathname(), "/new-token");
}

#[wasm_bindgen_test]
async fn the_id_follows_the_name_until_edited() {
    let _stub = FetchStub::new(200, "{}");
    let app = open_form().await;
    let (name, id) = (field(&app, "Name"), field(&app, "ID"));

    type_into(&name, "OpenAI prod key (EU)");
    wait_until("the suggested id", || id.value() == "openai-prod-key-eu").await;
    type_into(&name, "Müller GmbH");
    wait_until("a new suggestion", || id.value() == "muller-gmbh").await;

    type_into(&id, "my-own-id");
    type_into(&name, "Something else entirely");
    leptos::task::tick().await;
    assert_eq!(id.value(), "my-own-id", "an edited id is kept");
    assert!(!is_invalid(&id));
}

#[wasm_bindgen_test]
async fn the_reveal_toggle_switches_the_input_type() {
    let app = open_form().await;
    let value = field(&app, "Value");
    assert_eq!(value.type_(), "password");
    assert_eq!(value.get_attribute("autocomplete").as_deref(), Some("off"));
    assert!(value.required());

    let show = app.button("Show value").expect("a Show value button");
    assert_eq!(show.get_attribute("aria-pressed").as_deref(), Some("false"));
    show.click();
    wait_until("the value shown", || value.type_() == "text").await;
    let hide = app.button("Hide value").expect("a Hide value button");
    assert_eq!(hide.get_attribute("aria-pressed").as_deref(), Some("true"));
    hide.click();
    wait_until("the value hidden again", || value.type_() == "password").await;
    assert!(app.button("Show value").is_some());
}

#[wasm_bindgen_test]
async fn creating_a_token_leaves_its_value_nowhere() {
    sign_in_to_emulator(ADMIN).await;
    let app = open().await;
    wait_until("the form", || app.button("Create").is_some()).await;
    let id = fresh_id();
    let secret = format!("sv-{}", fresh_id());
    fill(&app, "Created by the create test", &id, &secret);
    let value_input = field(&app, "Value");
    // Revealed, so a value left in the input would also be in plain sight.
    app.button("Show value").unwrap().click();

    create(&app);
    wait_until("the new token's page", || {
        pathname() == format!("/tokens/{id}") && search() == "?created=1"
    })
    .await;
    app.wait_for_heading("Token").await;

    assert_eq!(value_input.value(), "", "the value input was emptied");
    assert!(
        !page_text_and_values().contains(&secret),
        "value in the DOM"
    );
    assert!(!window().location().href().unwrap().contains(&secret));
    assert!(!storage_dump(&session_storage()).contains(&secret));
    assert!(!storage_dump(&local_storage()).contains(&secret));

    let client = api_client();
    let token = client.get_token(&id).await.expect("the token exists");
    assert_eq!(token.name.as_deref(), Some("Created by the create test"));
    // Leave the demo data as it was for the other tests.
    client.delete_token(&id, false).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_taken_id_is_refused_with_a_link_to_it() {
    sign_in_to_emulator(ADMIN).await;
    let app = open().await;
    wait_until("the form", || app.button("Create").is_some()).await;
    fill(&app, "Not a rename", "openai-prod", "other-value-123");

    create(&app);
    wait_until("the Open link", || app.link("Open openai-prod").is_some()).await;
    let link = app.link("Open openai-prod").unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/tokens/openai-prod")
    );
    let id = field(&app, "ID");
    assert!(is_invalid(&id));
    assert!(
        description(&id).contains("already exists"),
        "{}",
        description(&id)
    );
    assert_eq!(pathname(), "/new-token");
    assert_eq!(field(&app, "Value").value(), "other-value-123");

    let token = api_client().get_token("openai-prod").await.unwrap();
    assert_eq!(token.name.as_deref(), Some("OpenAI production key"));

    // Another id clears the message.
    type_into(&id, "openai-prod-2");
    wait_until("the message gone", || {
        app.link("Open openai-prod").is_none()
    })
    .await;
    assert!(!is_invalid(&id));
}

#[wasm_bindgen_test]
async fn a_read_only_session_gets_no_form() {
    sign_in_to_emulator(VIEWER).await;
    let app = open().await;
    app.wait_for_text("Read-only").await;
    assert!(app.button("Create").is_none());
    assert!(app.field("Value").is_none());
    assert!(app.link("Back to tokens").is_some());
}

#[wasm_bindgen_test]
async fn a_failed_create_keeps_what_was_typed() {
    let stub = FetchStub::by_method(&[
        ("GET", 404, r#"{"code":404,"message":"Not found."}"#),
        (
            "PUT",
            500,
            r#"{"code":500,"message":"Database unavailable."}"#,
        ),
    ]);
    let app = open_form().await;
    fill(&app, "Kept name", "kept-id", "kept-value");

    create(&app);
    wait_until("an alert", || !app.alert_text().is_empty()).await;
    assert!(
        app.alert_text().contains("HTTP 500"),
        "{}",
        app.alert_text()
    );
    let methods: Vec<String> = stub.calls().into_iter().map(|c| c.method).collect();
    assert_eq!(methods, ["GET", "PUT"]);
    assert_eq!(field(&app, "Name").value(), "Kept name");
    assert_eq!(field(&app, "ID").value(), "kept-id");
    assert_eq!(field(&app, "Value").value(), "kept-value");
    assert_eq!(pathname(), "/new-token");
    assert!(!app.button("Create").unwrap().has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn a_created_answer_without_an_id_body_still_opens_the_new_token() {
    // A 201 whose body is not the spec's `{"id"}`: the token exists all the same.
    let stub = FetchStub::by_method(&[("GET", 404, "{}"), ("PUT", 201, "")]);
    let app = open_form().await;
    fill(&app, "Odd answer", "odd-answer", "odd-value");
    create(&app);
    app.wait_for_heading("Token").await;
    assert_eq!(pathname(), "/tokens/odd-answer");
    assert_eq!(search(), "?created=1");
    assert_eq!(app.alert_text(), "");
    let methods: Vec<String> = stub.calls().into_iter().map(|c| c.method).collect();
    assert_eq!(methods, ["GET", "PUT"]);
}

#[wasm_bindgen_test]
async fn server_field_messages_go_to_their_field() {
    let _stub = FetchStub::by_method(&[
        ("GET", 404, "{}"),
        (
            "PUT",
            400,
            r#"{"code":400,"message":"There are validation problems.",
                "details":[{"field":"value","message":"value must not contain control characters"}]}"#,
        ),
    ]);
    let app = open_form().await;
    fill(&app, "Name", "some-id", "some-value");

    create(&app);
    let value = field(&app, "Value");
    wait_until("the value marked", || is_invalid(&value)).await;
    assert!(
        description(&value).contains("value must not contain control characters"),
        "{}",
        description(&value)
    );
    assert_eq!(app.alert_text(), "");
    assert_eq!(value.value(), "some-value");
}

#[wasm_bindgen_test]
async fn create_is_disabled_while_in_flight() {
    let stub = FetchStub::held(404, "{}");
    let app = open_form().await;
    fill(&app, "Name", "busy-id", "busy-value");

    create(&app);
    wait_until("the progress label", || app.button("Creating…").is_some()).await;
    assert!(app.button("Creating…").unwrap().has_attribute("disabled"));
    stub.release();
    wait_until("Create again", || app.button("Create").is_some()).await;
    assert!(!app.alert_text().is_empty());
}

/// Pastes `text` into `input` as far as a page can: a `paste` event carrying it (the
/// browser inserts nothing for a scripted paste, so type what it would leave).
fn paste(input: &HtmlInputElement, text: &str) {
    js_sys::Function::new_with_args(
        "input, text",
        "const data = new DataTransfer(); data.setData('text/plain', text);\
         input.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));",
    )
    .call2(&wasm_bindgen::JsValue::NULL, input, &text.into())
    .unwrap();
}

/// The polite live regions (`role=status`) in the page.
fn status_regions(app: &Mounted) -> Vec<web_sys::Element> {
    app.all("[role=status]")
}

#[wasm_bindgen_test]
async fn warnings_about_the_value_are_announced_without_repeating_it() {
    sign_in_to_emulator(ADMIN).await;
    let app = open().await;
    wait_until("the form", || app.button("Create").is_some()).await;
    let regions_before = status_regions(&app);
    let id = fresh_id();
    let key = format!("sk-ant-{}", id.replace('-', ""));
    fill(
        &app,
        "OpenAI production (warned)",
        &id,
        &format!("Bearer {key} "),
    );
    let value = field(&app, "Value");

    wait_until("the warnings", || description(&value).contains("Bearer")).await;
    let described = description(&value);
    for warning in [
        "The value begins or ends with a space or tab",
        "The value starts with “Bearer ”.",
        "The value looks like a key from Anthropic, but the token's name or ID points to OpenAI.",
    ] {
        assert!(
            described.contains(warning),
            "{warning:?} not in {described:?}"
        );
    }
    assert!(!is_invalid(&value), "a warning is no error");
    // The warnings are a polite live region that was in the page before they appeared, so
    // screen readers announce them.
    let region = status_regions(&app)
        .into_iter()
        .find(|r| text(r).contains("Bearer"))
        .expect("the warnings in a role=status region");
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(
        regions_before.contains(&region),
        "the region was there before the warnings"
    );
    let described_by = value.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        described_by.split(' ').any(|id| id == region.id()),
        "{described_by}"
    );
    // Neither the warnings nor any other markup hold the value; only the input's value does.
    let random = &key["sk-ant-".len()..];
    assert!(!text(&region).contains(random), "{}", text(&region));
    let markup = document().document_element().unwrap().outer_html();
    assert!(
        !markup.contains(random) && !markup.contains(&key),
        "the value is in the markup"
    );

    // A clean value clears them.
    type_into(&value, &format!("sk-{random}"));
    wait_until("no warnings", || text(&region).is_empty()).await;
    assert!(!value
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains(&region.id()));

    // They never block: the warned value is created.
    type_into(&value, &format!("Bearer {key} "));
    wait_until("the warnings again", || !text(&region).is_empty()).await;
    create(&app);
    wait_until("the new token's page", || {
        pathname() == format!("/tokens/{id}")
    })
    .await;
    assert_secret_nowhere(random);
    api_client().delete_token(&id, false).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_pasted_line_break_and_a_short_value_are_warned_about() {
    let _stub = FetchStub::new(200, "{}");
    let app = open_form().await;
    let value = field(&app, "Value");
    paste(&value, "first-half-of-the-key\nsecond-half");
    type_into(&value, "first-half-of-the-key second-half");
    wait_until("the line-break warning", || {
        description(&value).contains("The value had a line break")
    })
    .await;
    // Emptied by hand: the paste no longer counts.
    type_into(&value, "");
    wait_until("no warning for an empty field", || {
        !description(&value).contains("line break")
    })
    .await;
    type_into(&value, "short");
    wait_until("the short-value warning", || {
        description(&value).contains("The value is shorter than 16 characters")
    })
    .await;
    assert!(!description(&value).contains("line break"));
}

#[wasm_bindgen_test]
async fn warnings_are_in_german_too() {
    use token_admin::i18n::{set_current, Locale};
    let _stub = FetchStub::new(200, "{}");
    store_session(FAKE_API, "demo", "t");
    set_current(Locale::De);
    let app = Mounted::at("/new-token", harness).await;
    app.wait_for_heading("Neues Token").await;
    let value = field(&app, "Wert");
    type_into(&value, "kurz");
    wait_until("the German warning", || {
        description(&value).contains("Der Wert ist kürzer als 16 Zeichen")
    })
    .await;
    set_current(Locale::En);
}
