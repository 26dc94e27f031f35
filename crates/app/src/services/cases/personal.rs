//! 查看完整信息 — personal data shown in full, on purpose and on the record.
//!
//! Screens, JSON and exports show ID numbers, phones and addresses masked.
//! The people who must reach the petitioner (the district bureau, the
//! township officer, the handling department) may reveal one case's
//! petitioner in full; each reveal is an audit row naming who, which case
//! and what.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check};

use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// A petitioner's details in full.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Revealed {
    /// 信访人姓名.
    pub name: String,
    /// 身份证号.
    pub id_number: Option<String>,
    /// 联系电话.
    pub phone: Option<String>,
    /// 住址.
    pub address: Option<String>,
}

/// Record a reveal (personal data shown or handed out in full) in the audit trail.
pub async fn record_reveal(
    state: &AppState,
    actor: &Actor,
    entity: &str,
    entity_id: i64,
    what: &str,
) -> ServiceResult<()> {
    Ok(state
        .store
        .log_reveal(actor, entity, entity_id, what, state.now())
        .await?)
}

/// The full details of a case's petitioner, logged as a reveal. A case
/// outside the actor's scope is not found; a role without the need is refused.
pub async fn reveal_case(state: &AppState, actor: &Actor, case_id: i64) -> ServiceResult<Revealed> {
    let case = state.store.case(case_id, &actor.case_scope()).await?;
    check(actor, Permission::RevealPersonal, &Place::case(&case))?;
    let Some(p) = case.petitioner else {
        return Err(ServiceError::NotFound("该案件没有登记信访人".into()));
    };
    let what = format!(
        "查看{}的信访人{}完整个人信息（身份证号、联系电话、住址）",
        case.number, p.name
    );
    record_reveal(state, actor, "case", case.id, &what).await?;
    Ok(Revealed {
        name: p.name,
        id_number: p.id_number.map(|x| x.as_str().to_string()),
        phone: p.phone.map(|x| x.to_string()),
        address: p.address,
    })
}

/// The full ID number and phone of a screening entry the actor may see,
/// logged as a reveal.
pub async fn reveal_screening(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<Revealed> {
    let s = state.store.screening(id, &actor.case_scope()).await?;
    check(
        actor,
        Permission::RevealPersonal,
        &Place::Org(s.entry.township_id),
    )?;
    let what = format!(
        "查看排查记录（{}，{}）的完整个人信息（身份证号、联系电话）",
        s.entry.name,
        xinfang_domain::clock::to_local(s.entry.screened_at).date()
    );
    record_reveal(state, actor, "screening", id, &what).await?;
    Ok(Revealed {
        name: s.entry.name,
        id_number: s.entry.id_number.map(|x| x.as_str().to_string()),
        phone: s.entry.phone.map(|x| x.to_string()),
        address: None,
    })
}
