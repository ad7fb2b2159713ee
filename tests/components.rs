//! Component tests for the building blocks (`src/ui`) and the list's table and search: each component mounted alone in headless Chromium
//! with the app's stylesheets, driven and checked the way a user (or screen reader) would.
#![cfg(target_arch = "wasm32")]

mod support;

use std::time::Duration;

use ai_client::{Metadata, Token};
use leptos::prelude::*;
use support::*;
use token_admin::tokens::delete::selection::Selection;
use token_admin::tokens::list::{InlineRename, SearchBox, TokenTable};
use token_admin::tokens::list_state::{Direction, SortColumn, PAGE_SIZES};
use token_admin::ui::{Dialog, EmptyState, ErrorPanel, LiveRegion, Pager};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const PATH: &str = "/components-test";

// ---- helpers ----

fn token(id: &str, name: Option<&str>, version: Option<u64>) -> Token {
    Token {
        id: id.into(),
        name: name.map(Into::into),
        metadata: version.map(|version| Metadata {
            version: Some(version),
            created_at: Some("2025-11-02T14:03:27.123Z".into()),
            modified_at: Some("2025-11-03T09:30:00+02:00".into()),
        }),
    }
}

/// Whether a control is unavailable (`disabled` or `aria-disabled="true"`).
fn is_disabled(el: &Element) -> bool {
    el.has_attribute("disabled") || el.get_attribute("aria-disabled").as_deref() == Some("true")
}

/// The checkbox labelled `label`.
fn checkbox(app: &Mounted, label: &str) -> web_sys::HtmlInputElement {
    app.all("input[type=checkbox]")
        .into_iter()
        .find(|el| label_of(el).as_deref() == Some(label))
        .unwrap_or_else(|| panic!("a checkbox labelled {label:?}"))
        .unchecked_into()
}

/// `el` as a DOM node.
fn node(el: &Element) -> &web_sys::Node {
    el
}

/// The element that `el`'s `aria-describedby` points at, if any.
fn description(el: &Element) -> Option<Element> {
    let id = el.get_attribute("aria-describedby")?;
    support::document().get_element_by_id(&id)
}

async fn settle() {
    leptos::task::tick().await;
}

// ---- TokenTable ----

struct TableProps {
    rows: RwSignal<Vec<Token>>,
    sort: RwSignal<Option<(SortColumn, Direction)>>,
    loading: RwSignal<bool>,
    sorted: RwSignal<Vec<SortColumn>>,
}

async fn mount_table(rows: Vec<Token>) -> (Mounted, TableProps) {
    use_app_styles();
    let props = TableProps {
        rows: RwSignal::new(rows),
        sort: RwSignal::new(None),
        loading: RwSignal::new(false),
        sorted: RwSignal::new(Vec::new()),
    };
    let TableProps {
        rows,
        sort,
        loading,
        sorted,
    } = props;
    let app = Mounted::at(PATH, move || {
        view! {
            <TokenTable
                rows=rows
                sort=sort
                loading=loading
                caption="Tokens"
                on_sort=move |column| sorted.update(|s| s.push(column))
            />
        }
    })
    .await;
    (app, props)
}

fn body_rows(app: &Mounted) -> Vec<Element> {
    app.all("tbody tr")
}

#[wasm_bindgen_test]
async fn table_shows_names_and_ids_as_text() {
    let hostile = "<img src=x onerror=alert(1)>";
    let long = "N".repeat(10_000);
    let rtl = "מפתח סודי 🔑 של OpenAI";
    let (app, _) = mount_table(vec![
        token("a/b c?#1", Some(hostile), Some(3)),
        token("long", Some(&long), Some(1)),
        token("rtl", Some(rtl), Some(2)),
        token("bare", None, None),
    ])
    .await;

    assert!(
        app.all("img").is_empty(),
        "markup in a name must not become an element"
    );
    let rows = body_rows(&app);
    assert_eq!(rows.len(), 4);
    assert!(text(&rows[0]).contains(hostile), "{}", text(&rows[0]));
    assert!(text(&rows[1]).contains(&long));
    assert!(text(&rows[2]).contains(rtl));

    let link = app.link("a/b c?#1").expect("the id links to the token");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/tokens/a%2Fb%20c%3F%231")
    );

    // Dates: older than a month, so the local date; the value as given in <time datetime>
    // and the exact local time in its title; missing values as "—".
    let times = rows[0].query_selector_all("time").unwrap();
    let created: Element = times.item(0).unwrap().unchecked_into();
    let modified: Element = times.item(1).unwrap().unchecked_into();
    let local_day = |iso: &str| js_sys::Date::new(&iso.into()).get_date();
    assert_eq!(
        text(&created),
        format!("{} Nov 2025", local_day("2025-11-02T14:03:27.123Z"))
    );
    assert_eq!(
        created.get_attribute("datetime").as_deref(),
        Some("2025-11-02T14:03:27.123Z")
    );
    assert!(created
        .get_attribute("title")
        .is_some_and(|title| title.contains("November 2025")));
    assert_eq!(
        text(&modified),
        format!("{} Nov 2025", local_day("2025-11-03T09:30:00+02:00"))
    );
    let bare: Vec<String> = (1..5)
        .map(|i| {
            text(
                &rows[3]
                    .query_selector_all("td")
                    .unwrap()
                    .item(i)
                    .unwrap()
                    .unchecked_into(),
            )
        })
        .collect();
    assert_eq!(bare, ["—", "—", "—", "—"]);
}

#[wasm_bindgen_test]
async fn long_and_right_to_left_names_keep_the_layout() {
    let (app, _) = mount_table(vec![
        token("short", Some("Plain"), Some(1)),
        token("long", Some(&"W".repeat(10_000)), Some(1)),
        token("rtl", Some("مفتاح سري لخدمة الذكاء الاصطناعي 🔑🤖"), Some(1)),
    ])
    .await;
    let row_height = |i: usize| {
        body_rows(&app)[i]
            .unchecked_ref::<HtmlElement>()
            .offset_height()
    };

    for width in [1000, 360] {
        app.host
            .style()
            .set_property("width", &format!("{width}px"))
            .unwrap();
        settle().await;
        assert!(
            app.host.scroll_width() <= app.host.offset_width(),
            "at {width}px nothing sticks out of the component"
        );
        let one_line = row_height(0) * 3 / 2;
        assert!(
            row_height(1) < one_line,
            "at {width}px the 10,000-character name stays on one line"
        );
        assert!(
            row_height(2) < one_line,
            "at {width}px the right-to-left name stays on one line"
        );
    }
    let name_cell: Element = body_rows(&app)[2]
        .query_selector("td:nth-child(2)")
        .unwrap()
        .unwrap();
    assert_eq!(name_cell.get_attribute("dir").as_deref(), Some("auto"));
}

#[wasm_bindgen_test]
async fn sort_buttons_report_the_column_and_only_the_sorted_header_has_aria_sort() {
    let (app, props) = mount_table(vec![token("a", Some("A"), Some(1))]).await;

    for name in ["ID", "Name", "Created", "Modified", "Version"] {
        let button = app
            .button(name)
            .unwrap_or_else(|| panic!("a sort button named {name:?}"));
        assert_eq!(
            button
                .closest("th")
                .unwrap()
                .unwrap()
                .get_attribute("scope")
                .as_deref(),
            Some("col")
        );
    }
    assert!(
        app.all("[aria-sort]").is_empty(),
        "unsorted: no aria-sort anywhere"
    );

    app.button("Name").unwrap().click();
    settle().await;
    assert_eq!(props.sorted.get_untracked(), [SortColumn::Name]);

    props.sort.set(Some((SortColumn::Name, Direction::Desc)));
    settle().await;
    let sorted = app.all("[aria-sort]");
    assert_eq!(sorted.len(), 1);
    assert_eq!(
        sorted[0].get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
    assert!(sorted[0].contains(Some(node(&app.button("Name").unwrap()))));

    props.sort.set(Some((SortColumn::Created, Direction::Asc)));
    settle().await;
    let sorted = app.all("[aria-sort]");
    assert_eq!(sorted.len(), 1);
    assert_eq!(
        sorted[0].get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    assert!(sorted[0].contains(Some(node(&app.button("Created").unwrap()))));

    props.sort.set(None);
    settle().await;
    assert!(app.all("[aria-sort]").is_empty());
}

#[wasm_bindgen_test]
async fn loading_keeps_the_rows_marks_the_table_busy_and_keeps_focus() {
    let rows = vec![
        token("one", Some("One"), Some(1)),
        token("two", Some("Two"), Some(1)),
    ];
    let (app, props) = mount_table(rows.clone()).await;
    let table = app.all("table").remove(0);
    assert_eq!(table.get_attribute("aria-busy"), None);
    assert!(app.all("[role=progressbar]").is_empty());

    let link = app.link("two").unwrap();
    link.focus().unwrap();
    props.loading.set(true);
    settle().await;
    assert_eq!(table.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(
        app.all("[role=progressbar]").len(),
        1,
        "a visible progress indicator"
    );
    assert_eq!(body_rows(&app).len(), 2, "old rows stay while loading");

    // The reloaded page changes "one" and adds "three"; the unchanged "two" row (and the
    // focus in it) stays.
    props.rows.set(vec![
        token("one", Some("One renamed"), Some(2)),
        token("two", Some("Two"), Some(1)),
        token("three", Some("Three"), Some(4)),
    ]);
    props.loading.set(false);
    settle().await;
    let shown: Vec<String> = body_rows(&app).iter().map(text).collect();
    assert_eq!(shown.len(), 3);
    assert!(shown[0].contains("One renamed"), "{shown:?}");
    assert!(shown[2].contains("Three"), "{shown:?}");
    let focused = support::document()
        .active_element()
        .expect("something has focus");
    assert!(
        focused.is_same_node(Some(node(&link))),
        "focus stays on the unchanged row's link"
    );
    assert_eq!(table.get_attribute("aria-busy"), None);
    assert!(app.all("[role=progressbar]").is_empty());
}

#[wasm_bindgen_test]
async fn managed_table_selects_renames_and_deletes_through_callbacks() {
    use_app_styles();
    let rows = RwSignal::new(vec![
        token("k1", Some("Key one"), Some(1)),
        token("k2", None, Some(4)),
    ]);
    let selected = RwSignal::new(Selection::default());
    let rename = InlineRename::default();
    let renamed = RwSignal::new(Vec::<(String, Option<u64>, String)>::new());
    let deleted = RwSignal::new(Vec::<String>::new());
    let app = Mounted::at(PATH, move || {
        view! {
            <TokenTable
                rows=rows
                sort=Signal::stored(None)
                loading=Signal::stored(false)
                caption="Tokens"
                on_sort=|_| ()
                manage=true
                selected=selected
                rename=rename
                on_rename=move |(row, name): (Token, String)| {
                    let version = row.metadata.and_then(|m| m.version);
                    renamed.update(|r| r.push((row.id, version, name)));
                }
                on_delete=move |id| deleted.update(|d| d.push(id))
            />
        }
    })
    .await;

    checkbox(&app, "Select k2").click();
    settle().await;
    assert_eq!(selected.get_untracked().ids(), ["k2"]);
    let all = checkbox(&app, "Select all on this page");
    assert!(all.indeterminate() && !all.checked());
    all.click();
    settle().await;
    assert_eq!(selected.get_untracked().len(), 2);

    button_named(&app, "Delete k2").click();
    assert_eq!(deleted.get_untracked(), ["k2"]);

    button_named(&app, "Rename k1").click();
    wait_until("the name field", || app.field("New name for k1").is_some()).await;
    let field = app.field("New name for k1").unwrap();
    assert_eq!(field.value(), "Key one");
    type_into(&field, "Key uno");
    press_key(&field, "Enter");
    assert_eq!(
        renamed.get_untracked(),
        [("k1".to_owned(), Some(1), "Key uno".to_owned())]
    );
    rename.busy.set(true);
    rename.error.set(Some("Name is too long.".into()));
    settle().await;
    assert!(is_disabled(&button_named(&app, "Save")));
    assert!(app.alert_text().contains("Name is too long."));
    assert_eq!(support::description(&field), "Name is too long.");
    rename.busy.set(false);
    press_key(&field, "Escape");
    wait_until("the field to go", || app.field("New name for k1").is_none()).await;
    assert!(app.host.text_content().unwrap().contains("Key one"));
}

// ---- SearchBox ----

type Searches = RwSignal<Vec<(String, bool)>>;

async fn mount_search(value: RwSignal<String>, raw: RwSignal<bool>) -> (Mounted, Searches) {
    use_app_styles();
    let searches: Searches = RwSignal::new(Vec::new());
    let app = Mounted::at(PATH, move || {
        view! {
            <SearchBox
                value=value
                raw=raw
                debounce_ms=100
                on_search=move |search: (String, bool)| searches.update(|s| s.push(search))
            />
        }
    })
    .await;
    (app, searches)
}

#[wasm_bindgen_test]
async fn typing_searches_once_after_the_pause() {
    let (app, searches) = mount_search(RwSignal::new(String::new()), RwSignal::new(false)).await;
    let input = app
        .textbox("Search tokens")
        .expect("a field labelled Search tokens");
    assert_eq!(input.type_(), "search");

    let text = "openai-pro";
    for end in 1..=text.len() {
        if end > 1 {
            sleep(Duration::from_millis(30)).await;
        }
        type_into(&input, &text[..end]);
    }
    let last_keystroke = js_sys::Date::now();
    settle().await;
    assert!(
        searches.get_untracked().is_empty(),
        "no search while typing"
    );

    wait_until("one search", || searches.with_untracked(|s| !s.is_empty())).await;
    let waited = js_sys::Date::now() - last_keystroke;
    assert!(
        (90.0..600.0).contains(&waited),
        "searched {waited} ms after the last keystroke"
    );
    sleep(Duration::from_millis(250)).await;
    assert_eq!(searches.get_untracked(), [(text.to_owned(), false)]);
}

#[wasm_bindgen_test]
async fn enter_searches_at_once_and_escape_clears() {
    let (app, searches) = mount_search(RwSignal::new(String::new()), RwSignal::new(false)).await;
    let input = app.textbox("Search tokens").unwrap();

    type_into(&input, "gpt");
    press_key(&input, "Enter");
    settle().await;
    assert_eq!(searches.get_untracked(), [("gpt".to_owned(), false)]);
    sleep(Duration::from_millis(200)).await;
    assert_eq!(
        searches.get_untracked().len(),
        1,
        "Enter cancels the pending search"
    );

    press_key(&input, "Escape");
    settle().await;
    assert_eq!(input.value(), "");
    assert_eq!(
        searches.get_untracked().last(),
        Some(&(String::new(), false))
    );
}

#[wasm_bindgen_test]
async fn advanced_query_shows_the_error_position_and_searches_only_when_valid() {
    let (app, searches) = mount_search(RwSignal::new(String::new()), RwSignal::new(false)).await;
    let input = app.textbox("Search tokens").unwrap();

    checkbox(&app, "Advanced query").click();
    settle().await;
    assert_eq!(
        searches.get_untracked(),
        [(String::new(), true)],
        "switching mode searches"
    );

    type_into(&input, r#"name:"open"#);
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error = description(&input).expect("the input describes the error");
    assert!(text(&error).contains("character 6"), "{}", text(&error));
    assert!(text(&error).contains("unterminated"), "{}", text(&error));
    press_key(&input, "Enter");
    sleep(Duration::from_millis(200)).await;
    assert_eq!(
        searches.get_untracked().len(),
        1,
        "an invalid query is never searched"
    );

    type_into(&input, r#"name:"open""#);
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid"), None);
    assert!(description(&input).is_none());
    wait_until("the fixed query is searched", || {
        searches.with_untracked(|s| s.len() == 2)
    })
    .await;
    assert_eq!(
        searches.get_untracked()[1],
        (r#"name:"open""#.to_owned(), true)
    );
}

#[wasm_bindgen_test]
async fn back_and_forward_show_the_search_unless_the_user_is_typing() {
    let value = RwSignal::new("first".to_owned());
    let raw = RwSignal::new(false);
    let (app, searches) = mount_search(value, raw).await;
    let input = app.textbox("Search tokens").unwrap();
    assert_eq!(input.value(), "first");

    value.set("name:x".into());
    raw.set(true);
    wait_until("the new search shows", || input.value() == "name:x").await;
    assert!(checkbox(&app, "Advanced query").checked());

    type_into(&input, "name:y");
    value.set("name:z".into());
    settle().await;
    assert_eq!(input.value(), "name:y", "what the user is typing wins");
    wait_until("the typed search", || {
        searches.with_untracked(|s| s.len() == 1)
    })
    .await;
    assert_eq!(searches.get_untracked(), [("name:y".to_owned(), true)]);
}

// ---- Pager ----

struct PagerProps {
    page: RwSignal<u32>,
    total: RwSignal<Option<u64>>,
    rows: RwSignal<usize>,
    pages: RwSignal<Vec<u32>>,
    sizes: RwSignal<Vec<u32>>,
}

async fn mount_pager(
    page: u32,
    size: u32,
    total: Option<u64>,
    rows: usize,
) -> (Mounted, PagerProps) {
    use_app_styles();
    let props = PagerProps {
        page: RwSignal::new(page),
        total: RwSignal::new(total),
        rows: RwSignal::new(rows),
        pages: RwSignal::new(Vec::new()),
        sizes: RwSignal::new(Vec::new()),
    };
    let PagerProps {
        page,
        total,
        rows,
        pages,
        sizes,
    } = props;
    let app = Mounted::at(PATH, move || {
        view! {
            <Pager
                page=page
                size=size
                sizes=&PAGE_SIZES
                total=total
                rows_on_page=rows
                on_page=move |p| pages.update(|v| v.push(p))
                on_size=move |s| sizes.update(|v| v.push(s))
            />
        }
    })
    .await;
    (app, props)
}

fn button_named(app: &Mounted, name: &str) -> HtmlElement {
    app.button(name)
        .unwrap_or_else(|| panic!("a button named {name:?}"))
}

/// The names of the numbered page buttons, in order.
fn numbered_pages(app: &Mounted) -> Vec<String> {
    app.all("nav button")
        .iter()
        .map(accessible_name)
        .filter(|name| name.starts_with("Page "))
        .collect()
}

#[wasm_bindgen_test]
async fn pager_with_a_total() {
    let (app, props) = mount_pager(2, 20, Some(1234), 20).await;
    let nav = app.landmark("nav").expect("a navigation landmark");
    assert_eq!(
        nav.get_attribute("aria-label").as_deref(),
        Some("Pagination")
    );
    assert!(text(&nav).contains("21–40 of 1,234"), "{}", text(&nav));

    assert_eq!(
        numbered_pages(&app),
        ["Page 1", "Page 2", "Page 3", "Page 4", "Page 62"]
    );
    let current: Vec<String> = app
        .all("[aria-current=page]")
        .iter()
        .map(accessible_name)
        .collect();
    assert_eq!(current, ["Page 2"]);
    for name in ["First page", "Previous page", "Next page", "Last page"] {
        assert!(
            !is_disabled(&button_named(&app, name)),
            "{name} is available"
        );
    }

    button_named(&app, "Next page").click();
    button_named(&app, "Last page").click();
    button_named(&app, "Page 62").click();
    button_named(&app, "Previous page").click();
    button_named(&app, "Page 2").click();
    settle().await;
    assert_eq!(
        props.pages.get_untracked(),
        [3, 62, 62, 1],
        "the current page is not re-requested"
    );

    let select = app
        .select("Rows per page")
        .expect("a select labelled Rows per page");
    let options: Vec<String> = (0..select.length())
        .map(|i| select.item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(options, ["10", "25", "50", "100"]);
    choose(&select, "50");
    settle().await;
    assert_eq!(props.sizes.get_untracked(), [50]);

    props.page.set(6);
    props.rows.set(20);
    settle().await;
    assert_eq!(
        numbered_pages(&app),
        ["Page 1", "Page 4", "Page 5", "Page 6", "Page 7", "Page 8", "Page 62"]
    );
    assert!(text(&nav).contains("101–120 of 1,234"), "{}", text(&nav));
}

#[wasm_bindgen_test]
async fn pager_without_a_total() {
    let (app, props) = mount_pager(2, 20, None, 20).await;
    let nav = app.landmark("nav").unwrap();
    assert!(text(&nav).contains("21–40 of many"), "{}", text(&nav));
    assert!(
        !is_disabled(&button_named(&app, "Next page")),
        "a full page may have a successor"
    );
    assert!(is_disabled(&button_named(&app, "Last page")));
    assert_eq!(
        numbered_pages(&app),
        ["Page 1", "Page 2"],
        "no numbers beyond the current page"
    );

    button_named(&app, "Last page").click();
    button_named(&app, "Next page").click();
    settle().await;
    assert_eq!(props.pages.get_untracked(), [3]);

    props.rows.set(7);
    settle().await;
    assert!(
        is_disabled(&button_named(&app, "Next page")),
        "a short page is the last"
    );
    assert!(text(&nav).contains("21–27 of 27"), "{}", text(&nav));
    props.total.set(Some(27));
    settle().await;
    assert!(is_disabled(&button_named(&app, "Next page")));
}

#[wasm_bindgen_test]
async fn pager_on_the_first_page_and_with_no_rows() {
    let (app, props) = mount_pager(1, 25, Some(60), 25).await;
    assert!(is_disabled(&button_named(&app, "First page")));
    assert!(is_disabled(&button_named(&app, "Previous page")));
    assert!(!is_disabled(&button_named(&app, "Next page")));
    button_named(&app, "Previous page").click();
    button_named(&app, "First page").click();
    settle().await;
    assert!(props.pages.get_untracked().is_empty());
    assert_eq!(app.select("Rows per page").unwrap().value(), "25");

    props.total.set(Some(0));
    props.rows.set(0);
    settle().await;
    let nav = app.landmark("nav").unwrap();
    assert!(text(&nav).contains("0 of 0"), "{}", text(&nav));
    for name in ["First page", "Previous page", "Next page", "Last page"] {
        assert!(
            is_disabled(&button_named(&app, name)),
            "{name} is unavailable"
        );
    }
}

// ---- Dialog ----

/// Resolves when `target` next receives an event called `name`.
fn next_event(target: &Element, name: &str) -> wasm_bindgen_futures::JsFuture {
    let target = target.clone();
    let name = name.to_owned();
    let promise = js_sys::Promise::new(&mut move |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        target
            .add_event_listener_with_callback_and_add_event_listener_options(
                &name, &resolve, &options,
            )
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise)
}

#[wasm_bindgen_test]
async fn a_dialog_opened_again_before_its_close_event_stays_open() {
    use_app_styles();
    let open = RwSignal::new(true);
    let closes = RwSignal::new(0);
    let app = Mounted::at(PATH, move || {
        view! {
            <Dialog
                open=open
                title="Export tokens".to_owned()
                on_close=move |()| {
                    closes.update(|n| *n += 1);
                    open.set(false);
                }
            >
                <button type="button">"Inside"</button>
            </Dialog>
        }
    })
    .await;
    wait_until("the dialog", || app.dialog("Export tokens").is_some()).await;
    let element = app.all("dialog").remove(0);
    // Closed by its owner, and opened again before the browser delivers `close`.
    let closed = next_event(&element, "close");
    open.set(false);
    settle().await;
    assert!(app.dialog("Export tokens").is_none(), "closed");
    open.set(true);
    settle().await;
    closed.await.unwrap();
    settle().await;
    assert!(
        app.dialog("Export tokens").is_some(),
        "the late close event of the first closing must not close it again"
    );
    assert_eq!(closes.get_untracked(), 0, "on_close is not asked");
}

// ---- Status pieces ----

#[wasm_bindgen_test]
async fn error_panel_alerts_and_retries() {
    use_app_styles();
    let retries = RwSignal::new(0);
    let app = Mounted::at(PATH, move || {
        view! { <ErrorPanel message="The tokens could not be loaded." on_retry=move |_| retries.update(|n| *n += 1) /> }
    })
    .await;
    let alert = app.all("[role=alert]").remove(0);
    assert!(text(&alert).contains("The tokens could not be loaded."));
    button_named(&app, "Retry").click();
    settle().await;
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn an_error_from_the_server_shows_its_bidi_controls_instead_of_obeying_them() {
    let app = Mounted::at(PATH, move || {
        view! { <ErrorPanel message="Refused: \u{202E}gnp.exe" on_retry=move |_| () /> }
    })
    .await;
    let alert = text(&app.all("[role=alert]").remove(0));
    assert!(alert.contains("⟨U+202E⟩"), "{alert}");
    assert!(!alert.contains('\u{202E}'), "{alert}");
}

#[wasm_bindgen_test]
async fn empty_state_and_live_region_show_their_text() {
    use_app_styles();
    let message = RwSignal::new(String::new());
    let app = Mounted::at(PATH, move || {
        view! {
            <EmptyState text="No tokens match this search." />
            <LiveRegion message=message visually_hidden=true />
        }
    })
    .await;
    assert!(text(&app.host).contains("No tokens match this search."));
    let status = app.all("[role=status]").remove(0);
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(text(&status), "");
    message.set("Showing 21–40 of 1,234".into());
    settle().await;
    assert_eq!(text(&status), "Showing 21–40 of 1,234");
}
