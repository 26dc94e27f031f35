//! 审计日志 — the audit trail for the people who supervise: 督查 and the
//! system administrator read who did what to which record, above all who
//! revealed personal data, with the chain's integrity checked on each view
//! (the rows since the last check; the whole chain with `xinfang verify-audit`).

use serde::{Deserialize, Serialize};
use xinfang_domain::access::Actor;
use xinfang_domain::audit::{AuditAction, AuditKind};
use xinfang_domain::clock::format_local;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::{AuditFilter, AuditVerification};

use crate::services::ServiceResult;
use crate::services::ledgers::export::parse_day;
use crate::state::AppState;
use xinfang_domain::clock::{end_of_day, start_of_day};

/// Rows a page.
pub const PAGE_SIZE: i64 = 50;

/// The kinds of action a reader filters by, in the order the filter lists them.
pub const KINDS: &[AuditKind] = AuditKind::ALL;

/// Filters as typed in the page's form or the API's query.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// A kind of action (an [`AuditKind`] key, e.g. `personal`), blank for all.
    pub kind: String,
    /// 操作人 (part of the name).
    pub actor: String,
    /// 案件编号.
    pub case: String,
    /// From (YYYY-MM-DD).
    pub from: String,
    /// To, inclusive.
    pub to: String,
    /// Page, from 1.
    pub page: String,
}

/// One row as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditRow {
    /// Row id (the chain's order).
    pub id: i64,
    /// When, local time.
    pub at: String,
    /// Who.
    pub actor: String,
    /// The action's key, e.g. `personal.reveal`.
    pub action: String,
    /// The action in Chinese.
    pub action_label: String,
    /// The case it is about, if any.
    pub case_id: Option<i64>,
    /// Its number.
    pub case_number: Option<String>,
    /// What the row says, shortened; structured records are summarised.
    pub detail: String,
}

/// A page of the trail with the chain's state.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    /// Rows, newest first.
    pub items: Vec<AuditRow>,
    /// Rows matching.
    pub total: i64,
    /// This page (from 1).
    pub page: i64,
    /// Pages in all.
    pub pages: i64,
    /// The chain checked now (the rows since this server last checked it).
    #[schema(value_type = crate::json::AuditChainJson)]
    pub chain: AuditVerification,
}

/// A JSON record is summarised (it may hold sealed personal data); plain
/// text is shown, cut at 120 characters.
fn detail(after: Option<&str>) -> String {
    match after.map(str::trim) {
        None | Some("") => String::new(),
        Some(t) if t.starts_with('{') || t.starts_with('[') => "（结构化记录，已存档）".into(),
        Some(t) if t.chars().count() > 120 => t.chars().take(120).collect::<String>() + "…",
        Some(t) => t.to_string(),
    }
}

/// A page of the trail for a reader.
pub async fn list(state: &AppState, actor: &Actor, q: &AuditQuery) -> ServiceResult<AuditPage> {
    check(actor, Permission::ReadAuditLog, &Place::Somewhere)?;
    let from = parse_day("from", "起始日期", &q.from)?;
    let to = parse_day("to", "截止日期", &q.to)?;
    let kind = match q.kind.trim() {
        "" => None,
        k => Some(AuditKind::parse(k).ok_or_else(|| {
            crate::services::field_error("kind", "类型", format!("未知的类型“{k}”"))
        })?),
    };
    let filter = AuditFilter {
        kind,
        actor: Some(q.actor.trim().to_string()).filter(|s| !s.is_empty()),
        from: from.map(start_of_day),
        to: to.map(end_of_day),
        case_number: Some(q.case.trim().to_string()).filter(|s| !s.is_empty()),
    };
    let page = q.page.trim().parse::<i64>().unwrap_or(1).max(1);
    let found = state
        .store
        .list_audit(&filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await?;
    let chain = crate::services::admin::audit_chain::verify_since_checkpoint(state).await?;
    let items = found
        .items
        .into_iter()
        .map(|(e, number)| AuditRow {
            id: e.id,
            at: format_local(e.at),
            actor: e.actor_name,
            action_label: AuditAction::label_of(&e.action),
            action: e.action,
            case_id: number.as_ref().and(e.entity_id),
            case_number: number,
            detail: detail(e.after.as_deref()),
        })
        .collect();
    Ok(AuditPage {
        items,
        total: found.total,
        page,
        pages: (found.total + PAGE_SIZE - 1) / PAGE_SIZE,
        chain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_summarised_and_actions_named() {
        assert_eq!(
            detail(Some("{\"id_number\":\"sm4gcm1:ab\"}")),
            "（结构化记录，已存档）"
        );
        assert_eq!(detail(Some("查看某案")), "查看某案");
        assert_eq!(
            AuditAction::label_of("personal.reveal"),
            "查看或导出个人信息"
        );
        assert_eq!(AuditAction::label_of("case.assign"), "办理：转办");
    }
}
