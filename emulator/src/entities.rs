//! The operations of `/ai-service/{tenant}/agentic/{agents|tools|mcp-servers|oauths}`:
//! list, search, get, PUT, PATCH and DELETE, one set of handlers for the four kinds.
//! Scopes, paging, `X-Total-Count`, `fields`, locking and `force` work as for tokens.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use crate::auth::{Session, MANAGE, READ};
use crate::dependents::{self, Target};
use crate::doc_filter;
use crate::entity_store::{self, Kind};
use crate::error::{ApiError, ApiResult, Detail};
use crate::listing::{self, Fields, ListRequest, QueryParams};
use crate::state::AppState;
use crate::timestamp;
use crate::token_input::{self, json_body, rejected};
use crate::token_store;

fn kind(collection: &str) -> ApiResult<Kind> {
    Kind::from_collection(collection).ok_or_else(|| ApiError::not_found("collection", collection))
}

fn run_list(
    state: &AppState,
    kind: Kind,
    tenant: &str,
    request: ListRequest,
) -> ApiResult<Response> {
    let filter = doc_filter::compile(&request.query)
        .map_err(|e| listing::invalid("q", "invalid_query", e))?;
    let mut docs = entity_store::all(&state.db(), kind, tenant, None)?;
    docs.retain(|doc| filter.matches(doc));
    doc_filter::sort(&mut docs, &request.sort);
    let total = request.with_total.then_some(docs.len() as u64);
    let items = docs
        .into_iter()
        .skip(usize::try_from(request.page.offset()).unwrap_or(usize::MAX))
        .take(request.page.size as usize)
        .map(|doc| request.fields.project(doc))
        .collect();
    Ok(listing::list_response(items, total))
}

/// `GET …/{collection}`: `q` in the query string.
pub async fn list(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, collection)): Path<(String, String)>,
    query: Result<Query<QueryParams>, QueryRejection>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let kind = kind(&collection)?;
    session.authorize(&tenant, READ)?;
    run_list(
        &state,
        kind,
        &tenant,
        ListRequest::parse(query, &headers, None)?,
    )
}

/// `POST …/{collection}/search`: `q` in the JSON body `{"q": …}`.
pub async fn search(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, collection)): Path<(String, String)>,
    query: Result<Query<QueryParams>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let kind = kind(&collection)?;
    session.authorize(&tenant, READ)?;
    let body = json_body(body)?;
    run_list(
        &state,
        kind,
        &tenant,
        ListRequest::parse(query, &headers, Some(&body))?,
    )
}

/// `GET …/{collection}/{id}`.
pub async fn get_one(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, collection, id)): Path<(String, String, String)>,
    query: Result<Query<QueryParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let kind = kind(&collection)?;
    session.authorize(&tenant, READ)?;
    let fields = Fields::from_params(&listing::query_params(query)?);
    let doc = entity_store::get(&state.db(), kind, &tenant, &id)?
        .ok_or_else(|| ApiError::not_found(kind.label(), &id))?;
    Ok(Json(fields.project(doc)))
}

/// Checks what the emulator models of a document: required top-level fields, and
/// token references that are `{"id": …}` objects naming a token of the tenant.
fn validate(
    conn: &Connection,
    kind: Kind,
    tenant: &str,
    doc: &Map<String, Value>,
) -> ApiResult<()> {
    let mut problems = Vec::new();
    for field in kind.required_fields() {
        if doc.get(*field).is_none_or(Value::is_null) {
            problems.push(Detail::field(
                field,
                "required",
                format!("{field} is required"),
            ));
        }
    }
    let doc = Value::Object(doc.clone());
    for place in dependents::references(Target::Token)
        .iter()
        .filter(|r| r.user == kind)
    {
        for holder in place.holders(&doc) {
            match holder.get("id").and_then(Value::as_str) {
                Some(id) if token_store::get(conn, tenant, id)?.is_some() => {}
                Some(id) => problems.push(Detail::field(
                    place.holder,
                    "invalid_reference",
                    format!("there is no token with id {id}"),
                )),
                None => problems.push(Detail::field(
                    place.holder,
                    "invalid_type",
                    r#"a token reference must be an object like {"id": "openai-prod"}"#,
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(rejected(problems))
    }
}

/// `PUT …/{collection}/{id}`: creates (201) or replaces (204) the whole document,
/// locked to `metadata.version` when sent; the server keeps `id` and `metadata`.
pub async fn upsert(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, collection, id)): Path<(String, String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let kind = kind(&collection)?;
    session.authorize(&tenant, MANAGE)?;
    token_input::check_id(&id)?;
    let Value::Object(mut doc) = json_body(body)? else {
        return Err(ApiError::bad_request(
            "The request body must be a JSON object.",
        ));
    };
    let mut problems = Vec::new();
    let sent = token_input::metadata_version(&doc, &mut problems);
    if !problems.is_empty() {
        return Err(rejected(problems));
    }
    let mut conn = state.db();
    let tx = conn.transaction()?;
    validate(&tx, kind, &tenant, &doc)?;
    let current = entity_store::get(&tx, kind, &tenant, &id)?;
    let (status, metadata) = match &current {
        Some(current) => {
            let version = current
                .pointer("/metadata/version")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            if let Some(sent) = sent.filter(|v| *v != version) {
                return Err(ApiError::version_conflict(kind.label(), &id, sent, version));
            }
            (StatusCode::NO_CONTENT, current["metadata"].clone())
        }
        None if sent.is_some() => return Err(ApiError::not_found(kind.label(), &id)),
        None => (StatusCode::CREATED, Value::Null),
    };
    doc.insert("id".into(), json!(id));
    doc.insert("metadata".into(), metadata);
    let mut doc = Value::Object(doc);
    dependents::touch(&mut doc, &timestamp::now());
    entity_store::put(&tx, kind, &tenant, &doc)?;
    tx.commit()?;
    Ok(match status {
        StatusCode::CREATED => (status, Json(json!({"id": id}))).into_response(),
        _ => status.into_response(),
    })
}

/// Applies one `{op, path, value}` operation (ops in any case; `path` a JSON pointer).
fn apply(doc: &mut Value, index: usize, op: &Value) -> Result<(), Detail> {
    let field = format!("[{index}]");
    let kind = op
        .get("op")
        .and_then(Value::as_str)
        .map(str::to_ascii_uppercase);
    let Some(path) = op.get("path").and_then(Value::as_str) else {
        return Err(Detail::field(&field, "required", "path is required"));
    };
    if path == "/id" || path == "/metadata" || path.starts_with("/metadata/") {
        return Err(Detail::field(
            &field,
            "immutable",
            format!("{path} is kept by the server"),
        ));
    }
    let (parent_path, key) = path.rsplit_once('/').unwrap_or(("", path));
    let key = key.replace("~1", "/").replace("~0", "~");
    let Some(parent) = doc
        .pointer_mut(parent_path)
        .filter(|_| path.starts_with('/'))
    else {
        return Err(Detail::field(
            &field,
            "invalid_path",
            format!("{path} does not exist"),
        ));
    };
    let value = op.get("value").cloned();
    let done = match (kind.as_deref(), parent, value) {
        (Some("ADD" | "REPLACE"), Value::Object(map), Some(value)) => {
            map.insert(key, value);
            true
        }
        (Some("REMOVE"), Value::Object(map), _) => map.remove(&key).is_some(),
        (Some(op @ ("ADD" | "REPLACE" | "REMOVE")), Value::Array(items), value) => {
            let at = if key == "-" {
                Some(items.len())
            } else {
                key.parse().ok()
            };
            match (op, at, value) {
                ("ADD", Some(at), Some(value)) if at <= items.len() => {
                    items.insert(at, value);
                    true
                }
                ("REPLACE", Some(at), Some(value)) if at < items.len() => {
                    items[at] = value;
                    true
                }
                ("REMOVE", Some(at), _) if at < items.len() => {
                    items.remove(at);
                    true
                }
                _ => false,
            }
        }
        (Some("ADD" | "REPLACE"), _, None) => {
            return Err(Detail::field(&field, "required", "value is required"))
        }
        (Some("ADD" | "REPLACE" | "REMOVE"), _, _) => false,
        _ => {
            return Err(Detail::field(
                &field,
                "invalid_op",
                "op must be ADD, REMOVE or REPLACE",
            ))
        }
    };
    if done {
        Ok(())
    } else {
        Err(Detail::field(
            &field,
            "invalid_path",
            format!("{path} does not exist"),
        ))
    }
}

/// `PATCH …/{collection}/{id}`: a list of operations on the document.
pub async fn patch(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, collection, id)): Path<(String, String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<StatusCode> {
    let kind = kind(&collection)?;
    session.authorize(&tenant, MANAGE)?;
    let body = json_body(body)?;
    let ops =
        match body.as_array() {
            Some(ops) if !ops.is_empty() => ops,
            _ => return Err(ApiError::bad_request(
                "The request body must be a non-empty JSON array of {op, path, value} operations.",
            )),
        };
    let mut conn = state.db();
    let tx = conn.transaction()?;
    let mut doc = entity_store::get(&tx, kind, &tenant, &id)?
        .ok_or_else(|| ApiError::not_found(kind.label(), &id))?;
    let problems: Vec<Detail> = ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| apply(&mut doc, i, op).err())
        .collect();
    if !problems.is_empty() {
        return Err(rejected(problems));
    }
    if let Value::Object(map) = &doc {
        validate(&tx, kind, &tenant, map)?;
    }
    dependents::touch(&mut doc, &timestamp::now());
    entity_store::put(&tx, kind, &tenant, &doc)?;
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE …/{collection}/{id}?force=`: refuses while other documents reference it
/// (an agent's collaborations, tools, MCP servers or OAuth configuration), unless
/// `force=true`, which unassigns it from them first.
pub async fn delete(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, collection, id)): Path<(String, String, String)>,
    query: Result<Query<QueryParams>, QueryRejection>,
) -> ApiResult<StatusCode> {
    let kind = kind(&collection)?;
    session.authorize(&tenant, MANAGE)?;
    let force = listing::force(&listing::query_params(query)?)?;
    let mut conn = state.db();
    let tx = conn.transaction()?;
    if entity_store::get(&tx, kind, &tenant, &id)?.is_none() {
        return Err(ApiError::not_found(kind.label(), &id));
    }
    let target = Target::Entity(kind);
    let users = dependents::find(&tx, &tenant, target, &id)?;
    if !users.is_empty() {
        if !force {
            return Err(dependents::in_use(target, &id, &users));
        }
        dependents::unassign(&tx, &tenant, target, &id, &timestamp::now())?;
    }
    entity_store::delete(&tx, kind, &tenant, &id)?;
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT)
}
