//! `/api/v1/stats`: the statistics of a period, as on the page 统计分析.

use axum::Json;
use axum::extract::{Query, State};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::routes::Routes;
use crate::json::StatsJson;
use crate::services::statistics::read_statistics::{StatsInput, read_statistics, stats_json};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new().get("/stats", stats)
}

#[derive(Debug, serde::Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct StatsParams {
    /// first 接待日期, YYYY-MM-DD (default 1 January of the `to` year)
    from: String,
    /// last 接待日期, YYYY-MM-DD, included (default today)
    to: String,
    /// township (default), department, category, channel, kind or month
    by: String,
}

/// Statistics of the cases received in a period within the caller's scope,
/// grouped by `by`, with the district's totals beside them. Every figure is
/// counted now: a change to a case shows in the next request.
#[utoipa::path(get, path = "/api/v1/stats", params(StatsParams),
    responses((status = 200, description = "The figures", body = StatsJson),
        (status = 403, description = "The role reads no statistics", body = ErrorBody),
        (status = 422, description = "`from`, `to` or `by` is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn stats(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<StatsParams>,
) -> Result<Json<StatsJson>, ApiError> {
    let input = StatsInput {
        from: p.from,
        to: p.to,
        by: p.by,
        period: String::new(),
    };
    let report = read_statistics(&web.app, &u.actor, &input, web.app.now()).await?;
    Ok(Json(stats_json(&report)))
}
