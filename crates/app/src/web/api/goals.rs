//! `/api/v1/goals`: the plan's goals for a period and the ranks the district
//! enters, as on the pages 目标任务 and 通报排名.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use xinfang_domain::goals::RankInput;

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::{GoalJson, GoalsJson, RankJson};
use crate::services::goals::goals_panel::{GoalStatus, GoalsPanel};
use crate::services::goals::goals_panel::{goals_panel, period_or_this_year};
use crate::services::goals::published_ranks::{RankRow, enter_rank, published_ranks};
use xinfang_domain::clock::format_rfc3339;

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/goals", get_goals)
        .get_post("/goals/ranks", list_ranks, post_rank)
}

/// `?period=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct GoalsParams {
    /// 期间: `2022`, `2022-Q3` or `2022-10`; the current year when left out
    period: String,
}

/// 目标任务 for a period over the caller's cases (district roles, townships, 督查).
#[utoipa::path(get, path = "/api/v1/goals", params(GoalsParams),
    responses((status = 200, description = "Each goal with its status, figure and case-list link", body = GoalsJson),
        (status = 403, description = "The role may not read the goals", body = ErrorBody),
        (status = 422, description = "The period is wrong", body = ErrorBody)))]
pub(super) async fn get_goals(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<GoalsParams>,
) -> Result<Json<GoalsJson>, ApiError> {
    let period = period_or_this_year(&web.app, &p.period)?;
    let panel = goals_panel(&web.app, &u.actor, period).await?;
    Ok(Json(goals_json(&panel)))
}

/// 通报排名: every rank entered, newest period first (district roles and 督查).
#[utoipa::path(get, path = "/api/v1/goals/ranks",
    responses((status = 200, description = "Every entered rank", body = Vec<RankJson>),
        (status = 403, description = "The role may not read the ranks", body = ErrorBody)))]
pub(super) async fn list_ranks(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<RankJson>>, ApiError> {
    let ranks = published_ranks(&web.app, &u.actor).await?;
    Ok(Json(ranks.iter().map(rank_json).collect()))
}

/// Enter a rank (district roles): `period`, `level` (市/省), `rank`,
/// `ranked_count`, `source` required; `published_total`, `note`. One for
/// the same period and level is replaced. Audited `goal_rank.save`.
#[utoipa::path(post, path = "/api/v1/goals/ranks", request_body = RankInput,
    responses((status = 201, description = "The rank as saved", body = RankJson),
        (status = 403, description = "Not a district role", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn post_rank(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<RankJson>), ApiError> {
    let input: RankInput = parse_json(&body)?;
    let row = enter_rank(&web.app, &u.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(rank_json(&row))))
}

/// A rank as JSON.
pub(in crate::web) fn rank_json(r: &RankRow) -> RankJson {
    {
        let k = &r.record.rank;
        RankJson {
            id: r.record.id,
            period: k.period.key(),
            period_label: r.period_label.clone(),
            level: k.level.label().into(),
            rank: k.rank,
            ranked_count: k.ranked_count,
            published_total: k.published_total,
            source: k.source.clone(),
            note: k.note.clone(),
            near_the_top: r.near_the_top,
            entered_by: r.record.entered_by.clone(),
            entered_at: format_rfc3339(r.record.entered_at),
        }
    }
}

/// The panel as JSON.
pub(in crate::web) fn goals_json(p: &GoalsPanel) -> GoalsJson {
    {
        GoalsJson {
            period: p.period.key(),
            period_label: p.period_label.clone(),
            from: p.from.clone(),
            to: p.to.clone(),
            scope: p.scope.into(),
            goals: p
                .goals
                .iter()
                .map(|g| GoalJson {
                    key: g.key.into(),
                    name: g.name.into(),
                    value: g.value,
                    previous: g.previous,
                    change: g.change,
                    status: match g.status {
                        GoalStatus::Met => "达成",
                        GoalStatus::Missed => "未达成",
                        GoalStatus::Unknown => "未录入",
                    }
                    .into(),
                    explanation: g.explanation.clone(),
                    link: g.link.clone(),
                    previous_link: g.previous_link.clone(),
                    district_value: g.district_value,
                })
                .collect(),
            rank_trend: p.rank_trend.iter().map(rank_json).collect(),
        }
    }
}
