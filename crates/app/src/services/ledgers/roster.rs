//! The cadre roster (Annex 3): a township officer keeps their township's
//! row, the district keeps every row.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};
pub use xinfang_domain::roster::{RosterEntry, RosterInput};

use crate::services::{ServiceResult, field_error};
use crate::state::AppState;

/// The rows the actor may see: all for those who see the district, else their own.
pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<RosterEntry>> {
    if actor.sees_all() {
        Ok(state.store.roster(None).await?)
    } else {
        Ok(state.store.roster(Some(actor.org_id)).await?)
    }
}

/// Save one organisation's row.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    input: &RosterInput,
    now: Timestamp,
) -> ServiceResult<RosterEntry> {
    check(actor, Permission::EditRoster, &Place::Somewhere)?;
    let entry = input.parse()?;
    let org = state
        .store
        .org(entry.org_id)
        .await
        .map_err(|_| field_error("org_id", "单位", "没有这个单位"))?;
    check(actor, Permission::EditRoster, &Place::Org(org.id))?;
    if !matches!(
        org.kind,
        OrgKind::Township | OrgKind::Department | OrgKind::Bureau
    ) {
        return Err(field_error(
            "org_id",
            "单位",
            "只有乡镇（街道）和区直单位填写干部队伍统计表",
        ));
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
