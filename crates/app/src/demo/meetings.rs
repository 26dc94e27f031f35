//! Demo 隐患分析排查会议: the last three months' meetings of the townships —
//! nearly all held in the months gone by, some not yet this month — each
//! with measures, the older ones mostly carried out (one late), a few left
//! overdue.

use jiff::ToSpan;
use jiff::civil::Date;
use xinfang_domain::clock::{local_date, start_of_day};
use xinfang_domain::meeting::{MeasureDoneInput, MeasureInput, MeetingInput, Month};

use super::{Ctx, internal, user_at};
use crate::services::ServiceResult;
use crate::services::meetings::record::{complete_measure, record_meeting};
use crate::state::AppState;

/// What a township's meeting decides, by turn.
const MEASURES: [(&str, &str); 4] = [
    (
        "对排查出的补助资金未到位问题入户解释政策，协调行业部门核实发放",
        "分管副镇长",
    ),
    (
        "对近期多次来访的信访人落实包保责任人，每周联系一次",
        "包村干部",
    ),
    (
        "对危房改造验收争议组织村民代表现场查看，公示验收结果",
        "村党支部书记",
    ),
    ("梳理积案化解进度，逐案明确化解时限", "信访专干"),
];

fn day(month: Month, d: i8) -> Date {
    Date::new(month.year, month.month, d).unwrap_or(month.first_day())
}

/// Record the demo's meetings.
pub(super) async fn seed(state: &AppState, ctx: &Ctx) -> ServiceResult<()> {
    let now = state.now();
    let today = local_date(now);
    let this = Month::of(today);
    let months = [this.previous().previous(), this.previous(), this];
    for (i, t) in ctx.townships.iter().enumerate() {
        let actor = ctx.actor(user_at(&t.code))?;
        for (k, month) in months.iter().enumerate() {
            let current = k == 2;
            // One township skipped a month; this month a third have not met yet.
            if (!current && i == 7 && k == 1) || (current && i % 3 == 2) {
                continue;
            }
            let held = day(*month, 20 + (i % 8) as i8);
            let held = if held >= today {
                match today.checked_sub(1.day()) {
                    Ok(d) if Month::of(d) == *month => d,
                    _ => continue,
                }
            } else {
                held
            };
            let measures: Vec<MeasureInput> = (0..2 + i % 2)
                .map(|j| {
                    let (content, owner) = MEASURES[(i + j + k) % MEASURES.len()];
                    let due = held.checked_add((7 + 7 * j as i64).days()).unwrap_or(held);
                    MeasureInput {
                        content: content.into(),
                        owner: owner.into(),
                        due: due.to_string(),
                    }
                })
                .collect();
            let input = MeetingInput {
                township_id: t.id.to_string(),
                held_on: held.to_string(),
                place: format!("{}党政办会议室", t.name),
                chair: "乡镇长".into(),
                attendees: "乡镇长、分管副镇长、信访专干、派出所所长、司法所所长、各村党支部书记"
                    .into(),
                risks: format!(
                    "研判{}排查发现的不稳定因素和在办信访件：补助资金发放、危房改造验收、低保认定等问题存在反复信访苗头。",
                    month.label()
                ),
                measures,
            };
            let at = start_of_day(held) + jiff::SignedDuration::from_hours(17);
            let id = record_meeting(state, actor, &input, at)
                .await
                .map_err(|e| internal(format!("{} {} 录入会议失败：{e}", t.name, month)))?;
            // The older months' measures are carried out, but for some.
            if !current {
                let m = state.store.meeting(id).await?;
                for (j, x) in m.measure_records.iter().enumerate() {
                    if (i + j + k) % 5 == 4 {
                        continue;
                    }
                    let late = (i + j) % 7 == 3;
                    let on = if late {
                        x.measure.due.checked_add(2.days()).unwrap_or(x.measure.due)
                    } else {
                        x.measure.due.checked_sub(1.day()).unwrap_or(x.measure.due)
                    };
                    if on >= today {
                        continue;
                    }
                    let done = MeasureDoneInput {
                        date: on.to_string(),
                        note: "已按会议要求落实，相关情况已向信访人反馈。".into(),
                    };
                    let when = start_of_day(on) + jiff::SignedDuration::from_hours(16);
                    complete_measure(state, actor, id, x.id, &done, when)
                        .await
                        .map_err(|e| internal(format!("{} 措施落实失败：{e}", t.name)))?;
                }
            }
        }
    }
    Ok(())
}
