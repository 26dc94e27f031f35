//! Demo 重点人员 and 敏感节点: the repeat petitioners entered in the
//! register (two left as the system's proposals), a dozen more people known
//! from past 越级访 or stated intentions, each with a 包保责任人 and a contact
//! log (some contacts overdue); and the 零报告 of the sensitive periods
//! inside the demo's months (国庆; 党的二十大 in 2022), some townships late
//! or missing.

use jiff::Timestamp;
use jiff::civil::Date;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::clock::{from_local, local_date};
use xinfang_domain::key_person::{ContactMethod, KeyPerson, KeyPersonContact, KeyPersonInput};
use xinfang_domain::sensitive_period::{ZeroReport, ZeroReportOutcome};

use super::sim::World;
use super::{Ctx, internal, user_at};
use crate::services::ServiceResult;
use crate::state::AppState;

/// People known to the townships without (many) cases in the demo's months:
/// (姓名, 乡镇 code, 越级去向 history, 表示欲越级上访, 意图, 备注).
const KNOWN: &[(&str, &str, &str, bool, &str, &str)] = &[
    (
        "韩德胜",
        "411003105",
        "2019-03-06 进京\n2021-09-28 赴省",
        true,
        "称两会期间要再去北京反映危房改造补助",
        "多年来反复上访，情绪易激动",
    ),
    (
        "冯淑珍",
        "411003106",
        "2021-04-12 赴省",
        true,
        "称若低保不恢复将去省里",
        "低保停发后多次到乡政府",
    ),
    (
        "高建军",
        "411003200",
        "2020-10-09 赴市\n2021-10-11 赴市",
        false,
        "",
        "对扶贫项目分红有意见",
    ),
    (
        "宋玉兰",
        "411003102",
        "2021-07-19 赴市",
        true,
        "表示要去市信访局",
        "医疗报销问题",
    ),
    (
        "黄春生",
        "411003103",
        "",
        true,
        "扬言国庆期间去北京",
        "小额信贷逾期纠纷",
    ),
    (
        "郭长林",
        "411003104",
        "2018-05-21 进京",
        false,
        "",
        "曾进京，近年较稳定",
    ),
    (
        "曹桂芝",
        "411003203",
        "2021-12-02 赴省",
        false,
        "",
        "残疾人补贴问题，已部分解决",
    ),
    (
        "许国强",
        "411003001",
        "",
        false,
        "",
        "易地搬迁安置房质量问题，有串联苗头",
    ),
    (
        "潘凤琴",
        "411003204",
        "2020-06-30 赴市",
        false,
        "",
        "危房改造验收争议",
    ),
    (
        "蒋文斌",
        "411003101",
        "",
        true,
        "称要到省里讨说法",
        "资金项目公示有异议",
    ),
    (
        "程小梅",
        "411003205",
        "",
        false,
        "",
        "教育资助未到位，已落实包保",
    ),
    (
        "邓福来",
        "411003206",
        "2021-03-15 赴市",
        false,
        "",
        "防返贫监测识别争议",
    ),
];

/// Contact contents, in turn.
const CONTACTS: &[(&str, &str)] = &[
    (
        "了解近期生活和诉求办理进展，宣讲政策",
        "情绪稳定，表示等待答复",
    ),
    (
        "上门走访，核实家庭收入和帮扶措施落实情况",
        "情绪平稳，无越级意图",
    ),
    ("电话询问身体和家庭情况，提醒依法逐级反映", "态度配合"),
    (
        "敏感节点前走访，做好思想疏导",
        "表示不外出，承诺有问题找乡里",
    ),
];

/// The day that bounds the demo's records: the last case's, or today.
fn last_day(state: &AppState, world: &World) -> Date {
    let today = local_date(state.now());
    let last = local_date(world.last_received);
    if world.live { today } else { last.min(today) }
}

fn at(d: Date, hour: i8) -> Timestamp {
    from_local(d.at(hour, 0, 0, 0))
}

fn days_before(d: Date, n: i64) -> Date {
    d.checked_sub(jiff::Span::new().days(n)).unwrap_or(d)
}

/// The township officer of a township (or the district's account).
fn officer<'a>(ctx: &'a Ctx, code: &str) -> ServiceResult<&'a Actor> {
    ctx.actor(user_at(code))
}

/// Seed the register, the contacts and the 零报告.
pub(super) async fn seed(state: &AppState, ctx: &Ctx, world: &World) -> ServiceResult<()> {
    let end = last_day(state, world);
    let start = local_date(world.start);
    let quju = ctx.actor("quju")?;
    let mut people: Vec<(i64, String, u32)> = Vec::new();
    // The repeat petitioners: all entered but two, left as proposals.
    let repeats = state.store.key_person_proposals(2, start).await?;
    let keep_as_proposals: Vec<i64> = repeats
        .iter()
        .filter(|p| p.petitions >= 3)
        .take(2)
        .map(|p| p.petitioner_id)
        .collect();
    for (i, r) in repeats.iter().enumerate() {
        if keep_as_proposals.contains(&r.petitioner_id) {
            continue;
        }
        let pe = state
            .store
            .petitioner(r.petitioner_id, &CaseScope::all())
            .await?;
        let township = ctx
            .townships
            .iter()
            .find(|t| t.id == r.township_id)
            .ok_or_else(|| internal("乡镇"))?;
        let who = officer(ctx, &township.code)?;
        let p = KeyPerson {
            name: pe.name,
            id_number: pe.id_number,
            phone: pe.phone,
            township_id: r.township_id,
            village_id: None,
            escalations: Vec::new(),
            intends_to_escalate: i % 4 == 1,
            intention: (i % 4 == 1).then(|| "称问题再不解决就去市里".to_string()),
            notes: format!("重复信访{}次（{}）", r.petitions, r.case_numbers.join("、")),
            guardian_user_id: Some(who.user_id),
            guardian_name: None,
            contact_every_days: None,
            case_numbers: Vec::new(),
            screening_ids: Vec::new(),
        };
        let registered = local_date(r.latest_at);
        let id = state
            .store
            .create_key_person(&p, &[], "登记", who, at(registered.min(end), 16))
            .await?;
        people.push((id, township.code.clone(), 30));
    }
    // The people known from before.
    for (i, (name, code, esc, intends, intention, notes)) in KNOWN.iter().enumerate() {
        let t = ctx.org(code)?;
        let who = officer(ctx, code)?;
        let every = if *intends { "15" } else { "" };
        let input = KeyPersonInput {
            name: (*name).into(),
            township_id: t.id.to_string(),
            escalations: (*esc).into(),
            intends_to_escalate: if *intends { "是" } else { "否" }.into(),
            intention: (*intention).into(),
            notes: (*notes).into(),
            guardian_name: if i % 3 == 2 {
                format!("{}包村干部", &t.name)
            } else {
                String::new()
            },
            guardian_user_id: if i % 3 == 2 {
                String::new()
            } else {
                who.user_id.to_string()
            },
            contact_every_days: every.into(),
            ..KeyPersonInput::default()
        };
        let p = input.parse(end, None).map_err(internal)?;
        let registered = days_before(start, 20);
        let id = state
            .store
            .create_key_person(&p, &[], "登记", quju, at(registered, 10))
            .await?;
        people.push((id, (*code).to_string(), if *intends { 15 } else { 30 }));
    }
    // Contacts: the last one a varying time ago, so some are overdue.
    for (i, (id, code, every)) in people.iter().enumerate() {
        let who = officer(ctx, code)?;
        let last_gap = [3, 9, 18, 26, 34, 41, 12, 52][i % 8];
        let mut day = days_before(end, last_gap);
        for k in 0..3 {
            if day < start {
                break;
            }
            let (content, result) = CONTACTS[(i + k) % CONTACTS.len()];
            let c = KeyPersonContact {
                date: day,
                method: ContactMethod::ALL[(i + k) % ContactMethod::ALL.len()],
                contacted_by: who.display_name.clone(),
                content: content.into(),
                result: result.into(),
            };
            state
                .store
                .record_contact(*id, &c, who, at(day, 17))
                .await?;
            day = days_before(day, i64::from(*every));
        }
    }
    seed_zero_reports(state, ctx, world, end).await?;
    assess(state, ctx).await
}

/// 三级研判 of the highest-risk persons at every stage: a third finished by
/// the district, a third awaiting it, a third awaiting the township.
async fn assess(state: &AppState, ctx: &Ctx) -> ServiceResult<()> {
    use crate::services::persons::assessments::assess_person;
    use xinfang_domain::assessment::AssessmentInput;
    let persons = state.store.key_persons_by_risk(None, state.now()).await?;
    for (i, p) in persons.iter().take(9).enumerate() {
        let t = &p.record.person;
        let Some(township) = ctx.townships.iter().find(|o| o.id == t.township_id) else {
            continue;
        };
        let grade = p.score.level.label();
        let steps: &[(&str, &str)] = match i % 3 {
            0 => &[
                ("村级", "村里掌握其近期动向"),
                ("乡镇级", "镇里落实包保稳控"),
                ("区级", "区里协调行业部门化解"),
            ],
            1 => &[
                ("村级", "村里掌握其近期动向"),
                ("乡镇级", "镇里落实包保稳控"),
            ],
            _ => &[("村级", "村里掌握其近期动向")],
        };
        for (level, opinion) in steps {
            let who = if *level == "区级" {
                ctx.actor("quju")?
            } else {
                officer(ctx, &township.code)?
            };
            let input = AssessmentInput {
                level: (*level).into(),
                opinion: format!("{opinion}，{}", p.score.explained()),
                risk_grade: grade.into(),
                measures: "包保责任人定期联系，及时掌握思想动态".into(),
            };
            assess_person(state, who, p.record.id, &input)
                .await
                .map_err(|e| internal(format!("{} 研判失败：{e}", t.name)))?;
        }
    }
    Ok(())
}

/// The 零报告 of each period inside the demo's months that has begun:
/// most townships on the day, every fifth late, every seventh missing
/// (and today's, in a period on now, left to those not yet reported).
async fn seed_zero_reports(
    state: &AppState,
    ctx: &Ctx,
    world: &World,
    end: Date,
) -> ServiceResult<()> {
    let start = local_date(world.start);
    let periods = state.store.sensitive_periods().await?;
    let wanted: Vec<_> = periods
        .iter()
        .filter(|p| p.period.starts_on >= start && p.period.starts_on <= end)
        .filter(|p| ["国庆", "中秋国庆", "党的二十大"].contains(&p.period.name.as_str()))
        .collect();
    for p in wanted {
        for (d, day) in p
            .period
            .days()
            .into_iter()
            .filter(|d| *d <= end)
            .enumerate()
        {
            for (i, t) in ctx.townships.iter().enumerate() {
                let n = i + d * 3;
                if n % 7 == 6 || (day == end && i % 2 == 0) {
                    continue;
                }
                let when = if n % 5 == 4 && day < end {
                    at(day.tomorrow().unwrap_or(day), 9)
                } else {
                    at(day, 16)
                };
                let issues = n % 11 == 3;
                let r = ZeroReport {
                    date: day,
                    township_id: Some(t.id),
                    outcome: if issues {
                        ZeroReportOutcome::Issues
                    } else {
                        ZeroReportOutcome::Nothing
                    },
                    issues: issues.then(|| {
                        "个别群众到乡政府反映补助发放问题，已当面解释、劝返，情绪稳定".to_string()
                    }),
                };
                let who = officer(ctx, &t.code)?;
                state
                    .store
                    .submit_zero_report(p.id, t.id, &r, who, when)
                    .await?;
            }
        }
    }
    Ok(())
}
