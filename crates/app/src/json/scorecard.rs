//! 乡镇后评估 as JSON: the indicators, each township's scores, total, rank
//! and explanations (`GET /api/v1/scorecard`, `xinfang scorecard --json`).

use std::collections::BTreeMap;

use serde::Serialize;

/// One indicator of the scorecard.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardIndicatorJson {
    /// Stable key, the key of `scores` and `explanations`: `on_time_rate`
    pub key: String,
    /// Chinese name: 按期办结率
    pub name: String,
    /// 权重; the weights add up to 100
    pub weight: u32,
    /// The plan's area: 线索接转, 渠道畅通, 信访件办理 or 回访核查
    pub area: String,
    /// How its figure is counted (`on_time_rate`, `milestones_on_time`, …; see README)
    pub measure: String,
}

/// An indicator's figure for a township.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardMeasureJson {
    /// What is counted (按期办结 18), or the count of a count measure (超期未办结 2)
    pub numerator: i64,
    /// Out of what (办结 20); null for a count measure
    pub denominator: Option<i64>,
}

/// One township's line.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardRowJson {
    /// The township's name
    pub township: String,
    /// Each indicator's score 0–100, by key
    pub scores: BTreeMap<String, u32>,
    /// 总分: Σ score × weight / 100, two decimals
    pub total: f64,
    /// 名次 among all the district's townships (equal totals share a rank)
    pub rank: u32,
    /// Each score's explanation, by key: 按期办结 18/20 件，90%，得分 90
    pub explanations: BTreeMap<String, String>,
    /// Each indicator's figure, by key
    pub measures: BTreeMap<String, ScorecardMeasureJson>,
}

/// 全区平均 over all the district's townships.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardAverageJson {
    /// Each indicator's mean score, by key, two decimals
    pub scores: BTreeMap<String, f64>,
    /// The mean total, two decimals
    pub total: f64,
}

/// The scorecard of a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardJson {
    /// 期间: `2022`, `2022-Q3` or `2022-10`
    pub period: String,
    /// 期间 as people say it: 2022年第三季度
    pub period_label: String,
    /// First 接待日期 counted, `YYYY-MM-DD`
    pub from: String,
    /// Last 接待日期 counted (included), `YYYY-MM-DD`
    pub to: String,
    /// The sheet's title (from the rules)
    pub title: String,
    /// 填报单位: the district's leading bureau
    pub unit: String,
    /// `default` (the shipped `rules/scorecard.json`) or `district` (the rules an administrator saved)
    pub rules: String,
    /// The indicators, in the sheet's order
    pub indicators: Vec<ScorecardIndicatorJson>,
    /// Every township for district roles, by rank; a township's own row only for a township
    pub rows: Vec<ScorecardRowJson>,
    /// How many townships were ranked
    pub townships_ranked: usize,
    /// 全区平均; null when the district has no township
    pub district_average: Option<ScorecardAverageJson>,
}

/// 后评估规则 in force (`GET`/`POST /api/v1/scorecard/rules`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardRulesJson {
    /// `default` (the shipped `rules/scorecard.json`) or `district` (saved by an administrator)
    pub source: String,
    /// The rules file itself (format in README, "Township scorecard")
    #[schema(value_type = ScorecardRulesFile)]
    pub rules: serde_json::Value,
}

/// The scorecard rules file (`rules/scorecard.json`, or the district's own):
/// described for the API; the server reads it with `ScorecardRules::parse`,
/// which names every problem by its field.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardRulesFile {
    /// The sheet's title: 乡镇涉贫信访舆情工作后评估
    pub title: String,
    /// 依据, printed under the sheet
    pub basis: Option<String>,
    /// The indicators, in the sheet's order; weights add up to 100
    pub indicators: Vec<ScorecardIndicatorFile>,
}

/// One indicator of the rules file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardIndicatorFile {
    /// Stable key: lower-case letters, digits and `_`, unique
    pub key: String,
    /// Chinese name, unique, at most 20 characters
    pub name: String,
    /// 线索接转, 渠道畅通, 信访件办理 or 回访核查
    pub area: String,
    /// registered_on_time, milestones_on_time, not_escalated, screening_months,
    /// closed_rate, on_time_rate, overdue_open, return_visit_rate or satisfaction_rate
    pub measure: String,
    /// 1–100
    pub weight: u32,
    /// milestones_on_time only: the milestone keys counted (`contact`, `contact_same_day`, …)
    pub milestones: Option<Vec<String>>,
    /// registered_on_time only: registered within this many hours of the 接待时间
    pub within_hours: Option<u32>,
    /// Best first: `at_least` percentages descending (shares) or `at_most` counts ascending (overdue_open)
    pub bands: Vec<ScorecardBandFile>,
    /// Shares only: the score when the denominator is 0
    pub no_cases_score: Option<u32>,
}

/// A scoring band: exactly one of `at_least` / `at_most`, and `score` 0–100.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardBandFile {
    /// A share of at least this percentage (0–100) scores `score`
    pub at_least: Option<f64>,
    /// A count of at most this many scores `score`
    pub at_most: Option<u32>,
    /// 0–100
    pub score: u32,
}
