//! `/api/v1/opinions` — the opinion board (网络舆情) — and an incident's
//! disposal records under `/api/v1/cases/{id}/opinion`: its status, its
//! 正面发声 and its links to petitions.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use xinfang_domain::opinion::{OpinionLinkInput, OpinionStatusInput, VoiceInput};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::{OpinionBoardJson, OpinionJson, VoiceJson};
use crate::services::cases::opinions::{self, BoardQuery};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/opinions", board)
        .get("/cases/{id}/opinion", show)
        .post("/cases/{id}/opinion/status", change_status)
        .get_post("/cases/{id}/opinion/voices", list_voices, record_voice)
        .post("/cases/{id}/opinion/links", link)
}

/// The opinion board: the 网络舆情 incidents the caller may read, most
/// recently found first, with `counts` by disposal status, and the 较大/重大
/// ones with no 正面发声 yet. Filters: `status` (监测中/已回应/已处置/已平息
/// or keys), `severity` (一般/较大/重大 or keys), `township` (id).
#[utoipa::path(get, path = "/api/v1/opinions",
    params(("status" = Option<String>, Query, description = "处置状态"), ("severity" = Option<String>, Query, description = "舆情等级"),
        ("township" = Option<i64>, Query, description = "乡镇 id")),
    responses((status = 200, description = "The board", body = OpinionBoardJson),
        (status = 422, description = "A filter is wrong, named", body = ErrorBody)))]
pub(super) async fn board(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(q): Query<BoardQuery>,
) -> Result<Json<OpinionBoardJson>, ApiError> {
    let rows = opinions::board(&web.app, &u.actor, &q).await?;
    Ok(Json(OpinionBoardJson::new(&rows, web.app.now())))
}

/// What the board records on a case: its disposal status with the history,
/// its 正面发声, the cases linked to it (both ways) that the caller may see.
#[utoipa::path(get, path = "/api/v1/cases/{id}/opinion", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "The record", body = OpinionJson), (status = 404, description = "No such case, or not visible", body = ErrorBody)))]
pub(super) async fn show(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<OpinionJson>, ApiError> {
    let r = opinions::record(&web.app, &u.actor, id).await?;
    Ok(Json(OpinionJson::from(&r)))
}

/// Change an incident's disposal status: `status` (监测中/已回应/已处置/已平息),
/// `date` (blank for now), `note` (required when going back, e.g. 舆情反弹).
/// The incident's township and units, and the district.
#[utoipa::path(post, path = "/api/v1/cases/{id}/opinion/status", params(("id" = i64, Path, description = "case id")),
    request_body(content = OpinionStatusInput, description = "The change, as text"),
    responses((status = 200, description = "The record after it", body = OpinionJson),
        (status = 403, description = "The caller does not handle this incident", body = ErrorBody),
        (status = 404, description = "No such case, or not visible", body = ErrorBody),
        (status = 409, description = "Not a 网络舆情, or the status was changed meanwhile", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn change_status(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<OpinionJson>, ApiError> {
    let input: OpinionStatusInput = parse_json(&body)?;
    opinions::change_status(&web.app, &u.actor, id, &input, web.app.now()).await?;
    let r = opinions::record(&web.app, &u.actor, id).await?;
    Ok(Json(OpinionJson::from(&r)))
}

/// An incident's 正面发声, oldest first.
#[utoipa::path(get, path = "/api/v1/cases/{id}/opinion/voices", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "The 正面发声", body = Vec<VoiceJson>), (status = 404, description = "No such case, or not visible", body = ErrorBody)))]
pub(super) async fn list_voices(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<VoiceJson>>, ApiError> {
    let r = opinions::record(&web.app, &u.actor, id).await?;
    Ok(Json(OpinionJson::from(&r).voices))
}

/// Record a 正面发声: `speaker` (发声主体), `channel` (官方通报/情况说明,
/// 政务新媒体发布, 评论区回复, 媒体报道, 与发帖人沟通, 其他), `platform`,
/// `date`, `content`, `link` (http/https). The incident's township and
/// units, and the district.
#[utoipa::path(post, path = "/api/v1/cases/{id}/opinion/voices", params(("id" = i64, Path, description = "case id")),
    request_body(content = VoiceInput, description = "The 正面发声, as text"),
    responses((status = 201, description = "Recorded: the record with it", body = OpinionJson),
        (status = 403, description = "The caller does not handle this incident", body = ErrorBody),
        (status = 404, description = "No such case, or not visible", body = ErrorBody),
        (status = 409, description = "Not a 网络舆情", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn record_voice(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: VoiceInput = parse_json(&body)?;
    opinions::record_voice(&web.app, &u.actor, id, &input, web.app.now()).await?;
    let r = opinions::record(&web.app, &u.actor, id).await?;
    Ok((StatusCode::CREATED, Json(OpinionJson::from(&r))).into_response())
}

/// Link an incident to a case the caller can see: `case` (its 案件编号 or
/// id), `note`. The link shows on both cases' timelines.
#[utoipa::path(post, path = "/api/v1/cases/{id}/opinion/links", params(("id" = i64, Path, description = "case id of the incident")),
    request_body(content = OpinionLinkInput, description = "The case to link"),
    responses((status = 201, description = "Linked: the record with it", body = OpinionJson),
        (status = 403, description = "The caller does not handle this incident", body = ErrorBody),
        (status = 404, description = "No such incident, or not visible", body = ErrorBody),
        (status = 409, description = "Not a 网络舆情, or linked already", body = ErrorBody),
        (status = 422, description = "The case named is unknown or not visible (`case`)", body = ErrorBody)))]
pub(super) async fn link(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: OpinionLinkInput = parse_json(&body)?;
    opinions::link(&web.app, &u.actor, id, &input, web.app.now()).await?;
    let r = opinions::record(&web.app, &u.actor, id).await?;
    Ok((StatusCode::CREATED, Json(OpinionJson::from(&r))).into_response())
}
