//! What the Tuesday 扶贫日 visit plan reads: the open clocks that a visit
//! meets (带件下访, 面对面沟通, 与发帖人面对面) and the 定期联络 of backlog
//! petitioners, due by a day; and the visits recorded in a week.

use jiff::Timestamp;
use serde::Serialize;
use xinfang_domain::workflow::EventKind;

use crate::codec::{RowExt, ms};
use crate::{Store, StoreResult};

/// An open clock a visit would meet.
#[derive(Debug, Clone, Serialize)]
pub struct VisitDue {
    /// The case.
    pub case_id: i64,
    /// 案件编号.
    pub number: String,
    /// 乡镇 id.
    pub township_id: i64,
    /// 村（社区）.
    pub village: Option<String>,
    /// 反映问题.
    pub summary: String,
    /// 责任单位.
    pub lead_unit: Option<String>,
    /// The milestone's key.
    pub key: String,
    /// The milestone's name.
    pub milestone: String,
    /// When it is due.
    pub due_at: Timestamp,
}

/// A visit recorded on a case.
#[derive(Debug, Clone, Serialize)]
pub struct VisitMade {
    /// The case.
    pub case_id: i64,
    /// 案件编号.
    pub number: String,
    /// 乡镇 id.
    pub township_id: i64,
    /// 村（社区）.
    pub village: Option<String>,
    /// The event's kind key (visit, return_visit).
    pub kind: String,
    /// When it was made.
    pub at: Timestamp,
    /// Who recorded it.
    pub by: String,
}

impl Store {
    /// Open, started milestones with one of `keys` due before `before`, of
    /// one township or all, soonest due first (at most 2000).
    pub async fn visits_due(
        &self,
        township_id: Option<i64>,
        keys: &[&str],
        before: Timestamp,
    ) -> StoreResult<Vec<VisitDue>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut p = crate::params::Params::default();
        let key_list: Vec<String> = keys.iter().map(|k| p.text(*k)).collect();
        let mut wheres = vec![
            "m.completed_at IS NULL".to_string(),
            "m.started_at IS NOT NULL".to_string(),
            format!("m.key IN ({})", key_list.join(", ")),
            format!("m.due_at < {}", p.int(ms(before))),
        ];
        if let Some(t) = township_id {
            wheres.push(format!("c.township_id = {}", p.int(t)));
        }
        let sql = format!(
            "SELECT c.id, c.number, c.township_id, v.name AS village, c.summary, m.key, m.name, m.due_at,
                (SELECT o.name FROM case_units cu JOIN orgs o ON o.id = cu.org_id WHERE cu.case_id = c.id AND cu.lead = 1) AS lead_unit
             FROM milestones m JOIN cases c ON c.id = m.case_id LEFT JOIN orgs v ON v.id = c.village_id
             WHERE {} ORDER BY m.due_at, c.id LIMIT 2000",
            wheres.join(" AND ")
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(VisitDue {
                    case_id: r.int("id")?,
                    number: r.text("number")?,
                    township_id: r.int("township_id")?,
                    village: r.text_opt("village")?,
                    summary: r.text("summary")?,
                    lead_unit: r.text_opt("lead_unit")?,
                    key: r.text("key")?,
                    milestone: r.text("name")?,
                    due_at: r.time("due_at")?,
                })
            })
            .collect()
    }

    /// Visits (带件下访 and 回访) made in `[from, to)`, of one township or
    /// all, in time order (at most 2000).
    pub async fn visits_made(
        &self,
        township_id: Option<i64>,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<VisitMade>> {
        let mut p = crate::params::Params::default();
        let mut wheres = vec![
            format!(
                "e.kind IN ({}, {})",
                p.text(EventKind::Visit.as_str()),
                p.text(EventKind::ReturnVisit.as_str())
            ),
            format!("e.occurred_at >= {}", p.int(ms(from))),
            format!("e.occurred_at < {}", p.int(ms(to))),
        ];
        if let Some(t) = township_id {
            wheres.push(format!("c.township_id = {}", p.int(t)));
        }
        let sql = format!(
            "SELECT c.id, c.number, c.township_id, v.name AS village, e.kind, e.occurred_at, e.actor_name
             FROM case_events e JOIN cases c ON c.id = e.case_id LEFT JOIN orgs v ON v.id = c.village_id
             WHERE {} ORDER BY e.occurred_at, e.id LIMIT 2000",
            wheres.join(" AND ")
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(VisitMade {
                    case_id: r.int("id")?,
                    number: r.text("number")?,
                    township_id: r.int("township_id")?,
                    village: r.text_opt("village")?,
                    kind: r.text("kind")?,
                    at: r.time("occurred_at")?,
                    by: r.text("actor_name")?,
                })
            })
            .collect()
    }
}
