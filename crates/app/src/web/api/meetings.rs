//! `/api/v1/meetings` — the monthly 隐患分析排查会议: the month's overview,
//! recording a meeting, a meeting, marking a measure done, the pack as PDF —
//! `/api/v1/measures` (the open ones) and `/api/v1/visit-plan` (扶贫日).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xinfang_domain::meeting::{MeasureDoneInput, MeetingInput};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::kit::respond;
use super::super::routes::Routes;
use crate::json::{MeasureJson, MeetingJson, MonthOverviewJson, VisitPlanJson};
use crate::services::meetings::overview::{self, month_or_this, today};
use crate::services::meetings::pack::meeting_pack_file;
use crate::services::meetings::record;
use crate::services::meetings::visit_plan::{parse_tuesday, visit_plan};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get_post("/meetings", month, create)
        .get("/meetings/pack", pack)
        .get("/meetings/{id}", show)
        .post("/meetings/{id}/measures/{mid}/done", done)
        .get("/measures", open_measures)
        .get("/visit-plan", plan)
}

/// `?month=YYYY-MM`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct MonthQuery {
    /// 月份, YYYY-MM (default: this month).
    month: String,
}

/// The month's meetings by township (this month by default): which held
/// theirs, with each meeting and its measures, and each township's open and
/// overdue measures. A township sees its own row.
#[utoipa::path(get, path = "/api/v1/meetings", params(MonthQuery),
    responses((status = 200, description = "The month by township", body = MonthOverviewJson),
        (status = 403, description = "Departments and 包案领导 hold no such meeting", body = ErrorBody),
        (status = 422, description = "The month is wrong", body = ErrorBody)))]
pub(super) async fn month(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(q): Query<MonthQuery>,
) -> Result<Json<MonthOverviewJson>, ApiError> {
    let m = month_or_this(&web.app, &q.month)?;
    Ok(Json(overview::month_overview(&web.app, &u.actor, m).await?))
}

/// Record a meeting: `township_id` (a township's user may omit it),
/// `held_on`, `place`, `chair`, `attendees` (names), `risks`, `measures`:
/// `[{content, owner, due}]` (at least one). Errors name the field, a
/// measure's as `measures[0].due`.
#[utoipa::path(post, path = "/api/v1/meetings", request_body(content = MeetingInput, description = "The meeting, as text"),
    responses((status = 201, description = "Recorded", body = MeetingJson),
        (status = 403, description = "Not the township's, nor the district", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn create(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: MeetingInput = parse_json(&body)?;
    let id = record::record_meeting(&web.app, &u.actor, &input, web.app.now()).await?;
    let m = overview::meeting(&web.app, &u.actor, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(MeetingJson::new(&m, today(&web.app))),
    )
        .into_response())
}

/// One meeting with its measures and where each stands today.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", params(("id" = i64, Path, description = "meeting id")),
    responses((status = 200, description = "The meeting", body = MeetingJson),
        (status = 404, description = "No such meeting, or not the caller's township", body = ErrorBody)))]
pub(super) async fn show(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<MeetingJson>, ApiError> {
    let m = overview::meeting(&web.app, &u.actor, id).await?;
    Ok(Json(MeetingJson::new(&m, today(&web.app))))
}

/// Mark a measure carried out: `date` (blank for today), `note` (落实情况).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/measures/{mid}/done",
    params(("id" = i64, Path, description = "meeting id"), ("mid" = i64, Path, description = "measure id")),
    request_body(content = MeasureDoneInput, description = "When and what was done"),
    responses((status = 200, description = "The meeting after it", body = MeetingJson),
        (status = 403, description = "Not the township's, nor the district", body = ErrorBody),
        (status = 404, description = "No such measure", body = ErrorBody),
        (status = 409, description = "Marked done already", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn done(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path((id, mid)): Path<(i64, i64)>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<MeetingJson>, ApiError> {
    let input: MeasureDoneInput = parse_json(&body)?;
    record::complete_measure(&web.app, &u.actor, id, mid, &input, web.app.now()).await?;
    let m = overview::meeting(&web.app, &u.actor, id).await?;
    Ok(Json(MeetingJson::new(&m, today(&web.app))))
}

/// `?township=&month=`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct PackQuery {
    /// 乡镇: name, short name or id.
    township: String,
    /// The meeting's month, YYYY-MM (default: this month).
    month: String,
}

/// The meeting pack (会议材料) as PDF: last month's new cases, the open and
/// overdue ones, key persons by risk, last month's screening entries and
/// last month's measures with whether they were done.
#[utoipa::path(get, path = "/api/v1/meetings/pack", params(PackQuery),
    responses((status = 200, description = "The pack as PDF", content_type = "application/pdf"),
        (status = 403, description = "Not the caller's township", body = ErrorBody),
        (status = 422, description = "Unknown township or bad month", body = ErrorBody)))]
pub(super) async fn pack(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(q): Query<PackQuery>,
) -> Result<Response, ApiError> {
    let m = month_or_this(&web.app, &q.month)?;
    let (name, bytes) = meeting_pack_file(&web.app, &u.actor, &q.township, m).await?;
    Ok(respond::pdf(&name, bytes))
}

/// The meetings' measures not yet done that the caller reads, soonest due first.
#[utoipa::path(get, path = "/api/v1/measures",
    responses((status = 200, description = "The open measures", body = Vec<MeasureJson>)))]
pub(super) async fn open_measures(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<MeasureJson>>, ApiError> {
    let list = overview::open_measures(&web.app, &u.actor).await?;
    let today = today(&web.app);
    Ok(Json(
        list.iter().map(|m| MeasureJson::new(m, today)).collect(),
    ))
}

/// `?date=YYYY-MM-DD`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct PlanQuery {
    /// Any day of the week wanted (default: the coming Tuesday).
    date: String,
}

/// The 扶贫日 visit plan: for a Tuesday, each township's proposed visits
/// (clocks a visit meets and backlog 定期联络 due before the next Tuesday,
/// overdue first) and the visits made that week.
#[utoipa::path(get, path = "/api/v1/visit-plan", params(PlanQuery),
    responses((status = 200, description = "The plan", body = VisitPlanJson),
        (status = 403, description = "Departments and 包案领导 have no plan", body = ErrorBody),
        (status = 422, description = "The date is wrong", body = ErrorBody)))]
pub(super) async fn plan(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(q): Query<PlanQuery>,
) -> Result<Json<VisitPlanJson>, ApiError> {
    let tuesday = parse_tuesday(&web.app, &q.date)?;
    Ok(Json(visit_plan(&web.app, &u.actor, tuesday).await?))
}
