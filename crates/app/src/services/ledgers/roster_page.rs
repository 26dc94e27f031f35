//! The 干部队伍 page (附件3): the roster rows the viewer may see, which of
//! them they may change, and the row in the form.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place};

use crate::json::RosterRowJson;
use crate::services::ServiceResult;
use crate::services::ledgers::roster::{RosterInput, list};
use crate::services::training::training_list::training_list;
use crate::state::AppState;
use xinfang_domain::training::hours_text;

/// A roster row as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RosterPageRow {
    /// The row.
    pub e: RosterRowJson,
    /// The viewer may change it.
    pub editable: bool,
    /// 本年度培训: each person on the row and when they trained this year
    /// (empty for a viewer who does not read training).
    pub training: Vec<TrainedLine>,
}

/// One roster person's training this year, as the roster page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TrainedLine {
    /// 姓名.
    pub name: String,
    /// 岗位.
    pub post: &'static str,
    /// Each course: `06-15 舆情应对 1.5学时`.
    pub sessions: Vec<String>,
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
    let coverage = if actor.may(Permission::ReadTraining, &Place::Somewhere) {
        let year = xinfang_domain::clock::local_date(state.now()).year();
        training_list(state, actor, year, "").await?.coverage
    } else {
        Vec::new()
    };
    let rows = list(state, actor)
        .await?
        .iter()
        .map(|e| RosterPageRow {
            e: RosterRowJson::from(e),
            editable: actor.may(Permission::EditRoster, &Place::Org(e.org_id)),
            training: coverage
                .iter()
                .filter(|c| c.org_id == e.org_id)
                .flat_map(|c| &c.people)
                .map(|p| TrainedLine {
                    name: p.person.name.clone(),
                    post: p.person.post.label(),
                    sessions: p
                        .sessions
                        .iter()
                        .map(|s| {
                            format!(
                                "{} {} {}学时",
                                s.date.strftime("%m-%d"),
                                s.topic,
                                hours_text(s.half_hours)
                            )
                        })
                        .collect(),
                })
                .collect(),
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
