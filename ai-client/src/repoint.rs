//! Re-pointing a token user from one token to another: the whole document goes back with a
//! PUT (the one update of every kind that carries `metadata.version`, so a concurrent
//! change is noticed), and exactly the referencing fields that held the old id change.

use serde_json::{json, Value};

use super::error::ApiError;
use super::users::{references, UserKind};

/// The document to PUT so that `document` (a `kind` as the API returned it) references
/// `to` wherever it referenced `from`: each such `{"id": …}` object (expanded or not)
/// becomes `{"id": to}`, and `metadata` is reduced to `{"version": …}` (the server keeps
/// the rest). Everything else is sent back as read. `None` when nothing references `from`.
pub fn repointed(kind: UserKind, document: &Value, from: &str, to: &str) -> Option<Value> {
    let pointers: Vec<String> = references(kind, document)
        .into_iter()
        .filter(|(id, _)| id == from)
        .map(|(_, field)| field.pointer)
        .collect();
    if pointers.is_empty() {
        return None;
    }
    let mut body = document.clone();
    for pointer in pointers {
        if let Some(holder) = body.pointer_mut(&pointer) {
            *holder = json!({ "id": to });
        }
    }
    if let Value::Object(fields) = &mut body {
        match document["metadata"]["version"].as_u64() {
            Some(version) => {
                fields.insert("metadata".into(), json!({ "version": version }));
            }
            None => {
                fields.remove("metadata");
            }
        }
    }
    Some(body)
}

/// How re-pointing one user ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repointed {
    /// Every field that held the old id holds the new one.
    Done,
    /// Someone else changed the user and it no longer references the old token (or
    /// changed it again during the one retry).
    ChangedElsewhere,
    /// The API refused or could not be reached; forbidden is
    /// [`ApiError::Forbidden`].
    Failed(ApiError),
}

/// Whether `document` references `to` and no longer `from`: a user already re-pointed
/// (say, by a request whose answer was lost) counts as done.
pub fn points_to(kind: UserKind, document: &Value, from: &str, to: &str) -> bool {
    let ids: Vec<String> = references(kind, document)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    ids.iter().any(|id| id == to) && !ids.iter().any(|id| id == from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> Value {
        json!({
            "id": "support", "name": {"en": "Support"}, "enabled": true, "type": "support",
            "llmConfig": {"provider": "openai", "model": "gpt-4.1",
                          "token": {"id": "old", "name": "expanded"}},
            "mcpServers": [{"type": "custom", "mcpServer": {"id": "m",
                "config": {"authorizationHeaderToken": {"id": "other"}}}}],
            "nativeTools": [{"id": "t", "config": {
                "databaseConfig": {"token": {"id": "old"}},
                "embeddingConfig": {"token": {"id": "other"}}}}],
            "metadata": {"version": 4, "createdAt": "c", "modifiedAt": "m"}
        })
    }

    #[test]
    fn only_the_fields_holding_the_old_id_change() {
        let body = repointed(UserKind::Agent, &agent(), "old", "new").unwrap();
        let mut expected = agent();
        expected["llmConfig"]["token"] = json!({"id": "new"});
        expected["nativeTools"][0]["config"]["databaseConfig"]["token"] = json!({"id": "new"});
        expected["metadata"] = json!({"version": 4});
        assert_eq!(body, expected);
    }

    #[test]
    fn every_kind_is_repointed() {
        let cases = [
            (
                UserKind::Tool,
                json!({"id": "rag", "type": "rag_custom", "enabled": true, "config": {
                    "databaseConfig": {"url": "u", "token": {"id": "old"}},
                    "embeddingConfig": {"model": "e", "token": {"id": "old"}}},
                    "metadata": {"version": 2}}),
                &[
                    "/config/databaseConfig/token",
                    "/config/embeddingConfig/token",
                ][..],
            ),
            (
                UserKind::McpServer,
                json!({"id": "gh", "name": "GitHub", "transport": "HTTP", "config": {"url": "u",
                    "authorizationHeaderName": "Authorization",
                    "authorizationHeaderToken": {"id": "old"}},
                    "metadata": {"version": 9, "createdAt": "c"}}),
                &["/config/authorizationHeaderToken"][..],
            ),
            (
                UserKind::OAuth,
                json!({"id": "gw", "clientId": "c", "url": "u", "enabled": false,
                    "clientSecretToken": {"id": "old"}, "metadata": {"version": 1}}),
                &["/clientSecretToken"][..],
            ),
            (
                UserKind::Agent,
                json!({"id": "onprem", "llmConfig": {"selfHostedParams": {"url": "u",
                    "authorizationHeaderToken": {"id": "old"},
                    "oauth": {"id": "gw", "clientSecretToken": {"id": "old"}}}},
                    "metadata": {"version": 1}}),
                &[
                    "/llmConfig/selfHostedParams/authorizationHeaderToken",
                    "/llmConfig/selfHostedParams/oauth/clientSecretToken",
                ][..],
            ),
        ];
        for (kind, document, pointers) in cases {
            let body = repointed(kind, &document, "old", "new").unwrap();
            let mut expected = document.clone();
            for pointer in pointers {
                *expected.pointer_mut(pointer).unwrap() = json!({"id": "new"});
            }
            expected["metadata"] = json!({"version": document["metadata"]["version"]});
            assert_eq!(body, expected, "{kind:?}");
        }
    }

    #[test]
    fn a_document_without_the_old_id_is_not_repointed() {
        assert_eq!(repointed(UserKind::Agent, &agent(), "gone", "new"), None);
        assert_eq!(repointed(UserKind::Agent, &agent(), "", "new"), None);
        let done = repointed(UserKind::Agent, &agent(), "old", "new").unwrap();
        assert!(points_to(UserKind::Agent, &done, "old", "new"));
        assert!(!points_to(UserKind::Agent, &agent(), "old", "new"));
        assert!(!points_to(UserKind::Agent, &done, "old", "third"));
    }

    #[test]
    fn without_a_version_no_metadata_is_sent() {
        let document = json!({"id": "gw", "clientSecretToken": {"id": "old"}, "metadata": {}});
        let body = repointed(UserKind::OAuth, &document, "old", "new").unwrap();
        assert_eq!(
            body,
            json!({"id": "gw", "clientSecretToken": {"id": "new"}})
        );
    }

    mod through_the_client {
        use super::*;
        use crate::request::{HttpRequest, Method};
        use crate::response::HttpResponse;
        use crate::testing::{answer, run, scripted_requests};
        use std::cell::RefCell;
        use std::rc::Rc;

        const URL: &str = "https://api.example.com/ai-service/demo/agentic/mcp-servers/gh";

        fn server_doc(token: &str, version: u64) -> Value {
            json!({"id": "gh", "name": "GitHub", "config": {"url": "u",
                "authorizationHeaderToken": {"id": token}}, "metadata": {"version": version}})
        }

        /// A server holding one MCP server document; a PUT whose version is not the stored
        /// one gets a 409. `puts` answers the PUTs in turn before that check (`None`: check).
        fn holding(
            stored: Value,
            puts: Vec<Option<HttpResponse>>,
        ) -> (crate::Client, Rc<crate::testing::Scripted>) {
            let stored = RefCell::new(stored);
            let puts = RefCell::new(puts.into_iter());
            scripted_requests(move |request: &HttpRequest| {
                assert_eq!(request.url, URL);
                match request.method {
                    Method::Get => answer(200, None, &stored.borrow().to_string()),
                    _ => {
                        if let Some(Some(fixed)) = puts.borrow_mut().next() {
                            return fixed;
                        }
                        let body: Value =
                            serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
                        if body["metadata"]["version"] != stored.borrow()["metadata"]["version"] {
                            return answer(409, None, r#"{"message":"stale"}"#);
                        }
                        *stored.borrow_mut() = body;
                        answer(204, None, "")
                    }
                }
            })
        }

        fn methods(server: &crate::testing::Scripted) -> Vec<String> {
            server
                .requests
                .borrow()
                .iter()
                .map(|(line, _)| line.split(' ').next().unwrap().to_owned())
                .collect()
        }

        #[test]
        fn the_document_read_is_put_back_with_only_the_reference_changed() {
            let (client, server) = holding(server_doc("old", 3), vec![]);
            let outcome = run(client.repoint(
                UserKind::McpServer,
                "gh",
                Some(server_doc("old", 3)),
                "old",
                "new",
            ));
            assert_eq!(outcome, Repointed::Done);
            assert_eq!(methods(&server), ["PUT"]);
            let body: Value =
                serde_json::from_str(server.requests.borrow()[0].1.as_deref().unwrap()).unwrap();
            assert_eq!(body, server_doc("new", 3));
        }

        #[test]
        fn a_conflict_reads_again_and_retries_once_while_the_old_id_holds() {
            let (client, server) = holding(server_doc("old", 4), vec![]);
            let outcome = run(client.repoint(
                UserKind::McpServer,
                "gh",
                Some(server_doc("old", 3)),
                "old",
                "new",
            ));
            assert_eq!(outcome, Repointed::Done);
            assert_eq!(methods(&server), ["PUT", "GET", "PUT"]);
            let sent: Value =
                serde_json::from_str(server.requests.borrow()[2].1.as_deref().unwrap()).unwrap();
            assert_eq!(sent, server_doc("new", 4));
        }

        #[test]
        fn a_conflict_where_someone_else_changed_the_reference_is_reported() {
            let (client, server) = holding(server_doc("third", 4), vec![]);
            let outcome = run(client.repoint(
                UserKind::McpServer,
                "gh",
                Some(server_doc("old", 3)),
                "old",
                "new",
            ));
            assert_eq!(outcome, Repointed::ChangedElsewhere);
            assert_eq!(methods(&server), ["PUT", "GET"]);
            let conflict = || Some(answer(409, None, ""));
            let (client, server) = holding(server_doc("old", 4), vec![conflict(), conflict()]);
            let outcome = run(client.repoint(
                UserKind::McpServer,
                "gh",
                Some(server_doc("old", 4)),
                "old",
                "new",
            ));
            assert_eq!(outcome, Repointed::ChangedElsewhere, "only one retry");
            assert_eq!(methods(&server), ["PUT", "GET", "PUT"]);
        }

        #[test]
        fn without_a_document_it_is_read_first_and_failures_are_kept() {
            let (client, server) = holding(server_doc("new", 5), vec![]);
            let back = run(client.repoint(UserKind::McpServer, "gh", None, "new", "old"));
            assert_eq!(back, Repointed::Done);
            assert_eq!(methods(&server), ["GET", "PUT"]);
            let (client, _) = holding(server_doc("new", 5), vec![]);
            assert_eq!(
                run(client.repoint(UserKind::McpServer, "gh", None, "old", "new")),
                Repointed::Done,
                "already there"
            );
            let (client, _) = holding(server_doc("old", 5), vec![Some(answer(403, None, ""))]);
            assert_eq!(
                run(client.repoint(UserKind::McpServer, "gh", None, "old", "new")),
                Repointed::Failed(ApiError::Forbidden { message: None })
            );
            let (client, _) = holding(server_doc("old", 5), vec![Some(answer(503, None, ""))]);
            assert!(matches!(
                run(client.repoint(UserKind::McpServer, "gh", None, "old", "new")),
                Repointed::Failed(ApiError::Server { status: 503, .. })
            ));
        }
    }
}
