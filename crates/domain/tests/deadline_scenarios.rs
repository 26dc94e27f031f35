//! Due times across 春节, 劳动节 and 国庆 2022 for every case kind, each worked
//! out by hand in the comments before the engine was asked.

mod support;

use support::t;
use xinfang_domain::calendar::WorkingCalendar;
use xinfang_domain::deadlines::{Limit, RuleSet, Signal, WarningPolicy, due_at_from, evaluate};
use xinfang_domain::vocab::CaseKind;

/// (milestone key, due as shown) for a case received at `received`, before anything else happened.
fn dues(rules: &RuleSet, kind: CaseKind, received: &str) -> Vec<(String, Option<String>)> {
    let at = t(received);
    evaluate(
        rules,
        kind,
        &[(Signal::Received, at)],
        &[],
        &WorkingCalendar::embedded(),
        at,
        &WarningPolicy::default(),
    )
    .into_iter()
    .map(|s| (s.key, s.due.map(|d| d.display())))
    .collect()
}

fn expect(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    pairs
        .iter()
        .map(|(k, d)| (k.to_string(), d.map(str::to_string)))
        .collect()
}

// ---- 春节 2022: off 01-31 (Mon) to 02-06 (Sun); 01-29 (Sat) and 01-30 (Sun) worked.

#[test]
fn spring_festival_2022_first_petition_and_screening() {
    // Received Fri 01-28 10:00; the seed counts calendar days and never rolls over.
    // 1 day: 01-29 → 01-29 24:00. 3 days: 01-31 (a 春节 day, not rolled) → 01-31 24:00.
    // 10 days: 01-28 + 10 = 02-07 → 02-07 24:00. The statute's review chain
    // (extended by the seed): not started.
    let want = expect(&[
        ("contact", Some("2022-01-29 24:00")),
        ("visit_with_notice", Some("2022-01-31 24:00")),
        ("handled", Some("2022-02-07 24:00")),
        ("review_window", None),
        ("review_answer", None),
        ("re_review_window", None),
        ("re_review_answer", None),
    ]);
    for kind in [CaseKind::FirstPetition, CaseKind::Screening] {
        assert_eq!(
            dues(&RuleSet::seed(), kind, "2022-01-28 10:00"),
            want,
            "{kind}"
        );
    }
}

#[test]
fn spring_festival_2022_repeat_and_escalated() {
    // Received Fri 01-28 10:00. Same day: 01-28 24:00. 24 h: 01-29 10:00.
    // Working days after 01-28: 01-29 (1, makeup), 01-30 (2, makeup), 01-31–02-06 off,
    // 02-07 (3), 02-08 (4), 02-09 (5), 02-10 (6), 02-11 (7), 02-12/13 weekend,
    // 02-14 (8), 02-15 (9), 02-16 (10).
    let want = expect(&[
        ("contact_same_day", Some("2022-01-28 24:00")),
        ("unit_and_talk", Some("2022-01-29 10:00")),
        ("preliminary_report", Some("2022-02-07 24:00")),
        ("handling_report", Some("2022-02-16 24:00")),
        ("review_window", None),
        ("review_answer", None),
        ("re_review_window", None),
        ("re_review_answer", None),
    ]);
    for kind in [CaseKind::Repeat, CaseKind::Escalated] {
        assert_eq!(
            dues(&RuleSet::seed(), kind, "2022-01-28 10:00"),
            want,
            "{kind}"
        );
    }
}

#[test]
fn spring_festival_2022_online_opinion_runs_in_hours_through_the_holiday() {
    // Received Fri 01-28 10:00: +6 h 16:00, +18 h 01-29 04:00, +24 h 01-29 10:00, +72 h 01-31 10:00.
    assert_eq!(
        dues(
            &RuleSet::seed(),
            CaseKind::OnlineOpinion,
            "2022-01-28 10:00"
        ),
        expect(&[
            ("contact_depts", Some("2022-01-28 16:00")),
            ("meet_poster", Some("2022-01-29 04:00")),
            ("response_report", Some("2022-01-29 10:00")),
            ("disposal_report", Some("2022-01-31 10:00")),
            ("review_window", None),
            ("review_answer", None),
            ("re_review_window", None),
            ("re_review_answer", None),
        ])
    );
}

#[test]
fn spring_festival_2022_statute() {
    // Received Fri 01-28. 15 days: 02-12 is a Saturday → rolls to Mon 02-14.
    // 5 working days: 01-29, 01-30, 02-07, 02-08, 02-09 → 02-09 24:00.
    // 60 days: 01-28 + 3 = 01-31, + 28 = 02-28, + 29 = 03-29 (a Tuesday) → 03-29 24:00.
    assert_eq!(
        dues(
            &RuleSet::statute(),
            CaseKind::FirstPetition,
            "2022-01-28 10:00"
        ),
        expect(&[
            ("transfer", Some("2022-02-14 24:00")),
            ("notify_acceptance", Some("2022-02-14 24:00")),
            ("objection_window", Some("2022-02-09 24:00")),
            ("handle", Some("2022-03-29 24:00")),
            ("review_window", None),
            ("review_answer", None),
            ("re_review_window", None),
            ("re_review_answer", None),
        ])
    );
}

// ---- 劳动节 2022: off 04-30 (Sat) to 05-04 (Wed); 05-07 (Sat) worked.

#[test]
fn labour_day_2022_every_kind() {
    // Received Fri 04-29 15:00.
    // 初信初访/排查发现: 1 day 04-30; 3 days 05-02; 10 days 05-09 (none rolled).
    let first = expect(&[
        ("contact", Some("2022-04-30 24:00")),
        ("visit_with_notice", Some("2022-05-02 24:00")),
        ("handled", Some("2022-05-09 24:00")),
        ("review_window", None),
        ("review_answer", None),
        ("re_review_window", None),
        ("re_review_answer", None),
    ]);
    // 重复访/越级访: working days after 04-29: 05-05 (1), 05-06 (2), 05-07 (3, makeup
    // Saturday), 05-08 Sunday off, 05-09 (4) … 05-13 (8), weekend, 05-16 (9), 05-17 (10).
    let repeat = expect(&[
        ("contact_same_day", Some("2022-04-29 24:00")),
        ("unit_and_talk", Some("2022-04-30 15:00")),
        ("preliminary_report", Some("2022-05-07 24:00")),
        ("handling_report", Some("2022-05-17 24:00")),
        ("review_window", None),
        ("review_answer", None),
        ("re_review_window", None),
        ("re_review_answer", None),
    ]);
    // 网络舆情: 21:00, 04-30 09:00, 04-30 15:00, 05-02 15:00.
    let online = expect(&[
        ("contact_depts", Some("2022-04-29 21:00")),
        ("meet_poster", Some("2022-04-30 09:00")),
        ("response_report", Some("2022-04-30 15:00")),
        ("disposal_report", Some("2022-05-02 15:00")),
        ("review_window", None),
        ("review_answer", None),
        ("re_review_window", None),
        ("re_review_answer", None),
    ]);
    let seed = RuleSet::seed();
    let at = "2022-04-29 15:00";
    assert_eq!(dues(&seed, CaseKind::FirstPetition, at), first);
    assert_eq!(dues(&seed, CaseKind::Screening, at), first);
    assert_eq!(dues(&seed, CaseKind::Repeat, at), repeat);
    assert_eq!(dues(&seed, CaseKind::Escalated, at), repeat);
    assert_eq!(dues(&seed, CaseKind::OnlineOpinion, at), online);
}

#[test]
fn labour_day_2022_explanation_names_the_block_and_the_makeup_saturday() {
    let due = due_at_from(
        &Limit::WorkingDays(3),
        t("2022-04-29 15:00"),
        "受理",
        &WorkingCalendar::embedded(),
    );
    assert_eq!(
        due.explanation,
        "受理日 2022-04-29（周五）不计入；04-30至05-04劳动节放假；\
         第3个工作日为05-07（周六，调休上班），截止 05-07 24:00"
    );
    assert!(due.warnings.is_empty());
}

// ---- 国庆 2022: off 10-01 (Sat) to 10-07 (Fri); 10-08 (Sat) and 10-09 (Sun) worked.

#[test]
fn national_day_2022_received_on_the_eve() {
    // Received Fri 09-30 16:00.
    // 初信初访: 1 day 10-01, 3 days 10-03, 10 days 10-10.
    // 重复访: same day 09-30; 24 h 10-01 16:00; working days 10-08 (1), 10-09 (2),
    // 10-10 (3) … 10-14 (7), weekend, 10-17 (8), 10-18 (9), 10-19 (10).
    let seed = RuleSet::seed();
    let at = "2022-09-30 16:00";
    assert_eq!(
        dues(&seed, CaseKind::FirstPetition, at),
        expect(&[
            ("contact", Some("2022-10-01 24:00")),
            ("visit_with_notice", Some("2022-10-03 24:00")),
            ("handled", Some("2022-10-10 24:00")),
            ("review_window", None),
            ("review_answer", None),
            ("re_review_window", None),
            ("re_review_answer", None),
        ])
    );
    assert_eq!(
        dues(&seed, CaseKind::Escalated, at),
        expect(&[
            ("contact_same_day", Some("2022-09-30 24:00")),
            ("unit_and_talk", Some("2022-10-01 16:00")),
            ("preliminary_report", Some("2022-10-10 24:00")),
            ("handling_report", Some("2022-10-19 24:00")),
            ("review_window", None),
            ("review_answer", None),
            ("re_review_window", None),
            ("re_review_answer", None),
        ])
    );
    let due = due_at_from(
        &Limit::WorkingDays(3),
        t(at),
        "受理",
        &WorkingCalendar::embedded(),
    );
    assert_eq!(
        due.explanation,
        "受理日 2022-09-30（周五）不计入；10-01至10-07国庆节放假；\
         10-08（周六）、10-09（周日）调休上班，为第1、2个工作日；\
         第3个工作日为10-10（周一），截止 10-10 24:00"
    );
    // 24:00 of 10-10 is held as 00:00 of 10-11.
    assert_eq!(due.at, t("2022-10-11T00:00:00+08:00"));
}

#[test]
fn story_1_provincial_repeat_case_before_the_holiday() {
    // Mon 09-26 09:10. Same day: 09-26 24:00. 24 h: 09-27 09:10.
    // 3 working days: 09-27, 09-28, 09-29 → Thu 09-29 24:00.
    // 10 working days: 09-30 (4), 10-01–10-07 off, 10-08 (5), 10-09 (6), 10-10 (7),
    // 10-11 (8), 10-12 (9), 10-13 (10) → 10-13 24:00.
    assert_eq!(
        dues(&RuleSet::seed(), CaseKind::Repeat, "2022-09-26 09:10"),
        expect(&[
            ("contact_same_day", Some("2022-09-26 24:00")),
            ("unit_and_talk", Some("2022-09-27 09:10")),
            ("preliminary_report", Some("2022-09-29 24:00")),
            ("handling_report", Some("2022-10-13 24:00")),
            ("review_window", None),
            ("review_answer", None),
            ("re_review_window", None),
            ("re_review_answer", None),
        ])
    );
    let due = due_at_from(
        &Limit::WorkingDays(10),
        t("2022-09-26 09:10"),
        "受理",
        &WorkingCalendar::embedded(),
    );
    assert!(
        due.explanation
            .contains("10-08（周六）、10-09（周日）调休上班，为第5、6个工作日"),
        "{}",
        due.explanation
    );
}

#[test]
fn story_2_video_over_national_day() {
    // Fri 09-30 20:30: +6 h 10-01 02:30, +18 h 10-01 14:30, +24 h 10-01 20:30, +72 h 10-03 20:30.
    assert_eq!(
        dues(
            &RuleSet::seed(),
            CaseKind::OnlineOpinion,
            "2022-09-30 20:30"
        ),
        expect(&[
            ("contact_depts", Some("2022-10-01 02:30")),
            ("meet_poster", Some("2022-10-01 14:30")),
            ("response_report", Some("2022-10-01 20:30")),
            ("disposal_report", Some("2022-10-03 20:30")),
            ("review_window", None),
            ("review_answer", None),
            ("re_review_window", None),
            ("re_review_answer", None),
        ])
    );
}

#[test]
fn story_3_first_letter_on_a_makeup_saturday() {
    // Sat 10-08 (a working day) 10:00: 1 day 10-09, 3 days 10-11, 10 days 10-18.
    assert_eq!(
        dues(
            &RuleSet::seed(),
            CaseKind::FirstPetition,
            "2022-10-08 10:00"
        ),
        expect(&[
            ("contact", Some("2022-10-09 24:00")),
            ("visit_with_notice", Some("2022-10-11 24:00")),
            ("handled", Some("2022-10-18 24:00")),
            ("review_window", None),
            ("review_answer", None),
            ("re_review_window", None),
            ("re_review_answer", None),
        ])
    );
}
