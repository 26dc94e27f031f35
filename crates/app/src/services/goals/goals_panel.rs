//! 目标任务 panel — each goal of the work plan with its status for a period,
//! over the viewer's cases. Every figure is the case list's own count of a
//! filter, and links to that list, so the count and the list agree.

use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::goals::{Period, RankLevel, is_near_the_top};
use xinfang_domain::permission::{Permission, Place, check, may};

use super::published_ranks::{RankRow, published_ranks};
use crate::services::cases::query::{FilterInput, resolve_filter};
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// Whether a goal is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum GoalStatus {
    /// 达成
    #[serde(rename = "达成")]
    Met,
    /// 未达成
    #[serde(rename = "未达成")]
    Missed,
    /// 未录入 — the figure it is judged by has not been entered.
    #[serde(rename = "未录入")]
    Unknown,
}

/// One goal for the period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Goal {
    /// Stable key: `escalated_province_or_above`, `repeat_province_or_above`,
    /// `major_online`, `total`, `rank_city`, `rank_province`.
    pub key: &'static str,
    /// The goal as the plan words it.
    pub name: &'static str,
    /// The figure: a count of cases, or the rank.
    pub value: Option<i64>,
    /// The same figure a year earlier (总量), or at the previous entry (排名).
    pub previous: Option<i64>,
    /// Change against `previous` as a fraction (总量 only; null when it was 0).
    pub change: Option<f64>,
    /// 达成, 未达成 or 未录入.
    pub status: GoalStatus,
    /// A sentence saying how the status was reached.
    pub explanation: String,
    /// The case list showing exactly the cases counted (page path), if a count.
    pub link: Option<String>,
    /// The same list a year earlier (总量 only).
    pub previous_link: Option<String>,
    /// The whole district's figure, beside a township's or unit's own
    /// (a count only, never the cases); `None` for a viewer who sees the
    /// district, and for ranks.
    pub district_value: Option<i64>,
}

/// The panel.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalsPanel {
    /// 期间: `2022`, `2022-Q3`, `2022-10`.
    pub period: Period,
    /// 期间 as people say it.
    pub period_label: String,
    /// First day (YYYY-MM-DD).
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
    /// Whose cases: 全区, or the viewer's own.
    pub scope: &'static str,
    /// Each goal.
    pub goals: Vec<Goal>,
    /// The entered ranks of the same length of period (all years, oldest
    /// first) — the trend; empty for a viewer who may not read them.
    pub rank_trend: Vec<RankRow>,
    /// The viewer may read the published ranks (the page links to them).
    pub reads_ranks: bool,
}

/// The period a request names, or the current year when blank.
pub fn period_or_this_year(state: &AppState, text: &str) -> ServiceResult<Period> {
    let text = if text.trim().is_empty() {
        xinfang_domain::clock::local_date(state.now())
            .year()
            .to_string()
    } else {
        text.to_string()
    };
    Period::parse(&text).map_err(|m| {
        let mut e = xinfang_domain::errors::FieldErrors::default();
        e.add("period", "期间", m);
        ServiceError::Invalid(e)
    })
}

/// The filter a goal counts with, as its case-list link types it.
#[derive(Debug, Clone, Default)]
struct Counted {
    escalated_province_or_above: bool,
    repeats_earlier: bool,
    major_online: bool,
}

impl Counted {
    fn input(&self, period: Period) -> FilterInput {
        let yes = |b: bool| if b { "1" } else { "" }.to_string();
        FilterInput {
            from: period.first_day().to_string(),
            to: period.last_day().to_string(),
            escalated_province_or_above: yes(self.escalated_province_or_above),
            repeats_earlier: yes(self.repeats_earlier),
            kind: if self.major_online {
                "online_opinion".into()
            } else {
                String::new()
            },
            severity: if self.major_online {
                "major".into()
            } else {
                String::new()
            },
            ..FilterInput::default()
        }
    }

    fn link(&self, period: Period) -> String {
        let i = self.input(period);
        let mut q = vec![format!("from={}", i.from), format!("to={}", i.to)];
        for (k, v) in [
            ("kind", &i.kind),
            ("severity", &i.severity),
            (
                "escalated_province_or_above",
                &i.escalated_province_or_above,
            ),
            ("repeats_earlier", &i.repeats_earlier),
        ] {
            if !v.is_empty() {
                q.push(format!("{k}={v}"));
            }
        }
        format!("/cases?{}", q.join("&"))
    }

    async fn count(&self, state: &AppState, actor: &Actor, period: Period) -> ServiceResult<i64> {
        self.count_within(state, &actor.case_scope(), period).await
    }

    async fn count_within(
        &self,
        state: &AppState,
        scope: &CaseScope,
        period: Period,
    ) -> ServiceResult<i64> {
        let filter = resolve_filter(state, &self.input(period)).await?;
        Ok(state.store.count_matching_cases(&filter, scope).await?)
    }

    /// The district's count beside a narrower viewer's own.
    async fn district(
        &self,
        state: &AppState,
        actor: &Actor,
        period: Period,
    ) -> ServiceResult<Option<i64>> {
        if actor.case_scope().all {
            return Ok(None);
        }
        Ok(Some(
            self.count_within(state, &CaseScope::all(), period).await?,
        ))
    }
}

/// A goal met when no case is counted.
async fn none_wanted(
    state: &AppState,
    actor: &Actor,
    period: Period,
    key: &'static str,
    name: &'static str,
    counted: Counted,
    what: &str,
) -> ServiceResult<Goal> {
    let n = counted.count(state, actor, period).await?;
    let district_value = counted.district(state, actor, period).await?;
    let status = if n == 0 {
        GoalStatus::Met
    } else {
        GoalStatus::Missed
    };
    Ok(Goal {
        key,
        name,
        value: Some(n),
        previous: None,
        change: None,
        status,
        explanation: format!("{}{what}{n}件", period.label()),
        link: Some(counted.link(period)),
        previous_link: None,
        district_value,
    })
}

/// The panel for `period` over the viewer's cases (district roles, townships, 督查).
pub async fn goals_panel(
    state: &AppState,
    actor: &Actor,
    period: Period,
) -> ServiceResult<GoalsPanel> {
    check(actor, Permission::ReadGoals, &Place::Somewhere)?;
    let mut goals = vec![
        none_wanted(
            state,
            actor,
            period,
            "escalated_province_or_above",
            "不出现赴省级以上越级访",
            Counted {
                escalated_province_or_above: true,
                ..Counted::default()
            },
            "赴省、进京越级访",
        )
        .await?,
        none_wanted(
            state,
            actor,
            period,
            "repeat_province_or_above",
            "不出现赴省级以上重复访",
            Counted {
                escalated_province_or_above: true,
                repeats_earlier: true,
                ..Counted::default()
            },
            "赴省、进京且关联前案的重复访",
        )
        .await?,
        none_wanted(
            state,
            actor,
            period,
            "major_online",
            "不发生重大负面舆情",
            Counted {
                major_online: true,
                ..Counted::default()
            },
            "舆情等级为重大的网络舆情",
        )
        .await?,
        total_trend(state, actor, period).await?,
    ];
    let reads_ranks = may(actor, Permission::ReadRanks, &Place::Somewhere);
    let rank_trend = if reads_ranks {
        let mut same_grain: Vec<RankRow> = published_ranks(state, actor)
            .await?
            .into_iter()
            .filter(|r| r.record.rank.period.same_grain(period))
            .collect();
        same_grain.sort_by_key(|r| (r.record.rank.period.first_day(), r.record.rank.level));
        for level in RankLevel::ALL {
            goals.push(rank_goal(&same_grain, period, *level));
        }
        same_grain
    } else {
        Vec::new()
    };
    Ok(GoalsPanel {
        period,
        period_label: period.label(),
        from: period.first_day().to_string(),
        to: period.last_day().to_string(),
        scope: if actor.case_scope().all {
            "全区"
        } else {
            "本单位"
        },
        goals,
        rank_trend,
        reads_ranks,
    })
}

/// 信访总量有序下降: the period's count against the same period a year earlier.
async fn total_trend(state: &AppState, actor: &Actor, period: Period) -> ServiceResult<Goal> {
    let all = Counted::default();
    let earlier = period.a_year_earlier();
    let n = all.count(state, actor, period).await?;
    let before = all.count(state, actor, earlier).await?;
    let district_value = all.district(state, actor, period).await?;
    let change = (before > 0).then(|| ratio(n - before, before));
    let status = if n < before || n == 0 {
        GoalStatus::Met
    } else {
        GoalStatus::Missed
    };
    let trend = match change {
        Some(c) if n < before => format!("下降{:.1}%", -c * 100.0),
        Some(c) if n > before => format!("上升{:.1}%", c * 100.0),
        Some(_) => "持平".to_string(),
        None => "上年同期无信访件".to_string(),
    };
    Ok(Goal {
        key: "total",
        name: "信访总量有序下降",
        value: Some(n),
        previous: Some(before),
        change,
        status,
        explanation: format!(
            "{}信访件{n}件，上年同期（{}）{before}件，{trend}",
            period.label(),
            earlier.label()
        ),
        link: Some(all.link(period)),
        previous_link: Some(all.link(earlier)),
        district_value,
    })
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts of cases are far below 2^52"
)]
fn ratio(a: i64, b: i64) -> f64 {
    a as f64 / b as f64
}

/// 信访件总量不居于省、市前列: the rank entered for the period at `level`, against the entry before it.
fn rank_goal(trend: &[RankRow], period: Period, level: RankLevel) -> Goal {
    let (key, name) = match level {
        RankLevel::City => ("rank_city", "信访件总量不居于市前列"),
        RankLevel::Province => ("rank_province", "信访件总量不居于省前列"),
    };
    let of_level: Vec<&RankRow> = trend
        .iter()
        .filter(|r| r.record.rank.level == level)
        .collect();
    let at = of_level.iter().position(|r| r.record.rank.period == period);
    let Some(at) = at else {
        return Goal {
            key,
            name,
            value: None,
            previous: None,
            change: None,
            status: GoalStatus::Unknown,
            explanation: format!("尚未录入{}{}通报的排名", period.label(), level.label()),
            link: None,
            previous_link: None,
            district_value: None,
        };
    };
    let r = &of_level[at].record.rank;
    let prev = at.checked_sub(1).map(|i| &of_level[i].record.rank);
    let moved = match prev {
        Some(p) if p.rank > r.rank => format!(
            "，较{}第{}名前移{}位",
            p.period.label(),
            p.rank,
            p.rank - r.rank
        ),
        Some(p) if p.rank < r.rank => format!(
            "，较{}第{}名后移{}位",
            p.period.label(),
            p.rank,
            r.rank - p.rank
        ),
        Some(p) => format!("，与{}持平", p.period.label()),
        None => String::new(),
    };
    let top = is_near_the_top(r.rank, r.ranked_count);
    Goal {
        key,
        name,
        value: Some(r.rank),
        previous: prev.map(|p| p.rank),
        change: None,
        status: if top {
            GoalStatus::Missed
        } else {
            GoalStatus::Met
        },
        explanation: format!(
            "{}{}通报第{}名（共{}个县区）{}{moved}",
            period.label(),
            level.label(),
            r.rank,
            r.ranked_count,
            if top {
                "，居于前列"
            } else {
                "，不居前列"
            },
        ),
        link: None,
        previous_link: None,
        district_value: None,
    }
}
