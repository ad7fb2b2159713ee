//! OAuth client credentials (`POST /oauth/token`), bearer-token sessions, tenant
//! isolation and scopes.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::{Form, Json};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, AuthFailure};
use crate::secret;
use crate::sessions::{self, NewSession};
use crate::state::AppState;

/// Scope needed to read agents, tools, MCP servers and tokens.
pub const READ: &str = "ai.agent_read";
/// Scope needed to change them.
pub const MANAGE: &str = "ai.agent_manage";

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Registers (or replaces) an API client; the secret is stored as a salted hash.
pub fn register_client(
    conn: &Connection,
    client_id: &str,
    secret_value: &str,
    tenant: &str,
    scopes: &[String],
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO clients (client_id, secret_hash, tenant, scopes) VALUES (?, ?, ?, ?)",
        params![client_id, secret::hash(secret_value), tenant, scopes.join(" ")],
    )?;
    Ok(())
}

/// Ends every session now (they answer 401 "expired" from then on).
pub fn expire_all_sessions(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE sessions SET expires_at = ? WHERE expires_at > ?",
        params![unix_now() - 1, unix_now() - 1],
    )
}

/// Form body of `POST /oauth/token`.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    scope: Option<String>,
}

/// `POST /oauth/token`: exchanges client credentials for a bearer token.
pub async fn issue_token(
    State(state): State<AppState>,
    form: Result<Form<TokenForm>, FormRejection>,
) -> ApiResult<Json<Value>> {
    let Form(form) = form.map_err(|e| {
        ApiError::bad_request(format!(
            "The token request must be a form (application/x-www-form-urlencoded): {e}"
        ))
    })?;
    if form.grant_type.as_deref() != Some("client_credentials") {
        return Err(ApiError::bad_request(
            "Unsupported grant type: only grant_type=client_credentials is supported.",
        ));
    }
    let (Some(client_id), Some(client_secret)) = (form.client_id, form.client_secret) else {
        return Err(ApiError::Unauthorized(AuthFailure::BadClient));
    };
    let conn = state.db();
    let client: Option<(String, String, String)> = conn
        .query_row(
            "SELECT secret_hash, tenant, scopes FROM clients WHERE client_id = ?",
            [&client_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((secret_hash, tenant, client_scopes)) = client else {
        // The same work as for a known id, so the answer's timing does not tell which exist.
        secret::verify(&client_secret, secret::UNKNOWN_HASH);
        return Err(ApiError::Unauthorized(AuthFailure::BadClient));
    };
    if !secret::verify(&client_secret, &secret_hash) {
        return Err(ApiError::Unauthorized(AuthFailure::BadClient));
    }
    // As the real service: asking for a scope the key lacks is not an error, it is just not granted.
    let granted: Vec<&str> = match form.scope.as_deref().map(str::trim) {
        Some(requested) if !requested.is_empty() => client_scopes
            .split_whitespace()
            .filter(|s| requested.split_whitespace().any(|r| r == *s))
            .collect(),
        _ => client_scopes.split_whitespace().collect(),
    };
    let granted = granted.join(" ");
    let token = secret::new_access_token();
    let lifetime = state.config.token_lifetime as i64;
    let session = NewSession {
        token_key: &secret::token_key(&token),
        client_id: &client_id,
        tenant: &tenant,
        scopes: &granted,
        expires_at: unix_now() + lifetime,
    };
    sessions::insert(&conn, &session, unix_now(), sessions::MAX_PER_CLIENT)?;
    let scope = if granted.is_empty() {
        format!("tenant={tenant}")
    } else {
        format!("{granted} tenant={tenant}")
    };
    Ok(Json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "scope": scope,
        "refresh_token": "",
        "refresh_token_expires_in": 0,
        "session_idle_time": 120,
    })))
}

/// The caller behind a valid bearer token.
#[derive(Debug, Clone)]
pub struct Session {
    tenant: String,
    scopes: Vec<String>,
}

impl Session {
    /// Checks the path tenant and the scope; 400 for a tenant that is not lowercase,
    /// 403 for another tenant or a missing scope.
    pub fn authorize(&self, tenant: &str, scope: &str) -> ApiResult<()> {
        if tenant.chars().any(|c| c.is_uppercase()) {
            return Err(ApiError::bad_request(format!(
                "The tenant in the path must be lowercase: {tenant}"
            )));
        }
        if tenant != self.tenant {
            return Err(ApiError::forbidden(
                "The access token was issued for another tenant.",
            ));
        }
        if !self.scopes.iter().any(|s| s == scope) {
            return Err(ApiError::forbidden(format!(
                "The access token lacks the scope {scope} needed for this operation."
            )));
        }
        Ok(())
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| {
                let (scheme, token) = h.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized(AuthFailure::Invalid))?;
        let row: Option<(String, String, i64)> = state
            .db()
            .query_row(
                "SELECT tenant, scopes, expires_at FROM sessions WHERE token_key = ?",
                [secret::token_key(token)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (tenant, scopes, expires_at) =
            row.ok_or(ApiError::Unauthorized(AuthFailure::Invalid))?;
        if expires_at <= unix_now() {
            return Err(ApiError::Unauthorized(AuthFailure::Expired));
        }
        Ok(Self {
            tenant,
            scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        })
    }
}
