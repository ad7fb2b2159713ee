//! The theme switch in headless Chromium with the app's stylesheets: choosing a theme marks
//! `<html>`, is remembered for the next visit and changes the colours the page is drawn
//! in; and every colour pair the stylesheets use keeps its contrast in both themes.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use token_admin::prefs::theme::{provide_theme, STORAGE_KEY};
use token_admin::prefs::ThemeSwitch;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

const PATH: &str = "/theme-test";

/// A fresh start: no stored theme, no `data-theme`.
fn forget_theme() {
    local_storage().remove_item(STORAGE_KEY).unwrap();
    root().remove_attribute("data-theme").unwrap();
}

fn root() -> Element {
    document().document_element().unwrap()
}

/// The switch with its provider, as the app mounts them.
async fn mount_switch() -> Mounted {
    Mounted::at(PATH, || {
        provide_theme();
        leptos::view! { <ThemeSwitch /> }
    })
    .await
}

/// The select named "Theme".
fn switch(app: &Mounted) -> HtmlSelectElement {
    app.select("Theme").expect("a select labelled Theme")
}

/// Chooses the option whose text is `text`, as a user picking it from the list would.
fn pick(select: &HtmlSelectElement, text: &str) {
    let options = select.query_selector_all("option").unwrap();
    let value = (0..options.length())
        .filter_map(|i| options.item(i))
        .map(JsCast::unchecked_into::<Element>)
        .find(|o| o.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("an option {text:?}"))
        .get_attribute("value")
        .unwrap_or_default();
    choose(select, &value);
}

/// The text of the selected option.
fn shown(select: &HtmlSelectElement) -> String {
    let index = select.selected_index();
    let option = select
        .query_selector_all("option")
        .unwrap()
        .item(index as u32);
    option
        .and_then(|o| o.text_content())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// `getComputedStyle(el)[property]`.
fn computed(el: &Element, property: &str) -> String {
    let get = js_sys::Function::new_with_args("el, p", "return getComputedStyle(el)[p]");
    get.call2(&JsValue::NULL, el, &property.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// An `rgb(r, g, b)` / `rgba(…)` colour as 0–255 channels.
fn rgb(css: &str) -> [f64; 3] {
    let inner = css
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("an rgb() colour, got {css:?}"));
    let mut channels = inner
        .split([',', ' ', '/'])
        .filter(|c| !c.is_empty())
        .map(|c| c.parse::<f64>().unwrap());
    [(); 3].map(|()| channels.next().unwrap())
}

/// WCAG relative luminance.
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG contrast ratio of two colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The body's background colour now.
fn page_background() -> [f64; 3] {
    rgb(&computed(&document().body().unwrap(), "backgroundColor"))
}

#[wasm_bindgen_test]
async fn choosing_a_theme_marks_the_page_recolours_it_and_is_remembered() {
    use_app_styles();
    forget_theme();
    let app = mount_switch().await;
    let select = switch(&app);
    assert_eq!(
        shown(&select),
        "System theme",
        "the system's choice until one is made"
    );
    assert_eq!(
        root().get_attribute("data-theme").as_deref(),
        Some("system")
    );

    pick(&select, "Light theme");
    wait_until("data-theme=light", || {
        root().get_attribute("data-theme").as_deref() == Some("light")
    })
    .await;
    let light = page_background();
    assert!(luminance(light) > 0.8, "a light page: {light:?}");

    pick(&select, "Dark theme");
    wait_until("data-theme=dark", || {
        root().get_attribute("data-theme").as_deref() == Some("dark")
    })
    .await;
    let dark = page_background();
    assert!(luminance(dark) < 0.05, "a dark page: {dark:?}");
    assert_eq!(
        local_storage().get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("dark")
    );
    drop(app);

    // The next visit: a fresh provider reads the choice back before anything is drawn.
    root().remove_attribute("data-theme").unwrap();
    let app = mount_switch().await;
    assert_eq!(root().get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(shown(&switch(&app)), "Dark theme");
    assert_eq!(page_background(), dark);

    pick(&switch(&app), "System theme");
    wait_until("data-theme=system", || {
        root().get_attribute("data-theme").as_deref() == Some("system")
    })
    .await;
    assert_eq!(
        local_storage().get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("system")
    );
    drop(app);
    forget_theme();
}

/// Text colours and the backgrounds they are drawn on (custom properties of app.css).
const TEXTS: [&str; 6] = [
    "--text",
    "--text-muted",
    "--accent",
    "--accent-strong",
    "--danger",
    "--success",
];
const BACKGROUNDS: [&str; 4] = ["--bg", "--surface", "--surface-muted", "--accent-soft"];

/// The colour the custom property `name` resolves to in the current theme.
fn resolve(probe: &Element, name: &str) -> [f64; 3] {
    probe
        .set_attribute("style", &format!("color: var({name})"))
        .unwrap();
    rgb(&computed(probe, "color"))
}

#[wasm_bindgen_test]
async fn every_colour_pair_keeps_its_contrast_in_both_themes() {
    use_app_styles();
    let probe = document().create_element("span").unwrap();
    document().body().unwrap().append_child(&probe).unwrap();
    let mut failures = Vec::new();
    for theme in ["light", "dark"] {
        root().set_attribute("data-theme", theme).unwrap();
        let check = |fg: &str, bg: &str, minimum: f64, failures: &mut Vec<String>| {
            let ratio = contrast(resolve(&probe, fg), resolve(&probe, bg));
            if ratio < minimum {
                failures.push(format!(
                    "{theme}: {fg} on {bg} is {ratio:.2}:1, needs {minimum}"
                ));
            }
        };
        for bg in BACKGROUNDS {
            for fg in TEXTS {
                check(fg, bg, 4.5, &mut failures);
            }
            // Edges of fields and focus rings.
            check("--border-control", bg, 3.0, &mut failures);
            check("--focus", bg, 3.0, &mut failures);
        }
        // Text on filled buttons and the current page number.
        check("--accent-contrast", "--accent", 4.5, &mut failures);
        check("--accent-contrast", "--accent-strong", 4.5, &mut failures);
        check("--surface", "--danger", 4.5, &mut failures);
    }
    probe.remove();
    forget_theme();
    assert!(
        failures.is_empty(),
        "too little contrast:\n{}",
        failures.join("\n")
    );
}
