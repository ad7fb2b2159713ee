//! Pure builders of the HTTP requests for every API operation.

use std::fmt;

use qlang::SortKey;
use serde_json::json;
use zeroize::Zeroize;

use super::encode::{form_encode, percent_encode};
use super::error::{ApiError, RequestProblem};
use super::model::{PatchOp, Secret, TokenDraft};
use super::users::UserKind;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready to send. `Debug` hides the `Authorization` value and the body; both
/// are overwritten with zeros when the request is dropped.
#[derive(Clone)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL (or origin-relative when the base URL is empty), query included.
    pub url: String,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if name.eq_ignore_ascii_case("authorization") {
                    "***"
                } else {
                    value
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())),
            )
            .finish()
    }
}

impl HttpRequest {
    /// The bearer token in the `Authorization` header, if there is one.
    pub fn bearer(&self) -> Option<Secret> {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
            .and_then(|(_, value)| value.strip_prefix("Bearer "))
            .map(Secret::new)
    }

    /// Sends `token` as the bearer token from now on (the old value is wiped).
    pub fn set_bearer(&mut self, token: &Secret) {
        let value = format!("Bearer {}", token.expose());
        match self
            .headers
            .iter_mut()
            .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        {
            Some((_, old)) => {
                old.zeroize();
                *old = value;
            }
            None => self.headers.push(("Authorization".into(), value)),
        }
    }
}

impl Drop for HttpRequest {
    fn drop(&mut self) {
        self.body.zeroize();
        for (name, value) in &mut self.headers {
            if name.eq_ignore_ascii_case("authorization") {
                value.zeroize();
            }
        }
    }
}

/// Where the API is and who calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// E.g. `https://api.emporix.io`; a trailing slash is fine, empty means this origin.
    pub base_url: String,
    /// The tenant, as the API expects it (lower case).
    pub tenant: String,
    /// The bearer token.
    pub access_token: Secret,
}

/// Which page of tokens to fetch, how, and which fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// The `q` to send; `None` (or blank) lists everything.
    pub query: Option<String>,
    /// 1-based page number (0 is sent as 1).
    pub page: u32,
    /// Page size (0 is sent as 1).
    pub size: u32,
    /// Sort keys, in priority order.
    pub sort: Vec<SortKey>,
    /// Fields to return; empty means all.
    pub fields: Vec<&'static str>,
}

impl ListQuery {
    /// The cheapest list request: first page, one row, ids only (checks access, reads the total).
    pub fn probe() -> Self {
        Self {
            query: None,
            page: 1,
            size: 1,
            sort: Vec::new(),
            fields: vec!["id"],
        }
    }
}

/// Client credentials for `POST /oauth/token`.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    /// The API key's client id.
    pub client_id: String,
    /// The API key's secret.
    pub client_secret: Secret,
    /// Space-separated scopes to ask for; `None` asks for all of the key's scopes.
    pub scope: Option<String>,
}

fn base(base_url: &str) -> &str {
    base_url.trim_end_matches('/')
}

/// `text` as one path segment; `""`, `.` and `..` cannot be one (URL parsers resolve them).
/// `problem` says which part it would have been.
fn segment(problem: fn(String) -> RequestProblem, text: &str) -> Result<String, ApiError> {
    if matches!(text, "" | "." | "..") {
        return Err(ApiError::InvalidRequest(problem(text.to_owned())));
    }
    Ok(percent_encode(text))
}

fn query_string(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(&percent_encode(name));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

impl Endpoint {
    /// `{base}/ai-service/{tenant}/agentic/{collection}`.
    fn collection(&self, collection: &str) -> Result<String, ApiError> {
        Ok(format!(
            "{}/ai-service/{}/agentic/{collection}",
            base(&self.base_url),
            segment(RequestProblem::Tenant, &self.tenant)?
        ))
    }

    /// `{collection URL}/{id}`.
    fn item_url(&self, collection: &str, id: &str) -> Result<String, ApiError> {
        Ok(format!(
            "{}/{}",
            self.collection(collection)?,
            segment(RequestProblem::Id, id)?
        ))
    }

    fn token_url(&self, id: &str) -> Result<String, ApiError> {
        self.item_url("tokens", id)
    }

    fn user_url(&self, kind: UserKind, id: &str) -> Result<String, ApiError> {
        self.item_url(kind.collection(), id)
    }

    fn request(&self, method: Method, url: String, body: Option<String>) -> HttpRequest {
        let mut headers = vec![(
            "Authorization".to_owned(),
            format!("Bearer {}", self.access_token.expose()),
        )];
        if body.is_some() {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        HttpRequest {
            method,
            url,
            headers,
            body,
        }
    }

    fn list(&self, method: Method, url: String, body: Option<String>) -> HttpRequest {
        let mut request = self.request(method, url, body);
        request
            .headers
            .push(("X-Total-Count".into(), "true".into()));
        request
    }
}

/// Paging, sort and fields as query-string pairs.
fn list_params(
    page: u32,
    size: u32,
    sort: &[SortKey],
    fields: &[&str],
) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("pageSize", size.max(1).to_string()),
        ("pageNumber", page.max(1).to_string()),
    ];
    if !sort.is_empty() {
        let keys: Vec<String> = sort
            .iter()
            .map(|k| format!("{}:{}", k.field, if k.descending { "desc" } else { "asc" }))
            .collect();
        pairs.push(("sort", keys.join(",")));
    }
    if !fields.is_empty() {
        pairs.push(("fields", fields.join(",")));
    }
    pairs
}

/// A page of tokens: `GET …/tokens` without a query, `POST …/tokens/search` with `{"q": …}` when there is one.
pub fn list_tokens(endpoint: &Endpoint, query: &ListQuery) -> Result<HttpRequest, ApiError> {
    let params = query_string(&list_params(
        query.page,
        query.size,
        &query.sort,
        &query.fields,
    ));
    let tokens = endpoint.collection("tokens")?;
    Ok(
        match query.query.as_deref().filter(|q| !q.trim().is_empty()) {
            None => endpoint.list(Method::Get, format!("{tokens}{params}"), None),
            Some(q) => endpoint.list(
                Method::Post,
                format!("{tokens}/search{params}"),
                Some(json!({ "q": q }).to_string()),
            ),
        },
    )
}

/// `GET …/tokens/{id}`, with `fields` when some are given.
pub fn get_token(endpoint: &Endpoint, id: &str, fields: &[&str]) -> Result<HttpRequest, ApiError> {
    let mut url = endpoint.token_url(id)?;
    if !fields.is_empty() {
        url.push_str(&query_string(&[("fields", fields.join(","))]));
    }
    Ok(endpoint.request(Method::Get, url, None))
}

/// `PUT …/tokens/{id}`: create (201) or update (204).
pub fn put_token(
    endpoint: &Endpoint,
    id: &str,
    draft: &TokenDraft,
) -> Result<HttpRequest, ApiError> {
    let body = serde_json::to_string(draft).expect("a token draft always serialises");
    Ok(endpoint.request(Method::Put, endpoint.token_url(id)?, Some(body)))
}

/// `PATCH …/tokens/{id}` with a list of operations.
pub fn patch_token(
    endpoint: &Endpoint,
    id: &str,
    ops: &[PatchOp],
) -> Result<HttpRequest, ApiError> {
    let body = serde_json::to_string(ops).expect("patch operations always serialise");
    Ok(endpoint.request(Method::Patch, endpoint.token_url(id)?, Some(body)))
}

/// `DELETE …/tokens/{id}`, with `?force=true` to unassign it from its dependents first.
pub fn delete_token(endpoint: &Endpoint, id: &str, force: bool) -> Result<HttpRequest, ApiError> {
    let mut url = endpoint.token_url(id)?;
    if force {
        url.push_str("?force=true");
    }
    Ok(endpoint.request(Method::Delete, url, None))
}

/// `GET …/agents` (or `tools`, `mcp-servers`, `oauths`): one page of a list of possible
/// token users, whole documents, with `X-Total-Count`.
pub fn list_users(
    endpoint: &Endpoint,
    kind: UserKind,
    page: u32,
    size: u32,
) -> Result<HttpRequest, ApiError> {
    let params = query_string(&list_params(page, size, &[], &[]));
    Ok(endpoint.list(
        Method::Get,
        format!("{}{params}", endpoint.collection(kind.collection())?),
        None,
    ))
}

/// `GET …/agents/{id}` (or a tool, MCP server, OAuth configuration): one whole document.
pub fn get_user(endpoint: &Endpoint, kind: UserKind, id: &str) -> Result<HttpRequest, ApiError> {
    Ok(endpoint.request(Method::Get, endpoint.user_url(kind, id)?, None))
}

/// `PUT …/agents/{id}` (or a tool, MCP server, OAuth configuration) with the whole
/// document: it replaces the stored one, locked to the `metadata.version` it carries.
pub fn put_user(
    endpoint: &Endpoint,
    kind: UserKind,
    id: &str,
    document: &serde_json::Value,
) -> Result<HttpRequest, ApiError> {
    let url = endpoint.user_url(kind, id)?;
    Ok(endpoint.request(Method::Put, url, Some(document.to_string())))
}

/// `POST {base}/oauth/token`: the client-credentials exchange, form-encoded.
pub fn oauth_token(base_url: &str, credentials: &ClientCredentials) -> HttpRequest {
    let mut body = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        form_encode(&credentials.client_id),
        form_encode(credentials.client_secret.expose())
    );
    if let Some(scope) = credentials
        .scope
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        body.push_str("&scope=");
        body.push_str(&form_encode(scope));
    }
    HttpRequest {
        method: Method::Post,
        url: format!("{}/oauth/token", base(base_url)),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: Some(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::form_decode;
    use crate::model::Secret;

    fn endpoint() -> Endpoint {
        Endpoint {
            base_url: "https://api.example.com/".into(),
            tenant: "demo".into(),
            access_token: Secret::new("at-123"),
        }
    }

    fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
        request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn query(q: Option<&str>) -> ListQuery {
        ListQuery {
            query: q.map(str::to_owned),
            page: 1,
            size: 25,
            sort: vec![],
            fields: vec![],
        }
    }

    #[test]
    fn bearer_is_read_and_replaced_in_place() {
        let mut request = put_token(&endpoint(), "t", &TokenDraft::update("N", Some(3))).unwrap();
        assert_eq!(request.bearer(), Some(Secret::new("at-123")));
        let before: Vec<String> = request.headers.iter().map(|(n, _)| n.clone()).collect();
        request.set_bearer(&Secret::new("renewed"));
        assert_eq!(request.bearer(), Some(Secret::new("renewed")));
        assert_eq!(header(&request, "Authorization"), Some("Bearer renewed"));
        let after: Vec<String> = request.headers.iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(before, after, "same headers, same order");
        let mut anonymous = oauth_token(
            "https://a.example",
            &ClientCredentials {
                client_id: "c".into(),
                client_secret: Secret::new("s"),
                scope: None,
            },
        );
        assert_eq!(anonymous.bearer(), None);
        anonymous.set_bearer(&Secret::new("x"));
        assert_eq!(header(&anonymous, "Authorization"), Some("Bearer x"));
    }

    #[test]
    fn list_without_query_is_a_get() {
        let request = list_tokens(&endpoint(), &query(None)).unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(
            request.url,
            "https://api.example.com/ai-service/demo/agentic/tokens?pageSize=25&pageNumber=1"
        );
        assert_eq!(header(&request, "Authorization"), Some("Bearer at-123"));
        assert_eq!(header(&request, "X-Total-Count"), Some("true"));
        assert_eq!(header(&request, "Content-Type"), None);
        assert_eq!(request.body, None);
        let blank = list_tokens(&endpoint(), &query(Some("  "))).unwrap();
        assert_eq!(blank.method, Method::Get);
    }

    #[test]
    fn list_with_query_posts_to_search() {
        let mut q = query(Some(r#"name:~(a "b" & c) metadata.version:>1"#));
        q.page = 3;
        q.size = 50;
        q.sort = vec![
            SortKey {
                field: "metadata.createdAt".into(),
                descending: true,
            },
            SortKey {
                field: "id".into(),
                descending: false,
            },
        ];
        q.fields = vec!["id", "name", "metadata"];
        let request = list_tokens(&endpoint(), &q).unwrap();
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.url,
            "https://api.example.com/ai-service/demo/agentic/tokens/search\
             ?pageSize=50&pageNumber=3&sort=metadata.createdAt%3Adesc%2Cid%3Aasc&fields=id%2Cname%2Cmetadata"
        );
        let body: serde_json::Value =
            serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"q": r#"name:~(a "b" & c) metadata.version:>1"#})
        );
        assert_eq!(header(&request, "Content-Type"), Some("application/json"));
        assert_eq!(header(&request, "X-Total-Count"), Some("true"));
    }

    #[test]
    fn page_and_size_are_at_least_one() {
        let mut q = query(None);
        q.page = 0;
        q.size = 0;
        let request = list_tokens(&endpoint(), &q).unwrap();
        assert!(
            request.url.ends_with("?pageSize=1&pageNumber=1"),
            "{}",
            request.url
        );
    }

    #[test]
    fn hostile_ids_and_tenants_are_encoded() {
        let mut ep = endpoint();
        ep.tenant = "a/b?c#d".into();
        ep.base_url = "http://localhost:8080///".into();
        let request = get_token(&ep, "../x y/%2F?&=ü", &[]).unwrap();
        assert_eq!(
            request.url,
            "http://localhost:8080/ai-service/a%2Fb%3Fc%23d/agentic/tokens/..%2Fx%20y%2F%252F%3F%26%3D%C3%BC"
        );
        for bad in ["", ".", ".."] {
            assert!(
                matches!(
                    get_token(&endpoint(), bad, &[]),
                    Err(ApiError::InvalidRequest(_))
                ),
                "{bad:?}"
            );
            assert!(delete_token(&endpoint(), bad, true).is_err());
            assert!(put_token(&endpoint(), bad, &TokenDraft::update("n", None)).is_err());
            assert!(patch_token(&endpoint(), bad, &[]).is_err());
            ep.tenant = bad.into();
            assert!(list_tokens(&ep, &query(None)).is_err());
            assert!(list_users(&ep, UserKind::Agent, 1, 1).is_err());
        }
        assert_eq!(
            get_token(&endpoint(), "...", &[]).unwrap().url,
            "https://api.example.com/ai-service/demo/agentic/tokens/..."
        );
    }

    #[test]
    fn empty_base_url_is_origin_relative() {
        let mut ep = endpoint();
        ep.base_url = String::new();
        assert_eq!(
            get_token(&ep, "a", &[]).unwrap().url,
            "/ai-service/demo/agentic/tokens/a"
        );
        assert_eq!(oauth_token("", &credentials(None)).url, "/oauth/token");
    }

    #[test]
    fn get_with_fields() {
        let request = get_token(&endpoint(), "openai-prod", &["name", "metadata.version"]).unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(
            request.url,
            "https://api.example.com/ai-service/demo/agentic/tokens/openai-prod?fields=name%2Cmetadata.version"
        );
        assert_eq!(header(&request, "X-Total-Count"), None);
        assert_eq!(request.body, None);
    }

    #[test]
    fn put_sends_the_draft_and_hides_it_from_debug() {
        let draft = TokenDraft::create("OpenAI \"prod\"", Secret::new("sk-very-secret"));
        let request = put_token(&endpoint(), "openai-prod", &draft).unwrap();
        assert_eq!(request.method, Method::Put);
        assert_eq!(
            request.url,
            "https://api.example.com/ai-service/demo/agentic/tokens/openai-prod"
        );
        assert_eq!(header(&request, "Content-Type"), Some("application/json"));
        let body: serde_json::Value =
            serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"name": "OpenAI \"prod\"", "value": "sk-very-secret"})
        );
        for debug in [
            format!("{request:?}"),
            format!("{request:#?}"),
            format!("{draft:?}"),
            format!("{:?}", endpoint()),
        ] {
            assert!(!debug.contains("sk-very-secret"), "{debug}");
            assert!(!debug.contains("at-123"), "{debug}");
        }
        assert!(format!("{request:?}").contains("openai-prod"));

        let update = put_token(&endpoint(), "x", &TokenDraft::update("Renamed", Some(7))).unwrap();
        let body: serde_json::Value =
            serde_json::from_str(update.body.as_deref().unwrap()).unwrap();
        assert_eq!(body, json!({"name": "Renamed", "metadata": {"version": 7}}));
    }

    #[test]
    fn patch_sends_uppercase_ops() {
        let request = patch_token(&endpoint(), "t", &[PatchOp::rename("New name")]).unwrap();
        assert_eq!(request.method, Method::Patch);
        assert_eq!(
            request.url,
            "https://api.example.com/ai-service/demo/agentic/tokens/t"
        );
        assert_eq!(
            request.body.as_deref(),
            Some(r#"[{"op":"REPLACE","path":"/name","value":"New name"}]"#)
        );
        assert_eq!(header(&request, "Content-Type"), Some("application/json"));
    }

    #[test]
    fn delete_adds_force_only_when_forced() {
        let plain = delete_token(&endpoint(), "t", false).unwrap();
        assert_eq!(plain.method, Method::Delete);
        assert_eq!(
            plain.url,
            "https://api.example.com/ai-service/demo/agentic/tokens/t"
        );
        assert_eq!(plain.body, None);
        assert_eq!(header(&plain, "Content-Type"), None);
        let forced = delete_token(&endpoint(), "t", true).unwrap();
        assert_eq!(
            forced.url,
            "https://api.example.com/ai-service/demo/agentic/tokens/t?force=true"
        );
        assert_eq!(header(&forced, "Authorization"), Some("Bearer at-123"));
    }

    #[test]
    fn user_lists_are_paged_gets_with_a_total() {
        let urls: Vec<String> = UserKind::ALL
            .into_iter()
            .map(|kind| list_users(&endpoint(), kind, 2, 1000).unwrap().url.clone())
            .collect();
        assert_eq!(
            urls,
            ["agents", "tools", "mcp-servers", "oauths"].map(|c| format!(
                "https://api.example.com/ai-service/demo/agentic/{c}?pageSize=1000&pageNumber=2"
            ))
        );
        let agents = list_users(&endpoint(), UserKind::Agent, 1, 1000).unwrap();
        assert_eq!(agents.method, Method::Get);
        assert_eq!(header(&agents, "X-Total-Count"), Some("true"));
        assert_eq!(header(&agents, "Authorization"), Some("Bearer at-123"));
        assert_eq!(agents.body, None);
    }

    fn credentials(scope: Option<&str>) -> ClientCredentials {
        ClientCredentials {
            client_id: "demo admin".into(),
            client_secret: Secret::new("p&ss=w+rd %ü"),
            scope: scope.map(str::to_owned),
        }
    }

    fn form(body: &str) -> Vec<(String, String)> {
        body.split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (form_decode(k), form_decode(v))
            })
            .collect()
    }

    #[test]
    fn oauth_exchange_is_form_encoded() {
        let request = oauth_token(
            "https://api.example.com/",
            &credentials(Some("ai.agent_read ai.agent_manage")),
        );
        assert_eq!(request.method, Method::Post);
        assert_eq!(request.url, "https://api.example.com/oauth/token");
        assert_eq!(
            header(&request, "Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(header(&request, "Authorization"), None);
        let body = request.body.as_deref().unwrap();
        assert_eq!(
            body,
            "grant_type=client_credentials&client_id=demo+admin&client_secret=p%26ss%3Dw%2Brd+%25%C3%BC\
             &scope=ai.agent_read+ai.agent_manage"
        );
        assert_eq!(
            form(body),
            [
                ("grant_type".to_owned(), "client_credentials".to_owned()),
                ("client_id".into(), "demo admin".into()),
                ("client_secret".into(), "p&ss=w+rd %ü".into()),
                ("scope".into(), "ai.agent_read ai.agent_manage".into()),
            ]
        );
        let debug = format!("{request:?} {:?}", credentials(None));
        assert!(
            !debug.contains("p&ss") && !debug.contains("p%26ss"),
            "{debug}"
        );
        for scope in [None, Some(""), Some("  ")] {
            let body = oauth_token("https://x", &credentials(scope))
                .body
                .clone()
                .unwrap();
            assert!(!body.contains("scope"), "{body}");
        }
    }

    #[test]
    fn debug_hides_the_bearer_token() {
        let request = list_tokens(&endpoint(), &query(None)).unwrap();
        let debug = format!("{request:?}");
        assert!(!debug.contains("at-123"), "{debug}");
        assert!(
            debug.contains("Authorization") && debug.contains("X-Total-Count"),
            "{debug}"
        );
    }
}
