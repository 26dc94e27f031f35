//! The scorecard as the .xlsx handed in: what the viewer may see (every
//! township, or a township's own row), the district average, every sentence.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::clock::local_date;
use xinfang_domain::goals::Period;
use xinfang_forms::scorecard::{ScorecardSheet, SheetIndicator, SheetRow, scorecard_xlsx};

use super::read_scorecard::read_scorecard;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The file name and bytes of the scorecard of `period` for `actor`.
pub async fn scorecard_file(
    state: &AppState,
    actor: &Actor,
    period: Period,
    now: Timestamp,
) -> ServiceResult<(String, Vec<u8>)> {
    let r = read_scorecard(state, actor, period, now).await?;
    let sheet = ScorecardSheet {
        title: r.rules.title.clone(),
        period: r.period.label(),
        unit: r.unit.clone(),
        basis: r.rules.basis.clone(),
        indicators: r
            .rules
            .indicators
            .iter()
            .map(|i| SheetIndicator {
                name: i.name.clone(),
                area: i.area.label().into(),
                weight: i.weight,
            })
            .collect(),
        rows: r
            .rows
            .iter()
            .map(|row| SheetRow {
                township: row.score.township.clone(),
                scores: row
                    .score
                    .scores
                    .iter()
                    .map(|s| f64::from(s.score))
                    .collect(),
                total: row.score.total(),
                rank: Some(row.score.rank),
                explanations: row
                    .score
                    .scores
                    .iter()
                    .map(|s| s.explanation.clone())
                    .collect(),
            })
            .collect(),
        average: r.average.as_ref().map(|a| SheetRow {
            township: "全区平均".into(),
            scores: a.scores.clone(),
            total: a.total,
            rank: None,
            explanations: Vec::new(),
        }),
        made_on: local_date(now).to_string(),
    };
    let bytes = scorecard_xlsx(&sheet).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let who = match r.rows.as_slice() {
        [only] if !r.sees_all => format!("_{}", only.score.township),
        _ => String::new(),
    };
    Ok((format!("乡镇后评估_{}{who}.xlsx", r.period.key()), bytes))
}
