//! 隐患分析排查会议 as stored: a township's meeting with its measures,
//! written in one transaction with its audit row; a measure marked done;
//! and the readings the pages, the 待办 and the meeting pack need.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::meeting::{Measure, MeasureDone, Meeting, Month};

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::{Store, StoreError, StoreResult};

/// A stored measure with where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureRecord {
    /// Row id.
    pub id: i64,
    /// The meeting that decided it.
    pub meeting_id: i64,
    /// The township.
    pub township_id: i64,
    /// The township's name.
    pub township: String,
    /// The meeting's date.
    pub held_on: Date,
    /// What was decided.
    #[serde(flatten)]
    pub measure: Measure,
    /// 完成日期 and 落实情况, once done.
    pub done: Option<MeasureDone>,
    /// Who marked it done.
    pub done_by: Option<String>,
}

/// A stored meeting.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingRecord {
    /// Row id.
    pub id: i64,
    /// The township.
    pub township_id: i64,
    /// The township's name.
    pub township: String,
    /// What was recorded (its measures as stored below, not here).
    #[serde(flatten)]
    pub meeting: Meeting,
    /// Its measures in the order decided.
    pub measure_records: Vec<MeasureRecord>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When it was entered.
    pub recorded_at: Timestamp,
}

fn bad(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("meetings.{what}: {e}"))
}

fn date(r: &AnyRow, col: &str) -> StoreResult<Date> {
    let s = r.text(col)?;
    Date::strptime("%Y-%m-%d", &s).map_err(|e| bad(col, e))
}

fn measure_from_row(r: &AnyRow) -> StoreResult<MeasureRecord> {
    let done = match r.text_opt("done_on")? {
        Some(s) => Some(MeasureDone {
            on: Date::strptime("%Y-%m-%d", &s).map_err(|e| bad("done_on", e))?,
            note: r.text_opt("done_note")?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(MeasureRecord {
        id: r.int("id")?,
        meeting_id: r.int("meeting_id")?,
        township_id: r.int("township_id")?,
        township: r.text("township")?,
        held_on: date(r, "held_on")?,
        measure: Measure {
            content: r.text("content")?,
            owner: r.text("owner")?,
            due: date(r, "due_on")?,
        },
        done,
        done_by: r.text_opt("doer")?,
    })
}

const MEASURE_SELECT: &str = "SELECT x.*, g.held_on, t.name AS township, u.display_name AS doer
     FROM meeting_measures x JOIN meetings g ON g.id = x.meeting_id JOIN orgs t ON t.id = x.township_id
     LEFT JOIN users u ON u.id = x.done_by";

impl Store {
    /// Record township `township_id`'s meeting and its measures with one
    /// audit row; returns its id.
    pub async fn add_meeting(
        &self,
        township_id: i64,
        m: &Meeting,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meetings (township_id, month, held_on, place, chair, attendees, risks,
                recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(township_id)
        .bind(Month::of(m.held_on).to_string())
        .bind(m.held_on.to_string())
        .bind(&m.place)
        .bind(&m.chair)
        .bind(serde_json::to_string(&m.attendees).map_err(|e| bad("attendees", e))?)
        .bind(&m.risks)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        for (seq, x) in m.measures.iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_measures (meeting_id, township_id, seq, content, owner, due_on)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(township_id)
            .bind(seq as i64)
            .bind(&x.content)
            .bind(&x.owner)
            .bind(x.due.to_string())
            .execute(w.conn())
            .await?;
        }
        let audit = Audit::by(actor, AuditAction::MeetingRecord, now)
            .on("meeting", Some(id))
            .after(serde_json::to_string(m).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// Mark measure `measure_id` done; Conflict when it was already.
    pub async fn complete_measure(
        &self,
        measure_id: i64,
        done: &MeasureDone,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE meeting_measures SET done_on = $2, done_note = $3, done_by = $4, done_at = $5
             WHERE id = $1 AND done_on IS NULL",
        )
        .bind(measure_id)
        .bind(done.on.to_string())
        .bind(&done.note)
        .bind(user_ref(actor))
        .bind(ms(now))
        .execute(w.conn())
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("该措施已标记落实".into()));
        }
        let audit = Audit::by(actor, AuditAction::MeetingMeasureDone, now)
            .on("meeting_measure", Some(measure_id))
            .after(serde_json::to_string(done).ok());
        w.commit(audit).await
    }

    /// One measure; NotFound when there is none.
    pub async fn measure(&self, measure_id: i64) -> StoreResult<MeasureRecord> {
        let sql = format!("{MEASURE_SELECT} WHERE x.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(measure_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该措施".into()))?;
        measure_from_row(&row)
    }

    /// Measures of the townships given (every township when None) decided at
    /// meetings held in `[from, to)`, oldest meeting first.
    pub async fn measures_decided(
        &self,
        township_id: Option<i64>,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<MeasureRecord>> {
        let mut p = crate::params::Params::default();
        let mut wheres = vec![
            format!("g.held_on >= {}", p.text(from.to_string())),
            format!("g.held_on < {}", p.text(to.to_string())),
        ];
        if let Some(t) = township_id {
            wheres.push(format!("x.township_id = {}", p.int(t)));
        }
        let sql = format!(
            "{MEASURE_SELECT} WHERE {} ORDER BY g.held_on, x.meeting_id, x.seq",
            wheres.join(" AND ")
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(measure_from_row).collect()
    }

    /// Measures not yet done, of one township or all, soonest due first.
    pub async fn open_measures(&self, township_id: Option<i64>) -> StoreResult<Vec<MeasureRecord>> {
        let mut p = crate::params::Params::default();
        let mut wheres = vec!["x.done_on IS NULL".to_string()];
        if let Some(t) = township_id {
            wheres.push(format!("x.township_id = {}", p.int(t)));
        }
        let sql = format!(
            "{MEASURE_SELECT} WHERE {} ORDER BY x.due_on, x.id LIMIT 500",
            wheres.join(" AND ")
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(measure_from_row).collect()
    }

    /// Meetings held in `month`, of one township or all, by township then date.
    pub async fn meetings_in(
        &self,
        township_id: Option<i64>,
        month: Month,
    ) -> StoreResult<Vec<MeetingRecord>> {
        let mut p = crate::params::Params::default();
        let mut wheres = vec![format!("g.month = {}", p.text(month.to_string()))];
        if let Some(t) = township_id {
            wheres.push(format!("g.township_id = {}", p.int(t)));
        }
        let sql = format!(
            "SELECT g.*, t.name AS township, u.display_name AS recorder FROM meetings g
             JOIN orgs t ON t.id = g.township_id LEFT JOIN users u ON u.id = g.recorded_by
             WHERE {} ORDER BY t.code, g.held_on, g.id",
            wheres.join(" AND ")
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.meeting_from_row(r).await?);
        }
        Ok(out)
    }

    /// One meeting with its measures; NotFound when there is none.
    pub async fn meeting(&self, id: i64) -> StoreResult<MeetingRecord> {
        let row = sqlx::query(
            "SELECT g.*, t.name AS township, u.display_name AS recorder FROM meetings g
             JOIN orgs t ON t.id = g.township_id LEFT JOIN users u ON u.id = g.recorded_by
             WHERE g.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound("该会议记录".into()))?;
        self.meeting_from_row(&row).await
    }

    async fn meeting_from_row(&self, r: &AnyRow) -> StoreResult<MeetingRecord> {
        let id = r.int("id")?;
        let sql = format!("{MEASURE_SELECT} WHERE x.meeting_id = $1 ORDER BY x.seq");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        let measure_records = rows
            .iter()
            .map(measure_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(MeetingRecord {
            id,
            township_id: r.int("township_id")?,
            township: r.text("township")?,
            meeting: Meeting {
                held_on: date(r, "held_on")?,
                place: r.text("place")?,
                chair: r.text("chair")?,
                attendees: serde_json::from_str(&r.text("attendees")?)
                    .map_err(|e| bad("attendees", e))?,
                risks: r.text("risks")?,
                measures: measure_records.iter().map(|m| m.measure.clone()).collect(),
            },
            measure_records,
            recorded_by: r.text_opt("recorder")?,
            recorded_at: r.time("recorded_at")?,
        })
    }
}
