//! 统计分析 as the API and `xinfang stats --json` answer it.

use serde::Serialize;
use utoipa::ToSchema;
use xinfang_domain::statistics::Counts;

/// One row of figures: a group, the viewer's total or the district's.
/// Rates are fractions 0–1, `null` when their denominator is 0.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsFiguresJson {
    /// The group (a township's or unit's name, a category's, channel's or
    /// kind's Chinese label, a month `2022-09`, `（无）`), or `合计`/`全区合计`.
    pub key: String,
    /// 总量: cases received (接待日期) in the period.
    pub total: i64,
    /// 已办结 now.
    pub closed: i64,
    /// 办结率 = closed / total.
    pub closed_rate: Option<f64>,
    /// 按期办结: closed with the answering milestone met.
    pub on_time: i64,
    /// 按期办结率 = on_time / closed.
    pub on_time_rate: Option<f64>,
    /// 已回访.
    pub return_visited: i64,
    /// 满意 at the 回访.
    pub satisfied: i64,
    /// 满意率 = satisfied / return_visited.
    pub satisfaction_rate: Option<f64>,
    /// 重复访.
    pub repeat: i64,
    /// 越级访 (kind 越级访 or a 越级去向).
    pub escalated: i64,
    /// 赴省及以上越级访 (越级去向 赴省 or 进京).
    pub escalated_province_or_above: i64,
    /// 网络舆情.
    pub online: i64,
    /// 积案.
    pub backlog: i64,
    /// Not closed and a deadline past due now.
    pub overdue_open: i64,
    /// 积案化解: 积案 the district has 销号.
    pub backlog_resolved: i64,
    /// 化解率 = backlog_resolved / backlog.
    pub resolution_rate: Option<f64>,
    /// 重复访占比 = repeat / total.
    pub repeat_share: Option<f64>,
    /// 越级访占比 = escalated / total.
    pub escalated_share: Option<f64>,
    /// The case list showing exactly these cases (`/cases?…`); add
    /// `&figure=KEY` (a field name above) for one figure's cases. `null` for
    /// the district's totals shown to a viewer who may not list them.
    pub list_url: Option<String>,
}

impl StatsFiguresJson {
    /// The figures of `counts` under `key`, listed at `query` when given.
    pub fn new(key: &str, counts: &Counts, query: Option<&str>) -> StatsFiguresJson {
        StatsFiguresJson {
            key: key.to_string(),
            total: counts.total,
            closed: counts.closed,
            closed_rate: counts.closed_rate(),
            on_time: counts.on_time,
            on_time_rate: counts.on_time_rate(),
            return_visited: counts.return_visited,
            satisfied: counts.satisfied,
            satisfaction_rate: counts.satisfaction_rate(),
            repeat: counts.repeat,
            escalated: counts.escalated,
            escalated_province_or_above: counts.escalated_province_or_above,
            online: counts.online,
            backlog: counts.backlog,
            overdue_open: counts.overdue_open,
            backlog_resolved: counts.backlog_resolved,
            resolution_rate: counts.resolution_rate(),
            repeat_share: counts.repeat_share(),
            escalated_share: counts.escalated_share(),
            list_url: query.map(|q| format!("/cases?{q}")),
        }
    }
}

/// The statistics of a period (`GET /api/v1/stats`, `xinfang stats --json`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsJson {
    /// First 接待日期, `YYYY-MM-DD`.
    pub from: String,
    /// Last 接待日期 (included), `YYYY-MM-DD`.
    pub to: String,
    /// township, department, category, channel, kind or month.
    pub by: String,
    /// One row per group within the viewer's scope.
    pub groups: Vec<StatsFiguresJson>,
    /// The viewer's cases in the period (the groups add up to it).
    pub total: StatsFiguresJson,
    /// The whole district's totals, beside a township's or unit's own
    /// figures (equal to `total` for a viewer who sees every case).
    pub district_total: StatsFiguresJson,
    /// 调解: mediations held in the period on the viewer's cases, by kind.
    pub mediation: MediationStatsJson,
}

/// 调解 figures of one kind, or of all kinds together. Counted by the
/// mediation's date (调解日期 in the period), on the cases the viewer's scope
/// admits, whenever they were received.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MediationFiguresJson {
    /// 调解类型: 人民调解, 行政调解, 司法调解, or `合计`.
    pub kind: String,
    /// 调解案件数: cases with at least one such mediation (a case mediated
    /// twice counts once; in the total, a case mediated in two kinds once).
    pub cases_mediated: i64,
    /// 调解次数.
    pub mediations: i64,
    /// 达成协议 among them.
    pub agreements: i64,
    /// 协议达成率 = agreements / mediations, `null` when none was held.
    pub agreement_rate: Option<f64>,
}

impl MediationFiguresJson {
    /// The figures under `kind`.
    pub fn new(kind: &str, cases_mediated: i64, mediations: i64, agreements: i64) -> Self {
        MediationFiguresJson {
            kind: kind.to_string(),
            cases_mediated,
            mediations,
            agreements,
            agreement_rate: (mediations > 0).then(|| agreements as f64 / mediations as f64),
        }
    }
}

/// 调解 in the period: each kind (all three, zeros included) and the total.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MediationStatsJson {
    /// 人民调解, 行政调解, 司法调解 in that order.
    pub by_kind: Vec<MediationFiguresJson>,
    /// All kinds together.
    pub total: MediationFiguresJson,
}
