//! The Content-Security-Policy, the response headers, and hostile data shown as text.

use e2e::journey::Journey;
use e2e::leaks::{csp_violations, secret_sightings, Secret};
use e2e::{csp, Browser, Result, Role};

#[tokio::test]
async fn the_policy_is_strict_and_an_injected_inline_script_is_blocked() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.find(Role::Link, "openai-prod").await?;
    let page = browser
        .script(
            "return [document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content,\
                     [...document.scripts].filter(s => !s.src).map(s => s.textContent)]",
            vec![],
        )
        .await?;
    let policy = page[0].as_str().unwrap_or_default();
    let inline: Vec<String> = serde_json::from_value(page[1].clone())?;
    let expected = csp::expected(&inline, &csp::BUILD_API_ORIGINS);
    assert_eq!(
        csp::differences(policy, &expected),
        Vec::<String>::new(),
        "{policy}"
    );
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
    let frames = csp::Policy::from([("frame-ancestors".into(), vec!["'none'".into()])]);
    let sent = header("content-security-policy");
    assert_eq!(
        csp::differences(&sent, &frames),
        Vec::<String>::new(),
        "{sent}"
    );
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
        let before = browser.requests().await?.len();
        browser.fill("Search tokens", query).await?;
        browser
            .wait_for_text(&format!("No tokens match “{query}”."))
            .await?;
        let answers = search_answers(browser, before).await?;
        assert!(!answers.is_empty(), "{query} was sent to the server");
        for answer in answers {
            assert!(
                matches!(answer, Ok(200..=299 | 400)),
                "{query}: the server answered {answer:?}"
            );
        }
    }
    browser.goto("/tokens?q=id%3A~e2e-hostile&raw=1").await?;
    browser.find(Role::Link, "e2e-hostile-markup").await?;
    assert!(
        emulator.token("openai-prod").await?.is_some(),
        "nothing was dropped"
    );
    journey.finish().await
}

/// What became of each search the page sent after its first `skip` requests: a status, or
/// the network error. Waits until every one has an answer.
async fn search_answers(
    browser: &Browser,
    skip: usize,
) -> Result<Vec<std::result::Result<u16, String>>> {
    browser
        .eventually("every search to be answered", || async {
            let sent = browser.requests().await?;
            let searches: Vec<_> = sent[skip..]
                .iter()
                .filter(|r| r.path().contains("/agentic/tokens"))
                .map(|r| match (&r.failure, r.status) {
                    (Some(failure), _) => Some(Err(failure.clone())),
                    (None, status) => status.map(Ok),
                })
                .collect();
            Ok(searches.into_iter().collect::<Option<Vec<_>>>())
        })
        .await
}

#[tokio::test]
async fn the_secret_scan_finds_a_planted_secret_in_every_place_and_escaping() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    let planted = "planted &<\"+ sëcret-3c9e";
    browser
        .script(
            "const s = arguments[0], url = encodeURIComponent(s), json = JSON.stringify(s);\
             sessionStorage.setItem('x', s); localStorage.setItem('x', json); console.log(s);\
             history.pushState(null, '', '/tokens?planted=' + url);\
             const i = document.createElement('input'); i.value = s; document.body.append(i);\
             document.body.dataset.planted = s;\
             fetch('/config.json?p=' + url, { headers: { 'X-Planted': url } });\
             fetch('/config.json', { method: 'POST', body: 'p=' + url.replace(/%20/g, '+') });",
            vec![planted.into()],
        )
        .await?;
    let expected = [
        "DOM",
        "field values",
        "address",
        "history entries",
        "sessionStorage",
        "localStorage",
        "console",
        "URL of GET",
        "headers of GET",
        "body of POST",
    ];
    let found = browser
        .eventually("the planted requests in the log", || async {
            let found = secret_sightings(browser, &[Secret::credential(planted)]).await?;
            Ok((found.len() >= expected.len()).then_some(found))
        })
        .await?;
    for place in expected {
        assert!(
            found.iter().any(|f| f.contains(&format!("in the {place}"))),
            "{place} is scanned: {found:?}"
        );
    }
    journey.browser.close().await
}

#[tokio::test]
async fn the_access_token_belongs_in_session_storage_and_authorization_only() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    assert_eq!(secret_sightings(browser, &[]).await?, Vec::<String>::new());
    let requests = browser.requests().await?;
    let tokens = e2e::leaks::access_tokens(&requests);
    let [token] = &tokens[..] else {
        return Err(format!("one access token in the Authorization headers: {tokens:?}").into());
    };
    browser
        .script(
            "localStorage.setItem('copy', arguments[0]);",
            vec![token.text.clone().into()],
        )
        .await?;
    let found = secret_sightings(browser, &[]).await?;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with("in the localStorage"), "{found:?}");
    journey.browser.close().await
}
