//! Milestone states as a fixed clock walks forward over one case's history:
//! 按期完成, 逾期完成, 进行中, 临期预警, 已超期, 未开始, 已届满.

mod support;

use jiff::Timestamp;
use support::t;
use xinfang_domain::calendar::WorkingCalendar;
use xinfang_domain::clock::{Clock, FixedClock};
use xinfang_domain::deadlines::{
    Limit, MilestoneState as S, MilestoneStatus, RuleSet, Signal, WarningPolicy, evaluate,
    overdue_working_days, warn_from,
};
use xinfang_domain::vocab::{CaseKind, ContactMethod, ReportKind};

/// Story 1 (SCENARIOS.md): a 重复访 received Mon 2022-09-26 09:10.
fn story_1() -> Vec<(Signal, Timestamp)> {
    vec![
        (Signal::Received, t("2022-09-26 09:10")),
        (Signal::Assigned, t("2022-09-26 11:00")),
        // Phoned at 15:40: contact made the same day, but not face to face.
        (Signal::Contact(ContactMethod::Phone), t("2022-09-26 15:40")),
        // Visited at home the next morning, within 24 h of 09-26 09:10.
        (
            Signal::Contact(ContactMethod::HomeVisit),
            t("2022-09-27 08:30"),
        ),
        // The preliminary report comes a day late (due 09-29 24:00).
        (
            Signal::Report(ReportKind::Preliminary),
            t("2022-09-30 10:00"),
        ),
    ]
}

fn states_at(clock: &dyn Clock, signals: &[(Signal, Timestamp)]) -> Vec<(String, S)> {
    evaluate(
        &RuleSet::seed(),
        CaseKind::Repeat,
        signals,
        &[],
        &WorkingCalendar::embedded(),
        clock.now(),
        &WarningPolicy::default(),
    )
    .into_iter()
    .map(|m| (m.key, m.state))
    .collect()
}

/// The plan's four milestones and the 复查 window in `states`; the rest of
/// the statute's review chain, which the seed extends, has not started.
fn row(states: [S; 5]) -> Vec<(String, S)> {
    let chain = [S::NotStarted; 3];
    [
        "contact_same_day",
        "unit_and_talk",
        "preliminary_report",
        "handling_report",
        "review_window",
        "review_answer",
        "re_review_window",
        "re_review_answer",
    ]
    .into_iter()
    .map(String::from)
    .zip(states.into_iter().chain(chain))
    .collect()
}

#[test]
fn story_1_walked_forward_through_every_state() {
    let signals = story_1();
    let walk = [
        // Before anything is recorded but the registration.
        (
            "2022-09-26 09:10",
            [S::Open, S::Open, S::Open, S::Open, S::NotStarted],
        ),
        // Noon: the 15:40 call has not happened yet.
        (
            "2022-09-26 12:00",
            [S::Open, S::Open, S::Open, S::Open, S::NotStarted],
        ),
        // Contact recorded at 15:40 → 按期完成.
        (
            "2022-09-26 16:00",
            [S::OnTime, S::Open, S::Open, S::Open, S::NotStarted],
        ),
        // The 24 h milestone warns for its last 6 h, from 09-27 03:10.
        (
            "2022-09-27 04:00",
            [S::OnTime, S::DueSoon, S::Open, S::Open, S::NotStarted],
        ),
        (
            "2022-09-27 09:00",
            [S::OnTime, S::OnTime, S::Open, S::Open, S::NotStarted],
        ),
        // The report warns from 00:00 of its due day, Thu 09-29 (the story's 18:00 check).
        (
            "2022-09-28 23:59",
            [S::OnTime, S::OnTime, S::Open, S::Open, S::NotStarted],
        ),
        (
            "2022-09-29 18:00",
            [S::OnTime, S::OnTime, S::DueSoon, S::Open, S::NotStarted],
        ),
        // Past 09-29 24:00 with no report: 已超期.
        (
            "2022-09-30 00:01",
            [S::OnTime, S::OnTime, S::Overdue, S::Open, S::NotStarted],
        ),
        // Report in at 09-30 10:00: 逾期完成.
        (
            "2022-09-30 12:00",
            [S::OnTime, S::OnTime, S::Late, S::Open, S::NotStarted],
        ),
        // The handling report (due 10-13 24:00, span 17 days 14 h 50 min) warns from
        // 10-09 14:17:30 (the last 25%: 4 days 9 h 42.5 min), earlier than its last working day 10-13.
        (
            "2022-10-09 14:00",
            [S::OnTime, S::OnTime, S::Late, S::Open, S::NotStarted],
        ),
        (
            "2022-10-09 15:00",
            [S::OnTime, S::OnTime, S::Late, S::DueSoon, S::NotStarted],
        ),
        (
            "2022-10-14 00:00",
            [S::OnTime, S::OnTime, S::Late, S::DueSoon, S::NotStarted],
        ),
        // 24:00 itself is still in time; a minute later it is 已超期.
        (
            "2022-10-14 00:01",
            [S::OnTime, S::OnTime, S::Late, S::Overdue, S::NotStarted],
        ),
    ];
    for (now, want) in walk {
        let clock = FixedClock(t(now));
        assert_eq!(states_at(&clock, &signals), row(want), "at {now}");
    }
}

#[test]
fn a_window_closes_quietly_and_a_used_window_is_done() {
    // Story 3: opinion delivered Sat 10-15; 30 days end Mon 11-14 24:00, a working day.
    let mut signals = vec![
        (Signal::Received, t("2022-10-08 10:00")),
        (Signal::Contact(ContactMethod::Phone), t("2022-10-08 15:00")),
        (
            Signal::Visit {
                notice_signed: true,
            },
            t("2022-10-10 10:00"),
        ),
        (Signal::Opinion, t("2022-10-14 09:00")),
        (Signal::OpinionDelivered, t("2022-10-15 10:00")),
    ];
    let eval = |signals: &[(Signal, Timestamp)], now: &str| -> Vec<MilestoneStatus> {
        evaluate(
            &RuleSet::seed(),
            CaseKind::FirstPetition,
            signals,
            &[],
            &WorkingCalendar::embedded(),
            FixedClock(t(now)).now(),
            &WarningPolicy::default(),
        )
    };
    // The plan's three milestones and the 复查 window; the later links of the
    // review chain start only with a 复查 request.
    let states = |all: &[MilestoneStatus]| all.iter().take(4).map(|m| m.state).collect::<Vec<_>>();
    let all = eval(&signals, "2022-11-14 23:00");
    assert_eq!(states(&all), [S::OnTime, S::OnTime, S::OnTime, S::Open]);
    // A window never warns.
    assert_eq!(all[3].warn_from, None);
    let all = eval(&signals, "2022-11-15 09:00");
    assert_eq!(
        states(&all),
        [S::OnTime, S::OnTime, S::OnTime, S::WindowClosed]
    );
    assert_eq!(
        all[3].due.as_ref().map(|d| d.display()).as_deref(),
        Some("2022-11-14 24:00")
    );

    assert_eq!(all[4].key, "review_answer");
    assert_eq!(all[4].state, S::NotStarted);

    signals.push((Signal::ReviewRequested, t("2022-11-01 09:00")));
    let all = eval(&signals, "2022-11-15 09:00");
    assert_eq!(all[3].state, S::OnTime);
    assert_eq!(all[3].completed_at, Some(t("2022-11-01 09:00")));
    // The request starts the 复查答复 clock: 30 days from Tue 11-01 is Thu 12-01.
    assert_eq!(all[4].state, S::Open);
    assert_eq!(
        all[4].due.as_ref().map(|d| d.display()).as_deref(),
        Some("2022-12-01 24:00")
    );
}

#[test]
fn completion_needs_every_group_and_takes_the_time_the_last_one_was_met() {
    // 24 h milestone: face-to-face first (09-26 10:00), assignment later (09-27 12:00,
    // after the 09-27 09:10 due) → completed at 09-27 12:00, 逾期完成.
    let signals = [
        (Signal::Received, t("2022-09-26 09:10")),
        (
            Signal::Contact(ContactMethod::FaceToFace),
            t("2022-09-26 10:00"),
        ),
        (Signal::Assigned, t("2022-09-27 12:00")),
    ];
    let all = evaluate(
        &RuleSet::seed(),
        CaseKind::Escalated,
        &signals,
        &[],
        &WorkingCalendar::embedded(),
        t("2022-09-28 09:00"),
        &WarningPolicy::default(),
    );
    let m = &all[1];
    assert_eq!(m.key, "unit_and_talk");
    assert_eq!(m.completed_at, Some(t("2022-09-27 12:00")));
    assert_eq!(m.state, S::Late);
}

#[test]
fn signals_after_now_are_not_seen_yet() {
    let signals = story_1();
    let before = states_at(&FixedClock(t("2022-09-26 10:00")), &signals);
    assert_eq!(
        before[0].1,
        S::Open,
        "the 15:40 call has not happened at 10:00"
    );
}

#[test]
fn the_warning_policy_is_configurable() {
    let cal = WorkingCalendar::embedded();
    let start = t("2022-09-26 09:10");
    let due = t("2022-09-30 00:00");
    // Default: the earlier of 25% (09-29 02:17:30) and 00:00 of the due day 09-29.
    assert_eq!(
        warn_from(
            &Limit::WorkingDays(3),
            start,
            due,
            &cal,
            &WarningPolicy::default()
        ),
        t("2022-09-29 00:00")
    );
    // Two working days: from 00:00 of 09-28.
    let two = WarningPolicy {
        last_percent: 25,
        last_working_days: 2,
    };
    assert_eq!(
        warn_from(&Limit::WorkingDays(3), start, due, &cal, &two),
        t("2022-09-28 00:00")
    );
    // Percent only, 50%: span 86 h 50 min, half is 43 h 25 min before the due → 09-28 04:35.
    let half = WarningPolicy {
        last_percent: 50,
        last_working_days: 0,
    };
    assert_eq!(
        warn_from(&Limit::WorkingDays(3), start, due, &cal, &half),
        t("2022-09-28 04:35")
    );
    // Hour limits ignore the working-day part: 6 h from 20:30, last 25% from 01:00.
    assert_eq!(
        warn_from(
            &Limit::Hours(6),
            t("2022-09-30 20:30"),
            t("2022-10-01 02:30"),
            &cal,
            &two
        ),
        t("2022-10-01 01:00")
    );
}

#[test]
fn overdue_working_days_count_whole_working_days_after_the_due_time() {
    let cal = WorkingCalendar::embedded();
    // Due 09-29 24:00. By 10-10 12:00 the whole working days since are 09-30,
    // 10-08 and 10-09 (10-01–10-07 are off; 10-10 is not over).
    assert_eq!(
        overdue_working_days(t("2022-09-30 00:00"), t("2022-10-10 12:00"), &cal),
        3
    );
    // By 10-13 00:00: also 10-10, 10-11, 10-12 → 6 (the 通报 level of 5 is passed).
    assert_eq!(
        overdue_working_days(t("2022-09-30 00:00"), t("2022-10-13 00:00"), &cal),
        6
    );
    // An hour limit due mid-day: the rest of that day does not count.
    assert_eq!(
        overdue_working_days(t("2022-10-10 14:30"), t("2022-10-11 23:00"), &cal),
        0
    );
    assert_eq!(
        overdue_working_days(t("2022-10-10 14:30"), t("2022-10-12 00:00"), &cal),
        1
    );
    assert_eq!(
        overdue_working_days(t("2022-10-12 00:00"), t("2022-10-10 00:00"), &cal),
        0
    );
}
