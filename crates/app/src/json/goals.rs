//! 目标任务 as JSON: the goals panel and the ranks the district entered.

use serde::Serialize;

/// One goal of the work plan for the period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GoalJson {
    /// `escalated_province_or_above`, `repeat_province_or_above`,
    /// `major_online`, `total`, `rank_city`, `rank_province`
    pub key: String,
    /// The goal as the plan words it
    pub name: String,
    /// The figure: a count of cases, or the rank; null when not entered
    pub value: Option<i64>,
    /// 总量: the same period a year earlier; 排名: the previous entry
    pub previous: Option<i64>,
    /// 总量: change against last year as a fraction (−0.25 = 下降25%); null when last year had none
    pub change: Option<f64>,
    /// 达成, 未达成 or 未录入
    pub status: String,
    /// How the status was reached, as a sentence
    pub explanation: String,
    /// The case list showing exactly the cases counted (a page path; the
    /// same query on `/api/v1/cases` lists them as JSON)
    pub link: Option<String>,
    /// 总量: the list a year earlier
    pub previous_link: Option<String>,
    /// The whole district's count, beside a township's or unit's own
    /// figure; null for a viewer who sees the district, and for ranks
    pub district_value: Option<i64>,
}

/// The goals panel.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GoalsJson {
    /// 期间: `2022`, `2022-Q3` or `2022-10`
    pub period: String,
    /// 期间 as people say it (2022年第三季度)
    pub period_label: String,
    /// First day, YYYY-MM-DD
    pub from: String,
    /// Last day (inclusive), YYYY-MM-DD
    pub to: String,
    /// 全区, or 本单位 for a township
    pub scope: String,
    /// Each goal
    pub goals: Vec<GoalJson>,
    /// The ranks entered for periods of the same length, oldest first (the
    /// trend); empty for a viewer who may not read them
    pub rank_trend: Vec<RankJson>,
}

/// A rank the city or the province published.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RankJson {
    /// Id
    pub id: i64,
    /// 期间: `2022`, `2022-Q3` or `2022-10`
    pub period: String,
    /// 期间 as people say it
    pub period_label: String,
    /// 通报层级: 市 or 省
    pub level: String,
    /// 排名 (1 = the most petitions)
    pub rank: i64,
    /// 参与排名数
    pub ranked_count: i64,
    /// 通报总量, when published
    pub published_total: Option<i64>,
    /// 来源 (the notice or document)
    pub source: String,
    /// 备注
    pub note: Option<String>,
    /// 居于前列: among the first third of the districts ranked
    pub near_the_top: bool,
    /// Who entered it
    pub entered_by: Option<String>,
    /// When, RFC 3339 with +08:00
    pub entered_at: String,
}
