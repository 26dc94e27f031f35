//! The statute's periods: roll-over past days off (民法典 201/203), the hearing
//! pause in 复核, extensions, and the review chain.

mod support;

use support::t;
use xinfang_domain::calendar::WorkingCalendar;
use xinfang_domain::deadlines::{
    Extension, Limit, MilestoneState, MilestoneStatus, RuleSet, Signal, WarningPolicy, due_at_from,
    evaluate,
};
use xinfang_domain::vocab::CaseKind;

fn run(
    rules: &RuleSet,
    signals: &[(Signal, &str)],
    ext: &[Extension],
    now: &str,
) -> Vec<MilestoneStatus> {
    let signals: Vec<(Signal, jiff::Timestamp)> =
        signals.iter().map(|(s, at)| (*s, t(at))).collect();
    evaluate(
        rules,
        CaseKind::FirstPetition,
        &signals,
        ext,
        &WorkingCalendar::embedded(),
        t(now),
        &WarningPolicy::default(),
    )
}

fn get<'a>(all: &'a [MilestoneStatus], key: &str) -> &'a MilestoneStatus {
    all.iter()
        .find(|m| m.key == key)
        .expect("milestone present")
}

fn shown(m: &MilestoneStatus) -> String {
    m.due.as_ref().map(|d| d.display()).unwrap_or_default()
}

#[test]
fn a_calendar_day_period_ending_on_a_holiday_rolls_to_the_next_working_day() {
    let cal = WorkingCalendar::embedded();
    // Opinion delivered Thu 09-01: day 30 is Sat 10-01, inside 国庆 (10-01–10-07);
    // the next working day is the makeup Saturday 10-08.
    let rolled = Limit::CalendarDays {
        days: 30,
        roll_over_days_off: true,
    };
    let due = due_at_from(&rolled, t("2022-09-01 10:00"), "送达", &cal);
    assert_eq!(due.display(), "2022-10-08 24:00");
    assert_eq!(
        due.explanation,
        "送达日 2022-09-01（周四）不计入；第30日为10-01（周六），为国庆节放假，\
         顺延至其后第一个工作日10-08（周六），截止 10-08 24:00"
    );
    // The seed's same period does not roll: it ends on the holiday, and says so.
    let strict = Limit::CalendarDays {
        days: 30,
        roll_over_days_off: false,
    };
    let due = due_at_from(&strict, t("2022-09-01 10:00"), "送达", &cal);
    assert_eq!(due.display(), "2022-10-01 24:00");
    assert!(due.explanation.contains("虽为国庆节放假，按本规则不顺延"));
    // Ending on an ordinary Saturday rolls to Monday: 09-30 + 15 = Sat 10-15 → Mon 10-17.
    let fifteen = Limit::CalendarDays {
        days: 15,
        roll_over_days_off: true,
    };
    let due = due_at_from(&fifteen, t("2022-09-30 16:00"), "受理", &cal);
    assert_eq!(due.display(), "2022-10-17 24:00");
    assert!(
        due.explanation
            .contains("为休息日，顺延至其后第一个工作日10-17（周一）")
    );
}

#[test]
fn the_review_chain_opens_one_clock_after_another() {
    let statute = RuleSet::statute();
    let mut signals = vec![
        (Signal::Received, "2022-10-08 10:00"),
        (
            Signal::Visit {
                notice_signed: true,
            },
            "2022-10-10 15:00",
        ),
        (Signal::Opinion, "2022-10-14 09:00"),
        (Signal::OpinionDelivered, "2022-10-15 10:00"),
    ];
    // 复查 window: 10-15 + 30 = Mon 11-14 → 11-14 24:00.
    let all = run(&statute, &signals, &[], "2022-10-20 09:00");
    assert_eq!(shown(get(&all, "review_window")), "2022-11-14 24:00");
    assert_eq!(get(&all, "review_window").state, MilestoneState::Open);
    assert_eq!(get(&all, "review_answer").state, MilestoneState::NotStarted);
    assert_eq!(get(&all, "notify_acceptance").state, MilestoneState::OnTime);
    assert_eq!(get(&all, "handle").state, MilestoneState::OnTime);

    // Review requested Thu 11-10: answer due 11-10 + 30 = Sat 12-10 → Mon 12-12.
    signals.push((Signal::ReviewRequested, "2022-11-10 11:00"));
    // Review decided Fri 12-09: 复核 window 12-09 + 30 = Sun 2023-01-08, which
    // 2023's notice makes no working day → Mon 2023-01-09.
    signals.push((Signal::ReviewDecided, "2022-12-09 16:00"));
    let all = run(&statute, &signals, &[], "2022-12-10 09:00");
    assert_eq!(get(&all, "review_window").state, MilestoneState::OnTime);
    assert_eq!(shown(get(&all, "review_answer")), "2022-12-12 24:00");
    assert_eq!(get(&all, "review_answer").state, MilestoneState::OnTime);
    assert_eq!(shown(get(&all, "re_review_window")), "2023-01-09 24:00");

    // Nobody asks for 复核: the window closes quietly, never overdue.
    let all = run(&statute, &signals, &[], "2023-01-10 09:00");
    assert_eq!(
        get(&all, "re_review_window").state,
        MilestoneState::WindowClosed
    );
    assert_eq!(
        get(&all, "re_review_answer").state,
        MilestoneState::NotStarted
    );
}

#[test]
fn hearing_time_is_not_counted_toward_the_re_review_answer() {
    let statute = RuleSet::statute();
    // 复核 requested Tue 11-01 10:00: 30 days → Thu 12-01 24:00 without a hearing.
    let base = [
        (Signal::Received, "2022-06-01 09:00"),
        (Signal::ReReviewRequested, "2022-11-01 10:00"),
    ];
    let all = run(&statute, &base, &[], "2022-11-02 09:00");
    assert_eq!(shown(get(&all, "re_review_answer")), "2022-12-01 24:00");

    // A hearing 11-10 09:00 to 11-12 17:00 lasts 2 days 8 hours: due 12-04 08:00.
    let mut with_hearing = base.to_vec();
    with_hearing.push((Signal::HearingStarted, "2022-11-10 09:00"));
    with_hearing.push((Signal::HearingEnded, "2022-11-12 17:00"));
    with_hearing.push((Signal::ReReviewDecided, "2022-12-03 10:00"));
    let all = run(&statute, &with_hearing, &[], "2022-12-05 09:00");
    let m = get(&all, "re_review_answer");
    assert_eq!(shown(m), "2022-12-04 08:00");
    assert_eq!(
        m.state,
        MilestoneState::OnTime,
        "decided 12-03, inside the shifted time"
    );
    let text = &m.due.as_ref().expect("due").explanation;
    assert!(
        text.contains(
            "听证开始（2022-11-10 09:00）至听证结束（2022-11-12 17:00）期间不计入，共2天8小时"
        ),
        "{text}"
    );

    // While the hearing is still on, the clock stands still: on 11-11 09:00 it
    // has been paused 24 h, so the due time has moved to 12-02 24:00 for now.
    let all = run(&statute, &with_hearing, &[], "2022-11-11 09:00");
    let m = get(&all, "re_review_answer");
    assert_eq!(shown(m), "2022-12-02 24:00");
    assert_eq!(m.state, MilestoneState::Open);

    // Without the hearing the same decision would have been late.
    let mut late = base.to_vec();
    late.push((Signal::ReReviewDecided, "2022-12-03 10:00"));
    let all = run(&statute, &late, &[], "2022-12-05 09:00");
    assert_eq!(get(&all, "re_review_answer").state, MilestoneState::Late);
}

#[test]
fn an_extension_lengthens_the_period_and_says_why() {
    let statute = RuleSet::statute();
    let received = [(Signal::Received, "2022-09-30 16:00")];
    // 60 days: 09-30 + 31 = 10-31, + 29 = Tue 11-29.
    let all = run(&statute, &received, &[], "2022-11-01 09:00");
    assert_eq!(shown(get(&all, "handle")), "2022-11-29 24:00");

    // Extended 30 days on 11-20: 90 days in all → Thu 12-29.
    let ext = Extension {
        milestone_key: "handle".into(),
        days: 30,
        approved_at: t("2022-11-20 10:00"),
        reason: "案情复杂，需多部门会商".into(),
    };
    let all = run(
        &statute,
        &received,
        std::slice::from_ref(&ext),
        "2022-12-01 09:00",
    );
    let m = get(&all, "handle");
    assert_eq!(shown(m), "2022-12-29 24:00");
    assert_eq!(m.state, MilestoneState::Open);
    let text = &m.due.as_ref().expect("due").explanation;
    assert!(
        text.contains("延期30天，理由：案情复杂，需多部门会商（2022-11-20批准）"),
        "{text}"
    );
    assert!(
        text.contains("延期后第90日为12-29（周四），截止顺延至 12-29 24:00"),
        "{text}"
    );

    // Before its approval the extension does not count yet: on 11-15 the due is still 11-29.
    let all = run(
        &statute,
        &received,
        std::slice::from_ref(&ext),
        "2022-11-15 09:00",
    );
    assert_eq!(shown(get(&all, "handle")), "2022-11-29 24:00");

    // Two extensions over the statute's 30 days: only 30 count, and it says so.
    let second = Extension {
        days: 20,
        approved_at: t("2022-11-25 10:00"),
        reason: "补充调查".into(),
        ..ext.clone()
    };
    let all = run(&statute, &received, &[ext, second], "2022-12-01 09:00");
    let m = get(&all, "handle");
    assert_eq!(shown(m), "2022-12-29 24:00");
    let due = m.due.as_ref().expect("due");
    assert_eq!(due.warnings, ["延期合计50天，超过上限30天，只计30天"]);
}

#[test]
fn an_extension_of_an_hour_limit_moves_it_by_whole_days() {
    let seed = RuleSet::seed();
    let ext = Extension {
        milestone_key: "handling_report".into(),
        days: 5,
        approved_at: t("2022-09-28 10:00"),
        reason: "需省级部门协查".into(),
    };
    let signals = [(Signal::Received, t("2022-09-26 09:10"))];
    let all = evaluate(
        &seed,
        CaseKind::Repeat,
        &signals,
        &[ext],
        &WorkingCalendar::embedded(),
        t("2022-09-29 09:00"),
        &WarningPolicy::default(),
    );
    // 10 working days → 10-13 24:00, plus 5 calendar days → 10-18 24:00.
    let m = get(&all, "handling_report");
    assert_eq!(shown(m), "2022-10-18 24:00");
    assert!(
        m.due
            .as_ref()
            .expect("due")
            .explanation
            .ends_with("截止顺延至 10-18 24:00")
    );
}
