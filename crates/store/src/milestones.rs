//! Milestones (时限节点) as stored: one row per case and milestone, rewritten
//! with every change of the case and moved along by the sweeper.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

use crate::codec::{RowExt, flag, ms, ms_opt};
use crate::{Store, StoreResult};

/// A milestone of a case, computed by the domain's deadline engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneRow {
    /// Rule key, e.g. `preliminary_report`.
    pub key: String,
    /// Chinese name.
    pub name: String,
    /// A window that closes quietly (复查申请期限) rather than a deadline.
    pub is_window: bool,
    /// When its clock started.
    pub started_at: Option<Timestamp>,
    /// When it is due (24:00 of day D is 00:00 of D+1).
    pub due_at: Option<Timestamp>,
    /// When it was completed.
    pub completed_at: Option<Timestamp>,
    /// State key (see `MilestoneState::as_str`).
    pub state: String,
    /// How the due time was reached.
    pub explanation: String,
    /// Calendar warnings, joined by "；".
    pub warnings: String,
    /// When it turns 临期预警.
    pub warn_from: Option<Timestamp>,
}

/// A stored milestone with its id, case and notice level.
#[derive(Debug, Clone, Serialize)]
pub struct StoredMilestone {
    /// Row id.
    pub id: i64,
    /// Case id.
    pub case_id: i64,
    /// The computed fields.
    #[serde(flatten)]
    pub row: MilestoneRow,
    /// Highest 督办 notice already raised: 0 none, 1 临期提醒, 2 催办, 3 通报.
    pub notice_level: i64,
}

fn stored_from_row(r: &AnyRow) -> StoreResult<StoredMilestone> {
    Ok(StoredMilestone {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        notice_level: r.int("notice_level")?,
        row: MilestoneRow {
            key: r.text("key")?,
            name: r.text("name")?,
            is_window: r.flag("is_window")?,
            started_at: r.time_opt("started_at")?,
            due_at: r.time_opt("due_at")?,
            completed_at: r.time_opt("completed_at")?,
            state: r.text("state")?,
            explanation: r.text("explanation")?,
            warnings: r.text("warnings")?,
            warn_from: r.time_opt("warn_from")?,
        },
    })
}

impl Store {
    /// Replace a case's milestones inside `tx`, keeping each one's notice
    /// level (a notice already raised is not raised again) and dropping
    /// milestones the rules no longer have.
    pub(crate) async fn save_milestones(
        &self,
        tx: &mut Transaction<'_, Any>,
        case_id: i64,
        rows: &[MilestoneRow],
        now: Timestamp,
    ) -> StoreResult<()> {
        let existing: Vec<String> =
            sqlx::query_scalar("SELECT key FROM milestones WHERE case_id = $1")
                .bind(case_id)
                .fetch_all(&mut **tx)
                .await?;
        for key in existing
            .iter()
            .filter(|k| !rows.iter().any(|r| &r.key == *k))
        {
            sqlx::query("DELETE FROM milestones WHERE case_id = $1 AND key = $2")
                .bind(case_id)
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        for r in rows {
            let sql = if existing.contains(&r.key) {
                "UPDATE milestones SET name = $3, is_window = $4, started_at = $5, due_at = $6, completed_at = $7,
                    state = $8, explanation = $9, warnings = $10, warn_from = $11, updated_at = $12
                 WHERE case_id = $1 AND key = $2"
            } else {
                "INSERT INTO milestones (case_id, key, name, is_window, started_at, due_at, completed_at, state,
                    explanation, warnings, warn_from, updated_at, notice_level)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0)"
            };
            sqlx::query(sql)
                .bind(case_id)
                .bind(&r.key)
                .bind(&r.name)
                .bind(flag(r.is_window))
                .bind(ms_opt(r.started_at))
                .bind(ms_opt(r.due_at))
                .bind(ms_opt(r.completed_at))
                .bind(&r.state)
                .bind(&r.explanation)
                .bind(&r.warnings)
                .bind(ms_opt(r.warn_from))
                .bind(ms(now))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Replace a case's milestones in a transaction of their own (after a
    /// rule or calendar change), writing `note` into the case's timeline when given.
    pub async fn recompute_milestones(
        &self,
        case_id: i64,
        rows: &[MilestoneRow],
        note: Option<&str>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        self.save_milestones(&mut tx, case_id, rows, now).await?;
        if let Some(text) = note {
            let body = serde_json::json!({ "text": text, "data": null }).to_string();
            sqlx::query(
                "INSERT INTO case_events (case_id, kind, actor_id, actor_name, occurred_at, recorded_at, body)
                 VALUES ($1, 'edited', NULL, '系统', $2, $2, $3)",
            )
            .bind(case_id)
            .bind(ms(now))
            .bind(body)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A case's milestones, by due time.
    pub async fn milestones(&self, case_id: i64) -> StoreResult<Vec<StoredMilestone>> {
        let rows = sqlx::query("SELECT * FROM milestones WHERE case_id = $1 ORDER BY COALESCE(due_at, 9223372036854775807), id")
            .bind(case_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(stored_from_row).collect()
    }
}
