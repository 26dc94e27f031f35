//! 更正登记信息 — writing a correction of a case's registration: the case
//! row, its petitioner, the timeline note, the milestones and the audit row
//! with before and after, in one transaction.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::case::{Case, NewPetitioner, Petitioner};
use xinfang_domain::correction::{Correction, FieldChange};
use xinfang_domain::workflow::EventKind;

use crate::audit::Audit;
use crate::codec::{flag, ms, ms_opt};
use crate::vault::Secret;
use crate::write::Event;
use crate::{MilestoneRow, Store, StoreError, StoreResult};

/// A checked correction to write, with how the timeline words it.
#[derive(Debug, Clone, Copy)]
pub struct CorrectionChange<'a> {
    /// The version the user's form was built from; None skips the check.
    pub expected_version: Option<i64>,
    /// The corrected registration and the reason.
    pub correction: &'a Correction,
    /// What changed, as shown (personal data masked).
    pub changes: &'a [FieldChange],
    /// The timeline sentence.
    pub text: &'a str,
    /// The case's milestones after the correction.
    pub milestones: &'a [MilestoneRow],
}

/// Whether a corrected petitioner is still the stored record's person: the
/// same ID number, or none on either side (a record without one belongs to
/// its case alone).
fn same_person_record(new: &NewPetitioner, stored: &Petitioner) -> bool {
    new.id_number == stored.id_number
}

impl Store {
    /// Write a correction of `case` (checking `expected_version` when given).
    /// A petitioner whose ID number is unchanged is corrected in place (one
    /// record per person); a new or removed ID number links the case to
    /// that person's record, or a new one, and leaves the old record as it was.
    pub async fn correct_case(
        &self,
        case: &Case,
        change: CorrectionChange<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Case> {
        let n = &change.correction.new;
        let mut w = self.write().await?;
        let petitioner_id = match (&n.petitioner, &case.petitioner) {
            (None, _) => None,
            (Some(p), Some(stored)) if same_person_record(p, stored) => {
                let vault = self.vault();
                sqlx::query(
                    "UPDATE petitioners SET name = $2, phone = $3, phone_index = $4, address = $5,
                        poverty_status = $6, updated_at = $7 WHERE id = $1",
                )
                .bind(stored.id)
                .bind(&p.name)
                .bind(vault.seal_opt(
                    Secret::Phone,
                    p.phone.as_ref().map(|x| x.to_string()).as_deref(),
                )?)
                .bind(p.phone.as_ref().map(|x| self.phone_index(x)))
                .bind(vault.seal_opt(Secret::Address, p.address.as_deref())?)
                .bind(p.poverty_status.as_str())
                .bind(ms(now))
                .execute(w.conn())
                .await?;
                if p.name != stored.name {
                    for other in crate::words::cases_of_petitioner(w.conn(), stored.id).await? {
                        w.touch(other);
                    }
                }
                Some(stored.id)
            }
            (Some(p), _) => {
                let up = self.upsert_petitioner(w.conn(), p, now).await?;
                if up.renamed {
                    for other in crate::words::cases_of_petitioner(w.conn(), up.id).await? {
                        w.touch(other);
                    }
                }
                Some(up.id)
            }
        };
        let online = n.online.clone().unwrap_or_default();
        let mut sql = String::from(
            "UPDATE cases SET kind = $2, channel = $3, source_level = $4, key_assigned = $5, received_at = $6,
                township_id = $7, village_id = $8, summary = $9, category = $10, petitioner_id = $11,
                companions = $12, backlog = $13, backlog_reason = $14, remarks = $15, online_platform = $16,
                online_link = $17, online_poster = $18, online_posted_at = $19, online_discovered_at = $20,
                online_reach = $21, escalated_to = $22, updated_at = $23, online_severity = $24,
                version = version + 1
             WHERE id = $1",
        );
        if change.expected_version.is_some() {
            sql.push_str(" AND version = $25");
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(case.id)
            .bind(n.kind.as_str())
            .bind(n.channel.as_str())
            .bind(n.source_level.as_str())
            .bind(flag(n.key_assigned))
            .bind(ms(n.received_at))
            .bind(n.township_id)
            .bind(n.village_id)
            .bind(&n.summary)
            .bind(n.category.as_str())
            .bind(petitioner_id)
            .bind(serde_json::to_string(&n.companions).unwrap_or_else(|_| "[]".into()))
            .bind(flag(n.backlog))
            .bind(n.backlog_reason.clone())
            .bind(n.remarks.clone())
            .bind(online.platform)
            .bind(online.link)
            .bind(online.poster)
            .bind(ms_opt(online.posted_at))
            .bind(ms_opt(online.discovered_at))
            .bind(online.reach)
            .bind(n.escalated_to.map(|e| e.as_str()))
            .bind(ms(now))
            .bind(online.severity.map(|s| s.as_str()));
        if let Some(v) = change.expected_version {
            query = query.bind(v);
        }
        let updated = query.execute(w.conn()).await?.rows_affected();
        if updated == 0 {
            return Err(StoreError::Conflict(
                "该案件已被他人修改，请刷新页面查看最新内容后再提交".into(),
            ));
        }
        let event = Event {
            kind: EventKind::Corrected,
            occurred_at: now,
            text: change.text.to_string(),
            data: serde_json::json!({ "correction": {
                "reason": change.correction.reason,
                "changes": change.changes,
            } }),
            actor: Some(actor),
        };
        w.event(case.id, &event, now).await?;
        self.save_milestones(w.conn(), case.id, change.milestones, now)
            .await?;
        let after = serde_json::json!({
            "registration": n,
            "reason": change.correction.reason,
            "changes": change.changes,
        });
        let audit = Audit::by(actor, AuditAction::CaseCorrect, now)
            .on("case", Some(case.id))
            .before(self.audit_json(case)?)
            .after(self.audit_json(&after)?);
        w.commit(audit).await?;
        self.case(case.id, &CaseScope::all()).await
    }
}
