//! 排查活动 — organise a campaign (the district over any townships; a
//! township its own 日常排查 over its own villages), read the campaigns a
//! user may, and a village's 已排查无风险 report.

use xinfang_domain::access::Actor;
use xinfang_domain::campaign::{Campaign, CampaignInput, ClearReportInput};
use xinfang_domain::errors::FieldReader;
use xinfang_domain::org::{Org, OrgKind};
use xinfang_domain::permission::{Permission, Place, check, only_own_org};
use xinfang_domain::screening::ScreeningKind;
use xinfang_store::CampaignRecord;

use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Resolve the townships and villages of a parsed campaign against the
/// tree: none named means every township (the district) or the officer's
/// own; a township named without any of its villages is covered whole.
/// Returns the covered (village, township) pairs.
fn covered(
    orgs: &[Org],
    c: &mut Campaign,
    own: Option<i64>,
) -> Result<Vec<(i64, i64)>, ServiceError> {
    let mut r = FieldReader::default();
    if let Some(t) = own {
        if c.kind != ScreeningKind::Routine {
            r.errors.add(
                "kind",
                "排查方式",
                "乡镇只能组织本乡镇的日常排查，集中排查和敏感节点排查由区乡村振兴局组织",
            );
        }
        if c.township_ids.iter().any(|x| *x != t) {
            r.errors
                .add("townships", "覆盖乡镇", "乡镇只能排查本乡镇的村/社区");
        }
        c.township_ids = vec![t];
    } else if c.township_ids.is_empty() {
        c.township_ids = orgs
            .iter()
            .filter(|o| o.kind == OrgKind::Township)
            .map(|o| o.id)
            .collect();
    }
    for t in &c.township_ids {
        if !orgs
            .iter()
            .any(|o| o.id == *t && o.kind == OrgKind::Township)
        {
            r.errors
                .add("townships", "覆盖乡镇", format!("没有编号为{t}的乡镇"));
        }
    }
    for v in &c.village_ids {
        match orgs
            .iter()
            .find(|o| o.id == *v && o.kind == OrgKind::Village)
        {
            None => r
                .errors
                .add("villages", "覆盖村/社区", format!("没有编号为{v}的村/社区")),
            Some(o) if !o.parent_id.is_some_and(|p| c.township_ids.contains(&p)) => {
                r.errors.add(
                    "villages",
                    "覆盖村/社区",
                    format!("{}不属于所选乡镇", o.name),
                );
            }
            Some(_) => {}
        }
    }
    let mut out = Vec::new();
    for t in &c.township_ids {
        let villages: Vec<&Org> = orgs
            .iter()
            .filter(|o| o.kind == OrgKind::Village && o.parent_id == Some(*t))
            .collect();
        let named: Vec<i64> = villages
            .iter()
            .map(|o| o.id)
            .filter(|id| c.village_ids.contains(id))
            .collect();
        let chosen = if named.is_empty() {
            villages.iter().map(|o| o.id).collect()
        } else {
            named
        };
        out.extend(chosen.into_iter().map(|v| (v, *t)));
    }
    if out.is_empty() && r.errors.is_empty() {
        r.errors
            .add("townships", "覆盖乡镇", "所选乡镇下没有村/社区，无法排查");
    }
    if !r.errors.is_empty() {
        return Err(ServiceError::Invalid(r.errors));
    }
    c.village_ids = out.iter().map(|(v, _)| *v).collect();
    Ok(out)
}

/// 组织排查活动 — record a campaign; returns it as stored.
pub async fn create_campaign(
    state: &AppState,
    actor: &Actor,
    input: &CampaignInput,
) -> ServiceResult<CampaignRecord> {
    check(actor, Permission::ManageCampaign, &Place::Somewhere)?;
    let mut c = input.parse()?;
    let orgs = state.store.list_orgs().await?;
    let own = only_own_org(actor, Permission::ManageCampaign);
    let villages = covered(&orgs, &mut c, own)?;
    let organiser = match own {
        Some(t) => t,
        None => orgs
            .iter()
            .find(|o| o.kind == OrgKind::District)
            .map(|o| o.id)
            .ok_or_else(|| ServiceError::Internal("no district org".into()))?,
    };
    check(actor, Permission::ManageCampaign, &Place::Org(organiser))?;
    let id = state
        .store
        .create_campaign(&c, organiser, &villages, actor, state.now())
        .await?;
    Ok(state.store.campaign(id).await?)
}

/// The townships of `c` whose part `actor` may read (all of them for the
/// district and 督查, the officer's own for a township).
pub fn visible_townships(actor: &Actor, c: &CampaignRecord) -> Vec<i64> {
    c.campaign
        .township_ids
        .iter()
        .copied()
        .filter(|t| actor.may(Permission::ReadCampaign, &Place::Org(*t)))
        .collect()
}

/// The campaigns `actor` may read, newest period first.
pub async fn list_campaigns(state: &AppState, actor: &Actor) -> ServiceResult<Vec<CampaignRecord>> {
    check(actor, Permission::ReadCampaign, &Place::Somewhere)?;
    let own = only_own_org(actor, Permission::ReadCampaign);
    Ok(state.store.campaigns(own).await?)
}

/// One campaign, if `actor` may read some part of it (else not found).
pub async fn get_campaign(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<CampaignRecord> {
    check(actor, Permission::ReadCampaign, &Place::Somewhere)?;
    let c = state.store.campaign(id).await?;
    if visible_townships(actor, &c).is_empty() {
        return Err(ServiceError::NotFound(
            "未找到该排查活动，或您无权查看".into(),
        ));
    }
    Ok(c)
}

/// 已排查无风险 — a village of the campaign reports it was screened and
/// nothing was found (by its township's officer or the district).
pub async fn report_clear(
    state: &AppState,
    actor: &Actor,
    campaign_id: i64,
    input: &ClearReportInput,
) -> ServiceResult<()> {
    let c = get_campaign(state, actor, campaign_id).await?;
    check(actor, Permission::EditScreening, &Place::Somewhere)?;
    let report = input.parse(c.campaign.starts_on, c.campaign.ends_on)?;
    let villages = state.store.campaign_villages(campaign_id).await?;
    let Some(v) = villages.iter().find(|v| v.id == report.village_id) else {
        return Err(field_error(
            "village_id",
            "村/社区",
            "该村/社区不在本次排查活动范围内",
        ));
    };
    check(actor, Permission::EditScreening, &Place::Org(v.township_id))?;
    state
        .store
        .record_clear(campaign_id, v.township_id, &report, actor, state.now())
        .await?;
    Ok(())
}

/// The campaign an entry is reported under, checked against the entry: the
/// campaign exists and the user may read it, the day falls in its period,
/// the village is one it covers, the 排查方式 is its own (filled in when
/// blank). Problems are added to `r`.
pub async fn check_entry(
    state: &AppState,
    actor: &Actor,
    r: &mut FieldReader,
    entry: &mut xinfang_domain::screening::ScreeningEntry,
) -> ServiceResult<()> {
    let Some(id) = entry.campaign_id else {
        return Ok(());
    };
    let c = match get_campaign(state, actor, id).await {
        Ok(c) => c,
        Err(ServiceError::NotFound(_) | ServiceError::Forbidden(_)) => {
            r.errors.add("campaign_id", "排查活动", "没有这个排查活动");
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let day = xinfang_domain::clock::local_date(entry.screened_at);
    if day < c.campaign.starts_on || day > c.campaign.ends_on {
        r.errors.add(
            "screened_at",
            "排查时间",
            format!(
                "应在排查活动“{}”期间（{}至{}）",
                c.campaign.name, c.campaign.starts_on, c.campaign.ends_on
            ),
        );
    }
    if let Some(v) = entry.village_id
        && !c.campaign.village_ids.contains(&v)
    {
        r.errors.add(
            "village_id",
            "村/社区",
            format!("所选村/社区不在排查活动“{}”范围内", c.campaign.name),
        );
    }
    let kind = c.campaign.kind.as_str();
    match entry.screening_kind.as_deref() {
        None => entry.screening_kind = Some(kind.to_string()),
        Some(k) if k != kind => r.errors.add(
            "screening_kind",
            "排查方式",
            format!("应与排查活动一致（{}）", c.campaign.kind.label()),
        ),
        Some(_) => {}
    }
    Ok(())
}
