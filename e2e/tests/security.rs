//! The Content-Security-Policy, the response headers, and hostile data shown as text.

use e2e::journey::Journey;
use e2e::leaks::csp_violations;
use e2e::{Result, Role};

#[tokio::test]
async fn the_policy_is_strict_and_an_injected_inline_script_is_blocked() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;
    let policy = browser
        .script(
            "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content",
            vec![],
        )
        .await?;
    let policy = policy.as_str().unwrap_or_default();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{policy}"
    );
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    assert!(
        csp_violations(browser).await?.is_empty(),
        "the app itself violates nothing"
    );

    // The control: an inline script slipped into the page does not run, and is counted.
    let ran = browser
        .script(
            "const s = document.createElement('script'); s.textContent = 'window.pwned = 1';\
             document.body.append(s); return window.pwned === 1;",
            vec![],
        )
        .await?;
    assert_eq!(ran, false);
    browser
        .eventually("the violation to be reported", || async {
            Ok((csp_violations(browser).await?.len() == 1).then_some(()))
        })
        .await?;

    let headers = reqwest::get(format!("{}/tokens", journey.emulator.url)).await?;
    let header = |name: &str| {
        headers
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header("content-security-policy").contains("frame-ancestors 'none'"));
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("x-content-type-options"), "nosniff");
    journey.browser.close().await
}

#[tokio::test]
async fn hostile_names_and_queries_are_shown_as_text() -> Result {
    let journey = Journey::signed_in().await?;
    let emulator = &journey.emulator;
    let long = "L".repeat(10_000);
    let hostile = [
        (
            "e2e-hostile-markup",
            "<img src=x onerror=\"window.xss=1\"><b>bold</b>",
        ),
        ("e2e-hostile-long", long.as_str()),
        ("e2e-hostile-rtl", "مفتاح الإنتاج 🔑 production"),
        ("e2e-hostile-bidi", "invoice\u{202E}gnp.exe"),
    ];
    for (id, name) in hostile {
        emulator.create_token(id, name, "v-hostile").await?;
    }
    let browser = &journey.browser;
    browser.goto("/tokens?q=id%3A~e2e-hostile&raw=1").await?;
    for (id, _) in hostile {
        browser.find(Role::Link, id).await?;
    }
    let page = browser
        .script(
            "return [document.querySelectorAll('main img, main b').length, window.xss === 1, document.body.innerText]",
            vec![],
        )
        .await?;
    assert_eq!(page[0], 0, "markup in a name creates no element");
    assert_eq!(page[1], false, "no handler in a name runs");
    let text = page[2].as_str().unwrap_or_default();
    assert!(text.contains("<img src=x onerror=\"window.xss=1\"><b>bold</b>"));
    assert!(text.contains("مفتاح الإنتاج 🔑 production"));
    assert!(
        text.contains("U+202E"),
        "the bidi override is shown, not obeyed"
    );

    browser.goto("/tokens/e2e-hostile-long").await?;
    browser.find(Role::Heading, &long).await?;
    assert_eq!(browser.value_of("Name").await?, long);

    for query in ["'; DROP TABLE tokens; --", "%", "_", ".*", "\\"] {
        browser.goto("/tokens?size=50").await?;
        browser.find(Role::Link, "openai-prod").await?;
        browser.fill("Search tokens", query).await?;
        browser
            .eventually(&format!("an answer for {query}"), || async {
                let text = browser.body_text().await?;
                Ok((text.contains("No tokens match")
                    || browser.query(Role::Link, "openai-prod").await?.is_none())
                .then_some(()))
            })
            .await?;
    }
    browser.goto("/tokens?q=id%3A~e2e-hostile&raw=1").await?;
    browser.find(Role::Link, "e2e-hostile-markup").await?;
    assert!(
        emulator.token("openai-prod").await?.is_some(),
        "nothing was dropped"
    );
    journey.finish().await
}

#[tokio::test]
async fn the_secret_scan_finds_a_planted_secret_in_every_place() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    let planted = "planted-secret-3c9e";
    browser
        .script(
            "const s = arguments[0];\
             sessionStorage.setItem('x', s); localStorage.setItem('x', s); console.log(s);\
             history.pushState(null, '', '/tokens?planted=' + s);\
             const i = document.createElement('input'); i.value = s; document.body.append(i);\
             document.body.dataset.planted = s;",
            vec![planted.into()],
        )
        .await?;
    let found = e2e::leaks::secret_sightings(browser, &[planted]).await?;
    for place in [
        "DOM",
        "field values",
        "address",
        "history entries",
        "sessionStorage",
        "localStorage",
        "console",
    ] {
        assert!(
            found
                .iter()
                .any(|f| f.ends_with(&format!("in the {place}"))),
            "{place} is scanned: {found:?}"
        );
    }
    journey.browser.close().await
}
