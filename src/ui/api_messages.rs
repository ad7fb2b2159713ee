//! The sentences an admin reads for an [`ApiError`], in the current language. The API
//! client keeps errors as data; the words live here, beside the other texts.

use ai_client::{ApiError, AuthFailure, RequestProblem};

use crate::i18n::{t, tf};

/// An [`ApiError`] told to the admin.
pub trait ApiErrorText {
    /// A sentence an admin understands (in the current language), with the server's
    /// explanation when it gave one.
    fn user_message(&self) -> String;
}

impl ApiErrorText for ApiError {
    /// A sentence an admin understands (in the current language), with the server's
    /// explanation when it gave one.
    fn user_message(&self) -> String {
        let with = |lead: &str, message: &Option<String>| match message {
            Some(m) => format!("{lead} {m}"),
            None => lead.to_owned(),
        };
        match self {
            ApiError::InvalidRequest(problem) => {
                tf("The request could not be sent: {}.", &[&problem_text(problem)])
            }
            ApiError::Network(_) => {
                t("The server could not be reached. Check your connection and try again.").into()
            }
            ApiError::Timeout => t("The server took too long to answer. Try again.").into(),
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
}

/// Why a request could not be sent, as the end of a sentence.
fn problem_text(problem: &RequestProblem) -> String {
    match problem {
        RequestProblem::Tenant(text) => tf("{} is not a valid tenant", &[&format!("{text:?}")]),
        RequestProblem::Id(text) => tf("{} is not a valid token id", &[&format!("{text:?}")]),
        RequestProblem::Refused(Some(reason)) => reason.clone(),
        RequestProblem::Refused(None) => t("the browser refused it").to_owned(),
        RequestProblem::CannotCancel => t("this browser cannot cancel requests").to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use ai_client::FieldError;

    use super::*;

    #[test]
    fn every_error_has_a_sentence_and_status() {
        let some = |s: &str| Some(s.to_owned());
        let cases = [
            (
                ApiError::InvalidRequest(RequestProblem::Id("..".into())),
                None,
            ),
            (ApiError::Network("TypeError: Failed to fetch".into()), None),
            (ApiError::Timeout, None),
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
