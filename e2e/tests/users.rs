//! Who uses a token, on the demo tenant: a token used only by a tool or only by an OAuth
//! configuration is listed as such, deleting it asks for force and names the user, and the
//! force delete removes the reference; with more than 1,000 agents the last one is found.

use e2e::{Journey, Result, Role};
use serde_json::Value;

/// Waits until the "Used by" table shows a row that starts with `cells`.
async fn wait_for_user(journey: &Journey, cells: &[&str]) -> Result {
    let browser = &journey.browser;
    browser
        .eventually(&format!("a Used by row {cells:?}"), || async {
            let rows = browser
                .script(
                    "return [...document.querySelectorAll('section[aria-labelledby=used-by-title] tbody tr')]\
                     .map(r => [...r.cells].map(c => c.textContent.trim()));",
                    vec![],
                )
                .await?;
            let found = rows.as_array().into_iter().flatten().any(|row| {
                let row: Vec<&str> = row
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                row.starts_with(cells)
            });
            Ok(found.then_some(()))
        })
        .await
}

/// The page of token `id` lists the user `row`; Delete, which the server refuses; the force
/// dialog names the user as `named`; the id typed; Force delete, after which the page is
/// the deleted token's summary.
async fn listed_then_force_deleted(
    journey: &Journey,
    id: &str,
    row: &[&str],
    named: &str,
) -> Result {
    let browser = &journey.browser;
    browser.goto(&format!("/tokens/{id}")).await?;
    wait_for_user(journey, row).await?;
    browser.click(Role::Button, "Delete token").await?;
    browser.find(Role::Dialog, &format!("Delete {id}?")).await?;
    browser.wait_for_text(named).await?;
    browser.click(Role::Button, "Delete").await?;
    let force = browser
        .find(Role::Dialog, &format!("Force delete {id}?"))
        .await?;
    let said = force.text().await?;
    assert!(
        said.contains(named),
        "the force dialog names {named}: {said}"
    );
    browser.fill("Type the token ID to confirm", id).await?;
    browser.click(Role::Button, "Force delete").await?;
    browser
        .find(Role::Heading, &format!("Deleted: “{id}”"))
        .await?;
    assert!(journey.emulator.token(id).await?.is_none(), "{id} is gone");
    Ok(())
}

#[tokio::test]
async fn a_token_used_only_by_a_tool_is_listed_and_force_deleted_from_it() -> Result {
    let journey = Journey::signed_in().await?;
    let row = [
        "Tool",
        "Product search (Qdrant)",
        "product-rag",
        "Enabled",
        "RAG database token config.databaseConfig.token",
    ];
    let named = "Tool product-rag (Product search (Qdrant)) — RAG database token · Enabled";
    listed_then_force_deleted(&journey, "qdrant-rag", &row, named).await?;
    let tool = journey
        .emulator
        .document("tools/product-rag")
        .await?
        .expect("the tool stays");
    let database = &tool["config"]["databaseConfig"];
    assert!(database.is_object(), "{tool}");
    assert!(
        database.get("token").is_none(),
        "the reference is gone: {tool}"
    );
    assert_eq!(
        tool["config"]["embeddingConfig"]["token"]["id"],
        "openai-embeddings"
    );
    journey.finish().await
}

#[tokio::test]
async fn a_token_used_only_by_an_oauth_configuration_is_listed_and_force_deleted_from_it() -> Result
{
    let journey = Journey::signed_in().await?;
    let row = [
        "OAuth configuration",
        "",
        "vllm-gateway-oauth",
        "Enabled",
        "OAuth client secret clientSecretToken",
    ];
    let named = "OAuth configuration vllm-gateway-oauth — OAuth client secret · Enabled";
    listed_then_force_deleted(&journey, "sap-commerce-mcp", &row, named).await?;
    let oauth = journey
        .emulator
        .document("oauths/vllm-gateway-oauth")
        .await?
        .expect("the OAuth configuration stays");
    assert!(
        oauth.get("clientSecretToken").is_none(),
        "the reference is gone: {oauth}"
    );
    assert_eq!(oauth["clientId"], "vllm-gateway");
    journey.finish().await
}

#[tokio::test]
async fn with_more_than_a_thousand_agents_the_last_one_is_found() -> Result {
    let journey = Journey::signed_in_with(&["--seed-agents", "1200"]).await?;
    journey.browser.goto("/tokens/mistral-prod").await?;
    wait_for_user(
        &journey,
        &[
            "Agent",
            "Volume agent 1200",
            "volume-agent-0001200",
            "Disabled",
            "LLM token llmConfig.token",
        ],
    )
    .await?;
    let requests = journey.browser.requests().await?;
    let pages: Vec<&str> = requests
        .iter()
        .filter(|r| r.path().ends_with("/agentic/agents"))
        .map(|r| r.url.as_str())
        .collect();
    assert!(
        pages.iter().any(|url| url.contains("pageNumber=2")),
        "the second page of agents was read: {pages:?}"
    );
    journey.finish().await
}
