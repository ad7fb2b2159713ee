//! Everything that can go wrong with an API call, as data. The sentences an admin reads
//! are made by the app, in the admin's language; [`fmt::Display`] here is for logs and tests.

use std::fmt;

/// Longest text kept from a response body (a message or a decoding reason), in characters.
pub const MAX_TEXT_CHARS: usize = 300;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request could not be built or sent.
    InvalidRequest(RequestProblem),
    /// The server could not be reached (offline, DNS, CORS, refused); the browser's reason.
    Network(String),
    /// No complete answer within the time limit.
    Timeout,
    /// 400: the server's message and its `details[]`, without the `force`/`disableable` markers.
    BadRequest {
        /// The body's `message`.
        message: Option<String>,
        /// The detail entries worth showing.
        details: Vec<FieldError>,
    },
    /// 401: no valid session.
    Unauthorized(AuthFailure),
    /// 403: signed in, but not allowed (another tenant, or a missing scope).
    Forbidden {
        /// The body's `message`.
        message: Option<String>,
    },
    /// 404.
    NotFound {
        /// The body's `message`.
        message: Option<String>,
    },
    /// 409: the entity changed since it was read (stale `metadata.version`).
    Conflict {
        /// The body's `message`.
        message: Option<String>,
    },
    /// The operation needs `force=true` (a `details[].type == "force"` marker, whatever the status).
    ForceRequired {
        /// The HTTP status it came with.
        status: u16,
        /// The marker's message, else the body's `message`.
        message: Option<String>,
    },
    /// 5xx.
    Server {
        /// The HTTP status.
        status: u16,
        /// The body's `message`, when the body is an `ErrorMessage`.
        message: Option<String>,
    },
    /// A success status whose body is not what the operation returns.
    Undecodable {
        /// The HTTP status.
        status: u16,
        /// A short reason, at most [`MAX_TEXT_CHARS`] characters.
        reason: String,
    },
    /// Any other status.
    Status {
        /// The HTTP status.
        status: u16,
        /// The body's `message`.
        message: Option<String>,
    },
}

/// Why a request could not be built or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestProblem {
    /// The tenant cannot be a URL path segment (`""`, `.` or `..`).
    Tenant(String),
    /// The id cannot be a URL path segment (`""`, `.` or `..`).
    Id(String),
    /// The browser refused the URL, a header or the body; its reason when it gave one.
    Refused(Option<String>),
    /// The browser cannot cancel requests (no `AbortController`).
    CannotCancel,
}

/// Why a 401 was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// The access token is unknown or missing.
    Invalid,
    /// The access token's lifetime is over.
    Expired,
    /// Sign-in refused the client id or secret.
    BadCredentials,
}

/// One entry of a 400's `details[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The request field it is about (e.g. `name`, `q`), if any.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl ApiError {
    /// Whether this is a 401, so the caller should sign in again.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Unauthorized(_))
    }

    /// The detail entries of a 400 (empty for anything else).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::BadRequest { details, .. } => details,
            _ => &[],
        }
    }

    /// The first message about `field`, for showing next to a form input.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.field_errors()
            .iter()
            .find(|d| d.field.as_deref() == Some(field))
            .map(|d| d.message.as_str())
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::InvalidRequest(_) | ApiError::Network(_) | ApiError::Timeout => None,
            ApiError::BadRequest { .. } => Some(400),
            ApiError::Unauthorized(_) => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Conflict { .. } => Some(409),
            ApiError::ForceRequired { status, .. }
            | ApiError::Server { status, .. }
            | ApiError::Undecodable { status, .. }
            | ApiError::Status { status, .. } => Some(*status),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = |m: &Option<String>| m.as_ref().map(|m| format!(" {m}")).unwrap_or_default();
        match self {
            ApiError::InvalidRequest(problem) => write!(f, "invalid request: {problem:?}"),
            ApiError::Network(reason) => write!(f, "network error: {reason}"),
            ApiError::Timeout => f.write_str("timed out"),
            ApiError::Unauthorized(failure) => write!(f, "HTTP 401 ({failure:?})"),
            ApiError::Undecodable { status, reason } => {
                write!(f, "HTTP {status}: undecodable body ({reason})")
            }
            ApiError::BadRequest { message: m, .. }
            | ApiError::Forbidden { message: m }
            | ApiError::NotFound { message: m }
            | ApiError::Conflict { message: m }
            | ApiError::ForceRequired { message: m, .. }
            | ApiError::Server { message: m, .. }
            | ApiError::Status { message: m, .. } => {
                let status = self.status().unwrap_or_default();
                write!(f, "HTTP {status}{}", message(m))
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// `text` cut to [`MAX_TEXT_CHARS`] characters, with `…` when cut.
pub(crate) fn cap(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_cuts_on_char_boundaries() {
        assert_eq!(cap("short"), "short");
        let long = "ä".repeat(MAX_TEXT_CHARS + 5);
        let capped = cap(&long);
        assert_eq!(capped.chars().count(), MAX_TEXT_CHARS + 1);
        assert!(capped.ends_with('…'));
        assert_eq!(cap(&"x".repeat(MAX_TEXT_CHARS)), "x".repeat(MAX_TEXT_CHARS));
    }
}
