//! Registering cases. Registrations that arrive together are written in one
//! transaction and acknowledged after its one commit (see [`crate::group`]):
//! each case still gets its own number, petitioner, 登记 event, milestones
//! and audit rows, exactly as when it is written alone.

use std::collections::HashMap;

use jiff::Timestamp;
use sqlx::AnyConnection;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::case::{Case, CaseNumber, NewCase, NewPetitioner};
use xinfang_domain::clock::to_local;
use xinfang_domain::workflow::{CaseStatus, EventKind};

use crate::audit::Audit;
use crate::codec::{flag, ms, ms_opt};
use crate::params::{Columns, Params, insert_each_ids, insert_each_rows};
use crate::write::{Event, event_columns};
use crate::{CaseRecords, MilestoneRow, Store, StoreError, StoreResult};

/// A timeline event to write: case id, event, entered at.
type Entry<'a> = (i64, Event<'a>, Timestamp);

/// A registration written: its case's id, and its records as written.
pub(crate) type Written = (i64, CaseRecords);

/// `rows` by the case each belongs to.
fn by_case<T>(rows: Vec<T>, case_of: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut by: HashMap<i64, Vec<T>> = HashMap::new();
    for r in rows {
        by.entry(case_of(&r)).or_default().push(r);
    }
    by
}

/// Timeline events, each `(case id, event, entered at)`, inserted in one
/// statement and answered as written.
async fn insert_events_read(
    conn: &mut AnyConnection,
    events: &[(i64, &Event<'_>, Timestamp)],
) -> StoreResult<Vec<crate::EventRecord>> {
    insert_each_rows(conn, "case_events", events, event_columns)
        .await?
        .iter()
        .map(super::event_from_row)
        .collect()
}

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
        Ok(self
            .register_case_with_records(new, prefix, milestones, actor, now)
            .await?
            .0)
    }

    /// [`Store::register_case`], answered with the records the case's page
    /// shows as well (what the API's answer to a registration is made of),
    /// as the registration wrote them.
    pub async fn register_case_with_records(
        &self,
        new: &NewCase,
        prefix: &str,
        milestones: &[MilestoneRow],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<(Case, CaseRecords)> {
        let job = Registration {
            new: new.clone(),
            prefix: prefix.to_string(),
            milestones: milestones.to_vec(),
            actor: actor.clone(),
            now,
        };
        let store = self.clone();
        let (id, records) = self
            .registrations
            .submit(job, move |jobs| async move {
                store.register_together(&jobs).await
            })
            .await?;
        Ok((self.registered_case(id).await?, records))
    }

    /// Registration groups committed since start, and the registrations in
    /// them: their ratio is how many registrations shared a commit.
    pub fn registration_groups(&self) -> (u64, u64) {
        self.registrations.counts()
    }

    /// Write a group of registrations in one transaction. Should any of them
    /// fail, nothing of the group is kept and each is written again alone,
    /// so one bad registration fails only itself.
    async fn register_together(&self, jobs: &[Registration]) -> Vec<StoreResult<Written>> {
        if jobs.len() > 1
            && let Ok(written) = self.register_in_one(jobs).await
        {
            return written.into_iter().map(Ok).collect();
        }
        let mut answers = Vec::with_capacity(jobs.len());
        for job in jobs {
            answers.push(
                self.register_in_one(std::slice::from_ref(job))
                    .await
                    .and_then(|w| {
                        w.into_iter()
                            .next()
                            .ok_or_else(|| StoreError::Other("登记未写入".into()))
                    }),
            );
        }
        answers
    }

    /// `jobs` in one transaction and one commit: each table's rows for the
    /// whole group in one statement, in the order of `jobs` (numbers, ids
    /// and audit links alike), as though each were written in turn. Each is
    /// answered with its case's id and the records written for it.
    async fn register_in_one(&self, jobs: &[Registration]) -> StoreResult<Vec<Written>> {
        let mut w = self.write().await?;
        let numbers = number(w.conn(), jobs).await?;
        let people: Vec<(&NewPetitioner, Timestamp)> = jobs
            .iter()
            .filter_map(|j| j.new.petitioner.as_ref().map(|p| (p, j.now)))
            .collect();
        let mut linked = self
            .upsert_petitioners(w.conn(), &people)
            .await?
            .into_iter();
        let mut cases = Vec::with_capacity(jobs.len());
        for (job, (seq, number)) in jobs.iter().zip(&numbers) {
            let petitioner = match &job.new.petitioner {
                Some(_) => linked.next(),
                None => None,
            };
            // A petitioner renamed: the words of their other cases hold the name.
            if let Some(up) = petitioner.filter(|up| up.renamed) {
                for other in crate::words::cases_of_petitioner(w.conn(), up.id).await? {
                    w.touch(other);
                }
            }
            cases.push((job, *seq, number, petitioner.map(|up| up.id)));
        }
        let ids = insert_each_ids(
            w.conn(),
            "cases",
            &cases,
            |p, (job, seq, number, petitioner)| case_columns(job, *seq, number, *petitioner, p),
        )
        .await?;
        let mut events = Vec::with_capacity(jobs.len());
        let mut milestones = Vec::new();
        let mut audits = Vec::with_capacity(jobs.len());
        for ((job, _, number, _), &id) in cases.iter().zip(&ids) {
            w.touch(id);
            let (mut registered, mut rows) = self.registered(job, number, id)?;
            events.append(&mut registered);
            audits.append(&mut rows);
            milestones.extend(job.milestones.iter().map(|m| (id, m, job.now)));
        }
        let events: Vec<_> = events.iter().map(|(id, e, now)| (*id, e, *now)).collect();
        let mut events_of = by_case(insert_events_read(w.conn(), &events).await?, |e| e.case_id);
        let mut milestones_of = by_case(
            self.insert_new_milestones(w.conn(), &milestones).await?,
            |m| m.case_id,
        );
        w.commit_each(audits).await?;
        Ok(ids
            .into_iter()
            .map(|id| {
                let events = events_of.remove(&id).unwrap_or_default();
                let milestones = milestones_of.remove(&id).unwrap_or_default();
                (id, CaseRecords::registered(events, milestones))
            })
            .collect())
    }

    /// The timeline events (登记, and a 重复访判定 when made) and the audit
    /// rows of `job`, registered as case `id`.
    fn registered<'j>(
        &self,
        job: &'j Registration,
        number: &CaseNumber,
        id: i64,
    ) -> StoreResult<(Vec<Entry<'j>>, Vec<Audit>)> {
        let Registration {
            new, actor, now, ..
        } = job;
        let destination = new
            .escalated_to
            .map(|e| format!("，越级去向：{e}"))
            .unwrap_or_default();
        let mut events = vec![(
            id,
            Event {
                kind: EventKind::Registered,
                occurred_at: new.received_at,
                text: format!(
                    "登记为{}，{}，{}{destination}",
                    new.kind, new.channel, new.source_level
                ),
                data: serde_json::json!({ "number": number.as_str() }),
                actor: Some(actor),
            },
            *now,
        )];
        let mut audits = vec![
            Audit::by(actor, AuditAction::CaseRegister, *now)
                .on("case", Some(id))
                .after(self.audit_json(new)?),
        ];
        if let Some(repeat) = &new.repeat {
            events.push((
                id,
                Event {
                    kind: EventKind::RepeatDecision,
                    occurred_at: new.received_at,
                    text: repeat.sentence(),
                    data: serde_json::json!({ "repeat": repeat }),
                    actor: Some(actor),
                },
                *now,
            ));
            audits.push(
                Audit::by(actor, AuditAction::CaseRepeatDecision, *now)
                    .on("case", Some(id))
                    .after(Some(repeat.sentence())),
            );
        }
        Ok((events, audits))
    }
}

/// Each registration's sequence and number, in order: a year's counter moves once for
/// all the group's cases of that year.
async fn number(
    conn: &mut AnyConnection,
    jobs: &[Registration],
) -> StoreResult<Vec<(i64, CaseNumber)>> {
    let years: Vec<i16> = jobs
        .iter()
        .map(|j| to_local(j.new.received_at).year())
        .collect();
    let mut next: HashMap<i16, i64> = HashMap::new();
    for &year in &years {
        if next.contains_key(&year) {
            continue;
        }
        let n = years.iter().filter(|y| **y == year).count() as i64;
        let last: i64 = sqlx::query_scalar(
            "INSERT INTO case_counters (year, last_seq) VALUES ($1, $2)
             ON CONFLICT (year) DO UPDATE SET last_seq = case_counters.last_seq + excluded.last_seq
             RETURNING last_seq",
        )
        .bind(i64::from(year))
        .bind(n)
        .fetch_one(&mut *conn)
        .await?;
        next.insert(year, last - n + 1);
    }
    Ok(jobs
        .iter()
        .zip(&years)
        .map(|(j, year)| {
            let seq = next.get_mut(year).map_or(0, |s| {
                *s += 1;
                *s - 1
            });
            (seq, CaseNumber::compose(&j.prefix, *year, seq))
        })
        .collect())
}

/// A registered case's row: the form's columns and the case's own.
fn case_columns(
    job: &Registration,
    seq: i64,
    number: &CaseNumber,
    petitioner_id: Option<i64>,
    p: &mut Params,
) -> Columns {
    let new = &job.new;
    let year = to_local(new.received_at).year();
    let at = p.int(ms(job.now));
    let mut columns = form_columns(new, petitioner_id, p);
    columns.extend([
        ("number", p.text(number.as_str())),
        ("year", p.int(i64::from(year))),
        ("seq", p.int(seq)),
        ("status", p.text(CaseStatus::Registered.as_str())),
        ("related_case_id", p.int_opt(new.related_case_id)),
        ("supervision_level", "0".into()),
        ("version", "1".into()),
        ("created_by", p.int(job.actor.user_id)),
        ("created_at", at.clone()),
        ("updated_at", at),
        (
            "repeat_decision",
            p.text_opt(new.repeat.as_ref().map(|r| r.decision.as_str())),
        ),
    ]);
    columns
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
