//! Plain-text search on the real `q`: the admin's text matches itself literally (`~` is a
//! regular expression on the service), and the characters that break `q` parsing or a
//! regular expression still find their tokens instead of an error.

use e2e::{Journey, Result, Role};

/// Tokens whose names hold regex and `q` metacharacters, and `axb`, which `a.b` as a
/// regular expression would also match.
const TOKENS: [(&str, &str); 7] = [
    ("e2e-re-dot", "a.b"),
    ("e2e-re-axb", "axb"),
    ("e2e-re-plus", "c++ client key"),
    ("e2e-re-bracket", "[bracketed] key"),
    ("e2e-re-open", "(open key"),
    ("e2e-re-close", "close) key"),
    ("e2e-re-quote", "say \"cheese\" key"),
];

/// Types `text` into the search box; once the rows include `wanted`, returns them and
/// checks that every search sent for it was answered 200.
async fn search(journey: &Journey, text: &str, wanted: &str) -> Result<Vec<String>> {
    let browser = &journey.browser;
    browser.goto("/tokens?size=100").await?;
    browser.find(Role::Link, "openai-prod").await?;
    let before = browser.requests().await?.len();
    browser.fill("Search tokens", text).await?;
    let rows = browser
        .eventually(&format!("{wanted} found by {text:?}"), || async {
            let rows = browser.row_ids().await?;
            let settled = !rows.iter().any(|id| id == "openai-prod");
            Ok((settled && rows.iter().any(|id| id == wanted)).then_some(rows))
        })
        .await?;
    let answers: Vec<Option<u16>> = browser.requests().await?[before..]
        .iter()
        .filter(|r| r.path().contains("/agentic/tokens"))
        .map(|r| r.status)
        .collect();
    assert!(!answers.is_empty(), "{text:?} was sent");
    assert!(
        answers.iter().all(|a| matches!(a, None | Some(200))),
        "{text:?} answered {answers:?}"
    );
    Ok(rows)
}

#[tokio::test]
async fn plain_text_matches_itself_literally_and_never_errs() -> Result {
    let journey = Journey::signed_in().await?;
    for (id, name) in TOKENS {
        journey.emulator.create_token(id, name, "v-search").await?;
    }
    let dot = search(&journey, "a.b", "e2e-re-dot").await?;
    assert!(!dot.iter().any(|id| id == "e2e-re-axb"), "{dot:?}");
    assert_eq!(dot, ["e2e-re-dot"]);
    for (text, id) in [
        ("c++", "e2e-re-plus"),
        ("[", "e2e-re-bracket"),
        ("(", "e2e-re-open"),
        (")", "e2e-re-close"),
        ("\"", "e2e-re-quote"),
    ] {
        let rows = search(&journey, text, id).await?;
        let others: Vec<&String> = rows.iter().filter(|r| r.starts_with("e2e-re-")).collect();
        assert_eq!(others, [id], "{text:?} finds its token only");
    }
    // Case does not matter in plain text.
    search(&journey, "A.B", "e2e-re-dot").await?;
    journey.finish().await
}
