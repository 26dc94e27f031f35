//! The 干部队伍 page (附件3): the roster rows the viewer may see, which of
//! them they may change, and the row in the form.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place};

use crate::json::RosterRowJson;
use crate::services::ServiceResult;
use crate::services::ledgers::roster::{RosterInput, list};
use crate::state::AppState;

/// A roster row as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RosterPageRow {
    /// The row.
    pub e: RosterRowJson,
    /// The viewer may change it.
    pub editable: bool,
}

/// What the roster page shows.
#[derive(Debug, Clone, Serialize)]
pub struct RosterPage {
    /// The rows the viewer may see.
    pub rows: Vec<RosterPageRow>,
    /// The name of the organisation whose row is in the form.
    pub unit_name: Option<String>,
}

/// The roster page for `actor`, with `form` (if any) in the form.
pub async fn roster_page(
    state: &AppState,
    actor: &Actor,
    form: Option<&RosterInput>,
) -> ServiceResult<RosterPage> {
    let rows = list(state, actor)
        .await?
        .iter()
        .map(|e| RosterPageRow {
            e: RosterRowJson::from(e),
            editable: actor.may(Permission::EditRoster, &Place::Org(e.org_id)),
        })
        .collect();
    let unit_name = match form.and_then(|f| f.org_id.trim().parse::<i64>().ok()) {
        Some(id) => state.store.org(id).await.ok().map(|o| o.name),
        None => None,
    };
    Ok(RosterPage { rows, unit_name })
}

/// The row of organisation `org` (else the viewer's own, when it is a
/// township they may change) as a filled form, if the viewer may change it.
pub async fn roster_form(
    state: &AppState,
    actor: &Actor,
    org: Option<i64>,
) -> ServiceResult<Option<RosterInput>> {
    let wanted = org.or_else(|| {
        (!actor.sees_all() && actor.may(Permission::EditRoster, &Place::Org(actor.org_id)))
            .then_some(actor.org_id)
    });
    let Some(id) = wanted.filter(|id| actor.may(Permission::EditRoster, &Place::Org(*id))) else {
        return Ok(None);
    };
    Ok(state
        .store
        .roster(Some(id))
        .await?
        .into_iter()
        .next()
        .map(|e| RosterInput {
            org_id: e.org_id.to_string(),
            leader_name: e.leader_name,
            leader_title: e.leader_title,
            leader_office_phone: e.leader_office_phone.unwrap_or_default(),
            leader_mobile: e.leader_mobile.unwrap_or_default(),
            cadre_name: e.cadre_name,
            cadre_office_phone: e.cadre_office_phone.unwrap_or_default(),
            cadre_mobile: e.cadre_mobile.unwrap_or_default(),
        }))
}
