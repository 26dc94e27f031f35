//! The backlog clocks and the 销号 form, worked by hand.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::clock::parse_time;
use crate::deadlines::MilestoneState;

fn at(s: &str) -> Timestamp {
    parse_time(s).unwrap()
}

fn facts() -> BacklogFacts {
    BacklogFacts {
        backlog: true,
        listed_at: at("2022-10-10 09:00"),
        plan_due_at: None,
        plan_set_at: None,
        resolved_at: None,
        last_contact_at: None,
    }
}

fn clocks(f: &BacklogFacts, rhythm: ContactRhythm, now: &str) -> Vec<MilestoneStatus> {
    backlog_milestones(
        f,
        rhythm,
        &WorkingCalendar::embedded(),
        &WarningPolicy::default(),
        at(now),
    )
}

#[test]
fn a_case_that_is_no_backlog_case_has_no_backlog_clocks() {
    let f = BacklogFacts {
        backlog: false,
        ..facts()
    };
    assert!(clocks(&f, ContactRhythm::Monthly, "2022-12-01 09:00").is_empty());
}

#[test]
fn the_plan_runs_to_its_due_day_and_warns_in_its_last_quarter() {
    let f = BacklogFacts {
        plan_set_at: Some(at("2022-10-10 09:00")),
        // 24:00 of 2022-12-31, Beijing.
        plan_due_at: Some(at("2023-01-01 00:00")),
        ..facts()
    };
    // 82 days 15 hours from 10-10 09:00 to 12-31 24:00; a quarter of that
    // is 20 days 15 h 45 min before the due time: 2022-12-11 08:15.
    let early = clocks(&f, ContactRhythm::Monthly, "2022-12-11 08:00");
    let plan = early.iter().find(|m| m.key == PLAN_KEY).unwrap();
    assert_eq!(plan.state, MilestoneState::Open);
    assert_eq!(plan.warn_from, Some(at("2022-12-11 08:15")));
    let soon = clocks(&f, ContactRhythm::Monthly, "2022-12-11 08:30");
    assert_eq!(soon[0].state, MilestoneState::DueSoon);
    let late = clocks(&f, ContactRhythm::Monthly, "2023-01-01 00:01");
    assert_eq!(late[0].state, MilestoneState::Overdue);
    // 销号 before the due time: met on time, and no more contact rhythm.
    let resolved = BacklogFacts {
        resolved_at: Some(at("2022-12-20 16:00")),
        ..f
    };
    let done = clocks(&resolved, ContactRhythm::Monthly, "2023-01-05 09:00");
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0].state, MilestoneState::OnTime);
    assert_eq!(done[0].completed_at, Some(at("2022-12-20 16:00")));
}

#[test]
fn contact_is_due_a_month_after_the_last_and_restarts_with_each() {
    let f = BacklogFacts {
        last_contact_at: Some(at("2022-10-15 10:00")),
        ..facts()
    };
    let c = clocks(&f, ContactRhythm::Monthly, "2022-11-10 09:00");
    let contact = c.iter().find(|m| m.key == CONTACT_KEY).unwrap();
    // 2022-11-15 24:00.
    assert_eq!(contact.due.as_ref().unwrap().at, at("2022-11-16 00:00"));
    assert_eq!(contact.started_at, Some(at("2022-10-15 10:00")));
    let overdue = clocks(&f, ContactRhythm::Monthly, "2022-11-16 00:01");
    assert_eq!(overdue[0].state, MilestoneState::Overdue);
    // Never contacted: from the day it became a backlog case.
    let never = clocks(&facts(), ContactRhythm::EveryDays(15), "2022-10-12 09:00");
    assert_eq!(never[0].due.as_ref().unwrap().at, at("2022-10-26 00:00"));
    assert!(
        never[0]
            .due
            .as_ref()
            .unwrap()
            .explanation
            .contains("每15天"),
        "{:?}",
        never[0].due
    );
}

#[test]
fn a_month_after_the_31st_ends_on_the_last_day_of_a_shorter_month() {
    let f = BacklogFacts {
        last_contact_at: Some(at("2023-01-31 15:00")),
        ..facts()
    };
    let c = clocks(&f, ContactRhythm::Monthly, "2023-02-01 09:00");
    // 2023-02-28 24:00.
    assert_eq!(c[0].due.as_ref().unwrap().at, at("2023-03-01 00:00"));
}

#[test]
fn the_rhythm_is_read_from_its_setting() {
    assert_eq!(
        ContactRhythm::parse("monthly"),
        Some(ContactRhythm::Monthly)
    );
    assert_eq!(ContactRhythm::parse("每月"), Some(ContactRhythm::Monthly));
    assert_eq!(
        ContactRhythm::parse("15"),
        Some(ContactRhythm::EveryDays(15))
    );
    assert_eq!(
        ContactRhythm::parse("15天"),
        Some(ContactRhythm::EveryDays(15))
    );
    assert_eq!(ContactRhythm::parse("0"), None);
    assert_eq!(ContactRhythm::parse("每周"), None);
    assert_eq!(ContactRhythm::EveryDays(15).as_setting(), "15");
}

#[test]
fn a_resolution_needs_its_evidence_and_a_time_that_can_be() {
    let received = at("2022-10-08 09:00");
    let now = at("2022-12-20 16:00");
    let ok = ResolveInput {
        at: String::new(),
        evidence: "补助资金已拨付到户，信访人签字确认".into(),
        attachment_id: "12".into(),
    }
    .parse(received, now)
    .unwrap();
    assert_eq!(
        (ok.at, ok.attachment_id),
        (now, Some(12)),
        "blank time: now"
    );
    let bad = ResolveInput {
        at: "2022-10-01".into(),
        evidence: "  ".into(),
        attachment_id: "扫描件".into(),
    }
    .parse(received, now)
    .unwrap_err();
    for f in ["at", "evidence", "attachment_id"] {
        assert!(bad.has(f), "{f} not named: {bad}");
    }
    let future = ResolveInput {
        at: "2022-12-21".into(),
        evidence: "已化解".into(),
        ..ResolveInput::default()
    };
    assert!(future.parse(received, now).unwrap_err().has("at"));
}
