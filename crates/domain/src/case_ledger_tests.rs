//! The ledger forms parsed without a database: kept, cleared and refused fields.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::clock::parse_time;

fn at(s: &str) -> Timestamp {
    parse_time(s).unwrap()
}

fn stored() -> (BacklogChange, CaseLedger) {
    (
        BacklogChange {
            backlog: true,
            backlog_reason: Some("资金拨付滞后".into()),
            leader_user_id: Some(7),
        },
        CaseLedger {
            first_visit_at: Some(at("2021-05-10 09:00")),
            plan: "先核实".into(),
            plan_due_at: Some(at("2023-01-01 00:00")),
            review: "已复查".into(),
            ..CaseLedger::default()
        },
    )
}

#[test]
fn an_empty_backlog_form_changes_nothing() {
    let (change, ledger) = stored();
    let edit = BacklogInput::default()
        .parse(&change, &ledger, at("2022-10-10 10:00"))
        .unwrap();
    assert_eq!(edit.change, change);
    assert_eq!(edit.ledger, ledger);
    assert_eq!(edit.version, None);
}

#[test]
fn blank_fields_clear_and_given_ones_replace() {
    let (change, ledger) = stored();
    let input = BacklogInput {
        backlog: Some(String::new()),
        backlog_reason: Some(String::new()),
        leader_user_id: Some(String::new()),
        plan_due: Some("2022-12-31".into()),
        version: "4".into(),
        ..BacklogInput::default()
    };
    let edit = input
        .parse(&change, &ledger, at("2022-10-10 10:00"))
        .unwrap();
    assert_eq!(
        edit.change,
        BacklogChange {
            backlog: false,
            backlog_reason: None,
            leader_user_id: None
        }
    );
    // 24:00 of 2022-12-31 Beijing time.
    assert_eq!(edit.ledger.plan_due_at, Some(at("2023-01-01 00:00")));
    assert_eq!(edit.ledger.plan, "先核实", "left out: kept");
    assert_eq!(edit.version, Some(4));
}

#[test]
fn bad_backlog_fields_are_named_all_at_once() {
    let (mut change, ledger) = stored();
    change.backlog = false;
    let input = BacklogInput {
        backlog: Some("是".into()),
        backlog_reason: Some("  ".into()),
        leader_user_id: Some("七".into()),
        first_visit_at: Some("2030-01-01".into()),
        plan_due: Some("2022-13-40".into()),
        ..BacklogInput::default()
    };
    let e = input
        .parse(&change, &ledger, at("2022-10-10 10:00"))
        .unwrap_err();
    for field in [
        "backlog_reason",
        "leader_user_id",
        "first_visit_at",
        "plan_due",
    ] {
        assert!(e.has(field), "{field} not named in {e}");
    }
}

#[test]
fn the_provincial_due_day_equal_to_the_milestone_is_no_override() {
    let (_, ledger) = stored();
    let handled = Some(at("2022-10-21 00:00")); // 24:00 of 10-20
    let same = ProvincialInput {
        due: Some("2022-10-20".into()),
        ..ProvincialInput::default()
    };
    assert_eq!(same.parse(&ledger, handled).unwrap().due_at, None);
    let later = ProvincialInput {
        due: Some("2022-10-25".into()),
        legal_progress: Some("不涉及".into()),
        ..ProvincialInput::default()
    };
    let l = later.parse(&ledger, handled).unwrap();
    assert_eq!(l.due_at, Some(at("2022-10-26 00:00")));
    assert_eq!(
        (l.review.as_str(), l.legal_progress.as_str()),
        ("已复查", "不涉及")
    );
}

#[test]
fn a_follow_up_lies_between_the_case_and_now() {
    let received = at("2022-10-08 09:00");
    let now = at("2022-10-20 09:00");
    let ok = FollowUpInput {
        at: "2022-10-08 08:00".into(),
        note: "电话回访，情绪稳定".into(),
    };
    assert_eq!(
        ok.parse(received, now).unwrap(),
        NewFollowUp {
            visited_at: at("2022-10-08 08:00"),
            note: "电话回访，情绪稳定".into()
        },
        "the same day as the 接待日期 is fine"
    );
    let early = FollowUpInput {
        at: "2022-10-07".into(),
        ..ok.clone()
    };
    assert!(early.parse(received, now).unwrap_err().has("at"));
    let late = FollowUpInput {
        at: "2022-10-20 09:30".into(),
        note: String::new(),
    };
    let e = late.parse(received, now).unwrap_err();
    assert!(e.has("at") && e.has("note"), "{e}");
}
