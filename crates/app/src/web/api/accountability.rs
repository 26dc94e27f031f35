//! `/api/v1/accountability`: 问责 — the actions the caller may read and, for
//! the district, recording one.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use xinfang_domain::accountability::AccountabilityInput;

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::{AccountabilityJson, AccountabilityListJson};
use crate::services::accountability::accountability_list::{
    accountability_list, list_json, parse_filter,
};
use crate::services::accountability::record_action::record_accountability;

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new().get_post("/accountability", list, record)
}

/// `?unit=&year=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct ListParams {
    /// 被问责单位 (organisation id): only its actions
    unit: String,
    /// 年度 (e.g. 2022): only actions dated in it
    year: String,
}

/// 问责记录: the district and 督查 read every action; a township or a
/// department only those against itself; others are refused (403).
#[utoipa::path(get, path = "/api/v1/accountability", params(ListParams),
    responses((status = 200, description = "The actions, newest first, and the tally per unit", body = AccountabilityListJson),
        (status = 403, description = "The role may not read accountability actions, or not this unit's", body = ErrorBody),
        (status = 422, description = "The unit or the year is wrong", body = ErrorBody)))]
pub(super) async fn list(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<ListParams>,
) -> Result<Json<AccountabilityListJson>, ApiError> {
    let (unit, year) = parse_filter(&p.unit, &p.year)?;
    let l = accountability_list(&web.app, &u.actor, unit, year).await?;
    Ok(Json(list_json(&l)))
}

/// Record an action (district roles): `unit_id`, `kind`, `basis`, `reason`,
/// `date`, `cases` (case numbers) required; `document_number` required
/// except for 约谈; `person` (required for 诫勉). A timeline event on each
/// case and the audit row `accountability.record` in one transaction.
#[utoipa::path(post, path = "/api/v1/accountability", request_body = AccountabilityInput,
    responses((status = 201, description = "The action as recorded", body = AccountabilityJson),
        (status = 403, description = "Not a district role", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn record(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<AccountabilityJson>), ApiError> {
    let input: AccountabilityInput = parse_json(&body)?;
    let r = record_accountability(&web.app, &u.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(AccountabilityJson::from(&r))))
}
