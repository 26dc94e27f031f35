//! The review chain (复查、复核, 《信访工作条例》第三十五、三十六条): its order
//! and its windows, each date worked out by hand from calendars/2022.json and
//! 2023.json in the comments before the code was asked.

mod support;

use jiff::Timestamp;
use support::t;
use xinfang_domain::calendar::WorkingCalendar;
use xinfang_domain::deadlines::{
    Admission, RE_REVIEW_WINDOW, REVIEW_WINDOW, ReviewChain, RuleSet, Signal, WarningPolicy,
    evaluate,
};
use xinfang_domain::vocab::CaseKind;
use xinfang_domain::workflow::{ReviewStage as R, Step, StepError};

fn cal() -> WorkingCalendar {
    WorkingCalendar::embedded()
}

fn review(stage: R, at: &str) -> Step {
    Step::Review {
        at: t(at),
        stage,
        note: stage.label().into(),
        late_reason: None,
    }
}

/// A chain whose 处理意见书 was delivered Friday 2022-09-30 10:00, with these stages.
fn chain(stages: &[(R, &str)]) -> ReviewChain {
    let steps: Vec<Step> = stages.iter().map(|(s, at)| review(*s, at)).collect();
    ReviewChain::new(Some(t("2022-09-30 10:00")), &steps)
}

fn refusal(r: Result<Admission, StepError>) -> String {
    match r {
        Err(StepError::NotNow(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn admit(c: &ReviewChain, stage: R, at: &str) -> Result<Admission, StepError> {
    c.admit(stage, t(at), None, &cal())
}

// 处理意见书 delivered Fri 09-30: the delivery day is not counted; day 30 is
// Sun 10-30, an ordinary weekend (国庆's makeup days were 10-08 and 10-09), so
// the window ends on the next working day, Mon 10-31, at 24:00.

#[test]
fn a_review_request_comes_while_its_window_runs() {
    let c = chain(&[]);
    let (_, due) = c.window(R::ReviewRequested, &cal()).expect("delivered");
    assert_eq!(due.display(), "2022-10-31 24:00");
    assert!(
        due.explanation
            .contains("顺延至其后第一个工作日10-31（周一）"),
        "{}",
        due.explanation
    );
    assert_eq!(
        admit(&c, R::ReviewRequested, "2022-10-31 16:00"),
        Ok(Admission::InTime)
    );
    assert_eq!(
        admit(&c, R::ReviewRequested, "2022-10-01 09:00"),
        Ok(Admission::InTime)
    );
}

#[test]
fn a_late_review_request_is_refused_naming_the_article_and_the_day_it_closed() {
    let c = chain(&[]);
    for at in ["2022-11-01 00:01", "2024-10-01 09:00"] {
        let m = refusal(admit(&c, R::ReviewRequested, at));
        for needle in [
            "复查申请期限",
            "第三十五条",
            "2022-09-30",
            "2022-10-31",
            "逾期受理理由",
        ] {
            assert!(m.contains(needle), "{at}: {needle} in {m}");
        }
    }
    // With the district's 逾期受理理由 it is accepted as late.
    let late = c.admit(
        R::ReviewRequested,
        t("2022-11-03 09:00"),
        Some("信访人住院治疗，属不可抗力"),
        &cal(),
    );
    assert_eq!(
        late,
        Ok(Admission::Late {
            closed_on: jiff::civil::date(2022, 10, 31)
        })
    );
    // A blank reason is no reason.
    assert!(
        c.admit(
            R::ReviewRequested,
            t("2022-11-03 09:00"),
            Some("  "),
            &cal()
        )
        .is_err()
    );
}

#[test]
fn a_review_request_needs_the_delivered_opinion_and_comes_after_it() {
    let none = ReviewChain::new(None, &[]);
    let m = refusal(none.admit(R::ReviewRequested, t("2022-10-10 09:00"), None, &cal()));
    assert!(m.contains("尚未送达"), "{m}");
    let m = refusal(admit(&chain(&[]), R::ReviewRequested, "2022-09-29 09:00"));
    assert!(m.contains("不能早于"), "{m}");
}

#[test]
fn each_stage_follows_the_one_before_it() {
    // 复查意见送达 before any 申请复查.
    let m = refusal(admit(&chain(&[]), R::ReviewDecided, "2022-10-20 09:00"));
    assert!(m.contains("尚未申请复查"), "{m}");
    // 申请复核 before the 复查意见 was delivered.
    let requested = chain(&[(R::ReviewRequested, "2022-10-20 09:00")]);
    let m = refusal(admit(&requested, R::ReReviewRequested, "2022-11-01 09:00"));
    assert!(m.contains("复查意见尚未送达"), "{m}");
    // 复核意见送达 and a hearing before any 申请复核.
    for stage in [R::ReReviewDecided, R::HearingStarted] {
        let m = refusal(admit(&requested, stage, "2022-11-01 09:00"));
        assert!(m.contains("尚未申请复核"), "{stage:?}: {m}");
    }
    // The 复查意见 cannot be delivered before it was asked for.
    let m = refusal(admit(&requested, R::ReviewDecided, "2022-10-19 09:00"));
    assert!(m.contains("不能早于"), "{m}");
    assert_eq!(
        admit(&requested, R::ReviewDecided, "2022-11-18 09:00"),
        Ok(Admission::InTime)
    );
    // A request is made once.
    let m = refusal(admit(&requested, R::ReviewRequested, "2022-10-21 09:00"));
    assert!(m.contains("不能重复"), "{m}");
}

// 复查意见 delivered Fri 2022-12-02: day 30 is Sun 2023-01-01, inside 元旦
// (2022-12-31 to 2023-01-02 off), so the 复核 window ends Tue 2023-01-03 24:00.

#[test]
fn a_re_review_request_comes_within_30_days_of_the_review_opinion() {
    let c = chain(&[
        (R::ReviewRequested, "2022-10-20 09:00"),
        (R::ReviewDecided, "2022-12-02 10:00"),
    ]);
    let (_, due) = c.window(R::ReReviewRequested, &cal()).expect("decided");
    assert_eq!(due.display(), "2023-01-03 24:00");
    assert_eq!(
        admit(&c, R::ReReviewRequested, "2023-01-03 15:00"),
        Ok(Admission::InTime)
    );
    let m = refusal(admit(&c, R::ReReviewRequested, "2023-01-04 09:00"));
    for needle in ["复核申请期限", "第三十六条", "2022-12-02", "2023-01-03"] {
        assert!(m.contains(needle), "{needle} in {m}");
    }
}

#[test]
fn a_hearing_opens_and_closes_inside_the_re_review_and_after_it_the_matter_is_final() {
    let base = [
        (R::ReviewRequested, "2022-10-20 09:00"),
        (R::ReviewDecided, "2022-11-18 09:00"),
        (R::ReReviewRequested, "2022-11-25 09:00"),
    ];
    let c = chain(&base);
    let m = refusal(admit(&c, R::HearingEnded, "2022-12-01 09:00"));
    assert!(m.contains("听证尚未开始"), "{m}");
    let hearing = chain(&[
        base[0],
        base[1],
        base[2],
        (R::HearingStarted, "2022-12-01 09:00"),
    ]);
    let m = refusal(admit(&hearing, R::ReReviewDecided, "2022-12-05 09:00"));
    assert!(m.contains("听证尚未结束"), "{m}");
    assert_eq!(
        admit(&hearing, R::HearingEnded, "2022-12-02 17:00"),
        Ok(Admission::InTime)
    );

    let done = chain(&[
        base[0],
        base[1],
        base[2],
        (R::ReReviewDecided, "2022-12-20 09:00"),
    ]);
    for stage in R::ALL {
        let m = refusal(admit(&done, *stage, "2022-12-21 09:00"));
        assert!(
            m.contains("复核终结") && m.contains("第三十六条"),
            "{stage:?}: {m}"
        );
    }
}

/// The 复查 window of a case whose opinion was delivered at `delivered`, under `rules`.
fn review_window_due(rules: &RuleSet, delivered: Timestamp) -> String {
    let signals = [
        (Signal::Received, t("2022-09-01 09:00")),
        (Signal::Opinion, t("2022-09-29 09:00")),
        (Signal::OpinionDelivered, delivered),
    ];
    let all = evaluate(
        rules,
        CaseKind::FirstPetition,
        &signals,
        &[],
        &cal(),
        delivered,
        &WarningPolicy::default(),
    );
    let w = all
        .iter()
        .find(|m| m.key == "review_window")
        .expect("a 复查 window");
    w.due.as_ref().expect("started").display()
}

#[test]
fn the_review_window_counts_as_the_statute_counts_under_every_rule_set() {
    // A district's own set that writes the window without rolling over.
    let own = r#"{
      "name": "own", "title": "本区规则",
      "all_kinds": [
        {"key": "handle", "name": "办理", "role": "answer", "limit": {"calendar_days": 20},
         "complete": [[{"signal": "opinion"}]]},
        {"key": "review_window", "name": "复查申请期限", "kind": "window",
         "start": {"signal": "opinion_delivered"},
         "limit": {"calendar_days": 30, "roll_over_days_off": false},
         "complete": [[{"signal": "review_requested"}]]}
      ]
    }"#;
    let own = RuleSet::from_json(own).expect("valid");
    let delivered = t("2022-09-30 10:00");
    for rules in [RuleSet::seed(), RuleSet::statute(), own] {
        assert_eq!(
            review_window_due(&rules, delivered),
            "2022-10-31 24:00",
            "{}",
            rules.name
        );
    }
    // The chain's own windows are the statute's.
    let statute = RuleSet::statute();
    assert_eq!(
        statute.find("review_window").map(|m| m.limit),
        Some(REVIEW_WINDOW)
    );
    assert_eq!(
        statute.find("re_review_window").map(|m| m.limit),
        Some(RE_REVIEW_WINDOW)
    );
}
