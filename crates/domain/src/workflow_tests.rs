//! Every allowed and refused transition of the six steps, by role and state.
//!
//! The expectations below are written out by hand from the rules of the six
//! steps; none is computed by calling the code under test.
#![allow(clippy::unwrap_used)]

use crate::access::{Actor, Role as R};
use crate::case::Case;
use crate::org::OrgKind as K;
use crate::vocab::{Finding, Satisfaction};
use crate::workflow::{
    Assignment, CaseStatus as S, EventKind as E, STEP_NAMES, Step, StepError, Transition,
    allowed_steps, check, check_fields, plan,
};
use crate::workflow_fixtures::{
    BUREAU, CO_UNIT, INSPECTION, LEAD_UNIT, LEADER, LEADERSHIP, OTHER_LEADER, OTHER_TOWNSHIP,
    TOWNSHIP, UNRELATED_DEPT, case, now, words,
};

// ---- states, steps, users ------------------------------------------------

#[rustfmt::skip]
const STATUSES: [S; 5] = [S::Registered, S::Assigned, S::Handling, S::ReturnVisit, S::Closed];
const STEPS: &str = "assign contact visit report opinion return_visit close send_back urge comment escalate \
                     reopen deliver review request_extension extend correct";

fn actor(user_id: i64, org_id: i64, org_kind: K, role: R) -> Actor {
    let (username, display_name) = (format!("u{user_id}"), format!("用户{user_id}"));
    let roles = vec![role];
    Actor {
        user_id,
        username,
        display_name,
        org_id,
        org_kind,
        roles,
    }
}

fn district() -> Actor {
    actor(1, BUREAU, K::Bureau, R::DistrictAdmin)
}
fn township_own() -> Actor {
    actor(2, TOWNSHIP, K::Township, R::TownshipOfficer)
}
fn township_other() -> Actor {
    actor(3, OTHER_TOWNSHIP, K::Township, R::TownshipOfficer)
}
fn dept_lead() -> Actor {
    actor(4, LEAD_UNIT, K::Department, R::DepartmentHandler)
}
fn dept_co() -> Actor {
    actor(5, CO_UNIT, K::Department, R::DepartmentHandler)
}
fn dept_unrelated() -> Actor {
    actor(6, UNRELATED_DEPT, K::Department, R::DepartmentHandler)
}
fn leader_own() -> Actor {
    actor(LEADER, LEADERSHIP, K::Leadership, R::CaseLeader)
}
fn leader_other() -> Actor {
    actor(OTHER_LEADER, LEADERSHIP, K::Leadership, R::CaseLeader)
}
fn inspector() -> Actor {
    actor(7, INSPECTION, K::Inspection, R::Inspector)
}
fn bare_admin() -> Actor {
    actor(8, BUREAU, K::Bureau, R::Admin)
}

// ---- outcomes ------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Go(S, E),
    No,
    Forbidden,
}
use Want::{Forbidden as FB, Go, No};

fn outcome(r: Result<Transition, StepError>) -> Want {
    match r {
        Ok(t) => Go(t.to, t.event),
        Err(StepError::NotNow(_)) => No,
        Err(StepError::Forbidden(_)) => FB,
    }
}

/// What `check` says about `actor` taking `step` on `case`.
fn try_step(actor: &Actor, case: &Case, step: &str) -> Want {
    outcome(check(actor, case, step))
}

fn not_now_message(r: Result<Transition, StepError>) -> String {
    match r {
        Err(StepError::NotNow(m)) => m,
        other => panic!("expected NotNow, got {other:?}"),
    }
}

fn forbidden_message(r: Result<Transition, StepError>) -> String {
    match r {
        Err(StepError::Forbidden(m)) => m,
        other => panic!("expected Forbidden, got {other:?}"),
    }
}

// ---- the state table, for the district -----------------------------------

#[test]
fn step_names_are_the_sixteen_actions() {
    let names: Vec<&str> = STEP_NAMES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, words(STEPS));
}

#[test]
fn district_admin_every_status_and_step() {
    // Columns: 已登记, 已转办, 办理中, 待回访, 已办结. Cases carry a complete,
    // satisfied record so that only the status decides.
    #[rustfmt::skip]
    let table: [(&str, [Want; 5]); 13] = [
        ("assign",       [Go(S::Assigned, E::Assigned), Go(S::Assigned, E::Reassigned), Go(S::Handling, E::Reassigned), No, No]),
        ("contact",      [No, Go(S::Handling, E::Contact), Go(S::Handling, E::Contact), Go(S::ReturnVisit, E::Contact), No]),
        ("visit",        [No, Go(S::Handling, E::Visit), Go(S::Handling, E::Visit), Go(S::ReturnVisit, E::Visit), No]),
        ("report",       [No, Go(S::Handling, E::Report), Go(S::Handling, E::Report), Go(S::ReturnVisit, E::Report), No]),
        ("opinion",      [No, No, Go(S::ReturnVisit, E::Opinion), No, No]),
        ("return_visit", [No, No, No, Go(S::ReturnVisit, E::ReturnVisit), No]),
        ("close",        [No, No, No, Go(S::Closed, E::Closed), No]),
        ("send_back",    [No, No, No, No, No]),
        ("urge",         [Go(S::Registered, E::Urge), Go(S::Assigned, E::Urge), Go(S::Handling, E::Urge), Go(S::ReturnVisit, E::Urge), No]),
        ("comment",      [Go(S::Registered, E::Comment), Go(S::Assigned, E::Comment), Go(S::Handling, E::Comment), Go(S::ReturnVisit, E::Comment), Go(S::Closed, E::Comment)]),
        ("escalate",     [Go(S::Registered, E::Escalate), Go(S::Assigned, E::Escalate), Go(S::Handling, E::Escalate), Go(S::ReturnVisit, E::Escalate), No]),
        ("reopen",       [No, No, No, No, Go(S::Handling, E::Reopen)]),
        ("correct",      [Go(S::Registered, E::Corrected), Go(S::Assigned, E::Corrected), Go(S::Handling, E::Corrected), Go(S::ReturnVisit, E::Corrected), Go(S::Closed, E::Corrected)]),
    ];
    let d = district();
    let mut wrong = Vec::new();
    for (step, row) in table {
        for (status, want) in STATUSES.into_iter().zip(row) {
            let got = try_step(&d, &case(status).complete().build(), step);
            if got != want {
                wrong.push(format!("{step} in {status}: want {want:?}, got {got:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_refusal_on_a_closed_case_says_it_is_closed() {
    let c = case(S::Closed).complete().build();
    for step in words("assign contact visit report opinion return_visit close urge escalate") {
        let msg = not_now_message(check(&district(), &c, step));
        assert!(msg.contains("已办结"), "{step}: {msg}");
    }
}

#[test]
fn close_needs_the_whole_record_and_a_satisfied_petitioner() {
    let d = district();
    let all = ["是否属实", "三到位一处理", "回访记录"];
    let cases = [
        (case(S::ReturnVisit).complete().finding(None), "是否属实"),
        (case(S::ReturnVisit).complete().tri(None), "三到位一处理"),
        (
            case(S::ReturnVisit).complete().return_visit(false),
            "回访记录",
        ),
    ];
    for (b, missing) in cases {
        let msg = not_now_message(check(&d, &b.build(), "close"));
        assert!(msg.contains(missing), "{missing}: {msg}");
        for other in all.iter().filter(|o| **o != missing) {
            assert!(!msg.contains(other), "{missing} only, got: {msg}");
        }
    }
    // Nothing recorded: all three are named at once.
    let msg = not_now_message(check(&d, &case(S::ReturnVisit).build(), "close"));
    for needle in all {
        assert!(msg.contains(needle), "{needle}: {msg}");
    }
    // Everything recorded, but the petitioner is not satisfied.
    let msg = not_now_message(check(&d, &case(S::ReturnVisit).unhappy().build(), "close"));
    assert!(msg.contains("不满意"), "{msg}");
    // A return visit on record without a satisfaction answer is not enough.
    let unknown = case(S::ReturnVisit).complete().satisfaction(None).build();
    assert_eq!(try_step(&d, &unknown, "close"), No);
}

#[test]
fn an_unknown_step_is_refused_and_never_offered() {
    let c = case(S::Handling).build();
    let msg = not_now_message(check(&district(), &c, "delete"));
    assert!(msg.contains("delete"), "{msg}");
    assert!(!allowed_steps(&district(), &c).contains(&"delete"));
}

// ---- who may do what -------------------------------------------------------

/// A case in a state where the district may take `step`, so that only the
/// actor's standing decides.
fn stage_for(step: &str) -> Case {
    match step {
        "return_visit" | "close" | "review" => case(S::ReturnVisit).complete().build(),
        "send_back" => case(S::ReturnVisit).awaiting_decision().build(),
        "reopen" => case(S::Closed).complete().build(),
        // Before assignment: the registering township may still correct.
        "correct" => case(S::Registered).units(vec![]).build(),
        _ => case(S::Handling).build(),
    }
}

#[test]
fn permissions_by_role() {
    let handlers =
        "contact visit report opinion return_visit close comment deliver request_extension";
    let actors: [(&str, Actor, &str); 10] = [
        ("district", district(), STEPS),
        (
            "township of the case",
            township_own(),
            &format!("{handlers} correct"),
        ),
        ("another township", township_other(), ""),
        ("lead unit", dept_lead(), handlers),
        ("co unit", dept_co(), handlers),
        ("unrelated department", dept_unrelated(), ""),
        ("owning leader", leader_own(), "urge comment"),
        ("other leader", leader_other(), ""),
        ("inspector", inspector(), ""),
        ("bare admin", bare_admin(), ""),
    ];
    let mut wrong = Vec::new();
    for (who, a, allowed) in &actors {
        for step in words(STEPS) {
            let got = try_step(a, &stage_for(step), step);
            let ok = matches!(got, Go(..));
            if ok != words(allowed).contains(&step) || (!ok && got != FB) {
                wrong.push(format!("{who} {step}: got {got:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn forbidden_messages_name_who_may() {
    let c = case(S::Handling).build();
    let msg = forbidden_message(check(&township_own(), &c, "assign"));
    assert!(msg.contains("区乡村振兴局"), "{msg}");
    let msg = forbidden_message(check(&dept_unrelated(), &c, "contact"));
    assert!(msg.contains("承办单位"), "{msg}");
    let msg = forbidden_message(check(&leader_other(), &c, "urge"));
    assert!(msg.contains("包案领导"), "{msg}");
}

#[test]
fn readers_are_forbidden_everything_in_every_state() {
    for a in [inspector(), bare_admin()] {
        for status in STATUSES {
            let c = case(status).complete().build();
            for step in words(STEPS).into_iter().chain(["delete"]) {
                let msg = forbidden_message(check(&a, &c, step));
                assert!(msg.contains("只能查看"), "{:?} {step}: {msg}", a.roles);
            }
            assert!(allowed_steps(&a, &c).is_empty());
        }
    }
}

#[test]
fn permission_is_checked_before_state() {
    let registered = case(S::Registered).units(vec![]).build();
    // The case's own township may act before assignment, but not yet.
    assert_eq!(try_step(&township_own(), &registered, "contact"), No);
    assert_eq!(try_step(&township_other(), &registered, "contact"), FB);
    let closed = case(S::Closed).complete().build();
    assert_eq!(try_step(&leader_own(), &closed, "urge"), No);
    assert_eq!(try_step(&leader_own(), &closed, "contact"), FB);
    assert_eq!(try_step(&dept_lead(), &closed, "reopen"), FB);
    assert_eq!(try_step(&dept_unrelated(), &closed, "comment"), FB);
}

#[test]
fn a_township_is_involved_by_territory_or_by_assignment() {
    // A case in the other township, assigned to our township as lead unit.
    let c = case(S::Handling)
        .township_id(OTHER_TOWNSHIP)
        .units(vec![(TOWNSHIP, true)])
        .build();
    let visit = Go(S::Handling, E::Visit);
    assert_eq!(try_step(&township_own(), &c, "visit"), visit);
    assert_eq!(try_step(&township_other(), &c, "visit"), visit);
    assert_eq!(try_step(&dept_lead(), &c, "visit"), FB);
    // Territory counts for township officers only, not department handlers.
    let odd = actor(9, TOWNSHIP, K::Department, R::DepartmentHandler);
    assert_eq!(try_step(&odd, &case(S::Handling).build(), "visit"), FB);
}

#[test]
fn a_leader_acts_only_on_cases_they_own() {
    let unowned = case(S::Handling).leader(None).build();
    assert_eq!(try_step(&leader_own(), &unowned, "urge"), FB);
    assert_eq!(try_step(&leader_own(), &unowned, "comment"), FB);
    let owned = case(S::Registered).units(vec![]).build();
    let urge = try_step(&leader_own(), &owned, "urge");
    assert_eq!(urge, Go(S::Registered, E::Urge));
    assert_eq!(try_step(&leader_own(), &owned, "escalate"), FB);
}

// ---- plan -----------------------------------------------------------------

fn return_visit_step(satisfaction: Satisfaction) -> Step {
    let (at, note) = (now(), "已回访".into());
    Step::ReturnVisit {
        at,
        satisfaction,
        stable: true,
        note,
    }
}

fn assign_step(unit_id: i64, co_unit_ids: Vec<i64>) -> Step {
    Step::Assign(Assignment {
        unit_id,
        co_unit_ids,
        handler_user_id: None,
        handler_name: None,
        handler_phone: None,
        leader_user_id: None,
        note: None,
        at: now(),
    })
}

#[test]
fn plan_sends_a_dissatisfied_return_visit_back_to_handling() {
    let c = case(S::ReturnVisit).finding(Some(Finding::True)).build();
    let d = district();
    let unhappy = return_visit_step(Satisfaction::Dissatisfied);
    let back = Go(S::Handling, E::ReturnVisit);
    assert_eq!(outcome(plan(&d, &c, &unhappy)), back);
    let happy = return_visit_step(Satisfaction::Satisfied);
    let stay = Go(S::ReturnVisit, E::ReturnVisit);
    assert_eq!(outcome(plan(&d, &c, &happy)), stay);
    // Not in 办理中, and not by someone uninvolved.
    assert_eq!(outcome(plan(&d, &case(S::Handling).build(), &unhappy)), No);
    assert_eq!(outcome(plan(&township_other(), &c, &unhappy)), FB);
}

#[test]
fn plan_refuses_a_co_unit_equal_to_the_lead_unit() {
    let c = case(S::Registered).units(vec![]).build();
    let d = district();
    let same = assign_step(LEAD_UNIT, vec![CO_UNIT, LEAD_UNIT]);
    let msg = not_now_message(plan(&d, &c, &same));
    assert!(msg.contains("协办单位"), "{msg}");
    let fine = assign_step(LEAD_UNIT, vec![CO_UNIT]);
    assert_eq!(outcome(plan(&d, &c, &fine)), Go(S::Assigned, E::Assigned));
    // Permission is decided first.
    assert_eq!(outcome(plan(&township_own(), &c, &same)), FB);
}

// ---- allowed_steps ----------------------------------------------------------

#[test]
fn allowed_steps_for_typical_desks() {
    let registered = case(S::Registered).units(vec![]).build();
    let handling = case(S::Handling).build();
    let ready = case(S::ReturnVisit).complete().build();
    let unhappy = case(S::ReturnVisit).unhappy().build();
    let awaiting = case(S::ReturnVisit).awaiting_decision().build();
    let closed = case(S::Closed).complete().build();
    #[rustfmt::skip]
    let rows: [(&str, Actor, &Case, &str); 15] = [
        ("district/已登记", district(), &registered, "assign urge comment escalate extend correct"),
        ("district/办理中", district(), &handling, "assign contact visit report opinion urge comment escalate deliver request_extension extend correct"),
        ("district/待回访", district(), &ready, "contact visit report return_visit close urge comment escalate deliver review request_extension extend correct"),
        ("district/待回访 不满意", district(), &unhappy, "contact visit report return_visit urge comment escalate deliver review request_extension extend correct"),
        ("district/待回访 不满意 已送达", district(), &awaiting, "contact visit report return_visit close send_back urge comment escalate deliver review request_extension extend correct"),
        ("district/已办结", district(), &closed, "comment reopen deliver review correct"),
        ("township/已登记", township_own(), &registered, "comment correct"),
        ("township/办理中", township_own(), &handling, "contact visit report opinion comment deliver request_extension"),
        ("lead unit/已办结", dept_lead(), &closed, "comment deliver"),
        ("co unit/待回访", dept_co(), &ready, "contact visit report return_visit close comment deliver request_extension"),
        ("township/待回访 不满意 已送达", township_own(), &awaiting, "contact visit report return_visit comment deliver request_extension"),
        ("lead unit/待回访 不满意 已送达", dept_lead(), &awaiting, "contact visit report return_visit comment deliver request_extension"),
        ("leader/办理中", leader_own(), &handling, "urge comment"),
        ("leader/已办结", leader_own(), &closed, "comment"),
        ("other township/办理中", township_other(), &handling, ""),
    ];
    for (label, a, c, want) in rows {
        assert_eq!(allowed_steps(&a, c), words(want), "{label}");
    }
}

#[test]
fn the_registering_township_corrects_only_until_the_case_is_assigned() {
    let registered = case(S::Registered).units(vec![]).build();
    let corrected = Go(S::Registered, E::Corrected);
    assert_eq!(try_step(&township_own(), &registered, "correct"), corrected);
    assert_eq!(try_step(&district(), &registered, "correct"), corrected);
    // Assigned — even to the township itself — it is the district's to correct.
    for c in [
        case(S::Assigned).build(),
        case(S::Assigned).units(vec![(TOWNSHIP, true)]).build(),
        case(S::Handling).units(vec![(TOWNSHIP, true)]).build(),
    ] {
        let msg = not_now_message(check(&township_own(), &c, "correct"));
        assert!(msg.contains("区乡村振兴局"), "{msg}");
        assert_eq!(
            try_step(&district(), &c, "correct"),
            Go(c.status, E::Corrected)
        );
    }
    // Another township, a department on the case, its leader, the readers: never.
    let msg = forbidden_message(check(&township_other(), &registered, "correct"));
    assert!(msg.contains("更正登记信息"), "{msg}");
    for a in [dept_lead(), leader_own(), inspector(), bare_admin()] {
        assert_eq!(
            try_step(&a, &case(S::Handling).build(), "correct"),
            FB,
            "{:?}",
            a.roles
        );
    }
}

// ---- 不满意: 退回重办 or 依法办结 ----------------------------------------------

#[test]
fn a_dissatisfied_return_visit_after_delivery_waits_for_the_district() {
    let d = district();
    let unhappy = return_visit_step(Satisfaction::Dissatisfied);
    // Before the 处理意见书 was delivered: back to 办, as always.
    let undelivered = case(S::ReturnVisit).complete().build();
    assert_eq!(
        outcome(plan(&d, &undelivered, &unhappy)),
        Go(S::Handling, E::ReturnVisit)
    );
    // After it: the case stays in 回访 until the district decides.
    let delivered = case(S::ReturnVisit).complete().delivered(true).build();
    assert_eq!(
        outcome(plan(&township_own(), &delivered, &unhappy)),
        Go(S::ReturnVisit, E::ReturnVisit)
    );
    // Meanwhile the unit cannot issue a new opinion on its own.
    let waiting = case(S::ReturnVisit).awaiting_decision().build();
    let msg = not_now_message(check(&township_own(), &waiting, "opinion"));
    assert!(msg.contains("待区乡村振兴局决定"), "{msg}");
}

#[test]
fn the_district_sends_back_or_closes_with_dissatisfaction_kept() {
    let waiting = case(S::ReturnVisit).awaiting_decision().build();
    let d = district();
    assert_eq!(
        try_step(&d, &waiting, "send_back"),
        Go(S::Handling, E::SentBack)
    );
    assert_eq!(try_step(&d, &waiting, "close"), Go(S::Closed, E::Closed));
    // The units may neither: it is the district's decision.
    for unit in [township_own(), dept_lead(), dept_co()] {
        let msg = forbidden_message(check(&unit, &waiting, "close"));
        assert!(msg.contains("区乡村振兴局"), "{msg}");
        assert_eq!(try_step(&unit, &waiting, "send_back"), FB);
    }
    // Nothing to decide on a satisfied petitioner, or before the delivery.
    let ready = case(S::ReturnVisit).complete().delivered(true).build();
    assert_eq!(try_step(&d, &ready, "send_back"), No);
    let undelivered = case(S::ReturnVisit).unhappy().build();
    assert_eq!(try_step(&d, &undelivered, "send_back"), No);
    let msg = not_now_message(check(&d, &undelivered, "close"));
    assert!(msg.contains("尚未送达"), "{msg}");
}

#[test]
fn closing_a_dissatisfied_case_needs_a_closing_note() {
    let waiting = case(S::ReturnVisit).awaiting_decision().build();
    let bare = Step::Close { note: None };
    let errors = check_fields(&waiting, &bare).unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("办结说明"), "{text}");
    let noted = Step::Close {
        note: Some("已依法答复，告知复查途径".into()),
    };
    assert!(check_fields(&waiting, &noted).is_ok());
    // A satisfied petitioner's case closes without one, as before.
    let ready = case(S::ReturnVisit).complete().delivered(true).build();
    assert!(check_fields(&ready, &bare).is_ok());
}
