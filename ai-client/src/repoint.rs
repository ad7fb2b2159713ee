//! Re-pointing a token user to another token: the whole document goes back with a PUT (the
//! one update of every kind that carries `metadata.version`, so a concurrent change is
//! noticed), and exactly the referencing fields in question change — those that held the
//! old id, or, after a force delete removed them, those that held the deleted token.

use serde_json::{json, Value};

use super::error::ApiError;
use super::users::{references, UserKind};

/// The fields of a user that a re-point sets to the new token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slots<'a> {
    /// Every field that references this token (replacing a token).
    Referencing(&'a str),
    /// These fields (JSON pointers), while they hold no token and their parent object is
    /// still there: where a force delete removed the reference to the deleted token.
    Emptied(&'a [String]),
}

impl Slots<'_> {
    /// The pointers in `document` (a `kind`) to set now; none when nothing is left to do.
    fn open(&self, kind: UserKind, document: &Value) -> Vec<String> {
        match self {
            Slots::Referencing(from) => references(kind, document)
                .into_iter()
                .filter(|(id, _)| id == from)
                .map(|(_, field)| field.pointer)
                .collect(),
            Slots::Emptied(pointers) => pointers
                .iter()
                .filter(|pointer| {
                    let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
                    document.pointer(parent).is_some_and(Value::is_object)
                        && document.pointer(pointer).is_none_or(Value::is_null)
                })
                .cloned()
                .collect(),
        }
    }

    /// Whether `document` (a `kind`) already references `to` where these slots are: a user
    /// re-pointed by a request whose answer was lost counts as done.
    pub fn hold(&self, kind: UserKind, document: &Value, to: &str) -> bool {
        match self {
            Slots::Referencing(from) => {
                let ids: Vec<String> = references(kind, document)
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
                ids.iter().any(|id| id == to) && !ids.iter().any(|id| id == from)
            }
            Slots::Emptied(pointers) => {
                !pointers.is_empty()
                    && pointers.iter().all(|pointer| {
                        document
                            .pointer(&format!("{pointer}/id"))
                            .and_then(Value::as_str)
                            == Some(to)
                    })
            }
        }
    }
}

/// The document to PUT so that `document` (a `kind` as the API returned it) references
/// `to` in `slots`: each such field becomes `{"id": to}` (an expanded token object too),
/// and `metadata` is reduced to `{"version": …}` (the server keeps the rest). Everything
/// else is sent back as read. `None` when no slot is open.
pub fn repointed(kind: UserKind, document: &Value, slots: Slots<'_>, to: &str) -> Option<Value> {
    let pointers = slots.open(kind, document);
    if pointers.is_empty() {
        return None;
    }
    let mut body = document.clone();
    for pointer in pointers {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
        if let Some(Value::Object(holder)) = body.pointer_mut(parent) {
            holder.insert(unescape(key), json!({ "id": to }));
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

/// A JSON pointer's reference token as a member name (RFC 6901: `~1` is `/`, `~0` is `~`).
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// How re-pointing one user ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repointed {
    /// Every slot holds the new token.
    Done,
    /// Someone else changed the user so that the slots no longer are what they were (or
    /// changed it again during the one retry).
    ChangedElsewhere,
    /// The API refused or could not be reached; forbidden is
    /// [`ApiError::Forbidden`].
    Failed(ApiError),
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: Slots<'static> = Slots::Referencing("old");

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
        let body = repointed(UserKind::Agent, &agent(), OLD, "new").unwrap();
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
            let body = repointed(kind, &document, OLD, "new").unwrap();
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
        assert_eq!(
            repointed(UserKind::Agent, &agent(), Slots::Referencing("gone"), "new"),
            None
        );
        assert_eq!(
            repointed(UserKind::Agent, &agent(), Slots::Referencing(""), "new"),
            None
        );
        let done = repointed(UserKind::Agent, &agent(), OLD, "new").unwrap();
        assert!(OLD.hold(UserKind::Agent, &done, "new"));
        assert!(!OLD.hold(UserKind::Agent, &agent(), "new"));
        assert!(!OLD.hold(UserKind::Agent, &done, "third"));
    }

    #[test]
    fn without_a_version_no_metadata_is_sent() {
        let document = json!({"id": "gw", "clientSecretToken": {"id": "old"}, "metadata": {}});
        let body = repointed(UserKind::OAuth, &document, OLD, "new").unwrap();
        assert_eq!(
            body,
            json!({"id": "gw", "clientSecretToken": {"id": "new"}})
        );
    }

    /// The agent after a force delete of `old`: both references removed, the agent disabled.
    fn unassigned_agent() -> (Value, Vec<String>) {
        let mut agent = agent();
        agent["llmConfig"].as_object_mut().unwrap().remove("token");
        agent["nativeTools"][0]["config"]["databaseConfig"]
            .as_object_mut()
            .unwrap()
            .remove("token");
        agent["enabled"] = json!(false);
        let pointers = vec![
            "/llmConfig/token".to_owned(),
            "/nativeTools/0/config/databaseConfig/token".to_owned(),
        ];
        (agent, pointers)
    }

    #[test]
    fn emptied_slots_get_the_new_token_and_nothing_else_changes() {
        let (agent, pointers) = unassigned_agent();
        let slots = Slots::Emptied(&pointers);
        let body = repointed(UserKind::Agent, &agent, slots, "new").unwrap();
        let mut expected = agent.clone();
        expected["llmConfig"]["token"] = json!({"id": "new"});
        expected["nativeTools"][0]["config"]["databaseConfig"]["token"] = json!({"id": "new"});
        expected["metadata"] = json!({"version": 4});
        assert_eq!(body, expected, "still disabled: enabling is not a re-point");
        assert!(slots.hold(UserKind::Agent, &body, "new"));
        assert!(!slots.hold(UserKind::Agent, &agent, "new"));
        assert!(!Slots::Emptied(&[]).hold(UserKind::Agent, &body, "new"));
    }

    #[test]
    fn an_emptied_slot_that_was_filled_or_lost_its_parent_is_left_alone() {
        let (mut agent, pointers) = unassigned_agent();
        agent["llmConfig"]["token"] = json!({"id": "someone-elses"});
        let body = repointed(UserKind::Agent, &agent, Slots::Emptied(&pointers), "new").unwrap();
        assert_eq!(body["llmConfig"]["token"], json!({"id": "someone-elses"}));
        assert_eq!(
            body["nativeTools"][0]["config"]["databaseConfig"]["token"],
            json!({"id": "new"})
        );
        agent["nativeTools"] = json!([]);
        assert_eq!(
            repointed(UserKind::Agent, &agent, Slots::Emptied(&pointers), "new"),
            None
        );
        assert!(!Slots::Emptied(&pointers).hold(UserKind::Agent, &agent, "new"));
        agent["llmConfig"]["token"] = Value::Null;
        assert!(repointed(UserKind::Agent, &agent, Slots::Emptied(&pointers), "new").is_some());
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

        /// Re-points the MCP server "gh" and waits for the outcome.
        fn repoint_gh(
            client: &crate::Client,
            document: Option<Value>,
            slots: Slots<'_>,
            to: &str,
        ) -> Repointed {
            run(client.repoint(UserKind::McpServer, "gh", document, slots, to))
        }

        /// The body of the `n`th request the server received.
        fn sent(server: &crate::testing::Scripted, n: usize) -> Value {
            serde_json::from_str(server.requests.borrow()[n].1.as_deref().unwrap()).unwrap()
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
            let outcome = repoint_gh(&client, Some(server_doc("old", 3)), OLD, "new");
            assert_eq!(outcome, Repointed::Done);
            assert_eq!(methods(&server), ["PUT"]);
            assert_eq!(sent(&server, 0), server_doc("new", 3));
        }

        #[test]
        fn a_conflict_reads_again_and_retries_once_while_the_old_id_holds() {
            let (client, server) = holding(server_doc("old", 4), vec![]);
            let outcome = repoint_gh(&client, Some(server_doc("old", 3)), OLD, "new");
            assert_eq!(outcome, Repointed::Done);
            assert_eq!(methods(&server), ["PUT", "GET", "PUT"]);
            assert_eq!(sent(&server, 2), server_doc("new", 4));
        }

        #[test]
        fn a_conflict_where_someone_else_changed_the_reference_is_reported() {
            let (client, server) = holding(server_doc("third", 4), vec![]);
            let outcome = repoint_gh(&client, Some(server_doc("old", 3)), OLD, "new");
            assert_eq!(outcome, Repointed::ChangedElsewhere);
            assert_eq!(methods(&server), ["PUT", "GET"]);
            let conflict = || Some(answer(409, None, ""));
            let (client, server) = holding(server_doc("old", 4), vec![conflict(), conflict()]);
            let outcome = repoint_gh(&client, Some(server_doc("old", 4)), OLD, "new");
            assert_eq!(outcome, Repointed::ChangedElsewhere, "only one retry");
            assert_eq!(methods(&server), ["PUT", "GET", "PUT"]);
        }

        #[test]
        fn an_emptied_slot_is_filled_after_a_conflict_unless_someone_filled_it() {
            let pointers = ["/config/authorizationHeaderToken".to_owned()];
            let emptied = |version: u64| {
                let mut doc = server_doc("x", version);
                doc["config"]
                    .as_object_mut()
                    .unwrap()
                    .remove("authorizationHeaderToken");
                doc
            };
            let (client, server) = holding(emptied(5), vec![]);
            let outcome = repoint_gh(&client, Some(emptied(4)), Slots::Emptied(&pointers), "new");
            assert_eq!(outcome, Repointed::Done);
            assert_eq!(methods(&server), ["PUT", "GET", "PUT"]);
            assert_eq!(sent(&server, 2), server_doc("new", 5));
            let (client, server) = holding(server_doc("third", 5), vec![]);
            let outcome = repoint_gh(&client, Some(emptied(4)), Slots::Emptied(&pointers), "new");
            assert_eq!(outcome, Repointed::ChangedElsewhere);
            assert_eq!(methods(&server), ["PUT", "GET"]);
        }

        #[test]
        fn without_a_document_it_is_read_first_and_failures_are_kept() {
            let (client, server) = holding(server_doc("new", 5), vec![]);
            let back = repoint_gh(&client, None, Slots::Referencing("new"), "old");
            assert_eq!(back, Repointed::Done);
            assert_eq!(methods(&server), ["GET", "PUT"]);
            let (client, _) = holding(server_doc("new", 5), vec![]);
            assert_eq!(
                repoint_gh(&client, None, OLD, "new"),
                Repointed::Done,
                "already there"
            );
            let (client, _) = holding(server_doc("old", 5), vec![Some(answer(403, None, ""))]);
            assert_eq!(
                repoint_gh(&client, None, OLD, "new"),
                Repointed::Failed(ApiError::Forbidden { message: None })
            );
            let (client, _) = holding(server_doc("old", 5), vec![Some(answer(503, None, ""))]);
            assert!(matches!(
                repoint_gh(&client, None, OLD, "new"),
                Repointed::Failed(ApiError::Server { status: 503, .. })
            ));
        }
    }
}
