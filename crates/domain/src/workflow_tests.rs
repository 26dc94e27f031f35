//! Every allowed and refused transition of the six steps, by role and state.
//!
//! The expectations below are written out by hand from the rules of the six
//! steps; none is computed by calling the code under test.
#![allow(clippy::unwrap_used)]

use jiff::Timestamp;

use crate::access::{Actor, Role};
use crate::case::{Case, CaseUnit};
use crate::clock::parse_time;
use crate::errors::FieldErrors;
use crate::org::OrgKind;
use crate::vocab::{
    CaseKind, Category, Channel, ContactMethod, Finding, ReportKind, Satisfaction, SourceLevel,
    TriAnswer, TriRecord,
};
use crate::workflow::{
    Assignment, CaseStatus as S, EventKind as E, STEP_NAMES, Step, StepError, StepInput,
    Transition, allowed_steps, check, plan,
};

// ---- organisations and users -------------------------------------------

const BUREAU: i64 = 1;
const TOWNSHIP: i64 = 10;
const OTHER_TOWNSHIP: i64 = 11;
const LEAD_UNIT: i64 = 20;
const CO_UNIT: i64 = 21;
const UNRELATED_DEPT: i64 = 22;
const LEADERSHIP: i64 = 30;
const INSPECTION: i64 = 40;
const LEADER: i64 = 500;
const OTHER_LEADER: i64 = 501;

const STATUSES: [S; 5] = [
    S::Registered,
    S::Assigned,
    S::Handling,
    S::ReturnVisit,
    S::Closed,
];
const STEPS: [&str; 11] = [
    "assign",
    "contact",
    "visit",
    "report",
    "opinion",
    "return_visit",
    "close",
    "urge",
    "comment",
    "escalate",
    "reopen",
];

fn now() -> Timestamp {
    parse_time("2022-09-26 09:10").unwrap()
}

fn actor(user_id: i64, org_id: i64, org_kind: OrgKind, roles: &[Role]) -> Actor {
    Actor {
        user_id,
        username: format!("u{user_id}"),
        display_name: format!("用户{user_id}"),
        org_id,
        org_kind,
        roles: roles.to_vec(),
    }
}

fn district() -> Actor {
    actor(1, BUREAU, OrgKind::Bureau, &[Role::DistrictAdmin])
}
fn township_own() -> Actor {
    actor(2, TOWNSHIP, OrgKind::Township, &[Role::TownshipOfficer])
}
fn township_other() -> Actor {
    actor(
        3,
        OTHER_TOWNSHIP,
        OrgKind::Township,
        &[Role::TownshipOfficer],
    )
}
fn dept_lead() -> Actor {
    actor(
        4,
        LEAD_UNIT,
        OrgKind::Department,
        &[Role::DepartmentHandler],
    )
}
fn dept_co() -> Actor {
    actor(5, CO_UNIT, OrgKind::Department, &[Role::DepartmentHandler])
}
fn dept_unrelated() -> Actor {
    actor(
        6,
        UNRELATED_DEPT,
        OrgKind::Department,
        &[Role::DepartmentHandler],
    )
}
fn leader_own() -> Actor {
    actor(LEADER, LEADERSHIP, OrgKind::Leadership, &[Role::CaseLeader])
}
fn leader_other() -> Actor {
    actor(
        OTHER_LEADER,
        LEADERSHIP,
        OrgKind::Leadership,
        &[Role::CaseLeader],
    )
}
fn inspector() -> Actor {
    actor(7, INSPECTION, OrgKind::Inspection, &[Role::Inspector])
}
fn bare_admin() -> Actor {
    actor(8, BUREAU, OrgKind::Bureau, &[Role::Admin])
}

// ---- cases ---------------------------------------------------------------

/// A case in `status`, in township [`TOWNSHIP`], led by [`LEAD_UNIT`] with
/// [`CO_UNIT`] helping, owned by [`LEADER`]; nothing of 回/交 recorded yet.
struct CaseBuilder {
    status: S,
    township_id: i64,
    units: Vec<(i64, bool)>,
    leader: Option<i64>,
    finding: Option<Finding>,
    tri: Option<TriRecord>,
    return_visit: bool,
    satisfaction: Option<Satisfaction>,
}

fn case(status: S) -> CaseBuilder {
    CaseBuilder {
        status,
        township_id: TOWNSHIP,
        units: vec![(LEAD_UNIT, true), (CO_UNIT, false)],
        leader: Some(LEADER),
        finding: None,
        tri: None,
        return_visit: false,
        satisfaction: None,
    }
}

fn tri_all(a: TriAnswer) -> TriRecord {
    TriRecord {
        reasonable_resolved: a,
        unreasonable_guided: a,
        hardship_helped: a,
        unlawful_handled: a,
    }
}

impl CaseBuilder {
    fn township(mut self, id: i64) -> Self {
        self.township_id = id;
        self
    }
    fn units(mut self, lead: Option<i64>, co: &[i64]) -> Self {
        self.units = lead.map(|l| (l, true)).into_iter().collect();
        self.units.extend(co.iter().map(|c| (*c, false)));
        self
    }
    fn leader(mut self, leader: Option<i64>) -> Self {
        self.leader = leader;
        self
    }
    fn finding(mut self, f: Option<Finding>) -> Self {
        self.finding = f;
        self
    }
    fn tri(mut self, t: Option<TriRecord>) -> Self {
        self.tri = t;
        self
    }
    fn return_visit(mut self, done: bool) -> Self {
        self.return_visit = done;
        self
    }
    fn satisfaction(mut self, s: Option<Satisfaction>) -> Self {
        self.satisfaction = s;
        self
    }
    /// Finding, 三到位一处理 and a satisfied return visit all recorded.
    fn complete(self) -> Self {
        self.finding(Some(Finding::Partly))
            .tri(Some(tri_all(TriAnswer::Yes)))
            .return_visit(true)
            .satisfaction(Some(Satisfaction::Satisfied))
    }
    fn build(self) -> Case {
        let t = parse_time("2022-09-20 10:00").unwrap();
        Case {
            id: 1,
            number: "建安信访〔2022〕0001号".into(),
            kind: CaseKind::FirstPetition,
            channel: Channel::Visit,
            source_level: SourceLevel::Own,
            key_assigned: false,
            received_at: t,
            township_id: self.township_id,
            township: "某镇".into(),
            village_id: None,
            village: None,
            summary: "危房改造补助未到位".into(),
            category: Category::Housing,
            status: self.status,
            petitioner: None,
            companions: Vec::new(),
            units: (self.units.iter())
                .map(|(id, lead)| CaseUnit {
                    org_id: *id,
                    name: format!("单位{id}"),
                    lead: *lead,
                })
                .collect(),
            handler_user_id: None,
            handler_name: None,
            handler_phone: None,
            leader_user_id: self.leader,
            leader_name: self.leader.map(|_| "包案领导".into()),
            finding: self.finding,
            tri: self.tri,
            opinion: self.finding.map(|_| "已处理".into()),
            satisfaction: self.satisfaction,
            return_visit_at: self.return_visit.then_some(t),
            stable: None,
            backlog: false,
            backlog_reason: None,
            remarks: None,
            online: None,
            related_case_id: None,
            related_case_number: None,
            supervision_level: 0,
            closed_at: (self.status == S::Closed).then_some(t),
            version: 1,
            created_at: t,
            updated_at: t,
        }
    }
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
fn step_names_are_the_eleven_actions() {
    let names: Vec<&str> = STEP_NAMES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, STEPS);
}

#[test]
fn district_admin_every_status_and_step() {
    // Columns: 已登记, 已转办, 办理中, 待回访, 已办结. Cases carry a complete,
    // satisfied record so that only the status decides.
    #[rustfmt::skip]
    let table: [(&str, [Want; 5]); 11] = [
        ("assign",       [Go(S::Assigned, E::Assigned), Go(S::Assigned, E::Reassigned), Go(S::Handling, E::Reassigned), No, No]),
        ("contact",      [No, Go(S::Handling, E::Contact), Go(S::Handling, E::Contact), Go(S::ReturnVisit, E::Contact), No]),
        ("visit",        [No, Go(S::Handling, E::Visit), Go(S::Handling, E::Visit), Go(S::ReturnVisit, E::Visit), No]),
        ("report",       [No, Go(S::Handling, E::Report), Go(S::Handling, E::Report), Go(S::ReturnVisit, E::Report), No]),
        ("opinion",      [No, No, Go(S::ReturnVisit, E::Opinion), No, No]),
        ("return_visit", [No, No, No, Go(S::ReturnVisit, E::ReturnVisit), No]),
        ("close",        [No, No, No, Go(S::Closed, E::Closed), No]),
        ("urge",         [Go(S::Registered, E::Urge), Go(S::Assigned, E::Urge), Go(S::Handling, E::Urge), Go(S::ReturnVisit, E::Urge), No]),
        ("comment",      [Go(S::Registered, E::Comment), Go(S::Assigned, E::Comment), Go(S::Handling, E::Comment), Go(S::ReturnVisit, E::Comment), Go(S::Closed, E::Comment)]),
        ("escalate",     [Go(S::Registered, E::Escalate), Go(S::Assigned, E::Escalate), Go(S::Handling, E::Escalate), Go(S::ReturnVisit, E::Escalate), No]),
        ("reopen",       [No, No, No, No, Go(S::Handling, E::Reopen)]),
    ];
    let d = district();
    let mut wrong = Vec::new();
    for (step, row) in table {
        for (status, want) in STATUSES.into_iter().zip(row) {
            let got = outcome(check(&d, &case(status).complete().build(), step));
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
    for step in STEPS {
        if step == "comment" || step == "reopen" {
            continue;
        }
        let msg = not_now_message(check(&district(), &c, step));
        assert!(msg.contains("已办结"), "{step}: {msg}");
    }
}

#[test]
fn close_names_each_missing_record() {
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
}

#[test]
fn close_is_refused_unless_the_petitioner_is_satisfied() {
    let d = district();
    let unhappy = case(S::ReturnVisit)
        .complete()
        .satisfaction(Some(Satisfaction::Dissatisfied))
        .build();
    let msg = not_now_message(check(&d, &unhappy, "close"));
    assert!(msg.contains("不满意"), "{msg}");
    // A return visit on record without a satisfaction answer is not enough.
    let unknown = case(S::ReturnVisit).complete().satisfaction(None).build();
    assert_eq!(outcome(check(&d, &unknown, "close")), No);
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
        "return_visit" | "close" => case(S::ReturnVisit).complete().build(),
        "reopen" => case(S::Closed).complete().build(),
        _ => case(S::Handling).build(),
    }
}

#[test]
fn permissions_by_role() {
    let handlers = [
        "contact",
        "visit",
        "report",
        "opinion",
        "return_visit",
        "close",
        "comment",
    ];
    let actors: [(&str, Actor, &[&str]); 10] = [
        ("district", district(), &STEPS),
        ("township of the case", township_own(), &handlers),
        ("another township", township_other(), &[]),
        ("lead unit", dept_lead(), &handlers),
        ("co unit", dept_co(), &handlers),
        ("unrelated department", dept_unrelated(), &[]),
        ("owning leader", leader_own(), &["urge", "comment"]),
        ("other leader", leader_other(), &[]),
        ("inspector", inspector(), &[]),
        ("bare admin", bare_admin(), &[]),
    ];
    let mut wrong = Vec::new();
    for (who, a, allowed) in &actors {
        for step in STEPS {
            let got = outcome(check(a, &stage_for(step), step));
            let ok = matches!(got, Go(..));
            if ok != allowed.contains(&step) || (!ok && got != FB) {
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
            for step in STEPS.into_iter().chain(["delete"]) {
                let msg = forbidden_message(check(&a, &c, step));
                assert!(msg.contains("只能查看"), "{:?} {step}: {msg}", a.roles);
            }
            assert!(allowed_steps(&a, &c).is_empty());
        }
    }
}

#[test]
fn permission_is_checked_before_state() {
    let registered = case(S::Registered).units(None, &[]).build();
    // The case's own township may act before assignment, but not yet.
    assert_eq!(outcome(check(&township_own(), &registered, "contact")), No);
    assert_eq!(
        outcome(check(&township_other(), &registered, "contact")),
        FB
    );
    let closed = case(S::Closed).complete().build();
    assert_eq!(outcome(check(&leader_own(), &closed, "urge")), No);
    assert_eq!(outcome(check(&leader_own(), &closed, "contact")), FB);
    assert_eq!(outcome(check(&dept_lead(), &closed, "reopen")), FB);
    assert_eq!(outcome(check(&dept_unrelated(), &closed, "comment")), FB);
}

#[test]
fn a_township_is_involved_by_territory_or_by_assignment() {
    // A case in the other township, assigned to our township as lead unit.
    let c = case(S::Handling)
        .township(OTHER_TOWNSHIP)
        .units(Some(TOWNSHIP), &[])
        .build();
    assert_eq!(
        outcome(check(&township_own(), &c, "visit")),
        Go(S::Handling, E::Visit)
    );
    assert!(matches!(
        outcome(check(&township_other(), &c, "visit")),
        Go(..)
    ));
    assert_eq!(outcome(check(&dept_lead(), &c, "visit")), FB);
    // Territory counts for township officers only, not department handlers.
    let odd = actor(9, TOWNSHIP, OrgKind::Department, &[Role::DepartmentHandler]);
    assert_eq!(
        outcome(check(&odd, &case(S::Handling).build(), "visit")),
        FB
    );
}

#[test]
fn a_leader_acts_only_on_cases_they_own() {
    let unowned = case(S::Handling).leader(None).build();
    assert_eq!(outcome(check(&leader_own(), &unowned, "urge")), FB);
    assert_eq!(outcome(check(&leader_own(), &unowned, "comment")), FB);
    let owned = case(S::Registered).units(None, &[]).build();
    assert_eq!(
        outcome(check(&leader_own(), &owned, "urge")),
        Go(S::Registered, E::Urge)
    );
    assert_eq!(outcome(check(&leader_own(), &owned, "escalate")), FB);
}

// ---- plan -----------------------------------------------------------------

fn return_visit_step(satisfaction: Satisfaction) -> Step {
    Step::ReturnVisit {
        at: now(),
        satisfaction,
        stable: true,
        note: "已回访".into(),
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
    })
}

#[test]
fn plan_sends_a_dissatisfied_return_visit_back_to_handling() {
    let c = case(S::ReturnVisit).finding(Some(Finding::True)).build();
    let d = district();
    let t = plan(&d, &c, &return_visit_step(Satisfaction::Dissatisfied)).unwrap();
    assert_eq!((t.to, t.event), (S::Handling, E::ReturnVisit));
    let t = plan(&d, &c, &return_visit_step(Satisfaction::Satisfied)).unwrap();
    assert_eq!((t.to, t.event), (S::ReturnVisit, E::ReturnVisit));
    // Not in 办理中, and not by someone uninvolved.
    let handling = case(S::Handling).build();
    let r = plan(
        &d,
        &handling,
        &return_visit_step(Satisfaction::Dissatisfied),
    );
    assert_eq!(outcome(r), No);
    let r = plan(
        &township_other(),
        &c,
        &return_visit_step(Satisfaction::Dissatisfied),
    );
    assert_eq!(outcome(r), FB);
}

#[test]
fn plan_refuses_a_co_unit_equal_to_the_lead_unit() {
    let c = case(S::Registered).units(None, &[]).build();
    let d = district();
    let msg = not_now_message(plan(
        &d,
        &c,
        &assign_step(LEAD_UNIT, vec![CO_UNIT, LEAD_UNIT]),
    ));
    assert!(msg.contains("协办单位"), "{msg}");
    let t = plan(&d, &c, &assign_step(LEAD_UNIT, vec![CO_UNIT])).unwrap();
    assert_eq!((t.to, t.event), (S::Assigned, E::Assigned));
    // Permission is decided first.
    let r = plan(
        &township_own(),
        &c,
        &assign_step(LEAD_UNIT, vec![LEAD_UNIT]),
    );
    assert_eq!(outcome(r), FB);
}

// ---- allowed_steps ----------------------------------------------------------

#[test]
fn allowed_steps_for_typical_desks() {
    let registered = case(S::Registered).units(None, &[]).build();
    let handling = case(S::Handling).build();
    let ready = case(S::ReturnVisit).complete().build();
    let unhappy = case(S::ReturnVisit)
        .complete()
        .satisfaction(Some(Satisfaction::Dissatisfied))
        .build();
    let closed = case(S::Closed).complete().build();
    let rows: [(&str, Actor, &Case, &[&str]); 12] = [
        (
            "district/已登记",
            district(),
            &registered,
            &["assign", "urge", "comment", "escalate"],
        ),
        (
            "district/办理中",
            district(),
            &handling,
            &[
                "assign", "contact", "visit", "report", "opinion", "urge", "comment", "escalate",
            ],
        ),
        (
            "district/待回访 satisfied",
            district(),
            &ready,
            &[
                "contact",
                "visit",
                "report",
                "return_visit",
                "close",
                "urge",
                "comment",
                "escalate",
            ],
        ),
        (
            "district/待回访 dissatisfied",
            district(),
            &unhappy,
            &[
                "contact",
                "visit",
                "report",
                "return_visit",
                "urge",
                "comment",
                "escalate",
            ],
        ),
        (
            "district/已办结",
            district(),
            &closed,
            &["comment", "reopen"],
        ),
        ("township/已登记", township_own(), &registered, &["comment"]),
        (
            "township/办理中",
            township_own(),
            &handling,
            &["contact", "visit", "report", "opinion", "comment"],
        ),
        ("lead unit/已办结", dept_lead(), &closed, &["comment"]),
        (
            "co unit/待回访",
            dept_co(),
            &ready,
            &[
                "contact",
                "visit",
                "report",
                "return_visit",
                "close",
                "comment",
            ],
        ),
        (
            "leader/办理中",
            leader_own(),
            &handling,
            &["urge", "comment"],
        ),
        ("leader/已办结", leader_own(), &closed, &["comment"]),
        ("other township/办理中", township_other(), &handling, &[]),
    ];
    for (label, a, c, want) in rows {
        assert_eq!(allowed_steps(&a, c), want, "{label}");
    }
}

// ---- StepInput::parse -------------------------------------------------------

fn error_fields(r: Result<Step, FieldErrors>) -> Vec<String> {
    let mut f: Vec<String> = r.unwrap_err().0.into_iter().map(|e| e.field).collect();
    f.sort();
    f.dedup();
    f
}

fn full_opinion() -> StepInput {
    StepInput {
        finding: "部分属实".into(),
        tri_reasonable: "是".into(),
        tri_unreasonable: "不涉及".into(),
        tri_hardship: "yes".into(),
        tri_unlawful: "na".into(),
        opinion: "补发补助".into(),
        ..StepInput::default()
    }
}

#[test]
fn missing_required_fields_are_named() {
    let blank = StepInput::default;
    let note_only = || StepInput {
        note: "情况".into(),
        ..StepInput::default()
    };
    let rows: [(&str, StepInput, &[&str]); 15] = [
        ("assign", blank(), &["unit_id"]),
        ("contact", blank(), &["note"]),
        ("visit", blank(), &["note"]),
        ("report", note_only(), &["report_kind"]),
        ("report", blank(), &["note", "report_kind"]),
        (
            "opinion",
            blank(),
            &[
                "finding",
                "opinion",
                "tri_hardship",
                "tri_reasonable",
                "tri_unlawful",
                "tri_unreasonable",
            ],
        ),
        (
            "opinion",
            StepInput {
                finding: " ".into(),
                ..full_opinion()
            },
            &["finding"],
        ),
        (
            "opinion",
            StepInput {
                tri_unlawful: String::new(),
                ..full_opinion()
            },
            &["tri_unlawful"],
        ),
        ("return_visit", note_only(), &["satisfaction"]),
        ("return_visit", blank(), &["note", "satisfaction"]),
        ("urge", blank(), &["note"]),
        ("comment", blank(), &["note"]),
        ("escalate", blank(), &["note"]),
        ("reopen", blank(), &["note"]),
        ("explode", note_only(), &["step"]),
    ];
    for (step, input, want) in rows {
        assert_eq!(error_fields(input.parse(step, now())), want, "{step}");
    }
}

#[test]
fn unrecognised_choices_are_named() {
    let rows: [(&str, StepInput, &str); 6] = [
        (
            "assign",
            StepInput {
                unit_id: "abc".into(),
                ..StepInput::default()
            },
            "unit_id",
        ),
        (
            "assign",
            StepInput {
                unit_id: "0".into(),
                ..StepInput::default()
            },
            "unit_id",
        ),
        (
            "report",
            StepInput {
                report_kind: "随便".into(),
                note: "x".into(),
                ..StepInput::default()
            },
            "report_kind",
        ),
        (
            "contact",
            StepInput {
                method: "飞鸽传书".into(),
                note: "x".into(),
                ..StepInput::default()
            },
            "method",
        ),
        (
            "opinion",
            StepInput {
                tri_hardship: "maybe".into(),
                ..full_opinion()
            },
            "tri_hardship",
        ),
        (
            "return_visit",
            StepInput {
                satisfaction: "还行".into(),
                note: "x".into(),
                ..StepInput::default()
            },
            "satisfaction",
        ),
    ];
    for (step, input, field) in rows {
        assert_eq!(error_fields(input.parse(step, now())), [field], "{step}");
    }
}

#[test]
fn complete_inputs_parse_into_steps() {
    let Step::Opinion {
        at,
        finding,
        tri,
        opinion,
    } = full_opinion().parse("opinion", now()).unwrap()
    else {
        panic!("not an opinion")
    };
    assert_eq!(
        (at, finding, opinion.as_str()),
        (now(), Finding::Partly, "补发补助")
    );
    assert_eq!(
        tri.answers(),
        [
            TriAnswer::Yes,
            TriAnswer::NotApplicable,
            TriAnswer::Yes,
            TriAnswer::NotApplicable
        ]
    );

    let contact = StepInput {
        note: " 已电话沟通 ".into(),
        ..StepInput::default()
    };
    assert_eq!(
        contact.parse("contact", now()).unwrap(),
        Step::Contact {
            at: now(),
            method: ContactMethod::Phone,
            note: "已电话沟通".into()
        }
    );
    let visit = StepInput {
        place: "王庄村".into(),
        notice_signed: "是".into(),
        note: "现场阅签".into(),
        ..StepInput::default()
    };
    assert_eq!(
        visit.parse("visit", now()).unwrap(),
        Step::Visit {
            at: now(),
            place: Some("王庄村".into()),
            notice_signed: true,
            note: "现场阅签".into(),
        }
    );
    let report = StepInput {
        report_kind: "初步调查报告".into(),
        note: "x".into(),
        ..StepInput::default()
    };
    assert!(matches!(
        report.parse("report", now()).unwrap(),
        Step::Report {
            kind: ReportKind::Preliminary,
            ..
        }
    ));
    let rv = StepInput {
        satisfaction: "不满意".into(),
        stable: "on".into(),
        note: "仍有异议".into(),
        ..StepInput::default()
    };
    assert!(matches!(
        rv.parse("return_visit", now()).unwrap(),
        Step::ReturnVisit {
            satisfaction: Satisfaction::Dissatisfied,
            stable: true,
            ..
        }
    ));
    assert_eq!(
        StepInput::default().parse("close", now()).unwrap(),
        Step::Close { note: None }
    );
    let why = StepInput {
        note: "复核".into(),
        ..StepInput::default()
    };
    assert_eq!(
        why.parse("reopen", now()).unwrap(),
        Step::Reopen {
            reason: "复核".into()
        }
    );
}

#[test]
fn times_blank_past_future_and_garbled() {
    let at = |s: &str| StepInput {
        at: s.into(),
        note: "已联系".into(),
        ..StepInput::default()
    };
    let time_of = |r: Result<Step, FieldErrors>| match r.unwrap() {
        Step::Contact { at, .. } => at,
        other => panic!("{other:?}"),
    };
    assert_eq!(time_of(at("").parse("contact", now())), now());
    assert_eq!(time_of(at("   ").parse("contact", now())), now());
    assert_eq!(
        time_of(at("2022-09-25 08:00").parse("contact", now())),
        "2022-09-25T00:00:00Z".parse::<Timestamp>().unwrap()
    );
    // Up to ten minutes ahead is tolerated (clock skew); more is refused.
    assert!(at("2022-09-26 09:20").parse("contact", now()).is_ok());
    let errs = at("2022-09-26 09:21").parse("contact", now()).unwrap_err();
    assert_eq!(errs.0.len(), 1, "{errs}");
    assert_eq!(errs.0[0].field, "at");
    assert!(errs.to_string().contains("不能晚于当前时间"), "{errs}");
    assert_eq!(error_fields(at("2023-01-01").parse("visit", now())), ["at"]);
    assert_eq!(error_fields(at("昨天").parse("contact", now())), ["at"]);
}

#[test]
fn assign_drops_duplicate_co_units_and_the_lead_unit() {
    let input = StepInput {
        unit_id: " 20 ".into(),
        co_unit_ids: ["21", "20", "21", " ", "22", "20"]
            .map(String::from)
            .to_vec(),
        handler_user_id: "4".into(),
        handler_name: "张三".into(),
        leader_user_id: "500".into(),
        ..StepInput::default()
    };
    let Step::Assign(a) = input.parse("assign", now()).unwrap() else {
        panic!("not an assignment")
    };
    assert_eq!(a.unit_id, LEAD_UNIT);
    assert_eq!(a.co_unit_ids, [CO_UNIT, UNRELATED_DEPT]);
    assert_eq!(a.handler_user_id, Some(4));
    assert_eq!(a.handler_name.as_deref(), Some("张三"));
    assert_eq!(a.leader_user_id, Some(LEADER));
    assert_eq!(a.note, None);

    let bad = StepInput {
        unit_id: "20".into(),
        co_unit_ids: vec!["x".into()],
        handler_phone: "12345".into(),
        ..StepInput::default()
    };
    assert_eq!(
        error_fields(bad.parse("assign", now())),
        ["co_unit_ids", "handler_phone"]
    );
}
