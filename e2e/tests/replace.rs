//! Replacing a token on the demo tenant: an agent, a tool, an MCP server and an OAuth
//! configuration that use one token are re-pointed to a new one with nothing else in them
//! changed, and the old token is deleted; a conflict (retried, or changed elsewhere) and an
//! injected failure are reported and Retry failed re-points only those; a reload in the
//! middle resumes from the kept plan; a force delete's summary points a user to another
//! token; and axe finds nothing on any step, light and dark, English and German.

use e2e::axe::assert_accessible;
use e2e::{Browser, Journey, Result, Role};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// The token the four users share, and its name.
const OLD: &str = "shared-gateway-key";
const OLD_NAME: &str = "Shared gateway key";

/// One user of each kind: its document's path and the JSON pointer of the `{"id": …}`
/// object that references a token, as the demo seeds them.
const USERS: [(&str, &str); 4] = [
    ("agents/support-agent", "/llmConfig/token"),
    ("tools/product-rag", "/config/databaseConfig/token"),
    (
        "mcp-servers/github-tools",
        "/config/authorizationHeaderToken",
    ),
    ("oauths/vllm-gateway-oauth", "/clientSecretToken"),
];

/// The plan's checkbox names for [`USERS`], in plan order.
const PLAN: [&str; 4] = [
    "Agent support-agent (Customer support agent) — LLM token",
    "Tool product-rag (Product search (Qdrant)) — RAG database token",
    "MCP server github-tools (GitHub tools) — Authorization header",
    "OAuth configuration vllm-gateway-oauth — OAuth client secret",
];

/// The outcomes after the first run of the conflict journey: the agent changed elsewhere,
/// the tool's update failed, the MCP server and the OAuth configuration re-pointed.
const AFTER_FIRST_RUN: [&str; 4] = [
    "Changed by someone else",
    "Failed",
    "Re-pointed",
    "Re-pointed",
];

/// Creates [`OLD`] through the API and points each of [`USERS`] to it, as another admin
/// would have; returns the four documents as they then are.
async fn seed_shared_token(journey: &Journey) -> Result<Vec<Value>> {
    let emulator = &journey.emulator;
    emulator
        .create_token(OLD, OLD_NAME, "sk-seeded-not-typed-in-the-browser")
        .await?;
    let mut documents = Vec::new();
    for (path, pointer) in USERS {
        emulator
            .edit_document(path, |doc| {
                *doc.pointer_mut(pointer).expect("the seeded reference") = json!({ "id": OLD });
            })
            .await?;
        documents.push(emulator.document(path).await?.expect("seeded"));
    }
    Ok(documents)
}

/// A signed-in journey whose leak scan looks for `value` (the new token's value, typed
/// later), with [`OLD`] and its four users seeded; returns it and the users' documents.
async fn sharing_journey(value: &str) -> Result<(Journey, Vec<Value>)> {
    let mut journey = Journey::signed_in().await?;
    journey.typed_secret(value);
    let documents = seed_shared_token(&journey).await?;
    Ok((journey, documents))
}

/// `document` without `metadata` and with the reference at `pointer` taken out: what must
/// not change when only the reference does.
fn all_but_reference(document: &Value, pointer: &str) -> Value {
    let mut rest = document.clone();
    rest.as_object_mut().expect("an object").remove("metadata");
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    rest.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("the reference's parent")
        .remove(key);
    rest
}

/// The token id the document at `path` references at `pointer`.
async fn reference(journey: &Journey, path: &str, pointer: &str) -> Result<String> {
    let document = journey.emulator.document(path).await?.expect("it exists");
    Ok(document
        .pointer(&format!("{pointer}/id"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned())
}

/// Opens the replace page of [`OLD`] from its token page and waits for the plan.
async fn open_replace(browser: &Browser) -> Result {
    browser.goto(&format!("/tokens/{OLD}")).await?;
    browser.click(Role::Button, "Replace token…").await?;
    browser
        .wait_for_path(&format!("/tokens/{OLD}/replace"))
        .await?;
    browser.find(Role::Checkbox, PLAN[3]).await?;
    Ok(())
}

/// The outcome list's lines ("Agent support-agent … — LLM token: Re-pointed Point back").
async fn outcomes(browser: &Browser) -> Result<Vec<String>> {
    let lines = browser
        .script(
            "return [...document.querySelectorAll('[aria-label=Outcomes] li')]\
             .map(li => li.innerText.replace(/\\s+/g, ' ').trim());",
            vec![],
        )
        .await?;
    Ok(lines
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l.as_str().map(str::to_owned))
        .collect())
}

/// Waits until the outcome of each user of [`PLAN`] is the one given (in plan order).
async fn wait_for_outcomes(browser: &Browser, expected: [&str; 4]) -> Result {
    let wanted: Vec<String> = PLAN
        .iter()
        .zip(expected)
        .map(|(user, outcome)| format!("{user}: {outcome}"))
        .collect();
    browser
        .eventually(&format!("the outcomes {wanted:?}"), || async {
            let lines = outcomes(browser).await?;
            let all = lines.len() == wanted.len()
                && lines
                    .iter()
                    .zip(&wanted)
                    .all(|(line, want)| line.starts_with(want));
            Ok(all.then_some(()))
        })
        .await
}

/// The `METHOD path` of every write the page sent to a token user so far.
async fn user_writes(browser: &Browser) -> Result<Vec<String>> {
    Ok(browser
        .requests()
        .await?
        .into_iter()
        .filter(|r| r.method == "PUT" && !r.path().contains("/agentic/tokens/"))
        .map(|r| format!("{} {}", r.method, r.path()))
        .collect())
}

#[tokio::test]
async fn replacing_a_token_repoints_all_four_kinds_of_user_and_changes_nothing_else() -> Result {
    let value = "sk-proj-Replacement-Value-7Qf2x9LwZ";
    let (journey, before) = sharing_journey(value).await?;
    let browser = &journey.browser;
    open_replace(browser).await?;

    // The new token: name and id suggested from the old one, the id free.
    let name = browser.value_of("Name").await?;
    let month = name
        .strip_prefix(&format!("{OLD_NAME} ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_default()
        .to_owned();
    assert!(
        month.len() == 7 && month.as_bytes()[4] == b'-',
        "the name carries the month: {name:?}"
    );
    let new_id = format!("{OLD}-{month}");
    assert_eq!(browser.value_of("ID").await?, new_id);
    // Every user of all four kinds, each chosen.
    let boxes = browser.all(Role::Checkbox).await?;
    let names: Vec<&str> = boxes.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, PLAN);
    for (checkbox, name) in &boxes {
        assert_eq!(
            checkbox.prop("checked").await?.as_deref(),
            Some("true"),
            "{name}"
        );
    }

    browser.fill("Value", value).await?;
    browser
        .click(Role::Button, "Create token and re-point users")
        .await?;
    wait_for_outcomes(browser, ["Re-pointed"; 4]).await?;
    browser.wait_for_text("4 of 4 users re-pointed.").await?;
    assert!(
        browser.query(Role::Field, "Value").await?.is_none(),
        "the value's input is gone once the token exists"
    );
    let created = journey
        .emulator
        .token(&new_id)
        .await?
        .expect("the new token");
    assert_eq!(created["name"], name);

    browser.click(Role::Button, "Delete old token").await?;
    browser.wait_for_path(&format!("/tokens/{new_id}")).await?;
    assert!(
        journey.emulator.token(OLD).await?.is_none(),
        "the old token is deleted"
    );
    for ((path, pointer), before) in USERS.iter().zip(&before) {
        let after = journey.emulator.document(path).await?.expect("it stays");
        assert_eq!(
            after.pointer(pointer),
            Some(&json!({ "id": new_id })),
            "{path} references the new token: {after}"
        );
        assert_eq!(
            all_but_reference(&after, pointer),
            all_but_reference(before, pointer),
            "nothing else in {path} changed"
        );
    }
    // No replacement is kept any more, and the value is nowhere the scans look.
    let kept = browser
        .script(
            "return Object.keys(sessionStorage).filter(k => k.includes('replace'))",
            vec![],
        )
        .await?;
    assert_eq!(kept, json!([]));
    journey.finish().await
}

#[tokio::test]
async fn conflicts_and_a_failure_are_reported_and_retry_failed_repoints_only_those() -> Result {
    let value = "sk-proj-Conflict-Value-3Hh8kQpV2m";
    let (journey, _) = sharing_journey(value).await?;
    let browser = &journey.browser;
    open_replace(browser).await?;

    // After the plan was read, other admins change two users: the agent now uses another
    // token (changed elsewhere), the MCP server only got a new name (the retry goes
    // through). The tool's update fails once.
    let emulator = &journey.emulator;
    emulator
        .edit_document(USERS[0].0, |agent| {
            agent["llmConfig"]["token"] = json!({ "id": "openai-eu-prod" });
        })
        .await?;
    emulator
        .edit_document(USERS[2].0, |server| {
            server["name"] = json!("GitHub tools (renamed)")
        })
        .await?;
    emulator
        .inject(json!({ "failNext": 1, "failMatching": "PUT /ai-service/demo/agentic/tools/" }))
        .await?;

    let new_id = browser.value_of("ID").await?;
    browser.fill("Value", value).await?;
    browser
        .click(Role::Button, "Create token and re-point users")
        .await?;
    wait_for_outcomes(browser, AFTER_FIRST_RUN).await?;
    browser
        .wait_for_text("2 of 4 users re-pointed. 2 need attention.")
        .await?;
    assert_eq!(
        reference(&journey, USERS[0].0, USERS[0].1).await?,
        "openai-eu-prod"
    );
    assert_eq!(reference(&journey, USERS[1].0, USERS[1].1).await?, OLD);
    assert_eq!(reference(&journey, USERS[2].0, USERS[2].1).await?, new_id);
    let server = emulator.document(USERS[2].0).await?.expect("it exists");
    assert_eq!(
        server["name"], "GitHub tools (renamed)",
        "the other admin's change stays"
    );
    // The old token is still used by the tool: no delete offered yet.
    browser
        .wait_for_text("Users still using the old token: 1.")
        .await?;
    assert!(browser
        .query(Role::Button, "Delete old token")
        .await?
        .is_none());

    // A reload keeps every outcome.
    browser.goto(&format!("/tokens/{OLD}/replace")).await?;
    wait_for_outcomes(browser, AFTER_FIRST_RUN).await?;

    let writes_before = user_writes(browser).await?.len();
    browser.click(Role::Button, "Retry failed").await?;
    wait_for_outcomes(
        browser,
        [
            "Changed by someone else",
            "Re-pointed",
            "Re-pointed",
            "Re-pointed",
        ],
    )
    .await?;
    let writes = user_writes(browser).await?;
    assert_eq!(
        writes[writes_before..],
        ["PUT /ai-service/demo/agentic/tools/product-rag".to_owned()],
        "only the failed user was written again (the changed agent was only read)"
    );
    assert_eq!(reference(&journey, USERS[1].0, USERS[1].1).await?, new_id);
    assert_eq!(
        reference(&journey, USERS[0].0, USERS[0].1).await?,
        "openai-eu-prod"
    );

    // Undo: the OAuth configuration back to the old token, which still exists.
    let back = browser.all(Role::Button).await?;
    let point_back: Vec<_> = back.iter().filter(|(_, n)| n == "Point back").collect();
    assert_eq!(point_back.len(), 3, "one per re-pointed user");
    point_back[2].0.click().await?;
    wait_for_outcomes(
        browser,
        [
            "Changed by someone else",
            "Re-pointed",
            "Re-pointed",
            "Pointed back",
        ],
    )
    .await?;
    assert_eq!(reference(&journey, USERS[3].0, USERS[3].1).await?, OLD);
    journey.finish().await
}

#[tokio::test]
async fn a_reload_in_the_middle_resumes_from_the_kept_plan() -> Result {
    let value = "sk-proj-Reload-Value-8Jd4nWc1Rt";
    let (journey, _) = sharing_journey(value).await?;
    let browser = &journey.browser;
    open_replace(browser).await?;
    browser.fill("Value", value).await?;
    // Slow answers, so the reload comes while users are still being re-pointed.
    journey.emulator.inject(json!({ "latencyMs": 700 })).await?;
    browser
        .click(Role::Button, "Create token and re-point users")
        .await?;
    browser
        .eventually("the first user re-pointed", || async {
            let lines = outcomes(browser).await?;
            Ok(lines
                .first()
                .is_some_and(|l| l.contains(": Re-pointed"))
                .then_some(()))
        })
        .await?;
    browser.goto(&format!("/tokens/{OLD}/replace")).await?;
    journey.emulator.heal().await?;
    // The kept plan: the first re-pointed, the rest not tried, nothing re-pointed twice.
    browser.click(Role::Button, "Continue re-pointing").await?;
    wait_for_outcomes(browser, ["Re-pointed"; 4]).await?;
    for (path, pointer) in USERS {
        assert_ne!(reference(&journey, path, pointer).await?, OLD, "{path}");
    }
    let writes = user_writes(browser).await?;
    let agent_writes = writes
        .iter()
        .filter(|w| w.ends_with("/agents/support-agent"))
        .count();
    assert_eq!(
        agent_writes, 1,
        "the agent done before the reload is not written again: {writes:?}"
    );

    // The old token's page tells of the replacement and leads back to it.
    browser.goto(&format!("/tokens/{OLD}")).await?;
    browser
        .wait_for_text("Replacement in progress: 4 of 4 users re-pointed to")
        .await?;
    browser.click(Role::Button, "Continue").await?;
    browser.find(Role::Button, "Delete old token").await?;
    journey.finish().await
}

#[tokio::test]
async fn after_a_force_delete_a_user_is_pointed_to_another_token() -> Result {
    let journey = Journey::signed_in().await?;
    let browser = &journey.browser;
    browser.goto("/tokens/openai-prod").await?;
    browser.click(Role::Button, "Delete token").await?;
    e2e::journey::force_delete(browser, "openai-prod").await?;

    // The summary: what was unassigned, and that the agent was disabled.
    browser
        .find(Role::Heading, "Deleted: “openai-prod”")
        .await?;
    browser
        .find(Role::Heading, "What the force delete unassigned")
        .await?;
    browser
        .wait_for_text("Agent support-agent (Customer support agent) — LLM token · Disabled")
        .await?;
    let after_delete = journey
        .emulator
        .document("agents/support-agent")
        .await?
        .expect("the agent stays");
    assert_eq!(after_delete["enabled"], false);

    // A reload keeps the summary.
    browser.goto("/tokens/openai-prod").await?;
    browser.click(Role::Link, "Point to another token…").await?;
    browser
        .wait_for_path("/tokens/openai-prod/unassigned/agents/support-agent")
        .await?;
    browser
        .find(Role::Heading, "Point to another token")
        .await?;
    browser.fill("Token to use", "no-such-token").await?;
    browser.click(Role::Button, "Re-point").await?;
    browser
        .wait_for_text("There is no token “no-such-token”.")
        .await?;
    browser.fill("Token to use", "openai-eu-prod").await?;
    browser.click(Role::Button, "Re-point").await?;
    browser
        .wait_for_text("Re-pointed to openai-eu-prod.")
        .await?;
    let agent = journey
        .emulator
        .document("agents/support-agent")
        .await?
        .expect("the agent stays");
    assert_eq!(
        agent["llmConfig"]["token"],
        json!({ "id": "openai-eu-prod" })
    );
    let mut expected = after_delete.clone();
    expected["llmConfig"]["token"] = json!({ "id": "openai-eu-prod" });
    expected["metadata"] = agent["metadata"].clone();
    assert_eq!(
        agent, expected,
        "only the emptied field changed; still disabled"
    );

    browser
        .click(Role::Link, "Back to the deleted token")
        .await?;
    browser.wait_for_text("Now uses openai-eu-prod").await?;
    assert!(browser
        .query(Role::Link, "Point to another token…")
        .await?
        .is_none());
    journey.finish().await
}

/// Sets the language and theme the app remembers, and reloads `path` in them.
async fn look(browser: &Browser, path: &str, locale: &str, theme: &str) -> Result {
    browser
        .script(
            "localStorage.setItem('token-admin.locale', arguments[0]);\
             localStorage.setItem('token-admin.theme', arguments[1]);",
            vec![locale.into(), theme.into()],
        )
        .await?;
    browser.goto(path).await?;
    browser
        .eventually(&format!("the page in {locale}, {theme}"), || async {
            let shown = browser
                .script(
                    "return [document.documentElement.lang, document.documentElement.dataset.theme || '']",
                    vec![],
                )
                .await?;
            Ok((shown == json!([locale, theme])).then_some(()))
        })
        .await
}

/// axe on `path` in English and German, light and dark, once `ready` (an element of the
/// step, by role and its English and German names) shows; back in English, light.
async fn every_look(
    browser: &Browser,
    path: &str,
    step: &str,
    ready: (Role, &str, &str),
) -> Result {
    for (locale, name) in [("en", ready.1), ("de", ready.2)] {
        for theme in ["light", "dark"] {
            look(browser, path, locale, theme).await?;
            browser.find(ready.0, name).await?;
            assert_accessible(browser, &format!("{step}, {locale}, {theme}")).await?;
        }
    }
    look(browser, path, "en", "light").await
}

/// The theme switch set to `theme` ("light" or "dark") without a reload, in the interface
/// language `locale` ("en" or "de").
async fn switch_theme_in(browser: &Browser, locale: &str, theme: &str) -> Result {
    let (field, label) = match (locale, theme) {
        ("de", "dark") => ("Design", "Dunkles Design"),
        ("de", _) => ("Design", "Helles Design"),
        (_, "dark") => ("Theme", "Dark theme"),
        _ => ("Theme", "Light theme"),
    };
    browser
        .find(Role::Field, field)
        .await?
        .select_by_label(label)
        .await?;
    Ok(())
}

/// The theme switch set to `theme` without a reload, in English.
async fn switch_theme(browser: &Browser, theme: &str) -> Result {
    switch_theme_in(browser, "en", theme).await
}

#[tokio::test]
async fn every_step_has_no_axe_violations_light_and_dark_in_english_and_german() -> Result {
    let value = "Bearer sk-ant-short";
    let (journey, _) = sharing_journey(value).await?;
    let browser = &journey.browser;
    let replace = format!("/tokens/{OLD}/replace");

    // New token and plan.
    open_replace(browser).await?;
    every_look(
        browser,
        &replace,
        "new token and plan",
        (
            Role::Checkbox,
            PLAN[0],
            "Agent support-agent (Customer support agent) — LLM-Token",
        ),
    )
    .await?;
    // With a value typed and its warnings, in German and then in English (a reload would
    // drop the value: the theme switches in place).
    look(browser, &replace, "de", "light").await?;
    browser.fill("Wert", value).await?;
    browser
        .wait_for_text("Der Wert beginnt mit „Bearer “.")
        .await?;
    for theme in ["dark", "light"] {
        switch_theme_in(browser, "de", theme).await?;
        assert_accessible(browser, &format!("value warnings, de, {theme}")).await?;
    }
    // Emptied by keys, as an admin would, so leaving the page asks nothing.
    let field = browser.find(Role::Field, "Wert").await?;
    field
        .send_keys(&format!("{}a", char::from(Key::Control)))
        .await?;
    field
        .send_keys(&char::from(Key::Backspace).to_string())
        .await?;
    browser
        .eventually("the value's warnings to go", || async {
            Ok((!browser.body_text().await?.contains("Der Wert beginnt mit")).then_some(()))
        })
        .await?;
    look(browser, &replace, "en", "light").await?;
    browser.fill("Value", value).await?;
    browser
        .wait_for_text("The value starts with “Bearer ”.")
        .await?;
    for theme in ["dark", "light"] {
        switch_theme(browser, theme).await?;
        assert_accessible(browser, &format!("value warnings, en, {theme}")).await?;
    }
    // Re-point with its outcomes, and Finish.
    browser
        .click(Role::Button, "Create token and re-point users")
        .await?;
    wait_for_outcomes(browser, ["Re-pointed"; 4]).await?;
    browser.find(Role::Button, "Delete old token").await?;
    every_look(
        browser,
        &replace,
        "re-point and finish",
        (Role::Button, "Delete old token", "Altes Token löschen"),
    )
    .await?;
    // The old token's page with the replacement's notice.
    every_look(
        browser,
        &format!("/tokens/{OLD}"),
        "token page with a replacement in progress",
        (Role::Button, "Continue", "Fortsetzen"),
    )
    .await?;

    // A force delete's summary, and pointing one user to another token.
    browser.goto("/tokens/anthropic-prod").await?;
    browser.click(Role::Button, "Delete token").await?;
    e2e::journey::force_delete(browser, "anthropic-prod").await?;
    browser
        .find(Role::Heading, "What the force delete unassigned")
        .await?;
    every_look(
        browser,
        "/tokens/anthropic-prod",
        "force delete summary",
        (
            Role::Link,
            "Point to another token…",
            "Auf ein anderes Token umstellen…",
        ),
    )
    .await?;
    let point = "/tokens/anthropic-prod/unassigned/agents/catalog-enricher";
    browser.goto(point).await?;
    browser.fill("Token to use", "no-such-token").await?;
    browser.click(Role::Button, "Re-point").await?;
    browser
        .wait_for_text("There is no token “no-such-token”.")
        .await?;
    for theme in ["dark", "light"] {
        switch_theme(browser, theme).await?;
        assert_accessible(
            browser,
            &format!("point to another token, error, en, {theme}"),
        )
        .await?;
    }
    every_look(
        browser,
        point,
        "point to another token",
        (Role::Field, "Token to use", "Zu verwendendes Token"),
    )
    .await?;
    journey.finish().await
}
