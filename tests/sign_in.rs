//! The sign-in page, the session bar and the route guard, in headless Chromium.
//!
//! The API is faked by replacing `fetch` ([`FetchStub`]), except in the tests marked
//! "emulator", which sign in against the real emulator when `EMULATOR_URL` was set at
//! compile time (`cargo xtask test` does that) and pass trivially otherwise.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use support::*;
use support::{document, window};
use token_admin::auth::config::{provide_config_with, AppConfig};
use token_admin::auth::session::{provide_session, Session, STORAGE_KEY};
use token_admin::auth::SignInPage;
use token_admin::auth::{RequireSession, SessionBar};
use token_admin::router::{Route, Router, Routes};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A base URL nothing answers at: only the fetch stub can.
const FAKE_API: &str = "https://api.example.test";
const PASTED_TOKEN: &str = "pasted-token-5f2c9e";

/// The app's shape around the page under test: providers, a header with the session bar,
/// `/sign-in`, and a guarded `/tokens`.
fn harness() -> impl IntoView {
    provide_config_with(AppConfig::default());
    provide_session();
    view! {
        <Router>
            <header>
                <SessionBar />
            </header>
            <main>
                <Routes
                    routes=vec![
                        Route::new("/sign-in", SignInPage),
                        Route::new("/tokens", GuardedTokens),
                    ]
                    fallback=|| view! { <h1>"Page not found"</h1> }
                />
            </main>
        </Router>
    }
}

#[component]
fn GuardedTokens() -> impl IntoView {
    view! {
        <RequireSession>
            <h1>"Tokens"</h1>
        </RequireSession>
    }
}

/// A clean tab: no session, nothing in either storage.
fn fresh_storage() {
    session_storage().clear().unwrap();
    local_storage().remove_item(STORAGE_KEY).unwrap();
}

async fn open(path: &str) -> Mounted {
    fresh_storage();
    let app = Mounted::at(path, harness).await;
    app.wait_for_heading(heading_for(path)).await;
    if path.starts_with("/sign-in") {
        // Input values are set a moment after the elements appear.
        let form_ready = || {
            app.field("API base URL")
                .is_some_and(|f| !f.value().is_empty())
        };
        wait_until("the form's defaults", form_ready).await;
    }
    app
}

fn heading_for(path: &str) -> &'static str {
    if path.starts_with("/sign-in") {
        "Sign in"
    } else {
        "Tokens"
    }
}

fn field(app: &Mounted, label: &str) -> web_sys::HtmlInputElement {
    app.field(label)
        .unwrap_or_else(|| panic!("a field labelled {label:?}"))
}

fn fill(app: &Mounted, label: &str, value: &str) {
    type_into(&field(app, label), value);
}

fn submit(app: &Mounted) {
    app.button("Sign in").expect("a Sign in button").click();
}

async fn choose_access_token(app: &Mounted) {
    app.radio("Access token")
        .expect("an Access token choice")
        .click();
    wait_until("the Access token field", || {
        app.field("Access token").is_some()
    })
    .await;
}

/// Fills a complete pasted-token form for `FAKE_API`.
async fn fill_token_form(app: &Mounted) {
    choose_access_token(app).await;
    fill(app, "API base URL", FAKE_API);
    fill(app, "Tenant", "demo");
    fill(app, "Access token", PASTED_TOKEN);
}

async fn wait_for_path(path: &str) {
    wait_until(&format!("the address bar to show {path}"), || {
        pathname() == path
    })
    .await;
}

fn stored_session() -> Option<Session> {
    session_storage()
        .get_item(STORAGE_KEY)
        .unwrap()
        .and_then(|json| Session::from_json(&json))
}

fn assert_nowhere(secret: &str) {
    let session = storage_dump(&session_storage());
    let local = storage_dump(&local_storage());
    let href = window().location().href().unwrap();
    assert!(!session.contains(secret), "in sessionStorage: {session}");
    assert!(!local.contains(secret), "in localStorage: {local}");
    assert!(!href.contains(secret), "in the URL: {href}");
}

#[wasm_bindgen_test]
async fn form_has_labelled_fields_with_defaults() {
    let app = open("/sign-in").await;
    assert_eq!(
        field(&app, "API base URL").value(),
        "https://api.emporix.io"
    );
    assert_eq!(field(&app, "Tenant").value(), "");
    assert!(app.radio("Client credentials").unwrap().checked());
    assert!(!app.radio("Access token").unwrap().checked());
    let secret = field(&app, "Client secret");
    assert_eq!(secret.type_(), "password");
    assert_eq!(secret.get_attribute("autocomplete").as_deref(), Some("off"));
    assert!(app.field("Client ID").is_some());
    assert!(app.field("Access token").is_none());
    let legend = app.all("fieldset legend");
    assert_eq!(
        legend.iter().map(text).collect::<Vec<_>>(),
        ["Sign in with"]
    );
}

#[wasm_bindgen_test]
async fn empty_form_shows_an_error_at_each_field_and_sends_nothing() {
    let app = open("/sign-in").await;
    let fetch = FetchStub::new(200, "{}");
    fill(&app, "API base URL", "");
    submit(&app);

    for (label, says) in [
        ("API base URL", "Enter the API base URL"),
        ("Tenant", "Enter the tenant."),
        ("Client ID", "Enter the client ID."),
        ("Client secret", "Enter the client secret."),
    ] {
        let input = field(&app, label);
        wait_until(&format!("{label} to be marked invalid"), || {
            is_invalid(&input)
        })
        .await;
        let said = description(&input);
        assert!(said.contains(says), "{label}: {said:?}");
    }
    let focused = document().active_element().expect("a focused element");
    assert_eq!(
        focused.id(),
        field(&app, "API base URL").id(),
        "focus moves to the first error"
    );
    assert!(fetch.calls().is_empty(), "{:?}", fetch.calls());
    assert_eq!(pathname(), "/sign-in");
    assert_eq!(stored_session(), None);

    // Errors follow the typing once shown.
    fill(&app, "Tenant", "demo");
    let tenant = field(&app, "Tenant");
    wait_until("the tenant error to go", || !is_invalid(&tenant)).await;
    assert!(!description(&tenant).contains("Enter the tenant"));
}

#[wasm_bindgen_test]
async fn base_url_must_be_http() {
    let app = open("/sign-in").await;
    let fetch = FetchStub::new(200, "{}");
    fill(&app, "Tenant", "demo");
    fill(&app, "Client ID", "demo-admin");
    fill(&app, "Client secret", "demo-admin-secret");
    for bad in ["ftp://x", "not a url"] {
        fill(&app, "API base URL", bad);
        submit(&app);
        let input = field(&app, "API base URL");
        wait_until("the URL to be refused", || is_invalid(&input)).await;
        assert!(
            description(&input).contains("http://"),
            "{}",
            description(&input)
        );
        for other in ["Tenant", "Client ID", "Client secret"] {
            assert!(!is_invalid(&field(&app, other)), "{other}");
        }
    }
    assert!(fetch.calls().is_empty());
    assert_eq!(pathname(), "/sign-in");
}

#[wasm_bindgen_test]
async fn uppercase_tenant_is_refused_with_an_offer_to_fix_it() {
    let app = open("/sign-in").await;
    let fetch = FetchStub::new(200, "{}");
    fill(&app, "Tenant", "Demo");
    fill(&app, "Client ID", "demo-admin");
    fill(&app, "Client secret", "demo-admin-secret");
    submit(&app);

    let tenant = field(&app, "Tenant");
    wait_until("the tenant to be refused", || is_invalid(&tenant)).await;
    let said = description(&tenant);
    assert!(
        said.contains("lower case") && said.contains("“demo”"),
        "{said}"
    );
    assert!(fetch.calls().is_empty());

    app.button("Use lower case").expect("a fix button").click();
    wait_until("the tenant to be lowercased", || {
        field(&app, "Tenant").value() == "demo"
    })
    .await;
    wait_until("the error to go", || !is_invalid(&field(&app, "Tenant"))).await;
}

#[wasm_bindgen_test]
async fn access_token_choice_swaps_the_fields() {
    let app = open("/sign-in").await;
    fill(&app, "Client ID", "demo-admin");
    choose_access_token(&app).await;
    assert!(app.field("Client secret").is_none());
    assert!(app.field("Client ID").is_none());
    let token = field(&app, "Access token");
    assert_eq!(token.type_(), "password");
    assert_eq!(token.get_attribute("autocomplete").as_deref(), Some("off"));

    app.radio("Client credentials").unwrap().click();
    wait_until("the Client secret field", || {
        app.field("Client secret").is_some()
    })
    .await;
    assert!(app.field("Access token").is_none());
    assert_eq!(
        field(&app, "Client ID").value(),
        "demo-admin",
        "nothing typed is lost"
    );
}

#[wasm_bindgen_test]
async fn pasted_token_signs_in_to_session_storage_only() {
    let app = open("/sign-in").await;
    let fetch = FetchStub::held(200, "[]");
    fill_token_form(&app).await;
    submit(&app);

    // In flight: the button says so and cannot be pressed twice.
    wait_until("a busy button", || app.button("Signing in…").is_some()).await;
    assert!(app.button("Signing in…").unwrap().has_attribute("disabled"));
    assert!(app.button("Sign in").is_none());
    fetch.release();

    wait_for_path("/tokens").await;
    app.wait_for_heading("Tokens").await;
    let calls = fetch.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(
        calls[0]
            .url
            .starts_with(&format!("{FAKE_API}/ai-service/demo/agentic/tokens")),
        "{calls:?}"
    );
    assert_eq!(
        calls[0].authorization.as_deref(),
        Some(&*format!("Bearer {PASTED_TOKEN}"))
    );

    let session = stored_session().expect("the session in sessionStorage");
    assert_eq!(session.tenant, "demo");
    assert_eq!(session.base_url, FAKE_API);
    assert_eq!(session.access_token.expose(), PASTED_TOKEN);
    assert_eq!((session.expires_at_ms, session.scopes), (None, None));
    assert_eq!(local_storage().get_item(STORAGE_KEY).unwrap(), None);
    assert!(!storage_dump(&local_storage()).contains(PASTED_TOKEN));
    assert!(!window().location().href().unwrap().contains(PASTED_TOKEN));

    let header = app.landmark("header").unwrap();
    assert!(
        text(&header).contains("Signed in to demo · api.example.test"),
        "{}",
        text(&header)
    );
    assert!(
        !text(&header).contains("Read-only"),
        "unknown scopes are not read-only"
    );
    assert!(
        !text(&header).contains("expires"),
        "unknown expiry shows no time"
    );
}

#[wasm_bindgen_test]
async fn refused_token_is_reported_and_the_form_kept() {
    let app = open("/sign-in").await;
    let fetch = FetchStub::new(401, r#"{"message":"Invalid token."}"#);
    fill_token_form(&app).await;
    submit(&app);

    wait_until("an alert", || app.alert_text().contains("401")).await;
    assert!(
        app.alert_text().contains("access token"),
        "{}",
        app.alert_text()
    );
    assert_eq!(fetch.calls().len(), 1);
    assert_eq!(pathname(), "/sign-in");
    assert_eq!(stored_session(), None);
    // The pasted token is wiped after a failed try; the rest of the form stays.
    assert_eq!(field(&app, "Access token").value(), "");
    assert_eq!(field(&app, "Tenant").value(), "demo");
    assert_eq!(field(&app, "API base URL").value(), FAKE_API);
    assert!(app
        .button("Sign in")
        .is_some_and(|b| !b.has_attribute("disabled")));
}

#[wasm_bindgen_test]
async fn sign_in_returns_to_next_but_never_leaves_the_app() {
    let app = open("/sign-in?next=%2Ftokens%3Fpage%3D2").await;
    let _fetch = FetchStub::new(200, "[]");
    fill_token_form(&app).await;
    submit(&app);
    wait_for_path("/tokens").await;
    assert_eq!(search(), "?page=2");
    drop(app);

    let app = open("/sign-in?next=%2F%2Fevil.example%2Fx").await;
    let _fetch = FetchStub::new(200, "[]");
    fill_token_form(&app).await;
    submit(&app);
    wait_for_path("/tokens").await;
    assert_eq!(search(), "");
}

#[wasm_bindgen_test]
async fn guard_sends_signed_out_visitors_to_sign_in_with_next() {
    fresh_storage();
    let app = Mounted::at("/tokens?page=3", harness).await;
    wait_for_path("/sign-in").await;
    app.wait_for_heading("Sign in").await;
    assert_eq!(search(), "?next=%2Ftokens%3Fpage%3D3");
    assert!(app.headings().iter().all(|h| h != "Tokens"));
}

#[wasm_bindgen_test]
async fn stored_session_is_restored_and_an_expired_one_dropped() {
    fresh_storage();
    let mut session = Session::from_access_token(FAKE_API, "demo", PASTED_TOKEN.to_owned().into());
    session.expires_at_ms =
        Some(js_sys::Date::now() + (3.0 * 3600.0 + 59.0 * 60.0 + 30.0) * 1000.0);
    session.scopes = Some(vec!["ai.agent_read".into()]);
    session_storage()
        .set_item(STORAGE_KEY, &session.to_json())
        .unwrap();
    let app = Mounted::at("/tokens", harness).await;
    app.wait_for_heading("Tokens").await;
    let header = text(&app.landmark("header").unwrap());
    assert!(header.contains("expires in 3 h 59 min"), "{header}");
    assert!(header.contains("Read-only"), "{header}");
    drop(app);

    session.expires_at_ms = Some(js_sys::Date::now() - 1000.0);
    session_storage()
        .set_item(STORAGE_KEY, &session.to_json())
        .unwrap();
    let app = Mounted::at("/tokens", harness).await;
    wait_for_path("/sign-in").await;
    app.wait_for_heading("Sign in").await;
    assert_eq!(session_storage().get_item(STORAGE_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn sign_out_clears_session_storage() {
    let app = open("/sign-in").await;
    let _fetch = FetchStub::new(200, "[]");
    fill_token_form(&app).await;
    submit(&app);
    wait_for_path("/tokens").await;
    assert!(stored_session().is_some());

    app.button("Sign out").expect("a Sign out button").click();
    wait_for_path("/sign-in").await;
    app.wait_for_heading("Sign in").await;
    assert_eq!(search(), "", "sign-out does not come back to where it was");
    assert_eq!(session_storage().get_item(STORAGE_KEY).unwrap(), None);
    assert!(!storage_dump(&session_storage()).contains(PASTED_TOKEN));
    assert!(app.button("Sign out").is_none());
    assert!(!text(&app.landmark("header").unwrap()).contains("Signed in"));
}

// ---- Against the real emulator (when EMULATOR_URL is set) ----

fn fill_credentials(app: &Mounted, url: &str, tenant: &str, client: (&str, &str)) {
    fill(app, "API base URL", url);
    fill(app, "Tenant", tenant);
    fill(app, "Client ID", client.0);
    fill(app, "Client secret", client.1);
}

#[wasm_bindgen_test]
async fn emulator_client_credentials_sign_in() {
    let url = emulator_url().expect("this test needs the emulator: run it with `cargo xtask test`");
    let app = open("/sign-in").await;
    fill_credentials(&app, url, "demo", ADMIN);
    submit(&app);
    wait_for_path("/tokens").await;
    app.wait_for_heading("Tokens").await;

    let session = stored_session().expect("a stored session");
    assert_eq!(session.tenant, "demo");
    assert!(session.can_manage());
    let left = session
        .seconds_left(js_sys::Date::now())
        .expect("a known expiry");
    assert!(left > 60, "{left}");
    assert_nowhere("demo-admin-secret");
    let header = text(&app.landmark("header").unwrap());
    assert!(header.contains("Signed in to demo"), "{header}");
    assert!(header.contains("expires in"), "{header}");
    assert!(!header.contains("Read-only"), "{header}");
}

#[wasm_bindgen_test]
async fn emulator_viewer_is_read_only() {
    let url = emulator_url().expect("this test needs the emulator: run it with `cargo xtask test`");
    let app = open("/sign-in").await;
    fill_credentials(&app, url, "demo", VIEWER);
    submit(&app);
    wait_for_path("/tokens").await;
    let header = app.landmark("header").unwrap();
    wait_until("a Read-only badge", || text(&header).contains("Read-only")).await;
    assert!(!stored_session().unwrap().can_manage());
    assert_nowhere("demo-viewer-secret");
}

#[wasm_bindgen_test]
async fn emulator_wrong_secret_keeps_what_was_typed_but_the_secret() {
    let url = emulator_url().expect("this test needs the emulator: run it with `cargo xtask test`");
    let app = open("/sign-in").await;
    fill_credentials(&app, url, "demo", ("demo-admin", "wrong-secret-7781"));
    submit(&app);
    wait_until("an alert", || !app.alert_text().is_empty()).await;
    assert!(
        app.alert_text()
            .contains("client ID or client secret is wrong"),
        "{}",
        app.alert_text()
    );
    assert_eq!(pathname(), "/sign-in");
    assert_eq!(stored_session(), None);
    assert_eq!(field(&app, "API base URL").value(), url);
    assert_eq!(field(&app, "Tenant").value(), "demo");
    assert_eq!(field(&app, "Client ID").value(), "demo-admin");
    // The secret is wiped after a failed try, as the sign-in-again dialog does.
    assert_eq!(field(&app, "Client secret").value(), "");
    assert_nowhere("wrong-secret-7781");
}

#[wasm_bindgen_test]
async fn emulator_other_tenant_is_refused() {
    let url = emulator_url().expect("this test needs the emulator: run it with `cargo xtask test`");
    let app = open("/sign-in").await;
    fill_credentials(
        &app,
        url,
        "othertenant",
        ("demo-admin", "demo-admin-secret"),
    );
    submit(&app);
    wait_until("an alert", || !app.alert_text().is_empty()).await;
    let said = app.alert_text();
    assert!(
        said.contains("“demo”") && said.contains("“othertenant”"),
        "{said}"
    );
    assert_eq!(pathname(), "/sign-in");
    assert_eq!(stored_session(), None);
    assert_nowhere("demo-admin-secret");
}

#[wasm_bindgen_test]
async fn unreachable_api_is_reported() {
    let app = open("/sign-in").await;
    // Port 9 (discard) on loopback: refused at once, no real network needed.
    fill_credentials(&app, "http://127.0.0.1:9", "demo", ("demo-admin", "s"));
    submit(&app);
    wait_until("an alert", || !app.alert_text().is_empty()).await;
    assert!(
        app.alert_text().contains("could not be reached"),
        "{}",
        app.alert_text()
    );
    assert_eq!(field(&app, "Client secret").value(), "");
}
