//! 更正登记信息 — writing a correction of a case's registration: the case
//! row, its petitioner, the timeline note, the milestones and the audit row
//! with before and after, in one transaction.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::case::{Case, NewPetitioner, Petitioner};
use xinfang_domain::correction::{Correction, FieldChange};
use xinfang_domain::workflow::EventKind;

use super::register::form_columns;
use crate::audit::Audit;
use crate::codec::ms;
use crate::params::Params;
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
        let mut p = Params::default();
        let id = p.int(case.id);
        let mut sets: Vec<String> = form_columns(n, petitioner_id, &mut p)
            .into_iter()
            .map(|(column, value)| format!("{column} = {value}"))
            .collect();
        sets.push(format!("updated_at = {}", p.int(ms(now))));
        sets.push("version = version + 1".into());
        let mut sql = format!("UPDATE cases SET {} WHERE id = {id}", sets.join(", "));
        if let Some(v) = change.expected_version {
            sql.push_str(&format!(" AND version = {}", p.int(v)));
        }
        let query = p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)));
        let updated = query.execute(w.conn()).await?.rows_affected();
        if updated == 0 {
            return Err(StoreError::Conflict(
                "该案件已被他人修改，请刷新页面查看最新内容后再提交".into(),
            ));
        }
        if n.received_at != case.received_at
            || n.kind != case.kind
            || n.township_id != case.township_id
        {
            // The units' copy of the columns their lists are read and
            // counted by: the date, the 类别 and the township.
            sqlx::query(
                "UPDATE case_units SET received_at = $1, kind = $2, township_id = $3 WHERE case_id = $4",
            )
            .bind(ms(n.received_at))
            .bind(n.kind.as_str())
            .bind(n.township_id)
            .bind(case.id)
            .execute(w.conn())
            .await?;
        }
        if n.received_at != case.received_at {
            // Its words are keyed by the date on SQLite: the row under the
            // old one goes; the event below writes them under the new.
            crate::words::forget_words(self.engine, w.conn(), case.id, ms(case.received_at))
                .await?;
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
