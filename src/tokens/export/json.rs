//! The JSON file: a pretty-printed array of
//! `{"id", "name", "created", "modified", "version", "usedBy": [{"kind", "id", "name",
//! "enabled", "fields"}]}`, where `kind` is `agent`, `tool`, `mcpServer` or `oauth`, `fields`
//! holds the JSON pointers of the referencing fields in the user's document, and a missing
//! fact is `null`.

use serde::Serialize;

use super::rows::ExportRow;
use ai_client::{TokenUser, UserKind};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    id: &'a str,
    name: Option<&'a str>,
    created: Option<&'a str>,
    modified: Option<&'a str>,
    version: Option<u64>,
    used_by: Vec<User<'a>>,
}

#[derive(Serialize)]
struct User<'a> {
    kind: &'static str,
    id: &'a str,
    name: Option<&'a str>,
    enabled: Option<bool>,
    fields: Vec<&'a str>,
}

impl<'a> From<&'a TokenUser> for User<'a> {
    fn from(user: &'a TokenUser) -> Self {
        Self {
            kind: match user.kind {
                UserKind::Agent => "agent",
                UserKind::Tool => "tool",
                UserKind::McpServer => "mcpServer",
                UserKind::OAuth => "oauth",
            },
            id: &user.id,
            name: user.name.as_deref(),
            enabled: user.enabled,
            fields: user.fields.iter().map(|f| f.pointer.as_str()).collect(),
        }
    }
}

/// The whole file, indented with two spaces.
pub fn write(rows: &[ExportRow]) -> String {
    let rows: Vec<Row<'_>> = rows
        .iter()
        .map(|r| Row {
            id: &r.id,
            name: r.name.as_deref(),
            created: r.created.as_deref(),
            modified: r.modified.as_deref(),
            version: r.version,
            used_by: r.used_by.iter().map(User::from).collect(),
        })
        .collect();
    serde_json::to_string_pretty(&rows).expect("strings and numbers always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::export::rows::join;
    use crate::tokens::export::rows::tests::{token, users};
    use ai_client::Token;
    use serde_json::{json, Value};

    #[test]
    fn an_array_of_objects_with_their_users() {
        let file = write(&join(
            &[token("shared", Some("Shared")), token("lone", None)],
            &users(),
        ));
        assert!(
            file.starts_with("[\n  {\n    \"id\": \"shared\","),
            "{file}"
        );
        let parsed: Value = serde_json::from_str(&file).unwrap();
        assert_eq!(
            parsed,
            json!([
                {"id": "shared", "name": "Shared", "created": "2025-01-02T03:04:05.000Z",
                 "modified": "2025-02-03T04:05:06.000Z", "version": 2, "usedBy": [
                    {"kind": "agent", "id": "support", "name": "Support", "enabled": true,
                     "fields": ["/llmConfig/token"]},
                    {"kind": "agent", "id": "onprem", "name": "On-prem", "enabled": null,
                     "fields": ["/llmConfig/selfHostedParams/authorizationHeaderToken"]},
                    {"kind": "tool", "id": "rag", "name": "RAG", "enabled": false,
                     "fields": ["/config/databaseConfig/token", "/config/embeddingConfig/token"]},
                    {"kind": "oauth", "id": "gw", "name": null, "enabled": null,
                     "fields": ["/clientSecretToken"]}
                 ]},
                {"id": "lone", "name": null, "created": "2025-01-02T03:04:05.000Z",
                 "modified": "2025-02-03T04:05:06.000Z", "version": 2, "usedBy": []}
            ])
        );
        assert_eq!(write(&[]), "[]");
    }

    #[test]
    fn hostile_names_come_back_unchanged() {
        let long = "y".repeat(10_000);
        let names = [
            r#"=HYPERLINK("http://evil.example","x")"#,
            "quote \" backslash \\ newline \n tab \t",
            "\u{202E}txt.exe \u{200B}",
            "Grüße 🎉",
            "</script><script>alert(1)</script>",
            &long,
        ];
        let tokens: Vec<Token> = names
            .iter()
            .enumerate()
            .map(|(i, n)| token(&format!("t{i}"), Some(n)))
            .collect();
        let parsed: Value =
            serde_json::from_str(&write(&join(&tokens, &Default::default()))).unwrap();
        let back: Vec<&str> = parsed
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(back, names);
    }
}
