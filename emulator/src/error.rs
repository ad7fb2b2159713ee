//! Error responses in the two shapes the Emporix API uses: `ErrorMessage` for most
//! failures and the gateway's `fault` body for 401s.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

/// One entry of `ErrorMessage.details`.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
}

impl Detail {
    /// A validation problem with one request field.
    pub fn field(field: &str, kind: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            kind: kind.to_owned(),
            message: message.into(),
        }
    }
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// No `Authorization: Bearer …` header, or a token the server never issued.
    Invalid,
    /// A token that was issued but whose lifetime is over.
    Expired,
    /// Unknown client id or wrong client secret at `/oauth/token`.
    BadClient,
}

/// An error response; converts into the right JSON body and status.
#[derive(Debug)]
pub enum ApiError {
    /// `ErrorMessage` body with `code`, `status`, `message` and optional `details`.
    Message {
        status: StatusCode,
        message: String,
        details: Vec<Detail>,
    },
    /// 401 with the gateway `fault` body.
    Unauthorized(AuthFailure),
}

impl ApiError {
    /// Any status with a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self::Message {
            status,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// 400 with a message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 400 with a message and `details[]`.
    pub fn invalid(message: impl Into<String>, details: Vec<Detail>) -> Self {
        Self::Message {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            details,
        }
    }

    /// 403: valid token, but not allowed here.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 404 for a resource id.
    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            format!("The {kind} with id {id} has not been found."),
        )
    }

    /// 409 with a message.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    /// 409 for an update made for an older `metadata.version`.
    pub fn version_conflict(kind: &str, id: &str, sent: i64, current: i64) -> Self {
        Self::conflict(format!(
            "Optimistic locking failed: {kind} {id} is at version {current}, the request was made for version {sent}. \
             Fetch the {kind} to get the latest version."
        ))
    }

    /// 413: the request body is over the limit.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is larger than the limit of {limit} bytes."),
        )
    }

    /// 500 for a storage failure; the cause is logged, not sent.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        eprintln!("internal error: {cause}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server could not complete the request.",
        )
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Message { status, .. } => *status,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        Self::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = match self {
            Self::Message {
                message, details, ..
            } => {
                let mut body = json!({
                    "code": status.as_u16(),
                    "status": status.canonical_reason().unwrap_or(""),
                    "message": message,
                });
                if !details.is_empty() {
                    body["details"] = json!(details);
                }
                body
            }
            Self::Unauthorized(failure) => {
                let (faultstring, errorcode) = match failure {
                    AuthFailure::Invalid => ("Invalid access token", "oauth.v2.InvalidAccessToken"),
                    AuthFailure::Expired => (
                        "Access Token expired",
                        "keymanagement.service.access_token_expired",
                    ),
                    AuthFailure::BadClient => ("Invalid ApiKey", "oauth.v2.InvalidApiKey"),
                };
                json!({"fault": {"faultstring": faultstring, "detail": {"errorcode": errorcode}}})
            }
        };
        (status, Json(body)).into_response()
    }
}

/// Handler result.
pub type ApiResult<T> = Result<T, ApiError>;
