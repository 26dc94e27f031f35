//! Applying a step of the six steps to a stored case.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::case::Case;
use xinfang_domain::workflow::{Document, Step};

use super::model::*;
use crate::audit::Audit;
use crate::codec::{flag, ms};
use crate::issued_notices::{NewIssuedNotice, insert_issued_notice, issue_audit};
use crate::params::Params;
use crate::write::Event;
use crate::{Store, StoreError, StoreResult};

impl Store {
    /// Apply a permitted step: update the case (checking `expected_version`
    /// when given), write the event and the audit row, in one transaction.
    pub async fn apply_step(
        &self,
        case: &Case,
        change: StepChange<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Case> {
        self.apply_step_issuing(case, change, None, actor, now)
            .await
    }

    /// [`Store::apply_step`], issuing `notice` in the same transaction (the
    /// 处理意见书 is issued when the opinion is given), with its own audit row.
    pub async fn apply_step_issuing(
        &self,
        case: &Case,
        change: StepChange<'_>,
        notice: Option<&NewIssuedNotice>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Case> {
        let StepChange {
            expected_version,
            step,
            transition,
            text,
            milestones,
        } = change;
        let mut p = Params::default();
        let mut sets = vec![
            format!("status = {}", p.text(transition.to.as_str())),
            format!("updated_at = {}", p.int(ms(now))),
            "version = version + 1".to_string(),
        ];
        let occurred_at = match step {
            Step::Assign(a) => {
                sets.push(format!(
                    "handler_user_id = {}",
                    a.handler_user_id.map_or("NULL".into(), |v| p.int(v))
                ));
                sets.push(format!(
                    "handler_name = {}",
                    a.handler_name.clone().map_or("NULL".into(), |v| p.text(v))
                ));
                sets.push(format!(
                    "handler_phone = {}",
                    a.handler_phone.clone().map_or("NULL".into(), |v| p.text(v))
                ));
                sets.push(format!(
                    "leader_user_id = {}",
                    a.leader_user_id.map_or("NULL".into(), |v| p.int(v))
                ));
                a.at
            }
            Step::Contact { at, .. } | Step::Visit { at, .. } | Step::Report { at, .. } => *at,
            Step::Opinion {
                at,
                finding,
                tri,
                opinion,
            } => {
                sets.push(format!("finding = {}", p.text(finding.as_str())));
                sets.push(format!(
                    "tri_reasonable = {}",
                    p.text(tri.reasonable_resolved.as_str())
                ));
                sets.push(format!(
                    "tri_unreasonable = {}",
                    p.text(tri.unreasonable_guided.as_str())
                ));
                sets.push(format!(
                    "tri_hardship = {}",
                    p.text(tri.hardship_helped.as_str())
                ));
                sets.push(format!(
                    "tri_unlawful = {}",
                    p.text(tri.unlawful_handled.as_str())
                ));
                sets.push(format!("opinion = {}", p.text(opinion.clone())));
                sets.push("satisfaction = NULL".into());
                sets.push("return_visit_at = NULL".into());
                // A new opinion is a new paper to deliver.
                sets.push("opinion_delivered_at = NULL".into());
                *at
            }
            Step::ReturnVisit {
                at,
                satisfaction,
                stable,
                ..
            } => {
                sets.push(format!("satisfaction = {}", p.text(satisfaction.as_str())));
                sets.push(format!("return_visit_at = {}", p.int(ms(*at))));
                sets.push(format!("stable = {}", p.int(flag(*stable))));
                *at
            }
            Step::Close { .. } => {
                sets.push(format!("closed_at = {}", p.int(ms(now))));
                now
            }
            Step::Urge { .. } => {
                sets.push("supervision_level = CASE WHEN supervision_level < 1 THEN 1 ELSE supervision_level END".into());
                now
            }
            Step::Escalate { .. } => {
                sets.push("supervision_level = supervision_level + 1".into());
                now
            }
            Step::Reopen { .. } => {
                sets.push("closed_at = NULL".into());
                sets.push("satisfaction = NULL".into());
                sets.push("return_visit_at = NULL".into());
                now
            }
            Step::Comment { .. } | Step::RequestExtension { .. } | Step::SendBack { .. } => now,
            Step::Deliver {
                at,
                document: Document::Opinion,
                ..
            } => {
                // The first delivery opens the 复查 window; a later one (served
                // again) does not move it.
                let at_ms = p.int(ms(*at));
                sets.push(format!(
                    "opinion_delivered_at = CASE WHEN opinion_delivered_at IS NULL OR opinion_delivered_at > {at_ms} THEN {at_ms} ELSE opinion_delivered_at END"
                ));
                *at
            }
            Step::Deliver { at, .. } | Step::Review { at, .. } | Step::Extend { at, .. } => *at,
        };
        let mut sql = format!(
            "UPDATE cases SET {} WHERE id = {}",
            sets.join(", "),
            p.int(case.id)
        );
        if let Some(v) = expected_version {
            sql.push_str(&format!(" AND version = {}", p.int(v)));
        }

        let mut w = self.write().await?;
        let n = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .execute(w.conn())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(
                "该案件已被他人修改，请刷新页面查看最新内容后再提交".into(),
            ));
        }
        if let Step::Assign(a) = step {
            sqlx::query("DELETE FROM case_units WHERE case_id = $1")
                .bind(case.id)
                .execute(w.conn())
                .await?;
            for (org_id, lead) in
                std::iter::once((a.unit_id, true)).chain(a.co_unit_ids.iter().map(|u| (*u, false)))
            {
                // With the case's columns a unit's list is read and counted by.
                let sql = "INSERT INTO case_units (case_id, org_id, lead, received_at, status, kind, township_id)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)";
                sqlx::query(sql)
                    .bind(case.id)
                    .bind(org_id)
                    .bind(flag(lead))
                    .bind(ms(case.received_at))
                    .bind(transition.to.as_str())
                    .bind(case.kind.as_str())
                    .bind(case.township_id)
                    .execute(w.conn())
                    .await?;
            }
        } else if transition.to != case.status {
            // The units' copy of the status their lists are counted by.
            sqlx::query("UPDATE case_units SET status = $1 WHERE case_id = $2")
                .bind(transition.to.as_str())
                .bind(case.id)
                .execute(w.conn())
                .await?;
        }
        let event = Event {
            kind: transition.event,
            occurred_at,
            text: text.to_string(),
            data: serde_json::to_value(step).unwrap_or_default(),
            actor: Some(actor),
        };
        w.event(case.id, &event, now).await?;
        self.save_milestones(w.conn(), case.id, milestones, now)
            .await?;
        let audit = Audit::by(actor, AuditAction::for_step(step), now)
            .on("case", Some(case.id))
            .before(self.audit_json(case)?)
            .after(serde_json::to_string(step).ok());
        let mut audits = vec![audit];
        if let Some(notice) = notice {
            insert_issued_notice(self, w.conn(), case.id, notice, actor, now).await?;
            audits.push(issue_audit(case.id, notice, actor, now));
        }
        w.commit_each(audits).await?;
        self.case(case.id, &CaseScope::all()).await
    }
}
