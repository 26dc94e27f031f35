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
use crate::codec::{RowExt, flag, ms, ms_opt};
use crate::params::Params;
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
        let mut p = Params::default();
        let at = p.int(ms(now));
        let mut columns = form_columns(new, petitioner_id, &mut p);
        columns.extend([
            ("number", p.text(number.as_str())),
            ("year", p.int(i64::from(year))),
            ("seq", p.int(seq)),
            ("status", p.text(CaseStatus::Registered.as_str())),
            ("related_case_id", p.int_opt(new.related_case_id)),
            ("supervision_level", "0".into()),
            ("version", "1".into()),
            ("created_by", p.int(actor.user_id)),
            ("created_at", at.clone()),
            ("updated_at", at),
            (
                "repeat_decision",
                p.text_opt(new.repeat.as_ref().map(|r| r.decision.as_str())),
            ),
        ]);
        let (names, values): (Vec<&str>, Vec<String>) = columns.into_iter().unzip();
        let sql = format!(
            "INSERT INTO cases ({}) VALUES ({}) RETURNING id",
            names.join(", "),
            values.join(", ")
        );
        let id: i64 = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_one(&mut *conn)
            .await?
            .int("id")?;
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
    let mut p = Params::default();
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
    p.insert_rows(
        conn,
        "milestones (case_id, key, name, is_window, started_at, due_at, completed_at, state,
            explanation, warnings, warn_from, role, updated_at, next_transition_at, notice_level)",
        &values,
    )
    .await
}

/// The columns the registration form (登记) sets, each with its value's
/// placeholder in `p`: a registration inserts them and a correction
/// (更正) updates them, alike.
pub(super) fn form_columns(
    new: &NewCase,
    petitioner_id: Option<i64>,
    p: &mut Params,
) -> Vec<(&'static str, String)> {
    let online = new.online.clone().unwrap_or_default();
    vec![
        ("kind", p.text(new.kind.as_str())),
        ("channel", p.text(new.channel.as_str())),
        ("source_level", p.text(new.source_level.as_str())),
        ("key_assigned", p.int(flag(new.key_assigned))),
        ("received_at", p.int(ms(new.received_at))),
        ("township_id", p.int(new.township_id)),
        ("village_id", p.int_opt(new.village_id)),
        ("summary", p.text(new.summary.as_str())),
        ("category", p.text(new.category.as_str())),
        ("petitioner_id", p.int_opt(petitioner_id)),
        (
            "companions",
            p.text(serde_json::to_string(&new.companions).unwrap_or_else(|_| "[]".into())),
        ),
        ("backlog", p.int(flag(new.backlog))),
        ("backlog_reason", p.text_opt(new.backlog_reason.as_deref())),
        ("remarks", p.text_opt(new.remarks.as_deref())),
        ("online_platform", p.text_opt(online.platform.as_deref())),
        ("online_link", p.text_opt(online.link.as_deref())),
        ("online_poster", p.text_opt(online.poster.as_deref())),
        ("online_posted_at", p.int_opt(ms_opt(online.posted_at))),
        (
            "online_discovered_at",
            p.int_opt(ms_opt(online.discovered_at)),
        ),
        ("online_reach", p.text_opt(online.reach.as_deref())),
        (
            "escalated_to",
            p.text_opt(new.escalated_to.map(|e| e.as_str())),
        ),
        (
            "online_severity",
            p.text_opt(online.severity.map(|s| s.as_str())),
        ),
    ]
}
