//! `/api/v1/reports` and `/api/v1/unit-info`: the Friday package (preview,
//! sending, 报送记录) and 单位信息, as on the pages 每周报送 and 管理 → 单位信息.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use xinfang_domain::unit_info::UnitInfoInput;

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::kit::respond;
use super::super::routes::Routes;
use crate::json::{PendingCaseJson, ReportPreviewJson, SendingJson, SendingListJson, UnitInfoJson};
use crate::services::admin::unit_info::{save_unit_info, unit_info};
use crate::services::ledgers::sendings::{send, sending, sendings, sent_package};
use crate::services::ledgers::weekly_report::{Preview, preview};
use xinfang_domain::clock::format_rfc3339;

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get_post("/unit-info", get_unit_info, post_unit_info)
        .get_post("/reports/weekly", preview_weekly, send_weekly)
        .get("/reports/sendings", list_sendings)
        .get("/reports/sendings/{id}", get_sending)
        .get("/reports/sendings/{id}/package", get_package)
}

/// 单位信息 (any signed-in user: it is printed on the district's forms).
#[utoipa::path(get, path = "/api/v1/unit-info",
    responses((status = 200, description = "The bureau's details; `saved` false before the first save", body = UnitInfoJson),
        (status = 401, description = "No or bad credentials", body = ErrorBody)))]
pub(super) async fn get_unit_info(
    State(web): State<Web>,
    _u: ApiUser,
) -> Result<Json<UnitInfoJson>, ApiError> {
    let info = unit_info(&web.app).await?;
    Ok(Json(UnitInfoJson::from(info.as_ref())))
}

/// Save 单位信息 (系统管理员 only): `name`, `contact_person`, `phone` required;
/// `address`, `postcode`, `email`. Audited `unit_info.save`.
#[utoipa::path(post, path = "/api/v1/unit-info", request_body = UnitInfoInput,
    responses((status = 200, description = "The details as saved", body = UnitInfoJson),
        (status = 403, description = "Not the 系统管理员", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn post_unit_info(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Json<UnitInfoJson>, ApiError> {
    let input: UnitInfoInput = parse_json(&body)?;
    let info = save_unit_info(&web.app, &u.actor, &input).await?;
    Ok(Json(UnitInfoJson::from(Some(&info))))
}

fn preview_json(p: &Preview) -> ReportPreviewJson {
    ReportPreviewJson {
        since: p.since.map(format_rfc3339),
        last_sending_id: p.last_sending_id,
        incomplete: p.incomplete,
        cases: p
            .cases
            .iter()
            .map(|c| PendingCaseJson {
                id: c.id,
                number: c.number.clone(),
                petitioner: c.petitioner.clone(),
                township: c.township.clone(),
                closed_at: c.closed_at.map(format_rfc3339),
                missing: c.missing.clone(),
            })
            .collect(),
    }
}

/// 报送预览 (区乡村振兴局 only): every closed provincial case not yet sent,
/// each with what its folder lacks. Records nothing.
#[utoipa::path(get, path = "/api/v1/reports/weekly",
    responses((status = 200, description = "What the next package holds", body = ReportPreviewJson),
        (status = 403, description = "Not the district bureau", body = ErrorBody)))]
pub(super) async fn preview_weekly(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<ReportPreviewJson>, ApiError> {
    Ok(Json(preview_json(&preview(&web.app, &u.actor).await?)))
}

/// Send the Friday package (区乡村振兴局 only): builds it, keeps the file and
/// records the sending (报送记录) with its cases; the next package starts
/// after it. Audited `report.send`. An empty package is a 零报告.
#[utoipa::path(post, path = "/api/v1/reports/weekly",
    responses((status = 201, description = "The sending as recorded; download the file from `package`", body = SendingJson),
        (status = 403, description = "Not the district bureau", body = ErrorBody),
        (status = 409, description = "Someone else sent a package meanwhile", body = ErrorBody)))]
pub(super) async fn send_weekly(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Response, ApiError> {
    let sent = send(&web.app, &u.actor).await?;
    Ok((StatusCode::CREATED, Json(SendingJson::from(&sent.sending))).into_response())
}

/// 报送记录 (区乡村振兴局 only), newest first, without their cases.
#[utoipa::path(get, path = "/api/v1/reports/sendings",
    responses((status = 200, description = "Every package sent", body = SendingListJson),
        (status = 403, description = "Not the district bureau", body = ErrorBody)))]
pub(super) async fn list_sendings(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<SendingListJson>, ApiError> {
    let items = sendings(&web.app, &u.actor).await?;
    Ok(Json(SendingListJson {
        items: items.iter().map(SendingJson::from).collect(),
    }))
}

/// One package sent, with its cases and what each lacked (区乡村振兴局 only).
#[utoipa::path(get, path = "/api/v1/reports/sendings/{id}", params(("id" = i64, Path, description = "sending id")),
    responses((status = 200, description = "The sending", body = SendingJson),
        (status = 403, description = "Not the district bureau", body = ErrorBody),
        (status = 404, description = "No such sending", body = ErrorBody)))]
pub(super) async fn get_sending(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<SendingJson>, ApiError> {
    Ok(Json(SendingJson::from(
        &sending(&web.app, &u.actor, id).await?,
    )))
}

/// A package exactly as it was sent (.zip; 区乡村振兴局 only). Logged as a reveal.
#[utoipa::path(get, path = "/api/v1/reports/sendings/{id}/package", params(("id" = i64, Path, description = "sending id")),
    responses((status = 200, description = "The .zip as sent", content_type = "application/zip"),
        (status = 403, description = "Not the district bureau", body = ErrorBody),
        (status = 404, description = "No such sending", body = ErrorBody)))]
pub(super) async fn get_package(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (name, bytes) = sent_package(&web.app, &u.actor, id).await?;
    Ok(respond::zip(&name, bytes))
}
