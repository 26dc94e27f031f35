//! The cadre roster (Annex 3): a township officer keeps their township's
//! row, the district keeps every row.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use xinfang_domain::access::Actor;
use xinfang_domain::errors::FieldReader;
use xinfang_domain::ident::PhoneNumber;
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::RosterEntry;

use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// One roster row as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RosterInput {
    /// The organisation (id).
    pub org_id: String,
    /// 分管领导
    pub leader_name: String,
    /// 职务
    pub leader_title: String,
    /// 办公电话 (of the leader).
    pub leader_office_phone: String,
    /// 手机号码 (of the leader).
    pub leader_mobile: String,
    /// 涉贫信访专干
    pub cadre_name: String,
    /// 办公电话 (of the cadre).
    pub cadre_office_phone: String,
    /// 手机号码 (of the cadre).
    pub cadre_mobile: String,
}

/// The rows the actor may see: all for those who see the district, else their own.
pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<RosterEntry>> {
    if actor.sees_all() {
        Ok(state.store.roster(None).await?)
    } else {
        Ok(state.store.roster(Some(actor.org_id)).await?)
    }
}

fn phone(r: &mut FieldReader, field: &str, label: &str, v: &str, mobile: bool) -> Option<String> {
    let s = v.trim();
    if s.is_empty() {
        return None;
    }
    match PhoneNumber::parse(s) {
        Ok(p) if mobile && !p.is_mobile() => {
            r.errors
                .add(field, label, "应填写11位手机号，固定电话请填在办公电话栏");
            None
        }
        Ok(p) => Some(p.to_string()),
        Err(e) => {
            r.errors.add(field, label, e.to_string());
            None
        }
    }
}

/// Save one organisation's row.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    input: &RosterInput,
    now: Timestamp,
) -> ServiceResult<RosterEntry> {
    let mut r = FieldReader::default();
    let org_id = r.id("org_id", "单位", &input.org_id);
    let entry = RosterEntry {
        org_id: org_id.unwrap_or_default(),
        org_name: String::new(),
        leader_name: r
            .optional("leader_name", "分管领导", &input.leader_name, 30)
            .unwrap_or_default(),
        leader_title: r
            .optional("leader_title", "职务", &input.leader_title, 50)
            .unwrap_or_default(),
        leader_office_phone: phone(
            &mut r,
            "leader_office_phone",
            "分管领导办公电话",
            &input.leader_office_phone,
            false,
        ),
        leader_mobile: phone(
            &mut r,
            "leader_mobile",
            "分管领导手机号码",
            &input.leader_mobile,
            true,
        ),
        cadre_name: r
            .optional("cadre_name", "涉贫信访专干", &input.cadre_name, 30)
            .unwrap_or_default(),
        cadre_office_phone: phone(
            &mut r,
            "cadre_office_phone",
            "专干办公电话",
            &input.cadre_office_phone,
            false,
        ),
        cadre_mobile: phone(
            &mut r,
            "cadre_mobile",
            "专干手机号码",
            &input.cadre_mobile,
            true,
        ),
        updated_at: None,
    };
    let Some(org_id) = org_id else {
        return Err(ServiceError::Invalid(r.errors));
    };
    let org = state
        .store
        .org(org_id)
        .await
        .map_err(|_| crate::services::field_error("org_id", "单位", "没有这个单位"))?;
    if !matches!(
        org.kind,
        OrgKind::Township | OrgKind::Department | OrgKind::Bureau
    ) {
        r.errors.add(
            "org_id",
            "单位",
            "只有乡镇（街道）和区直单位填写干部队伍统计表",
        );
    }
    check(actor, Permission::EditRoster, &Place::Org(org.id))?;
    if !r.errors.is_empty() {
        return Err(ServiceError::Invalid(r.errors));
    }
    let entry = RosterEntry {
        org_name: org.name.clone(),
        ..entry
    };
    state
        .store
        .save_roster(std::slice::from_ref(&entry), actor, now, false)
        .await?;
    Ok(state
        .store
        .roster(Some(org.id))
        .await?
        .into_iter()
        .next()
        .unwrap_or(entry))
}
