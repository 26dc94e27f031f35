//! `/api/v1/persons/{id}/assessments` — 三级研判 of a key person, as of a
//! screening entry: the district's grade becomes the person's 研判等级.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use xinfang_domain::assessment::AssessmentInput;

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::AssessmentsJson;
use crate::services::persons::assessments::{assess_person, person_assessments};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new().get_post("/persons/{id}/assessments", get_person, post_person)
}

/// 三级研判 of a key person: the three levels, the one awaited, the final grade.
#[utoipa::path(get, path = "/api/v1/persons/{id}/assessments", params(("id" = i64, Path, description = "key person id")),
    responses((status = 200, description = "The three levels", body = AssessmentsJson),
        (status = 404, description = "No such person in the caller's township", body = ErrorBody)))]
pub(super) async fn get_person(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<AssessmentsJson>, ApiError> {
    Ok(Json(person_assessments(&web.app, &u.actor, id).await?))
}

/// Record one level of a key person (`level`, `opinion`, `risk_grade`,
/// `measures`), in order; 村级 and 乡镇级 by the person's township officer,
/// 区级 by the district, whose grade becomes the person's 研判等级 (the
/// level the 稳控 duties follow).
#[utoipa::path(post, path = "/api/v1/persons/{id}/assessments", params(("id" = i64, Path, description = "key person id")),
    request_body = AssessmentInput,
    responses((status = 201, description = "Recorded; the three levels after it", body = AssessmentsJson),
        (status = 403, description = "The caller may not record this level here", body = ErrorBody),
        (status = 404, description = "No such person in the caller's township", body = ErrorBody),
        (status = 409, description = "Another user recorded a level at the same moment", body = ErrorBody),
        (status = 422, description = "A field is wrong or the level is out of order, named in `fields`", body = ErrorBody)))]
pub(super) async fn post_person(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<AssessmentsJson>), ApiError> {
    let input: AssessmentInput = parse_json(&body)?;
    let view = assess_person(&web.app, &u.actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(view)))
}
