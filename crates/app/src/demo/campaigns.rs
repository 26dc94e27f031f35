//! Demo 排查活动 and 三级研判: a 集中排查 over the whole district and a
//! 敏感节点排查 before 国庆 over some townships, entries graded 一般/较大/重大,
//! villages reporting 已排查无风险 and some not yet screened; each entry at
//! a stage of 三级研判 (awaiting the village, the township, the district, or
//! finished), older ones further along.

use jiff::civil::Date;
use xinfang_domain::assessment::AssessmentInput;
use xinfang_domain::campaign::{CampaignInput, ClearReportInput};
use xinfang_domain::risk_grade::RiskGrade;

use super::sim::{Rng, World};
use super::{Ctx, data, internal, user_at};
use crate::services::ServiceResult;
use crate::services::ledgers::screenings::{ScreeningInput, create};
use crate::services::risk::assessments::assess_screening;
use crate::services::risk::campaigns::{create_campaign, report_clear};
use crate::state::AppState;

/// (grade, weight): most risks are 一般, few 重大.
const GRADES: &[(RiskGrade, u64)] = &[
    (RiskGrade::General, 60),
    (RiskGrade::Significant, 30),
    (RiskGrade::Major, 10),
];

/// The opinion and measures each level writes for a grade.
fn words(grade: RiskGrade) -> (&'static str, &'static str) {
    match grade {
        RiskGrade::General => (
            "诉求基本合理，属政策落实不到位，可在村级化解",
            "包村干部入户解释政策，跟踪落实到位",
        ),
        RiskGrade::Significant => (
            "涉及补助资金发放，群众意见较大，存在重复信访可能",
            "乡镇分管领导包案，一周内书面答复，每周回访一次",
        ),
        RiskGrade::Major => (
            "信访人情绪激烈，扬言赴市进京，存在越级访苗头",
            "区乡村振兴局牵头会商，落实包案领导，敏感节点期间专人稳控",
        ),
    }
}

/// How far 三级研判 got on an entry: 0 none … 3 finished.
fn stage(rng: &mut Rng, older: bool) -> usize {
    let p = rng.range(0, 100);
    let bounds: [i64; 3] = if older { [5, 15, 30] } else { [25, 50, 75] };
    bounds.iter().filter(|b| p >= **b).count()
}

/// Seed both campaigns, their entries and 研判, after the monthly screening.
pub(super) async fn seed(state: &AppState, ctx: &Ctx, world: &World) -> ServiceResult<()> {
    let mut rng = Rng(0x5C8E_E41A_2022_1016);
    let today = xinfang_domain::clock::local_date(state.now());
    let last = xinfang_domain::clock::local_date(world.last_received).min(today);
    let district = ctx.actor("quju")?;
    // 集中排查: the whole district, the month five months before the last day.
    let end = last
        .checked_sub(jiff::Span::new().months(5))
        .map_err(internal)?;
    let start = end.first_of_month();
    let end = start.last_of_month();
    let sweep = CampaignInput {
        name: format!("{}年{}月涉贫信访矛盾集中排查", start.year(), start.month()),
        kind: "集中排查".into(),
        starts_on: start.to_string(),
        ends_on: end.to_string(),
        categories: vec!["危房改造、小额信贷、民政救助、医疗保障".into()],
        remarks: "横到边、纵到底拉网式排查，各村无风险的也要报告".into(),
        ..CampaignInput::default()
    };
    let sweep = create_campaign(state, district, &sweep).await?;
    // 敏感节点排查: the fortnight before the latest 国庆 on or before the last day.
    let mut year = last.year();
    if Date::new(year, 9, 30).map_err(internal)? > last {
        year -= 1;
    }
    let (s_start, s_end) = (
        Date::new(year, 9, 16).map_err(internal)?,
        Date::new(year, 9, 30).map_err(internal)?,
    );
    let chosen: Vec<String> = ctx
        .townships
        .iter()
        .step_by(2)
        .map(|t| t.id.to_string())
        .collect();
    let sensitive = CampaignInput {
        name: format!("{year}年国庆节前敏感节点排查"),
        kind: "敏感节点排查".into(),
        starts_on: s_start.to_string(),
        ends_on: s_end.to_string(),
        townships: chosen,
        remarks: "重点排查越级访苗头重点人员".into(),
        ..CampaignInput::default()
    };
    let sensitive = create_campaign(state, district, &sensitive).await?;
    for (c, older, screened_share) in [(&sweep, true, 85), (&sensitive, false, 70)] {
        let span = (c.campaign.ends_on - c.campaign.starts_on)
            .get_days()
            .max(1);
        for t in ctx
            .townships
            .iter()
            .filter(|t| c.campaign.township_ids.contains(&t.id))
        {
            let officer = ctx.actor(user_at(&t.code))?;
            for v in ctx.villages.get(&t.id).into_iter().flatten() {
                if !rng.percent(screened_share) {
                    continue; // 未排查
                }
                let day = c
                    .campaign
                    .starts_on
                    .checked_add(jiff::Span::new().days(rng.range(0, i64::from(span))))
                    .map_err(internal)?;
                if rng.percent(40) {
                    let report = ClearReportInput {
                        village_id: v.id.to_string(),
                        screened_on: day.to_string(),
                        remarks: format!("入户走访{}户，未发现不稳定因素", rng.range(20, 90)),
                    };
                    report_clear(state, officer, c.id, &report).await?;
                    continue;
                }
                for _ in 0..rng.range(1, 3) {
                    let grade = rng.weighted(GRADES);
                    let category = rng.weighted(data::CATEGORIES);
                    let names = if rng.percent(55) {
                        data::MALE_NAMES
                    } else {
                        data::FEMALE_NAMES
                    };
                    let name = format!("{}{}", rng.pick(data::SURNAMES), rng.pick(names));
                    let input = ScreeningInput {
                        campaign_id: c.id.to_string(),
                        risk_grade: grade.label().into(),
                        screened_at: day.to_string(),
                        township_id: t.id.to_string(),
                        village_id: v.id.to_string(),
                        name,
                        poverty_status: rng.weighted(data::POVERTY).label().into(),
                        problem: rng.pick(data::summaries(category)).into(),
                        category: category.label().into(),
                        newly_found: if rng.percent(70) { "是" } else { "否" }.into(),
                        unit_text: t.name.clone(),
                        stable: if grade == RiskGrade::Major {
                            "否"
                        } else {
                            "是"
                        }
                        .into(),
                        ..ScreeningInput::default()
                    };
                    let entry = create(state, officer, &input, state.now()).await?;
                    let reached = stage(&mut rng, older);
                    for (i, level) in ["村级", "乡镇级", "区级"].iter().enumerate().take(reached)
                    {
                        // The district may raise or lower; the lower levels mostly agree.
                        let g = if i == 2 && rng.percent(20) {
                            rng.weighted(GRADES)
                        } else {
                            grade
                        };
                        let (opinion, measures) = words(g);
                        let form = AssessmentInput {
                            level: (*level).into(),
                            opinion: opinion.into(),
                            risk_grade: g.label().into(),
                            measures: measures.into(),
                        };
                        let who = if i == 2 { district } else { officer };
                        assess_screening(state, who, entry.id, &form).await?;
                    }
                }
            }
        }
    }
    assess_monthly(state, ctx, district, last).await
}

/// The monthly 日常排查 entries: those screened more than two months before
/// `last` have been through all three levels (most 一般); the newer ones wait.
async fn assess_monthly(
    state: &AppState,
    ctx: &Ctx,
    district: &xinfang_domain::access::Actor,
    last: Date,
) -> ServiceResult<()> {
    let mut rng = Rng(0x0A55_E55E_D202_2101);
    let before = xinfang_domain::clock::start_of_day(
        last.checked_sub(jiff::Span::new().days(60))
            .map_err(internal)?,
    );
    let filter = xinfang_store::ScreeningFilter {
        to: Some(before),
        ..xinfang_store::ScreeningFilter::default()
    };
    let all = xinfang_domain::access::CaseScope::all();
    let old = state.store.list_screenings(&filter, &all, None, 0).await?;
    for s in old.items.iter().filter(|s| s.entry.campaign_id.is_none()) {
        let code = ctx
            .townships
            .iter()
            .find(|t| t.id == s.entry.township_id)
            .map(|t| t.code.clone())
            .unwrap_or_default();
        let officer = ctx.actor(user_at(&code))?;
        let grade = rng.weighted(GRADES);
        for (i, level) in ["村级", "乡镇级", "区级"].iter().enumerate() {
            let (opinion, measures) = words(grade);
            let form = AssessmentInput {
                level: (*level).into(),
                opinion: opinion.into(),
                risk_grade: grade.label().into(),
                measures: measures.into(),
            };
            let who = if i == 2 { district } else { officer };
            assess_screening(state, who, s.id, &form).await?;
        }
    }
    Ok(())
}
