//! Row mappers: the read model's one case mapper, and those of a case's
//! timeline events and attachments.

use sqlx::any::AnyRow;
use xinfang_domain::case::{Case, OnlineDetails, Petitioner};
use xinfang_domain::case_list::CaseListItem;
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::repeat::RepeatDecision;
use xinfang_domain::vocab::{
    CaseKind, Category, Channel, EscalatedTo, Finding, OnlineSeverity, PovertyStatus, Satisfaction,
    SourceLevel, TriAnswer, TriRecord,
};
use xinfang_domain::workflow::{CaseStatus, EventKind};

use super::model::*;
use crate::StoreResult;
use crate::codec::RowExt;
use crate::vault::{Secret, Vault};

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

/// Whether a mapper opens the petitioner's sealed personal columns. A list
/// prints names only and leaves them sealed: nothing is opened that is not shown.
#[derive(Clone, Copy)]
pub(crate) enum Personal<'v> {
    /// Open them with the store's vault.
    Open(&'v Vault),
    /// Leave them out (read as None).
    Sealed,
}

impl Personal<'_> {
    fn open(self, field: Secret, stored: Option<String>) -> StoreResult<Option<String>> {
        match self {
            Personal::Open(vault) => vault.open_opt(field, stored),
            Personal::Sealed => Ok(None),
        }
    }
}

/// Reads the petitioner columns aliased `p_name`, `p_id_number`, `p_phone`,
/// `p_address`, `p_poverty`.
pub(super) fn petitioner_from_row(
    r: &AnyRow,
    id: Option<i64>,
    personal: Personal<'_>,
) -> StoreResult<Option<Petitioner>> {
    let Some(id) = id else { return Ok(None) };
    Ok(Some(Petitioner {
        id,
        name: r.text("p_name")?,
        id_number: personal
            .open(Secret::IdNumber, r.text_opt("p_id_number")?)?
            .and_then(|s| ResidentId::parse_recorded(&s).ok()),
        phone: personal
            .open(Secret::Phone, r.text_opt("p_phone")?)?
            .and_then(|s| PhoneNumber::parse(&s).ok()),
        address: personal.open(Secret::Address, r.text_opt("p_address")?)?,
        poverty_status: r.key("p_poverty", PovertyStatus::parse)?,
    }))
}

/// A case as the read model gives it, with the lead unit lists print beside it.
#[derive(Debug, Clone)]
pub(crate) struct CaseRow {
    /// The case; its units are left empty (one more query, for one case).
    pub case: Case,
    /// 责任单位 — the lead unit's name.
    pub lead_unit: Option<String>,
}

/// The one row mapper of the read model (see `read::CASE_COLUMNS`).
pub(crate) fn case_row(r: &AnyRow, personal: Personal<'_>) -> StoreResult<CaseRow> {
    Ok(CaseRow {
        case: case_from_row(r, personal)?,
        lead_unit: r.text_opt("lead_unit")?,
    })
}

fn case_from_row(r: &AnyRow, personal: Personal<'_>) -> StoreResult<Case> {
    let kind = r.key("kind", CaseKind::parse)?;
    let online = if kind == CaseKind::OnlineOpinion {
        Some(OnlineDetails {
            platform: r.text_opt("online_platform")?,
            link: r.text_opt("online_link")?,
            poster: r.text_opt("online_poster")?,
            posted_at: r.time_opt("online_posted_at")?,
            discovered_at: r.time_opt("online_discovered_at")?,
            reach: r.text_opt("online_reach")?,
            severity: r.key_opt("online_severity", OnlineSeverity::parse)?,
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
        petitioner: petitioner_from_row(r, r.int_opt("petitioner_id")?, personal)?,
        companions: serde_json::from_str(&r.text("companions")?).unwrap_or_default(),
        units: Vec::new(),
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
        opinion_delivered_at: r.time_opt("opinion_delivered_at")?,
        stable: r.int_opt("stable")?.map(|v| v != 0),
        backlog: r.flag("backlog")?,
        backlog_reason: r.text_opt("backlog_reason")?,
        remarks: r.text_opt("remarks")?,
        online,
        related_case_id: r.int_opt("related_case_id")?,
        related_case_number: r.text_opt("related_number")?,
        escalated_to: r.key_opt("escalated_to", EscalatedTo::parse)?,
        repeat_decision: r.key_opt("repeat_decision", RepeatDecision::parse)?,
        supervision_level: r.int("supervision_level")?,
        closed_at: r.time_opt("closed_at")?,
        version: r.int("version")?,
        created_at: r.time("created_at")?,
        updated_at: r.time("updated_at")?,
    })
}

impl From<CaseRow> for CaseListItem {
    fn from(row: CaseRow) -> CaseListItem {
        let c = row.case;
        CaseListItem {
            id: c.id,
            number: c.number,
            kind: c.kind,
            channel: c.channel,
            source_level: c.source_level,
            key_assigned: c.key_assigned,
            category: c.category,
            status: c.status,
            township_id: c.township_id,
            township: c.township,
            village: c.village,
            petitioner_name: c.petitioner.map(|p| p.name),
            received_at: c.received_at,
            summary: c.summary,
            lead_unit: row.lead_unit,
            handler_name: c.handler_name,
            backlog: c.backlog,
            escalated_to: c.escalated_to,
            severity: c.online.and_then(|o| o.severity),
            updated_at: c.updated_at,
        }
    }
}

pub(crate) fn event_from_row(r: &AnyRow) -> StoreResult<EventRecord> {
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

pub(super) fn attachment_from_row(r: &AnyRow) -> StoreResult<AttachmentRecord> {
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
        signed_document: r.text_opt("signed_document")?,
    })
}
