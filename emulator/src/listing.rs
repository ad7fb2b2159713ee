//! What list and search requests share: paging, `fields` projection and the
//! `X-Total-Count` header.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult, Detail};

/// Page size when the request gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 60;
/// Largest page size accepted.
pub const MAX_PAGE_SIZE: u32 = 1000;
/// Header both asked for (request) and answered (response).
pub const TOTAL_COUNT: &str = "X-Total-Count";

/// The query-string parameters of a request, decoded.
pub type QueryParams = HashMap<String, String>;

/// Decodes the query string, turning a malformed one into a 400.
pub fn query_params(query: Result<Query<QueryParams>, QueryRejection>) -> ApiResult<QueryParams> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request(format!("The query string is malformed: {e}")))
}

/// A 1-based page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub size: u32,
    pub number: u32,
}

impl Page {
    /// Reads `pageSize` and `pageNumber`; a value that is not a whole number in range is a 400.
    pub fn from_params(params: &QueryParams) -> ApiResult<Self> {
        let read = |name: &str, default: u32, max: u32| -> ApiResult<u32> {
            let Some(raw) = params.get(name) else {
                return Ok(default);
            };
            match raw.trim().parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::invalid(
                    format!("{name} must be a whole number from 1 to {max}, not {raw:?}."),
                    vec![Detail::field(name, "invalid_parameter", "out of range")],
                )),
            }
        };
        Ok(Self {
            size: read("pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?,
            number: read("pageNumber", 1, u32::MAX)?,
        })
    }

    /// Rows to skip.
    pub fn offset(&self) -> u64 {
        u64::from(self.number - 1) * u64::from(self.size)
    }
}

/// Whether the request asked for the total (`X-Total-Count: true`).
pub fn wants_total(headers: &HeaderMap) -> bool {
    headers
        .get(TOTAL_COUNT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The `fields` parameter: dotted paths to keep; `id` is always kept.
#[derive(Debug, Clone, Default)]
pub struct Fields(Option<Vec<Vec<String>>>);

impl Fields {
    /// Reads `fields=a,b.c`; absent or blank means every field.
    pub fn from_params(params: &QueryParams) -> Self {
        let paths: Vec<Vec<String>> = params
            .get("fields")
            .map(|raw| {
                raw.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| p.split('.').map(str::to_owned).collect())
                    .collect()
            })
            .unwrap_or_default();
        Self((!paths.is_empty()).then_some(paths))
    }

    /// Keeps only the selected fields of a JSON object.
    pub fn project(&self, doc: Value) -> Value {
        let Some(paths) = &self.0 else {
            return doc;
        };
        let mut out = Map::new();
        if let Some(id) = doc.get("id") {
            out.insert("id".into(), id.clone());
        }
        for path in paths {
            copy_path(&doc, &mut out, path);
        }
        Value::Object(out)
    }
}

fn copy_path(from: &Value, to: &mut Map<String, Value>, path: &[String]) {
    let Some((head, rest)) = path.split_first() else {
        return;
    };
    let Some(value) = from.get(head) else {
        return;
    };
    if rest.is_empty() {
        to.insert(head.clone(), value.clone());
        return;
    }
    let entry = to
        .entry(head.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(inner) = entry {
        copy_path(value, inner, rest);
    }
}

/// What a list (`q` in the query string) or search (`q` in the body) asks for, checked.
pub struct ListRequest {
    pub page: Page,
    pub fields: Fields,
    pub query: qlang::Query,
    pub sort: Vec<qlang::SortKey>,
    pub with_total: bool,
}

impl ListRequest {
    /// Reads `q` (from the query string unless `search_body` is given), `sort`, paging,
    /// `fields` and `X-Total-Count`; anything malformed is a 400.
    pub fn parse(
        query: Result<Query<QueryParams>, QueryRejection>,
        headers: &HeaderMap,
        search_body: Option<&Value>,
    ) -> ApiResult<Self> {
        let params = query_params(query)?;
        let q = match search_body {
            Some(body) => search_q(body)?,
            None => params.get("q").map_or("", String::as_str),
        };
        Ok(Self {
            page: Page::from_params(&params)?,
            fields: Fields::from_params(&params),
            query: parse_q(q)?,
            sort: parse_sort(&params)?,
            with_total: wants_total(headers),
        })
    }
}

/// The `q` of a search body `{"q": …}`; absent or null means no filter.
fn search_q(body: &Value) -> ApiResult<&str> {
    match body.get("q") {
        None | Some(Value::Null) if body.is_object() => Ok(""),
        Some(Value::String(q)) => Ok(q),
        _ => Err(ApiError::bad_request(
            r#"The search body must be an object like {"q": "name:~openai"}."#,
        )),
    }
}

/// Parses `q`; a malformed one is a 400 saying where it broke.
fn parse_q(q: &str) -> ApiResult<qlang::Query> {
    qlang::parse_query(q).map_err(|e| invalid("q", "invalid_query", format!("{e}.")))
}

/// Parses `sort`; a malformed one is a 400.
fn parse_sort(params: &QueryParams) -> ApiResult<Vec<qlang::SortKey>> {
    qlang::parse_sort(params.get("sort").map_or("", String::as_str))
        .map_err(|e| invalid("sort", "invalid_sort", e.to_string()))
}

/// A 400 for a bad `q` or `sort`: `Invalid <name>: <why>`.
pub fn invalid(name: &str, kind: &str, why: impl std::fmt::Display) -> ApiError {
    let why = why.to_string();
    ApiError::invalid(
        format!("Invalid {name}: {why}"),
        vec![Detail::field(name, kind, why.trim_end_matches('.'))],
    )
}

/// The `force` parameter of DELETE: `true` or `false` in any case, absent means false.
pub fn force(params: &QueryParams) -> ApiResult<bool> {
    match params
        .get("force")
        .map(|f| f.to_ascii_lowercase())
        .as_deref()
    {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(ApiError::invalid(
            format!("force must be true or false, not {other:?}."),
            vec![Detail::field(
                "force",
                "invalid_parameter",
                "expected true or false",
            )],
        )),
    }
}

/// A 200 with a JSON array, and `X-Total-Count` when the total was asked for.
pub fn list_response(items: Vec<Value>, total: Option<u64>) -> Response {
    let mut response = Json(Value::Array(items)).into_response();
    if let Some(total) = total {
        response
            .headers_mut()
            .insert(TOTAL_COUNT, HeaderValue::from(total));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(pairs: &[(&str, &str)]) -> QueryParams {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn page_defaults_and_limits() {
        assert_eq!(
            Page::from_params(&params(&[])).unwrap(),
            Page {
                size: 60,
                number: 1
            }
        );
        let page = Page::from_params(&params(&[("pageSize", "25"), ("pageNumber", "3")])).unwrap();
        assert_eq!(page.offset(), 50);
        for bad in ["0", "-1", "x", "1001", "2.5", ""] {
            assert!(
                Page::from_params(&params(&[("pageSize", bad)])).is_err(),
                "{bad}"
            );
        }
        assert!(Page::from_params(&params(&[("pageNumber", "0")])).is_err());
    }

    #[test]
    fn fields_keep_id_and_nested_paths() {
        let doc = json!({"id": "a", "name": "n", "metadata": {"version": 2, "createdAt": "t"}});
        let fields = Fields::from_params(&params(&[("fields", "metadata.version, nope")]));
        assert_eq!(
            fields.project(doc.clone()),
            json!({"id": "a", "metadata": {"version": 2}})
        );
        assert_eq!(Fields::from_params(&params(&[])).project(doc.clone()), doc);
    }
}
