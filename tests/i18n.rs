//! Languages, in headless Chromium: with German chosen (a stored choice), the app speaks
//! German, groups numbers the German way and shows relative times with the exact time on
//! hover; the "Sprache" switch goes back to English without losing the list's address.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use token_admin::i18n::STORAGE_KEY;
use token_admin::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// German weekdays, one of which the exact time on hover names.
const WOCHENTAGE: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];

/// The stored language choice, removed again on drop (tests share the origin's storage).
struct StoredLocale;

impl StoredLocale {
    fn set(tag: &str) -> Self {
        local_storage().set_item(STORAGE_KEY, tag).unwrap();
        StoredLocale
    }
}

impl Drop for StoredLocale {
    fn drop(&mut self) {
        let _ = local_storage().remove_item(STORAGE_KEY);
        token_admin::i18n::set_current(token_admin::i18n::Locale::En);
    }
}

/// Answers every token list request with a full page of `size` tokens, each created and
/// modified three minutes ago, and a total of 1234; anything else with a 404. Put back on
/// drop.
struct ListStub {
    handle: wasm_bindgen::JsValue,
}

impl ListStub {
    fn install(size: u32) -> Self {
        let install = js_sys::Function::new_with_args(
            "size",
            r#"
            const original = globalThis.fetch;
            const at = new Date(Date.now() - 3 * 60 * 1000).toISOString();
            const page = Array.from({ length: size }, (_, i) => ({
                id: `tok-${String(i).padStart(3, "0")}`,
                name: `Token ${i}`,
                metadata: { version: 1, createdAt: at, modifiedAt: at },
            }));
            globalThis.fetch = function (input, init) {
                const request = input instanceof Request ? input : new Request(input, init);
                const list = request.method === "GET" && new URL(request.url).pathname.endsWith("/agentic/tokens");
                return Promise.resolve(list
                    ? new Response(JSON.stringify(page), {
                        status: 200,
                        headers: { "Content-Type": "application/json", "X-Total-Count": "1234" },
                    })
                    : new Response("{}", { status: 404, headers: { "Content-Type": "application/json" } }));
            };
            return { restore() { globalThis.fetch = original; } };
            "#,
        );
        let handle = install
            .call1(&wasm_bindgen::JsValue::NULL, &size.into())
            .unwrap();
        Self { handle }
    }
}

impl Drop for ListStub {
    fn drop(&mut self) {
        call_method(&self.handle, "restore");
    }
}

fn document_lang() -> String {
    document()
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .unwrap_or_default()
}

fn pager_status(app: &Mounted) -> String {
    app.all(".pager-status")
        .first()
        .map(text)
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn german_list_then_english_with_the_same_address() {
    let _german = StoredLocale::set("de");
    let _api = ListStub::install(25);
    store_session("http://127.0.0.1:9", "demo", "t");
    let address = "/tokens?page=2&size=25&sort=name:desc";
    let app = Mounted::at(address, App).await;

    // German texts, numbers and dates.
    wait_until("the German search field", || {
        app.field("Token suchen").is_some()
    })
    .await;
    wait_until("25 rows", || app.all("tbody tr").len() == 25).await;
    assert_eq!(document_lang(), "de");
    assert!(
        app.select("Zeilen pro Seite").is_some(),
        "the page size select"
    );
    assert!(app.button("Nächste Seite").is_some());
    app.wait_for_text("26–50 von 1.234").await;
    assert_eq!(pager_status(&app), "26–50 von 1.234");
    assert!(
        app.field("Search tokens").is_none(),
        "no English label left"
    );
    let time = app.all("tbody time").into_iter().next().expect("a <time>");
    assert_eq!(text(&time), "vor 3 Minuten");
    let exact = time.get_attribute("title").unwrap_or_default();
    assert!(
        WOCHENTAGE.iter().any(|day| exact.starts_with(day)),
        "the exact time names the weekday in German: {exact:?}"
    );
    assert!(time.get_attribute("datetime").is_some());
    assert!(
        app.button("Erstellt").is_some() && app.button("Geändert").is_some(),
        "the sort buttons of the Created and Modified columns"
    );

    // Back to English through the switch: texts, numbers and dates follow; the address,
    // and with it page, size and sort, stays.
    let switch = app.select("Sprache").expect("the language switch");
    let options: Vec<(String, String)> = (0..switch.length())
        .filter_map(|i| switch.item(i))
        .map(|o| (text(&o), o.get_attribute("lang").unwrap_or_default()))
        .collect();
    assert_eq!(
        options,
        [
            ("English".to_owned(), "en".to_owned()),
            ("Deutsch".to_owned(), "de".to_owned())
        ]
    );
    choose(&switch, "en");
    wait_until("the English search field", || {
        app.field("Search tokens").is_some()
    })
    .await;
    wait_until("25 rows", || app.all("tbody tr").len() == 25).await;
    app.wait_for_text("26–50 of 1,234").await;
    assert!(app.select("Rows per page").is_some());
    assert!(app.select("Language").is_some());
    assert_eq!(document_lang(), "en");
    assert_eq!(
        format!("{}{}", pathname(), search()),
        address,
        "the list's address is kept"
    );
    let time = app.all("tbody time").into_iter().next().expect("a <time>");
    assert_eq!(text(&time), "3 minutes ago");
    assert_eq!(
        local_storage().get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("en"),
        "the choice is remembered"
    );
    wait_until("focus back on the switch", || {
        document()
            .active_element()
            .and_then(|el| label_of(&el))
            .as_deref()
            == Some("Language")
    })
    .await;
}

#[wasm_bindgen_test]
async fn signed_out_admins_get_a_german_sign_in_page() {
    let _german = StoredLocale::set("de");
    clear_session();
    let app = Mounted::at("/sign-in", App).await;
    app.wait_for_heading("Anmelden").await;
    for label in ["API-Basis-URL", "Mandant", "Client-ID", "Client-Secret"] {
        assert!(app.field(label).is_some(), "a field named {label:?}");
    }
    assert!(app.radio("Client-Zugangsdaten").is_some());
    assert!(app.button("Anmelden").is_some());
    assert!(
        app.select("Sprache").is_some(),
        "the switch is on the sign-in page"
    );

    // A German check message after an empty submit.
    app.button("Anmelden").unwrap().click();
    app.wait_for_text("Geben Sie den Mandanten ein.").await;
}

#[wasm_bindgen_test]
async fn switching_the_language_asks_before_dropping_typed_work() {
    let _english = StoredLocale::set("en");
    sign_in_to_emulator(ADMIN).await;
    let app = Mounted::at("/tokens/openai-prod", App).await;
    wait_until("the edit form", || {
        app.field("Name")
            .is_some_and(|name| !name.value().is_empty())
    })
    .await;
    type_into(&app.field("Name").unwrap(), "Typed before switching");
    let confirm = ConfirmStub::answering(false);

    choose(&app.select("Language").expect("the language switch"), "de");
    wait_until("the question", || confirm.questions().len() == 1).await;
    assert_eq!(app.field("Name").unwrap().value(), "Typed before switching");
    assert_eq!(
        app.select("Language").unwrap().value(),
        "en",
        "still English"
    );
    assert_eq!(document_lang(), "en");

    confirm.answer(true);
    choose(&app.select("Language").unwrap(), "de");
    wait_until("German", || app.select("Sprache").is_some()).await;
    assert_eq!(document_lang(), "de");
}
