//! `/api/v1/periods`: 敏感节点 — the calendar, adding a period (the
//! district), and each day's 零报告 (reporting, and who has not).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use xinfang_domain::sensitive_period::{PeriodInput, ZeroReportInput, ZeroReportState};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::{PeriodJson, ZeroReportJson, ZeroSheetJson};
use crate::services::field_error;
use crate::services::periods::{add_period, periods_view, submit_zero_report, zero_sheet};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new().get_post("/periods", list, add).get_post(
        "/periods/{id}/zero-reports",
        sheet,
        report,
    )
}

/// 敏感节点 — every period, earliest first, `active` on today (any signed-in user).
#[utoipa::path(get, path = "/api/v1/periods",
    responses((status = 200, description = "The periods", body = Vec<PeriodJson>)))]
pub(super) async fn list(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<PeriodJson>>, ApiError> {
    let v = periods_view(&web.app, &u.actor).await?;
    Ok(Json(
        v.periods
            .iter()
            .map(|p| PeriodJson::of(p, v.today))
            .collect(),
    ))
}

/// Add a period (区级管理员, 系统管理员): `name`, `starts_on`, `ends_on`,
/// `contact_every_days` (1–30) required. Audited `period.create`.
#[utoipa::path(post, path = "/api/v1/periods", request_body = PeriodInput,
    responses((status = 201, description = "The period", body = PeriodJson),
        (status = 403, description = "The role may not add periods", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn add(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<PeriodJson>), ApiError> {
    let input: PeriodInput = parse_json(&body)?;
    let p = add_period(&web.app, &u.actor, &input).await?;
    let today = xinfang_domain::clock::local_date(web.app.now());
    Ok((StatusCode::CREATED, Json(PeriodJson::of(&p, today))))
}

/// `?date=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct SheetParams {
    /// 报告日期 (YYYY-MM-DD; blank: today)
    date: String,
}

/// 零报告 of a day of the period: every township 已报 / 迟报 / 未报 (the
/// district and 督查); a township officer its own row.
#[utoipa::path(get, path = "/api/v1/periods/{id}/zero-reports", params(("id" = i64, Path, description = "period id"), SheetParams),
    responses((status = 200, description = "The day's reports", body = ZeroSheetJson),
        (status = 403, description = "The role reads no 零报告", body = ErrorBody),
        (status = 404, description = "No such period", body = ErrorBody),
        (status = 422, description = "The date is not within the period", body = ErrorBody)))]
pub(super) async fn sheet(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<SheetParams>,
) -> Result<Json<ZeroSheetJson>, ApiError> {
    let day = if q.date.trim().is_empty() {
        xinfang_domain::clock::local_date(web.app.now())
    } else {
        jiff::civil::Date::strptime("%Y-%m-%d", q.date.trim())
            .map_err(|_| field_error("date", "报告日期", "日期格式不正确，应如 2022-10-17"))?
    };
    let rows = zero_sheet(&web.app, &u.actor, id, day).await?;
    let period = web
        .app
        .store
        .sensitive_period(id)
        .await
        .map_err(crate::services::ServiceError::from)?;
    let missing = rows
        .iter()
        .filter(|r| r.state == ZeroReportState::Missing)
        .count();
    Ok(Json(ZeroSheetJson {
        period_id: id,
        period: period.period.name,
        date: day.to_string(),
        reported: rows.len() - missing,
        not_reported: missing,
        townships: rows.iter().map(ZeroReportJson::from).collect(),
    }))
}

/// Report a day (a township officer, for their own township): `outcome`
/// 无异常 or 有情况 (then `issues`), `date` (blank: today). A second report
/// of the day is 409. Audited `zero_report.submit`.
#[utoipa::path(post, path = "/api/v1/periods/{id}/zero-reports", params(("id" = i64, Path, description = "period id")),
    request_body = ZeroReportInput,
    responses((status = 201, description = "The township's report", body = ZeroReportJson),
        (status = 403, description = "Not a township officer, or not for their township", body = ErrorBody),
        (status = 404, description = "No such period", body = ErrorBody),
        (status = 409, description = "Already reported that day", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn report(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<ZeroReportJson>), ApiError> {
    let input: ZeroReportInput = parse_json(&body)?;
    let r = submit_zero_report(&web.app, &u.actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(ZeroReportJson::from(&r))))
}
