//! The statistics table of a period, grouped one way, within the viewer's
//! case scope, beside the district's totals; every figure with the case
//! list query that shows exactly its cases.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::clock::{end_of_day, local_date, start_of_day};
use xinfang_domain::errors::FieldErrors;
use xinfang_domain::mediation::MediationKind;
use xinfang_domain::permission::{self, Permission, Place};
use xinfang_domain::statistics::{Counts, Figure, NO_GROUP, Period, StatsBy};
use xinfang_domain::vocab::{CaseKind, Category, Channel};
use xinfang_store::{MediationCount, StatsGroup};

use crate::json::{MediationFiguresJson, MediationStatsJson, StatsFiguresJson, StatsJson};
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The request as typed in a URL or on the command line; empty means the default.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StatsInput {
    /// First 接待日期 (`YYYY-MM-DD`); default 1 January of the `to` year.
    pub from: String,
    /// Last 接待日期, included (`YYYY-MM-DD`); default today.
    pub to: String,
    /// township, department, category, channel, kind or month (key or
    /// Chinese label); default township.
    pub by: String,
    /// A named period instead of `from`/`to`: `2022`, `2022-Q3` or `2022-10` (the page's picker).
    pub period: String,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsRow {
    /// What the row is: a township's or unit's name, a category's, channel's
    /// or kind's Chinese label, a month `2022-09`, or `（无）`.
    pub key: String,
    /// The figures.
    pub counts: Counts,
    /// The case-list query (`from=…&to=…&township=…`) showing exactly the
    /// row's cases; add `&figure=KEY` for one figure's.
    pub list_query: String,
}

/// The statistics of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsReport {
    /// The period.
    pub period: Period,
    /// The breakdown.
    pub by: StatsBy,
    /// One row per group, in the district's order (townships and units by
    /// code, vocabularies in their order, months in time; `（无）` last).
    pub groups: Vec<StatsRow>,
    /// Every case of the viewer's scope in the period (the groups add up to it).
    pub total: Counts,
    /// The case-list query of [`StatsReport::total`].
    pub total_query: String,
    /// The whole district's totals in the period, beside a township's or a
    /// unit's own figures; the same as `total` for a viewer who sees every case.
    pub district_total: Counts,
    /// Whether the viewer's scope is the whole district.
    pub sees_district: bool,
    /// 调解 held in the period on the viewer's cases, by kind.
    pub mediation: MediationStats,
}

/// 调解 held in a period on the cases of a scope.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MediationStats {
    /// Each kind held at least once.
    pub by_kind: Vec<(MediationKind, MediationCount)>,
    /// Cases with any mediation (each once).
    pub cases_mediated: i64,
}

impl MediationStats {
    /// The figures of `kind` (zeros when none was held).
    pub fn of(&self, kind: MediationKind) -> MediationCount {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, c)| *c)
            .unwrap_or_default()
    }
}

/// The statistics for `actor`, judged at `now`: one grouped query for the
/// viewer's scope, and one for the district's totals when the scope is narrower.
pub async fn read_statistics(
    state: &AppState,
    actor: &Actor,
    input: &StatsInput,
    now: Timestamp,
) -> ServiceResult<StatsReport> {
    permission::check(actor, Permission::ReadStatistics, &Place::Somewhere)?;
    let (period, by) = parse(input, local_date(now))?;
    let (from, to) = (start_of_day(period.from), end_of_day(period.to));
    let scope = actor.case_scope();
    let store = &state.store;
    let rows = store.statistics(&scope, Some(by), from, to, now).await?;
    let mut groups: Vec<(SortKey, StatsRow)> = rows.iter().map(|g| row(by, g, &period)).collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let groups: Vec<StatsRow> = groups.into_iter().map(|(_, r)| r).collect();
    let total = groups
        .iter()
        .fold(Counts::default(), |sum, g| sum.plus(&g.counts));
    let district_total = if scope.all {
        total
    } else {
        let all = store
            .statistics(&CaseScope::all(), None, from, to, now)
            .await?;
        all.first().map(|g| g.counts).unwrap_or_default()
    };
    let mediation = MediationStats {
        by_kind: store.mediation_counts(&scope, from, to).await?,
        cases_mediated: store.cases_mediated(&scope, from, to).await?,
    };
    Ok(StatsReport {
        mediation,
        period,
        by,
        groups,
        total,
        total_query: period_query(&period),
        district_total,
        sees_district: scope.all,
    })
}

/// The period and breakdown, or the fields that are wrong, each named in Chinese.
pub fn parse(input: &StatsInput, today: jiff::civil::Date) -> ServiceResult<(Period, StatsBy)> {
    let mut errors = FieldErrors::default();
    let period = if input.period.trim().is_empty() {
        Period::parse(&input.from, &input.to, today)
    } else {
        Period::named(&input.period)
    }
    .map_err(|e| errors.add(e.field, e.label, e.message))
    .ok();
    let by = match input.by.trim() {
        "" => Some(StatsBy::Township),
        s => StatsBy::parse(s).or_else(|| {
            errors.add(
                "by",
                "分组",
                format!("无法识别的分组“{s}”，应为 township、department、category、channel、kind 或 month"),
            );
            None
        }),
    };
    match (period, by) {
        (Some(p), Some(b)) if errors.is_empty() => Ok((p, b)),
        _ => Err(ServiceError::Invalid(errors)),
    }
}

/// Groups sort: known groups first in the district's order, `（无）` last.
type SortKey = (bool, usize, String);

fn row(by: StatsBy, g: &StatsGroup, period: &Period) -> (SortKey, StatsRow) {
    let base = period_query(period);
    let (key, list_query, rank) = match (by, g.key.as_deref()) {
        // Every case has a township, category, channel, kind and month, so
        // only a unit can be missing (not yet assigned).
        (_, None) => (NO_GROUP.to_string(), format!("{base}&lead_unit=none"), 0),
        (StatsBy::Township, Some(name)) => (
            name.to_string(),
            format!("{base}&township={}", g.org_id.unwrap_or_default()),
            0,
        ),
        (StatsBy::Department, Some(name)) => (
            name.to_string(),
            format!("{base}&lead_unit={}", g.org_id.unwrap_or_default()),
            0,
        ),
        (StatsBy::Category, Some(k)) => vocab(k, &base, "category", Category::parse, Category::ALL),
        (StatsBy::Channel, Some(k)) => vocab(k, &base, "channel", Channel::parse, Channel::ALL),
        (StatsBy::Kind, Some(k)) => vocab(k, &base, "kind", CaseKind::parse, CaseKind::ALL),
        (StatsBy::Month, Some(m)) => (m.to_string(), month_query(m, period), 0),
    };
    let order = g.org_code.clone().unwrap_or_else(|| key.clone());
    (
        (g.key.is_none(), rank, order),
        StatsRow {
            key,
            counts: g.counts,
            list_query,
        },
    )
}

/// The case-list query of a period: `from=…&to=…` (both days included).
pub fn period_query(period: &Period) -> String {
    format!("from={}&to={}", period.from, period.to)
}

fn vocab<T: Copy + std::fmt::Display + PartialEq>(
    stored: &str,
    base: &str,
    field: &str,
    parse: fn(&str) -> Option<T>,
    all: &[T],
) -> (String, String, usize) {
    let query = format!("{base}&{field}={stored}");
    match parse(stored) {
        Some(v) => (
            v.to_string(),
            query,
            all.iter().position(|x| *x == v).unwrap_or(usize::MAX),
        ),
        None => (stored.to_string(), query, usize::MAX),
    }
}

/// The list query of a month row: that month's days within the period.
fn month_query(month: &str, period: &Period) -> String {
    match format!("{month}-01").parse::<jiff::civil::Date>() {
        Ok(first) => {
            let from = first.max(period.from);
            let to = first.last_of_month().min(period.to);
            format!("from={from}&to={to}")
        }
        Err(_) => period_query(period),
    }
}

/// The query showing one figure of a row's cases.
pub fn figure_query(list_query: &str, figure: Figure) -> String {
    match figure {
        Figure::Total => list_query.to_string(),
        f => format!("{list_query}&figure={}", f.as_str()),
    }
}

/// The report as the API and `xinfang stats --json` answer it.
pub fn stats_json(r: &StatsReport) -> StatsJson {
    let row = |g: &StatsRow| StatsFiguresJson::new(&g.key, &g.counts, Some(&g.list_query));
    StatsJson {
        from: r.period.from.to_string(),
        to: r.period.to.to_string(),
        by: r.by.as_str().to_string(),
        groups: r.groups.iter().map(row).collect(),
        total: StatsFiguresJson::new("合计", &r.total, Some(&r.total_query)),
        district_total: StatsFiguresJson::new(
            "全区合计",
            &r.district_total,
            r.sees_district.then_some(r.total_query.as_str()),
        ),
        mediation: mediation_json(&r.mediation),
    }
}

/// The 调解 section: all three kinds in order, and the total.
pub fn mediation_json(m: &MediationStats) -> MediationStatsJson {
    let by_kind = MediationKind::ALL
        .iter()
        .map(|k| {
            let c = m.of(*k);
            MediationFiguresJson::new(k.label(), c.cases, c.mediations, c.agreements)
        })
        .collect();
    let sum = |f: fn(&MediationCount) -> i64| m.by_kind.iter().map(|(_, c)| f(c)).sum::<i64>();
    MediationStatsJson {
        by_kind,
        total: MediationFiguresJson::new(
            "合计",
            m.cases_mediated,
            sum(|c| c.mediations),
            sum(|c| c.agreements),
        ),
    }
}
