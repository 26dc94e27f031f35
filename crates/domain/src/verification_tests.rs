//! The verification and rectification forms, and the 整改 clock, worked by hand.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::clock::parse_time;
use crate::deadlines::MilestoneState;

fn at(s: &str) -> Timestamp {
    parse_time(s).unwrap()
}

fn rectify() -> VerificationInput {
    VerificationInput {
        date: "2022-11-02 10:00".into(),
        method: "实地".into(),
        findings: "公益岗工资仅补发一半".into(),
        verdict: "需整改".into(),
        rectification_demand: "11月15日前补发剩余工资并报送凭证".into(),
        rectification_due: "2022-11-15".into(),
    }
}

fn parse(i: &VerificationInput) -> Result<Verification, FieldErrors> {
    i.parse(at("2022-10-01 08:00"), at("2022-11-03 12:00"))
}

fn fields(e: &FieldErrors) -> Vec<&str> {
    e.0.iter().map(|f| f.field.as_str()).collect()
}

#[test]
fn a_rectification_verdict_carries_its_demand_and_due_day() {
    let v = parse(&rectify()).unwrap();
    assert_eq!(v.method, VerificationMethod::OnSite);
    assert_eq!(v.verdict, Verdict::NeedsRectification);
    let d = v.rectification.unwrap();
    assert_eq!(d.due_on, jiff::civil::date(2022, 11, 15));
    assert_eq!(d.demand, "11月15日前补发剩余工资并报送凭证");
}

#[test]
fn a_rectification_verdict_needs_a_demand_and_a_later_due_day() {
    let e = parse(&VerificationInput {
        rectification_demand: String::new(),
        rectification_due: String::new(),
        ..rectify()
    })
    .unwrap_err();
    assert_eq!(
        fields(&e),
        vec!["rectification_demand", "rectification_due"]
    );
    let e = parse(&VerificationInput {
        rectification_due: "2022-11-02".into(),
        ..rectify()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["rectification_due"]);
    let e = parse(&VerificationInput {
        rectification_due: "11月15日".into(),
        ..rectify()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["rectification_due"]);
}

#[test]
fn other_verdicts_take_no_rectification() {
    let e = parse(&VerificationInput {
        verdict: "属实已解决".into(),
        ..rectify()
    })
    .unwrap_err();
    assert_eq!(
        fields(&e),
        vec!["rectification_due", "rectification_demand"]
    );
    let v = parse(&VerificationInput {
        verdict: "unresolved".into(),
        method: "phone".into(),
        rectification_demand: String::new(),
        rectification_due: String::new(),
        ..rectify()
    })
    .unwrap();
    assert_eq!(v.verdict, Verdict::Unresolved);
    assert_eq!(v.method, VerificationMethod::Phone);
    assert_eq!(v.rectification, None);
}

#[test]
fn every_required_field_is_named() {
    let e = parse(&VerificationInput::default()).unwrap_err();
    assert_eq!(fields(&e), vec!["date", "method", "findings", "verdict"]);
    let e = parse(&VerificationInput {
        method: "走访".into(),
        ..rectify()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["method"]);
    assert_eq!(e.0[0].label, "核查方式");
}

#[test]
fn the_answer_needs_its_text_and_lies_after_the_verification() {
    let verified = at("2022-11-02 10:00");
    let now = at("2022-11-10 12:00");
    let a = RectificationInput {
        text: "已补发".into(),
        ..RectificationInput::default()
    }
    .parse(verified, now)
    .unwrap();
    assert_eq!(a.at, now);
    let e = RectificationInput::default()
        .parse(verified, now)
        .unwrap_err();
    assert_eq!(fields(&e), vec!["text"]);
    let e = RectificationInput {
        date: "2022-11-01".into(),
        text: "已补发".into(),
        attachment_id: "x".into(),
    }
    .parse(verified, now)
    .unwrap_err();
    assert_eq!(fields(&e), vec!["date", "attachment_id"]);
}

fn clock(answered: Option<&str>, now: &str) -> MilestoneStatus {
    let f = RectificationFacts {
        verification_id: 9,
        verified_at: at("2022-11-02 10:00"),
        due_on: jiff::civil::date(2022, 11, 15),
        answered_at: answered.map(at),
    };
    rectification_milestones(
        &[f],
        &WorkingCalendar::embedded(),
        &WarningPolicy::default(),
        at(now),
    )
    .pop()
    .unwrap()
}

#[test]
fn the_rectification_clock_runs_to_24_00_of_its_due_day() {
    let m = clock(None, "2022-11-03 09:00");
    assert_eq!(m.key, "rectification_9");
    assert_eq!(m.due.as_ref().unwrap().at, at("2022-11-16 00:00"));
    assert_eq!(m.started_at, Some(at("2022-11-02 10:00")));
    assert_eq!(m.state, MilestoneState::Open);
    assert_eq!(
        clock(None, "2022-11-15 23:59").state,
        MilestoneState::DueSoon
    );
    assert_eq!(
        clock(None, "2022-11-16 00:01").state,
        MilestoneState::Overdue
    );
}

#[test]
fn the_answer_meets_the_clock_on_time_or_late() {
    assert_eq!(
        clock(Some("2022-11-14 16:00"), "2022-11-20 09:00").state,
        MilestoneState::OnTime
    );
    assert_eq!(
        clock(Some("2022-11-17 16:00"), "2022-11-20 09:00").state,
        MilestoneState::Late
    );
}
