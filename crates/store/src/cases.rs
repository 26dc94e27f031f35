//! Cases: registration, reading within a scope, the steps, attachments.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::case::{
    Case, CaseNumber, CaseUnit, NewCase, NewPetitioner, OnlineDetails, Petitioner,
};
use xinfang_domain::clock::to_local;
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::vocab::{
    CaseKind, Category, Channel, Finding, PovertyStatus, Satisfaction, SourceLevel, TriAnswer,
    TriRecord,
};
use xinfang_domain::workflow::{CaseStatus, EventKind, Step, Transition};

use crate::audit::AuditWrite;
use crate::codec::{RowExt, flag, ms, ms_opt};
use crate::params::Params;
use crate::{Store, StoreError, StoreResult};

/// Filters for the case list; every field narrows the list when set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CaseFilter {
    /// 问题所属乡镇
    pub township_id: Option<i64>,
    /// A unit on the case (lead or co-handler).
    pub unit_id: Option<i64>,
    /// 信访类型
    pub kind: Option<CaseKind>,
    /// 信访渠道
    pub channel: Option<Channel>,
    /// 问题类别
    pub category: Option<Category>,
    /// 来源层级
    pub source_level: Option<SourceLevel>,
    /// Status.
    pub status: Option<CaseStatus>,
    /// Only cases not yet closed.
    pub open_only: bool,
    /// Received at or after.
    pub received_from: Option<Timestamp>,
    /// Received before.
    pub received_to: Option<Timestamp>,
    /// Text in the summary, number or petitioner name.
    pub text: Option<String>,
    /// One petitioner's cases.
    pub petitioner_id: Option<i64>,
    /// 包案领导
    pub leader_user_id: Option<i64>,
    /// 承办人
    pub handler_user_id: Option<i64>,
    /// 积案 only.
    pub backlog: Option<bool>,
}

/// Sort order of the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseSort {
    /// Newest received first.
    #[default]
    ReceivedDesc,
    /// Most recently changed first.
    UpdatedDesc,
}

/// One page of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// How many rows match in all.
    pub total: i64,
}

/// A row of the case list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseListItem {
    /// Id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型
    pub kind: CaseKind,
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
    /// 问题所属乡镇 id
    pub township_id: i64,
    /// 问题所属乡镇
    pub township: String,
    /// 村/社区
    pub village: Option<String>,
    /// 信访人
    pub petitioner_name: Option<String>,
    /// 接待日期
    pub received_at: Timestamp,
    /// 反映问题
    pub summary: String,
    /// 责任单位
    pub lead_unit: Option<String>,
    /// 承办人
    pub handler_name: Option<String>,
    /// 是否积案
    pub backlog: bool,
    /// Last change.
    pub updated_at: Timestamp,
}

/// A timeline event as read back.
#[derive(Debug, Clone, Serialize)]
pub struct EventRecord {
    /// Id.
    pub id: i64,
    /// Case.
    pub case_id: i64,
    /// Kind.
    pub kind: EventKind,
    /// Who.
    pub actor_name: String,
    /// When it happened (a contact made at 15:40 and entered at 17:00 says 15:40).
    pub occurred_at: Timestamp,
    /// When it was entered.
    pub recorded_at: Timestamp,
    /// Human-readable description.
    pub text: String,
    /// Structured content (the step as JSON).
    pub data: serde_json::Value,
}

/// An uploaded file to record; the bytes are already on disk by hash.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// SHA-256 of the content (hex), also its file name on disk.
    pub sha256: String,
    /// Original file name (cleaned).
    pub filename: String,
    /// Checked content type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// What it is.
    pub note: Option<String>,
}

/// An attachment as stored.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentRecord {
    /// Id.
    pub id: i64,
    /// Case.
    pub case_id: i64,
    /// SHA-256 (hex).
    pub sha256: String,
    /// File name.
    pub filename: String,
    /// Content type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// What it is.
    pub note: Option<String>,
    /// Who uploaded it.
    pub uploaded_by: Option<String>,
    /// When.
    pub uploaded_at: Timestamp,
}

/// The one place the read scope becomes SQL: every case query includes it.
pub(crate) fn scope_clause(scope: &CaseScope, p: &mut Params) -> String {
    if scope.all {
        return "1=1".into();
    }
    let mut parts = Vec::new();
    if let Some(t) = scope.territory {
        parts.push(format!("c.township_id = {}", p.int(t)));
    }
    if let Some(u) = scope.unit {
        parts.push(format!(
            "EXISTS (SELECT 1 FROM case_units su WHERE su.case_id = c.id AND su.org_id = {})",
            p.int(u)
        ));
    }
    if let Some(l) = scope.leader {
        parts.push(format!("c.leader_user_id = {}", p.int(l)));
    }
    if parts.is_empty() {
        "1=0".into()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

pub(crate) fn filter_clause(f: &CaseFilter, p: &mut Params) -> Vec<String> {
    let mut w = Vec::new();
    if let Some(v) = f.township_id {
        w.push(format!("c.township_id = {}", p.int(v)));
    }
    if let Some(v) = f.unit_id {
        w.push(format!(
            "EXISTS (SELECT 1 FROM case_units fu WHERE fu.case_id = c.id AND fu.org_id = {})",
            p.int(v)
        ));
    }
    if let Some(v) = f.kind {
        w.push(format!("c.kind = {}", p.text(v.as_str())));
    }
    if let Some(v) = f.channel {
        w.push(format!("c.channel = {}", p.text(v.as_str())));
    }
    if let Some(v) = f.category {
        w.push(format!("c.category = {}", p.text(v.as_str())));
    }
    if let Some(v) = f.source_level {
        w.push(format!("c.source_level = {}", p.text(v.as_str())));
    }
    if let Some(v) = f.status {
        w.push(format!("c.status = {}", p.text(v.as_str())));
    }
    if f.open_only {
        w.push("c.status <> 'closed'".into());
    }
    if let Some(v) = f.received_from {
        w.push(format!("c.received_at >= {}", p.int(ms(v))));
    }
    if let Some(v) = f.received_to {
        w.push(format!("c.received_at < {}", p.int(ms(v))));
    }
    if let Some(v) = f.petitioner_id {
        w.push(format!("c.petitioner_id = {}", p.int(v)));
    }
    if let Some(v) = f.leader_user_id {
        w.push(format!("c.leader_user_id = {}", p.int(v)));
    }
    if let Some(v) = f.handler_user_id {
        w.push(format!("c.handler_user_id = {}", p.int(v)));
    }
    if let Some(v) = f.backlog {
        w.push(format!("c.backlog = {}", p.int(flag(v))));
    }
    if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        // LIKE wildcards typed by the user are matched literally.
        let escaped = t
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pat = p.text(format!("%{escaped}%"));
        w.push(format!(
            "(c.summary LIKE {pat} ESCAPE '\\' OR c.number LIKE {pat} ESCAPE '\\' OR p.name LIKE {pat} ESCAPE '\\')"
        ));
    }
    w
}

const CASE_COLUMNS: &str = "c.*, t.name AS township_name, v.name AS village_name,
    p.name AS p_name, p.id_number AS p_id_number, p.phone AS p_phone, p.address AS p_address,
    p.poverty_status AS p_poverty, hu.display_name AS leader_name, rc.number AS related_number";

const CASE_JOINS: &str = "FROM cases c
    JOIN orgs t ON t.id = c.township_id
    LEFT JOIN orgs v ON v.id = c.village_id
    LEFT JOIN petitioners p ON p.id = c.petitioner_id
    LEFT JOIN users hu ON hu.id = c.leader_user_id
    LEFT JOIN cases rc ON rc.id = c.related_case_id";

pub(crate) fn tri_from_row(r: &AnyRow) -> StoreResult<Option<TriRecord>> {
    let a = r.key_opt("tri_reasonable", TriAnswer::parse)?;
    let b = r.key_opt("tri_unreasonable", TriAnswer::parse)?;
    let c = r.key_opt("tri_hardship", TriAnswer::parse)?;
    let d = r.key_opt("tri_unlawful", TriAnswer::parse)?;
    Ok(match (a, b, c, d) {
        (Some(a), Some(b), Some(c), Some(d)) => Some(TriRecord {
            reasonable_resolved: a,
            unreasonable_guided: b,
            hardship_helped: c,
            unlawful_handled: d,
        }),
        _ => None,
    })
}

/// Reads the petitioner columns aliased `p_name`, `p_id_number`, `p_phone`,
/// `p_address`, `p_poverty`.
fn petitioner_from_row(r: &AnyRow, id: Option<i64>) -> StoreResult<Option<Petitioner>> {
    let Some(id) = id else { return Ok(None) };
    Ok(Some(Petitioner {
        id,
        name: r.text("p_name")?,
        id_number: r
            .text_opt("p_id_number")?
            .and_then(|s| ResidentId::parse(&s).ok()),
        phone: r
            .text_opt("p_phone")?
            .and_then(|s| PhoneNumber::parse(&s).ok()),
        address: r.text_opt("p_address")?,
        poverty_status: r.key("p_poverty", PovertyStatus::parse)?,
    }))
}

fn case_from_row(r: &AnyRow, units: Vec<CaseUnit>) -> StoreResult<Case> {
    let kind = r.key("kind", CaseKind::parse)?;
    let online = if kind == CaseKind::OnlineOpinion {
        Some(OnlineDetails {
            platform: r.text_opt("online_platform")?,
            link: r.text_opt("online_link")?,
            poster: r.text_opt("online_poster")?,
            posted_at: r.time_opt("online_posted_at")?,
            discovered_at: r.time_opt("online_discovered_at")?,
            reach: r.text_opt("online_reach")?,
        })
    } else {
        None
    };
    Ok(Case {
        id: r.int("id")?,
        number: r.text("number")?,
        kind,
        channel: r.key("channel", Channel::parse)?,
        source_level: r.key("source_level", SourceLevel::parse)?,
        key_assigned: r.flag("key_assigned")?,
        received_at: r.time("received_at")?,
        township_id: r.int("township_id")?,
        township: r.text("township_name")?,
        village_id: r.int_opt("village_id")?,
        village: r.text_opt("village_name")?,
        summary: r.text("summary")?,
        category: r.key("category", Category::parse)?,
        status: r.key("status", CaseStatus::parse)?,
        petitioner: petitioner_from_row(r, r.int_opt("petitioner_id")?)?,
        companions: serde_json::from_str(&r.text("companions")?).unwrap_or_default(),
        units,
        handler_user_id: r.int_opt("handler_user_id")?,
        handler_name: r.text_opt("handler_name")?,
        handler_phone: r.text_opt("handler_phone")?,
        leader_user_id: r.int_opt("leader_user_id")?,
        leader_name: r.text_opt("leader_name")?,
        finding: r.key_opt("finding", Finding::parse)?,
        tri: tri_from_row(r)?,
        opinion: r.text_opt("opinion")?,
        satisfaction: r.key_opt("satisfaction", Satisfaction::parse)?,
        return_visit_at: r.time_opt("return_visit_at")?,
        stable: r.int_opt("stable")?.map(|v| v != 0),
        backlog: r.flag("backlog")?,
        backlog_reason: r.text_opt("backlog_reason")?,
        remarks: r.text_opt("remarks")?,
        online,
        related_case_id: r.int_opt("related_case_id")?,
        related_case_number: r.text_opt("related_number")?,
        supervision_level: r.int("supervision_level")?,
        closed_at: r.time_opt("closed_at")?,
        version: r.int("version")?,
        created_at: r.time("created_at")?,
        updated_at: r.time("updated_at")?,
    })
}

fn list_item_from_row(r: &AnyRow) -> StoreResult<CaseListItem> {
    Ok(CaseListItem {
        id: r.int("id")?,
        number: r.text("number")?,
        kind: r.key("kind", CaseKind::parse)?,
        channel: r.key("channel", Channel::parse)?,
        source_level: r.key("source_level", SourceLevel::parse)?,
        key_assigned: r.flag("key_assigned")?,
        category: r.key("category", Category::parse)?,
        status: r.key("status", CaseStatus::parse)?,
        township_id: r.int("township_id")?,
        township: r.text("township_name")?,
        village: r.text_opt("village_name")?,
        petitioner_name: r.text_opt("p_name")?,
        received_at: r.time("received_at")?,
        summary: r.text("summary")?,
        lead_unit: r.text_opt("lead_unit")?,
        handler_name: r.text_opt("handler_name")?,
        backlog: r.flag("backlog")?,
        updated_at: r.time("updated_at")?,
    })
}

fn event_from_row(r: &AnyRow) -> StoreResult<EventRecord> {
    let body: serde_json::Value = serde_json::from_str(&r.text("body")?).unwrap_or_default();
    Ok(EventRecord {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        kind: r.key("kind", EventKind::parse)?,
        actor_name: r.text("actor_name")?,
        occurred_at: r.time("occurred_at")?,
        recorded_at: r.time("recorded_at")?,
        text: body
            .get("text")
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        data: body.get("data").cloned().unwrap_or(serde_json::Value::Null),
    })
}

fn attachment_from_row(r: &AnyRow) -> StoreResult<AttachmentRecord> {
    Ok(AttachmentRecord {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        sha256: r.text("sha256")?,
        filename: r.text("filename")?,
        content_type: r.text("content_type")?,
        size: r.int("size")?,
        note: r.text_opt("note")?,
        uploaded_by: r.text_opt("uploader")?,
        uploaded_at: r.time("uploaded_at")?,
    })
}

/// A permitted step to apply: what the domain decided and how the timeline words it.
#[derive(Debug, Clone, Copy)]
pub struct StepChange<'a> {
    /// The version the user's form was built from; None skips the check.
    pub expected_version: Option<i64>,
    /// The step.
    pub step: &'a Step,
    /// Where it leads.
    pub transition: Transition,
    /// The timeline sentence.
    pub text: &'a str,
    /// The case's milestones after the step.
    pub milestones: &'a [crate::MilestoneRow],
}

/// What a timeline event says, written with the change.
#[derive(Debug, Clone)]
pub(crate) struct EventWrite<'a> {
    pub kind: EventKind,
    pub occurred_at: Timestamp,
    pub text: String,
    pub data: serde_json::Value,
    pub actor: &'a Actor,
}

impl Store {
    async fn insert_event(
        &self,
        tx: &mut Transaction<'_, Any>,
        case_id: i64,
        e: &EventWrite<'_>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let body = serde_json::json!({ "text": e.text, "data": e.data }).to_string();
        sqlx::query(
            "INSERT INTO case_events (case_id, kind, actor_id, actor_name, occurred_at, recorded_at, body)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(case_id)
        .bind(e.kind.as_str())
        .bind(e.actor.user_id)
        .bind(&e.actor.display_name)
        .bind(ms(e.occurred_at))
        .bind(ms(now))
        .bind(body)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    async fn upsert_petitioner(
        &self,
        tx: &mut Transaction<'_, Any>,
        p: &NewPetitioner,
        now: Timestamp,
    ) -> StoreResult<i64> {
        if let Some(idn) = &p.id_number {
            let existing: Option<i64> =
                sqlx::query_scalar("SELECT id FROM petitioners WHERE id_number = $1")
                    .bind(idn.as_str())
                    .fetch_optional(&mut **tx)
                    .await?;
            if let Some(id) = existing {
                // The newest registration carries the newest contact details.
                sqlx::query(
                    "UPDATE petitioners SET name = $2, phone = COALESCE($3, phone), address = COALESCE($4, address),
                     poverty_status = $5, updated_at = $6 WHERE id = $1",
                )
                .bind(id)
                .bind(&p.name)
                .bind(p.phone.as_ref().map(|x| x.to_string()))
                .bind(p.address.clone())
                .bind(p.poverty_status.as_str())
                .bind(ms(now))
                .execute(&mut **tx)
                .await?;
                return Ok(id);
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO petitioners (name, id_number, phone, address, poverty_status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(&p.name)
        .bind(p.id_number.as_ref().map(|x| x.as_str().to_string()))
        .bind(p.phone.as_ref().map(|x| x.to_string()))
        .bind(p.address.clone())
        .bind(p.poverty_status.as_str())
        .bind(ms(now))
        .fetch_one(&mut **tx)
        .await?;
        Ok(id)
    }

    /// Register a case: number it, link or create its petitioner, write the
    /// 登记 event and the audit row, all in one transaction.
    pub async fn register_case(
        &self,
        new: &NewCase,
        prefix: &str,
        milestones: &[crate::MilestoneRow],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Case> {
        let year = to_local(new.received_at).year();
        let _w = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO case_counters (year, last_seq) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING")
            .bind(i64::from(year))
            .execute(&mut *tx)
            .await?;
        let seq: i64 = sqlx::query_scalar(
            "UPDATE case_counters SET last_seq = last_seq + 1 WHERE year = $1 RETURNING last_seq",
        )
        .bind(i64::from(year))
        .fetch_one(&mut *tx)
        .await?;
        let number = CaseNumber::compose(prefix, year, seq);
        let petitioner_id = match &new.petitioner {
            Some(p) => Some(self.upsert_petitioner(&mut tx, p, now).await?),
            None => None,
        };
        let online = new.online.clone().unwrap_or_default();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (number, year, seq, kind, channel, source_level, key_assigned, received_at, township_id,
                village_id, summary, category, status, petitioner_id, companions, backlog, backlog_reason, remarks,
                online_platform, online_link, online_poster, online_posted_at, online_discovered_at, online_reach,
                related_case_id, supervision_level, version, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                $22, $23, $24, $25, 0, 1, $26, $27, $27) RETURNING id",
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
        .fetch_one(&mut *tx)
        .await?;
        let event = EventWrite {
            kind: EventKind::Registered,
            occurred_at: new.received_at,
            text: format!("登记为{}，{}，{}", new.kind, new.channel, new.source_level),
            data: serde_json::json!({ "number": number.as_str() }),
            actor,
        };
        self.insert_event(&mut tx, id, &event, now).await?;
        self.save_milestones(&mut tx, id, milestones, now).await?;
        self.audit(
            &mut tx,
            AuditWrite {
                at: now,
                actor_id: Some(actor.user_id),
                actor_name: &actor.display_name,
                action: "case.register",
                entity: "case",
                entity_id: Some(id),
                before: None,
                after: serde_json::to_string(new).ok(),
            },
        )
        .await?;
        tx.commit().await?;
        drop(_w);
        self.case(id, &CaseScope::all()).await
    }

    /// One case, if the scope admits it (NotFound otherwise: a case outside
    /// the scope is indistinguishable from one that does not exist).
    pub async fn case(&self, id: i64, scope: &CaseScope) -> StoreResult<Case> {
        let mut p = Params::default();
        let id_ph = p.int(id);
        let sc = scope_clause(scope, &mut p);
        let sql = format!("SELECT {CASE_COLUMNS} {CASE_JOINS} WHERE c.id = {id_ph} AND {sc}");
        let row = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该案件".into()))?;
        let units = self.case_units(id).await?;
        case_from_row(&row, units)
    }

    /// One case by its number, within the scope.
    pub async fn case_by_number(&self, number: &str, scope: &CaseScope) -> StoreResult<Case> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE number = $1")
            .bind(number.trim())
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => self.case(id, scope).await,
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
        let mut p = Params::default();
        let mut wheres = vec![scope_clause(scope, &mut p)];
        wheres.extend(filter_clause(filter, &mut p));
        let where_sql = wheres.join(" AND ");
        let from = "FROM cases c
            JOIN orgs t ON t.id = c.township_id
            LEFT JOIN orgs v ON v.id = c.village_id
            LEFT JOIN petitioners p ON p.id = c.petitioner_id";
        let count_sql = format!("SELECT COUNT(*) {from} WHERE {where_sql}");
        let total: i64 = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(count_sql)))
            .fetch_one(&self.pool)
            .await
            .and_then(|r| sqlx::Row::try_get::<i64, _>(&r, 0))?;
        let order = match sort {
            CaseSort::ReceivedDesc => "c.received_at DESC, c.id DESC",
            CaseSort::UpdatedDesc => "c.updated_at DESC, c.id DESC",
        };
        let mut sql = format!(
            "SELECT c.id, c.number, c.kind, c.channel, c.source_level, c.key_assigned, c.category, c.status,
                c.township_id, t.name AS township_name, v.name AS village_name, p.name AS p_name, c.received_at,
                c.summary, c.handler_name, c.backlog, c.updated_at,
                (SELECT o.name FROM case_units cu JOIN orgs o ON o.id = cu.org_id WHERE cu.case_id = c.id AND cu.lead = 1) AS lead_unit
             {from} WHERE {where_sql} ORDER BY {order}"
        );
        if let Some(limit) = limit {
            sql.push_str(&format!(
                " LIMIT {} OFFSET {}",
                p.int(limit.max(0)),
                p.int(offset.max(0))
            ));
        }
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(list_item_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page { items, total })
    }

    /// The timeline of a case, oldest first. The caller has checked the scope.
    pub async fn case_events(&self, case_id: i64) -> StoreResult<Vec<EventRecord>> {
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
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((event_from_row(r)?, r.text("case_number")?)))
            .collect()
    }

    /// Earlier cases of the same person on the same category within the
    /// twelve months before `received_at` (repeat detection), within the scope.
    pub async fn repeat_candidates(
        &self,
        id_number: &str,
        category: Category,
        received_at: Timestamp,
        scope: &CaseScope,
    ) -> StoreResult<Vec<CaseListItem>> {
        let earliest = received_at - jiff::SignedDuration::from_hours(24 * 366);
        let filter = CaseFilter {
            category: Some(category),
            received_from: Some(earliest),
            received_to: Some(received_at + jiff::SignedDuration::from_secs(1)),
            ..CaseFilter::default()
        };
        let pid: Option<i64> =
            sqlx::query_scalar("SELECT id FROM petitioners WHERE id_number = $1")
                .bind(id_number)
                .fetch_optional(&self.pool)
                .await?;
        let Some(pid) = pid else {
            return Ok(Vec::new());
        };
        let filter = CaseFilter {
            petitioner_id: Some(pid),
            ..filter
        };
        Ok(self
            .list_cases(&filter, scope, CaseSort::ReceivedDesc, Some(10), 0)
            .await?
            .items)
    }

    /// One petitioner.
    pub async fn petitioner(&self, id: i64) -> StoreResult<Petitioner> {
        let row = sqlx::query("SELECT name AS p_name, id_number AS p_id_number, phone AS p_phone, address AS p_address,
             poverty_status AS p_poverty FROM petitioners WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该信访人".into()))?;
        petitioner_from_row(&row, Some(id))?.ok_or_else(|| StoreError::NotFound("该信访人".into()))
    }

    /// Apply a permitted step: update the case (checking `expected_version`
    /// when given), write the event and the audit row, in one transaction.
    pub async fn apply_step(
        &self,
        case: &Case,
        change: StepChange<'_>,
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
            Step::Comment { .. } | Step::RequestExtension { .. } => now,
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

        let _w = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        let n = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .execute(&mut *tx)
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
                .execute(&mut *tx)
                .await?;
            for (org_id, lead) in
                std::iter::once((a.unit_id, true)).chain(a.co_unit_ids.iter().map(|u| (*u, false)))
            {
                sqlx::query("INSERT INTO case_units (case_id, org_id, lead) VALUES ($1, $2, $3)")
                    .bind(case.id)
                    .bind(org_id)
                    .bind(flag(lead))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let event = EventWrite {
            kind: transition.event,
            occurred_at,
            text: text.to_string(),
            data: serde_json::to_value(step).unwrap_or_default(),
            actor,
        };
        self.insert_event(&mut tx, case.id, &event, now).await?;
        self.save_milestones(&mut tx, case.id, milestones, now)
            .await?;
        self.audit(
            &mut tx,
            AuditWrite {
                at: now,
                actor_id: Some(actor.user_id),
                actor_name: &actor.display_name,
                action: &format!("case.{}", step.name()),
                entity: "case",
                entity_id: Some(case.id),
                before: serde_json::to_string(case).ok(),
                after: serde_json::to_string(step).ok(),
            },
        )
        .await?;
        tx.commit().await?;
        drop(_w);
        self.case(case.id, &CaseScope::all()).await
    }

    /// Record an uploaded file on a case, with its event and audit row.
    pub async fn add_attachment(
        &self,
        case_id: i64,
        a: &NewAttachment,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<AttachmentRecord> {
        let _w = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attachments (case_id, sha256, filename, content_type, size, note, uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(case_id)
        .bind(&a.sha256)
        .bind(&a.filename)
        .bind(&a.content_type)
        .bind(a.size)
        .bind(a.note.clone())
        .bind(actor.user_id)
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        let event = EventWrite {
            kind: EventKind::Attachment,
            occurred_at: now,
            text: format!("上传附件《{}》", a.filename),
            data: serde_json::json!({ "attachment_id": id, "filename": a.filename, "size": a.size }),
            actor,
        };
        self.insert_event(&mut tx, case_id, &event, now).await?;
        self.audit(
            &mut tx,
            AuditWrite {
                at: now,
                actor_id: Some(actor.user_id),
                actor_name: &actor.display_name,
                action: "case.attachment",
                entity: "case",
                entity_id: Some(case_id),
                before: None,
                after: Some(format!("{} {} {}", a.filename, a.sha256, a.size)),
            },
        )
        .await?;
        tx.commit().await?;
        drop(_w);
        self.attachment(id).await
    }

    /// One attachment (the caller checks that its case is in scope).
    pub async fn attachment(&self, id: i64) -> StoreResult<AttachmentRecord> {
        let row = sqlx::query(
            "SELECT a.*, u.display_name AS uploader FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound("该附件".into()))?;
        attachment_from_row(&row)
    }

    /// A case's attachments, oldest first.
    pub async fn attachments(&self, case_id: i64) -> StoreResult<Vec<AttachmentRecord>> {
        let rows = sqlx::query(
            "SELECT a.*, u.display_name AS uploader FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
             WHERE a.case_id = $1 ORDER BY a.id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(attachment_from_row).collect()
    }

    /// How many cases exist (all scopes), e.g. to decide whether to seed a demo.
    pub async fn count_cases(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(&self.pool)
            .await?)
    }
}
