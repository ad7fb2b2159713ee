//! Languages on the release app: a browser that prefers German gets the German interface
//! from the sign-in page on, dates as relative times with the exact time in their title, and
//! can switch to English.

use e2e::axe::assert_accessible;
use e2e::emulator::{ADMIN, TENANT};
use e2e::{Journey, Result, Role};

/// German weekdays: the exact time in a date's title starts with one.
const WOCHENTAGE: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];

/// The first table date: its text and its title.
const FIRST_DATE_JS: &str = "const t = document.querySelector('tbody time[datetime]'); \
     return t && [t.textContent.trim(), t.getAttribute('title') || ''];";

#[tokio::test]
async fn a_german_browser_gets_german_then_switches_to_english() -> Result {
    let journey = Journey::start_in_language("de-DE").await?;
    let browser = &journey.browser;

    // Signed out, the sign-in page is German.
    browser.goto("/sign-in").await?;
    browser.find(Role::Heading, "Anmelden").await?;
    let lang = browser
        .script("return document.documentElement.lang", vec![])
        .await?;
    assert_eq!(lang, "de");
    assert_accessible(browser, "sign-in, German").await?;
    browser.fill("API-Basis-URL", &journey.emulator.url).await?;
    browser.fill("Mandant", TENANT).await?;
    browser.click(Role::Radio, "Client-Zugangsdaten").await?;
    browser.fill("Client-ID", ADMIN.0).await?;
    browser.fill("Client-Secret", ADMIN.1).await?;
    browser.click(Role::Button, "Anmelden").await?;

    // The list, in German.
    browser.wait_for_path("/tokens").await?;
    browser.find(Role::Field, "Token suchen").await?;
    browser.find(Role::Field, "Zeilen pro Seite").await?;
    browser.find(Role::Button, "Abmelden").await?;
    browser.find(Role::Link, "Neues Token").await?;
    let (text, title) = browser
        .eventually("a date in the table", || async {
            let date = browser.script(FIRST_DATE_JS, vec![]).await?;
            Ok(date.as_array().map(|pair| {
                let part = |i: usize| pair[i].as_str().unwrap_or_default().to_owned();
                (part(0), part(1))
            }))
        })
        .await?;
    assert!(
        text.starts_with("vor ") || text == "gestern" || text.contains('.'),
        "a German relative time or date: {text:?}"
    );
    assert!(
        WOCHENTAGE.iter().any(|day| title.starts_with(day)),
        "the exact time, in German, in the title: {title:?}"
    );
    assert_accessible(browser, "token list, German").await?;

    // To English with the switch: same page, English texts.
    let address = browser.path().await?;
    let switch = browser.find(Role::Field, "Sprache").await?;
    switch.select_by_label("English").await?;
    browser.find(Role::Field, "Search tokens").await?;
    browser.find(Role::Field, "Rows per page").await?;
    browser.find(Role::Button, "Sign out").await?;
    browser.find(Role::Field, "Language").await?;
    assert_eq!(browser.path().await?, address);
    let lang = browser
        .script("return document.documentElement.lang", vec![])
        .await?;
    assert_eq!(lang, "en");

    journey.finish().await
}
