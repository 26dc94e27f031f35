//! Scoring: a township's figure for an indicator becomes a score 0–100 by
//! its bands and a sentence that explains it; the weighted total and the
//! rank (ties share a rank) follow.

use super::{Indicator, ScorecardRules};
use crate::statistics::{percent, rate};

/// A township's figure for one indicator, as counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MeasureValue {
    /// What is counted: 按期办结 18 (or, for a count measure, the count).
    pub numerator: i64,
    /// Out of what: 办结 20; `None` for a count measure.
    pub denominator: Option<i64>,
}

/// One indicator's score for one township.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IndicatorScore {
    /// The indicator's key.
    pub key: String,
    /// The figure.
    pub value: MeasureValue,
    /// 0–100.
    pub score: u32,
    /// 按期办结 18/20 件，90%，得分 90.
    pub explanation: String,
}

/// One township's line of the scorecard.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TownshipScore {
    /// The township's organisation id.
    pub township_id: i64,
    /// The township's name.
    pub township: String,
    /// One per indicator, in the rules' order.
    pub scores: Vec<IndicatorScore>,
    /// Σ score × weight, out of 10 000 (the total × 100, kept whole so ties are exact).
    pub weighted: u64,
    /// 名次 — 1 for the highest total; equal totals share a rank, the next rank skips.
    pub rank: u32,
}

impl TownshipScore {
    /// 总分 out of 100, to two decimals.
    pub fn total(&self) -> f64 {
        self.weighted as f64 / 100.0
    }
}

/// A number as the sentences write it: `90`, `87.5`.
fn number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Score one figure by the indicator's bands, with its sentence.
pub fn score_indicator(ind: &Indicator, value: MeasureValue) -> IndicatorScore {
    let m = ind.measure;
    let (score, explanation) = match value.denominator {
        None => {
            let n = value.numerator;
            let band = ind.bands.iter().find(|b| n as f64 <= b.bound);
            let score = band.map_or(0, |b| b.score);
            let below = if band.is_none() {
                format!(
                    "，超过最低一档{}{}",
                    number(ind.bands.last().map_or(0.0, |b| b.bound)),
                    m.unit()
                )
            } else {
                String::new()
            };
            (
                score,
                format!("{} {n} {}{below}，得分 {score}", m.counted(ind), m.unit()),
            )
        }
        Some(0) => {
            let score = ind.no_cases_score.unwrap_or(100);
            (
                score,
                format!("{}（分母为 0），按规则计 {score} 分", m.nothing_to_count()),
            )
        }
        Some(d) => {
            let n = value.numerator;
            // n/d ≥ bound% compared without rounding: n × 100 ≥ bound × d.
            let band = ind
                .bands
                .iter()
                .find(|b| (n as f64) * 100.0 >= b.bound * d as f64);
            let score = band.map_or(0, |b| b.score);
            let below = if band.is_none() {
                format!(
                    "，低于最低一档{}%",
                    number(ind.bands.last().map_or(0.0, |b| b.bound))
                )
            } else {
                String::new()
            };
            (
                score,
                format!(
                    "{} {n}/{d} {}，{}{below}，得分 {score}",
                    m.counted(ind),
                    m.unit(),
                    percent(rate(n, d)),
                ),
            )
        }
    };
    IndicatorScore {
        key: ind.key.clone(),
        value,
        score,
        explanation,
    }
}

/// Score every township (id, name, one figure per indicator in the rules'
/// order) and rank them: highest total first, equal totals sharing a rank
/// and then ordered as given (the district's order of townships).
pub fn rank_townships(
    rules: &ScorecardRules,
    townships: Vec<(i64, String, Vec<MeasureValue>)>,
) -> Vec<TownshipScore> {
    let mut rows: Vec<TownshipScore> = townships
        .into_iter()
        .map(|(township_id, township, values)| {
            let scores: Vec<IndicatorScore> = rules
                .indicators
                .iter()
                .zip(values)
                .map(|(ind, v)| score_indicator(ind, v))
                .collect();
            let weighted = rules
                .indicators
                .iter()
                .zip(&scores)
                .map(|(ind, s)| u64::from(ind.weight) * u64::from(s.score))
                .sum();
            TownshipScore {
                township_id,
                township,
                scores,
                weighted,
                rank: 0,
            }
        })
        .collect();
    // A stable sort keeps the district's order among equal totals.
    rows.sort_by_key(|r| std::cmp::Reverse(r.weighted));
    let mut rank = 0;
    let mut previous = None;
    for (i, row) in rows.iter_mut().enumerate() {
        if previous != Some(row.weighted) {
            rank = i as u32 + 1;
            previous = Some(row.weighted);
        }
        row.rank = rank;
    }
    rows
}

/// 全区平均 — each indicator's mean score and the mean total over the
/// townships scored, to two decimals; `None` when there are none.
pub fn average_scores(rows: &[TownshipScore], indicators: usize) -> Option<(Vec<f64>, f64)> {
    if rows.is_empty() {
        return None;
    }
    let n = rows.len() as f64;
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let scores = (0..indicators)
        .map(|i| {
            round(
                rows.iter()
                    .map(|r| r.scores.get(i).map_or(0.0, |s| f64::from(s.score)))
                    .sum::<f64>()
                    / n,
            )
        })
        .collect();
    let total = round(rows.iter().map(TownshipScore::total).sum::<f64>() / n);
    Some((scores, total))
}
