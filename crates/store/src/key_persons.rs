//! 重点人员 — the register of key persons: their entries (ID number and
//! phone sealed, the ID number's blind index linking their cases), their
//! links, and their risk scored from their cases when read.
//!
//! The score is never stored: `key_persons_by_risk` and `scored_key_person`
//! count each person's signals from the cases as they are now and score
//! them with the rules in force, so a registration, a step or a return
//! visit shows at once (and so does time passing: the 12-month window, a
//! period coming up). See [`crate::key_person_contacts`] for contacts,
//! 督办 and proposals.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::clock::{local_date, start_of_day};
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::key_person::{
    ContactStatus, EscalationVisit, KeyPerson, RiskLevel, RiskScore, Signals, contact_due,
};
use xinfang_domain::vocab::{CaseKind, EscalatedTo};

use crate::audit::Audit;
use crate::codec::{RowExt, flag, ms, user_ref};
use crate::params::Params;
use crate::periods::date_col;
use crate::vault::Secret;
use crate::{Store, StoreError, StoreResult};

/// A stored register entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyPersonRecord {
    /// Id (stable; 三级研判 attaches to it).
    pub id: i64,
    /// The entry (its `case_numbers` are the explicit links).
    pub person: KeyPerson,
    /// 乡镇 name.
    pub township: String,
    /// 村/社区 name.
    pub village: Option<String>,
    /// 包保责任人 as a user: their name.
    pub guardian_user_name: Option<String>,
    /// 研判等级 — the grade 三级研判 decided (None until assessed); it
    /// overrides the computed level where a level decides a duty.
    pub risk_grade: Option<RiskLevel>,
    /// 登记日期.
    pub registered_on: Date,
    /// Optimistic-concurrency version.
    pub version: i64,
}

impl KeyPersonRecord {
    /// 包保责任人 as shown.
    pub fn guardian(&self) -> Option<String> {
        self.guardian_user_name
            .clone()
            .or_else(|| self.person.guardian_name.clone())
    }
}

/// One case of a key person, as it bears on the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonCase {
    /// Case id.
    pub id: i64,
    /// 信访件编号.
    pub number: String,
    /// 问题所属乡镇.
    pub township_id: i64,
    /// 信访类型.
    pub kind: CaseKind,
    /// When received.
    pub received_at: Timestamp,
    /// 回访不满意.
    pub dissatisfied: bool,
    /// 越级去向.
    pub escalated_to: Option<EscalatedTo>,
    /// Has an obligation milestone past its due time, and is not closed.
    pub overdue: bool,
}

/// A key person with their score, cases and next contact, as of a day.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredPerson {
    /// The register entry.
    pub record: KeyPersonRecord,
    /// The computed score, level and reasons.
    pub score: RiskScore,
    /// The level duties follow: the assessed grade if any, else the computed level.
    pub effective_level: RiskLevel,
    /// Their cases (by ID number and explicit links), oldest first.
    pub cases: Vec<PersonCase>,
    /// The last 稳控 contact's date.
    pub last_contact: Option<Date>,
    /// The next contact.
    pub contact: ContactStatus,
}

fn record_from_row(store: &Store, r: &AnyRow) -> StoreResult<KeyPersonRecord> {
    let vault = store.vault();
    let escalations: Vec<EscalationVisit> =
        serde_json::from_str(&r.text("escalations")?).unwrap_or_default();
    let every = r.int_opt("contact_every_days")?;
    Ok(KeyPersonRecord {
        id: r.int("id")?,
        person: KeyPerson {
            name: r.text("name")?,
            id_number: vault
                .open_opt(Secret::IdNumber, r.text_opt("id_number")?)?
                .and_then(|s| ResidentId::parse_recorded(&s).ok()),
            phone: vault
                .open_opt(Secret::Phone, r.text_opt("phone")?)?
                .and_then(|s| PhoneNumber::parse(&s).ok()),
            township_id: r.int("township_id")?,
            village_id: r.int_opt("village_id")?,
            escalations,
            intends_to_escalate: r.flag("intends_to_escalate")?,
            intention: r.text_opt("intention")?,
            notes: r.text("notes")?,
            guardian_user_id: r.int_opt("guardian_user_id")?,
            guardian_name: r.text_opt("guardian_name")?,
            contact_every_days: every.and_then(|v| u32::try_from(v).ok()),
            case_numbers: Vec::new(),
            screening_ids: Vec::new(),
        },
        township: r.text("township_name")?,
        village: r.text_opt("village_name")?,
        guardian_user_name: r.text_opt("guardian_user_name")?,
        risk_grade: r.key_opt("risk_grade", RiskLevel::parse)?,
        registered_on: date_col(r, "registered_on")?,
        version: r.int("version")?,
    })
}

const SELECT: &str = "SELECT k.*, t.name AS township_name, v.name AS village_name,
        g.display_name AS guardian_user_name
    FROM key_persons k JOIN orgs t ON t.id = k.township_id
    LEFT JOIN orgs v ON v.id = k.village_id
    LEFT JOIN users g ON g.id = k.guardian_user_id";

/// Write the entry's columns (insert when `id` is None), and its links.
async fn save(
    store: &Store,
    conn: &mut AnyConnection,
    id: Option<i64>,
    p: &KeyPerson,
    case_ids: &[i64],
    actor: &Actor,
    now: Timestamp,
) -> StoreResult<i64> {
    let vault = store.vault();
    let id_number = p.id_number.as_ref().map(|x| x.as_str().to_string());
    let sealed_id = vault.seal_opt(Secret::IdNumber, id_number.as_deref())?;
    let index = id_number.as_deref().map(|n| store.id_index(n));
    let phone = vault.seal_opt(
        Secret::Phone,
        p.phone.as_ref().map(ToString::to_string).as_deref(),
    )?;
    let escalations = serde_json::to_string(&p.escalations).unwrap_or_else(|_| "[]".into());
    let every = p.contact_every_days.map(i64::from);
    let id = match id {
        None => sqlx::query_scalar(
            "INSERT INTO key_persons (name, id_number, id_index, phone, township_id, village_id, escalations,
                intends_to_escalate, intention, notes, guardian_user_id, guardian_name, contact_every_days,
                registered_on, version, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $16) RETURNING id",
        )
        .bind(&p.name)
        .bind(sealed_id)
        .bind(index)
        .bind(phone)
        .bind(p.township_id)
        .bind(p.village_id)
        .bind(escalations)
        .bind(flag(p.intends_to_escalate))
        .bind(p.intention.clone())
        .bind(&p.notes)
        .bind(p.guardian_user_id)
        .bind(p.guardian_name.clone())
        .bind(every)
        .bind(local_date(now).to_string())
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(&mut *conn)
        .await?,
        Some(id) => {
            sqlx::query(
                "UPDATE key_persons SET name = $2, id_number = $3, id_index = $4, phone = $5, township_id = $6,
                    village_id = $7, escalations = $8, intends_to_escalate = $9, intention = $10, notes = $11,
                    guardian_user_id = $12, guardian_name = $13, contact_every_days = $14,
                    version = version + 1, updated_at = $15
                 WHERE id = $1",
            )
            .bind(id)
            .bind(&p.name)
            .bind(sealed_id)
            .bind(index)
            .bind(phone)
            .bind(p.township_id)
            .bind(p.village_id)
            .bind(escalations)
            .bind(flag(p.intends_to_escalate))
            .bind(p.intention.clone())
            .bind(&p.notes)
            .bind(p.guardian_user_id)
            .bind(p.guardian_name.clone())
            .bind(every)
            .bind(ms(now))
            .execute(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM key_person_cases WHERE person_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM key_person_screenings WHERE person_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            id
        }
    };
    for c in case_ids {
        sqlx::query("INSERT INTO key_person_cases (person_id, case_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*c)
            .execute(&mut *conn)
            .await?;
    }
    for s in &p.screening_ids {
        sqlx::query("INSERT INTO key_person_screenings (person_id, screening_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*s)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

fn duplicate(e: StoreError) -> StoreError {
    match e {
        StoreError::Conflict(_) => {
            StoreError::Conflict("该身份证号已登记为重点人员，请勿重复登记".into())
        }
        other => other,
    }
}

impl Store {
    /// Enter a person in the register with their explicit case links, in one
    /// transaction with the audit row `key_person.create` (`from` says how:
    /// by hand, or confirming the system's proposal). An ID number already
    /// registered is a conflict.
    pub async fn create_key_person(
        &self,
        p: &KeyPerson,
        case_ids: &[i64],
        from: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id = save(self, w.conn(), None, p, case_ids, actor, now)
            .await
            .map_err(duplicate)?;
        let audit = Audit::by(actor, AuditAction::KeyPersonCreate, now)
            .on("key_persons", Some(id))
            .after(self.audit_json(&serde_json::json!({ "person": p, "from": from }))?);
        w.commit(audit).await?;
        Ok(id)
    }

    /// Change an entry, refusing if someone saved it since `expected_version`;
    /// audited `key_person.update` with before and after.
    pub async fn update_key_person(
        &self,
        before: &KeyPersonRecord,
        p: &KeyPerson,
        case_ids: &[i64],
        expected_version: Option<i64>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let version: i64 = sqlx::query_scalar("SELECT version FROM key_persons WHERE id = $1")
            .bind(before.id)
            .fetch_one(w.conn())
            .await?;
        if expected_version.is_some_and(|v| v != version) {
            return Err(StoreError::Conflict(
                "该重点人员信息已被他人修改，请刷新后重试".into(),
            ));
        }
        save(self, w.conn(), Some(before.id), p, case_ids, actor, now)
            .await
            .map_err(duplicate)?;
        let audit = Audit::by(actor, AuditAction::KeyPersonUpdate, now)
            .on("key_persons", Some(before.id))
            .before(self.audit_json(&before.person)?)
            .after(self.audit_json(p)?);
        w.commit(audit).await
    }

    /// Set the 研判等级 decided by 三级研判 (None clears it), audited
    /// `key_person.update`. For the assessment work: the computed score is
    /// untouched; the grade overrides the computed level where a level
    /// decides a duty (contacts during a sensitive period).
    pub async fn set_key_person_grade(
        &self,
        id: i64,
        grade: Option<RiskLevel>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let n = sqlx::query(
            "UPDATE key_persons SET risk_grade = $2, risk_grade_at = $3, version = version + 1, updated_at = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(grade.map(|g| g.as_str()))
        .bind(ms(now))
        .execute(w.conn())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("该重点人员".into()));
        }
        let audit = Audit::by(actor, AuditAction::KeyPersonUpdate, now)
            .on("key_persons", Some(id))
            .after(Some(format!(
                "研判等级：{}",
                grade.map_or("未研判", |g| g.label())
            )));
        w.commit(audit).await
    }

    /// One register entry with its explicit links (no scope: the caller
    /// checks `ReadKeyPersons` at the person's township).
    pub async fn key_person(&self, id: i64) -> StoreResult<KeyPersonRecord> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE k.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该重点人员".into()))?;
        let mut rec = record_from_row(self, &row)?;
        rec.person.case_numbers = sqlx::query_scalar(
            "SELECT c.number FROM key_person_cases l JOIN cases c ON c.id = l.case_id
             WHERE l.person_id = $1 ORDER BY c.number",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rec.person.screening_ids = sqlx::query_scalar(
            "SELECT screening_id FROM key_person_screenings WHERE person_id = $1 ORDER BY screening_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rec)
    }

    /// The register entries of a township (None: all), by id.
    pub async fn key_person_records(
        &self,
        township_id: Option<i64>,
    ) -> StoreResult<Vec<KeyPersonRecord>> {
        let mut p = Params::default();
        let wher = match township_id {
            Some(t) => format!("WHERE k.township_id = {}", p.int(t)),
            None => String::new(),
        };
        self.rows_with(&p, format!("{SELECT} {wher} ORDER BY k.id"))
            .await?
            .iter()
            .map(|r| record_from_row(self, r))
            .collect()
    }

    /// The cases of each of the persons a township has (None: all), by
    /// person id: those of the petitioner with the person's ID number and
    /// those linked by hand, oldest first (each link through an index: the
    /// ID number's blind index, then the case's petitioner). `now` decides
    /// what is overdue.
    async fn person_cases(
        &self,
        township_id: Option<i64>,
        person_id: Option<i64>,
        now: Timestamp,
    ) -> StoreResult<BTreeMap<i64, Vec<PersonCase>>> {
        let mut p = Params::default();
        let now_ph = p.int(ms(now));
        let mut conds = Vec::new();
        if let Some(t) = township_id {
            conds.push(format!("k.township_id = {}", p.int(t)));
        }
        if let Some(id) = person_id {
            conds.push(format!("k.id = {}", p.int(id)));
        }
        let wher = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let rows = self
            .rows_with(
                &p,
                format!(
                    "SELECT k.id AS person_id, c.id, c.number, c.township_id, c.kind, c.received_at,
                        c.satisfaction, c.escalated_to,
                        (SELECT COUNT(*) FROM milestones m WHERE m.case_id = c.id AND m.completed_at IS NULL
                            AND m.is_window = 0 AND m.due_at IS NOT NULL AND m.due_at < {now_ph}
                            AND c.closed_at IS NULL) AS overdue_n
                     FROM (SELECT k.id AS person_id, c.id AS case_id FROM key_persons k
                             JOIN petitioners pe ON pe.id_index = k.id_index
                             JOIN cases c ON c.petitioner_id = pe.id {wher}
                           UNION
                           SELECT k.id, l.case_id FROM key_persons k
                             JOIN key_person_cases l ON l.person_id = k.id {wher}) links
                     JOIN key_persons k ON k.id = links.person_id
                     JOIN cases c ON c.id = links.case_id
                     ORDER BY c.received_at, c.id"
                ),
            )
            .await?;
        let mut out: BTreeMap<i64, Vec<PersonCase>> = BTreeMap::new();
        for r in &rows {
            out.entry(r.int("person_id")?)
                .or_default()
                .push(PersonCase {
                    id: r.int("id")?,
                    number: r.text("number")?,
                    township_id: r.int("township_id")?,
                    kind: r.key("kind", CaseKind::parse)?,
                    received_at: r.time("received_at")?,
                    dissatisfied: r.text_opt("satisfaction")?.as_deref() == Some("dissatisfied"),
                    escalated_to: r.key_opt("escalated_to", EscalatedTo::parse)?,
                    overdue: r.int("overdue_n")? > 0,
                });
        }
        Ok(out)
    }

    /// The last contact date of each person of a township (None: all).
    pub(crate) async fn last_contacts(
        &self,
        township_id: Option<i64>,
    ) -> StoreResult<BTreeMap<i64, Date>> {
        let rows = sqlx::query(
            "SELECT l.person_id, MAX(l.contact_date) AS last FROM key_person_contacts l
             JOIN key_persons k ON k.id = l.person_id
             WHERE ($1 = 0 OR k.township_id = $1) GROUP BY l.person_id",
        )
        .bind(township_id.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.int("person_id")?, date_col(r, "last")?)))
            .collect()
    }

    /// 重点人员 by risk — the persons of a township (None: the whole
    /// district) as of `now`, each scored with the rules in force from their
    /// cases, with reasons, cases and next contact; highest score first
    /// (then by name). This is the register's one reading: lists, the
    /// CLI, the 工作台, the meeting pack and the visit plan use it.
    pub async fn key_persons_by_risk(
        &self,
        township_id: Option<i64>,
        now: Timestamp,
    ) -> StoreResult<Vec<ScoredPerson>> {
        let records = self.key_person_records(township_id).await?;
        self.score_records(records, township_id, None, now).await
    }

    /// One person scored as [`Store::key_persons_by_risk`] does.
    pub async fn scored_key_person(&self, id: i64, now: Timestamp) -> StoreResult<ScoredPerson> {
        let rec = self.key_person(id).await?;
        let t = rec.person.township_id;
        self.score_records(vec![rec], Some(t), Some(id), now)
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound("该重点人员".into()))
    }

    async fn score_records(
        &self,
        records: Vec<KeyPersonRecord>,
        township_id: Option<i64>,
        person_id: Option<i64>,
        now: Timestamp,
    ) -> StoreResult<Vec<ScoredPerson>> {
        let rules = self.risk_rules().await?;
        let today = local_date(now);
        let mut cases = self.person_cases(township_id, person_id, now).await?;
        let last = self.last_contacts(township_id).await?;
        let ahead = self.periods_ahead(today, rules.period_ahead.days).await?;
        let next_period = self.periods_ahead(today, 366).await?;
        let window_start = today
            .checked_sub(jiff::Span::new().months(i64::from(rules.window_months)))
            .map(start_of_day)
            .unwrap_or(now);
        let mut out: Vec<ScoredPerson> = records
            .into_iter()
            .map(|record| {
                let mine = cases.remove(&record.id).unwrap_or_default();
                let recent = mine.iter().filter(|c| c.received_at >= window_start);
                let mut escalated: Vec<EscalatedTo> =
                    record.person.escalations.iter().map(|e| e.to).collect();
                escalated.extend(mine.iter().filter_map(|c| c.escalated_to));
                let signals = Signals {
                    petitions: u32::try_from(recent.clone().count()).unwrap_or(u32::MAX),
                    repeats: u32::try_from(recent.filter(|c| c.kind == CaseKind::Repeat).count())
                        .unwrap_or(u32::MAX),
                    dissatisfied: u32::try_from(mine.iter().filter(|c| c.dissatisfied).count())
                        .unwrap_or(u32::MAX),
                    escalated,
                    overdue: u32::try_from(mine.iter().filter(|c| c.overdue).count())
                        .unwrap_or(u32::MAX),
                    intends_to_escalate: record.person.intends_to_escalate,
                    period_ahead: ahead.first().and_then(|p| {
                        p.period
                            .days_until(today)
                            .map(|d| (p.period.name.clone(), d))
                    }),
                };
                let score = rules.score(&signals);
                let effective_level = record.risk_grade.unwrap_or(score.level);
                let last_contact = last.get(&record.id).copied();
                let contact = contact_due(
                    last_contact,
                    record.registered_on,
                    record
                        .person
                        .contact_every_days
                        .unwrap_or(rules.contact_every_days),
                    effective_level,
                    next_period.first().map(|p| &p.period),
                    today,
                );
                ScoredPerson {
                    record,
                    score,
                    effective_level,
                    cases: mine,
                    last_contact,
                    contact,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .score
                .cmp(&a.score.score)
                .then_with(|| a.record.person.name.cmp(&b.record.person.name))
                .then_with(|| a.record.id.cmp(&b.record.id))
        });
        Ok(out)
    }
}
