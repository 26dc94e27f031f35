//! `/api/v1/orgs`: the 系统管理员 adds and renames organisations, as on the page 管理 → 组织机构.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use crate::services::admin::orgs::{OrgInput, OrgRef, OrgRow, RenameInput, add_org, rename_org};

/// Add an organisation or village under its parent (系统管理员 only):
/// `parent` (id, code or name), `kind`, `code`, `name`. Audited `org.create`.
#[utoipa::path(post, path = "/api/v1/orgs", request_body = OrgInput,
    responses((status = 201, description = "The organisation added", body = OrgRow),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn add(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: OrgInput = parse_json(&body)?;
    let row = add_org(&web.app, Some(&u.actor), &input, web.app.now()).await?;
    Ok((StatusCode::CREATED, Json(row)).into_response())
}

/// Rename an organisation (系统管理员 only): `name`. Audited `org.rename`.
#[utoipa::path(post, path = "/api/v1/orgs/{id}", params(("id" = i64, Path, description = "organisation id")),
    request_body = RenameInput,
    responses((status = 200, description = "The organisation renamed", body = OrgRow),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody),
        (status = 404, description = "No such organisation", body = ErrorBody),
        (status = 422, description = "The name is wrong", body = ErrorBody)))]
pub(super) async fn rename(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<OrgRow>, ApiError> {
    let input: RenameInput = parse_json(&body)?;
    let row = rename_org(
        &web.app,
        Some(&u.actor),
        OrgRef::Id(id),
        &input,
        web.app.now(),
    )
    .await?;
    Ok(Json(row))
}
