//! Interpreting HTTP responses: success bodies, `X-Total-Count`, and both error shapes
//! (`ErrorMessage` and the gateway's `fault`).

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{cap, ApiError, AuthFailure, FieldError};
use super::model::{Secret, Token};

/// What came back: status, the `X-Total-Count` header, and the body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `X-Total-Count` header, if present.
    pub total_count: Option<String>,
    /// The body (empty when there is none).
    pub body: String,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T = Token> {
    /// The items on this page.
    pub items: Vec<T>,
    /// How many match in all, when the server said (absent or unreadable header: `None`).
    pub total: Option<u64>,
}

/// The outcome of a PUT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// 201: created. The id is the one in the path; the body (the spec's `{"id"}`) is not
    /// needed and not required.
    Created,
    /// 204 (or another 2xx): updated.
    Updated,
}

/// A granted session from `POST /oauth/token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The bearer token.
    pub access_token: Secret,
    /// Lifetime in seconds from now.
    pub expires_in_secs: u64,
    /// Granted scopes, without the `tenant=…` entry.
    pub scopes: Vec<String>,
    /// The tenant from the `tenant=…` scope entry.
    pub tenant: Option<String>,
}

impl HttpResponse {
    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The error for a non-2xx response, `Ok` for a 2xx.
    fn check(&self) -> Result<&Self, ApiError> {
        if self.is_success() {
            Ok(self)
        } else {
            Err(error(self.status, &self.body))
        }
    }

    fn undecodable(&self, reason: &str) -> ApiError {
        ApiError::Undecodable {
            status: self.status,
            reason: cap(reason),
        }
    }

    /// The body as JSON of type `T`, or `Undecodable` with a short reason.
    fn decode<T: DeserializeOwned>(&self, what: &str) -> Result<T, ApiError> {
        let body = self.body.trim_start();
        if body.is_empty() {
            return Err(self.undecodable(&format!("expected {what}, got an empty body")));
        }
        if body.starts_with('<') {
            return Err(self.undecodable(&format!("expected {what}, got an HTML page")));
        }
        serde_json::from_str(body).map_err(|e| self.undecodable(&format!("expected {what}: {e}")))
    }
}

/// A list (`200` with a JSON array) and its `X-Total-Count`.
pub fn list<T: DeserializeOwned>(response: &HttpResponse) -> Result<Page<T>, ApiError> {
    let response = response.check()?;
    Ok(Page {
        items: response.decode("a JSON array")?,
        total: response
            .total_count
            .as_deref()
            .and_then(|t| t.trim().parse().ok()),
    })
}

/// A list of documents (`200` with a JSON array of objects, each with a non-empty string
/// `id`) and its `X-Total-Count`: the agents, tools, MCP servers or OAuth configurations
/// that may use a token, kept whole.
pub fn documents(response: &HttpResponse) -> Result<Page<Value>, ApiError> {
    let page: Page<Value> = list(response)?;
    let has_id = |d: &Value| d["id"].as_str().is_some_and(|id| !id.is_empty());
    match page.items.iter().position(|d| !has_id(d)) {
        Some(at) => Err(response.undecodable(&format!(
            "expected documents with an id, item {} has none",
            at + 1
        ))),
        None => Ok(page),
    }
}

/// One whole document (`200` with a JSON object).
pub fn document(response: &HttpResponse) -> Result<Value, ApiError> {
    match response.check()?.decode("a JSON object")? {
        object @ Value::Object(_) => Ok(object),
        _ => Err(response.undecodable("expected a JSON object")),
    }
}

/// One token (`200`).
pub fn token(response: &HttpResponse) -> Result<Token, ApiError> {
    response.check()?.decode("a token object")
}

/// The outcome of a PUT: `201` (whatever its body), or `204`.
pub fn saved(response: &HttpResponse) -> Result<Saved, ApiError> {
    match response.check()?.status {
        201 => Ok(Saved::Created),
        _ => Ok(Saved::Updated),
    }
}

/// A `204` (any 2xx; the body is ignored).
pub fn no_content(response: &HttpResponse) -> Result<(), ApiError> {
    response.check().map(drop)
}

/// A granted session; any 401 means the client id or secret was refused.
pub fn grant(response: &HttpResponse) -> Result<Grant, ApiError> {
    if response.status == 401 {
        return Err(ApiError::Unauthorized(AuthFailure::BadCredentials));
    }
    let body: Value = response.check()?.decode("a token grant")?;
    let access_token = body
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| response.undecodable("the grant has no access_token"))?;
    let expires_in_secs = match body.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| response.undecodable("the grant has no valid expires_in"))?;
    let mut scopes = Vec::new();
    let mut tenant = None;
    let scope = body
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or_default();
    // One Emporix page shows the granted scopes as `scope=a b tenant=t`.
    let scope = scope.trim_start().strip_prefix("scope=").unwrap_or(scope);
    for entry in scope.split_whitespace() {
        match entry.strip_prefix("tenant=") {
            Some(t) => tenant = tenant.or(Some(t.to_owned())),
            None => scopes.push(entry.to_owned()),
        }
    }
    Ok(Grant {
        access_token: Secret::new(access_token),
        expires_in_secs,
        scopes,
        tenant,
    })
}

/// The error a non-2xx response stands for. Its body may be an `ErrorMessage`, a `fault`,
/// HTML, garbage or empty; the status decides, the body adds the message and details
/// (texts without a letter or digit are left out).
pub fn error(status: u16, body: &str) -> ApiError {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            // Text without a letter or digit (blank, punctuation, invisible marks) says nothing.
            .filter(|s| s.chars().any(char::is_alphanumeric))
            .map(cap)
    };
    let message = text(json.get("message"));
    let details: Vec<&Value> = json
        .get("details")
        .and_then(Value::as_array)
        .map(|d| d.iter().collect())
        .unwrap_or_default();
    let kind = |d: &Value| {
        d.get("type")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
    };
    if let Some(marker) = details.iter().find(|d| kind(d).as_deref() == Some("force")) {
        return ApiError::ForceRequired {
            status,
            message: text(marker.get("message")).or(message),
        };
    }
    match status {
        400 => ApiError::BadRequest {
            message,
            details: details
                .into_iter()
                .filter(|d| !matches!(kind(d).as_deref(), Some("force" | "disableable")))
                .filter_map(|d| {
                    Some(FieldError {
                        field: text(d.get("field")),
                        message: text(d.get("message"))?,
                    })
                })
                .collect(),
        },
        401 => ApiError::Unauthorized(auth_failure(&json)),
        403 => ApiError::Forbidden { message },
        404 => ApiError::NotFound { message },
        409 => ApiError::Conflict { message },
        500..=599 => ApiError::Server { status, message },
        _ => ApiError::Status { status, message },
    }
}

/// Why a 401 with this body was given (see [`error`]).
pub fn auth_failure_of(body: &str) -> AuthFailure {
    auth_failure(&serde_json::from_str(body).unwrap_or(Value::Null))
}

/// Expired when `fault.detail.errorcode` says so; a refused API key is bad credentials.
fn auth_failure(json: &Value) -> AuthFailure {
    let fault = json.get("fault");
    let code = fault
        .and_then(|f| f.pointer("/detail/errorcode"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let faultstring = fault
        .and_then(|f| f.get("faultstring"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if code.contains("expired") {
        AuthFailure::Expired
    } else if code.contains("apikey") || faultstring.contains("apikey") {
        AuthFailure::BadCredentials
    } else {
        AuthFailure::Invalid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metadata;
    use serde_json::json;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            total_count: None,
            body: body.into(),
        }
    }

    fn with_total(total: Option<&str>, body: &str) -> HttpResponse {
        HttpResponse {
            status: 200,
            total_count: total.map(str::to_owned),
            body: body.into(),
        }
    }

    #[test]
    fn list_reads_items_and_total() {
        let body = r#"[{"id":"a","name":"A","metadata":{"version":2,"createdAt":"c","modifiedAt":"m"}},{"id":"b"}]"#;
        let page: Page = list(&with_total(Some("41"), body)).unwrap();
        assert_eq!(page.total, Some(41));
        assert_eq!(page.items.len(), 2);
        assert_eq!(
            page.items[0].metadata,
            Some(Metadata {
                version: Some(2),
                created_at: Some("c".into()),
                modified_at: Some("m".into())
            })
        );
        assert_eq!(
            page.items[1],
            Token {
                id: "b".into(),
                name: None,
                metadata: None
            }
        );
        let empty: Page = list(&with_total(Some("0"), "[]")).unwrap();
        assert_eq!((empty.items.len(), empty.total), (0, Some(0)));
    }

    #[test]
    fn documents_are_kept_whole_and_need_an_id() {
        let body = r#"[{"id":"a","llmConfig":{"token":{"id":"t"}},"x":[1]},{"id":"b"}]"#;
        let page = documents(&with_total(Some("2"), body)).unwrap();
        assert_eq!(page.total, Some(2));
        assert_eq!(
            page.items[0],
            json!({"id":"a","llmConfig":{"token":{"id":"t"}},"x":[1]})
        );
        for body in [
            r#"[{"id":"a"},{"name":"no id"}]"#,
            r#"[{"id":""}]"#,
            r#"[{"id":7}]"#,
            "[1]",
        ] {
            match documents(&with_total(None, body)) {
                Err(ApiError::Undecodable {
                    status: 200,
                    reason,
                }) => {
                    assert!(reason.contains("with an id"), "{reason}")
                }
                other => panic!("{body}: {other:?}"),
            }
        }
        assert!(matches!(
            documents(&response(403, "{}")),
            Err(ApiError::Forbidden { .. })
        ));
    }

    #[test]
    fn missing_or_garbage_total_is_none() {
        for total in [
            None,
            Some(""),
            Some("many"),
            Some("-1"),
            Some("1.5"),
            Some("99999999999999999999999"),
        ] {
            let page: Page = list(&with_total(total, r#"[{"id":"a"}]"#)).unwrap();
            assert_eq!(page.total, None, "{total:?}");
            assert_eq!(page.items.len(), 1);
        }
        let page: Page = list(&with_total(Some(" 7 "), "[]")).unwrap();
        assert_eq!(page.total, Some(7));
    }

    #[test]
    fn list_body_that_is_not_an_array_is_undecodable() {
        for body in [
            r#"{"items":[]}"#,
            "",
            "   ",
            "[{\"id\":\"a\"}",
            "<!doctype html><html></html>",
            "null",
            r#"[{"name":"no id"}]"#,
        ] {
            match list::<Token>(&response(200, body)) {
                Err(ApiError::Undecodable {
                    status: 200,
                    reason,
                }) => {
                    assert!(
                        reason.starts_with("expected a JSON array"),
                        "{body:?}: {reason}"
                    )
                }
                other => panic!("{body:?}: {other:?}"),
            }
        }
        let html = list::<Token>(&response(200, "<html>")).unwrap_err();
        assert!(html.to_string().contains("HTML"), "{html}");
    }

    #[test]
    fn huge_garbage_is_capped() {
        let garbage = format!("[\"{}", "x".repeat(1_000_000));
        let reason = match list::<Token>(&response(200, &garbage)).unwrap_err() {
            ApiError::Undecodable { reason, .. } => reason,
            other => panic!("{other:?}"),
        };
        assert!(
            reason.chars().count() <= crate::error::MAX_TEXT_CHARS + 1,
            "{}",
            reason.len()
        );
        let huge_string = format!("[\"{}\"]", "y".repeat(1_000_000));
        let error = list::<Token>(&response(200, &huge_string)).unwrap_err();
        assert!(error.to_string().len() < 1000);
        let huge_message = json!({"message": "z".repeat(1_000_000)}).to_string();
        let error = error_of(500, &huge_message);
        assert!(error.to_string().len() < 1000);
        assert!(
            matches!(error, ApiError::Server { status: 500, message: Some(m) } if m.ends_with('…'))
        );
    }

    #[test]
    fn get_reads_a_token() {
        let token = token(&response(200, r#"{"id":"t","name":"N","value":"never"}"#)).unwrap();
        assert_eq!(token.name.as_deref(), Some("N"));
        assert!(matches!(
            super::token(&response(200, "[]")),
            Err(ApiError::Undecodable { .. })
        ));
        assert!(matches!(
            super::token(&response(200, r#"{"id":"t""#)),
            Err(ApiError::Undecodable { .. })
        ));
    }

    #[test]
    fn put_outcomes() {
        assert_eq!(
            saved(&response(201, r#"{"id":"new-token"}"#)).unwrap(),
            Saved::Created
        );
        // The token exists whatever the body says.
        for body in ["", "null", "{}", r#"{"id":42}"#, "<html>", r#""created""#] {
            assert_eq!(saved(&response(201, body)), Ok(Saved::Created), "{body}");
        }
        assert_eq!(saved(&response(204, "")).unwrap(), Saved::Updated);
        assert!(matches!(
            saved(&response(409, "")),
            Err(ApiError::Conflict { message: None })
        ));
    }

    #[test]
    fn no_content_accepts_any_success() {
        assert_eq!(no_content(&response(204, "")), Ok(()));
        assert_eq!(no_content(&response(200, "whatever")), Ok(()));
        assert!(matches!(
            no_content(&response(404, "")),
            Err(ApiError::NotFound { message: None })
        ));
    }

    fn error_of(status: u16, body: &str) -> ApiError {
        let via_list = list::<Token>(&response(status, body)).unwrap_err();
        let direct = error(status, body);
        assert_eq!(via_list, direct);
        direct
    }

    #[test]
    fn bad_request_with_field_details() {
        let body = json!({
            "code": 400, "status": "Bad Request",
            "message": "There are validation problems, see the details section for more information.",
            "details": [
                {"field": "name", "type": "required", "message": "name must not be blank"},
                {"message": "code must not be null nor blank"},
                {"field": "x", "type": "disableable", "message": "marker"},
                {"field": "y"},
                "not an object",
            ]
        });
        let error = error_of(400, &body.to_string());
        assert_eq!(error.field_message("name"), Some("name must not be blank"));
        assert_eq!(error.field_message("x"), None);
        assert_eq!(
            error.field_errors(),
            [
                FieldError {
                    field: Some("name".into()),
                    message: "name must not be blank".into()
                },
                FieldError {
                    field: None,
                    message: "code must not be null nor blank".into()
                },
            ]
        );
        assert!(!error.to_string().contains("marker"));
        let plain = error_of(
            400,
            r#"{"resourceId":null,"message":"Unsupported.","code":400,"details":[]}"#,
        );
        assert_eq!(
            plain,
            ApiError::BadRequest {
                message: Some("Unsupported.".into()),
                details: vec![]
            }
        );
        assert_eq!(
            error_of(400, "oops"),
            ApiError::BadRequest {
                message: None,
                details: vec![]
            }
        );
    }

    #[test]
    fn force_marker_on_400_and_409() {
        // As the emulator sends it: the marker, then one dependency entry per user.
        let body = json!({
            "code": 400, "status": "Bad Request",
            "message": "Token t cannot be deleted because it is in use by agent 'A' (a).",
            "details": [
                {"type": "force", "message": "Token t is used by agent 'A' (a). Delete it with force=true."},
                {"field": "agent", "type": "dependency", "message": "a"}
            ]
        });
        let error = error_of(400, &body.to_string());
        assert_eq!(
            error,
            ApiError::ForceRequired {
                status: 400,
                message: Some(
                    "Token t is used by agent 'A' (a). Delete it with force=true.".into()
                )
            }
        );
        let conflict = error_of(
            409,
            r#"{"code":409,"message":"In use.","details":[{"type":"FORCE"}]}"#,
        );
        assert_eq!(
            conflict,
            ApiError::ForceRequired {
                status: 409,
                message: Some("In use.".into())
            }
        );
        assert_eq!(conflict.status(), Some(409));
    }

    #[test]
    fn unauthorized_invalid_expired_and_bad_key() {
        let invalid = r#"{"fault":{"faultstring":"Invalid access token","detail":{"errorcode":"oauth.v2.InvalidAccessToken"}}}"#;
        let expired = r#"{"fault":{"faultstring":"Access Token expired","detail":{"errorcode":"keymanagement.service.access_token_expired"}}}"#;
        let bad_key = r#"{"fault":{"faultstring":"Invalid ApiKey","detail":{"errorcode":"oauth.v2.InvalidApiKey"}}}"#;
        assert_eq!(
            error_of(401, invalid),
            ApiError::Unauthorized(AuthFailure::Invalid)
        );
        assert_eq!(
            error_of(401, expired),
            ApiError::Unauthorized(AuthFailure::Expired)
        );
        assert_eq!(
            error_of(401, bad_key),
            ApiError::Unauthorized(AuthFailure::BadCredentials)
        );
        assert_eq!(
            error_of(401, ""),
            ApiError::Unauthorized(AuthFailure::Invalid)
        );
        assert_eq!(
            error_of(401, r#"{"message":"nope"}"#),
            ApiError::Unauthorized(AuthFailure::Invalid)
        );
        assert!(error_of(401, expired).is_unauthorized());
    }

    #[test]
    fn other_statuses() {
        let forbidden = r#"{"code":403,"status":"Forbidden","message":"The access token lacks the scope ai.agent_manage needed for this operation."}"#;
        assert_eq!(
            error_of(403, forbidden),
            ApiError::Forbidden {
                message: Some(
                    "The access token lacks the scope ai.agent_manage needed for this operation."
                        .into()
                )
            }
        );
        let not_found = r#"{"code":404,"status":"Not Found","message":"The token with id x has not been found."}"#;
        let error = error_of(404, not_found);
        assert_eq!(
            error,
            ApiError::NotFound {
                message: Some("The token with id x has not been found.".into())
            }
        );
        let conflict = r#"{"code":409,"status":"Conflict","message":"Optimistic locking failed."}"#;
        assert_eq!(
            error_of(409, conflict),
            ApiError::Conflict {
                message: Some("Optimistic locking failed.".into())
            }
        );
        assert_eq!(
            error_of(
                500,
                r#"{"code":500,"message":"The server could not complete the request."}"#
            ),
            ApiError::Server {
                status: 500,
                message: Some("The server could not complete the request.".into())
            }
        );
        let gateway = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
        assert_eq!(
            error_of(502, gateway),
            ApiError::Server {
                status: 502,
                message: None
            }
        );
        assert_eq!(
            error_of(503, ""),
            ApiError::Server {
                status: 503,
                message: None
            }
        );
        assert_eq!(
            error_of(413, r#"{"message":"Too large."}"#),
            ApiError::Status {
                status: 413,
                message: Some("Too large.".into())
            }
        );
        assert_eq!(
            error_of(302, ""),
            ApiError::Status {
                status: 302,
                message: None
            }
        );
        assert_eq!(
            error_of(404, r#"{"message":"trunc"#),
            ApiError::NotFound { message: None }
        );
        assert_eq!(
            error_of(404, r#"{"message":42}"#),
            ApiError::NotFound { message: None }
        );
        assert_eq!(
            error_of(404, r#"{"message":"  "}"#),
            ApiError::NotFound { message: None }
        );
        for says_nothing in ["\u{200b}\u{202e}", "...", "\u{0}"] {
            let body = json!({ "message": says_nothing }).to_string();
            assert_eq!(error_of(404, &body), ApiError::NotFound { message: None });
        }
    }

    #[test]
    fn grant_parsing() {
        let body = json!({
            "access_token": "abc", "token_type": "Bearer", "expires_in": 14399,
            "scope": "ai.agent_read ai.agent_manage tenant=demo", "refresh_token": "", "session_idle_time": 120
        });
        let grant = grant(&response(200, &body.to_string())).unwrap();
        assert_eq!(grant.access_token.expose(), "abc");
        assert_eq!(grant.expires_in_secs, 14399);
        assert_eq!(grant.scopes, ["ai.agent_read", "ai.agent_manage"]);
        assert_eq!(grant.tenant.as_deref(), Some("demo"));
        assert!(!format!("{grant:?}").contains("abc"));

        let leading = super::grant(&response(
            200,
            r#"{"access_token":"x","expires_in":"60","scope":"tenant=t  a"}"#,
        ))
        .unwrap();
        assert_eq!(
            (leading.expires_in_secs, leading.scopes, leading.tenant),
            (60, vec!["a".to_owned()], Some("t".into()))
        );
        let prefixed = super::grant(&response(
            200,
            r#"{"access_token":"x","expires_in":1,"scope":"scope=ai.agent_read tenant=demo ai.agent_manage"}"#,
        ))
        .unwrap();
        assert_eq!(
            (prefixed.scopes, prefixed.tenant),
            (
                vec!["ai.agent_read".to_owned(), "ai.agent_manage".into()],
                Some("demo".into())
            )
        );
        let bare = super::grant(&response(200, r#"{"access_token":"x","expires_in":1}"#)).unwrap();
        assert_eq!((bare.scopes.len(), bare.tenant), (0, None));
    }

    #[test]
    fn grant_failures() {
        let bad_key = r#"{"fault":{"faultstring":"Invalid ApiKey","detail":{"errorcode":"oauth.v2.InvalidApiKey"}}}"#;
        assert_eq!(
            super::grant(&response(401, bad_key)),
            Err(ApiError::Unauthorized(AuthFailure::BadCredentials))
        );
        assert_eq!(
            super::grant(&response(401, "")),
            Err(ApiError::Unauthorized(AuthFailure::BadCredentials))
        );
        assert!(matches!(
            super::grant(&response(400, r#"{"message":"Unsupported grant type."}"#)),
            Err(ApiError::BadRequest {
                message: Some(_),
                ..
            })
        ));
        for body in [
            r#"{"expires_in":60}"#,
            r#"{"access_token":"","expires_in":60}"#,
            r#"{"access_token":"x"}"#,
            r#"{"access_token":"x","expires_in":-5}"#,
            r#"{"access_token":"x","expires_in":"soon"}"#,
            "[]",
            "<html>",
        ] {
            assert!(
                matches!(
                    super::grant(&response(200, body)),
                    Err(ApiError::Undecodable { status: 200, .. })
                ),
                "{body}"
            );
        }
    }
}
