//! 通报排名 — the district enters the rank of its 信访件总量 that the city
//! or the province published for a period; district roles and 督查 read them.

use xinfang_domain::access::Actor;
use xinfang_domain::goals::{RankInput, is_near_the_top};
use xinfang_domain::permission::{Permission, Place, check, may};
use xinfang_store::RankRecord;

use crate::services::ServiceResult;
use crate::state::AppState;

/// A published rank as the page and the API show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RankRow {
    /// The stored entry.
    #[serde(flatten)]
    pub record: RankRecord,
    /// 期间 as people say it (2022年第三季度).
    pub period_label: String,
    /// 居于前列 — among the first third of the districts ranked.
    pub near_the_top: bool,
}

impl From<RankRecord> for RankRow {
    fn from(record: RankRecord) -> RankRow {
        RankRow {
            period_label: record.rank.period.label(),
            near_the_top: is_near_the_top(record.rank.rank, record.rank.ranked_count),
            record,
        }
    }
}

/// The 通报排名 page: every entry, newest first, and whether the viewer may enter one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RanksPage {
    /// Every entry.
    pub ranks: Vec<RankRow>,
    /// The viewer may enter a rank.
    pub may_enter: bool,
}

/// Every entered rank (district roles and 督查).
pub async fn published_ranks(state: &AppState, actor: &Actor) -> ServiceResult<Vec<RankRow>> {
    check(actor, Permission::ReadRanks, &Place::Somewhere)?;
    Ok(state
        .store
        .published_ranks()
        .await?
        .into_iter()
        .map(RankRow::from)
        .collect())
}

/// The page's view.
pub async fn ranks_page(state: &AppState, actor: &Actor) -> ServiceResult<RanksPage> {
    Ok(RanksPage {
        ranks: published_ranks(state, actor).await?,
        may_enter: may(actor, Permission::EnterRank, &Place::Somewhere),
    })
}

/// Enter a rank (district roles): permission first, then every field
/// checked; one for the same period and level is replaced. Audited.
pub async fn enter_rank(
    state: &AppState,
    actor: &Actor,
    input: &RankInput,
) -> ServiceResult<RankRow> {
    check(actor, Permission::EnterRank, &Place::Somewhere)?;
    let rank = input.parse()?;
    let id = state
        .store
        .save_published_rank(&rank, actor, state.now())
        .await?;
    let saved = state
        .store
        .published_ranks()
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| {
            crate::services::ServiceError::Internal(format!("published rank {id} not read back"))
        })?;
    Ok(saved.into())
}
