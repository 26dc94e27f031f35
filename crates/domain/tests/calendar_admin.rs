//! A year without data (2027) computes on weekends only and says so; an
//! administrator's file for it, or a correction of a shipped year, moves due times.

mod support;

use jiff::civil::date;
use support::t;
use xinfang_domain::calendar::{CalendarError, WorkingCalendar};
use xinfang_domain::deadlines::{Limit, RuleSet, Signal, WarningPolicy, due_at, evaluate};
use xinfang_domain::vocab::CaseKind;

const WARNING: &str = "2027年节假日安排未载入，截止时间可能不准";

/// Invented for this test — NOT the real 2027 notice, which is not out yet.
/// 2027-10-01 is a Friday and 2027-10-09 a Saturday.
const INVENTED_2027: &str = r#"{
  "year": 2027,
  "source": "测试用虚构数据",
  "days_off": [{"name": "国庆节", "from": "2027-10-01", "to": "2027-10-07"}],
  "makeup_workdays": [{"date": "2027-10-09", "for": "国庆节"}]
}"#;

#[test]
fn a_working_day_count_into_2027_uses_weekends_only_and_carries_the_warning() {
    let cal = WorkingCalendar::embedded();
    // From Thu 2027-09-30: Fri 10-01 (1), Mon 10-04 (2), Tue 10-05 (3) — no holiday known.
    let due = due_at(&Limit::WorkingDays(3), t("2027-09-30 16:00"), &cal);
    assert_eq!(due.display(), "2027-10-05 24:00");
    assert_eq!(due.warnings, [WARNING]);
    assert!(
        due.explanation.contains("10-02至10-03周末休息"),
        "{}",
        due.explanation
    );

    let info = cal.day(date(2027, 10, 1));
    assert!(info.working && !info.year_known);

    // A count from late December 2026 into 2027 is flagged too.
    let due = due_at(&Limit::WorkingDays(5), t("2026-12-28 09:00"), &cal);
    assert_eq!(due.warnings, [WARNING]);
    // One that stays in 2026 is not.
    let due = due_at(&Limit::WorkingDays(2), t("2026-12-28 09:00"), &cal);
    assert!(due.warnings.is_empty());
}

#[test]
fn every_milestone_that_needs_2027_says_so_and_hour_limits_do_not() {
    let received = t("2027-03-01 09:00");
    let all = evaluate(
        &RuleSet::seed(),
        CaseKind::Repeat,
        &[(Signal::Received, received)],
        &[],
        &WorkingCalendar::embedded(),
        received,
        &WarningPolicy::default(),
    );
    let flagged: Vec<(&str, bool)> = all
        .iter()
        .map(|m| {
            let warned = m
                .due
                .as_ref()
                .is_some_and(|d| d.warnings.iter().any(|w| w == WARNING));
            (m.key.as_str(), warned)
        })
        .collect();
    assert_eq!(
        flagged,
        [
            ("contact_same_day", false),
            ("unit_and_talk", false),
            ("preliminary_report", true),
            ("handling_report", true),
            ("review_window", false),
            ("review_answer", false),
            ("re_review_window", false),
            ("re_review_answer", false),
        ]
    );
    // The statute's roll-over consults the calendar, so it is flagged as well.
    let rolled = Limit::CalendarDays {
        days: 15,
        roll_over_days_off: true,
    };
    let due = due_at(&rolled, received, &WorkingCalendar::embedded());
    assert_eq!(due.warnings, [WARNING]);
}

#[test]
fn loading_2027_moves_the_due_time_and_clears_the_warning() {
    let mut cal = WorkingCalendar::embedded();
    assert_eq!(cal.with_year_json(INVENTED_2027), Ok(2027));
    assert!(cal.is_year_known(2027));
    // Now 10-01–10-07 are off: 10-08 Fri (1), 10-09 Sat makeup (2), 10-11 Mon (3).
    let due = due_at(&Limit::WorkingDays(3), t("2027-09-30 16:00"), &cal);
    assert_eq!(due.display(), "2027-10-11 24:00");
    assert!(due.warnings.is_empty());
    assert_eq!(cal.day(date(2027, 10, 9)).reason, "国庆节调休上班");
}

#[test]
fn correcting_a_shipped_year_moves_open_deadlines() {
    let mut cal = WorkingCalendar::embedded();
    let before = due_at(&Limit::WorkingDays(3), t("2022-09-30 16:00"), &cal);
    assert_eq!(before.display(), "2022-10-10 24:00");
    // Suppose the 10-08 and 10-09 makeup days had been entered by mistake.
    let mut y = cal.year_data(2022).cloned().expect("2022 shipped");
    y.makeup_workdays.retain(|m| m.holiday != "国庆节");
    let corrected = serde_json::to_string(&y).expect("serialises");
    assert_eq!(cal.with_year_json(&corrected), Ok(2022));
    let after = due_at(&Limit::WorkingDays(3), t("2022-09-30 16:00"), &cal);
    // 10-10 (1), 10-11 (2), 10-12 (3).
    assert_eq!(after.display(), "2022-10-12 24:00");
}

#[test]
fn a_bad_admin_file_changes_nothing() {
    let mut cal = WorkingCalendar::embedded();
    let bad = INVENTED_2027.replace("2027-10-09", "2027-10-11");
    let e = cal
        .with_year_json(&bad)
        .expect_err("a Monday cannot be a makeup day");
    assert!(matches!(e, CalendarError::Invalid { year: 2027, .. }));
    assert_eq!(
        e.to_string(),
        "2027年日历数据有误：2027-10-11（周一）不是周末，不能设为调休上班日"
    );
    assert!(!cal.is_year_known(2027));
}
