//! The case rows Annexes 2 and 4 print — a case with its petitioner, lead
//! unit, 包案人, handled milestone, ledger details and the events the ledgers
//! read — within a scope, in one query (plus one for the events).

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::CaseScope;
use xinfang_domain::vocab::{
    Category, Channel, Finding, PovertyStatus, Satisfaction, SourceLevel, TriRecord,
};
use xinfang_domain::workflow::{CaseStatus, EventKind};

use crate::case_ledgers::{CaseLedger, LEDGER_COLUMNS, ledger_from_row};
use crate::cases::{CaseFilter, filter_clause, scope_clause, tri_from_row};
use crate::codec::RowExt;
use crate::params::Params;
use crate::vault::{Secret, Vault};
use crate::{Store, StoreResult};

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

fn row_from_row(r: &AnyRow, vault: &Vault) -> StoreResult<LedgerCaseRow> {
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
        petitioner_phone: vault.open_opt(Secret::Phone, r.text_opt("p_phone")?)?,
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
fn where_sql(q: &LedgerQuery, scope: &CaseScope, p: &mut Params, engine: crate::Engine) -> String {
    let mut w = vec![scope_clause(scope, p)];
    w.extend(filter_clause(&q.filter, p, engine));
    if let Some(n) = &q.number {
        w.push(format!("c.number = {}", p.text(n.trim())));
    }
    if let Some(n) = &q.petitioner_name {
        w.push(format!("p.name = {}", p.text(n.trim())));
    }
    w.join(" AND ")
}

impl Store {
    /// The cases a ledger prints, within the scope, oldest received first.
    pub async fn ledger_cases(
        &self,
        q: &LedgerQuery,
        scope: &CaseScope,
    ) -> StoreResult<Vec<LedgerCaseRow>> {
        let mut p = Params::default();
        let wheres = where_sql(q, scope, &mut p, self.engine);
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
            .map(|r| row_from_row(r, self.vault()))
            .collect::<StoreResult<Vec<_>>>()?;
        if !q.with_events || out.is_empty() {
            return Ok(out);
        }
        let mut p = Params::default();
        let wheres = where_sql(q, scope, &mut p, self.engine);
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
