//! `/api/v1/scorecard`: 乡镇后评估 of a period, and its rules (indicators,
//! weights, bands) as the administrators keep them.

use axum::Json;
use axum::extract::{Query, State};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::JsonBytes;
use super::super::routes::Routes;
use crate::json::{ScorecardJson, ScorecardRulesFile, ScorecardRulesJson};
use crate::services::goals::goals_panel::period_or_this_year;
use crate::services::scorecard::read_scorecard::{read_scorecard, scorecard_json};
use crate::services::scorecard::scorecard_rules::{
    RulesInForce, rules_for_editing, save_scorecard_rules,
};
use crate::services::{ServiceError, field_error};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new().get("/scorecard", get_scorecard).get_post(
        "/scorecard/rules",
        get_rules,
        post_rules,
    )
}

/// `?period=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct ScorecardParams {
    /// 期间: `2022`, `2022-Q3` or `2022-10`; the current year when left out
    period: String,
}

/// 乡镇后评估 of a period: each indicator with its weight, and per township
/// every score with its explanation, the weighted total and the rank among
/// all townships. District roles and 督查 get every township; a township
/// officer its own row (with `district_average`); other roles 403.
#[utoipa::path(get, path = "/api/v1/scorecard", params(ScorecardParams),
    responses((status = 200, description = "The scorecard", body = ScorecardJson),
        (status = 403, description = "The role reads no scorecard", body = ErrorBody),
        (status = 422, description = "The period is wrong", body = ErrorBody)))]
pub(super) async fn get_scorecard(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<ScorecardParams>,
) -> Result<Json<ScorecardJson>, ApiError> {
    let period = period_or_this_year(&web.app, &p.period)?;
    let report = read_scorecard(&web.app, &u.actor, period, web.app.now()).await?;
    Ok(Json(scorecard_json(&report)))
}

fn rules_json(r: &RulesInForce) -> Result<ScorecardRulesJson, ServiceError> {
    Ok(ScorecardRulesJson {
        source: if r.stored { "district" } else { "default" }.into(),
        rules: serde_json::from_str(&r.body)
            .map_err(|e| ServiceError::Internal(format!("scorecard rules: {e}")))?,
    })
}

/// The scorecard rules in force (区级管理员 and 系统管理员).
#[utoipa::path(get, path = "/api/v1/scorecard/rules",
    responses((status = 200, description = "The rules in force", body = ScorecardRulesJson),
        (status = 403, description = "The role may not change the rules", body = ErrorBody)))]
pub(super) async fn get_rules(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<ScorecardRulesJson>, ApiError> {
    let r = rules_for_editing(&web.app, &u.actor).await?;
    Ok(Json(rules_json(&r)?))
}

/// Replace the scorecard rules (区级管理员 and 系统管理员): the body is the
/// rules file itself. Every problem is named by its field
/// (`indicators[3].weight`); nothing is saved unless all is well. The saved
/// rules win over the shipped file from the next request on. Audited `scorecard.save`.
#[utoipa::path(post, path = "/api/v1/scorecard/rules",
    request_body(content = ScorecardRulesFile, description = "The rules file (format in README)"),
    responses((status = 200, description = "The rules as saved", body = ScorecardRulesJson),
        (status = 403, description = "The role may not change the rules", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn post_rules(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Json<ScorecardRulesJson>, ApiError> {
    let text = std::str::from_utf8(&body)
        .map_err(|_| field_error("body", "评分规则", "请求体应为 UTF-8 编码的 JSON"))?;
    save_scorecard_rules(&web.app, &u.actor, text).await?;
    let r = rules_for_editing(&web.app, &u.actor).await?;
    Ok(Json(rules_json(&r)?))
}
