//! Decoding and validating what clients send for tokens: ids, upsert bodies and
//! PATCH operation lists. Every problem becomes a 400 with `details[]`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult, Detail};

/// Largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;
/// Longest token name, in characters.
pub const MAX_NAME_CHARS: usize = 10_000;
/// Longest token value, in characters.
pub const MAX_VALUE_CHARS: usize = 10_000;
/// Longest token id, in characters.
pub const MAX_ID_CHARS: usize = 66;

/// Checks an id (of a token or any other entity) against `[A-Za-z0-9_-]{1,66}`.
pub fn check_id(id: &str) -> ApiResult<()> {
    let valid = (1..=MAX_ID_CHARS).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "The id must be 1 to 66 characters: letters, digits, '_' or '-'.",
            vec![Detail::field(
                "id",
                "invalid_format",
                "expected [A-Za-z0-9_-]{1,66}",
            )],
        ))
    }
}

/// Reads a JSON body, mapping an oversized or unreadable body and malformed JSON to 413/400.
pub fn json_body(body: Result<Bytes, BytesRejection>) -> ApiResult<Value> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(BODY_LIMIT)
        } else {
            ApiError::bad_request(format!("The request body could not be read: {e}"))
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request(format!("The request body is not valid JSON: {e}.")))
}

fn check_text(
    field: &str,
    value: &Value,
    max_chars: usize,
    problems: &mut Vec<Detail>,
) -> Option<String> {
    let Some(text) = value.as_str() else {
        problems.push(Detail::field(
            field,
            "invalid_type",
            format!("{field} must be a string"),
        ));
        return None;
    };
    if text.trim().is_empty() {
        problems.push(Detail::field(
            field,
            "required",
            format!("{field} must not be blank"),
        ));
        return None;
    }
    if text.chars().count() > max_chars {
        problems.push(Detail::field(
            field,
            "too_long",
            format!("{field} must be at most {max_chars} characters"),
        ));
        return None;
    }
    if text.chars().any(char::is_control) {
        problems.push(Detail::field(
            field,
            "invalid_format",
            format!("{field} must not contain control characters"),
        ));
        return None;
    }
    Some(text.to_owned())
}

/// `metadata.version` of an upsert body, which locks the update to that version.
pub fn metadata_version(obj: &Map<String, Value>, problems: &mut Vec<Detail>) -> Option<i64> {
    match obj.get("metadata") {
        None | Some(Value::Null) => None,
        Some(Value::Object(meta)) => match meta.get("version").and_then(Value::as_i64) {
            Some(v) if v >= 1 => Some(v),
            _ => {
                problems.push(Detail::field(
                    "metadata.version",
                    "invalid_value",
                    "metadata.version must be a whole number of at least 1 when metadata is sent",
                ));
                None
            }
        },
        Some(_) => {
            problems.push(Detail::field(
                "metadata",
                "invalid_type",
                "metadata must be an object",
            ));
            None
        }
    }
}

/// The 400 for a body with validation problems.
pub fn rejected(problems: Vec<Detail>) -> ApiError {
    ApiError::invalid(
        "There are validation problems, see the details section for more information.",
        problems,
    )
}

/// A validated PUT body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upsert {
    pub name: String,
    /// The secret; required on create, and on update only accepted when unchanged.
    pub value: Option<String>,
    /// `metadata.version`: when present, the update is locked to it.
    pub version: Option<i64>,
}

impl Upsert {
    /// Validates a `TokenRequest` body.
    pub fn from_json(body: &Value) -> ApiResult<Self> {
        let Some(obj) = body.as_object() else {
            return Err(ApiError::bad_request(
                "The request body must be a JSON object.",
            ));
        };
        let mut problems = Vec::new();
        let name = match obj.get("name") {
            Some(v) => check_text("name", v, MAX_NAME_CHARS, &mut problems),
            None => {
                problems.push(Detail::field("name", "required", "name is required"));
                None
            }
        };
        let value = obj
            .get("value")
            .filter(|v| !v.is_null())
            .and_then(|v| check_text("value", v, MAX_VALUE_CHARS, &mut problems));
        let version = metadata_version(obj, &mut problems);
        match name {
            Some(name) if problems.is_empty() => Ok(Self {
                name,
                value,
                version,
            }),
            _ => Err(rejected(problems)),
        }
    }
}

/// The effect of a PATCH on a token: the only patchable field is the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    /// The name after all operations.
    pub name: String,
}

impl Patch {
    /// Validates a `PatchRequest` array (ops in any case) against a token's current name.
    pub fn from_json(body: &Value, current_name: &str) -> ApiResult<Self> {
        let Some(ops) = body.as_array() else {
            return Err(ApiError::bad_request(
                "The request body must be a JSON array of {op, path, value} operations.",
            ));
        };
        if ops.is_empty() {
            return Err(ApiError::bad_request("The operation list is empty."));
        }
        let mut name = current_name.to_owned();
        let mut problems = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let field = format!("[{i}]");
            let kind = op
                .get("op")
                .and_then(Value::as_str)
                .map(str::to_ascii_uppercase);
            let path = op.get("path").and_then(Value::as_str);
            match (kind.as_deref(), path) {
                (Some("ADD" | "REPLACE"), Some("/name")) => {
                    let value = op.get("value").unwrap_or(&Value::Null);
                    if let Some(new_name) = check_text("name", value, MAX_NAME_CHARS, &mut problems)
                    {
                        name = new_name;
                    }
                }
                (Some("REMOVE"), Some("/name")) => problems.push(Detail::field(
                    "name",
                    "required",
                    "name is required and cannot be removed",
                )),
                (Some("ADD" | "REPLACE" | "REMOVE"), Some("/value")) => {
                    problems.push(Detail::field(
                        "value",
                        "immutable",
                        "The value of a token cannot be changed once it is created.",
                    ))
                }
                (Some("ADD" | "REPLACE" | "REMOVE"), Some("/id")) => problems.push(Detail::field(
                    "id",
                    "immutable",
                    "The id of a token cannot be changed.",
                )),
                (Some("ADD" | "REPLACE" | "REMOVE"), Some(other)) => problems.push(Detail::field(
                    &field,
                    "invalid_path",
                    format!("Unsupported path {other:?}: only /name can be patched."),
                )),
                (Some("ADD" | "REPLACE" | "REMOVE"), None) => {
                    problems.push(Detail::field(&field, "required", "path is required"))
                }
                (_, _) => problems.push(Detail::field(
                    &field,
                    "invalid_op",
                    "op must be ADD, REMOVE or REPLACE",
                )),
            }
        }
        if problems.is_empty() {
            Ok(Self { name })
        } else {
            Err(rejected(problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids() {
        assert!(check_id("openai-prod_EU-1").is_ok());
        assert!(check_id(&"a".repeat(66)).is_ok());
        for bad in ["", "a b", "ä", "a/b", "a.b", &"a".repeat(67)] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn upsert_bodies() {
        let ok = Upsert::from_json(&json!({"name": "N", "value": "v", "metadata": {"version": 3}}))
            .unwrap();
        assert_eq!(
            ok,
            Upsert {
                name: "N".into(),
                value: Some("v".into()),
                version: Some(3)
            }
        );
        let no_value = Upsert::from_json(&json!({"name": "N"})).unwrap();
        assert_eq!(no_value.value, None);
        for bad in [
            json!({}),
            json!({"name": 5}),
            json!({"name": "  "}),
            json!({"name": "a\u{0007}"}),
            json!({"name": "x".repeat(10_001)}),
            json!({"name": "N", "metadata": {}}),
            json!({"name": "N", "metadata": {"version": 0}}),
            json!([1]),
        ] {
            assert!(Upsert::from_json(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn patches() {
        let p = Patch::from_json(
            &json!([{"op": "replace", "path": "/name", "value": "New"}]),
            "Old",
        )
        .unwrap();
        assert_eq!(p.name, "New");
        for bad in [
            json!([]),
            json!({}),
            json!([{"op": "REPLACE", "path": "/value", "value": "x"}]),
            json!([{"op": "REPLACE", "path": "/id", "value": "x"}]),
            json!([{"op": "REMOVE", "path": "/name"}]),
            json!([{"op": "MOVE", "path": "/name", "value": "x"}]),
            json!([{"op": "REPLACE", "path": "/other", "value": "x"}]),
            json!([{"op": "REPLACE", "path": "/name", "value": 7}]),
        ] {
            assert!(Patch::from_json(&bad, "Old").is_err(), "{bad}");
        }
    }
}
