//! Keyboard use of the whole app against the emulator (started by `cargo xtask test`, its
//! URL compiled in as `EMULATOR_URL`), in headless Chromium: the global shortcuts, the
//! shortcut sheet, the command palette and arrow keys in the token table.
#![cfg(target_arch = "wasm32")]

mod support;

use ai_client::Client;
use support::*;
use token_admin::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const PALETTE: &str = "Command palette";
const SHEET: &str = "Keyboard shortcuts";

/// Signs in as `client` and mounts the app at `path`, once the token list (if that is the
/// page) shows its rows.
async fn open(client: (&str, &str), path: &str) -> (Mounted, Client) {
    let api = sign_in_to_emulator(client).await;
    let app = Mounted::at(path, App).await;
    if path.starts_with("/tokens?") || path == "/tokens" {
        wait_until("the rows", || {
            !app.all("tbody tr a[href]").is_empty() && app.all("table[aria-busy]").is_empty()
        })
        .await;
    }
    (app, api)
}

/// Presses `key` in the focused element (the body when nothing is focused).
fn press(key: &str) -> bool {
    key_down(&focused(), key, false)
}

/// Presses Ctrl+K in the focused element.
fn ctrl_k() -> bool {
    key_down(&focused(), "k", true)
}

/// Takes the focus away from everything (keys then go to the body).
fn focus_nothing() {
    if let Ok(el) = focused().dyn_into::<HtmlElement>() {
        el.blur().unwrap();
    }
}

fn focused() -> Element {
    document()
        .active_element()
        .expect("an element has the focus")
}

/// Focuses the link named `name`.
fn focus_link(app: &Mounted, name: &str) {
    app.link(name)
        .unwrap_or_else(|| panic!("a link named {name}"))
        .focus()
        .unwrap();
}

/// The palette's combobox.
fn combobox(app: &Mounted) -> web_sys::HtmlInputElement {
    app.all("[role=combobox]")
        .pop()
        .expect("a combobox")
        .unchecked_into()
}

/// The palette's option texts, in order.
fn options(app: &Mounted) -> Vec<String> {
    app.all("[role=listbox] [role=option]")
        .iter()
        .map(text)
        .collect()
}

/// The text of the option the combobox marks active (and that is marked selected).
fn active_option(app: &Mounted) -> Option<String> {
    let id = combobox(app).get_attribute("aria-activedescendant")?;
    let option = document().get_element_by_id(&id)?;
    (option.get_attribute("aria-selected").as_deref() == Some("true")).then(|| text(&option))
}

/// Waits until the active option is `expected`.
async fn wait_active(app: &Mounted, expected: &str) {
    wait_until(&format!("{expected} active"), || {
        active_option(app).as_deref() == Some(expected)
    })
    .await;
}

/// The palette's status line.
fn palette_status(app: &Mounted) -> String {
    app.dialog(PALETTE)
        .and_then(|d| d.query_selector("[role=status]").unwrap())
        .map(|s| text(&s))
        .unwrap_or_default()
}

/// Opens the palette with Ctrl+K and waits for its field to have the focus.
async fn open_palette(app: &Mounted) {
    assert!(ctrl_k(), "Ctrl+K is taken; {}", page_snapshot());
    wait_until("the palette", || app.dialog(PALETTE).is_some()).await;
    wait_until("the focus in the palette's field", || {
        focused().get_attribute("role").as_deref() == Some("combobox")
    })
    .await;
    assert_eq!(label_of(&focused()).as_deref(), Some("Command or token"));
}

/// Types `text` into the palette's field.
fn type_in_palette(app: &Mounted, text: &str) {
    type_into(&combobox(app), text);
}

#[wasm_bindgen_test]
async fn question_mark_opens_the_sheet_and_escape_closes_it_giving_the_focus_back() {
    let (app, _) = open(VIEWER, "/tokens?sort=id:asc").await;
    let first = text(&app.all("tbody tr a[href]")[0]);
    focus_link(&app, &first);

    assert!(press("?"), "? is taken");
    wait_until("the sheet", || app.dialog(SHEET).is_some()).await;
    let sheet = app.dialog(SHEET).unwrap();
    assert!(
        sheet.query_selector("dl").unwrap().is_some(),
        "a description list"
    );
    assert_eq!(fact(&app, "/").as_deref(), Some("Go to the token search"));
    assert_eq!(
        fact(&app, "?").as_deref(),
        Some("Show the keyboard shortcuts")
    );
    assert_eq!(
        fact(&app, "n").as_deref(),
        Some("New token (with the right to manage tokens)")
    );
    assert_eq!(fact(&app, "Esc").as_deref(), Some("Close the dialog"));
    let keys: Vec<String> = sheet
        .query_selector_all("dt kbd")
        .map(|list| {
            (0..list.length())
                .filter_map(|i| list.item(i))
                .map(|k| k.text_content().unwrap_or_default())
                .collect()
        })
        .unwrap();
    for key in [
        "/", "n", "?", "Ctrl", "K", "↓", "j", "↑", "k", "Home", "End", "Enter",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
    }
    wait_until("the focus on Close", || focused_name() == "Close").await;

    assert!(press("Escape"));
    wait_until("the sheet to close", || app.open_dialogs() == 0).await;
    wait_until("the focus back on the row", || focused_name() == first).await;
}

#[wasm_bindgen_test]
async fn the_header_button_opens_the_sheet_too() {
    let (app, _) = open(VIEWER, "/tokens").await;
    let button = app
        .button("Keyboard shortcuts")
        .expect("a Keyboard shortcuts button");
    assert!(text(&button).starts_with("Shortcuts"));
    button.focus().unwrap();
    button.click();
    wait_until("the sheet", || app.dialog(SHEET).is_some()).await;
    app.button("Close").expect("a Close button").click();
    wait_until("the sheet to close", || app.open_dialogs() == 0).await;
    wait_until("the focus back on the button", || {
        focused_name() == "Keyboard shortcuts"
    })
    .await;
}

#[wasm_bindgen_test]
async fn slash_focuses_the_search_from_any_page() {
    let (app, _) = open(VIEWER, "/tokens?sort=id:asc").await;
    let first = text(&app.all("tbody tr a[href]")[0]);
    focus_link(&app, &first);
    assert!(press("/"));
    assert_eq!(label_of(&focused()).as_deref(), Some("Search tokens"));
    drop(app);

    let (app, _) = open(VIEWER, &format!("/tokens/{first}")).await;
    wait_until("the token page", || {
        app.all("h1").iter().any(|h| !text(h).is_empty())
    })
    .await;
    focus_nothing();
    assert!(press("/"));
    wait_until("the list with its search focused", || {
        pathname() == "/tokens" && label_of(&focused()).as_deref() == Some("Search tokens")
    })
    .await;
}

#[wasm_bindgen_test]
async fn keys_typed_in_a_text_field_stay_text_but_ctrl_k_still_opens_the_palette() {
    let (app, _) = open(ADMIN, "/tokens").await;
    let search = app.field("Search tokens").expect("the search field");
    search.focus().unwrap();
    for key in ["/", "?", "n"] {
        assert!(!press(key), "{key} is typed, not taken");
    }
    assert_eq!(app.open_dialogs(), 0);
    assert_eq!(pathname(), "/tokens");
    assert_eq!(label_of(&focused()).as_deref(), Some("Search tokens"));

    open_palette(&app).await;
    assert!(press("Escape"));
    wait_until("the palette to close", || app.open_dialogs() == 0).await;
    wait_until("the focus back in the search", || {
        label_of(&focused()).as_deref() == Some("Search tokens")
    })
    .await;
}

#[wasm_bindgen_test]
async fn n_opens_the_create_page_only_for_sessions_that_may_manage() {
    let (app, _) = open(VIEWER, "/tokens").await;
    focus_nothing();
    assert!(!press("n"), "a read-only session has no create page");
    assert_eq!(pathname(), "/tokens");
    drop(app);

    let (app, _) = open(ADMIN, "/tokens").await;
    focus_nothing();
    assert!(press("n"));
    app.wait_for_heading("New token").await;
    assert_eq!(pathname(), "/new-token");
}

#[wasm_bindgen_test]
async fn the_palette_filters_commands_and_runs_the_chosen_one() {
    let (app, _) = open(ADMIN, "/tokens").await;
    focus_link(&app, &text(&app.all("tbody tr a[href]")[0]));
    open_palette(&app).await;
    let combo = combobox(&app);
    assert_eq!(
        combo.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let list_id = combo.get_attribute("aria-controls").expect("aria-controls");
    assert_eq!(
        document()
            .get_element_by_id(&list_id)
            .and_then(|l| l.get_attribute("role"))
            .as_deref(),
        Some("listbox")
    );
    assert_eq!(
        options(&app),
        [
            "New token",
            "Token list",
            "Switch theme",
            "Switch language",
            "Keyboard shortcuts",
            "Sign out"
        ]
    );

    type_in_palette(&app, "SWITCH");
    wait_until("the token search to end", || {
        palette_status(&app) == "No tokens match."
    })
    .await;
    assert_eq!(options(&app), ["Switch theme", "Switch language"]);
    wait_active(&app, "Switch theme").await;
    assert!(press("ArrowDown"));
    wait_active(&app, "Switch language").await;
    assert!(press("ArrowDown"));
    wait_active(&app, "Switch theme").await;
    assert!(press("ArrowUp"));
    wait_active(&app, "Switch language").await;

    assert!(press("Enter"));
    wait_until("German", || {
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref()
            == Some("de")
    })
    .await;
    wait_until("the header in German", || app.button("Abmelden").is_some()).await;
    assert_eq!(app.open_dialogs(), 0);

    // Back to English through the palette, now in German.
    focus_nothing();
    assert!(ctrl_k());
    wait_until("the palette in German", || {
        app.dialog("Befehlspalette").is_some()
    })
    .await;
    wait_until("the focus in its field", || {
        focused().get_attribute("role").as_deref() == Some("combobox")
    })
    .await;
    type_in_palette(&app, "sprache");
    wait_until("one option", || options(&app) == ["Sprache wechseln"]).await;
    assert!(press("Enter"));
    wait_until("English again", || app.button("Sign out").is_some()).await;
    local_storage()
        .remove_item(token_admin::i18n::STORAGE_KEY)
        .unwrap();
}

#[wasm_bindgen_test]
async fn palette_options_can_be_clicked() {
    let (app, _) = open(VIEWER, "/tokens").await;
    focus_nothing();
    open_palette(&app).await;
    assert!(
        !options(&app).contains(&"New token".to_owned()),
        "read-only"
    );
    let shortcuts = app
        .all("[role=option]")
        .into_iter()
        .find(|o| text(o) == "Keyboard shortcuts")
        .expect("a Keyboard shortcuts option");
    shortcuts.unchecked_into::<HtmlElement>().click();
    wait_until("the sheet instead of the palette", || {
        app.dialog(SHEET).is_some() && app.dialog(PALETTE).is_none()
    })
    .await;
    app.button("Close").unwrap().click();
    wait_until("no dialog", || app.open_dialogs() == 0).await;
}

#[wasm_bindgen_test]
async fn the_palette_finds_tokens_by_name_or_id_and_opens_them() {
    let (app, api) = open(ADMIN, "/tokens").await;
    fresh_token(&api, "kb-palette-probe", "Keyboard palette probe").await;
    fresh_token(&api, "kb-x9", "Unrelated name").await;
    let requests = FetchFault::new("POST", "/tokens/search", 599, "{}");
    requests.stop_failing();

    focus_nothing();
    open_palette(&app).await;
    // Typed quickly: one search (by name and by id) for the last text only.
    for typed in ["pal", "palette", "palette pro"] {
        type_in_palette(&app, typed);
    }
    wait_until("the search under way", || {
        palette_status(&app) == "Searching tokens…"
    })
    .await;
    let wanted = "Open Keyboard palette probe (kb-palette-probe)";
    wait_until("the token option", || {
        options(&app).iter().any(|o| o == wanted)
    })
    .await;
    let searches = requests.calls().len();
    assert_eq!(searches, 1, "one name search; the text cannot be an id");
    wait_active(&app, wanted).await;
    assert_eq!(palette_status(&app), "1 token found.");

    // An exact id finds a token whose name does not contain it.
    type_in_palette(&app, "kb-x9");
    let by_id = "Open Unrelated name (kb-x9)";
    wait_until("the id match", || options(&app).iter().any(|o| o == by_id)).await;
    assert_eq!(requests.calls().len(), searches + 2, "by name and by id");

    type_in_palette(&app, "palette pro");
    wait_until("the token option again", || {
        options(&app).first().map(String::as_str) == Some(wanted)
    })
    .await;
    assert!(press("Enter"));
    wait_until("the token's page", || {
        pathname() == "/tokens/kb-palette-probe"
    })
    .await;
    app.wait_for_text("Keyboard palette probe").await;
    assert_eq!(app.open_dialogs(), 0);
    api.delete_token("kb-palette-probe", true).await.unwrap();
    api.delete_token("kb-x9", true).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_failed_token_search_is_a_status_line_not_an_option() {
    let (app, _) = open(VIEWER, "/tokens").await;
    let failing = FetchFault::new(
        "POST",
        "/tokens/search",
        500,
        r#"{"status":500,"message":"Search is down"}"#,
    );
    focus_nothing();
    open_palette(&app).await;
    type_in_palette(&app, "openai");
    wait_until("the error", || {
        palette_status(&app).starts_with("The token search failed:")
    })
    .await;
    assert!(
        palette_status(&app).contains("500"),
        "{}",
        palette_status(&app)
    );
    assert!(options(&app).is_empty(), "{:?}", options(&app));
    assert_eq!(
        combobox(&app).get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(combobox(&app)
        .get_attribute("aria-activedescendant")
        .is_none());

    failing.stop_failing();
    type_in_palette(&app, "openai-prod");
    wait_until("results after the fault", || {
        options(&app)
            .first()
            .is_some_and(|o| o.ends_with("(openai-prod)"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_the_rows_links() {
    let (app, _) = open(VIEWER, "/tokens?sort=id:asc&size=10").await;
    let links: Vec<String> = app.all("tbody tr a[href]").iter().map(text).collect();
    assert_eq!(links.len(), 10);
    app.field("Search tokens").unwrap().focus().unwrap();
    assert!(
        press("ArrowDown"),
        "from the search into the rows; {}",
        page_snapshot()
    );
    assert_eq!(focused_name(), links[0]);

    assert!(press("ArrowDown"));
    assert_eq!(focused_name(), links[1]);
    assert!(press("j"));
    assert_eq!(focused_name(), links[2]);
    assert!(press("k"));
    assert_eq!(focused_name(), links[1]);
    assert!(press("ArrowUp"));
    assert_eq!(focused_name(), links[0]);
    assert!(press("ArrowUp"), "the first row stays");
    assert_eq!(focused_name(), links[0]);
    assert!(press("End"));
    assert_eq!(focused_name(), links[9]);
    assert!(press("Home"));
    assert_eq!(focused_name(), links[0]);

    // Elsewhere on the page the keys do what they always do.
    let sort = app.button("Name").expect("the Name sort button");
    sort.focus().unwrap();
    assert!(!press("ArrowDown"));
    assert_eq!(focused_name(), "Name");
}

#[wasm_bindgen_test]
async fn leaving_unsaved_changes_from_the_palette_asks_first() {
    let (app, api) = open(ADMIN, "/tokens").await;
    fresh_token(&api, "kb-guard", "Keyboard guard probe").await;
    drop(app);
    let app = Mounted::at("/tokens/kb-guard", App).await;
    wait_until("the name field", || app.field("Name").is_some()).await;
    type_into(&app.field("Name").unwrap(), "Unsaved edit");
    let confirm = ConfirmStub::answering(false);

    let go_to_list = || async {
        focus_nothing();
        open_palette(&app).await;
        type_in_palette(&app, "token list");
        wait_active(&app, "Token list").await;
        assert!(press("Enter"));
        wait_until("the palette to close", || app.open_dialogs() == 0).await;
    };
    go_to_list().await;
    wait_until("the question", || confirm.questions().len() == 1).await;
    assert_eq!(pathname(), "/tokens/kb-guard", "staying was chosen");
    assert_eq!(app.field("Name").unwrap().value(), "Unsaved edit");

    confirm.answer(true);
    go_to_list().await;
    wait_until("the list", || pathname() == "/tokens").await;
    assert_eq!(confirm.questions().len(), 2);
    api.delete_token("kb-guard", true).await.unwrap();
}
