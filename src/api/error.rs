//! Everything that can go wrong with an API call, each with a sentence for the admin.

use std::fmt;

use crate::i18n::{t, tf};

/// Longest text kept from a response body (a message or a decoding reason), in characters.
pub const MAX_TEXT_CHARS: usize = 300;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request could not be built: an id or tenant that cannot be a URL path segment,
    /// or a URL or header the browser refused.
    InvalidRequest(String),
    /// The server could not be reached (offline, DNS, CORS, refused); the browser's reason.
    Network(String),
    /// No complete answer within the time limit.
    Timeout,
    /// Cancelled by the caller (a newer search replaced it, the page was left).
    Aborted,
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
    /// A sentence an admin understands (in the current language), with the server's
    /// explanation when it gave one.
    pub fn user_message(&self) -> String {
        let with = |lead: &str, message: &Option<String>| match message {
            Some(m) => format!("{lead} {m}"),
            None => lead.to_owned(),
        };
        match self {
            ApiError::InvalidRequest(reason) => {
                tf("The request could not be sent: {}.", &[reason])
            }
            ApiError::Network(_) => {
                t("The server could not be reached. Check your connection and try again.").into()
            }
            ApiError::Timeout => t("The server took too long to answer. Try again.").into(),
            ApiError::Aborted => t("The request was cancelled.").into(),
            ApiError::BadRequest { message, details } => {
                let mut text = message
                    .clone()
                    .unwrap_or_else(|| t("The server refused the request as invalid.").into());
                for detail in details {
                    text.push(' ');
                    if let Some(field) = &detail.field {
                        text.push_str(field);
                        text.push_str(": ");
                    }
                    text.push_str(&detail.message);
                    if !detail.message.ends_with('.') {
                        text.push('.');
                    }
                }
                text
            }
            ApiError::Unauthorized(AuthFailure::Expired) => {
                t("Your session has expired. Sign in again to continue.").into()
            }
            ApiError::Unauthorized(AuthFailure::Invalid) => t(
                "You are not signed in, or your session is no longer valid. Sign in again to continue.",
            )
            .into(),
            ApiError::Unauthorized(AuthFailure::BadCredentials) => {
                t("Sign-in failed: the client ID or client secret is wrong.").into()
            }
            ApiError::Forbidden { message } => with(t("You are not allowed to do this."), message),
            ApiError::NotFound { message } => message.clone().unwrap_or_else(|| {
                t("It was not found. It may have been deleted in the meantime.").into()
            }),
            ApiError::Conflict { .. } => t(
                "Someone else changed this token after you opened it. Load the latest version and apply your change again.",
            )
            .into(),
            ApiError::ForceRequired { message, .. } => {
                with(t("This token is still in use."), message)
            }
            ApiError::Server { status, .. } => tf(
                "The server had a problem (HTTP {}). Try again in a moment.",
                &[&status.to_string()],
            ),
            ApiError::Undecodable { status, reason } => tf(
                "The server's answer could not be read (HTTP {}: {}). Check the API address.",
                &[&status.to_string(), reason],
            ),
            ApiError::Status { status, message } => with(
                &tf("The request failed (HTTP {}).", &[&status.to_string()]),
                message,
            ),
        }
    }

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
            ApiError::InvalidRequest(_)
            | ApiError::Network(_)
            | ApiError::Timeout
            | ApiError::Aborted => None,
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
        f.write_str(&self.user_message())
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

    #[test]
    fn every_error_has_a_sentence_and_status() {
        let some = |s: &str| Some(s.to_owned());
        let cases = [
            (ApiError::InvalidRequest("bad id".into()), None),
            (ApiError::Network("TypeError: Failed to fetch".into()), None),
            (ApiError::Timeout, None),
            (ApiError::Aborted, None),
            (
                ApiError::BadRequest {
                    message: None,
                    details: vec![],
                },
                Some(400),
            ),
            (ApiError::Unauthorized(AuthFailure::Invalid), Some(401)),
            (ApiError::Unauthorized(AuthFailure::Expired), Some(401)),
            (
                ApiError::Unauthorized(AuthFailure::BadCredentials),
                Some(401),
            ),
            (
                ApiError::Forbidden {
                    message: some("Missing scope."),
                },
                Some(403),
            ),
            (ApiError::NotFound { message: None }, Some(404)),
            (ApiError::Conflict { message: None }, Some(409)),
            (
                ApiError::ForceRequired {
                    status: 409,
                    message: None,
                },
                Some(409),
            ),
            (
                ApiError::Server {
                    status: 503,
                    message: None,
                },
                Some(503),
            ),
            (
                ApiError::Undecodable {
                    status: 200,
                    reason: "not JSON".into(),
                },
                Some(200),
            ),
            (
                ApiError::Status {
                    status: 418,
                    message: None,
                },
                Some(418),
            ),
        ];
        for (error, status) in cases {
            let text = error.user_message();
            assert!(text.ends_with('.'), "{text}");
            assert!(
                text.chars().next().is_some_and(char::is_uppercase),
                "{text}"
            );
            assert_eq!(error.to_string(), text);
            assert_eq!(error.status(), status, "{error:?}");
            assert_eq!(error.is_unauthorized(), status == Some(401));
        }
        assert_eq!(
            ApiError::Unauthorized(AuthFailure::Expired).user_message(),
            "Your session has expired. Sign in again to continue."
        );
        assert!(!ApiError::Network("TypeError: secret detail".into())
            .user_message()
            .contains("TypeError"));
    }

    #[test]
    fn bad_request_lists_its_details() {
        let error = ApiError::BadRequest {
            message: Some("There are validation problems.".into()),
            details: vec![
                FieldError {
                    field: Some("name".into()),
                    message: "name must not be blank".into(),
                },
                FieldError {
                    field: None,
                    message: "code must not be null.".into(),
                },
                FieldError {
                    field: Some("name".into()),
                    message: "second".into(),
                },
            ],
        };
        assert_eq!(
            error.user_message(),
            "There are validation problems. name: name must not be blank. code must not be null. name: second."
        );
        assert_eq!(error.field_errors().len(), 3);
        assert_eq!(error.field_message("name"), Some("name must not be blank"));
        assert_eq!(error.field_message("value"), None);
        assert!(ApiError::Timeout.field_errors().is_empty());
    }
}
