//! 目标任务 — the ranks the city and the province publish (通报排名), one row
//! per period and level, and the plain count of the cases a list filter
//! matches, which the goals panel is made of (the count and the list agree
//! because both come from the one case read model).

use jiff::Timestamp;
use serde::Serialize;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::goals::{Period, PublishedRank, RankLevel};

use crate::audit::Audit;
use crate::cases::CaseFilter;
use crate::cases::read::CaseQuery;
use crate::codec::{RowExt, ms, user_ref};
use crate::{Store, StoreError, StoreResult};

/// A published rank as stored: the entry, who entered it and when.
#[derive(Debug, Clone, Serialize)]
pub struct RankRecord {
    /// Id.
    pub id: i64,
    /// The entry.
    #[serde(flatten)]
    pub rank: PublishedRank,
    /// Who entered it last.
    pub entered_by: Option<String>,
    /// When.
    pub entered_at: Timestamp,
}

impl Store {
    /// How many cases in `scope` match `filter` — the case list's own count.
    pub async fn count_matching_cases(
        &self,
        filter: &CaseFilter,
        scope: &CaseScope,
    ) -> StoreResult<i64> {
        let places = self.places().await?;
        let q = CaseQuery::within(scope).filter(filter, self.engine, &places);
        self.count_with(q.params(), q.count_sql()).await
    }

    /// Every published rank, newest period first (市 before 省 within one).
    pub async fn published_ranks(&self) -> StoreResult<Vec<RankRecord>> {
        let rows = sqlx::query(
            "SELECT r.*, u.display_name AS entered_by_name FROM published_ranks r
             LEFT JOIN users u ON u.id = r.entered_by
             ORDER BY r.period_start DESC, r.period, r.level",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let period = r.text("period")?;
                Ok(RankRecord {
                    id: r.int("id")?,
                    rank: PublishedRank {
                        period: Period::parse(&period).map_err(|e| {
                            StoreError::Other(format!("published_ranks.period {period}: {e}"))
                        })?,
                        level: r.key("level", RankLevel::parse)?,
                        rank: r.int("rank")?,
                        ranked_count: r.int("ranked_count")?,
                        published_total: r.int_opt("published_total")?,
                        source: r.text("source")?,
                        note: r.text_opt("note")?,
                    },
                    entered_by: r.text_opt("entered_by_name")?,
                    entered_at: r.time("entered_at")?,
                })
            })
            .collect()
    }

    /// Enter a published rank; one for the same period and level is
    /// replaced (the audit row keeps it as `before`). Returns the row's id.
    pub async fn save_published_rank(
        &self,
        rank: &PublishedRank,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let before = self
            .published_ranks()
            .await?
            .into_iter()
            .find(|r| r.rank.period == rank.period && r.rank.level == rank.level);
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO published_ranks (period, period_start, level, rank, ranked_count, published_total,
                source, note, entered_by, entered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (period, level) DO UPDATE SET rank = excluded.rank,
                ranked_count = excluded.ranked_count, published_total = excluded.published_total,
                source = excluded.source, note = excluded.note, entered_by = excluded.entered_by,
                entered_at = excluded.entered_at
             RETURNING id",
        )
        .bind(rank.period.key())
        .bind(rank.period.first_day().to_string())
        .bind(rank.level.as_str())
        .bind(rank.rank)
        .bind(rank.ranked_count)
        .bind(rank.published_total)
        .bind(&rank.source)
        .bind(rank.note.as_deref())
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        let audit = Audit::by(actor, AuditAction::GoalRankSave, now)
            .on("published_ranks", Some(id))
            .before(before.and_then(|b| serde_json::to_string(&b.rank).ok()))
            .after(serde_json::to_string(rank).ok());
        w.commit(audit).await?;
        Ok(id)
    }
}
