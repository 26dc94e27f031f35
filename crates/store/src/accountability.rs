//! 问责 — accountability actions against units, each linked to its cases:
//! written with a timeline event on every linked case and one audit row.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::accountability::{Accountability, AccountabilityBasis, AccountabilityKind};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::workflow::EventKind;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::params::Params;
use crate::write::Event;
use crate::{Store, StoreError, StoreResult};

/// A case an action is linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedCase {
    /// Case id.
    pub id: i64,
    /// 信访件编号.
    pub number: String,
    /// 问题所属乡镇.
    pub township_id: i64,
}

/// A stored accountability action.
#[derive(Debug, Clone, Serialize)]
pub struct AccountabilityRecord {
    /// Id.
    pub id: i64,
    /// The action (its `case_numbers` are the linked cases').
    pub action: Accountability,
    /// 被问责单位 name.
    pub unit_name: String,
    /// 被问责单位 kind key (township, department, …).
    pub unit_kind: String,
    /// 关联案件.
    pub cases: Vec<LinkedCase>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When.
    pub recorded_at: Timestamp,
}

/// Which actions to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccountabilityFilter {
    /// Only against this unit.
    pub unit_id: Option<i64>,
    /// Only those linked to this case.
    pub case_id: Option<i64>,
    /// Only those dated in this year.
    pub year: Option<i16>,
}

fn date_of(r: &AnyRow, col: &str) -> StoreResult<Date> {
    let s = r.text(col)?;
    Date::strptime("%Y-%m-%d", &s).map_err(|e| StoreError::Other(format!("{col} {s}: {e}")))
}

fn record_from_row(r: &AnyRow) -> StoreResult<AccountabilityRecord> {
    Ok(AccountabilityRecord {
        id: r.int("id")?,
        action: Accountability {
            unit_id: r.int("unit_id")?,
            person: r.text_opt("person")?,
            kind: r.key("kind", AccountabilityKind::parse)?,
            basis: r.key("basis", AccountabilityBasis::parse)?,
            reason: r.text("reason")?,
            date: date_of(r, "action_date")?,
            document_number: r.text_opt("document_number")?,
            case_numbers: Vec::new(),
        },
        unit_name: r.text("unit_name")?,
        unit_kind: r.text("unit_kind")?,
        cases: Vec::new(),
        recorded_by: r.text_opt("recorded_by_name")?,
        recorded_at: r.time("recorded_at")?,
    })
}

/// The timeline sentence of an action on one of its cases.
fn event_text(a: &Accountability, unit_name: &str) -> String {
    let person = a
        .person
        .as_deref()
        .map(|p| format!("（{p}）"))
        .unwrap_or_default();
    let doc = a
        .document_number
        .as_deref()
        .map(|d| format!("，文号{d}"))
        .unwrap_or_default();
    format!(
        "问责：{unit_name}{person}{}，依据{}{doc}。事由：{}",
        a.kind.label(),
        a.basis.label(),
        a.reason
    )
}

/// A case the district escalated or the sweeper reported (通报), with no
/// accountability action yet: what the district decides on next.
#[derive(Debug, Clone, Serialize)]
pub struct EscalatedCase {
    /// Case id.
    pub case_id: i64,
    /// 信访件编号.
    pub number: String,
    /// 问题所属乡镇.
    pub township_id: i64,
    /// The lead responsible unit, if assigned.
    pub unit_id: Option<i64>,
    /// Its name.
    pub unit_name: Option<String>,
    /// The first 通报 or 督办升级.
    pub first_at: Timestamp,
}

impl Store {
    /// Cases with a 通报 or 督办升级 on their timeline and no accountability
    /// action yet, most recently escalated first (the latest 100).
    pub async fn escalated_without_accountability(&self) -> StoreResult<Vec<EscalatedCase>> {
        let rows = sqlx::query(
            "SELECT c.id, c.number, c.township_id, cu.org_id AS unit_id, o.name AS unit_name,
                    MIN(e.occurred_at) AS first_at
             FROM case_events e JOIN cases c ON c.id = e.case_id
             LEFT JOIN case_units cu ON cu.case_id = c.id AND cu.lead = 1
             LEFT JOIN orgs o ON o.id = cu.org_id
             WHERE e.kind = $1
               AND NOT EXISTS (SELECT 1 FROM accountability_cases l WHERE l.case_id = c.id)
             GROUP BY c.id, c.number, c.township_id, cu.org_id, o.name
             ORDER BY first_at DESC, c.id LIMIT 100",
        )
        .bind(EventKind::Escalate.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EscalatedCase {
                    case_id: r.int("id")?,
                    number: r.text("number")?,
                    township_id: r.int("township_id")?,
                    unit_id: r.int_opt("unit_id")?,
                    unit_name: r.text_opt("unit_name")?,
                    first_at: r.time("first_at")?,
                })
            })
            .collect()
    }

    /// Record an action against `unit_name`'s unit, linked to `cases`: the
    /// action, its links, a timeline event on each case and the audit row
    /// in one transaction. Returns the action's id.
    pub async fn record_accountability(
        &self,
        a: &Accountability,
        unit_name: &str,
        cases: &[LinkedCase],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accountability_actions (unit_id, person, kind, basis, reason, action_date,
                document_number, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(a.unit_id)
        .bind(a.person.clone())
        .bind(a.kind.as_str())
        .bind(a.basis.as_str())
        .bind(&a.reason)
        .bind(a.date.to_string())
        .bind(a.document_number.clone())
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        let event = Event {
            kind: EventKind::Accountability,
            occurred_at: xinfang_domain::clock::start_of_day(a.date),
            text: event_text(a, unit_name),
            data: serde_json::json!({ "accountability_id": id, "action": a }),
            actor: Some(actor),
        };
        for c in cases {
            sqlx::query("INSERT INTO accountability_cases (action_id, case_id) VALUES ($1, $2)")
                .bind(id)
                .bind(c.id)
                .execute(w.conn())
                .await?;
            w.event(c.id, &event, now).await?;
        }
        let audit = Audit::by(actor, AuditAction::AccountabilityRecord, now)
            .on("accountability_actions", Some(id))
            .after(serde_json::to_string(a).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// The actions `filter` admits, newest first, each with its cases.
    pub async fn accountability_actions(
        &self,
        filter: AccountabilityFilter,
    ) -> StoreResult<Vec<AccountabilityRecord>> {
        let mut p = Params::default();
        let mut conds: Vec<String> = Vec::new();
        if let Some(u) = filter.unit_id {
            conds.push(format!("a.unit_id = {}", p.int(u)));
        }
        if let Some(c) = filter.case_id {
            conds.push(format!(
                "a.id IN (SELECT action_id FROM accountability_cases WHERE case_id = {})",
                p.int(c)
            ));
        }
        if let Some(y) = filter.year {
            conds.push(format!(
                "a.action_date >= {}",
                p.text(format!("{y:04}-01-01"))
            ));
            conds.push(format!(
                "a.action_date < {}",
                p.text(format!("{:04}-01-01", y + 1))
            ));
        }
        let wher = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let rows = self
            .rows_with(
                &p,
                format!(
                    "SELECT a.*, o.name AS unit_name, o.kind AS unit_kind, u.display_name AS recorded_by_name
                     FROM accountability_actions a JOIN orgs o ON o.id = a.unit_id
                     LEFT JOIN users u ON u.id = a.recorded_by {wher}
                     ORDER BY a.action_date DESC, a.id DESC"
                ),
            )
            .await?;
        let mut out = rows
            .iter()
            .map(record_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        if out.is_empty() {
            return Ok(out);
        }
        let links = self
            .rows_with(
                &p,
                format!(
                    "SELECT l.action_id, c.id, c.number, c.township_id FROM accountability_cases l
                     JOIN cases c ON c.id = l.case_id
                     WHERE l.action_id IN (SELECT a.id FROM accountability_actions a {wher})
                     ORDER BY c.number"
                ),
            )
            .await?;
        for r in links {
            let action_id = r.int("action_id")?;
            let case = LinkedCase {
                id: r.int("id")?,
                number: r.text("number")?,
                township_id: r.int("township_id")?,
            };
            if let Some(rec) = out.iter_mut().find(|a| a.id == action_id) {
                rec.action.case_numbers.push(case.number.clone());
                rec.cases.push(case);
            }
        }
        Ok(out)
    }
}
