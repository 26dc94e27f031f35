//! Demo 通报排名: the city's quarterly ranks of the district's 信访件总量 for
//! the three quarters before the last case, and the province's for the year
//! before — so the goals panel has a rank and a trend to show.

use xinfang_domain::goals::RankInput;

use super::sim::World;
use super::{Ctx, internal};
use crate::services::ServiceResult;
use crate::services::goals::published_ranks::enter_rank;
use crate::state::AppState;

/// Enter the ranks as the district bureau.
pub(super) async fn seed(state: &AppState, ctx: &Ctx, world: &World) -> ServiceResult<()> {
    let quju = ctx.actor("quju")?;
    let last = xinfang_domain::clock::local_date(world.last_received);
    let (year, quarter) = (last.year(), (last.month() - 1) / 3 + 1);
    // The three quarters before the last case's, oldest first.
    let quarters: Vec<(i16, i8)> = (1..=3)
        .rev()
        .map(|back| {
            let n = i32::from(year) * 4 + i32::from(quarter - 1) - back;
            (
                i16::try_from(n / 4).unwrap_or(year),
                i8::try_from(n % 4 + 1).unwrap_or(1),
            )
        })
        .collect();
    let mut entries: Vec<RankInput> = quarters
        .iter()
        .zip(["4", "3", "6"])
        .map(|((y, q), rank)| RankInput {
            period: format!("{y}-Q{q}"),
            level: "市".into(),
            rank: rank.into(),
            ranked_count: "9".into(),
            source: format!("许昌市信访联席办《{y}年第{q}季度信访工作通报》"),
            ..RankInput::default()
        })
        .collect();
    entries.push(RankInput {
        period: (year - 1).to_string(),
        level: "省".into(),
        rank: "38".into(),
        ranked_count: "104".into(),
        published_total: "412".into(),
        source: format!("河南省信访联席办《{}年度信访工作通报》", year - 1),
        note: "全省县（市、区）排名".into(),
    });
    for entry in &entries {
        enter_rank(state, quju, entry)
            .await
            .map_err(|e| internal(format!("demo rank {}: {e}", entry.period)))?;
    }
    Ok(())
}
