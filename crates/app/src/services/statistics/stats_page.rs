//! The page 统计分析: the table of a period with its charts (monthly trend
//! against a year earlier, townships, category shares), and the table as .xlsx.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::clock::{end_of_day, start_of_day};
use xinfang_domain::statistics::{Counts, Figure, Period, StatsBy};
use xinfang_forms::table::{TableCell, table_xlsx};

use super::charts::{TrendPoint, bars_svg, shares_svg, trend_svg};
use super::read_statistics::{StatsInput, StatsReport, read_statistics};
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// What the page shows.
#[derive(Debug, Clone)]
pub struct StatsPage {
    /// The table.
    pub report: StatsReport,
    /// 总量 by month against a year earlier, as SVG.
    pub trend_svg: String,
    /// Cases by township, as SVG.
    pub townships_svg: String,
    /// Category shares, as SVG.
    pub categories_svg: String,
    /// 环比: the total of the period of the same length just before.
    pub previous_total: i64,
    /// 同比: the total of the same days a year earlier.
    pub year_earlier_total: i64,
}

/// The page's figures and charts for `actor` at `now`.
pub async fn stats_page(
    state: &AppState,
    actor: &Actor,
    input: &StatsInput,
    now: Timestamp,
) -> ServiceResult<StatsPage> {
    let report = read_statistics(state, actor, input, now).await?;
    let scope = actor.case_scope();
    let store = &state.store;
    let p = report.period;
    let count = |period: Period, by: Option<StatsBy>| async move {
        store
            .statistics(
                &scope,
                by,
                start_of_day(period.from),
                end_of_day(period.to),
                now,
            )
            .await
    };
    let earlier = p.year_earlier();
    let months_now = count(p, Some(StatsBy::Month)).await?;
    let months_before = count(earlier, Some(StatsBy::Month)).await?;
    let of = |rows: &[xinfang_store::StatsGroup], key: &str| {
        rows.iter()
            .find(|g| g.key.as_deref() == Some(key))
            .map(|g| g.counts.total)
            .unwrap_or(0)
    };
    let two_years = p.from.year() != p.to.year();
    let trend: Vec<TrendPoint> = p
        .months()
        .iter()
        .map(|(y, m)| TrendPoint {
            label: if two_years {
                format!("{}年{m}月", y % 100)
            } else {
                format!("{m}月")
            },
            current: of(&months_now, &format!("{y:04}-{m:02}")),
            year_earlier: of(&months_before, &format!("{:04}-{m:02}", y - 1)),
        })
        .collect();
    let year_earlier_total = months_before.iter().map(|g| g.counts.total).sum();
    let days = (p.to - p.from).get_days() as i64 + 1;
    let previous = Period {
        from: p.from - jiff::Span::new().days(days),
        to: p.from - jiff::Span::new().days(1),
    };
    let previous_total = count(previous, None)
        .await?
        .first()
        .map(|g| g.counts.total)
        .unwrap_or(0);
    let townships = if report.by == StatsBy::Township {
        report.groups.clone()
    } else {
        read_statistics(state, actor, &with_by(input, StatsBy::Township), now)
            .await?
            .groups
    };
    let categories = if report.by == StatsBy::Category {
        report.groups.clone()
    } else {
        read_statistics(state, actor, &with_by(input, StatsBy::Category), now)
            .await?
            .groups
    };
    let totals = |rows: &[super::read_statistics::StatsRow]| -> Vec<(String, i64)> {
        rows.iter()
            .map(|g| (g.key.clone(), g.counts.total))
            .collect()
    };
    Ok(StatsPage {
        trend_svg: trend_svg(&trend),
        townships_svg: bars_svg("各乡镇信访总量", &totals(&townships)),
        categories_svg: shares_svg("问题类别占比", &totals(&categories)),
        report,
        previous_total,
        year_earlier_total,
    })
}

fn with_by(input: &StatsInput, by: StatsBy) -> StatsInput {
    StatsInput {
        by: by.as_str().into(),
        ..input.clone()
    }
}

/// The column headers of the table, after the group's.
pub const COLUMNS: &[(&str, Column)] = &[
    ("总量", Column::Count(Figure::Total)),
    ("办结", Column::Count(Figure::Closed)),
    ("办结率", Column::ClosedRate),
    ("按期办结", Column::Count(Figure::OnTime)),
    ("按期办结率", Column::OnTimeRate),
    ("回访", Column::Count(Figure::ReturnVisited)),
    ("满意", Column::Count(Figure::Satisfied)),
    ("满意率", Column::SatisfactionRate),
    ("重复访", Column::Count(Figure::Repeat)),
    ("重复访占比", Column::RepeatShare),
    ("越级访", Column::Count(Figure::Escalated)),
    ("越级访占比", Column::EscalatedShare),
    (
        "赴省及以上越级访",
        Column::Count(Figure::EscalatedProvinceOrAbove),
    ),
    ("网络舆情", Column::Count(Figure::Online)),
    ("积案", Column::Count(Figure::Backlog)),
    ("积案化解", Column::Count(Figure::BacklogResolved)),
    ("化解率", Column::ResolutionRate),
    ("超期未办结", Column::Count(Figure::OverdueOpen)),
];

/// A column of the table: a figure's count or a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// A count, linked to its cases.
    Count(Figure),
    /// 办结率.
    ClosedRate,
    /// 按期办结率.
    OnTimeRate,
    /// 满意率.
    SatisfactionRate,
    /// 重复访占比.
    RepeatShare,
    /// 越级访占比.
    EscalatedShare,
    /// 化解率.
    ResolutionRate,
}

impl Column {
    /// The count of this column, if it is one.
    pub fn count(self, c: &Counts) -> Option<i64> {
        match self {
            Column::Count(f) => Some(c.get(f)),
            _ => None,
        }
    }

    /// The rate of this column, if it is one.
    pub fn rate(self, c: &Counts) -> Option<Option<f64>> {
        match self {
            Column::Count(_) => None,
            Column::ClosedRate => Some(c.closed_rate()),
            Column::OnTimeRate => Some(c.on_time_rate()),
            Column::SatisfactionRate => Some(c.satisfaction_rate()),
            Column::RepeatShare => Some(c.repeat_share()),
            Column::EscalatedShare => Some(c.escalated_share()),
            Column::ResolutionRate => Some(c.resolution_rate()),
        }
    }
}

/// The table as .xlsx: the groups, 合计, and 全区合计 for a narrower scope.
pub async fn stats_xlsx(
    state: &AppState,
    actor: &Actor,
    input: &StatsInput,
    now: Timestamp,
) -> ServiceResult<(String, Vec<u8>)> {
    let r = read_statistics(state, actor, input, now).await?;
    let row = |key: &str, c: &Counts| -> Vec<TableCell> {
        let mut cells = vec![TableCell::Text(key.to_string())];
        for (_, col) in COLUMNS {
            cells.push(match (col, col.rate(c)) {
                (Column::Count(f), _) => TableCell::Count(c.get(*f)),
                (_, Some(rate)) => TableCell::Rate(rate),
                (_, None) => TableCell::Text(String::new()),
            });
        }
        cells
    };
    let mut rows: Vec<Vec<TableCell>> = r.groups.iter().map(|g| row(&g.key, &g.counts)).collect();
    rows.push(row("合计", &r.total));
    if !r.sees_district {
        rows.push(row("全区合计", &r.district_total));
    }
    let mut headers = vec![r.by.label()];
    headers.extend(COLUMNS.iter().map(|(h, _)| *h));
    let title = format!(
        "信访统计（{} 至 {}，按{}）",
        r.period.from,
        r.period.to,
        r.by.label()
    );
    let bytes = table_xlsx("统计", &title, &headers, &rows)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let name = format!(
        "信访统计_{}_{}_{}.xlsx",
        r.period.from,
        r.period.to,
        r.by.label()
    );
    Ok((name, bytes))
}
