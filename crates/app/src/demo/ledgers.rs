//! Demo ledgers: screening entries (Annex 1) in a few townships (with the
//! monthly rounds of `screening_rounds.rs`) and the cadre roster (Annex 3) of every township — so each of the four ledgers
//! downloads with rows. (No entry is turned into a case here: the demo's
//! case count is exactly what was asked for.)

use xinfang_domain::access::Actor;

use super::sim::World;
use super::{Ctx, data, internal};
use crate::services::ServiceResult;
use crate::services::ledgers::roster::{RosterInput, save as save_roster};
use crate::services::ledgers::screenings::{ScreeningInput, create};
use crate::state::AppState;

/// (township code, village index, day, kind, name, phone, 脱贫户, problem,
/// category, responsible unit code, 三到位一处理, 是否稳定, remarks)
type Entry = (
    &'static str,
    usize,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [&'static str; 4],
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const ENTRIES: &[Entry] = &[
    ("411003105", 1, "2022-03-05", "集中排查", "王建国", "13812345678", "脱贫户", "反映2021年危房改造补助资金未足额到位，要求核实补发", "危房改造", "411003-D04", ["是", "不涉及", "不涉及", "不涉及"], "是", "已约谈，承诺月底前核实"),
    ("411003106", 1, "2022-04-12", "日常排查", "李秀英", "15937412233", "监测对象", "反映低保被取消后生活困难，情绪激动", "民政救助", "411003-D01", ["否", "不涉及", "是", "不涉及"], "否", "镇村干部每周走访"),
    ("411003100", 0, "2022-05-18", "日常排查", "刘长河", "13603741122", "一般户", "反映小额信贷贴息未到账", "小额信贷", "411003-D08", ["是", "不涉及", "不涉及", "不涉及"], "是", ""),
    ("411003101", 2, "2022-06-20", "集中排查", "赵桂兰", "18703745566", "脱贫户", "反映慢性病门诊报销比例低，药费负担重", "医疗保障", "411003-D02", ["否", "是", "是", "不涉及"], "是", ""),
    ("411003001", 1, "2022-08-03", "日常排查", "孙明", "13503746677", "一般户", "反映公益岗位工资拖欠两个月", "帮扶措施", "411003-D05", ["是", "不涉及", "不涉及", "不涉及"], "是", "已补发"),
    ("411003105", 3, "2022-10-10", "敏感节点排查", "高振山", "13837418899", "脱贫户", "扬言赴京反映产业奖补资金被截留", "资金项目", "411003-D06", ["否", "否", "不涉及", "不涉及"], "否", "党的二十大期间重点关注"),
    ("411003106", 2, "2022-10-11", "敏感节点排查", "霍小军", "15037419900", "监测对象", "反映残疾人两项补贴停发", "残疾人补贴", "411003-D07", ["否", "不涉及", "是", "不涉及"], "是", ""),
    ("411003102", 0, "2022-11-02", "日常排查", "尚美玲", "18637411234", "脱贫户", "反映孩子上学的雨露计划补助未发放", "教育保障", "411003-D03", ["是", "不涉及", "不涉及", "不涉及"], "是", ""),
];

/// 分管领导 of each township in the demo, in code order of the townships.
#[rustfmt::skip]
const LEADERS: &[&str] = &[
    "郑宏伟", "冯雪", "褚志刚", "卫东升", "蒋丽", "沈国庆", "韩立军", "杨春燕", "朱建设",
    "秦海涛", "尤文静", "许志明", "何玉兰", "吕长江", "施红梅", "张德胜", "孔祥瑞", "曹俊",
];

/// An entry's 2022 day moved into the demo's year by whole days.
fn screened_on(day: &str, world: &World) -> ServiceResult<String> {
    let date: jiff::civil::Date = day.parse().map_err(internal)?;
    let shift = jiff::Span::new().days(world.shift_from_2022().as_hours() / 24);
    Ok(date.checked_add(shift).map_err(internal)?.to_string())
}

async fn seed_screenings(
    state: &AppState,
    ctx: &Ctx,
    world: &World,
    district: &Actor,
) -> ServiceResult<()> {
    for (i, e) in ENTRIES.iter().enumerate() {
        let township = ctx.org(e.0)?;
        let village = ctx
            .villages
            .get(&township.id)
            .and_then(|v| v.get(e.1))
            .map(|v| v.id.to_string())
            .unwrap_or_default();
        let input = ScreeningInput {
            screened_at: screened_on(e.2, world)?,
            screening_kind: e.3.into(),
            township_id: township.id.to_string(),
            village_id: village,
            name: e.4.into(),
            phone: e.5.into(),
            poverty_status: e.6.into(),
            problem: e.7.into(),
            category: e.8.into(),
            newly_found: if i % 3 == 2 { "否" } else { "是" }.into(),
            unit_id: ctx.org(e.9)?.id.to_string(),
            tri_reasonable: e.10[0].into(),
            tri_unreasonable: e.10[1].into(),
            tri_hardship: e.10[2].into(),
            tri_unlawful: e.10[3].into(),
            stable: e.11.into(),
            // The 2022 stories' sensitive period, in other years any.
            remarks: if world.live {
                e.12.replace("党的二十大期间", "敏感节点期间")
            } else {
                e.12.into()
            },
            ..ScreeningInput::default()
        };
        create(state, district, &input, state.now()).await?;
    }
    Ok(())
}

async fn seed_roster(state: &AppState, ctx: &Ctx, district: &Actor) -> ServiceResult<()> {
    for (t, leader) in ctx.townships.iter().zip(LEADERS) {
        let officer = data::USERS.iter().find(|u| u.org == t.code);
        let tail = t.code.get(6..9).unwrap_or("000");
        let input = RosterInput {
            org_id: t.id.to_string(),
            leader_name: (*leader).into(),
            leader_title: if t.name.ends_with("街道") {
                "办事处副主任"
            } else {
                "党委副书记"
            }
            .into(),
            leader_office_phone: format!("0374-61{tail}01"),
            leader_mobile: format!("139037{}", t.code.get(4..9).unwrap_or("00000")),
            cadre_name: officer.map(|u| u.name).unwrap_or_default().into(),
            cadre_office_phone: format!("0374-61{tail}02"),
            cadre_mobile: officer.map(|u| u.phone).unwrap_or_default().into(),
        };
        save_roster(state, district, &input, state.now()).await?;
    }
    Ok(())
}

/// Seed both, as the district bureau, the screening entries dated in `world`'s year.
pub(super) async fn seed(state: &AppState, ctx: &Ctx, world: &World) -> ServiceResult<()> {
    let district = ctx
        .actors
        .get("quju")
        .ok_or_else(|| internal("没有区级管理员账号 quju"))?;
    seed_screenings(state, ctx, world, district).await?;
    super::screening_rounds::seed(state, ctx, world, district).await?;
    seed_roster(state, ctx, district).await?;
    resolve_closed_backlog(state, district).await
}

/// 积案销号 of the backlog cases the demo closed, a day after their last
/// change, so the statistics show a 化解率 and the ledger its evidence.
async fn resolve_closed_backlog(state: &AppState, district: &Actor) -> ServiceResult<()> {
    use xinfang_domain::access::CaseScope;
    use xinfang_domain::workflow::CaseStatus;
    use xinfang_store::{CaseFilter, CaseSort};

    let filter = CaseFilter {
        backlog: Some(true),
        status: Some(CaseStatus::Closed),
        ..CaseFilter::default()
    };
    let closed = state
        .store
        .list_cases(&filter, &CaseScope::all(), CaseSort::ReceivedDesc, None, 0)
        .await?;
    for case in closed.items {
        let at = (case.updated_at + jiff::SignedDuration::from_hours(24)).min(state.now());
        let input = xinfang_domain::backlog::ResolveInput {
            at: xinfang_domain::clock::format_local(at),
            evidence: "诉求已按政策落实，信访人签字确认息诉罢访，经区级核查同意销号".into(),
            attachment_id: String::new(),
        };
        crate::services::ledgers::resolve_backlog::resolve_backlog(
            state, district, case.id, &input, at,
        )
        .await?;
    }
    Ok(())
}
