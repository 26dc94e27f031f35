//! 排查 — screening entries (Annex 1): enter, edit, list within the scope,
//! and turn one into a case (转为案件, kind and source 排查发现).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use xinfang_domain::access::Actor;
use xinfang_domain::case::{Case, RegistrationInput};
use xinfang_domain::errors::FieldReader;
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};
pub use xinfang_domain::screening::{ScreeningEntry, ScreeningInput, ScreeningRecord};
use xinfang_domain::screening::{ScreeningKind, yes_no};
use xinfang_domain::vocab::{CaseKind, Channel, PovertyStatus, SourceLevel};
use xinfang_store::{Page, ScreeningFilter};

use crate::services::ledgers::rows::screening_fingerprint;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;
use xinfang_domain::clock::{end_of_day, local_date, start_of_day};

/// Parse the form, then check its organisations: the township (and the
/// actor's right to enter for it), the village under it, the 责任单位. All
/// problems of the second stage are reported together.
async fn parse(
    state: &AppState,
    actor: &Actor,
    i: &ScreeningInput,
) -> ServiceResult<ScreeningEntry> {
    let mut new = i.parse()?;
    let mut r = FieldReader::default();
    let orgs = state.store.list_orgs().await?;
    let township = orgs
        .iter()
        .find(|o| o.id == new.township_id && o.kind == OrgKind::Township);
    match township {
        None => r.errors.add("township_id", "乡镇", "没有这个乡镇"),
        Some(t) if !actor.may(Permission::EditScreening, &Place::Org(t.id)) => {
            r.errors
                .add("township_id", "乡镇", "乡镇专干只能录入本乡镇的排查记录")
        }
        Some(_) => {}
    }
    if let (Some(vid), Some(t)) = (new.village_id, township)
        && !orgs
            .iter()
            .any(|o| o.id == vid && o.kind == OrgKind::Village && o.parent_id == Some(t.id))
    {
        r.errors.add(
            "village_id",
            "村/社区",
            format!("所选村/社区不属于{}", t.name),
        );
    }
    let unit = new.unit_id.and_then(|id| {
        orgs.iter().find(|o| {
            o.id == id
                && matches!(
                    o.kind,
                    OrgKind::Township | OrgKind::Department | OrgKind::Bureau
                )
        })
    });
    if new.unit_id.is_some() && unit.is_none() {
        r.errors.add("unit_id", "责任单位", "没有这个单位");
    }
    crate::services::risk::campaigns::check_entry(state, actor, &mut r, &mut new).await?;
    let Some(t) = township.filter(|_| r.errors.is_empty()) else {
        return Err(ServiceError::Invalid(r.errors));
    };
    if let Some(u) = unit {
        new.unit_text = u.name.clone();
    }
    new.fingerprint = screening_fingerprint(
        local_date(new.screened_at),
        &new.name,
        &new.problem,
        &t.name,
    );
    Ok(new)
}

/// Enter a new screening entry.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: &ScreeningInput,
    now: Timestamp,
) -> ServiceResult<ScreeningRecord> {
    check(actor, Permission::EditScreening, &Place::Somewhere)?;
    let new = parse(state, actor, input).await?;
    Ok(state.store.create_screening(&new, actor, now).await?)
}

/// One entry the actor may see.
pub async fn get(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<ScreeningRecord> {
    Ok(state.store.screening(id, &actor.case_scope()).await?)
}

/// Change an entry of the actor's township (any, for the district).
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &ScreeningInput,
    now: Timestamp,
) -> ServiceResult<ScreeningRecord> {
    let before = get(state, actor, id).await?;
    check(
        actor,
        Permission::EditScreening,
        &Place::Org(before.entry.township_id),
    )?;
    // A masked ID number or phone sent back as shown means "unchanged".
    let mut input = input.clone();
    let kept_id = before
        .entry
        .id_number
        .as_ref()
        .filter(|x| input.id_number.trim() == x.masked());
    if let Some(x) = kept_id {
        input.id_number = x.as_str().to_string();
    }
    let kept_phone = before
        .entry
        .phone
        .as_ref()
        .filter(|x| input.phone.trim() == x.masked());
    if let Some(x) = kept_phone {
        input.phone = x.to_string();
    }
    let new = parse(state, actor, &input).await?;
    // The district's 研判 grade is final (三级研判).
    if before.grade_final && new.risk_grade != before.entry.risk_grade {
        let grade = before.entry.risk_grade.map(|g| g.label()).unwrap_or("");
        return Err(crate::services::field_error(
            "risk_grade",
            "风险等级",
            format!("区级研判已定为“{grade}”，风险等级不能修改"),
        ));
    }
    let version = input.version.trim().parse().ok();
    Ok(state
        .store
        .update_screening(&before, &new, version, actor, now)
        .await?)
}

/// List filters as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreeningFilterInput {
    /// 乡镇: id or name.
    pub township: String,
    /// 排查时间 from (YYYY-MM-DD).
    pub from: String,
    /// 排查时间 to, inclusive.
    pub to: String,
    /// 排查方式: key or label (集中排查, 日常排查, 敏感节点排查).
    pub screening_kind: String,
    /// 是否稳定: 是 or 否.
    pub stable: String,
    /// 是否新排查: 是 or 否.
    pub newly_found: String,
    /// 排查活动 (id): only the entries reported under it.
    pub campaign: String,
}

/// The entries the actor may see, newest first.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    input: &ScreeningFilterInput,
    limit: Option<i64>,
    offset: i64,
) -> ServiceResult<Page<ScreeningRecord>> {
    let mut r = FieldReader::default();
    let mut day = |field: &str, label: &str, v: &str| match v.trim() {
        "" => None,
        s => jiff::civil::Date::strptime("%Y-%m-%d", s)
            .map_err(|_| {
                r.errors.add(
                    field,
                    label,
                    format!("日期格式不正确“{s}”，应如 2022-03-01"),
                )
            })
            .ok(),
    };
    let from = day("from", "起始日期", &input.from);
    let to = day("to", "截止日期", &input.to);
    let screening_kind = r
        .optional_choice(
            "screening_kind",
            "排查方式",
            &input.screening_kind,
            ScreeningKind::parse,
        )
        .map(|k| k.as_str().to_string());
    let stable = yes_no(&mut r, "stable", "是否稳定", &input.stable);
    let newly_found = yes_no(&mut r, "newly_found", "是否新排查", &input.newly_found);
    let campaign_id = r.optional_id("campaign", "排查活动", &input.campaign);
    let mut filter = ScreeningFilter {
        campaign_id,
        from: from.map(start_of_day),
        to: to.map(end_of_day),
        screening_kind,
        stable,
        newly_found,
        ..ScreeningFilter::default()
    };
    let township = input.township.trim();
    if !township.is_empty() {
        let orgs = state.store.list_orgs().await?;
        match orgs
            .iter()
            .find(|o| o.kind == OrgKind::Township && o.id.to_string() == township)
            .or_else(|| xinfang_domain::org::find_township(&orgs, township))
        {
            Some(o) => filter.township_id = Some(o.id),
            None => r
                .errors
                .add("township", "乡镇", format!("没有名为“{township}”的乡镇")),
        }
    }
    if !r.errors.is_empty() {
        return Err(ServiceError::Invalid(r.errors));
    }
    Ok(state
        .store
        .list_screenings(&filter, &actor.case_scope(), limit, offset)
        .await?)
}

/// 转为案件 — register a case (排查发现) from an entry and link them. A
/// suspected repeat petition asks first, as registration does; `repeat_decision`
/// answers (`confirm` or `override`).
pub async fn to_case(
    state: &AppState,
    actor: &Actor,
    id: i64,
    repeat_decision: &str,
    now: Timestamp,
) -> ServiceResult<Case> {
    let s = get(state, actor, id).await?;
    // Who may before whether it can: registering in the entry's township.
    check(
        actor,
        Permission::RegisterCase,
        &Place::Org(s.entry.township_id),
    )?;
    if let Some(number) = &s.case_number {
        return Err(ServiceError::NotNow(format!(
            "该排查记录已转为案件{number}"
        )));
    }
    let e = &s.entry;
    let mut remarks = format!("由排查记录转入（排查时间{}", local_date(e.screened_at));
    if !s.unit_display().is_empty() {
        remarks.push_str(&format!("，责任单位{}", s.unit_display()));
    }
    remarks.push('）');
    let input = RegistrationInput {
        kind: CaseKind::Screening.as_str().into(),
        channel: Channel::Other.as_str().into(),
        source_level: SourceLevel::Screening.as_str().into(),
        received_at: xinfang_domain::clock::format_local(now),
        township_id: e.township_id.to_string(),
        village_id: e.village_id.map(|v| v.to_string()).unwrap_or_default(),
        summary: e.problem.clone(),
        category: e.category.as_str().into(),
        petitioner_name: e.name.clone(),
        petitioner_id_number: e
            .id_number
            .as_ref()
            .map(|i| i.as_str().to_string())
            .unwrap_or_default(),
        petitioner_phone: e
            .phone
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        poverty_status: e.poverty.unwrap_or(PovertyStatus::General).as_str().into(),
        remarks,
        repeat_decision: repeat_decision.trim().to_string(),
        ..RegistrationInput::default()
    };
    let case =
        crate::services::cases::register_case::register_case(state, actor, &input, now).await?;
    state
        .store
        .link_screening_case(s.id, case.id, actor, now)
        .await?;
    Ok(case)
}
