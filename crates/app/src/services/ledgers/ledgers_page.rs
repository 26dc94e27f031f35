//! The 台账 page: which annexes there are, and the organisations the viewer
//! may export a ledger for.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::org::OrgKind;

use crate::services::ServiceResult;
use crate::services::choices::OrgOption;
use crate::services::ledgers::export::Annex;
use crate::state::AppState;

/// An annex in the page's buttons and select.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexOption {
    /// `annex1` … `annex4`.
    pub key: &'static str,
    /// 1 … 4.
    pub n: u8,
    /// Its title.
    pub title: &'static str,
}

/// A group of the organisation select.
#[derive(Debug, Clone, Serialize)]
pub struct OrgGroup {
    /// The group's label; empty for no group.
    pub label: &'static str,
    /// Its organisations.
    pub orgs: Vec<OrgOption>,
}

/// What the 台账 page offers.
#[derive(Debug, Clone, Serialize)]
pub struct LedgersPage {
    /// Annexes 1–4.
    pub annexes: Vec<AnnexOption>,
    /// The organisations the viewer may export for.
    pub orgs: Vec<OrgGroup>,
    /// The viewer sees the whole district.
    pub sees_all: bool,
}

/// The 台账 page for `actor`: the district, its townships and its
/// departments for those who see everything, else their own organisation alone.
pub async fn ledgers_page(state: &AppState, actor: &Actor) -> ServiceResult<LedgersPage> {
    let annexes = Annex::ALL
        .iter()
        .map(|a| AnnexOption {
            key: a.as_str(),
            n: a.number(),
            title: a.label(),
        })
        .collect();
    let option = |o: &xinfang_domain::org::Org| OrgOption {
        id: o.id,
        name: o.name.clone(),
        kind: None,
    };
    let orgs = if actor.sees_all() {
        let groups = [
            ("", OrgKind::District),
            ("乡镇（街道）", OrgKind::Township),
            ("区直部门", OrgKind::Department),
        ];
        let all = state
            .store
            .orgs_of_kinds(&groups.map(|(_, kind)| kind))
            .await?;
        groups
            .into_iter()
            .map(|(label, kind)| OrgGroup {
                label,
                orgs: all.iter().filter(|o| o.kind == kind).map(option).collect(),
            })
            .collect()
    } else {
        let own = state.store.org(actor.org_id).await?;
        vec![OrgGroup {
            label: "",
            orgs: vec![option(&own)],
        }]
    };
    Ok(LedgersPage {
        annexes,
        orgs,
        sees_all: actor.sees_all(),
    })
}
