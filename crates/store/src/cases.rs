//! Cases: registration, reading within a scope, the steps, attachments.

mod attachments;
mod correct;
mod counts;
mod figures;
mod model;
mod persons;
pub(crate) mod read;
mod rows;
mod steps;

use jiff::Timestamp;
use sqlx::AnyConnection;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::case::{Case, CaseNumber, CaseUnit, NewCase, NewPetitioner, Petitioner};
use xinfang_domain::case_list::{CaseListItem, ListCursor};
use xinfang_domain::clock::to_local;
use xinfang_domain::workflow::{CaseStatus, EventKind};

use crate::audit::Audit;
use crate::codec::{RowExt, flag, ms, ms_opt};
use crate::page::{Page, PageRequest};
use crate::params::Params;
use crate::vault::Secret;
use crate::write::Event;
use crate::{Store, StoreError, StoreResult};

pub use correct::CorrectionChange;
pub(crate) use figures::figure_condition;
pub use model::*;
pub(crate) use read::{CaseQuery, scope_clause};
pub(crate) use rows::event_from_row;
use rows::petitioner_from_row;
pub(crate) use rows::{CaseRow, Personal, case_row};

impl Store {
    /// The petitioner record of `p`: the one with the same ID number
    /// (updated with the newest contact details), or a new one.
    async fn upsert_petitioner(
        &self,
        conn: &mut AnyConnection,
        p: &NewPetitioner,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let vault = self.vault();
        let phone = vault.seal_opt(
            Secret::Phone,
            p.phone.as_ref().map(|x| x.to_string()).as_deref(),
        )?;
        let phone_index = p.phone.as_ref().map(|x| self.phone_index(x));
        let address = vault.seal_opt(Secret::Address, p.address.as_deref())?;
        let index = p.id_number.as_ref().map(|idn| self.id_index(idn.as_str()));
        if let Some(index) = &index {
            let existing: Option<i64> =
                sqlx::query_scalar("SELECT id FROM petitioners WHERE id_index = $1")
                    .bind(index)
                    .fetch_optional(&mut *conn)
                    .await?;
            if let Some(id) = existing {
                // The newest registration carries the newest contact details.
                sqlx::query(
                    "UPDATE petitioners SET name = $2, phone = COALESCE($3, phone), address = COALESCE($4, address),
                     poverty_status = $5, updated_at = $6, phone_index = COALESCE($7, phone_index) WHERE id = $1",
                )
                .bind(id)
                .bind(&p.name)
                .bind(phone)
                .bind(address)
                .bind(p.poverty_status.as_str())
                .bind(ms(now))
                .bind(phone_index)
                .execute(&mut *conn)
                .await?;
                return Ok(id);
            }
        }
        let id_number =
            vault.seal_opt(Secret::IdNumber, p.id_number.as_ref().map(|x| x.as_str()))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO petitioners (name, id_number, id_index, phone, address, poverty_status, created_at, updated_at,
                phone_index)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id",
        )
        .bind(&p.name)
        .bind(id_number)
        .bind(index)
        .bind(phone)
        .bind(address)
        .bind(p.poverty_status.as_str())
        .bind(ms(now))
        .bind(phone_index)
        .fetch_one(&mut *conn)
        .await?;
        Ok(id)
    }

    /// Register a case: number it, link or create its petitioner, write the
    /// 登记 event and the audit row, all in one transaction. A 重复访判定
    /// (`new.repeat`) is kept on the case, written to its timeline and
    /// audited as an action of its own.
    pub async fn register_case(
        &self,
        new: &NewCase,
        prefix: &str,
        milestones: &[crate::MilestoneRow],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Case> {
        let year = to_local(new.received_at).year();
        let mut w = self.write().await?;
        sqlx::query("INSERT INTO case_counters (year, last_seq) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING")
            .bind(i64::from(year))
            .execute(w.conn())
            .await?;
        let seq: i64 = sqlx::query_scalar(
            "UPDATE case_counters SET last_seq = last_seq + 1 WHERE year = $1 RETURNING last_seq",
        )
        .bind(i64::from(year))
        .fetch_one(w.conn())
        .await?;
        let number = CaseNumber::compose(prefix, year, seq);
        let petitioner_id = match &new.petitioner {
            Some(p) => Some(self.upsert_petitioner(w.conn(), p, now).await?),
            None => None,
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
        .fetch_one(w.conn())
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
        w.event(id, &event, now).await?;
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
            w.event(id, &decided, now).await?;
            audits.push(
                Audit::by(actor, AuditAction::CaseRepeatDecision, now)
                    .on("case", Some(id))
                    .after(Some(repeat.sentence())),
            );
        }
        self.save_milestones(w.conn(), id, milestones, now).await?;
        w.commit_each(audits).await?;
        self.case(id, &CaseScope::all()).await
    }

    /// One case, if the scope admits it (NotFound otherwise: a case outside
    /// the scope is indistinguishable from one that does not exist).
    pub async fn case(&self, id: i64, scope: &CaseScope) -> StoreResult<Case> {
        self.one_case(CaseQuery::within(scope).id(id)).await
    }

    /// One case by its number, within the scope.
    pub async fn case_by_number(&self, number: &str, scope: &CaseScope) -> StoreResult<Case> {
        self.one_case(CaseQuery::within(scope).number(number)).await
    }

    async fn one_case(&self, mut q: CaseQuery) -> StoreResult<Case> {
        let sql = q.select_sql("c.id", None);
        let row = self
            .rows_with(q.params(), sql)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::NotFound("该案件".into()))?;
        let mut case = case_row(&row, Personal::Open(self.vault()))?.case;
        case.units = self.case_units(case.id).await?;
        Ok(case)
    }

    /// NotFound unless the scope admits the case: the guard of every read of
    /// a record hanging off a case (events, attachments, milestones, ledger
    /// details, follow-ups, notices), so a caller cannot forget it.
    pub(crate) async fn case_in_scope(&self, case_id: i64, scope: &CaseScope) -> StoreResult<()> {
        let q = CaseQuery::within(scope).id(case_id);
        match self.rows_with(q.params(), q.ids_sql()).await?.first() {
            Some(_) => Ok(()),
            None => Err(StoreError::NotFound("该案件".into())),
        }
    }

    async fn case_units(&self, case_id: i64) -> StoreResult<Vec<CaseUnit>> {
        let rows = sqlx::query(
            "SELECT cu.org_id, o.name, cu.lead FROM case_units cu JOIN orgs o ON o.id = cu.org_id
             WHERE cu.case_id = $1 ORDER BY cu.lead DESC, o.code",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CaseUnit {
                    org_id: r.int("org_id")?,
                    name: r.text("name")?,
                    lead: r.flag("lead")?,
                })
            })
            .collect()
    }

    /// The filtered list within the scope; `limit` None means every row.
    pub async fn list_cases(
        &self,
        filter: &CaseFilter,
        scope: &CaseScope,
        sort: CaseSort,
        limit: Option<i64>,
        offset: i64,
    ) -> StoreResult<Page<CaseListItem>> {
        let req = PageRequest {
            limit,
            offset,
            ..PageRequest::all()
        };
        self.list_cases_page(filter, scope, sort, &req).await
    }

    /// A page of the filtered list within the scope: the page's ids are
    /// taken from the cases table alone (its indexes match the scope, the
    /// filters and the sort) before the page's rows are read in full, so a
    /// deep page does not build the rows it skips; with a cursor the page
    /// starts after a row instead of counting past rows; the count stops at
    /// `count_up_to` when one is given.
    pub async fn list_cases_page(
        &self,
        filter: &CaseFilter,
        scope: &CaseScope,
        sort: CaseSort,
        req: &PageRequest,
    ) -> StoreResult<Page<CaseListItem>> {
        let mut q = CaseQuery::within(scope).filter(filter, self.engine);
        let (total, total_exact) = match req.count_up_to {
            Some(cap) => {
                let n = self
                    .count_with(q.params(), q.count_up_to_sql(cap + 1))
                    .await?;
                (n.min(cap), n <= cap)
            }
            None => (self.count_with(q.params(), q.count_sql()).await?, true),
        };
        let key = match sort {
            CaseSort::ReceivedDesc => "c.received_at",
            CaseSort::UpdatedDesc => "c.updated_at",
        };
        if let Some(after) = req.after {
            q = q.before(key, after);
        }
        let order = format!("{key} DESC, c.id DESC");
        let sql = match req.limit {
            Some(limit) => q.page_sql(&order, limit, req.offset),
            None => q.select_sql(&order, None),
        };
        let items: Vec<CaseListItem> = self
            .rows_with(q.params(), sql)
            .await?
            .iter()
            .map(|r| Ok(case_row(r, Personal::Sealed)?.into()))
            .collect::<StoreResult<Vec<_>>>()?;
        let next = match (req.limit, items.last()) {
            (Some(limit), Some(last)) if items.len() as i64 == limit => Some(ListCursor {
                key: ms(match sort {
                    CaseSort::ReceivedDesc => last.received_at,
                    CaseSort::UpdatedDesc => last.updated_at,
                }),
                id: last.id,
            }),
            _ => None,
        };
        Ok(Page {
            items,
            total,
            total_exact,
            next,
        })
    }

    /// The timeline of a case, oldest first; NotFound when the scope does not admit the case.
    pub async fn case_events(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<Vec<EventRecord>> {
        self.case_in_scope(case_id, scope).await?;
        let rows =
            sqlx::query("SELECT * FROM case_events WHERE case_id = $1 ORDER BY occurred_at, id")
                .bind(case_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// Latest events across the cases a scope admits, newest first (工作台).
    pub async fn recent_events(
        &self,
        scope: &CaseScope,
        limit: i64,
    ) -> StoreResult<Vec<(EventRecord, String)>> {
        let mut p = Params::default();
        let sc = scope_clause(scope, &mut p);
        let sql = format!(
            "SELECT e.*, c.number AS case_number FROM case_events e JOIN cases c ON c.id = e.case_id
             WHERE {sc} ORDER BY e.recorded_at DESC, e.id DESC LIMIT {}",
            p.int(limit)
        );
        let rows = self.rows_with(&p, sql).await?;
        rows.iter()
            .map(|r| Ok((event_from_row(r)?, r.text("case_number")?)))
            .collect()
    }

    /// One petitioner, if the scope admits one of their cases (NotFound
    /// otherwise). A scope that admits every case admits every petitioner,
    /// also one with no case (data from before the cases were kept).
    pub async fn petitioner(&self, id: i64, scope: &CaseScope) -> StoreResult<Petitioner> {
        let q = CaseQuery::within(scope);
        let admitted = if scope.all {
            "1=1".to_string()
        } else {
            format!("id IN ({})", q.column_sql("c.petitioner_id"))
        };
        let mut p = q.into_params();
        let sql = format!(
            "SELECT name AS p_name, id_number AS p_id_number, phone AS p_phone, address AS p_address,
                poverty_status AS p_poverty FROM petitioners WHERE id = {} AND {admitted}",
            p.int(id)
        );
        let row = self.row_with(&p, sql, "该信访人").await?;
        petitioner_from_row(&row, Some(id), Personal::Open(self.vault()))?
            .ok_or_else(|| StoreError::NotFound("该信访人".into()))
    }

    /// How many cases exist (all scopes), e.g. to decide whether to seed a demo.
    pub async fn count_cases(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(&self.pool)
            .await?)
    }
}
