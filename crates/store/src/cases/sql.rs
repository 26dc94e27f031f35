//! The SQL pieces every case query shares: the scope clause, filters, and row mappers.

use sqlx::any::AnyRow;
use xinfang_domain::access::CaseScope;
use xinfang_domain::case::{Case, CaseUnit, OnlineDetails, Petitioner};
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::vocab::{
    CaseKind, Category, Channel, Finding, PovertyStatus, Satisfaction, SourceLevel, TriAnswer,
    TriRecord,
};
use xinfang_domain::workflow::{CaseStatus, EventKind};

use super::model::*;
use crate::codec::{RowExt, flag, ms};
use crate::params::Params;
use crate::vault::{Secret, Vault};
use crate::{Engine, StoreResult};

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

pub(crate) fn filter_clause(f: &CaseFilter, p: &mut Params, engine: Engine) -> Vec<String> {
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
    if let Some(v) = f.closed_from {
        w.push(format!("c.closed_at >= {}", p.int(ms(v))));
    }
    if let Some(v) = f.closed_to {
        w.push(format!("c.closed_at < {}", p.int(ms(v))));
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
        let pat = p.text(crate::params::like_contains(t));
        w.push(engine.text_match(&["c.summary", "c.number", "p.name"], &pat));
    }
    w
}

pub(super) const CASE_COLUMNS: &str = "c.*, t.name AS township_name, v.name AS village_name,
    p.name AS p_name, p.id_number AS p_id_number, p.phone AS p_phone, p.address AS p_address,
    p.poverty_status AS p_poverty, hu.display_name AS leader_name, rc.number AS related_number";

pub(super) const CASE_JOINS: &str = "FROM cases c
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
/// The personal columns are opened with `vault`.
pub(super) fn petitioner_from_row(
    r: &AnyRow,
    id: Option<i64>,
    vault: &Vault,
) -> StoreResult<Option<Petitioner>> {
    let Some(id) = id else { return Ok(None) };
    Ok(Some(Petitioner {
        id,
        name: r.text("p_name")?,
        id_number: vault
            .open_opt(Secret::IdNumber, r.text_opt("p_id_number")?)?
            .and_then(|s| ResidentId::parse(&s).ok()),
        phone: vault
            .open_opt(Secret::Phone, r.text_opt("p_phone")?)?
            .and_then(|s| PhoneNumber::parse(&s).ok()),
        address: vault.open_opt(Secret::Address, r.text_opt("p_address")?)?,
        poverty_status: r.key("p_poverty", PovertyStatus::parse)?,
    }))
}

pub(super) fn case_from_row(r: &AnyRow, units: Vec<CaseUnit>, vault: &Vault) -> StoreResult<Case> {
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
        petitioner: petitioner_from_row(r, r.int_opt("petitioner_id")?, vault)?,
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

pub(super) fn list_item_from_row(r: &AnyRow) -> StoreResult<CaseListItem> {
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

pub(super) fn event_from_row(r: &AnyRow) -> StoreResult<EventRecord> {
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
