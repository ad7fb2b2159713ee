//! Who uses a token, as the admin reads it: the kind of each user, what it uses the token
//! for, whether it is enabled, how many of each kind, and the lists that could not be
//! checked. Shared by the token page, the delete dialogs, the bulk delete results and the
//! list's "Used by" column.

use leptos::prelude::*;

use ai_client::{FieldKind, TokenUser, Unchecked, Usage, UseCount, UserKind};

use crate::i18n::{t, tf};
use crate::ui::{thousands, ApiErrorText, ShownText};

/// How a person calls a user of a token, as it starts a line or cell: "Agent", "Tool",
/// "MCP server", "OAuth configuration".
pub fn kind_label(kind: UserKind) -> &'static str {
    match kind {
        UserKind::Agent => t("Agent"),
        UserKind::Tool => t("Tool"),
        UserKind::McpServer => t("MCP server"),
        UserKind::OAuth => t("OAuth configuration"),
    }
}

/// What a referencing field is for: "LLM token", "Authorization header", …
pub fn field_label(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::LlmToken => t("LLM token"),
        FieldKind::AuthorizationHeader => t("Authorization header"),
        FieldKind::OAuthClientSecret => t("OAuth client secret"),
        FieldKind::RagDatabaseToken => t("RAG database token"),
        FieldKind::EmbeddingToken => t("Embedding token"),
    }
}

/// "Enabled", "Disabled", or "Unknown" when the document does not say.
pub fn state_label(enabled: Option<bool>) -> &'static str {
    match enabled {
        Some(true) => t("Enabled"),
        Some(false) => t("Disabled"),
        None => t("Unknown"),
    }
}

/// "Could not check tools: <why>".
pub fn unchecked_text(unchecked: &Unchecked) -> String {
    let why = unchecked.error.user_message();
    match unchecked.kind {
        UserKind::Agent => tf("Could not check agents: {}", &[&why]),
        UserKind::Tool => tf("Could not check tools: {}", &[&why]),
        UserKind::McpServer => tf("Could not check MCP servers: {}", &[&why]),
        UserKind::OAuth => tf("Could not check OAuth configurations: {}", &[&why]),
    }
}

/// "1 agent", "2 tools", "1 MCP server", "3 OAuth configurations".
pub fn kind_count(kind: UserKind, count: u32) -> String {
    let n = thousands(u64::from(count));
    match (kind, count) {
        (UserKind::Agent, 1) => t("1 agent").to_owned(),
        (UserKind::Agent, _) => tf("{} agents", &[&n]),
        (UserKind::Tool, 1) => t("1 tool").to_owned(),
        (UserKind::Tool, _) => tf("{} tools", &[&n]),
        (UserKind::McpServer, 1) => t("1 MCP server").to_owned(),
        (UserKind::McpServer, _) => tf("{} MCP servers", &[&n]),
        (UserKind::OAuth, 1) => t("1 OAuth configuration").to_owned(),
        (UserKind::OAuth, _) => tf("{} OAuth configurations", &[&n]),
    }
}

/// The kinds a count is made of: "2 agents, 1 tool"; empty for none.
pub fn kinds_text(count: UseCount) -> String {
    count
        .kinds()
        .map(|(kind, n)| kind_count(kind, n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the user uses the token for, e.g. "LLM token, Embedding token" (each kind once).
pub fn fields_text(user: &TokenUser) -> String {
    field_kinds_text(user.fields.iter().map(|f| f.kind))
}

/// "LLM token, Embedding token": the labels of `kinds`, each once, in order.
pub fn field_kinds_text(kinds: impl IntoIterator<Item = FieldKind>) -> String {
    let mut labels: Vec<&str> = Vec::new();
    for kind in kinds {
        let label = field_label(kind);
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels.join(", ")
}

/// "Checking which … use it…", while the lists are read.
pub fn checking() -> AnyView {
    let text = t("Checking which agents, tools, MCP servers and OAuth configurations use it…");
    view! { <p role="status">{text}</p> }.into_any()
}

/// The lists that could not be checked, one alert line each.
pub fn unchecked_alerts(usage: &Usage) -> AnyView {
    unchecked_lines(&usage.unchecked)
}

/// One alert line for each list in `unchecked`.
pub fn unchecked_lines(unchecked: &[Unchecked]) -> AnyView {
    unchecked
        .iter()
        .map(|u| view! { <p class="form-error" role="alert"><ShownText text=unchecked_text(u) /></p> })
        .collect_view()
        .into_any()
}

/// One item per user: "Tool product-rag (Product search) — RAG database token · Enabled".
pub fn users_list(users: &[TokenUser]) -> AnyView {
    let items = users
        .iter()
        .map(|user| {
            let name = user
                .name
                .clone()
                .filter(|name| *name != user.id)
                .map(|name| view! { " (" <ShownText text=name /> ")" });
            let facts = format!(" — {} · {}", fields_text(user), state_label(user.enabled));
            view! {
                <li>
                    {kind_label(user.kind)} " " <code><ShownText text=user.id.clone() /></code> {name}
                    {facts}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="dialog-list">{items}</ul> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ai_client::{ApiError, TokenField};
    use serde_json::Value;

    fn user(fields: &[FieldKind]) -> TokenUser {
        TokenUser {
            kind: UserKind::Tool,
            id: "rag".into(),
            name: None,
            enabled: None,
            version: None,
            fields: fields
                .iter()
                .map(|kind| TokenField {
                    pointer: "/x".into(),
                    path: "x",
                    kind: *kind,
                })
                .collect(),
            document: Value::Null,
        }
    }

    #[test]
    fn fields_are_named_once_each() {
        use FieldKind::*;
        assert_eq!(
            fields_text(&user(&[RagDatabaseToken, EmbeddingToken, RagDatabaseToken])),
            "RAG database token, Embedding token"
        );
        assert_eq!(fields_text(&user(&[])), "");
    }

    #[test]
    fn each_unchecked_list_is_named() {
        let texts: Vec<String> = UserKind::ALL
            .into_iter()
            .map(|kind| {
                unchecked_text(&Unchecked {
                    kind,
                    error: ApiError::Forbidden { message: None },
                })
            })
            .collect();
        assert_eq!(
            texts,
            [
                "Could not check agents: You are not allowed to do this.",
                "Could not check tools: You are not allowed to do this.",
                "Could not check MCP servers: You are not allowed to do this.",
                "Could not check OAuth configurations: You are not allowed to do this.",
            ]
        );
    }

    #[test]
    fn counts_name_their_kinds_in_english_and_german() {
        use crate::i18n::{set_current, Locale};
        use ai_client::References;
        use serde_json::json;
        let mut refs = References::default();
        let agent = |id: &str| json!({"id": id, "llmConfig": {"token": {"id": "k"}}});
        refs.add(UserKind::Agent, vec![agent("a"), agent("b")]);
        refs.add(
            UserKind::OAuth,
            vec![json!({"id": "o", "clientSecretToken": {"id": "k"}})],
        );
        refs.add(
            UserKind::McpServer,
            vec![json!({"id": "m", "config": {"authorizationHeaderToken": {"id": "k"}}})],
        );
        let count = refs.counts().of("k");
        assert_eq!(
            kinds_text(count),
            "2 agents, 1 MCP server, 1 OAuth configuration"
        );
        assert_eq!(kinds_text(UseCount::default()), "");
        let english: Vec<String> = UserKind::ALL
            .into_iter()
            .flat_map(|kind| [kind_count(kind, 1), kind_count(kind, 1234)])
            .collect();
        assert_eq!(
            english,
            [
                "1 agent",
                "1,234 agents",
                "1 tool",
                "1,234 tools",
                "1 MCP server",
                "1,234 MCP servers",
                "1 OAuth configuration",
                "1,234 OAuth configurations"
            ]
        );
        set_current(Locale::De);
        let german = kinds_text(count);
        let many = kind_count(UserKind::Tool, 1234);
        set_current(Locale::En);
        assert_eq!(german, "2 Agenten, 1 MCP-Server, 1 OAuth-Konfiguration");
        assert_eq!(many, "1.234 Tools");
    }

    #[test]
    fn kinds_and_states_have_words() {
        let kinds: Vec<&str> = UserKind::ALL.into_iter().map(kind_label).collect();
        assert_eq!(
            kinds,
            ["Agent", "Tool", "MCP server", "OAuth configuration"]
        );
        assert_eq!(
            [Some(true), Some(false), None].map(state_label),
            ["Enabled", "Disabled", "Unknown"]
        );
    }
}
