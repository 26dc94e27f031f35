//! The 排查记录 pages: the list (scoped, by township and date) and the entry form.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, only_own_org};

use crate::json::ScreeningJson;
use crate::services::choices::{OrgOption, TownshipOption, townships, units};
use crate::services::ledgers::screenings::{ScreeningFilterInput, ScreeningInput, get, list};
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// Entries a page of the list holds.
pub const PER_PAGE: i64 = 50;

/// One page of the screening list.
#[derive(Debug, Clone, Serialize)]
pub struct ScreeningListPage {
    /// The entries of this page.
    pub items: Vec<ScreeningJson>,
    /// Matching entries in all.
    pub total: i64,
    /// This page, from 1.
    pub page: i64,
    /// Pages in all.
    pub pages: i64,
    /// Townships for the filter: a township's officer sees only their own.
    pub townships: Vec<TownshipOption>,
    /// What was wrong with the filters (the list then shows the first page of all).
    pub error: Option<String>,
    /// The viewer may enter new entries.
    pub may_enter: bool,
}

/// Page `page` (from 1) of the entries `actor` may see, filtered by `filter`.
pub async fn screening_list_page(
    state: &AppState,
    actor: &Actor,
    filter: &ScreeningFilterInput,
    page: i64,
) -> ServiceResult<ScreeningListPage> {
    let page = page.max(1);
    let (result, page, error) =
        match list(state, actor, filter, Some(PER_PAGE), (page - 1) * PER_PAGE).await {
            Ok(r) => (r, page, None),
            Err(e @ ServiceError::Invalid(_)) => {
                let all = ScreeningFilterInput::default();
                (
                    list(state, actor, &all, Some(PER_PAGE), 0).await?,
                    page,
                    Some(e.to_string()),
                )
            }
            Err(e) => return Err(e),
        };
    let mut townships = townships(state).await?;
    if let Some(own) = only_own_org(actor, Permission::EditScreening) {
        townships.retain(|t| t.id == own);
    }
    Ok(ScreeningListPage {
        items: result.items.iter().map(ScreeningJson::from).collect(),
        total: result.total,
        page,
        pages: (result.total + PER_PAGE - 1) / PER_PAGE,
        townships,
        error,
        may_enter: actor.may(Permission::EditScreening, &Place::Somewhere),
    })
}

/// What the entry form shows besides the typed fields.
#[derive(Debug, Clone, Serialize)]
pub struct ScreeningForm {
    /// The stored entry; None for a new one.
    pub record: Option<ScreeningJson>,
    /// Townships with their villages.
    pub townships: Vec<TownshipOption>,
    /// 责任单位 offered.
    pub units: Vec<OrgOption>,
    /// The one township a township officer enters for; None for the district.
    pub own_township: Option<i64>,
    /// The viewer may save the form.
    pub editable: bool,
    /// The viewer may see the entry's personal data in full.
    pub may_reveal: bool,
    /// 排查活动 the entry may be reported under: (id, name with its period).
    pub campaigns: Vec<(i64, String)>,
    /// 三级研判 of a stored entry.
    pub assessments: Option<crate::json::AssessmentsJson>,
}

/// The entry form of entry `id` (None: a new entry) for `actor`.
pub async fn screening_form(
    state: &AppState,
    actor: &Actor,
    id: Option<i64>,
) -> ServiceResult<ScreeningForm> {
    let record = match id {
        Some(id) => Some(get(state, actor, id).await?),
        None => None,
    };
    let (editable, may_reveal) = match &record {
        Some(r) => {
            let here = Place::Org(r.entry.township_id);
            (
                actor.may(Permission::EditScreening, &here),
                actor.may(Permission::RevealPersonal, &here),
            )
        }
        None => (
            actor.may(Permission::EditScreening, &Place::Somewhere),
            false,
        ),
    };
    let campaigns = if actor.may(Permission::ReadCampaign, &Place::Somewhere) {
        crate::services::risk::campaigns::list_campaigns(state, actor)
            .await?
            .iter()
            .map(|c| {
                let k = &c.campaign;
                (
                    c.id,
                    format!("{}（{}至{}）", k.name, k.starts_on, k.ends_on),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let assessments = match &record {
        Some(r) => Some(
            crate::services::risk::assessments::screening_assessments(state, actor, r.id).await?,
        ),
        None => None,
    };
    Ok(ScreeningForm {
        campaigns,
        assessments,
        record: record.as_ref().map(ScreeningJson::from),
        townships: townships(state).await?,
        units: units(state).await?,
        own_township: only_own_org(actor, Permission::EditScreening),
        editable,
        may_reveal,
    })
}

/// A blank entry: screened today, 日常排查, newly found, in the officer's
/// own township (under `campaign`, when one is named: its 排查方式); refused
/// to those who may not enter any.
pub async fn blank_entry(
    state: &AppState,
    actor: &Actor,
    campaign: &str,
) -> ServiceResult<ScreeningInput> {
    xinfang_domain::permission::check(actor, Permission::EditScreening, &Place::Somewhere)?;
    let campaign = match campaign.trim().parse::<i64>() {
        Ok(id) => Some(crate::services::risk::campaigns::get_campaign(state, actor, id).await?),
        Err(_) => None,
    };
    let kind = campaign
        .as_ref()
        .map_or(xinfang_forms::ledger::ScreeningKind::Routine, |c| {
            c.campaign.kind
        });
    Ok(ScreeningInput {
        campaign_id: campaign
            .as_ref()
            .map(|c| c.id.to_string())
            .unwrap_or_default(),
        screened_at: xinfang_domain::clock::to_local(state.now())
            .date()
            .to_string(),
        screening_kind: kind.as_str().into(),
        newly_found: "是".into(),
        township_id: only_own_org(actor, Permission::EditScreening)
            .map(|id| id.to_string())
            .unwrap_or_default(),
        ..ScreeningInput::default()
    })
}
