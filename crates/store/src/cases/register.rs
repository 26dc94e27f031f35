//! Registering cases. Registrations that arrive together are written in one
//! transaction and acknowledged after its one commit (see [`crate::group`]):
//! each case still gets its own number, petitioner, 登记 event, milestones
//! and audit rows, exactly as when it is written alone.

use jiff::Timestamp;
use sqlx::AnyConnection;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::case::{Case, CaseNumber, NewCase};
use xinfang_domain::clock::to_local;
use xinfang_domain::workflow::{CaseStatus, EventKind};

use crate::audit::Audit;
use crate::codec::{flag, ms, ms_opt};
use crate::write::{Event, insert_event};
use crate::{MilestoneRow, Store, StoreResult};

/// One registration waiting for its group's commit.
#[derive(Debug)]
pub(crate) struct Registration {
    new: NewCase,
    prefix: String,
    milestones: Vec<MilestoneRow>,
    actor: Actor,
    now: Timestamp,
}

impl Store {
    /// Register a case: number it, link or create its petitioner, write the
    /// 登记 event, its milestones and the audit row, all in one transaction
    /// (shared with registrations arriving at the same moment). A
    /// 重复访判定 (`new.repeat`) is kept on the case, written to its
    /// timeline and audited as an action of its own.
    pub async fn register_case(
        &self,
        new: &NewCase,
        prefix: &str,
        milestones: &[MilestoneRow],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Case> {
        let job = Registration {
            new: new.clone(),
            prefix: prefix.to_string(),
            milestones: milestones.to_vec(),
            actor: actor.clone(),
            now,
        };
        let store = self.clone();
        let id = self
            .registrations
            .submit(job, move |jobs| async move {
                store.register_together(&jobs).await
            })
            .await?;
        self.case(id, &CaseScope::all()).await
    }

    /// Registration groups committed since start, and the registrations in
    /// them: their ratio is how many registrations shared a commit.
    pub fn registration_groups(&self) -> (u64, u64) {
        self.registrations.counts()
    }

    /// Write a group of registrations in one transaction. Should any of them
    /// fail, nothing of the group is kept and each is written again alone,
    /// so one bad registration fails only itself.
    async fn register_together(&self, jobs: &[Registration]) -> Vec<StoreResult<i64>> {
        if jobs.len() > 1
            && let Ok(ids) = self.register_in_one(jobs).await
        {
            return ids.into_iter().map(Ok).collect();
        }
        let mut answers = Vec::with_capacity(jobs.len());
        for job in jobs {
            answers.push(
                self.register_in_one(std::slice::from_ref(job))
                    .await
                    .map(|ids| ids[0]),
            );
        }
        answers
    }

    /// `jobs` in one transaction and one commit, their audit rows linked in order.
    async fn register_in_one(&self, jobs: &[Registration]) -> StoreResult<Vec<i64>> {
        let mut w = self.write().await?;
        let mut ids = Vec::with_capacity(jobs.len());
        let mut audits = Vec::with_capacity(jobs.len());
        for job in jobs {
            let (id, mut rows, renamed) = self.register_on(w.conn(), job).await?;
            ids.push(id);
            w.touch(id);
            for other in renamed {
                w.touch(other);
            }
            audits.append(&mut rows);
        }
        w.commit_each(audits).await?;
        Ok(ids)
    }

    /// One registration's rows on `conn`; returns the case id, its audit
    /// rows and the petitioner's other cases when the registration renamed
    /// the petitioner (their words hold the name).
    async fn register_on(
        &self,
        conn: &mut AnyConnection,
        job: &Registration,
    ) -> StoreResult<(i64, Vec<Audit>, Vec<i64>)> {
        let Registration {
            new,
            prefix,
            milestones,
            actor,
            now,
        } = job;
        let now = *now;
        let year = to_local(new.received_at).year();
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO case_counters (year, last_seq) VALUES ($1, 1)
             ON CONFLICT (year) DO UPDATE SET last_seq = case_counters.last_seq + 1 RETURNING last_seq",
        )
        .bind(i64::from(year))
        .fetch_one(&mut *conn)
        .await?;
        let number = CaseNumber::compose(prefix, year, seq);
        let (petitioner_id, renamed) = match &new.petitioner {
            Some(p) => {
                let up = self.upsert_petitioner(conn, p, now).await?;
                let renamed = if up.renamed {
                    crate::words::cases_of_petitioner(conn, up.id).await?
                } else {
                    Vec::new()
                };
                (Some(up.id), renamed)
            }
            None => (None, Vec::new()),
        };
        let online = new.online.clone().unwrap_or_default();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (number, year, seq, kind, channel, source_level, key_assigned, received_at, township_id,
                village_id, summary, category, status, petitioner_id, companions, backlog, backlog_reason, remarks,
                online_platform, online_link, online_poster, online_posted_at, online_discovered_at, online_reach,
                related_case_id, supervision_level, version, created_by, created_at, updated_at, escalated_to,
                repeat_decision, online_severity)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                $22, $23, $24, $25, 0, 1, $26, $27, $27, $28, $29, $30) RETURNING id",
        )
        .bind(number.as_str())
        .bind(i64::from(year))
        .bind(seq)
        .bind(new.kind.as_str())
        .bind(new.channel.as_str())
        .bind(new.source_level.as_str())
        .bind(flag(new.key_assigned))
        .bind(ms(new.received_at))
        .bind(new.township_id)
        .bind(new.village_id)
        .bind(&new.summary)
        .bind(new.category.as_str())
        .bind(CaseStatus::Registered.as_str())
        .bind(petitioner_id)
        .bind(serde_json::to_string(&new.companions).unwrap_or_else(|_| "[]".into()))
        .bind(flag(new.backlog))
        .bind(new.backlog_reason.clone())
        .bind(new.remarks.clone())
        .bind(online.platform)
        .bind(online.link)
        .bind(online.poster)
        .bind(ms_opt(online.posted_at))
        .bind(ms_opt(online.discovered_at))
        .bind(online.reach)
        .bind(new.related_case_id)
        .bind(actor.user_id)
        .bind(ms(now))
        .bind(new.escalated_to.map(|e| e.as_str()))
        .bind(new.repeat.as_ref().map(|r| r.decision.as_str()))
        .bind(online.severity.map(|s| s.as_str()))
        .fetch_one(&mut *conn)
        .await?;
        let destination = new
            .escalated_to
            .map(|e| format!("，越级去向：{e}"))
            .unwrap_or_default();
        let event = Event {
            kind: EventKind::Registered,
            occurred_at: new.received_at,
            text: format!(
                "登记为{}，{}，{}{destination}",
                new.kind, new.channel, new.source_level
            ),
            data: serde_json::json!({ "number": number.as_str() }),
            actor: Some(actor),
        };
        insert_event(conn, id, &event, now).await?;
        let mut audits = vec![
            Audit::by(actor, AuditAction::CaseRegister, now)
                .on("case", Some(id))
                .after(self.audit_json(new)?),
        ];
        if let Some(repeat) = &new.repeat {
            let decided = Event {
                kind: EventKind::RepeatDecision,
                occurred_at: new.received_at,
                text: repeat.sentence(),
                data: serde_json::json!({ "repeat": repeat }),
                actor: Some(actor),
            };
            insert_event(conn, id, &decided, now).await?;
            audits.push(
                Audit::by(actor, AuditAction::CaseRepeatDecision, now)
                    .on("case", Some(id))
                    .after(Some(repeat.sentence())),
            );
        }
        insert_new_milestones(conn, id, milestones, now).await?;
        Ok((id, audits, renamed))
    }
}

/// The milestones of a case just registered, in one statement: nothing is
/// stored for it yet, so there is nothing to keep or carry over.
async fn insert_new_milestones(
    conn: &mut AnyConnection,
    case_id: i64,
    rows: &[MilestoneRow],
    now: Timestamp,
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut p = crate::params::Params::default();
    let case = p.int(case_id);
    let at = p.int(ms(now));
    let values: Vec<String> = rows
        .iter()
        .map(|r| {
            let key = p.text(&r.key);
            let fields = r.bulk_values(&mut p);
            let next = p.int_opt(ms_opt(r.next_transition_at(0)));
            format!("({case}, {key}, {fields}, {at}, {next}, 0)")
        })
        .collect();
    let sql = format!(
        "INSERT INTO milestones (case_id, key, name, is_window, started_at, due_at, completed_at, state,
            explanation, warnings, warn_from, role, updated_at, next_transition_at, notice_level)
         VALUES {}",
        values.join(", ")
    );
    p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
