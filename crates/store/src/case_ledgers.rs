//! A case's ledger details — backlog (积案, Annex 2) and provincial handling
//! (省交办, Annex 4) — its follow-up contacts (跟踪回访), and the case rows
//! both ledgers print, read within a scope.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::vocab::{
    Category, Channel, Finding, PovertyStatus, Satisfaction, SourceLevel, TriRecord,
};
use xinfang_domain::workflow::{CaseStatus, EventKind};

use crate::audit::AuditWrite;
use crate::cases::{CaseFilter, filter_clause, scope_clause, tri_from_row};
use crate::codec::{RowExt, flag, ms, ms_opt};
use crate::params::Params;
use crate::screenings::user_ref;
use crate::{Store, StoreError, StoreResult};

/// The ledger details kept beside a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CaseLedger {
    /// 初访时间 — the first visit or letter on the matter (None: the case's 接待日期).
    pub first_visit_at: Option<Timestamp>,
    /// 一案一策 — the resolution plan.
    pub plan: String,
    /// The plan's due date (24:00 of the day).
    pub plan_due_at: Option<Timestamp>,
    /// 办结时限 set by hand (None: the handled milestone's due time).
    pub due_at: Option<Timestamp>,
    /// 复查情况 — dates and progress (empty: read from the review events).
    pub review: String,
    /// 复核情况 — dates and progress (empty: read from the review events).
    pub second_review: String,
    /// 涉法涉诉涉纪件工作进度.
    pub legal_progress: String,
}

/// New values for a case's own backlog fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacklogChange {
    /// 是否积案
    pub backlog: bool,
    /// 积案原因
    pub backlog_reason: Option<String>,
    /// 包案人 (user id).
    pub leader_user_id: Option<i64>,
}

/// One case's ledger change: written with an event and an audit row.
#[derive(Debug, Clone)]
pub struct CaseLedgerWrite {
    /// The case.
    pub case_id: i64,
    /// The case version the change was read from (checked when the backlog fields change).
    pub expected_version: Option<i64>,
    /// New backlog fields, if they change.
    pub backlog: Option<BacklogChange>,
    /// The ledger details after the change.
    pub ledger: CaseLedger,
    /// The timeline sentence.
    pub text: String,
    /// What it was before, for the audit trail.
    pub before: Option<String>,
}

/// A follow-up contact (跟踪回访) on a case.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    /// Id.
    pub id: i64,
    /// When the petitioner was contacted.
    pub visited_at: Timestamp,
    /// What was said and found.
    pub note: String,
    /// Who entered it.
    pub created_by: Option<String>,
    /// When it was entered.
    pub created_at: Timestamp,
}

/// A timeline event a ledger reads (contact, opinion, delivery, review).
#[derive(Debug, Clone, Serialize)]
pub struct LedgerEvent {
    /// Kind.
    pub kind: EventKind,
    /// When it happened.
    pub occurred_at: Timestamp,
    /// The step as JSON.
    pub data: serde_json::Value,
}

/// A case as Annexes 2 and 4 print it.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerCaseRow {
    /// Id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// Version, for changes made from this row.
    pub version: i64,
    /// 接待日期
    pub received_at: Timestamp,
    /// 信访渠道
    pub channel: Channel,
    /// 来源层级
    pub source_level: SourceLevel,
    /// 是否重点交办
    pub key_assigned: bool,
    /// 问题类别
    pub category: Category,
    /// Status.
    pub status: CaseStatus,
    /// 乡镇 id.
    pub township_id: i64,
    /// 乡镇
    pub township: String,
    /// 村/社区
    pub village: Option<String>,
    /// 信访人姓名
    pub petitioner_name: Option<String>,
    /// 联系电话 as stored.
    pub petitioner_phone: Option<String>,
    /// 是否脱贫户（监测对象）
    pub poverty: Option<PovertyStatus>,
    /// 反映问题
    pub summary: String,
    /// 是否积案
    pub backlog: bool,
    /// 积案原因
    pub backlog_reason: Option<String>,
    /// 包案人 user id.
    pub leader_user_id: Option<i64>,
    /// 包案人
    pub leader_name: Option<String>,
    /// 责任单位 (lead unit).
    pub lead_unit: Option<String>,
    /// 是否属实
    pub finding: Option<Finding>,
    /// 是否满意
    pub satisfaction: Option<Satisfaction>,
    /// 是否稳定
    pub stable: Option<bool>,
    /// 三到位一处理
    pub tri: Option<TriRecord>,
    /// 备注
    pub remarks: Option<String>,
    /// Due time of the handled milestone (`handled` or `handle`), if any.
    pub handled_due: Option<Timestamp>,
    /// The ledger details.
    pub ledger: CaseLedger,
    /// Contact, opinion, delivery and review events, oldest first (when asked for).
    pub events: Vec<LedgerEvent>,
}

/// Which cases to read for a ledger.
#[derive(Debug, Clone, Default)]
pub struct LedgerQuery {
    /// The usual case filters.
    pub filter: CaseFilter,
    /// Only the case with this number.
    pub number: Option<String>,
    /// Only cases of a petitioner with exactly this name.
    pub petitioner_name: Option<String>,
    /// Also read the events the ledgers print.
    pub with_events: bool,
}

const LEDGER_COLUMNS: &str = "l.first_visit_at, l.plan, l.plan_due_at, l.due_at, l.review,
    l.second_review, l.legal_progress";

fn ledger_from_row(r: &AnyRow) -> StoreResult<CaseLedger> {
    Ok(CaseLedger {
        first_visit_at: r.time_opt("first_visit_at")?,
        plan: r.text_opt("plan")?.unwrap_or_default(),
        plan_due_at: r.time_opt("plan_due_at")?,
        due_at: r.time_opt("due_at")?,
        review: r.text_opt("review")?.unwrap_or_default(),
        second_review: r.text_opt("second_review")?.unwrap_or_default(),
        legal_progress: r.text_opt("legal_progress")?.unwrap_or_default(),
    })
}

fn row_from_row(r: &AnyRow) -> StoreResult<LedgerCaseRow> {
    Ok(LedgerCaseRow {
        id: r.int("id")?,
        number: r.text("number")?,
        version: r.int("version")?,
        received_at: r.time("received_at")?,
        channel: r.key("channel", Channel::parse)?,
        source_level: r.key("source_level", SourceLevel::parse)?,
        key_assigned: r.flag("key_assigned")?,
        category: r.key("category", Category::parse)?,
        status: r.key("status", CaseStatus::parse)?,
        township_id: r.int("township_id")?,
        township: r.text("township_name")?,
        village: r.text_opt("village_name")?,
        petitioner_name: r.text_opt("p_name")?,
        petitioner_phone: r.text_opt("p_phone")?,
        poverty: r.key_opt("p_poverty", PovertyStatus::parse)?,
        summary: r.text("summary")?,
        backlog: r.flag("backlog")?,
        backlog_reason: r.text_opt("backlog_reason")?,
        leader_user_id: r.int_opt("leader_user_id")?,
        leader_name: r.text_opt("leader_name")?,
        lead_unit: r.text_opt("lead_unit")?,
        finding: r.key_opt("finding", Finding::parse)?,
        satisfaction: r.key_opt("satisfaction", Satisfaction::parse)?,
        stable: r.int_opt("stable")?.map(|v| v != 0),
        tri: tri_from_row(r)?,
        remarks: r.text_opt("remarks")?,
        handled_due: r.int_opt("handled_due")?.map(crate::codec::ts),
        ledger: ledger_from_row(r)?,
        events: Vec::new(),
    })
}

/// The WHERE clause of a ledger query (scope first), over `cases c` and `petitioners p`.
fn where_sql(q: &LedgerQuery, scope: &CaseScope, p: &mut Params) -> String {
    let mut w = vec![scope_clause(scope, p)];
    w.extend(filter_clause(&q.filter, p));
    if let Some(n) = &q.number {
        w.push(format!("c.number = {}", p.text(n.trim())));
    }
    if let Some(n) = &q.petitioner_name {
        w.push(format!("p.name = {}", p.text(n.trim())));
    }
    w.join(" AND ")
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

async fn insert_event(
    tx: &mut Tx<'_>,
    case_id: i64,
    text: &str,
    actor: &Actor,
    now: Timestamp,
) -> StoreResult<()> {
    let body = serde_json::json!({ "text": text, "data": { "ledger": true } }).to_string();
    sqlx::query(
        "INSERT INTO case_events (case_id, kind, actor_id, actor_name, occurred_at, recorded_at, body)
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(case_id)
    .bind(EventKind::Edited.as_str())
    .bind(user_ref(actor))
    .bind(&actor.display_name)
    .bind(ms(now))
    .bind(body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// A case's ledger details (all empty when none were entered). The caller checked the scope.
    pub async fn case_ledger(&self, case_id: i64) -> StoreResult<CaseLedger> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {LEDGER_COLUMNS} FROM case_ledgers l WHERE l.case_id = $1"
        )))
        .bind(case_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map_or(Ok(CaseLedger::default()), ledger_from_row)
    }

    /// A case's follow-up contacts, oldest first. The caller checked the scope.
    pub async fn followups(&self, case_id: i64) -> StoreResult<Vec<FollowUp>> {
        let rows = sqlx::query(
            "SELECT f.*, u.display_name AS creator FROM case_followups f LEFT JOIN users u ON u.id = f.created_by
             WHERE f.case_id = $1 ORDER BY f.visited_at, f.id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FollowUp {
                    id: r.int("id")?,
                    visited_at: r.time("visited_at")?,
                    note: r.text("note")?,
                    created_by: r.text_opt("creator")?,
                    created_at: r.time("created_at")?,
                })
            })
            .collect()
    }

    /// Record a follow-up contact, with its timeline event and audit row.
    pub async fn add_followup(
        &self,
        case_id: i64,
        visited_at: Timestamp,
        note: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_followups (case_id, visited_at, note, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(case_id)
        .bind(ms(visited_at))
        .bind(note)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        let day = xinfang_domain::clock::format_local(visited_at);
        insert_event(
            &mut tx,
            case_id,
            &format!("跟踪回访（{day}）：{note}"),
            actor,
            now,
        )
        .await?;
        self.audit(
            &mut tx,
            AuditWrite {
                at: now,
                actor_id: user_ref(actor),
                actor_name: &actor.display_name,
                action: "case.followup",
                entity: "case",
                entity_id: Some(case_id),
                before: None,
                after: Some(format!("{day} {note}")),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Write ledger changes to one or more cases in one transaction, each
    /// with a timeline event and an audit row. A changed backlog field bumps
    /// the case's version (checked against `expected_version`); a dry run
    /// rolls everything back.
    pub async fn save_case_ledgers(
        &self,
        writes: &[CaseLedgerWrite],
        actor: &Actor,
        now: Timestamp,
        dry_run: bool,
    ) -> StoreResult<usize> {
        let _w = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        for w in writes {
            let n = match &w.backlog {
                Some(b) => {
                    sqlx::query(
                        "UPDATE cases SET backlog = $2, backlog_reason = $3, leader_user_id = $4,
                         version = version + 1, updated_at = $5 WHERE id = $1 AND ($6 = 0 OR version = $6)",
                    )
                    .bind(w.case_id)
                    .bind(flag(b.backlog))
                    .bind(b.backlog_reason.clone())
                    .bind(b.leader_user_id)
                    .bind(ms(now))
                    .bind(w.expected_version.unwrap_or(0))
                    .execute(&mut *tx)
                    .await?
                }
                None => {
                    sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
                        .bind(w.case_id)
                        .bind(ms(now))
                        .execute(&mut *tx)
                        .await?
                }
            }
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict(
                    "该案件已被他人修改，请刷新页面查看最新内容后再提交".into(),
                ));
            }
            let l = &w.ledger;
            sqlx::query(
                "INSERT INTO case_ledgers (case_id, first_visit_at, plan, plan_due_at, due_at, review, second_review,
                    legal_progress, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (case_id) DO UPDATE SET first_visit_at = excluded.first_visit_at, plan = excluded.plan,
                    plan_due_at = excluded.plan_due_at, due_at = excluded.due_at, review = excluded.review,
                    second_review = excluded.second_review, legal_progress = excluded.legal_progress,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            )
            .bind(w.case_id)
            .bind(ms_opt(l.first_visit_at))
            .bind(&l.plan)
            .bind(ms_opt(l.plan_due_at))
            .bind(ms_opt(l.due_at))
            .bind(&l.review)
            .bind(&l.second_review)
            .bind(&l.legal_progress)
            .bind(user_ref(actor))
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
            insert_event(&mut tx, w.case_id, &w.text, actor, now).await?;
            let after = serde_json::json!({ "backlog": w.backlog, "ledger": l }).to_string();
            self.audit(
                &mut tx,
                AuditWrite {
                    at: now,
                    actor_id: user_ref(actor),
                    actor_name: &actor.display_name,
                    action: "case.ledger",
                    entity: "case",
                    entity_id: Some(w.case_id),
                    before: w.before.clone(),
                    after: Some(after),
                },
            )
            .await?;
        }
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(writes.len())
    }

    /// The cases a ledger prints, within the scope, oldest received first.
    pub async fn ledger_cases(
        &self,
        q: &LedgerQuery,
        scope: &CaseScope,
    ) -> StoreResult<Vec<LedgerCaseRow>> {
        let mut p = Params::default();
        let wheres = where_sql(q, scope, &mut p);
        let sql = format!(
            "SELECT c.id, c.number, c.version, c.received_at, c.channel, c.source_level, c.key_assigned, c.category,
                c.status, c.township_id, t.name AS township_name, v.name AS village_name, p.name AS p_name,
                p.phone AS p_phone, p.poverty_status AS p_poverty, c.summary, c.backlog, c.backlog_reason,
                c.leader_user_id, hu.display_name AS leader_name, c.finding, c.satisfaction, c.stable,
                c.tri_reasonable, c.tri_unreasonable, c.tri_hardship, c.tri_unlawful, c.remarks,
                (SELECT o.name FROM case_units cu JOIN orgs o ON o.id = cu.org_id
                    WHERE cu.case_id = c.id AND cu.lead = 1) AS lead_unit,
                (SELECT MIN(m.due_at) FROM milestones m
                    WHERE m.case_id = c.id AND m.key IN ('handled', 'handle')) AS handled_due,
                {LEDGER_COLUMNS}
             FROM cases c
             JOIN orgs t ON t.id = c.township_id
             LEFT JOIN orgs v ON v.id = c.village_id
             LEFT JOIN petitioners p ON p.id = c.petitioner_id
             LEFT JOIN users hu ON hu.id = c.leader_user_id
             LEFT JOIN case_ledgers l ON l.case_id = c.id
             WHERE {wheres} ORDER BY c.received_at, c.id"
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let mut out = rows
            .iter()
            .map(row_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        if !q.with_events || out.is_empty() {
            return Ok(out);
        }
        let mut p = Params::default();
        let wheres = where_sql(q, scope, &mut p);
        let kinds = [
            EventKind::Contact,
            EventKind::Opinion,
            EventKind::Delivered,
            EventKind::Review,
        ]
        .map(|k| p.text(k.as_str()))
        .join(", ");
        let sql = format!(
            "SELECT e.case_id, e.kind, e.occurred_at, e.body FROM case_events e
             WHERE e.kind IN ({kinds}) AND e.case_id IN (
                SELECT c.id FROM cases c LEFT JOIN petitioners p ON p.id = c.petitioner_id WHERE {wheres})
             ORDER BY e.case_id, e.occurred_at, e.id"
        );
        let events = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let index: std::collections::HashMap<i64, usize> =
            out.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        for e in &events {
            let Some(&i) = index.get(&e.int("case_id")?) else {
                continue;
            };
            let body: serde_json::Value =
                serde_json::from_str(&e.text("body")?).unwrap_or_default();
            out[i].events.push(LedgerEvent {
                kind: e.key("kind", EventKind::parse)?,
                occurred_at: e.time("occurred_at")?,
                data: body.get("data").cloned().unwrap_or_default(),
            });
        }
        Ok(out)
    }
}
