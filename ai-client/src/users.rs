//! Who uses a token. Agents, tools, MCP servers and OAuth configurations reference tokens as
//! `{"id": …}` objects in the places the official spec's response schemas give
//! ([`UserKind::places`]). [`References`] holds every such reference of a tenant, read from
//! every page of the four lists ([`ListReading`]), and names the lists it could not read, so
//! that a token is never called unused when not everything was checked. Each user keeps its
//! whole document and the JSON pointer of every referencing field: an update can change
//! exactly those fields and send the document back with its `metadata.version`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::ApiError;
use super::response::Page;

/// The page size asked for when reading a list of users: the largest the emulator serves
/// (the spec gives no maximum). A server that sends fewer per page is followed at its size.
pub const USERS_PAGE_SIZE: u32 = 1000;

/// A kind of document that can reference a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UserKind {
    /// `…/agentic/agents`
    Agent,
    /// `…/agentic/tools` (native tools such as RAG)
    Tool,
    /// `…/agentic/mcp-servers`
    McpServer,
    /// `…/agentic/oauths`
    OAuth,
}

/// What a referencing field is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    /// The LLM provider's key (`llmConfig.token`).
    LlmToken,
    /// The token sent in an authorization header (a self-hosted LLM, an MCP server).
    AuthorizationHeader,
    /// An OAuth client's secret.
    OAuthClientSecret,
    /// A RAG tool's vector database.
    RagDatabaseToken,
    /// A RAG tool's embedding model.
    EmbeddingToken,
}

/// A place where documents of one kind reference a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Dotted path of the `{"id": …}` object; `name[]` stands for every element of the
    /// array `name` (the notation of the spec's schemas).
    pub path: &'static str,
    /// What the field is for.
    pub kind: FieldKind,
}

const fn place(path: &'static str, kind: FieldKind) -> Place {
    Place { path, kind }
}

/// From the spec's `AgentResponse`: its LLM settings, and the MCP servers, native tools and
/// OAuth configuration it carries inline when they come expanded.
const AGENT_PLACES: &[Place] = &[
    place("llmConfig.token", FieldKind::LlmToken),
    place(
        "llmConfig.selfHostedParams.authorizationHeaderToken",
        FieldKind::AuthorizationHeader,
    ),
    place(
        "llmConfig.selfHostedParams.oauth.clientSecretToken",
        FieldKind::OAuthClientSecret,
    ),
    place(
        "mcpServers[].mcpServer.config.authorizationHeaderToken",
        FieldKind::AuthorizationHeader,
    ),
    place(
        "nativeTools[].config.databaseConfig.token",
        FieldKind::RagDatabaseToken,
    ),
    place(
        "nativeTools[].config.embeddingConfig.token",
        FieldKind::EmbeddingToken,
    ),
];
const TOOL_PLACES: &[Place] = &[
    place("config.databaseConfig.token", FieldKind::RagDatabaseToken),
    place("config.embeddingConfig.token", FieldKind::EmbeddingToken),
];
const MCP_SERVER_PLACES: &[Place] = &[place(
    "config.authorizationHeaderToken",
    FieldKind::AuthorizationHeader,
)];
const OAUTH_PLACES: &[Place] = &[place("clientSecretToken", FieldKind::OAuthClientSecret)];

impl UserKind {
    /// Every kind, in the order users are listed.
    pub const ALL: [Self; 4] = [Self::Agent, Self::Tool, Self::McpServer, Self::OAuth];

    /// The collection under `…/agentic/`.
    pub fn collection(self) -> &'static str {
        match self {
            Self::Agent => "agents",
            Self::Tool => "tools",
            Self::McpServer => "mcp-servers",
            Self::OAuth => "oauths",
        }
    }

    /// Every place where its documents may reference a token.
    pub fn places(self) -> &'static [Place] {
        match self {
            Self::Agent => AGENT_PLACES,
            Self::Tool => TOOL_PLACES,
            Self::McpServer => MCP_SERVER_PLACES,
            Self::OAuth => OAUTH_PLACES,
        }
    }
}

/// One field of a document that references the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenField {
    /// JSON pointer (RFC 6901) of the `{"id": …}` object in the document, e.g.
    /// `/mcpServers/0/mcpServer/config/authorizationHeaderToken`; also what a PATCH `path` takes.
    pub pointer: String,
    /// The place it is an instance of ([`Place::path`]).
    pub path: &'static str,
    /// What the field is for.
    pub kind: FieldKind,
}

/// A document that references a token, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenUser {
    /// Agent, tool, MCP server or OAuth configuration.
    pub kind: UserKind,
    /// Its id.
    pub id: String,
    /// Its display name (a localized name's English entry, else any), when it has one.
    pub name: Option<String>,
    /// Its `enabled`, when the document says.
    pub enabled: Option<bool>,
    /// Its `metadata.version`, when the document says.
    pub version: Option<u64>,
    /// The fields that reference the token, in document order of [`UserKind::places`].
    pub fields: Vec<TokenField>,
    /// The whole document as the list returned it.
    pub document: Value,
}

/// A list that could not be read to its end, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    /// Whose list.
    pub kind: UserKind,
    /// What went wrong.
    pub error: ApiError,
}

/// The users of one token, and the lists that could not be checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Usage {
    /// The users found: agents, then tools, MCP servers and OAuth configurations, each in
    /// the order their list gave.
    pub users: Vec<TokenUser>,
    /// The lists that could not be read; empty when every list was read to its end.
    pub unchecked: Vec<Unchecked>,
}

impl Usage {
    /// Whether every list was read, so [`Usage::users`] is all of them.
    pub fn is_complete(&self) -> bool {
        self.unchecked.is_empty()
    }

    /// Whether the token is known to be unused: every list read, no user found.
    pub fn is_unused(&self) -> bool {
        self.is_complete() && self.users.is_empty()
    }
}

/// Every token reference of a tenant: the documents holding at least one, and the lists
/// that could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct References {
    users: Vec<(TokenUser, Vec<String>)>,
    unchecked: Vec<Unchecked>,
}

impl References {
    /// Takes in the whole list of `kind` (documents without a token reference are dropped).
    /// Users stay grouped by kind, in the order of [`UserKind`], each list in its own order.
    pub fn add(&mut self, kind: UserKind, documents: Vec<Value>) {
        let mut taken = Vec::new();
        for document in documents {
            let found = references(kind, &document);
            if found.is_empty() {
                continue;
            }
            let (token_ids, fields) = found.into_iter().unzip();
            let user = TokenUser {
                kind,
                id: text(&document["id"]).unwrap_or_default(),
                name: display_name(&document["name"]),
                enabled: document["enabled"].as_bool(),
                version: document["metadata"]["version"].as_u64(),
                fields,
                document,
            };
            taken.push((user, token_ids));
        }
        // In place rather than by a stable sort: the wasm carries no sort code for it.
        let at = self.users.partition_point(|(user, _)| user.kind <= kind);
        self.users.splice(at..at, taken);
    }

    /// Records that the list of `kind` could not be read.
    pub fn fail(&mut self, kind: UserKind, error: ApiError) {
        let at = self.unchecked.partition_point(|u| u.kind <= kind);
        self.unchecked.insert(at, Unchecked { kind, error });
    }

    /// The lists that could not be read.
    pub fn unchecked(&self) -> &[Unchecked] {
        &self.unchecked
    }

    /// Who uses the token `token_id`: each user with only the fields naming that token.
    pub fn of(&self, token_id: &str) -> Usage {
        let users = self
            .users
            .iter()
            .filter(|(_, ids)| ids.iter().any(|id| id == token_id))
            .map(|(user, ids)| TokenUser {
                fields: user
                    .fields
                    .iter()
                    .zip(ids)
                    .filter(|(_, id)| *id == token_id)
                    .map(|(field, _)| field.clone())
                    .collect(),
                ..user.clone()
            })
            .collect();
        Usage {
            users,
            unchecked: self.unchecked.clone(),
        }
    }

    /// How many documents of each kind reference each token: what a list of many tokens
    /// shows without keeping the documents.
    pub fn counts(&self) -> UseCounts {
        // Each user's distinct token ids, with its kind; then one count per id.
        let mut uses: Vec<(&String, UserKind)> = Vec::new();
        for (user, ids) in &self.users {
            let first = uses.len();
            for id in ids {
                if !uses[first..].iter().any(|(seen, _)| *seen == id) {
                    uses.push((id, user.kind));
                }
            }
        }
        uses.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut counts: Vec<(String, UseCount)> = Vec::new();
        for (id, kind) in uses {
            if counts.last().is_none_or(|(last, _)| last != id) {
                counts.push((id.clone(), UseCount::default()));
            }
            if let Some((_, count)) = counts.last_mut() {
                count.0[kind as usize] += 1;
            }
        }
        UseCounts {
            counts,
            unchecked: self.unchecked.clone(),
        }
    }
}

/// How many agents, tools, MCP servers and OAuth configurations reference one token; a
/// document with several referencing fields counts once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UseCount([u32; 4]);

impl UseCount {
    /// How many documents of `kind`.
    pub fn of(self, kind: UserKind) -> u32 {
        self.0[kind as usize]
    }

    /// How many documents in all.
    pub fn total(self) -> u32 {
        self.0.iter().sum()
    }

    /// The kinds with at least one document, in [`UserKind::ALL`] order, with their counts.
    pub fn kinds(self) -> impl Iterator<Item = (UserKind, u32)> {
        UserKind::ALL
            .into_iter()
            .map(move |kind| (kind, self.of(kind)))
            .filter(|(_, count)| *count > 0)
    }
}

/// [`UseCount`] of every referenced token of a tenant, and the lists that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct UseCounts {
    /// By token id, ascending (a sorted list is less code in the app than a map).
    counts: Vec<(String, UseCount)>,
    unchecked: Vec<Unchecked>,
}

impl UseCounts {
    /// The users of `token_id` found; all of them only when [`UseCounts::is_complete`].
    pub fn of(&self, token_id: &str) -> UseCount {
        self.find(token_id).unwrap_or_default()
    }

    fn find(&self, token_id: &str) -> Option<UseCount> {
        let at = self
            .counts
            .binary_search_by(|(id, _)| id.as_str().cmp(token_id))
            .ok()?;
        Some(self.counts[at].1)
    }

    /// Whether every list was read, so the counts are exact.
    pub fn is_complete(&self) -> bool {
        self.unchecked.is_empty()
    }

    /// The lists that could not be read.
    pub fn unchecked(&self) -> &[Unchecked] {
        &self.unchecked
    }

    /// Whether `token_id` is known to be unused: every list read, no reference found.
    pub fn is_unused(&self, token_id: &str) -> bool {
        self.is_complete() && self.find(token_id).is_none()
    }
}

/// Every token reference in `document`, a document of `kind`: the token's id and the field.
pub(crate) fn references(kind: UserKind, document: &Value) -> Vec<(String, TokenField)> {
    let mut found = Vec::new();
    for place in kind.places() {
        let mut holders = Vec::new();
        at_path(document, place.path, String::new(), &mut holders);
        for (pointer, holder) in holders {
            if let Some(id) = text(&holder["id"]) {
                let field = TokenField {
                    pointer,
                    path: place.path,
                    kind: place.kind,
                };
                found.push((id, field));
            }
        }
    }
    found
}

/// Every value at the dotted `path` below `value` (`name[]` fans out over an array), each
/// with its JSON pointer (`pointer` is the pointer of `value`).
fn at_path<'a>(value: &'a Value, path: &str, pointer: String, out: &mut Vec<(String, &'a Value)>) {
    if path.is_empty() {
        out.push((pointer, value));
        return;
    }
    let (segment, rest) = path.split_once('.').unwrap_or((path, ""));
    let (key, each) = match segment.strip_suffix("[]") {
        Some(key) => (key, true),
        None => (segment, false),
    };
    let Some(child) = value.get(key) else {
        return;
    };
    let pointer = format!("{pointer}/{key}");
    if !each {
        return at_path(child, rest, pointer, out);
    }
    for (index, item) in child.as_array().into_iter().flatten().enumerate() {
        at_path(item, rest, format!("{pointer}/{index}"), out);
    }
}

/// A non-empty string.
fn text(value: &Value) -> Option<String> {
    value.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// A string name, or a localized map such as `{"en": …, "de": …}`: the English entry, else
/// the first string entry.
fn display_name(name: &Value) -> Option<String> {
    match name {
        Value::Object(localized) => localized
            .get("en")
            .and_then(text)
            .or_else(|| localized.values().find_map(text)),
        other => text(other),
    }
}

/// Reading one list page by page until every document is in. With `X-Total-Count` the
/// reading goes on until that many distinct documents came (a server that sends fewer per
/// page than asked is followed at its own page size); without it, a page shorter than asked
/// is the last. A page that brings nothing new before the end is an error: the list
/// could not be read completely.
#[derive(Debug, Clone)]
pub struct ListReading {
    page: u32,
    size: u32,
    documents: Vec<Value>,
    seen: BTreeSet<String>,
    done: bool,
}

impl Default for ListReading {
    fn default() -> Self {
        Self {
            page: 1,
            size: USERS_PAGE_SIZE,
            documents: Vec::new(),
            seen: BTreeSet::new(),
            done: false,
        }
    }
}

impl ListReading {
    /// The page number and page size to ask for next; `None` once the list is read.
    pub fn next_page(&self) -> Option<(u32, u32)> {
        (!self.done).then_some((self.page, self.size))
    }

    /// Takes in the answer to [`ListReading::next_page`] (documents with an `id` each, see
    /// [`response::documents`](super::response::documents)).
    pub fn add(&mut self, page: Page<Value>) -> Result<(), ApiError> {
        let count = page.items.len();
        let mut new = 0;
        for document in page.items {
            if self.seen.insert(text(&document["id"]).unwrap_or_default()) {
                self.documents.push(document);
                new += 1;
            }
        }
        let read = self.seen.len() as u64;
        match page.total {
            Some(total) if read >= total => self.done = true,
            Some(total) if new == 0 => {
                return Err(incomplete(format!(
                    "page {} brought nothing new after {read} of {total}",
                    self.page
                )))
            }
            // The server sends fewer per page than asked: go on at its page size.
            Some(_) if self.page == 1 && count < self.size as usize => self.size = count as u32,
            Some(_) => {}
            None if count < self.size as usize => self.done = true,
            None if new == 0 => {
                return Err(incomplete(format!(
                    "page {} repeated earlier documents",
                    self.page
                )))
            }
            None => {}
        }
        self.page += 1;
        Ok(())
    }

    /// Every distinct document read, in the list's order.
    pub fn finish(self) -> Vec<Value> {
        self.documents
    }
}

fn incomplete(reason: String) -> ApiError {
    ApiError::Undecodable {
        status: 200,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn agents() -> Vec<Value> {
        vec![
            json!({"id": "support", "name": {"de": "Kundendienst", "en": "Support"}, "enabled": true,
                   "llmConfig": {"provider": "openai", "token": {"id": "openai-prod"}},
                   "metadata": {"version": 3, "createdAt": "c", "modifiedAt": "m"}}),
            json!({"id": "onprem", "name": {"de": "Nur deutsch"}, "enabled": false,
                   "llmConfig": {"selfHostedParams": {"url": "u",
                       "authorizationHeaderToken": {"id": "shared"},
                       "oauth": {"id": "gw", "clientSecretToken": {"id": "shared"}}}}}),
            json!({"id": "inline", "name": "Inline",
                   "llmConfig": {"provider": "emporix_openai", "token": null},
                   "mcpServers": [
                       {"type": "predefined", "domain": "order"},
                       {"type": "custom", "mcpServer": {"id": "m", "config": {"authorizationHeaderToken": {"id": "shared"}}}}
                   ],
                   "nativeTools": [{"id": "t", "config": {
                       "databaseConfig": {"token": {"id": "shared"}},
                       "embeddingConfig": {"token": {"id": "embed"}}}}]}),
            json!({"id": "bare"}),
        ]
    }

    fn tenant() -> References {
        let mut refs = References::default();
        refs.add(
            UserKind::OAuth,
            vec![json!({"id": "gw", "clientId": "c", "enabled": true, "clientSecretToken": {"id": "shared"}})],
        );
        refs.add(UserKind::Agent, agents());
        refs.add(
            UserKind::Tool,
            vec![
                json!({"id": "rag", "name": "RAG", "enabled": false, "config": {
                "databaseConfig": {"token": {"id": "qdrant"}},
                "embeddingConfig": {"token": {"id": "embed"}}}}),
            ],
        );
        refs.add(
            UserKind::McpServer,
            vec![
                json!({"id": "github", "name": "GitHub", "config": {"authorizationHeaderToken": {"id": "shared", "name": "expanded"}}}),
                json!({"id": "none", "config": {}}),
            ],
        );
        refs
    }

    fn summary(usage: &Usage) -> Vec<(UserKind, &str, Vec<&str>)> {
        usage
            .users
            .iter()
            .map(|u| {
                let pointers = u.fields.iter().map(|f| f.pointer.as_str()).collect();
                (u.kind, u.id.as_str(), pointers)
            })
            .collect()
    }

    #[test]
    fn every_field_of_every_kind_is_found_with_its_pointer() {
        let usage = tenant().of("shared");
        assert!(usage.is_complete() && !usage.is_unused());
        assert_eq!(
            summary(&usage),
            [
                (
                    UserKind::Agent,
                    "onprem",
                    vec![
                        "/llmConfig/selfHostedParams/authorizationHeaderToken",
                        "/llmConfig/selfHostedParams/oauth/clientSecretToken"
                    ]
                ),
                (
                    UserKind::Agent,
                    "inline",
                    vec![
                        "/mcpServers/1/mcpServer/config/authorizationHeaderToken",
                        "/nativeTools/0/config/databaseConfig/token"
                    ]
                ),
                (
                    UserKind::McpServer,
                    "github",
                    vec!["/config/authorizationHeaderToken"]
                ),
                (UserKind::OAuth, "gw", vec!["/clientSecretToken"]),
            ]
        );
        let kinds: Vec<FieldKind> = usage.users[..2]
            .iter()
            .flat_map(|u| u.fields.iter().map(|f| f.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                FieldKind::AuthorizationHeader,
                FieldKind::OAuthClientSecret,
                FieldKind::AuthorizationHeader,
                FieldKind::RagDatabaseToken
            ]
        );
        let embed = tenant().of("embed");
        assert_eq!(
            summary(&embed),
            [
                (
                    UserKind::Agent,
                    "inline",
                    vec!["/nativeTools/0/config/embeddingConfig/token"]
                ),
                (UserKind::Tool, "rag", vec!["/config/embeddingConfig/token"]),
            ]
        );
        assert_eq!(embed.users[1].fields[0].kind, FieldKind::EmbeddingToken);
        assert_eq!(
            embed.users[1].fields[0].path,
            "config.embeddingConfig.token"
        );
        let qdrant = tenant().of("qdrant");
        assert_eq!(qdrant.users[0].fields[0].kind, FieldKind::RagDatabaseToken);
        let openai = tenant().of("openai-prod");
        assert_eq!(openai.users[0].fields[0].kind, FieldKind::LlmToken);
        assert!(tenant().of("unused").is_unused());
        assert!(tenant().of("").users.is_empty());
    }

    #[test]
    fn users_carry_their_facts_and_whole_document() {
        let usage = tenant().of("openai-prod");
        let support = &usage.users[0];
        assert_eq!(support.name.as_deref(), Some("Support"));
        assert_eq!((support.enabled, support.version), (Some(true), Some(3)));
        assert_eq!(support.document, agents()[0]);
        // The pointer addresses the reference in the document.
        assert_eq!(
            support.document.pointer(&support.fields[0].pointer),
            Some(&json!({"id": "openai-prod"}))
        );
        let shared = tenant().of("shared");
        let onprem = &shared.users[0];
        assert_eq!(onprem.name.as_deref(), Some("Nur deutsch"));
        assert_eq!((onprem.enabled, onprem.version), (Some(false), None));
        let gw = shared.users.last().unwrap();
        assert_eq!((gw.name.as_deref(), gw.enabled), (None, Some(true)));
    }

    #[test]
    fn lists_that_could_not_be_read_are_named_and_nothing_is_unused() {
        let mut refs = tenant();
        refs.fail(UserKind::Tool, ApiError::Forbidden { message: None });
        refs.fail(UserKind::Agent, ApiError::Timeout);
        let usage = refs.of("unused");
        assert!(usage.users.is_empty());
        assert!(!usage.is_unused() && !usage.is_complete());
        let kinds: Vec<UserKind> = usage.unchecked.iter().map(|u| u.kind).collect();
        assert_eq!(kinds, [UserKind::Agent, UserKind::Tool]);
        assert_eq!(refs.unchecked().len(), 2);
        assert_eq!(
            refs.of("shared").users.len(),
            4,
            "what was read still counts"
        );
    }

    #[test]
    fn counts_each_user_once_per_token_by_kind() {
        let counts = tenant().counts();
        assert!(counts.is_complete());
        let shared = counts.of("shared");
        // "onprem" references it twice and counts once; "inline" once more.
        assert_eq!(
            UserKind::ALL.map(|kind| shared.of(kind)),
            [2, 0, 1, 1],
            "agents, tools, MCP servers, OAuth configurations"
        );
        assert_eq!(shared.total(), 4);
        assert_eq!(
            shared.kinds().collect::<Vec<_>>(),
            [
                (UserKind::Agent, 2),
                (UserKind::McpServer, 1),
                (UserKind::OAuth, 1)
            ]
        );
        let embed = counts.of("embed");
        assert_eq!(
            (embed.of(UserKind::Agent), embed.of(UserKind::Tool)),
            (1, 1)
        );
        assert_eq!(
            counts.of("qdrant").kinds().collect::<Vec<_>>(),
            [(UserKind::Tool, 1)]
        );
        assert_eq!(counts.of("openai-prod").total(), 1);
        assert_eq!(counts.of("unused"), UseCount::default());
        assert_eq!(counts.of("unused").kinds().count(), 0);
        assert!(counts.is_unused("unused") && counts.is_unused(""));
        for used in ["shared", "embed", "qdrant", "openai-prod"] {
            assert!(!counts.is_unused(used), "{used}");
        }
    }

    #[test]
    fn counts_agree_with_the_users_of_each_token() {
        let refs = tenant();
        let counts = refs.counts();
        for id in ["shared", "embed", "qdrant", "openai-prod", "unused"] {
            let usage = refs.of(id);
            assert_eq!(counts.of(id).total() as usize, usage.users.len(), "{id}");
            for kind in UserKind::ALL {
                let found = usage.users.iter().filter(|u| u.kind == kind).count();
                assert_eq!(counts.of(id).of(kind) as usize, found, "{id} {kind:?}");
            }
            assert_eq!(counts.is_unused(id), usage.is_unused(), "{id}");
        }
    }

    #[test]
    fn with_a_list_unread_nothing_is_unused_and_what_was_read_still_counts() {
        let mut refs = tenant();
        refs.fail(UserKind::McpServer, ApiError::Timeout);
        let counts = refs.counts();
        assert!(!counts.is_complete());
        assert!(!counts.is_unused("unused"), "unknown is not unused");
        assert_eq!(counts.of("shared").of(UserKind::Agent), 2);
        assert_eq!(counts.unchecked(), refs.unchecked());
    }

    fn documents(range: std::ops::Range<u32>) -> Vec<Value> {
        range.map(|i| json!({"id": format!("a{i:05}")})).collect()
    }

    fn page(range: std::ops::Range<u32>, total: Option<u64>) -> Page<Value> {
        Page {
            items: documents(range),
            total,
        }
    }

    #[test]
    fn reads_every_page_up_to_the_total() {
        let mut reading = ListReading::default();
        assert_eq!(reading.next_page(), Some((1, 1000)));
        reading.add(page(0..1000, Some(2001))).unwrap();
        assert_eq!(reading.next_page(), Some((2, 1000)));
        reading.add(page(1000..2000, Some(2001))).unwrap();
        reading.add(page(2000..2001, Some(2001))).unwrap();
        assert_eq!(reading.next_page(), None);
        let all = reading.finish();
        assert_eq!(all.len(), 2001);
        assert_eq!(all.last().unwrap()["id"], "a02000");
    }

    #[test]
    fn a_server_with_smaller_pages_is_followed_at_its_size() {
        let mut reading = ListReading::default();
        reading.add(page(0..100, Some(250))).unwrap();
        assert_eq!(reading.next_page(), Some((2, 100)));
        reading.add(page(100..200, Some(250))).unwrap();
        reading.add(page(200..250, Some(250))).unwrap();
        assert_eq!(reading.next_page(), None);
        assert_eq!(reading.finish().len(), 250);
    }

    #[test]
    fn without_a_total_a_short_page_is_the_last() {
        let mut reading = ListReading::default();
        reading.add(page(0..1000, None)).unwrap();
        reading.add(page(1000..1003, None)).unwrap();
        assert_eq!(reading.next_page(), None);
        assert_eq!(reading.finish().len(), 1003);
        let mut empty = ListReading::default();
        empty.add(page(0..0, Some(0))).unwrap();
        assert_eq!(empty.next_page(), None);
    }

    #[test]
    fn a_list_that_stops_short_or_repeats_is_incomplete() {
        let mut short = ListReading::default();
        short.add(page(0..1000, Some(1500))).unwrap();
        let error = short.add(page(0..0, Some(1500))).unwrap_err();
        assert!(
            matches!(&error, ApiError::Undecodable { reason, .. } if reason.contains("1000 of 1500")),
            "{error:?}"
        );
        let mut repeating = ListReading::default();
        repeating.add(page(0..1000, None)).unwrap();
        assert!(repeating.add(page(0..1000, None)).is_err());
        let mut ignoring_pages = ListReading::default();
        ignoring_pages.add(page(0..1000, Some(1200))).unwrap();
        assert!(ignoring_pages.add(page(0..1000, Some(1200))).is_err());
    }

    #[test]
    fn kinds_name_their_collections() {
        let collections: Vec<&str> = UserKind::ALL.iter().map(|k| k.collection()).collect();
        assert_eq!(collections, ["agents", "tools", "mcp-servers", "oauths"]);
    }

    mod through_the_client {
        use super::*;
        use crate::testing::{answer, run, scripted};

        /// The value of the query parameter `name` in `url`.
        fn param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
            url.split_once('?')?
                .1
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        }

        /// `count` agents; only the last uses `mistral-prod`.
        fn agent_page(url: &str, count: u32) -> crate::response::HttpResponse {
            let page: u32 = param(url, "pageNumber").unwrap().parse().unwrap();
            let size: u32 = param(url, "pageSize").unwrap().parse().unwrap();
            let first = (page - 1) * size;
            let items: Vec<Value> = (first..(first + size).min(count))
                .map(|i| {
                    let token = (i + 1 == count).then(|| json!({"id": "mistral-prod"}));
                    json!({"id": format!("volume-{i:07}"), "llmConfig": {"token": token}})
                })
                .collect();
            answer(200, Some(count.into()), &Value::Array(items).to_string())
        }

        #[test]
        fn every_page_of_every_list_is_read() {
            let (client, server) = scripted(|url| {
                if url.contains("/agents") {
                    agent_page(url, 2345)
                } else if url.contains("/tools") {
                    answer(
                        200,
                        Some(1),
                        r#"[{"id":"rag","config":{"databaseConfig":{"token":{"id":"mistral-prod"}}}}]"#,
                    )
                } else {
                    answer(200, Some(0), "[]")
                }
            });
            let usage = run(client.token_users("mistral-prod"));
            assert!(usage.is_complete(), "{:?}", usage.unchecked);
            let found: Vec<(UserKind, &str)> = usage
                .users
                .iter()
                .map(|u| (u.kind, u.id.as_str()))
                .collect();
            assert_eq!(
                found,
                [(UserKind::Agent, "volume-0002344"), (UserKind::Tool, "rag")]
            );
            let urls = server.urls.borrow();
            let agent_pages: Vec<&str> = urls
                .iter()
                .filter(|u| u.contains("/agents"))
                .map(|u| param(u, "pageNumber").unwrap())
                .collect();
            assert_eq!(agent_pages, ["1", "2", "3"]);
            assert_eq!(urls.len(), 6, "{urls:?}");
        }

        #[test]
        fn a_list_that_fails_is_named_and_the_others_still_count() {
            let (client, _) = scripted(|url| {
                if url.contains("/tools") {
                    answer(403, None, r#"{"message":"Missing scope."}"#)
                } else if url.contains("/oauths") {
                    answer(200, None, r#"[{"clientId":"no id"}]"#)
                } else if url.contains("/mcp-servers") {
                    answer(
                        200,
                        None,
                        r#"[{"id":"gh","config":{"authorizationHeaderToken":{"id":"t"}}}]"#,
                    )
                } else {
                    answer(200, Some(0), "[]")
                }
            });
            let usage = run(client.token_users("t"));
            assert_eq!(usage.users.len(), 1);
            assert_eq!(usage.users[0].kind, UserKind::McpServer);
            assert!(!usage.is_complete() && !usage.is_unused());
            let unchecked: Vec<UserKind> = usage.unchecked.iter().map(|u| u.kind).collect();
            assert_eq!(unchecked, [UserKind::Tool, UserKind::OAuth]);
            assert_eq!(
                usage.unchecked[0].error,
                ApiError::Forbidden {
                    message: Some("Missing scope.".into())
                }
            );
            assert!(matches!(
                usage.unchecked[1].error,
                ApiError::Undecodable { status: 200, .. }
            ));
        }

        #[test]
        fn after_a_refused_session_the_other_lists_are_not_asked_for() {
            let (client, server) = scripted(|url| {
                if url.contains("/agents") {
                    answer(200, Some(0), "[]")
                } else {
                    answer(401, None, "")
                }
            });
            let usage = run(client.token_users("t"));
            assert_eq!(usage.unchecked.len(), 3);
            assert!(usage.unchecked.iter().all(|u| u.error.is_unauthorized()));
            assert_eq!(server.urls.borrow().len(), 2);
        }
    }
}
