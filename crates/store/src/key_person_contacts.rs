//! 稳控 — key persons' contact log, the district's 督办 of a due contact,
//! the contacts due by a date, and the people the system proposes for the
//! register (three petitions in a year by one ID number, not yet entered).

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::clock::start_of_day;
use xinfang_domain::key_person::{ContactMethod, ContactStatus, KeyPersonContact, RiskLevel};

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::periods::date_col;
use crate::{Store, StoreError, StoreResult};

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRecord {
    /// Id.
    pub id: i64,
    /// The contact.
    #[serde(flatten)]
    pub contact: KeyPersonContact,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When.
    pub recorded_at: Timestamp,
}

/// A 督办 of a due contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrgeRecord {
    /// The due day urged.
    pub due_on: Date,
    /// 督办意见.
    pub note: String,
    /// By whom.
    pub urged_by: Option<String>,
    /// When.
    pub urged_at: Timestamp,
}

/// A 督办 to record: the due day urged, the note, and who is told.
#[derive(Debug, Clone, Copy)]
pub struct ContactUrge<'a> {
    /// The due day urged.
    pub due_on: Date,
    /// 督办意见.
    pub note: &'a str,
    /// The notice's title.
    pub title: &'a str,
    /// The users notified.
    pub notify: &'a [i64],
}

/// A contact due: who, where, when, and whether the district urged it.
#[derive(Debug, Clone, Serialize)]
pub struct DueContact {
    /// Person id.
    pub person_id: i64,
    /// 姓名.
    pub name: String,
    /// 乡镇 id.
    pub township_id: i64,
    /// 乡镇.
    pub township: String,
    /// The level duties follow (assessed grade, else computed).
    pub level: RiskLevel,
    /// 风险分.
    pub risk_score: u32,
    /// 包保责任人.
    pub guardian: Option<String>,
    /// 包保责任人 as a user.
    pub guardian_user_id: Option<i64>,
    /// The next contact.
    pub due: ContactStatus,
    /// Already urged (督办) for this due day.
    pub urged: bool,
}

/// Someone the system proposes for the register.
#[derive(Debug, Clone, Serialize)]
pub struct PersonProposal {
    /// The petitioner (the proposal's id).
    pub petitioner_id: i64,
    /// 姓名.
    pub name: String,
    /// 乡镇 of their latest case.
    pub township_id: i64,
    /// Its name.
    pub township: String,
    /// Petitions within the window.
    pub petitions: u32,
    /// Those cases' numbers, oldest first.
    pub case_numbers: Vec<String>,
    /// Their latest case's receipt.
    pub latest_at: Timestamp,
}

impl Store {
    /// Record a contact with person `person_id`, audited `key_person.contact`.
    pub async fn record_contact(
        &self,
        person_id: i64,
        c: &KeyPersonContact,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO key_person_contacts (person_id, contact_date, method, contacted_by, content, result,
                recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(person_id)
        .bind(c.date.to_string())
        .bind(c.method.as_str())
        .bind(&c.contacted_by)
        .bind(&c.content)
        .bind(&c.result)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        let audit = Audit::by(actor, AuditAction::KeyPersonContact, now)
            .on("key_persons", Some(person_id))
            .after(serde_json::to_string(c).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// A person's contacts, latest first.
    pub async fn contacts(&self, person_id: i64) -> StoreResult<Vec<ContactRecord>> {
        let rows = sqlx::query(
            "SELECT l.*, u.display_name AS recorded_by_name FROM key_person_contacts l
             LEFT JOIN users u ON u.id = l.recorded_by
             WHERE l.person_id = $1 ORDER BY l.contact_date DESC, l.id DESC",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ContactRecord {
                    id: r.int("id")?,
                    contact: KeyPersonContact {
                        date: date_col(r, "contact_date")?,
                        method: r.key("method", ContactMethod::parse)?,
                        contacted_by: r.text("contacted_by")?,
                        content: r.text("content")?,
                        result: r.text("result")?,
                    },
                    recorded_by: r.text_opt("recorded_by_name")?,
                    recorded_at: r.time("recorded_at")?,
                })
            })
            .collect()
    }

    /// 督办 a person's contact due on `u.due_on`: the urge, a notice to each
    /// of `u.notify` (the 包保责任人 and the township's officers) and the
    /// audit row `key_person.urge`, in one transaction.
    pub async fn urge_contact(
        &self,
        person_id: i64,
        u: &ContactUrge<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let ContactUrge {
            due_on,
            note,
            title,
            notify,
        } = *u;
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO key_person_urges (person_id, due_on, note, urged_by, urged_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person_id)
        .bind(due_on.to_string())
        .bind(note)
        .bind(user_ref(actor))
        .bind(ms(now))
        .execute(w.conn())
        .await?;
        for u in notify {
            sqlx::query(
                "INSERT INTO notifications (user_id, level, title, body, created_at) VALUES ($1, 1, $2, $3, $4)",
            )
            .bind(*u)
            .bind(title)
            .bind(note)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        }
        let audit = Audit::by(actor, AuditAction::KeyPersonUrge, now)
            .on("key_persons", Some(person_id))
            .after(Some(format!("{due_on}：{note}")));
        w.commit(audit).await
    }

    /// A person's 督办, latest first.
    pub async fn urges(&self, person_id: i64) -> StoreResult<Vec<UrgeRecord>> {
        let rows = sqlx::query(
            "SELECT g.*, u.display_name AS urged_by_name FROM key_person_urges g
             LEFT JOIN users u ON u.id = g.urged_by WHERE g.person_id = $1 ORDER BY g.urged_at DESC, g.id DESC",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(UrgeRecord {
                    due_on: date_col(r, "due_on")?,
                    note: r.text("note")?,
                    urged_by: r.text_opt("urged_by_name")?,
                    urged_at: r.time("urged_at")?,
                })
            })
            .collect()
    }

    /// The township officers of `township_id` (those a 督办 notifies).
    pub async fn township_officer_ids(&self, township_id: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM users WHERE org_id = $1 AND active = 1 AND roles LIKE '%township_officer%' ORDER BY id",
        )
        .bind(township_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// 到期联系 — the contacts due on or before `by` of a township's persons
    /// (None: all), as of `now`: the most overdue first. The 待办, the
    /// 工作台 and the Tuesday visit plan read this.
    pub async fn contacts_due_by(
        &self,
        by: Date,
        township_id: Option<i64>,
        now: Timestamp,
    ) -> StoreResult<Vec<DueContact>> {
        let scored = self.key_persons_by_risk(township_id, now).await?;
        let urged: Vec<(i64, String)> =
            sqlx::query("SELECT person_id, due_on FROM key_person_urges")
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| Ok((r.int("person_id")?, r.text("due_on")?)))
                .collect::<StoreResult<_>>()?;
        let mut out: Vec<DueContact> = scored
            .into_iter()
            .filter(|s| s.contact.due_on <= by)
            .map(|s| {
                let due_text = s.contact.due_on.to_string();
                DueContact {
                    person_id: s.record.id,
                    name: s.record.person.name.clone(),
                    township_id: s.record.person.township_id,
                    township: s.record.township.clone(),
                    level: s.effective_level,
                    risk_score: s.score.score,
                    guardian: s.record.guardian(),
                    guardian_user_id: s.record.person.guardian_user_id,
                    urged: urged
                        .iter()
                        .any(|(p, d)| *p == s.record.id && *d == due_text),
                    due: s.contact,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            a.due
                .due_on
                .cmp(&b.due.due_on)
                .then_with(|| b.risk_score.cmp(&a.risk_score))
                .then_with(|| a.person_id.cmp(&b.person_id))
        });
        Ok(out)
    }

    /// 系统提议 — petitioners with at least `threshold` cases received since
    /// `since`, whose ID number is not in the register and whose proposal
    /// was not dismissed after their latest case; most petitions first.
    pub async fn key_person_proposals(
        &self,
        threshold: u32,
        since: Date,
    ) -> StoreResult<Vec<PersonProposal>> {
        let rows = sqlx::query(
            "SELECT p.id AS petitioner_id, p.name, c.number, c.received_at, c.township_id, o.name AS township
             FROM petitioners p JOIN cases c ON c.petitioner_id = p.id JOIN orgs o ON o.id = c.township_id
             WHERE p.id_index IS NOT NULL AND c.received_at >= $1
               AND NOT EXISTS (SELECT 1 FROM key_persons k WHERE k.id_index = p.id_index)
               AND p.id IN (SELECT c2.petitioner_id FROM cases c2 WHERE c2.received_at >= $1
                            AND c2.petitioner_id IS NOT NULL
                            GROUP BY c2.petitioner_id HAVING COUNT(*) >= $2)
               AND NOT EXISTS (SELECT 1 FROM key_person_dismissals d WHERE d.id_index = p.id_index
                    AND d.decided_at >= (SELECT MAX(c3.created_at) FROM cases c3 WHERE c3.petitioner_id = p.id))
             ORDER BY p.id, c.received_at, c.id",
        )
        .bind(ms(start_of_day(since)))
        .bind(i64::from(threshold))
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<PersonProposal> = Vec::new();
        for r in &rows {
            let pid = r.int("petitioner_id")?;
            let at = r.time("received_at")?;
            let number = r.text("number")?;
            match out.last_mut() {
                Some(p) if p.petitioner_id == pid => {
                    p.petitions += 1;
                    p.case_numbers.push(number);
                    p.latest_at = at;
                    p.township_id = r.int("township_id")?;
                    p.township = r.text("township")?;
                }
                _ => out.push(PersonProposal {
                    petitioner_id: pid,
                    name: r.text("name")?,
                    township_id: r.int("township_id")?,
                    township: r.text("township")?,
                    petitions: 1,
                    case_numbers: vec![number],
                    latest_at: at,
                }),
            }
        }
        out.sort_by(|a, b| {
            b.petitions
                .cmp(&a.petitions)
                .then(b.latest_at.cmp(&a.latest_at))
        });
        Ok(out)
    }

    /// Dismiss the proposal of petitioner `petitioner_id` (不列入), audited
    /// `key_person.dismiss`; proposed again once a case is registered after it.
    pub async fn dismiss_proposal(
        &self,
        petitioner_id: i64,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let index: Option<String> =
            sqlx::query_scalar("SELECT id_index FROM petitioners WHERE id = $1")
                .bind(petitioner_id)
                .fetch_optional(w.conn())
                .await?
                .flatten();
        let Some(index) = index else {
            return Err(StoreError::NotFound("该提议".into()));
        };
        sqlx::query("DELETE FROM key_person_dismissals WHERE id_index = $1")
            .bind(&index)
            .execute(w.conn())
            .await?;
        sqlx::query(
            "INSERT INTO key_person_dismissals (id_index, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&index)
        .bind(reason)
        .bind(user_ref(actor))
        .bind(ms(now))
        .execute(w.conn())
        .await?;
        let audit = Audit::by(actor, AuditAction::KeyPersonDismiss, now)
            .on("petitioners", Some(petitioner_id))
            .after(Some(format!("不列入重点人员：{reason}")));
        w.commit(audit).await
    }
}

impl Store {
    /// The key person a case is about, if any: linked to it explicitly, or
    /// its petitioner by ID number — (id, township id).
    pub async fn key_person_of_case(&self, case_id: i64) -> StoreResult<Option<(i64, i64)>> {
        let row = sqlx::query(
            "SELECT k.id, k.township_id FROM key_persons k
             WHERE k.id IN (SELECT kc.person_id FROM key_person_cases kc WHERE kc.case_id = $1)
                OR k.id_index = (SELECT pe.id_index FROM cases c JOIN petitioners pe ON pe.id = c.petitioner_id WHERE c.id = $1)
             ORDER BY k.id LIMIT 1",
        )
        .bind(case_id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some((r.int("id")?, r.int("township_id")?))),
            None => Ok(None),
        }
    }
}
