//! 乡镇后评估 of a period: every township's figures, one grouped query per
//! measure over the whole district, scored by the rules in force, totalled
//! and ranked; a township sees its own row beside the district average.

use std::collections::HashMap;

use jiff::Timestamp;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::clock::{end_of_day, local_date, start_of_day};
use xinfang_domain::goals::Period;
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check, may};
use xinfang_domain::scorecard::{
    Measure, MeasureValue, ScorecardRules, TownshipScore, average_scores, rank_townships,
};
use xinfang_domain::statistics::{Counts, StatsBy};
use xinfang_store::TownshipFigure;

use super::scorecard_rules::{RulesInForce, rules_in_force};
use crate::json::{
    ScorecardAverageJson, ScorecardIndicatorJson, ScorecardJson, ScorecardMeasureJson,
    ScorecardRowJson,
};
use crate::services::ServiceResult;
use crate::state::AppState;

/// One township's line, as the viewer may see it.
#[derive(Debug, Clone)]
pub struct ScorecardRow {
    /// The township's id.
    pub township_id: i64,
    /// Its scores, total and rank.
    pub score: TownshipScore,
}

/// 全区平均.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictAverage {
    /// Each indicator's mean score, in the rules' order.
    pub scores: Vec<f64>,
    /// The mean total.
    pub total: f64,
}

/// The scorecard of a period.
#[derive(Debug, Clone)]
pub struct ScorecardReport {
    /// The period.
    pub period: Period,
    /// The rules it was scored by.
    pub rules: ScorecardRules,
    /// Whether those are the district's saved rules (else the shipped default).
    pub district_rules: bool,
    /// The rows the viewer may see, by rank.
    pub rows: Vec<ScorecardRow>,
    /// How many townships were ranked (all of the district's).
    pub townships_ranked: usize,
    /// 全区平均 over every township.
    pub average: Option<DistrictAverage>,
    /// Whether the viewer sees every township's row.
    pub sees_all: bool,
    /// 填报单位 (the district's leading bureau).
    pub unit: String,
}

/// The scorecard of `period` for `actor`, judged at `now`.
pub async fn read_scorecard(
    state: &AppState,
    actor: &Actor,
    period: Period,
    now: Timestamp,
) -> ServiceResult<ScorecardReport> {
    check(actor, Permission::ReadScorecard, &Place::Somewhere)?;
    let RulesInForce { rules, stored, .. } = rules_in_force(state).await?;
    let store = &state.store;
    let townships: Vec<(i64, String)> = store
        .list_orgs()
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Township)
        .map(|o| (o.id, o.name))
        .collect();
    let (from, to) = (
        start_of_day(period.first_day()),
        end_of_day(period.last_day()),
    );
    // The statistics' own figures (办结, 按期办结, 回访, 满意, 越级访, 超期未办结)
    // by township: one query, the same conditions as the statistics page.
    let counts: HashMap<i64, Counts> = store
        .statistics(&CaseScope::all(), Some(StatsBy::Township), from, to, now)
        .await?
        .into_iter()
        .filter_map(|g| Some((g.org_id?, g.counts)))
        .collect();
    let months = months_to_judge(period, local_date(now));
    let mut values: Vec<HashMap<i64, MeasureValue>> = Vec::new();
    for ind in &rules.indicators {
        let share = |n: i64, d: i64| MeasureValue {
            numerator: n,
            denominator: Some(d),
        };
        let from_counts = |f: fn(&Counts) -> MeasureValue| -> HashMap<i64, MeasureValue> {
            townships
                .iter()
                .map(|(id, _)| (*id, f(&counts.get(id).copied().unwrap_or_default())))
                .collect()
        };
        let figures = |rows: Vec<TownshipFigure>, months: Option<i64>| {
            rows.into_iter()
                .map(|r| {
                    (
                        r.township_id,
                        share(r.numerator, months.unwrap_or(r.denominator)),
                    )
                })
                .collect::<HashMap<i64, MeasureValue>>()
        };
        let v = match ind.measure {
            Measure::RegisteredOnTime => figures(
                store
                    .registered_within(from, to, ind.within_hours.unwrap_or(24))
                    .await?,
                None,
            ),
            Measure::MilestonesOnTime => figures(
                store
                    .milestones_on_time(from, to, now, &ind.milestones)
                    .await?,
                None,
            ),
            Measure::ScreeningMonths => {
                let mut m = figures(store.screening_months(from, to).await?, Some(months));
                for (id, _) in &townships {
                    m.entry(*id).or_insert(share(0, months));
                }
                m
            }
            Measure::ReturnVisitRate => figures(store.return_visits_due(from, to).await?, None),
            Measure::VerifiedResolved => {
                figures(store.verifications_resolved(from, to).await?, None)
            }
            Measure::NotEscalated => from_counts(|c| MeasureValue {
                numerator: c.total - c.escalated,
                denominator: Some(c.total),
            }),
            Measure::ClosedRate => from_counts(|c| MeasureValue {
                numerator: c.closed,
                denominator: Some(c.total),
            }),
            Measure::OnTimeRate => from_counts(|c| MeasureValue {
                numerator: c.on_time,
                denominator: Some(c.closed),
            }),
            Measure::OverdueOpen => from_counts(|c| MeasureValue {
                numerator: c.overdue_open,
                denominator: None,
            }),
            Measure::SatisfactionRate => from_counts(|c| MeasureValue {
                numerator: c.satisfied,
                denominator: Some(c.return_visited),
            }),
        };
        values.push(v);
    }
    let empty = |ind: &xinfang_domain::scorecard::Indicator| MeasureValue {
        numerator: 0,
        denominator: (!ind.measure.is_count()).then_some(0),
    };
    let input: Vec<(i64, String, Vec<MeasureValue>)> = townships
        .iter()
        .map(|(id, name)| {
            let v = rules
                .indicators
                .iter()
                .zip(&values)
                .map(|(ind, m)| m.get(id).copied().unwrap_or_else(|| empty(ind)))
                .collect();
            (*id, name.clone(), v)
        })
        .collect();
    let ranked = rank_townships(&rules, input);
    let average = average_scores(&ranked, rules.indicators.len())
        .map(|(scores, total)| DistrictAverage { scores, total });
    let townships_ranked = ranked.len();
    let rows: Vec<ScorecardRow> = ranked
        .into_iter()
        .filter(|score| {
            may(
                actor,
                Permission::ReadScorecard,
                &Place::Org(score.township_id),
            )
        })
        .map(|score| ScorecardRow {
            township_id: score.township_id,
            score,
        })
        .collect();
    let sees_all = rows.len() == townships_ranked;
    Ok(ScorecardReport {
        period,
        rules,
        district_rules: stored,
        rows,
        townships_ranked,
        average,
        sees_all,
        unit: store.masthead().await?.1,
    })
}

/// The months of `period` up to `today`'s month (a month not yet begun is
/// not yet due a screening).
pub fn months_to_judge(period: Period, today: jiff::civil::Date) -> i64 {
    let (first, last) = (period.first_day(), period.last_day().min(today));
    if last < first {
        return 0;
    }
    i64::from(last.year() - first.year()) * 12 + i64::from(last.month() - first.month()) + 1
}

/// The report as the API and `xinfang scorecard --json` answer it.
pub fn scorecard_json(r: &ScorecardReport) -> ScorecardJson {
    let keys: Vec<&str> = r.rules.indicators.iter().map(|i| i.key.as_str()).collect();
    ScorecardJson {
        period: r.period.key(),
        period_label: r.period.label(),
        from: r.period.first_day().to_string(),
        to: r.period.last_day().to_string(),
        title: r.rules.title.clone(),
        unit: r.unit.clone(),
        rules: if r.district_rules {
            "district"
        } else {
            "default"
        }
        .into(),
        indicators: r
            .rules
            .indicators
            .iter()
            .map(|i| ScorecardIndicatorJson {
                key: i.key.clone(),
                name: i.name.clone(),
                weight: i.weight,
                area: i.area.label().into(),
                measure: i.measure.as_str().into(),
            })
            .collect(),
        rows: r
            .rows
            .iter()
            .map(|row| {
                let s = &row.score;
                ScorecardRowJson {
                    township: s.township.clone(),
                    scores: s.scores.iter().map(|x| (x.key.clone(), x.score)).collect(),
                    total: s.total(),
                    rank: s.rank,
                    explanations: s
                        .scores
                        .iter()
                        .map(|x| (x.key.clone(), x.explanation.clone()))
                        .collect(),
                    measures: s
                        .scores
                        .iter()
                        .map(|x| {
                            (
                                x.key.clone(),
                                ScorecardMeasureJson {
                                    numerator: x.value.numerator,
                                    denominator: x.value.denominator,
                                },
                            )
                        })
                        .collect(),
                }
            })
            .collect(),
        townships_ranked: r.townships_ranked,
        district_average: r.average.as_ref().map(|a| ScorecardAverageJson {
            scores: keys
                .iter()
                .zip(&a.scores)
                .map(|(k, s)| (k.to_string(), *s))
                .collect(),
            total: a.total,
        }),
    }
}
