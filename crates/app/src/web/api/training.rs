//! `/api/v1/training`: 干部培训 — a year's courses and coverage, and recording a course.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use xinfang_domain::training::CourseInput;

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::{CourseJson, TrainingJson};
use crate::services::training::record_course::record_course;
use crate::services::training::training_list::{training_json, training_list, year_or_this};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new().get_post("/training", list, record)
}

/// `?year=&township=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct TrainingParams {
    /// 年度; this year when left out
    year: String,
    /// 乡镇 (name, short name or id): only its courses and coverage
    township: String,
}

/// 干部培训 for a year: the courses, and per organisation on the roster its
/// hours, people and who is not yet trained. The district and 督查 read
/// all; a township or department its own; others are refused (403).
#[utoipa::path(get, path = "/api/v1/training", params(TrainingParams),
    responses((status = 200, description = "The year's courses and coverage", body = TrainingJson),
        (status = 403, description = "The role may not read training, or not this township's", body = ErrorBody),
        (status = 422, description = "The year or the township is wrong", body = ErrorBody)))]
pub(super) async fn list(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<TrainingParams>,
) -> Result<Json<TrainingJson>, ApiError> {
    let year = year_or_this(&web.app, &p.year)?;
    let v = training_list(&web.app, &u.actor, year, &p.township).await?;
    Ok(Json(training_json(&v)))
}

/// Record a course: `date`, `topic` (`topic_other` with 其他), `hours`,
/// `trainer`, `place`, `attendees` (roster people as `org_id:leader` or
/// `org_id:cadre`); `org_id` the 主办单位 (default the caller's own). The
/// district for anyone; a township officer for their own township's people
/// only. Audited `training.record`.
#[utoipa::path(post, path = "/api/v1/training", request_body = CourseInput,
    responses((status = 201, description = "The course as recorded", body = CourseJson),
        (status = 403, description = "The role may not record training, or not for these people", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn record(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<CourseJson>), ApiError> {
    let input: CourseInput = parse_json(&body)?;
    let c = record_course(&web.app, &u.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(CourseJson::from(&c))))
}
