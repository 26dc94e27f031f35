//! 问责记录 — the actions a viewer may read, per unit with a count by type;
//! the ones linked to one case; and this year's count for the 工作台.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::accountability::AccountabilityKind;
use xinfang_domain::case::Case;
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check, may, only_own_org};
use xinfang_store::{AccountabilityFilter, AccountabilityRecord, EscalatedCase};

use crate::json::{AccountabilityJson, AccountabilityListJson, KindCountJson, UnitTallyJson};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// One unit's actions, counted by type.
#[derive(Debug, Clone, Serialize)]
pub struct UnitTally {
    /// The unit.
    pub unit_id: i64,
    /// Its name.
    pub unit_name: String,
    /// Its kind key (township, department, bureau).
    pub unit_kind: String,
    /// All its actions.
    pub total: i64,
    /// Per type, in [`AccountabilityKind::ALL`] order.
    pub by_kind: Vec<i64>,
}

/// What the 问责 page and `GET /api/v1/accountability` show.
#[derive(Debug, Clone, Serialize)]
pub struct AccountabilityList {
    /// The year asked for, if any.
    pub year: Option<i16>,
    /// The actions, newest first.
    pub actions: Vec<AccountabilityRecord>,
    /// Per unit (townships first, then the others), most actions first.
    pub by_unit: Vec<UnitTally>,
    /// The viewer reads only their own unit's.
    pub own_only: bool,
    /// The viewer may record one.
    pub may_record: bool,
    /// The units an action may concern (townships, departments, the
    /// bureau), as (id, name), for the form; empty for those who may not record.
    pub units: Vec<(i64, String)>,
    /// For those who record: cases with a 通报 or 督办升级 and no action yet.
    pub awaiting: Vec<EscalatedCase>,
}

/// The unit filter a viewer reads under: everything, or their own unit.
fn reach(actor: &Actor, unit: Option<i64>) -> ServiceResult<Option<i64>> {
    check(actor, Permission::ReadAccountability, &Place::Somewhere)?;
    match only_own_org(actor, Permission::ReadAccountability) {
        Some(own) => match unit {
            Some(u) if u != own => Err(ServiceError::Forbidden(
                Permission::ReadAccountability.rule().refusal.into(),
            )),
            _ => Ok(Some(own)),
        },
        None => Ok(unit),
    }
}

/// The typed filter `?unit=&year=`, or the field that is wrong.
pub fn parse_filter(unit: &str, year: &str) -> ServiceResult<(Option<i64>, Option<i16>)> {
    let unit = match unit.trim() {
        "" => None,
        u => Some(
            u.parse::<i64>()
                .map_err(|_| field_error("unit", "被问责单位", format!("无效的单位“{u}”")))?,
        ),
    };
    let year = match year.trim() {
        "" => None,
        y => Some(
            y.parse::<i16>()
                .map_err(|_| field_error("year", "年度", "应为2000至2100之间的年份"))?,
        ),
    };
    Ok((unit, year))
}

/// Count `actions` per unit and type.
pub fn tally(actions: &[AccountabilityRecord]) -> Vec<UnitTally> {
    let mut out: Vec<UnitTally> = Vec::new();
    for a in actions {
        let i = match out.iter().position(|t| t.unit_id == a.action.unit_id) {
            Some(i) => i,
            None => {
                out.push(UnitTally {
                    unit_id: a.action.unit_id,
                    unit_name: a.unit_name.clone(),
                    unit_kind: a.unit_kind.clone(),
                    total: 0,
                    by_kind: vec![0; AccountabilityKind::ALL.len()],
                });
                out.len() - 1
            }
        };
        out[i].total += 1;
        if let Some(k) = AccountabilityKind::ALL
            .iter()
            .position(|k| *k == a.action.kind)
        {
            out[i].by_kind[k] += 1;
        }
    }
    out.sort_by(|a, b| {
        (a.unit_kind != "township", -a.total, &a.unit_name).cmp(&(
            b.unit_kind != "township",
            -b.total,
            &b.unit_name,
        ))
    });
    out
}

/// The actions the viewer may read, optionally of one unit and one year.
pub async fn accountability_list(
    state: &AppState,
    actor: &Actor,
    unit: Option<i64>,
    year: Option<i16>,
) -> ServiceResult<AccountabilityList> {
    let unit_id = reach(actor, unit)?;
    if let Some(y) = year
        && !(2000..=2100).contains(&y)
    {
        return Err(field_error("year", "年度", "应为2000至2100之间的年份"));
    }
    let actions = state
        .store
        .accountability_actions(AccountabilityFilter {
            unit_id,
            year,
            ..AccountabilityFilter::default()
        })
        .await?;
    let may_record = may(actor, Permission::RecordAccountability, &Place::Somewhere);
    let awaiting = if may_record {
        state.store.escalated_without_accountability().await?
    } else {
        Vec::new()
    };
    let units = if may_record {
        state
            .store
            .list_orgs()
            .await?
            .into_iter()
            .filter(|o| {
                matches!(
                    o.kind,
                    OrgKind::Township | OrgKind::Department | OrgKind::Bureau
                )
            })
            .map(|o| (o.id, o.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(AccountabilityList {
        awaiting,
        units,
        year,
        by_unit: tally(&actions),
        actions,
        own_only: only_own_org(actor, Permission::ReadAccountability).is_some(),
        may_record,
    })
}

/// The actions linked to `case` (which the viewer already reads) that the
/// viewer may read: all for the district and 督查, the unit's own for a
/// unit, none for others.
pub async fn for_case(
    state: &AppState,
    actor: &Actor,
    case: &Case,
) -> ServiceResult<Vec<AccountabilityRecord>> {
    if !may(actor, Permission::ReadAccountability, &Place::Somewhere) {
        return Ok(Vec::new());
    }
    Ok(state
        .store
        .accountability_actions(AccountabilityFilter {
            case_id: Some(case.id),
            ..AccountabilityFilter::default()
        })
        .await?
        .into_iter()
        .filter(|a| {
            may(
                actor,
                Permission::ReadAccountability,
                &Place::Org(a.action.unit_id),
            )
        })
        .collect())
}

/// 问责 this year for the 工作台: the actions the viewer may read, by type
/// (None for a viewer who reads none).
pub async fn this_year(
    state: &AppState,
    actor: &Actor,
) -> ServiceResult<Option<(i16, Vec<(&'static str, i64)>)>> {
    if !may(actor, Permission::ReadAccountability, &Place::Somewhere) {
        return Ok(None);
    }
    let year = xinfang_domain::clock::local_date(state.now()).year();
    let list = accountability_list(state, actor, None, Some(year)).await?;
    let counts = AccountabilityKind::ALL
        .iter()
        .map(|k| {
            let n = list.actions.iter().filter(|a| a.action.kind == *k).count();
            (k.label(), i64::try_from(n).unwrap_or(i64::MAX))
        })
        .collect();
    Ok(Some((year, counts)))
}

/// A unit's tally as JSON.
pub fn tally_json(u: &UnitTally) -> UnitTallyJson {
    UnitTallyJson {
        unit_id: u.unit_id,
        unit: u.unit_name.clone(),
        unit_kind: OrgKind::parse(&u.unit_kind)
            .map_or_else(|| u.unit_kind.clone(), |k| k.label().into()),
        total: u.total,
        by_kind: AccountabilityKind::ALL
            .iter()
            .zip(&u.by_kind)
            .map(|(k, n)| KindCountJson {
                kind: k.label().into(),
                count: *n,
            })
            .collect(),
    }
}

/// The list as `GET /api/v1/accountability` answers it.
pub fn list_json(l: &AccountabilityList) -> AccountabilityListJson {
    AccountabilityListJson {
        year: l.year,
        actions: l.actions.iter().map(AccountabilityJson::from).collect(),
        by_unit: l.by_unit.iter().map(tally_json).collect(),
    }
}
