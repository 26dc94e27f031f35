//! A case's ledger details — backlog (积案, Annex 2) and provincial handling
//! (省交办, Annex 4) — and its follow-up contacts (跟踪回访), written with a
//! timeline event and an audit row.

use jiff::Timestamp;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::backlog::Resolution;
use xinfang_domain::workflow::EventKind;

use xinfang_domain::case_ledger::{BacklogChange, CaseLedger, FollowUp};

use crate::audit::Audit;
use crate::codec::user_ref;
use crate::codec::{RowExt, flag, ms, ms_opt};
use crate::milestones::MilestoneRow;
use crate::write::Event;
use crate::{Store, StoreError, StoreResult};

/// One case's ledger change: written with an event and an audit row.
#[derive(Debug, Clone)]
pub struct CaseLedgerWrite {
    /// The case.
    pub case_id: i64,
    /// The case version the change was read from (checked when the backlog fields change).
    pub expected_version: Option<i64>,
    /// New backlog fields, if they change.
    pub backlog: Option<BacklogChange>,
    /// The ledger details after the change.
    pub ledger: CaseLedger,
    /// The timeline sentence.
    pub text: String,
    /// What it was before, for the audit trail.
    pub before: Option<String>,
}

pub(crate) const LEDGER_COLUMNS: &str =
    "l.first_visit_at, l.plan, l.plan_due_at, l.due_at, l.review,
    l.second_review, l.legal_progress, l.resolved_at, l.resolution_evidence, l.resolution_attachment_id";

pub(crate) fn ledger_from_row(r: &AnyRow) -> StoreResult<CaseLedger> {
    Ok(CaseLedger {
        first_visit_at: r.time_opt("first_visit_at")?,
        plan: r.text_opt("plan")?.unwrap_or_default(),
        plan_due_at: r.time_opt("plan_due_at")?,
        due_at: r.time_opt("due_at")?,
        review: r.text_opt("review")?.unwrap_or_default(),
        second_review: r.text_opt("second_review")?.unwrap_or_default(),
        legal_progress: r.text_opt("legal_progress")?.unwrap_or_default(),
        resolved_at: r.time_opt("resolved_at")?,
        resolution_evidence: r.text_opt("resolution_evidence")?.unwrap_or_default(),
        resolution_attachment_id: r.int_opt("resolution_attachment_id")?,
    })
}

/// The timeline event of a ledger change: an edit, dated when entered.
fn ledger_event<'a>(text: String, actor: &'a Actor, now: Timestamp) -> Event<'a> {
    Event {
        kind: EventKind::Edited,
        occurred_at: now,
        text,
        data: serde_json::json!({ "ledger": true }),
        actor: Some(actor),
    }
}

impl Store {
    /// A case's ledger details (all empty when none were entered); NotFound
    /// when the scope does not admit the case.
    pub async fn case_ledger(&self, case_id: i64, scope: &CaseScope) -> StoreResult<CaseLedger> {
        self.case_in_scope(case_id, scope).await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {LEDGER_COLUMNS} FROM case_ledgers l WHERE l.case_id = $1"
        )))
        .bind(case_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map_or(Ok(CaseLedger::default()), ledger_from_row)
    }

    /// A case's follow-up contacts, oldest first; NotFound when the scope
    /// does not admit the case.
    pub async fn followups(&self, case_id: i64, scope: &CaseScope) -> StoreResult<Vec<FollowUp>> {
        self.case_in_scope(case_id, scope).await?;
        let rows = sqlx::query(
            "SELECT f.*, u.display_name AS creator FROM case_followups f LEFT JOIN users u ON u.id = f.created_by
             WHERE f.case_id = $1 ORDER BY f.visited_at, f.id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FollowUp {
                    id: r.int("id")?,
                    visited_at: r.time("visited_at")?,
                    note: r.text("note")?,
                    created_by: r.text_opt("creator")?,
                    created_at: r.time("created_at")?,
                })
            })
            .collect()
    }

    /// Record a follow-up contact, with its timeline event and audit row.
    pub async fn add_followup(
        &self,
        case_id: i64,
        visited_at: Timestamp,
        note: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_followups (case_id, visited_at, note, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(case_id)
        .bind(ms(visited_at))
        .bind(note)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        let day = xinfang_domain::clock::format_local(visited_at);
        let event = ledger_event(format!("跟踪回访（{day}）：{note}"), actor, now);
        w.event(case_id, &event, now).await?;
        let audit = Audit::by(actor, AuditAction::CaseFollowup, now)
            .on("case", Some(case_id))
            .after(Some(format!("{day} {note}")));
        w.commit(audit).await?;
        Ok(id)
    }

    /// 销号: mark a backlog case resolved with its evidence, with a timeline
    /// event and an audit row, and store the case's milestones as they are
    /// after it (the backlog clocks stop). The caller checked the attachment
    /// belongs to the case.
    pub async fn resolve_backlog(
        &self,
        case_id: i64,
        resolution: &Resolution,
        milestones: &[MilestoneRow],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO case_ledgers (case_id, resolved_at, resolved_by, resolution_evidence,
                resolution_attachment_id, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $3, $6)
             ON CONFLICT (case_id) DO UPDATE SET resolved_at = excluded.resolved_at,
                resolved_by = excluded.resolved_by, resolution_evidence = excluded.resolution_evidence,
                resolution_attachment_id = excluded.resolution_attachment_id,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(case_id)
        .bind(ms(resolution.at))
        .bind(user_ref(actor))
        .bind(&resolution.evidence)
        .bind(resolution.attachment_id)
        .bind(ms(now))
        .execute(w.conn())
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        self.save_milestones(w.conn(), case_id, milestones, now)
            .await?;
        let day = xinfang_domain::clock::format_local(resolution.at);
        let text = format!("积案销号（{day}）：{}", resolution.evidence);
        w.event(case_id, &ledger_event(text, actor, now), now)
            .await?;
        let audit = Audit::by(actor, AuditAction::CaseResolve, now)
            .on("case", Some(case_id))
            .after(serde_json::to_string(resolution).ok());
        w.commit(audit).await
    }

    /// Write ledger changes to one or more cases in one transaction, each
    /// with a timeline event and an audit row. A changed backlog field bumps
    /// the case's version (checked against `expected_version`); a dry run
    /// rolls everything back.
    pub async fn save_case_ledgers(
        &self,
        writes: &[CaseLedgerWrite],
        actor: &Actor,
        now: Timestamp,
        dry_run: bool,
    ) -> StoreResult<usize> {
        let mut write = self.write().await?;
        let mut audits = Vec::new();
        for w in writes {
            let n = match &w.backlog {
                Some(b) => {
                    sqlx::query(
                        "UPDATE cases SET backlog = $2, backlog_reason = $3, leader_user_id = $4,
                         version = version + 1, updated_at = $5 WHERE id = $1 AND ($6 = 0 OR version = $6)",
                    )
                    .bind(w.case_id)
                    .bind(flag(b.backlog))
                    .bind(b.backlog_reason.clone())
                    .bind(b.leader_user_id)
                    .bind(ms(now))
                    .bind(w.expected_version.unwrap_or(0))
                    .execute(write.conn())
                    .await?
                }
                None => {
                    sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
                        .bind(w.case_id)
                        .bind(ms(now))
                        .execute(write.conn())
                        .await?
                }
            }
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict(
                    "该案件已被他人修改，请刷新页面查看最新内容后再提交".into(),
                ));
            }
            let l = &w.ledger;
            sqlx::query(
                "INSERT INTO case_ledgers (case_id, first_visit_at, plan, plan_due_at, due_at, review, second_review,
                    legal_progress, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (case_id) DO UPDATE SET first_visit_at = excluded.first_visit_at, plan = excluded.plan,
                    plan_due_at = excluded.plan_due_at, due_at = excluded.due_at, review = excluded.review,
                    second_review = excluded.second_review, legal_progress = excluded.legal_progress,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            )
            .bind(w.case_id)
            .bind(ms_opt(l.first_visit_at))
            .bind(&l.plan)
            .bind(ms_opt(l.plan_due_at))
            .bind(ms_opt(l.due_at))
            .bind(&l.review)
            .bind(&l.second_review)
            .bind(&l.legal_progress)
            .bind(user_ref(actor))
            .bind(ms(now))
            .execute(write.conn())
            .await?;
            write
                .event(w.case_id, &ledger_event(w.text.clone(), actor, now), now)
                .await?;
            let after = serde_json::json!({ "backlog": w.backlog, "ledger": l }).to_string();
            audits.push(
                Audit::by(actor, AuditAction::CaseLedger, now)
                    .on("case", Some(w.case_id))
                    .before(w.before.clone())
                    .after(Some(after)),
            );
        }
        if dry_run {
            write.rollback().await?;
        } else {
            write.commit_each(audits).await?;
        }
        Ok(writes.len())
    }
}
