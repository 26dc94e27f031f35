//! The case rows Annexes 2 and 4 print — a case from the read model with its
//! ledger details, handled milestone and the events the ledgers read — within
//! a scope, in three queries however many cases.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::Serialize;
use xinfang_domain::access::CaseScope;
use xinfang_domain::vocab::{
    Category, Channel, Finding, PovertyStatus, Satisfaction, SourceLevel, TriRecord,
};
use xinfang_domain::workflow::{CaseStatus, EventKind};

use crate::case_ledgers::{LEDGER_COLUMNS, ledger_from_row};
use crate::cases::{CaseFilter, CaseQuery, CaseRow, Personal, case_row};
use crate::codec::RowExt;
use crate::{Store, StoreResult};
use xinfang_domain::case_ledger::CaseLedger;
use xinfang_domain::search::Places;

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
    /// Due time of the milestone that answers the petitioner (the rules'
    /// `"role": "answer"`, e.g. `handled`, `handling_report`), if any.
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

impl From<CaseRow> for LedgerCaseRow {
    fn from(row: CaseRow) -> LedgerCaseRow {
        let c = row.case;
        let petitioner = c.petitioner;
        LedgerCaseRow {
            id: c.id,
            number: c.number,
            version: c.version,
            received_at: c.received_at,
            channel: c.channel,
            source_level: c.source_level,
            key_assigned: c.key_assigned,
            category: c.category,
            status: c.status,
            township_id: c.township_id,
            township: c.township,
            village: c.village,
            petitioner_phone: petitioner
                .as_ref()
                .and_then(|p| p.phone.as_ref().map(ToString::to_string)),
            poverty: petitioner.as_ref().map(|p| p.poverty_status),
            petitioner_name: petitioner.map(|p| p.name),
            summary: c.summary,
            backlog: c.backlog,
            backlog_reason: c.backlog_reason,
            leader_user_id: c.leader_user_id,
            leader_name: c.leader_name,
            lead_unit: row.lead_unit,
            finding: c.finding,
            satisfaction: c.satisfaction,
            stable: c.stable,
            tri: c.tri,
            remarks: c.remarks,
            handled_due: None,
            ledger: CaseLedger::default(),
            events: Vec::new(),
        }
    }
}

/// The cases of a ledger query, within the scope.
fn query(q: &LedgerQuery, scope: &CaseScope, engine: crate::Engine, places: &Places) -> CaseQuery {
    let mut cq = CaseQuery::within(scope).filter(&q.filter, engine, places);
    if let Some(n) = &q.number {
        cq = cq.number(n);
    }
    if let Some(n) = &q.petitioner_name {
        cq = cq.petitioner_name(n);
    }
    cq
}

impl Store {
    /// The cases a ledger prints, within the scope, oldest received first.
    pub async fn ledger_cases(
        &self,
        q: &LedgerQuery,
        scope: &CaseScope,
    ) -> StoreResult<Vec<LedgerCaseRow>> {
        let mut cq = query(q, scope, self.engine, &*self.places().await?);
        let sql = cq.select_sql("c.received_at, c.id", None);
        let rows = self.rows_with(cq.params(), sql).await?;
        let mut out = rows
            .iter()
            .map(|r| Ok(case_row(r, Personal::Open(self.vault()))?.into()))
            .collect::<StoreResult<Vec<LedgerCaseRow>>>()?;
        if out.is_empty() {
            return Ok(out);
        }
        let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        // The ledger details and the answering milestone, for the same cases.
        let cq = query(q, scope, self.engine, &*self.places().await?);
        let sql = format!(
            "SELECT c.id AS case_id, {LEDGER_COLUMNS},
                (SELECT MIN(m.due_at) FROM milestones m
                    WHERE m.case_id = c.id AND m.role = 'answer') AS handled_due
             FROM cases c LEFT JOIN case_ledgers l ON l.case_id = c.id
             WHERE c.id IN ({})",
            cq.ids_sql()
        );
        for r in &self.rows_with(cq.params(), sql).await? {
            if let Some(&i) = index.get(&r.int("case_id")?) {
                out[i].ledger = ledger_from_row(r)?;
                out[i].handled_due = r.time_opt("handled_due")?;
            }
        }
        if q.with_events {
            self.ledger_events(q, scope, &index, &mut out).await?;
        }
        Ok(out)
    }

    /// The contact, opinion, delivery and review events of the same cases, in order.
    async fn ledger_events(
        &self,
        q: &LedgerQuery,
        scope: &CaseScope,
        index: &HashMap<i64, usize>,
        out: &mut [LedgerCaseRow],
    ) -> StoreResult<()> {
        let cq = query(q, scope, self.engine, &*self.places().await?);
        let ids = cq.ids_sql();
        let mut p = cq.into_params();
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
             WHERE e.kind IN ({kinds}) AND e.case_id IN ({ids})
             ORDER BY e.case_id, e.occurred_at, e.id"
        );
        for e in &self.rows_with(&p, sql).await? {
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
        Ok(())
    }
}
