//! 实地跟踪核查 on a case as stored, with the rectification a 需整改 verdict
//! demanded of the responsible unit and the unit's answer (整改情况); each
//! written with the case's milestones, a timeline event and an audit row.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::verification::{
    RectificationAnswer, RectificationDemand, RectificationFacts, Verdict, Verification,
    VerificationMethod,
};
use xinfang_domain::workflow::EventKind;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::milestones::MilestoneRow;
use crate::write::Event;
use crate::{Store, StoreError, StoreResult};

/// A stored verification.
#[derive(Debug, Clone, Serialize)]
pub struct VerificationRecord {
    /// Row id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// What was recorded.
    #[serde(flatten)]
    pub verification: Verification,
    /// The unit the rectification was demanded of (the case's 责任单位 then).
    pub rectification_unit: Option<String>,
    /// Its id.
    pub rectification_unit_id: Option<i64>,
    /// The unit's 整改情况, once answered.
    pub answer: Option<RectificationAnswer>,
    /// Who answered.
    pub answered_by: Option<String>,
    /// Who recorded the verification.
    pub recorded_by: Option<String>,
    /// When it was entered.
    pub recorded_at: Timestamp,
}

impl VerificationRecord {
    /// The facts of its 整改 clock, when it demanded rectification.
    pub fn rectification_facts(&self) -> Option<RectificationFacts> {
        self.verification
            .rectification
            .as_ref()
            .map(|d| RectificationFacts {
                verification_id: self.id,
                verified_at: self.verification.at,
                due_on: d.due_on,
                answered_at: self.answer.as_ref().map(|a| a.at),
            })
    }
}

fn bad(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("case_verifications.{what}: {e}"))
}

fn record_from_row(r: &AnyRow) -> StoreResult<VerificationRecord> {
    let method = r.text("method")?;
    let verdict = r.text("verdict")?;
    let rectification = match (
        r.text_opt("rectification_demand")?,
        r.text_opt("rectification_due")?,
    ) {
        (Some(demand), Some(due)) => Some(RectificationDemand {
            demand,
            due_on: due.parse().map_err(|e| bad("rectification_due", e))?,
        }),
        _ => None,
    };
    let answer = match (r.time_opt("answered_at")?, r.text_opt("answer")?) {
        (Some(at), Some(text)) => Some(RectificationAnswer {
            at,
            text,
            attachment_id: r.int_opt("answer_attachment_id")?,
        }),
        _ => None,
    };
    Ok(VerificationRecord {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        verification: Verification {
            at: r.time("verified_at")?,
            method: VerificationMethod::parse(&method).ok_or_else(|| bad("method", &method))?,
            findings: r.text("findings")?,
            verdict: Verdict::parse(&verdict).ok_or_else(|| bad("verdict", &verdict))?,
            rectification,
        },
        rectification_unit: r.text_opt("unit_name")?,
        rectification_unit_id: r.int_opt("rectification_unit_id")?,
        answer,
        answered_by: r.text_opt("answerer")?,
        recorded_by: r.text_opt("recorder")?,
        recorded_at: r.time("recorded_at")?,
    })
}

const SELECT: &str =
    "SELECT v.*, o.name AS unit_name, ua.display_name AS answerer, ur.display_name AS recorder";
const FROM: &str = "FROM case_verifications v LEFT JOIN orgs o ON o.id = v.rectification_unit_id
     LEFT JOIN users ua ON ua.id = v.answered_by LEFT JOIN users ur ON ur.id = v.recorded_by";

/// A new verification to write.
#[derive(Debug, Clone, Copy)]
pub struct NewVerification<'a> {
    /// The case.
    pub case_id: i64,
    /// What was found.
    pub verification: &'a Verification,
    /// The unit a rectification is demanded of.
    pub unit_id: Option<i64>,
}

impl Store {
    /// A case's verifications, oldest first; NotFound when the scope does not admit the case.
    pub async fn verifications(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<Vec<VerificationRecord>> {
        let case = self.case_in_scope(case_id, scope).await?;
        self.verifications_of(case).await
    }

    /// The 核查 of a case the scope was checked for.
    pub(crate) async fn verifications_of(
        &self,
        case: crate::in_scope::InScope,
    ) -> StoreResult<Vec<VerificationRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} {FROM} WHERE v.case_id = $1 ORDER BY v.verified_at, v.id"
        )))
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// Record a verification with its timeline event and audit row, and
    /// store the case's milestones as `milestones` computes them once the
    /// new verification's id is known (a 需整改 verdict starts a clock).
    pub async fn add_verification(
        &self,
        new: NewVerification<'_>,
        milestones: impl FnOnce(i64) -> Vec<MilestoneRow>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let v = new.verification;
        let mut w = self.write().await?;
        let demand = v.rectification.as_ref();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_verifications (case_id, verified_at, method, findings, verdict,
                rectification_demand, rectification_due, rectification_unit_id, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(new.case_id)
        .bind(ms(v.at))
        .bind(v.method.as_str())
        .bind(&v.findings)
        .bind(v.verdict.as_str())
        .bind(demand.map(|d| d.demand.clone()))
        .bind(demand.map(|d| d.due_on.to_string()))
        .bind(new.unit_id.filter(|_| demand.is_some()))
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(new.case_id)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        let rows = milestones(id);
        self.save_milestones(w.conn(), new.case_id, &rows, now)
            .await?;
        let event = Event {
            kind: EventKind::Verification,
            occurred_at: v.at,
            text: v.describe(),
            data: serde_json::json!({ "verification_id": id }),
            actor: Some(actor),
        };
        w.event(new.case_id, &event, now).await?;
        let audit = Audit::by(actor, AuditAction::CaseVerification, now)
            .on("case", Some(new.case_id))
            .after(serde_json::to_string(v).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// Record the unit's 整改情况 on verification `verification_id` of case
    /// `case_id`, with the case's milestones after it (the clock met), a
    /// timeline event and an audit row. Conflict when it was answered already.
    pub async fn answer_rectification(
        &self,
        case_id: i64,
        verification_id: i64,
        answer: &RectificationAnswer,
        milestones: &[MilestoneRow],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let done = sqlx::query(
            "UPDATE case_verifications SET answered_at = $3, answer = $4, answer_attachment_id = $5,
                answered_by = $6, answer_recorded_at = $7
             WHERE id = $1 AND case_id = $2 AND rectification_due IS NOT NULL AND answered_at IS NULL",
        )
        .bind(verification_id)
        .bind(case_id)
        .bind(ms(answer.at))
        .bind(&answer.text)
        .bind(answer.attachment_id)
        .bind(user_ref(actor))
        .bind(ms(now))
        .execute(w.conn())
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("该整改要求已报送整改情况".into()));
        }
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        self.save_milestones(w.conn(), case_id, milestones, now)
            .await?;
        let event = Event {
            kind: EventKind::Rectification,
            occurred_at: answer.at,
            text: format!(
                "整改情况（{}）：{}",
                xinfang_domain::clock::format_local(answer.at),
                answer.text
            ),
            data: serde_json::json!({ "verification_id": verification_id }),
            actor: Some(actor),
        };
        w.event(case_id, &event, now).await?;
        let audit = Audit::by(actor, AuditAction::CaseRectification, now)
            .on("case", Some(case_id))
            .after(serde_json::to_string(answer).ok());
        w.commit(audit).await
    }

    /// Open rectifications (需整改, not yet answered) on the cases `scope`
    /// admits, soonest due first, each with its case number.
    pub async fn open_rectifications(
        &self,
        scope: &CaseScope,
    ) -> StoreResult<Vec<(String, VerificationRecord)>> {
        let mut p = crate::params::Params::default();
        let sc = crate::cases::scope_clause(scope, &mut p);
        let sql = format!(
            "{SELECT}, c.number {FROM} JOIN cases c ON c.id = v.case_id
             WHERE {sc} AND v.rectification_due IS NOT NULL AND v.answered_at IS NULL
             ORDER BY v.rectification_due, v.id"
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.text("number")?, record_from_row(r)?)))
            .collect()
    }
}

impl Store {
    /// The 整改 clocks of the cases in `id_list` (an SQL list of case ids),
    /// with the case each belongs to, oldest first.
    pub(crate) async fn rectifications_of(
        &self,
        id_list: &str,
    ) -> StoreResult<Vec<(i64, RectificationFacts)>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} {FROM} WHERE v.case_id IN ({id_list}) AND v.rectification_demand IS NOT NULL
             ORDER BY v.verified_at, v.id"
        )))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let v = record_from_row(r)?;
            if let Some(f) = v.rectification_facts() {
                out.push((v.case_id, f));
            }
        }
        Ok(out)
    }
}
