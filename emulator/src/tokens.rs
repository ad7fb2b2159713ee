//! The six Token operations of `/ai-service/{tenant}/agentic/tokens`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::{Session, MANAGE, READ};
use crate::dependents::{self, Target};
use crate::error::{ApiError, ApiResult, Detail};
use crate::filter;
use crate::listing::{self, Fields, ListRequest, QueryParams};
use crate::secret;
use crate::state::AppState;
use crate::timestamp;
use crate::token_input::{self, Patch, Upsert};
use crate::token_store::{self, TokenRow};

/// Runs a list or search.
fn run_list(state: &AppState, tenant: &str, request: ListRequest) -> ApiResult<Response> {
    let filter = filter::compile_query(&request.query)
        .map_err(|e| listing::invalid("q", "invalid_query", e))?;
    let sort = filter::compile_sort(&request.sort)
        .map_err(|e| listing::invalid("sort", "invalid_sort", e))?;
    let mut db = state.db();
    let db = &mut *db;
    let (rows, total) = token_store::list(
        &db.conn,
        &mut db.copies,
        tenant,
        &filter,
        &sort,
        request.page,
        request.with_total,
    )?;
    let bare = state.faults.current().bare_list_rows;
    let items = rows
        .iter()
        .map(|row| {
            let mut item = request.fields.project(row.to_json());
            if bare {
                item.as_object_mut().map(|o| o.remove("metadata"));
            }
            item
        })
        .collect();
    Ok(listing::list_response(items, total))
}

/// `GET …/tokens`: lists tokens; `q` in the query string.
pub async fn list(
    State(state): State<AppState>,
    session: Session,
    Path(tenant): Path<String>,
    query: Result<Query<QueryParams>, QueryRejection>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    session.authorize(&tenant, READ)?;
    run_list(&state, &tenant, ListRequest::parse(query, &headers, None)?)
}

/// `POST …/tokens/search`: lists tokens; `q` in the JSON body `{"q": …}`.
pub async fn search(
    State(state): State<AppState>,
    session: Session,
    Path(tenant): Path<String>,
    query: Result<Query<QueryParams>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    session.authorize(&tenant, READ)?;
    let body = token_input::json_body(body)?;
    run_list(
        &state,
        &tenant,
        ListRequest::parse(query, &headers, Some(&body))?,
    )
}

/// `GET …/tokens/{tokenId}`.
pub async fn get_one(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, id)): Path<(String, String)>,
    query: Result<Query<QueryParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    session.authorize(&tenant, READ)?;
    let fields = Fields::from_params(&listing::query_params(query)?);
    let row = token_store::get(&state.db(), &tenant, &id)?
        .ok_or_else(|| ApiError::not_found("token", &id))?;
    Ok(Json(fields.project(row.to_json())))
}

/// `PUT …/tokens/{tokenId}`: creates (201) or renames (204), locked to `metadata.version` when sent.
pub async fn upsert(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, id)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    session.authorize(&tenant, MANAGE)?;
    token_input::check_id(&id)?;
    let request = Upsert::from_json(&token_input::json_body(body)?)?;
    let mut conn = state.db();
    let tx = conn.transaction()?;
    let now = timestamp::now();
    let response = match token_store::get(&tx, &tenant, &id)? {
        Some(current) => {
            if let Some(sent) = request.version.filter(|v| *v != current.version) {
                return Err(ApiError::version_conflict(
                    "token",
                    &id,
                    sent,
                    current.version,
                ));
            }
            // Refused without comparing: an answer that depended on the stored value would
            // let a caller test guesses of it.
            if request.value.is_some() {
                return Err(ApiError::invalid(
                    "The value of a token cannot be changed once it is created. Create a new token instead.",
                    vec![Detail::field("value", "immutable", "value cannot be sent for an existing token")],
                ));
            }
            token_store::rename(&tx, &tenant, &id, &request.name, &now)?;
            StatusCode::NO_CONTENT.into_response()
        }
        None if request.version.is_some() => return Err(ApiError::not_found("token", &id)),
        None => {
            let Some(value) = &request.value else {
                return Err(ApiError::invalid(
                    "There are validation problems, see the details section for more information.",
                    vec![Detail::field(
                        "value",
                        "required",
                        "value is required when a token is created",
                    )],
                ));
            };
            let row = TokenRow {
                id: id.clone(),
                name: request.name,
                version: 1,
                created_at: now.clone(),
                modified_at: now,
            };
            token_store::insert(&tx, &tenant, &row, &secret::hash(value))?;
            (StatusCode::CREATED, Json(json!({"id": id}))).into_response()
        }
    };
    tx.commit()?;
    Ok(response)
}

/// `PATCH …/tokens/{tokenId}`: operations on `/name`.
pub async fn patch(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, id)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<StatusCode> {
    session.authorize(&tenant, MANAGE)?;
    let body = token_input::json_body(body)?;
    let mut conn = state.db();
    let tx = conn.transaction()?;
    let current =
        token_store::get(&tx, &tenant, &id)?.ok_or_else(|| ApiError::not_found("token", &id))?;
    let patch = Patch::from_json(&body, &current.name)?;
    token_store::rename(&tx, &tenant, &id, &patch.name, &timestamp::now())?;
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE …/tokens/{tokenId}?force=`: refuses while agents, tools, MCP servers or OAuth
/// configurations use the token, unless `force=true`, which unassigns it from them and
/// disables the agents whose LLM configuration used it.
pub async fn delete(
    State(state): State<AppState>,
    session: Session,
    Path((tenant, id)): Path<(String, String)>,
    query: Result<Query<QueryParams>, QueryRejection>,
) -> ApiResult<StatusCode> {
    session.authorize(&tenant, MANAGE)?;
    let params = listing::query_params(query)?;
    let force = listing::force(&params)?;
    let mut conn = state.db();
    let tx = conn.transaction()?;
    if token_store::get(&tx, &tenant, &id)?.is_none() {
        return Err(ApiError::not_found("token", &id));
    }
    let users = dependents::find(&tx, &tenant, Target::Token, &id)?;
    if !users.is_empty() {
        if !force {
            return Err(dependents::in_use(Target::Token, &id, &users));
        }
        dependents::unassign(&tx, &tenant, Target::Token, &id, &timestamp::now())?;
    }
    token_store::delete(&tx, &tenant, &id)?;
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT)
}
