//! Start-up data: the demo tenant (tokens, agents, tools, MCP servers, OAuth
//! configurations, API clients) and generated tokens and agents for scale tests.
//! Each seed runs once per database.

use rusqlite::{Connection, OptionalExtension};
use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::auth::{self, MANAGE, READ};
use crate::entity_store::{self, Kind};
use crate::secret;
use crate::timestamp;
use crate::token_store::{self, TokenRow};

/// The demo tenant.
pub const DEMO_TENANT: &str = "demo";
/// Client with read and manage scopes on the demo tenant.
pub const DEMO_ADMIN: (&str, &str) = ("demo-admin", "demo-admin-secret");
/// Read-only client on the demo tenant.
pub const DEMO_VIEWER: (&str, &str) = ("demo-viewer", "demo-viewer-secret");

/// Demo tokens: id, name, age in days, extra versions.
const DEMO_TOKENS: &[(&str, &str, i64, i64)] = &[
    ("openai-prod", "OpenAI production key", 412, 3),
    ("openai-staging", "OpenAI staging key", 380, 1),
    ("openai-dev", "OpenAI development key", 96, 0),
    ("openai-eu-prod", "OpenAI EU data-residency key", 201, 2),
    ("anthropic-prod", "Anthropic Claude production", 298, 4),
    ("anthropic-staging", "Anthropic Claude staging", 240, 0),
    ("anthropic-batch", "Anthropic batch jobs", 33, 0),
    ("google-gemini-prod", "Google Gemini production", 187, 1),
    ("google-gemini-dev", "Google Gemini sandbox", 64, 0),
    (
        "azure-openai-westeurope",
        "Azure OpenAI West Europe",
        350,
        2,
    ),
    ("azure-openai-eastus", "Azure OpenAI East US", 349, 1),
    ("mistral-prod", "Mistral La Plateforme production", 122, 0),
    ("cohere-rerank", "Cohere rerank for search", 75, 1),
    ("ollama-onprem", "Self-hosted Ollama gateway", 160, 2),
    ("vllm-cluster-a", "vLLM cluster A bearer token", 143, 0),
    ("vllm-cluster-b", "vLLM cluster B bearer token", 141, 0),
    ("github-mcp", "GitHub MCP server PAT", 268, 5),
    ("jira-mcp", "Jira Cloud MCP API token", 230, 1),
    ("confluence-mcp", "Confluence MCP API token", 229, 0),
    ("slack-mcp", "Slack MCP bot token", 199, 2),
    ("salesforce-mcp", "Salesforce MCP connected app", 176, 0),
    ("zendesk-mcp", "Zendesk MCP API token", 150, 1),
    ("hubspot-mcp", "HubSpot MCP private app", 90, 0),
    ("shopify-mcp", "Shopify Admin MCP token", 45, 0),
    (
        "stripe-mcp-readonly",
        "Stripe MCP restricted key (read-only)",
        60,
        0,
    ),
    ("sap-commerce-mcp", "SAP Commerce MCP OAuth secret", 310, 3),
    ("pinecone-rag", "Pinecone vector DB (RAG)", 133, 1),
    ("qdrant-rag", "Qdrant vector DB (RAG)", 52, 0),
    ("openai-embeddings", "OpenAI embeddings for RAG", 134, 0),
    ("deepl-translate", "DeepL translation API", 270, 0),
    ("elevenlabs-voice", "ElevenLabs voice agent", 21, 0),
    ("perplexity-research", "Perplexity research agent", 14, 0),
    ("openrouter-fallback", "OpenRouter fallback", 7, 0),
    ("groq-lowlatency", "Groq low-latency inference", 3, 0),
    ("test-rotation-2025q3", "Rotation test (2025 Q3)", 420, 6),
    ("test-rotation-2025q4", "Rotation test (2025 Q4)", 330, 2),
    ("legacy-gpt35", "Legacy GPT-3.5 key (to retire)", 540, 1),
    ("partner-acme", "Partner ACME shared key", 110, 0),
    ("partner-globex", "Partner Globex shared key", 88, 1),
    ("qa-smoke", "QA smoke-test key", 1, 0),
];

fn already_seeded(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    let found: Option<String> = conn
        .query_row("SELECT name FROM seeds WHERE name = ?", [name], |r| {
            r.get(0)
        })
        .optional()?;
    if found.is_none() {
        conn.execute("INSERT INTO seeds (name) VALUES (?)", [name])?;
    }
    Ok(found.is_some())
}

/// A fake secret value that looks like a provider key; only its hash is stored.
fn fake_value(id: &str) -> String {
    format!("sk-demo-{id}-{}", secret::new_access_token())
}

/// Seeds tenant `demo` once: tokens, 5 agents, 2 tools, 2 MCP servers, 1 OAuth
/// configuration and the two demo clients. Every place a token can be referenced from
/// is used: `qdrant-rag` and `openai-embeddings` only by a tool, `sap-commerce-mcp` only
/// by an OAuth configuration, `vllm-cluster-a` by an agent's self-hosted parameters,
/// `confluence-mcp` and `pinecone-rag` only inside an agent's inline MCP server and
/// native tool.
pub fn demo(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    if !already_seeded(&tx, "demo")? {
        let now = OffsetDateTime::now_utc();
        for (i, (id, name, age_days, edits)) in DEMO_TOKENS.iter().enumerate() {
            let created = now - Duration::days(*age_days) - Duration::minutes(i as i64 * 37);
            let modified = if *edits > 0 {
                created + Duration::days(age_days / 2)
            } else {
                created
            };
            let row = TokenRow {
                id: (*id).into(),
                name: (*name).into(),
                version: 1 + edits,
                created_at: timestamp::canonical(created),
                modified_at: timestamp::canonical(modified),
            };
            token_store::insert(&tx, DEMO_TENANT, &row, &secret::hash(&fake_value(id)))?;
        }
        let entities = [
            (Kind::Agent, demo_agents()),
            (Kind::Tool, demo_tools()),
            (Kind::McpServer, demo_mcp_servers()),
            (Kind::OAuth, demo_oauths()),
        ];
        for (kind, docs) in entities {
            for doc in docs {
                entity_store::put(&tx, kind, DEMO_TENANT, &doc)?;
            }
        }
        let both = [READ.to_owned(), MANAGE.to_owned()];
        auth::register_client(&tx, DEMO_ADMIN.0, DEMO_ADMIN.1, DEMO_TENANT, &both)?;
        auth::register_client(&tx, DEMO_VIEWER.0, DEMO_VIEWER.1, DEMO_TENANT, &both[..1])?;
    }
    tx.commit()
}

fn metadata(version: i64) -> serde_json::Value {
    let at = timestamp::now();
    json!({"version": version, "createdAt": at, "modifiedAt": at})
}

fn demo_agents() -> Vec<serde_json::Value> {
    vec![
        json!({
            "id": "support-agent",
            "name": {"en": "Customer support agent", "de": "Kundenservice-Agent"},
            "description": {"en": "Answers order and delivery questions."},
            "enabled": true,
            "type": "generic",
            "userPrompt": "Answer questions about orders and deliveries.",
            "triggers": [{"type": "endpoint"}],
            "llmConfig": {"provider": "openai", "model": "gpt-4.1", "token": {"id": "openai-prod"}},
            "mcpServers": [{"type": "custom", "mcpServer": {"id": "github-tools"}}],
            "agentCollaborations": [{"agentId": "catalog-enricher", "description": "Product questions"}],
            "metadata": metadata(3),
        }),
        json!({
            "id": "catalog-enricher",
            "name": {"en": "Catalog enrichment agent"},
            "description": {"en": "Writes product descriptions."},
            "enabled": true,
            "type": "generic",
            "userPrompt": "Write product descriptions.",
            "triggers": [{"type": "endpoint"}],
            "llmConfig": {"provider": "anthropic", "model": "claude-sonnet-4", "token": {"id": "anthropic-prod"}},
            "mcpServers": [],
            "nativeTools": [],
            "metadata": metadata(1),
        }),
        json!({
            "id": "onprem-analyst",
            "name": {"en": "On-prem sales analyst"},
            "description": {"en": "Runs on the self-hosted model."},
            "enabled": false,
            "type": "generic",
            "userPrompt": "Analyse sales figures.",
            "triggers": [{"type": "endpoint"}],
            "llmConfig": {
                "provider": "self_hosted_ollama",
                "model": "llama3.1:70b",
                "selfHostedParams": {"url": "https://llm.internal.example", "authorizationHeaderToken": {"id": "ollama-onprem"}}
            },
            "mcpServers": [{"type": "custom", "mcpServer": {"id": "jira-tools"}}],
            "metadata": metadata(2),
        }),
        json!({
            "id": "rag-assistant",
            "name": {"en": "Product RAG assistant", "de": "Produkt-RAG-Assistent"},
            "description": {"en": "Finds products with retrieval; carries its MCP server and tools inline."},
            "enabled": true,
            "type": "generic",
            "userPrompt": "Find products that match the question.",
            "triggers": [{"type": "endpoint"}],
            "llmConfig": {"provider": "openai", "model": "gpt-4.1-mini", "token": {"id": "openai-eu-prod"}},
            "mcpServers": [{
                "type": "custom",
                "mcpServer": {
                    "id": "confluence-inline",
                    "name": "Confluence (inline)",
                    "type": "custom",
                    "transport": "streamable_http",
                    "config": {"url": "https://mcp.confluence.example/mcp", "authorizationHeaderName": "Authorization", "authorizationHeaderToken": {"id": "confluence-mcp"}}
                }
            }],
            "nativeTools": [{
                "id": "catalog-rag-inline",
                "type": "rag_custom",
                "name": "Catalog vectors (inline)",
                "enabled": true,
                "config": {
                    "prompt": "Use for product look-ups.",
                    "databaseConfig": {"url": "https://pinecone.example", "type": "qdrant", "entityType": "product", "collectionName": "catalog", "token": {"id": "pinecone-rag"}},
                    "embeddingConfig": {"model": "text-embedding-3-small", "token": {"id": "openai-eu-prod"}}
                }
            }],
            "metadata": metadata(1),
        }),
        json!({
            "id": "selfhosted-vllm",
            "name": {"en": "Self-hosted vLLM agent"},
            "description": {"en": "Calls vLLM cluster A with a bearer token and an OAuth client."},
            "enabled": true,
            "type": "generic",
            "userPrompt": "Summarise support tickets.",
            "triggers": [{"type": "endpoint"}],
            "llmConfig": {
                "provider": "self_hosted_vllm",
                "model": "mixtral-8x7b",
                "selfHostedParams": {
                    "url": "https://vllm-a.internal.example",
                    "authorizationHeaderName": "Authorization",
                    "authorizationHeaderToken": {"id": "vllm-cluster-a"},
                    "oauth": {"id": "vllm-gateway-oauth"}
                }
            },
            "mcpServers": [],
            "metadata": metadata(1),
        }),
    ]
}

fn demo_tools() -> Vec<serde_json::Value> {
    vec![
        json!({
            "id": "product-rag",
            "type": "rag_custom",
            "name": "Product search (Qdrant)",
            "enabled": true,
            "config": {
                "prompt": "Use to find products by description.",
                "maxResults": 5,
                "databaseConfig": {"url": "https://qdrant.example", "type": "qdrant", "entityType": "product", "collectionName": "products", "token": {"id": "qdrant-rag"}},
                "embeddingConfig": {"model": "text-embedding-3-large", "token": {"id": "openai-embeddings"}}
            },
            "metadata": metadata(2),
        }),
        json!({
            "id": "slack-notify",
            "type": "slack",
            "name": "Slack notifications",
            "enabled": false,
            "config": {"teamId": "T0445953"},
            "metadata": metadata(1),
        }),
    ]
}

fn demo_oauths() -> Vec<serde_json::Value> {
    vec![json!({
        "id": "vllm-gateway-oauth",
        "url": "https://auth.internal.example/oauth/token",
        "clientId": "vllm-gateway",
        "grantType": "client_credentials",
        "scope": "llm",
        "enabled": true,
        "clientSecretToken": {"id": "sap-commerce-mcp"},
        "metadata": metadata(1),
    })]
}

fn demo_mcp_servers() -> Vec<serde_json::Value> {
    vec![
        json!({
            "id": "github-tools",
            "name": "GitHub tools",
            "type": "custom",
            "enabled": true,
            "transport": "streamable_http",
            "config": {"url": "https://mcp.github.example/mcp", "authorizationHeaderName": "Authorization", "authorizationHeaderToken": {"id": "github-mcp"}},
            "metadata": metadata(1),
        }),
        json!({
            "id": "jira-tools",
            "name": "Jira tools",
            "type": "custom",
            "enabled": true,
            "transport": "sse",
            "config": {"url": "https://mcp.jira.example/sse", "authorizationHeaderName": "Authorization", "authorizationHeaderToken": {"id": "jira-mcp"}},
            "metadata": metadata(4),
        }),
    ]
}

/// The token only the last generated agent uses.
pub const LAST_AGENT_TOKEN: &str = "mistral-prod";

/// Adds `count` generated agents (`volume-agent-0000001`, …) to tenant `demo`. They use
/// the tokenless `emporix_openai` provider, except the last, whose LLM token is
/// [`LAST_AGENT_TOKEN`].
pub fn bulk_agents(conn: &mut Connection, count: usize) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for n in 1..=count {
        let llm = if n == count {
            json!({"provider": "openai", "model": "gpt-4.1-mini", "token": {"id": LAST_AGENT_TOKEN}})
        } else {
            json!({"provider": "emporix_openai", "model": "gpt-4.1-mini"})
        };
        let doc = json!({
            "id": format!("volume-agent-{n:07}"),
            "name": {"en": format!("Volume agent {n}")},
            "enabled": n % 3 != 0,
            "type": "generic",
            "userPrompt": "Generated for scale tests.",
            "triggers": [{"type": "endpoint"}],
            "llmConfig": llm,
            "mcpServers": [],
            "metadata": metadata(1),
        });
        entity_store::put(&tx, Kind::Agent, DEMO_TENANT, &doc)?;
    }
    tx.commit()
}

const PROVIDERS: &[&str] = &[
    "OpenAI",
    "Anthropic",
    "Gemini",
    "Mistral",
    "Azure",
    "Cohere",
    "Ollama",
    "vLLM",
];
const ENVIRONMENTS: &[&str] = &["prod", "staging", "dev", "qa", "eu", "us"];

/// Adds `count` generated tokens (`bulk-0000001`, …) to tenant `demo`, spread over ~3 years.
pub fn bulk_tokens(conn: &mut Connection, count: usize) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let start: i64 = tx.query_row(
        "SELECT count(*) FROM tokens WHERE tenant = ? AND id LIKE 'bulk-%'",
        [DEMO_TENANT],
        |r| r.get(0),
    )?;
    let now = OffsetDateTime::now_utc();
    // One shared hash: generated values are not secrets, and hashing 100,000 of them would slow start-up.
    let hash = secret::hash("generated-bulk-value");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for n in start as usize..start as usize + count {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let created = now - Duration::seconds((state % (3 * 365 * 86_400)) as i64);
        let row = TokenRow {
            id: format!("bulk-{n:07}"),
            name: format!(
                "{} {} key {n}",
                PROVIDERS[(state >> 8) as usize % PROVIDERS.len()],
                ENVIRONMENTS[(state >> 16) as usize % ENVIRONMENTS.len()]
            ),
            version: 1 + (state >> 24) as i64 % 5,
            created_at: timestamp::canonical(created),
            modified_at: timestamp::canonical(
                created + Duration::seconds((state >> 32) as i64 % 86_400),
            ),
        };
        token_store::insert(&tx, DEMO_TENANT, &row, &hash)?;
    }
    tx.commit()
}
