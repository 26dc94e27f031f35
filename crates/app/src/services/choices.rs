//! What forms offer to choose from — townships with their villages, units,
//! handlers, leaders — asked of the store for exactly those.

use serde::Serialize;
use xinfang_domain::access::Role;
use xinfang_domain::org::{Org, OrgKind};
use xinfang_store::UserChoice;

use crate::services::ServiceResult;
use crate::state::AppState;

/// An organisation in a select.
#[derive(Debug, Clone, Serialize)]
pub struct OrgOption {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind (Chinese label), where the select shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
}

impl OrgOption {
    fn of(o: &Org) -> OrgOption {
        OrgOption {
            id: o.id,
            name: o.name.clone(),
            kind: None,
        }
    }
}

/// A township (乡镇) with its villages (村/社区), for the township and village selects.
#[derive(Debug, Clone, Serialize)]
pub struct TownshipOption {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Its villages, by code.
    pub villages: Vec<OrgOption>,
}

/// A user in a select (承办人, 包案领导).
#[derive(Debug, Clone, Serialize)]
pub struct UserOption {
    /// User id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Organisation name.
    pub org: String,
}

impl From<UserChoice> for UserOption {
    fn from(u: UserChoice) -> Self {
        UserOption {
            id: u.id,
            name: u.display_name,
            org: u.org_name,
        }
    }
}

/// Every township with its villages, in NBS order.
pub async fn townships(state: &AppState) -> ServiceResult<Vec<TownshipOption>> {
    let orgs = state
        .store
        .orgs_of_kinds(&[OrgKind::Township, OrgKind::Village])
        .await?;
    Ok(orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Township)
        .map(|t| TownshipOption {
            id: t.id,
            name: t.name.clone(),
            villages: orgs
                .iter()
                .filter(|v| v.kind == OrgKind::Village && v.parent_id == Some(t.id))
                .map(OrgOption::of)
                .collect(),
        })
        .collect())
}

/// The organisations a case or an entry can be given to (责任单位): the
/// bureau, the departments and the townships, by code, with their kind.
pub async fn units(state: &AppState) -> ServiceResult<Vec<OrgOption>> {
    Ok(state
        .store
        .orgs_of_kinds(&[OrgKind::Bureau, OrgKind::Department, OrgKind::Township])
        .await?
        .iter()
        .map(|o| OrgOption {
            kind: Some(o.kind.label()),
            ..OrgOption::of(o)
        })
        .collect())
}

/// Active township officers and department handlers (承办人).
pub async fn handlers(state: &AppState) -> ServiceResult<Vec<UserOption>> {
    Ok(state
        .store
        .active_users_with_roles(&[Role::TownshipOfficer, Role::DepartmentHandler])
        .await?
        .into_iter()
        .map(UserOption::from)
        .collect())
}

/// Active 包案领导.
pub async fn leaders(state: &AppState) -> ServiceResult<Vec<UserOption>> {
    Ok(state
        .store
        .active_users_with_roles(&[Role::CaseLeader])
        .await?
        .into_iter()
        .map(UserOption::from)
        .collect())
}
