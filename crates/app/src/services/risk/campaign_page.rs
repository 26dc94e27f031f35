//! A campaign as its readers see it: the list, and one campaign with its
//! coverage table (覆盖情况) per township, limited to the reader's townships.

use std::collections::BTreeSet;

use xinfang_domain::access::Actor;
use xinfang_domain::campaign::coverage;
use xinfang_domain::org::Org;
use xinfang_store::CampaignRecord;

use super::campaigns::{get_campaign, list_campaigns, visible_townships};
use crate::json::{
    CampaignCoverageJson, CampaignJson, CoverageRowJson, CoveredVillageJson, NamedOrgJson,
};
use crate::services::ServiceResult;
use crate::state::AppState;

fn name_of(orgs: &[Org], id: i64) -> String {
    orgs.iter()
        .find(|o| o.id == id)
        .map(|o| o.name.clone())
        .unwrap_or_default()
}

fn campaign_json(orgs: &[Org], actor: &Actor, c: &CampaignRecord, villages: usize) -> CampaignJson {
    let townships = visible_townships(actor, c)
        .into_iter()
        .map(|id| NamedOrgJson {
            id,
            name: name_of(orgs, id),
        })
        .collect();
    CampaignJson::of(c, townships, villages)
}

/// The campaigns `actor` may read, each with the townships of theirs it covers.
pub async fn campaign_list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<CampaignJson>> {
    let list = list_campaigns(state, actor).await?;
    let orgs = state.store.list_orgs().await?;
    let mut out = Vec::with_capacity(list.len());
    for c in &list {
        let seen: BTreeSet<i64> = visible_townships(actor, c).into_iter().collect();
        let villages = state
            .store
            .campaign_villages(c.id)
            .await?
            .iter()
            .filter(|v| seen.contains(&v.township_id))
            .count();
        out.push(campaign_json(&orgs, actor, c, villages));
    }
    Ok(out)
}

/// One campaign with its coverage: per township the villages covered,
/// screened (an entry or 已排查无风险) and not, the entries by grade and by
/// category; and every covered village's state.
pub async fn campaign_coverage(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<CampaignCoverageJson> {
    let c = get_campaign(state, actor, id).await?;
    let seen = visible_townships(actor, &c);
    let orgs = state.store.list_orgs().await?;
    let villages: Vec<_> = state
        .store
        .campaign_villages(id)
        .await?
        .into_iter()
        .filter(|v| seen.contains(&v.township_id))
        .collect();
    let entries: Vec<_> = state
        .store
        .campaign_entries(id)
        .await?
        .into_iter()
        .filter(|e| seen.contains(&e.township_id))
        .collect();
    let clears: Vec<_> = state
        .store
        .campaign_clears(id)
        .await?
        .into_iter()
        .filter(|r| seen.contains(&r.township_id))
        .collect();
    let clear_ids: BTreeSet<i64> = clears.iter().map(|r| r.report.village_id).collect();
    let cov = coverage(&seen, &villages, &entries, &clear_ids);
    let villages_json = cov
        .villages
        .iter()
        .map(|(v, state)| {
            let clear = clears.iter().find(|r| r.report.village_id == v.id);
            CoveredVillageJson {
                id: v.id,
                name: v.name.clone(),
                township_id: v.township_id,
                township: name_of(&orgs, v.township_id),
                state: serde_json::to_value(state)
                    .ok()
                    .and_then(|s| s.as_str().map(String::from))
                    .unwrap_or_default(),
                state_label: state.label().into(),
                entries: entries
                    .iter()
                    .filter(|e| e.village_id == Some(v.id))
                    .count(),
                clear_on: clear.map(|r| r.report.screened_on.to_string()),
                clear_remarks: clear.map(|r| r.report.remarks.clone()),
            }
        })
        .collect();
    Ok(CampaignCoverageJson {
        campaign: campaign_json(&orgs, actor, &c, villages.len()),
        townships: cov
            .townships
            .iter()
            .map(|(t, counts)| CoverageRowJson::of(Some(*t), name_of(&orgs, *t), counts))
            .collect(),
        total: CoverageRowJson::of(None, "合计".into(), &cov.total),
        villages: villages_json,
    })
}
