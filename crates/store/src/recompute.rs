//! Recomputing every running case's milestones after a rule or calendar
//! change, a chunk of cases at a time: their clock inputs read in a few
//! queries (`case_id IN (…)`, no scope check, no personal fields), and only
//! the rows that changed written back, in bulk.

use jiff::Timestamp;
use xinfang_domain::verification::RectificationFacts;
use xinfang_domain::vocab::CaseKind;
use xinfang_domain::workflow::EventKind;

use crate::cases::{EventRecord, event_from_row};
use crate::codec::{RowExt, ms, ms_opt};
use crate::milestones::{MilestoneRow, StoredMilestone, stored_from_row};
use crate::write::{Event, insert_event};
use crate::{Store, StoreResult};

/// What a case's clocks are computed from, read for a recompute.
#[derive(Debug, Clone)]
pub struct ClockInputs {
    /// The case.
    pub case_id: i64,
    /// 信访类型 (which rules apply).
    pub kind: CaseKind,
    /// When it was received (the first clock starts).
    pub received_at: Timestamp,
    /// 是否积案.
    pub backlog: bool,
    /// Its timeline, oldest first.
    pub events: Vec<EventRecord>,
    /// The 一案一策's due time (积案 only).
    pub plan_due_at: Option<Timestamp>,
    /// 销号 (积案 only).
    pub resolved_at: Option<Timestamp>,
    /// Its follow-up contacts (积案 only).
    pub followups: Vec<Timestamp>,
    /// The 整改 clocks of its 需整改 verifications.
    pub rectifications: Vec<RectificationFacts>,
    /// Its milestones as stored now, with the next transition each has stored.
    pub stored: Vec<(StoredMilestone, Option<Timestamp>)>,
}

/// What a recompute writes for one case.
#[derive(Debug, Clone)]
pub struct RecomputeWrite {
    /// The case.
    pub case_id: i64,
    /// Its milestones as now computed.
    pub rows: Vec<MilestoneRow>,
    /// The timeline note (due times moved), if any.
    pub note: Option<String>,
}

/// Ids as an SQL list (integers only, so nothing to escape).
fn id_list(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    list.join(", ")
}

/// Rows of a bulk statement a time (bound parameters stay well under both
/// engines' limits).
const BULK_ROWS: usize = 250;

impl Store {
    /// The clock inputs of the given cases (missing ids are skipped), in the
    /// order of `ids`.
    pub async fn clock_inputs(&self, ids: &[i64]) -> StoreResult<Vec<ClockInputs>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = id_list(ids);
        let q = |sql: String| sqlx::query(sqlx::AssertSqlSafe(sql));
        let mut out: Vec<ClockInputs> = Vec::with_capacity(ids.len());
        let mut at = std::collections::HashMap::with_capacity(ids.len());
        let cases = q(format!(
            "SELECT id, kind, received_at, backlog FROM cases WHERE id IN ({list})"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut by_id = std::collections::HashMap::with_capacity(cases.len());
        for r in &cases {
            by_id.insert(r.int("id")?, r);
        }
        for id in ids {
            let Some(r) = by_id.get(id) else { continue };
            at.insert(*id, out.len());
            out.push(ClockInputs {
                case_id: *id,
                kind: r.key("kind", CaseKind::parse)?,
                received_at: r.time("received_at")?,
                backlog: r.flag("backlog")?,
                events: Vec::new(),
                plan_due_at: None,
                resolved_at: None,
                followups: Vec::new(),
                rectifications: Vec::new(),
                stored: Vec::new(),
            });
        }
        let slot = |case_id: i64| at.get(&case_id).copied();
        for r in q(format!(
            "SELECT * FROM case_events WHERE case_id IN ({list}) ORDER BY case_id, occurred_at, id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        {
            let e = event_from_row(r)?;
            if let Some(i) = slot(e.case_id) {
                out[i].events.push(e);
            }
        }
        for r in q(format!(
            "SELECT case_id, plan_due_at, resolved_at FROM case_ledgers WHERE case_id IN ({list})"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        {
            if let Some(i) = slot(r.int("case_id")?) {
                out[i].plan_due_at = r.time_opt("plan_due_at")?;
                out[i].resolved_at = r.time_opt("resolved_at")?;
            }
        }
        for r in q(format!(
            "SELECT case_id, visited_at FROM case_followups WHERE case_id IN ({list}) ORDER BY visited_at, id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        {
            if let Some(i) = slot(r.int("case_id")?) {
                out[i].followups.push(r.time("visited_at")?);
            }
        }
        for (case_id, facts) in self.rectifications_of(&list).await? {
            if let Some(i) = slot(case_id) {
                out[i].rectifications.push(facts);
            }
        }
        for r in q(format!(
            "SELECT * FROM milestones WHERE case_id IN ({list})
             ORDER BY case_id, COALESCE(due_at, 9223372036854775807), id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        {
            let m = stored_from_row(r)?;
            if let Some(i) = slot(m.case_id) {
                let next = r.time_opt("next_transition_at")?;
                out[i].stored.push((m, next));
            }
        }
        Ok(out)
    }

    /// Write a chunk of recomputed cases in one transaction, touching only
    /// what changed: a case whose milestone keys are those stored has its
    /// changed rows updated in bulk (and, for a row that did not change, its
    /// stored next transition pulled back to the calendar-free earliest when
    /// it differs, since a calendar change can bring a 通报 forward); a case
    /// whose keys changed is rewritten whole. Each note goes into its case's
    /// timeline. Not audited, like [`Store::recompute_milestones`].
    pub async fn apply_recompute(
        &self,
        inputs: &[ClockInputs],
        writes: &[RecomputeWrite],
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut updates: Vec<(i64, &MilestoneRow, Option<i64>)> = Vec::new();
        let mut next_only: Vec<(i64, Option<i64>)> = Vec::new();
        let mut whole: Vec<&RecomputeWrite> = Vec::new();
        for (w, inp) in writes.iter().zip(inputs) {
            debug_assert_eq!(w.case_id, inp.case_id);
            let same_keys = w.rows.len() == inp.stored.len()
                && w.rows
                    .iter()
                    .all(|r| inp.stored.iter().any(|(s, _)| s.row.key == r.key));
            if !same_keys {
                whole.push(w);
                continue;
            }
            for r in &w.rows {
                let Some((s, next)) = inp.stored.iter().find(|(s, _)| s.row.key == r.key) else {
                    continue;
                };
                let want = r.next_transition_at(s.notice_level);
                if s.row != *r {
                    updates.push((s.id, r, ms_opt(want)));
                } else if *next != want {
                    next_only.push((s.id, ms_opt(want)));
                }
            }
        }
        let notes: Vec<(i64, &str)> = writes
            .iter()
            .filter_map(|w| w.note.as_deref().map(|n| (w.case_id, n)))
            .collect();
        if updates.is_empty() && next_only.is_empty() && whole.is_empty() && notes.is_empty() {
            return Ok(());
        }
        let _w = self.write_guard().await;
        let mut tx = self.begin_write().await?;
        for chunk in updates.chunks(BULK_ROWS) {
            let mut p = crate::params::Params::default();
            let values: Vec<String> = chunk
                .iter()
                .map(|(id, r, next)| {
                    let id = p.int(*id);
                    let fields = r.bulk_values(&mut p);
                    format!("({id}, {fields}, {})", p.int_opt(*next))
                })
                .collect();
            let sql = format!(
                "WITH v(id, name, is_window, started_at, due_at, completed_at, state, explanation, warnings,
                        warn_from, role, next_transition_at) AS (VALUES {})
                 UPDATE milestones SET name = v.name, is_window = v.is_window, started_at = v.started_at,
                    due_at = v.due_at, completed_at = v.completed_at, state = v.state,
                    explanation = v.explanation, warnings = v.warnings, warn_from = v.warn_from,
                    role = v.role, next_transition_at = v.next_transition_at, updated_at = {}
                 FROM v WHERE milestones.id = v.id",
                values.join(", "),
                p.int(ms(now))
            );
            p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
                .execute(&mut *tx)
                .await?;
        }
        for chunk in next_only.chunks(BULK_ROWS) {
            let mut p = crate::params::Params::default();
            let values: Vec<String> = chunk
                .iter()
                .map(|(id, next)| format!("({}, {})", p.int(*id), p.int_opt(*next)))
                .collect();
            let sql = format!(
                "WITH v(id, next_transition_at) AS (VALUES {})
                 UPDATE milestones SET next_transition_at = v.next_transition_at
                 FROM v WHERE milestones.id = v.id",
                values.join(", ")
            );
            p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
                .execute(&mut *tx)
                .await?;
        }
        for w in whole {
            self.save_milestones(&mut tx, w.case_id, &w.rows, now)
                .await?;
        }
        for (case_id, text) in notes {
            let event = Event {
                kind: EventKind::Edited,
                occurred_at: now,
                text: text.to_string(),
                data: serde_json::Value::Null,
                actor: None,
            };
            insert_event(&mut tx, case_id, &event, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
