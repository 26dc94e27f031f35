//! `/api/v1/users`, `/api/v1/tokens` and `/api/v1/me/password`: the 系统管理员's users and tokens, as on 管理 → 用户; every user's own password.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xinfang_domain::account::PasswordChangeInput;

use super::super::Web;
use super::super::auth::{ApiUser, SESSION_COOKIE, cookie};
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use crate::json::{TokenJson, UserJson};
use crate::services::admin::password::change_own_password;
use crate::services::admin::tokens::{list_tokens, revoke_token};
use crate::services::admin::users::{
    UserInput, UserUpdate, create_user, list_users, update_user, user,
};

/// Every user (系统管理员 only).
#[utoipa::path(get, path = "/api/v1/users",
    responses((status = 200, description = "Every user, by organisation then login name", body = Vec<UserJson>),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody)))]
pub(super) async fn list(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<UserJson>>, ApiError> {
    let users = list_users(&web.app, Some(&u.actor)).await?;
    Ok(Json(users.iter().map(UserJson::from).collect()))
}

/// Add a user (系统管理员 only): `username`, `display_name`, `org_id`,
/// `roles` (keys or labels), `phone`, `password`. Audited `user.create`.
#[utoipa::path(post, path = "/api/v1/users", request_body = UserInput,
    responses((status = 201, description = "The user added", body = UserJson),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody),
        (status = 409, description = "The login name is taken", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn create(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: UserInput = parse_json(&body)?;
    let rec = create_user(&web.app, Some(&u.actor), &input, web.app.now()).await?;
    Ok((StatusCode::CREATED, Json(UserJson::from(&rec))).into_response())
}

/// One user (系统管理员 only).
#[utoipa::path(get, path = "/api/v1/users/{id}", params(("id" = i64, Path, description = "user id")),
    responses((status = 200, description = "The user", body = UserJson),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody)))]
pub(super) async fn get(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<UserJson>, ApiError> {
    Ok(Json(UserJson::from(&user(&web.app, &u.actor, id).await?)))
}

/// Change a user (系统管理员 only): any of `display_name`, `org_id`,
/// `roles`, `phone`, `password` (a reset: the user must change it at the
/// next login) and `active` (false disables the account: its sessions and
/// tokens stop working at once). Fields left out keep their value.
/// Audited `user.update`.
#[utoipa::path(post, path = "/api/v1/users/{id}", params(("id" = i64, Path, description = "user id")),
    request_body = UserUpdate,
    responses((status = 200, description = "The user after the change", body = UserJson),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "A field is wrong, or nothing to change", body = ErrorBody)))]
pub(super) async fn update(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<UserJson>, ApiError> {
    let input: UserUpdate = parse_json(&body)?;
    let rec = update_user(&web.app, Some(&u.actor), id, &input, web.app.now()).await?;
    Ok(Json(UserJson::from(&rec)))
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct TokenParams {
    /// Only this user's tokens (login name).
    user: String,
}

/// API tokens with their state, newest first (系统管理员 only); never the token itself.
#[utoipa::path(get, path = "/api/v1/tokens", params(TokenParams),
    responses((status = 200, description = "The tokens", body = Vec<TokenJson>),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody)))]
pub(super) async fn tokens(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<TokenParams>,
) -> Result<Json<Vec<TokenJson>>, ApiError> {
    let list = list_tokens(&web.app, Some(&u.actor), Some(&p.user)).await?;
    let now = web.app.now();
    Ok(Json(list.iter().map(|t| TokenJson::at(t, now)).collect()))
}

/// Revoke a token (系统管理员 only): it stops working with the next request. Audited `token.revoke`.
#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", params(("id" = i64, Path, description = "token id")),
    responses((status = 200, description = "The token, now revoked", body = TokenJson),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody),
        (status = 404, description = "No such token", body = ErrorBody),
        (status = 409, description = "Already revoked", body = ErrorBody)))]
pub(super) async fn revoke(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<TokenJson>, ApiError> {
    let now = web.app.now();
    let t = revoke_token(&web.app, Some(&u.actor), id, now).await?;
    Ok(Json(TokenJson::at(&t, now)))
}

/// Change the caller's own password (every user): `current_password`,
/// `new_password` and optionally `confirm_password`. The caller's other
/// sessions end. Audited `user.password`.
#[utoipa::path(post, path = "/api/v1/me/password", request_body = PasswordChangeInput,
    responses((status = 204, description = "Changed"),
        (status = 422, description = "The current password is wrong, or the new one is not accepted", body = ErrorBody)))]
pub(super) async fn change_password(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    headers: HeaderMap,
    JsonBytes(body): JsonBytes,
) -> Result<StatusCode, ApiError> {
    let input: PasswordChangeInput = parse_json(&body)?;
    let session = (!u.via_token)
        .then(|| cookie(&headers, SESSION_COOKIE))
        .flatten();
    change_own_password(
        &web.app,
        &u.actor,
        session.as_deref(),
        &input,
        web.app.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
