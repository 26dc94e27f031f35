//! 重点人员 — the register of key persons: lists by risk, a person's page,
//! registering and editing, 稳控 contacts and 督办, the system's proposals,
//! and the scoring rules.

pub mod assessments;
pub mod contacts;
pub mod list;
pub mod proposals;
pub mod register;
pub mod rules;

use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check, only_own_org};

use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The township a viewer reads key persons of: the one asked for (by name,
/// short name or id; blank: all), kept to their own for a township; as
/// (id, name). A township asking for another is refused.
pub(crate) async fn township_reach(
    state: &AppState,
    actor: &Actor,
    permission: Permission,
    township: &str,
) -> ServiceResult<Option<(i64, String)>> {
    check(actor, permission, &Place::Somewhere)?;
    let orgs = state.store.list_orgs().await?;
    let t = township.trim();
    let wanted = if t.is_empty() {
        None
    } else {
        let o = crate::services::townships::township_among(&orgs, t)?;
        Some((o.id, o.name))
    };
    match (only_own_org(actor, permission), wanted) {
        (Some(own), Some((id, _))) if id != own => {
            Err(ServiceError::Forbidden(permission.rule().refusal.into()))
        }
        (Some(own), _) => Ok(orgs
            .iter()
            .find(|o| o.id == own)
            .map(|o| (o.id, o.name.clone()))),
        (None, w) => Ok(w),
    }
}
