//! `/api/v1/cases/{id}/mediations` and `/verifications`: a case's records of
//! resolution — 调解, 实地跟踪核查 and the 整改情况 a 需整改 verdict asks
//! for — and `/api/v1/rectifications`, the open ones.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use xinfang_domain::mediation::MediationInput;
use xinfang_domain::verification::{RectificationInput, VerificationInput};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::{CaseJson, MediationJson, OpenRectificationJson, VerificationJson};
use crate::services::cases::query::{milestones, view};
use crate::services::cases::{mediations, verifications};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get_post("/cases/{id}/mediations", list_mediations, record_mediation)
        .get_post(
            "/cases/{id}/verifications",
            list_verifications,
            record_verification,
        )
        .post(
            "/cases/{id}/verifications/{vid}/rectification",
            answer_rectification,
        )
        .get("/rectifications", open_rectifications)
}

/// A case's mediations (调解), oldest first.
#[utoipa::path(get, path = "/api/v1/cases/{id}/mediations", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "The mediations", body = Vec<MediationJson>), (status = 404, description = "No such case, or not visible", body = ErrorBody)))]
pub(super) async fn list_mediations(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MediationJson>>, ApiError> {
    let list = mediations::mediations(&web.app, &u.actor, id).await?;
    Ok(Json(list.iter().map(MediationJson::from).collect()))
}

/// Record a mediation (调解) on a case: `kind` (人民调解/行政调解/司法调解),
/// `date`, `place`, `mediators`, participants by role (`lawyers`,
/// `counsellors`, `elders` (五老), `village_cadres`, `others`: names separated
/// by 、 or commas), `outcome` (达成协议/未达成), `agreement` (required with
/// 达成协议), `attachment_id` (the signed agreement, uploaded to the case
/// first). The case's township and units and the district may record one.
#[utoipa::path(post, path = "/api/v1/cases/{id}/mediations", params(("id" = i64, Path, description = "case id")),
    request_body(content = MediationInput, description = "The mediation's fields, as text"),
    responses((status = 201, description = "Recorded: the case with it", body = CaseJson),
        (status = 403, description = "The caller does not handle this case", body = ErrorBody),
        (status = 404, description = "No such case, or not visible", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn record_mediation(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: MediationInput = parse_json(&body)?;
    mediations::record_mediation(&web.app, &u.actor, id, &input, web.app.now()).await?;
    let v = view(&web.app, &u.actor, id).await?;
    Ok((StatusCode::CREATED, Json(CaseJson::from(&v))).into_response())
}

/// A case's verifications (实地跟踪核查), oldest first, each with its
/// rectification, the state of its clock and the unit's answer.
#[utoipa::path(get, path = "/api/v1/cases/{id}/verifications", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "The verifications", body = Vec<VerificationJson>), (status = 404, description = "No such case, or not visible", body = ErrorBody)))]
pub(super) async fn list_verifications(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<VerificationJson>>, ApiError> {
    let list = verifications::verifications(&web.app, &u.actor, id).await?;
    let clocks = milestones(&web.app, &u.actor, id, web.app.now()).await?;
    Ok(Json(
        list.iter()
            .map(|r| VerificationJson::new(r, &clocks))
            .collect(),
    ))
}

/// Record a verification (实地跟踪核查): `date`, `method` (实地/入户/电话),
/// `findings`, `verdict` (属实已解决/未化解/需整改); with 需整改 also
/// `rectification_demand` and `rectification_due` (YYYY-MM-DD), which start a
/// 整改 clock for the case's responsible unit. The inspection group (督查)
/// and the district only.
#[utoipa::path(post, path = "/api/v1/cases/{id}/verifications", params(("id" = i64, Path, description = "case id")),
    request_body(content = VerificationInput, description = "The verification's fields, as text"),
    responses((status = 201, description = "Recorded: the case with it", body = CaseJson),
        (status = 403, description = "Only 督查 and the district verify", body = ErrorBody),
        (status = 404, description = "No such case, or not visible", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named (需整改 on a case not yet assigned names `verdict`)", body = ErrorBody)))]
pub(super) async fn record_verification(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: VerificationInput = parse_json(&body)?;
    verifications::record_verification(&web.app, &u.actor, id, &input, web.app.now()).await?;
    let v = view(&web.app, &u.actor, id).await?;
    Ok((StatusCode::CREATED, Json(CaseJson::from(&v))).into_response())
}

/// The unit's 整改情况 on a 需整改 verification: `text`, `date` (blank for
/// now), `attachment_id` (evidence uploaded to the case). Meets the 整改
/// clock. The case's units and township, and the district.
#[utoipa::path(post, path = "/api/v1/cases/{id}/verifications/{vid}/rectification",
    params(("id" = i64, Path, description = "case id"), ("vid" = i64, Path, description = "verification id")),
    request_body(content = RectificationInput, description = "The answer's fields, as text"),
    responses((status = 200, description = "The case after it", body = CaseJson),
        (status = 403, description = "The caller is not of the case's units", body = ErrorBody),
        (status = 404, description = "No such case or verification", body = ErrorBody),
        (status = 409, description = "No rectification was demanded, or it was answered already", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn answer_rectification(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path((id, vid)): Path<(i64, i64)>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<CaseJson>, ApiError> {
    let input: RectificationInput = parse_json(&body)?;
    verifications::answer_rectification(&web.app, &u.actor, id, vid, &input, web.app.now()).await?;
    let v = view(&web.app, &u.actor, id).await?;
    Ok(Json(CaseJson::from(&v)))
}

/// 待整改: the rectifications not yet answered on the cases the caller may
/// read, soonest due first.
#[utoipa::path(get, path = "/api/v1/rectifications",
    responses((status = 200, description = "The open rectifications", body = Vec<OpenRectificationJson>)))]
pub(super) async fn open_rectifications(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<OpenRectificationJson>>, ApiError> {
    Ok(Json(
        crate::services::cases::case_records_page::open_rectification_list(&web.app, &u.actor)
            .await?,
    ))
}
