//! `/api/v1/campaigns` (排查活动 with their coverage and 已排查无风险 reports),
//! `/api/v1/screenings/{id}/assessments` (三级研判 of an entry) and
//! `/api/v1/assessments` (the 待研判 queue of a level).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use xinfang_domain::assessment::AssessmentInput;
use xinfang_domain::campaign::{CampaignInput, ClearReportInput};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::{AssessmentQueueJson, AssessmentsJson, CampaignCoverageJson, CampaignJson};
use crate::services::risk::assessments::{
    assess_screening, parse_level, queue, screening_assessments,
};
use crate::services::risk::campaign_page::{campaign_coverage, campaign_list};
use crate::services::risk::campaigns::{create_campaign, report_clear};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get_post("/campaigns", list_campaigns, post_campaign)
        .get("/campaigns/{id}", get_campaign)
        .post("/campaigns/{id}/clear", post_clear)
        .get_post(
            "/screenings/{id}/assessments",
            get_assessments,
            post_assessment,
        )
        .get("/assessments", get_queue)
}

/// 排查活动 the caller may read (the district and 督查 all; a township
/// those covering it, with its own township only), newest period first.
#[utoipa::path(get, path = "/api/v1/campaigns",
    responses((status = 200, description = "The campaigns", body = Vec<CampaignJson>),
        (status = 403, description = "The role reads no campaigns (departments, 包案领导, 系统管理员)", body = ErrorBody)))]
pub(super) async fn list_campaigns(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<CampaignJson>>, ApiError> {
    Ok(Json(campaign_list(&web.app, &u.actor).await?))
}

/// 组织排查活动: `name`, `kind`, `starts_on`, `ends_on` required;
/// `townships` (ids; blank: all, or a township officer's own), `villages`
/// (ids; a township named without any of its villages is covered whole),
/// `categories`, `remarks`. A township may organise only its own 日常排查.
#[utoipa::path(post, path = "/api/v1/campaigns", request_body = CampaignInput,
    responses((status = 201, description = "The campaign with its (empty) coverage", body = CampaignCoverageJson),
        (status = 403, description = "The role may not organise campaigns", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn post_campaign(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<CampaignCoverageJson>), ApiError> {
    let input: CampaignInput = parse_json(&body)?;
    let c = create_campaign(&web.app, &u.actor, &input).await?;
    let view = campaign_coverage(&web.app, &u.actor, c.id).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One campaign with its coverage (覆盖情况): per township the villages
/// covered, screened (an entry or 已排查无风险) and not, entries by grade
/// and category; every covered village's state. A township reads its own part.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", params(("id" = i64, Path, description = "campaign id")),
    responses((status = 200, description = "The campaign and its coverage", body = CampaignCoverageJson),
        (status = 403, description = "The role reads no campaigns", body = ErrorBody),
        (status = 404, description = "No such campaign, or none of its townships is the caller's", body = ErrorBody)))]
pub(super) async fn get_campaign(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CampaignCoverageJson>, ApiError> {
    Ok(Json(campaign_coverage(&web.app, &u.actor, id).await?))
}

/// 已排查无风险 — a covered village reports it was screened and nothing
/// found (`village_id`, `screened_on` in the period, `remarks`); its
/// township's officer or the district; once per village.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/clear", params(("id" = i64, Path, description = "campaign id")),
    request_body = ClearReportInput,
    responses((status = 201, description = "Recorded; the campaign's coverage after it", body = CampaignCoverageJson),
        (status = 403, description = "Not the village's township, nor the district", body = ErrorBody),
        (status = 404, description = "No such campaign for the caller", body = ErrorBody),
        (status = 409, description = "The village already reported", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn post_clear(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<CampaignCoverageJson>), ApiError> {
    let input: ClearReportInput = parse_json(&body)?;
    report_clear(&web.app, &u.actor, id, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(campaign_coverage(&web.app, &u.actor, id).await?),
    ))
}

/// 三级研判 of a screening entry: the three levels, the one awaited, the
/// final grade (the district's).
#[utoipa::path(get, path = "/api/v1/screenings/{id}/assessments", params(("id" = i64, Path, description = "entry id")),
    responses((status = 200, description = "The three levels", body = AssessmentsJson),
        (status = 404, description = "No such entry in the caller's scope", body = ErrorBody)))]
pub(super) async fn get_assessments(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<AssessmentsJson>, ApiError> {
    Ok(Json(screening_assessments(&web.app, &u.actor, id).await?))
}

/// Record one level (`level`: 村级/乡镇级/区级 or village/township/district;
/// `opinion`, `risk_grade` 一般/较大/重大, `measures`). In order: a level
/// before the one it follows is refused (422 naming `level`). 村级 and
/// 乡镇级 by the entry's township officer, 区级 by the district; the
/// district's grade becomes the entry's.
#[utoipa::path(post, path = "/api/v1/screenings/{id}/assessments", params(("id" = i64, Path, description = "entry id")),
    request_body = AssessmentInput,
    responses((status = 201, description = "Recorded; the three levels after it", body = AssessmentsJson),
        (status = 403, description = "The caller may not record this level here", body = ErrorBody),
        (status = 404, description = "No such entry in the caller's scope", body = ErrorBody),
        (status = 409, description = "Another user recorded a level at the same moment", body = ErrorBody),
        (status = 422, description = "A field is wrong or the level is out of order, named in `fields`", body = ErrorBody)))]
pub(super) async fn post_assessment(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<AssessmentsJson>), ApiError> {
    let input: AssessmentInput = parse_json(&body)?;
    let view = assess_screening(&web.app, &u.actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `?level=&page=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct QueueParams {
    /// village, township or district (or 村级, 乡镇级, 区级); default the
    /// caller's first level (a township: village; the district: district)
    level: String,
    /// Page, from 1 (50 entries a page)
    page: String,
}

/// 待研判 — screening entries awaiting a level, in the caller's scope (a
/// township: its own entries), oldest screened first, with the counts of
/// every level.
#[utoipa::path(get, path = "/api/v1/assessments", params(QueueParams),
    responses((status = 200, description = "The queue", body = AssessmentQueueJson),
        (status = 403, description = "The role reads no queue", body = ErrorBody),
        (status = 422, description = "The level is wrong", body = ErrorBody)))]
pub(super) async fn get_queue(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<QueueParams>,
) -> Result<Json<AssessmentQueueJson>, ApiError> {
    let level = parse_level(&u.actor, &p.level)?;
    let page = p.page.trim().parse().unwrap_or(1);
    Ok(Json(queue(&web.app, &u.actor, level, page).await?))
}
