//! 调解 on a case as stored: each mediation with its people by role and its
//! outcome, written with a timeline event and an audit row; and the
//! statistics of mediations by kind.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::mediation::{Mediation, MediationKind, MediationOutcome, Participant};
use xinfang_domain::workflow::EventKind;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::write::Event;
use crate::{Store, StoreError, StoreResult};

/// A stored mediation.
#[derive(Debug, Clone, Serialize)]
pub struct MediationRecord {
    /// Row id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// What was recorded.
    #[serde(flatten)]
    pub mediation: Mediation,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When it was entered.
    pub recorded_at: Timestamp,
}

/// Mediations of one kind in a period, within a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MediationCount {
    /// Cases with at least one mediation of the kind.
    pub cases: i64,
    /// Mediations held.
    pub mediations: i64,
    /// Of which 达成协议.
    pub agreements: i64,
}

fn bad(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("case_mediations.{what}: {e}"))
}

fn record_from_row(r: &AnyRow) -> StoreResult<MediationRecord> {
    let kind = r.text("kind")?;
    let outcome = r.text("outcome")?;
    let mediators: Vec<String> =
        serde_json::from_str(&r.text("mediators")?).map_err(|e| bad("mediators", e))?;
    let participants: Vec<Participant> =
        serde_json::from_str(&r.text("participants")?).map_err(|e| bad("participants", e))?;
    Ok(MediationRecord {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        mediation: Mediation {
            kind: MediationKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
            at: r.time("held_at")?,
            place: r.text("place")?,
            mediators,
            participants,
            outcome: MediationOutcome::parse(&outcome).ok_or_else(|| bad("outcome", &outcome))?,
            agreement: r.text_opt("agreement")?,
            attachment_id: r.int_opt("attachment_id")?,
        },
        recorded_by: r.text_opt("recorder")?,
        recorded_at: r.time("recorded_at")?,
    })
}

impl Store {
    /// A case's mediations, oldest first; NotFound when the scope does not admit the case.
    pub async fn mediations(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<Vec<MediationRecord>> {
        let case = self.case_in_scope(case_id, scope).await?;
        self.mediations_of(case).await
    }

    /// The 调解 of a case the scope was checked for.
    pub(crate) async fn mediations_of(
        &self,
        case: crate::in_scope::InScope,
    ) -> StoreResult<Vec<MediationRecord>> {
        let rows = sqlx::query(
            "SELECT m.*, u.display_name AS recorder FROM case_mediations m
             LEFT JOIN users u ON u.id = m.recorded_by
             WHERE m.case_id = $1 ORDER BY m.held_at, m.id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// Record a mediation on a case, with its timeline event and audit row.
    /// The caller checked the attachment belongs to the case.
    pub async fn add_mediation(
        &self,
        case_id: i64,
        m: &Mediation,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_mediations (case_id, kind, held_at, place, mediators, participants,
                outcome, agreement, attachment_id, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(case_id)
        .bind(m.kind.as_str())
        .bind(ms(m.at))
        .bind(&m.place)
        .bind(serde_json::to_string(&m.mediators).map_err(|e| bad("mediators", e))?)
        .bind(serde_json::to_string(&m.participants).map_err(|e| bad("participants", e))?)
        .bind(m.outcome.as_str())
        .bind(m.agreement.as_deref())
        .bind(m.attachment_id)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        let event = Event {
            kind: EventKind::Mediation,
            occurred_at: m.at,
            text: m.describe(),
            data: serde_json::json!({ "mediation_id": id }),
            actor: Some(actor),
        };
        w.event(case_id, &event, now).await?;
        let audit = Audit::by(actor, AuditAction::CaseMediation, now)
            .on("case", Some(case_id))
            .after(serde_json::to_string(m).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// Mediations held in `[from, to)` on the cases `scope` admits, by kind:
    /// how many cases had one, how many were held, how many reached an agreement.
    pub async fn mediation_counts(
        &self,
        scope: &CaseScope,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<(MediationKind, MediationCount)>> {
        let mut p = crate::params::Params::default();
        let sc = crate::cases::scope_clause(scope, &mut p);
        let sql = format!(
            "SELECT m.kind, COUNT(DISTINCT m.case_id) AS cases, COUNT(*) AS mediations,
                SUM(CASE WHEN m.outcome = 'agreed' THEN 1 ELSE 0 END) AS agreements
             FROM case_mediations m JOIN cases c ON c.id = m.case_id
             WHERE {sc} AND m.held_at >= {} AND m.held_at < {}
             GROUP BY m.kind",
            p.int(ms(from)),
            p.int(ms(to))
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let kind = r.text("kind")?;
                Ok((
                    MediationKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
                    MediationCount {
                        cases: r.int("cases")?,
                        mediations: r.int("mediations")?,
                        agreements: r.int("agreements")?,
                    },
                ))
            })
            .collect()
    }

    /// Cases with any mediation held in `[from, to)`, within `scope` (a case
    /// mediated in two kinds counts once).
    pub async fn cases_mediated(
        &self,
        scope: &CaseScope,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<i64> {
        let mut p = crate::params::Params::default();
        let sc = crate::cases::scope_clause(scope, &mut p);
        let sql = format!(
            "SELECT COUNT(DISTINCT m.case_id) AS n
             FROM case_mediations m JOIN cases c ON c.id = m.case_id
             WHERE {sc} AND m.held_at >= {} AND m.held_at < {}",
            p.int(ms(from)),
            p.int(ms(to))
        );
        let row = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_one(&self.pool)
            .await?;
        row.int("n")
    }
}
