//! 排查 — screening entries (Annex 1): enter, edit, list within the scope,
//! and turn one into a case (转为案件, kind and source 排查发现).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use xinfang_domain::access::Actor;
use xinfang_domain::case::{Case, RegistrationInput, SUMMARY_MAX};
use xinfang_domain::errors::{FieldReader, truthy};
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::vocab::{
    CaseKind, Category, Channel, PovertyStatus, SourceLevel, TriAnswer, TriRecord,
};
use xinfang_forms::ledger::ScreeningKind;
use xinfang_store::{NewScreening, Page, ScreeningFilter, ScreeningRecord};

use crate::services::ledgers::rows::{date_of, end_of, screening_fingerprint, start_of};
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// A screening entry as typed in a form or JSON: every field text, so that
/// each bad one can be named.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ScreeningInput {
    /// 排查时间 (YYYY-MM-DD).
    pub screened_at: String,
    /// 排查方式: 集中排查 / 日常排查 / 敏感节点排查 (label or key).
    pub screening_kind: String,
    /// 乡镇 (organisation id).
    pub township_id: String,
    /// 村/社区 (organisation id), optional.
    pub village_id: String,
    /// 信访人姓名
    pub name: String,
    /// 身份证号, optional.
    pub id_number: String,
    /// 联系方式
    pub phone: String,
    /// 是否脱贫户（监测对象）, optional.
    pub poverty_status: String,
    /// 反映问题
    pub problem: String,
    /// 问题类别
    pub category: String,
    /// 是否为新排查出的不稳定因素: 是/否/blank.
    pub newly_found: String,
    /// 责任单位 (organisation id), optional.
    pub unit_id: String,
    /// 责任单位 as text when it is not an organisation of the tree.
    pub unit_text: String,
    /// 诉求合理的是否解决到位
    pub tri_reasonable: String,
    /// 诉求无理的是否思想引导到位
    pub tri_unreasonable: String,
    /// 生活困难的是否帮扶救助到位
    pub tri_hardship: String,
    /// 行为违法的是否依法处理
    pub tri_unlawful: String,
    /// 是否稳定: 是/否/blank.
    pub stable: String,
    /// 备注
    pub remarks: String,
    /// The version the form was built from.
    pub version: String,
}

fn yes_no_text(v: Option<bool>) -> String {
    match v {
        Some(true) => "是".into(),
        Some(false) => "否".into(),
        None => String::new(),
    }
}

impl ScreeningInput {
    /// The form of a stored entry.
    pub fn from_record(s: &ScreeningRecord) -> ScreeningInput {
        let e = &s.entry;
        ScreeningInput {
            screened_at: date_of(e.screened_at).to_string(),
            screening_kind: e.screening_kind.clone().unwrap_or_default(),
            township_id: e.township_id.to_string(),
            village_id: e.village_id.map(|v| v.to_string()).unwrap_or_default(),
            name: e.name.clone(),
            // Masked: the edit form does not reveal them; sent back
            // unchanged, they keep the stored values (see `update`).
            id_number: e
                .id_number
                .as_ref()
                .map(ResidentId::masked)
                .unwrap_or_default(),
            phone: e
                .phone
                .as_ref()
                .map(PhoneNumber::masked)
                .unwrap_or_default(),
            poverty_status: e
                .poverty
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            problem: e.problem.clone(),
            category: e.category.as_str().into(),
            newly_found: yes_no_text(e.newly_found),
            unit_id: e.unit_id.map(|v| v.to_string()).unwrap_or_default(),
            unit_text: if e.unit_id.is_some() {
                String::new()
            } else {
                e.unit_text.clone()
            },
            tri_reasonable: e.tri.reasonable_resolved.as_str().into(),
            tri_unreasonable: e.tri.unreasonable_guided.as_str().into(),
            tri_hardship: e.tri.hardship_helped.as_str().into(),
            tri_unlawful: e.tri.unlawful_handled.as_str().into(),
            stable: yes_no_text(e.stable),
            remarks: e.remarks.clone(),
            version: s.version.to_string(),
        }
    }
}

fn yes_no(r: &mut FieldReader, field: &str, label: &str, v: &str) -> Option<bool> {
    match v.trim() {
        "" => None,
        "否" | "no" | "false" | "0" | "×" => Some(false),
        s if truthy(s) => Some(true),
        s => {
            r.errors
                .add(field, label, format!("应为“是”或“否”，而不是“{s}”"));
            None
        }
    }
}

fn tri(r: &mut FieldReader, field: &str, label: &str, v: &str) -> TriAnswer {
    if v.trim().is_empty() {
        return TriAnswer::NotApplicable;
    }
    r.choice(field, label, v, TriAnswer::parse)
        .unwrap_or(TriAnswer::NotApplicable)
}

/// Check every field and the organisations; every problem names its field.
async fn parse(state: &AppState, actor: &Actor, i: &ScreeningInput) -> ServiceResult<NewScreening> {
    let mut r = FieldReader::default();
    let day = i.screened_at.trim().replace(['/', '.'], "-");
    let screened_on = if day.is_empty() {
        r.errors.add("screened_at", "排查时间", "不能为空");
        None
    } else {
        let d = jiff::civil::Date::strptime("%Y-%m-%d", day.get(..10).unwrap_or(&day)).ok();
        if d.is_none() {
            r.errors.add(
                "screened_at",
                "排查时间",
                format!("日期格式不正确“{}”，应如 2022-03-05", i.screened_at.trim()),
            );
        }
        d
    };
    let kind = r.optional_choice(
        "screening_kind",
        "排查方式",
        &i.screening_kind,
        ScreeningKind::parse,
    );
    let township_id = r.id("township_id", "乡镇", &i.township_id);
    let village_id = r.optional_id("village_id", "村/社区", &i.village_id);
    let name = r.required("name", "信访人姓名", &i.name, 30);
    let id_number = match i.id_number.trim() {
        "" => None,
        s => ResidentId::parse(s)
            .map_err(|e| r.errors.add("id_number", "身份证号", e.to_string()))
            .ok(),
    };
    let phone = match i.phone.trim() {
        "" => None,
        s => PhoneNumber::parse(s)
            .map_err(|e| r.errors.add("phone", "联系方式", e.to_string()))
            .ok(),
    };
    let poverty = r.optional_choice(
        "poverty_status",
        "是否脱贫户（监测对象）",
        &i.poverty_status,
        PovertyStatus::parse,
    );
    let problem = r.required("problem", "反映问题", &i.problem, SUMMARY_MAX);
    let category = r.choice("category", "问题类别", &i.category, Category::parse);
    let newly_found = yes_no(
        &mut r,
        "newly_found",
        "是否为新排查出的不稳定因素",
        &i.newly_found,
    );
    let unit_id = r.optional_id("unit_id", "责任单位", &i.unit_id);
    let unit_text = r
        .optional("unit_text", "责任单位", &i.unit_text, 100)
        .unwrap_or_default();
    let q = TriRecord::QUESTIONS;
    let tri = TriRecord {
        reasonable_resolved: tri(&mut r, "tri_reasonable", q[0], &i.tri_reasonable),
        unreasonable_guided: tri(&mut r, "tri_unreasonable", q[1], &i.tri_unreasonable),
        hardship_helped: tri(&mut r, "tri_hardship", q[2], &i.tri_hardship),
        unlawful_handled: tri(&mut r, "tri_unlawful", q[3], &i.tri_unlawful),
    };
    let stable = yes_no(&mut r, "stable", "是否稳定", &i.stable);
    let remarks = r
        .optional("remarks", "备注", &i.remarks, 1000)
        .unwrap_or_default();

    let orgs = state.store.list_orgs().await?;
    let township = township_id.and_then(|id| {
        orgs.iter()
            .find(|o| o.id == id && o.kind == OrgKind::Township)
    });
    if township_id.is_some() && township.is_none() {
        r.errors.add("township_id", "乡镇", "没有这个乡镇");
    }
    if let Some(t) = township
        && !actor.may(Permission::EditScreening, &Place::Org(t.id))
    {
        r.errors
            .add("township_id", "乡镇", "乡镇专干只能录入本乡镇的排查记录");
    }
    if let (Some(vid), Some(t)) = (village_id, township)
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
    let unit = unit_id.and_then(|id| {
        orgs.iter().find(|o| {
            o.id == id
                && matches!(
                    o.kind,
                    OrgKind::Township | OrgKind::Department | OrgKind::Bureau
                )
        })
    });
    if unit_id.is_some() && unit.is_none() {
        r.errors.add("unit_id", "责任单位", "没有这个单位");
    }
    match (screened_on, township, category) {
        (Some(day), Some(t), Some(category)) if r.errors.is_empty() => Ok(NewScreening {
            township_id: t.id,
            village_id,
            screened_at: start_of(day),
            screening_kind: kind.map(|k| k.as_str().to_string()),
            fingerprint: screening_fingerprint(day, &name, &problem, &t.name),
            name,
            id_number,
            phone,
            poverty,
            problem,
            category,
            newly_found,
            unit_id: unit.map(|u| u.id),
            unit_text: unit.map_or(unit_text, |u| u.name.clone()),
            tri,
            stable,
            remarks,
        }),
        _ => Err(ServiceError::Invalid(r.errors)),
    }
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
    let mut filter = ScreeningFilter {
        from: from.map(start_of),
        to: to.map(end_of),
        ..ScreeningFilter::default()
    };
    let township = input.township.trim();
    if !township.is_empty() {
        let orgs = state.store.list_orgs().await?;
        match orgs.iter().find(|o| {
            o.kind == OrgKind::Township
                && (o.id.to_string() == township
                    || o.name == township
                    || xinfang_domain::jianan::find_township(township)
                        .is_some_and(|s| s.code == o.code))
        }) {
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
    if let Some(number) = &s.case_number {
        return Err(ServiceError::NotNow(format!(
            "该排查记录已转为案件{number}"
        )));
    }
    let e = &s.entry;
    let mut remarks = format!("由排查记录转入（排查时间{}", date_of(e.screened_at));
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
