//! Demo 问责 and 干部培训: accountability actions on most cases the sweeper
//! reported (通报) or the district escalated, a few left waiting; and a year
//! of cadre training over the six abilities with gaps — two townships never
//! trained, several leaders missing, one township's own course.

use jiff::civil::Date;
use xinfang_domain::accountability::AccountabilityInput;
use xinfang_domain::training::{CourseInput, people_of};

use super::sim::World;
use super::{Ctx, internal};
use crate::services::ServiceResult;
use crate::services::accountability::record_action::record_accountability;
use crate::services::training::record_course::record_course;
use crate::state::AppState;

/// The day that bounds the demo's records: the last case's, or today.
fn last_day(state: &AppState, world: &World) -> Date {
    let today = xinfang_domain::clock::local_date(state.now());
    let last = xinfang_domain::clock::local_date(world.last_received);
    if world.live { today } else { last.min(today) }
}

/// Seed both, after the cases and the roster.
pub(super) async fn seed(state: &AppState, ctx: &Ctx, world: &World) -> ServiceResult<()> {
    seed_accountability(state, ctx, world).await?;
    seed_training(state, ctx, world).await
}

/// (问责方式, 文号 needed, person, 事由): the district's usual answers, lightest first.
const ACTIONS: &[(&str, bool, &str, &str)] = &[
    (
        "约谈",
        false,
        "分管负责同志",
        "办理时限超期被通报，约谈单位分管负责同志，要求立即整改、按期办结",
    ),
    (
        "通报批评",
        true,
        "",
        "信访事项办理严重超期，经催办、督办仍未按期办结，予以通报批评",
    ),
    (
        "责令检查",
        true,
        "主要负责同志",
        "对督办事项重视不够、措施不力，责令作出书面检查并限期整改",
    ),
    (
        "诫勉",
        true,
        "承办人",
        "多次超期未联系信访人，工作作风不实，对承办人予以诫勉",
    ),
];

async fn seed_accountability(state: &AppState, ctx: &Ctx, world: &World) -> ServiceResult<()> {
    let quju = ctx.actor("quju")?;
    let end = last_day(state, world);
    let waiting = state.store.escalated_without_accountability().await?;
    // Oldest first, grouped by the unit held to account (a unit with two
    // reported cases answers for both in one action); the unit reported
    // last is left waiting for the district's decision.
    let mut units: Vec<(i64, Vec<&xinfang_store::EscalatedCase>)> = Vec::new();
    for c in waiting.iter().rev() {
        let unit = c.unit_id.unwrap_or(c.township_id);
        match units.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, list)) => list.push(c),
            None => units.push((unit, vec![c])),
        }
    }
    let mut doc = 20;
    for (i, (unit, cases)) in units.iter().enumerate() {
        if units.len() >= 3 && i + 1 == units.len() {
            continue;
        }
        let (kind, needs_doc, person, reason) = ACTIONS[i % ACTIONS.len()];
        let latest = cases
            .iter()
            .map(|c| c.first_at)
            .max()
            .unwrap_or(world.start);
        let escalated = xinfang_domain::clock::local_date(latest);
        let date = escalated
            .checked_add(jiff::Span::new().days(3))
            .unwrap_or(escalated)
            .min(end);
        let document_number = if needs_doc {
            doc += 1;
            format!("建安巩固脱贫组办〔{}〕{doc}号", date.year())
        } else {
            String::new()
        };
        let input = AccountabilityInput {
            unit_id: unit.to_string(),
            person: person.into(),
            kind: kind.into(),
            basis: "超期通报".into(),
            reason: reason.into(),
            date: date.to_string(),
            document_number,
            cases: cases.iter().map(|c| c.number.clone()).collect(),
        };
        record_accountability(state, quju, &input)
            .await
            .map_err(|e| internal(format!("demo 问责 {unit}: {e}")))?;
    }
    Ok(())
}

/// (month, day, 主题, 学时, 授课人, 地点, which roster people: every n-th
/// township from the k-th, leaders and/or cadres).
struct Plan {
    month: i8,
    day: i8,
    topic: &'static str,
    hours: &'static str,
    trainer: &'static str,
    place: &'static str,
    townships: fn(usize) -> bool,
    leaders: bool,
    cadres: bool,
}

const PLACE: &str = "区乡村振兴局三楼会议室";

/// The year's district courses. The last two townships (by code) never
/// attend; leaders of odd-numbered townships miss all but the first course.
const PLANS: &[Plan] = &[
    Plan {
        month: 3,
        day: 15,
        topic: "政策宣传",
        hours: "3",
        trainer: "区乡村振兴局 政策法规股",
        place: PLACE,
        townships: |i| i % 4 != 3,
        leaders: true,
        cadres: true,
    },
    Plan {
        month: 4,
        day: 19,
        topic: "法律知识",
        hours: "2",
        trainer: "区司法局 法律顾问",
        place: "区委党校报告厅",
        townships: |i| i < 9,
        leaders: false,
        cadres: true,
    },
    Plan {
        month: 5,
        day: 24,
        topic: "舆情应对",
        hours: "2.5",
        trainer: "区委网信办",
        place: PLACE,
        townships: |i| i % 2 == 0,
        leaders: true,
        cadres: true,
    },
    Plan {
        month: 6,
        day: 21,
        topic: "矛盾调处",
        hours: "2",
        trainer: "区信访局 调解中心",
        place: "区信访接待中心",
        townships: |i| i % 3 != 1,
        leaders: false,
        cadres: true,
    },
    Plan {
        month: 8,
        day: 16,
        topic: "预警预判",
        hours: "1.5",
        trainer: "区乡村振兴局 防返贫监测股",
        place: PLACE,
        townships: |i| (4..14).contains(&i),
        leaders: false,
        cadres: true,
    },
    Plan {
        month: 9,
        day: 20,
        topic: "综合协调",
        hours: "2",
        trainer: "区委组织部",
        place: "区委党校报告厅",
        townships: |i| i % 2 == 0 && i > 2,
        leaders: true,
        cadres: false,
    },
];

async fn seed_training(state: &AppState, ctx: &Ctx, world: &World) -> ServiceResult<()> {
    let quju = ctx.actor("quju")?;
    let end = last_day(state, world);
    let roster = state.store.roster(None).await?;
    // Townships in code order with their roster people, the last two left out.
    let mut rows: Vec<_> = ctx
        .townships
        .iter()
        .filter_map(|t| roster.iter().find(|e| e.org_id == t.id))
        .collect();
    rows.truncate(rows.len().saturating_sub(2));
    let mut year = end.year();
    if Date::new(year, PLANS[0].month, PLANS[0].day).is_ok_and(|d| d > end) {
        // Too early in the year for a course yet: last year's.
        year -= 1;
    }
    for p in PLANS {
        let Ok(date) = Date::new(year, p.month, p.day) else {
            continue;
        };
        if date > end {
            continue;
        }
        let attendees: Vec<String> = rows
            .iter()
            .enumerate()
            .filter(|(i, _)| (p.townships)(*i))
            .flat_map(|(i, e)| {
                people_of(e)
                    .into_iter()
                    .filter(move |person| match person.post {
                        xinfang_domain::training::RosterPost::Leader => {
                            p.leaders && (i % 2 == 0 || p.month == 3)
                        }
                        xinfang_domain::training::RosterPost::Cadre => p.cadres,
                    })
            })
            .map(|person| person.key())
            .collect();
        let input = CourseInput {
            date: date.to_string(),
            topic: p.topic.into(),
            hours: p.hours.into(),
            trainer: p.trainer.into(),
            place: p.place.into(),
            attendees,
            ..CourseInput::default()
        };
        record_course(state, quju, &input)
            .await
            .map_err(|e| internal(format!("demo 培训 {date}: {e}")))?;
    }
    // 张潘镇 runs its own session on the 信访条例 for its two people.
    let zhangpan = ctx.org("411003105")?;
    let own = Date::new(year, 7, 12).ok().filter(|d| *d <= end);
    if let (Some(date), Ok(officer)) = (own, ctx.actor("zhangpan")) {
        let input = CourseInput {
            date: date.to_string(),
            topic: "其他".into(),
            topic_other: "《信访工作条例》解读".into(),
            hours: "1.5".into(),
            trainer: "张潘镇党委 副书记".into(),
            place: "张潘镇政府二楼会议室".into(),
            attendees: vec![
                format!("{}:leader", zhangpan.id),
                format!("{}:cadre", zhangpan.id),
            ],
            ..CourseInput::default()
        };
        record_course(state, officer, &input)
            .await
            .map_err(|e| internal(format!("demo 张潘镇培训: {e}")))?;
    }
    Ok(())
}
