//! The role × permission matrix, written out by hand and held against the table.

use super::*;
use crate::access::Role::{Admin, DistrictAdmin, Inspector};
use crate::menu::Menu;

/// The six roles, each with a user in an organisation of the kind it works in.
fn actors() -> Vec<(&'static str, Actor)> {
    let a = |user_id, org_id, org_kind, role| Actor {
        user_id,
        username: format!("u{user_id}"),
        display_name: format!("U{user_id}"),
        org_id,
        org_kind,
        roles: vec![role],
    };
    vec![
        ("admin", a(100, 2, OrgKind::Bureau, Admin)),
        ("district", a(101, 2, OrgKind::Bureau, DistrictAdmin)),
        ("township", a(102, 10, OrgKind::Township, TownshipOfficer)),
        (
            "department",
            a(103, 20, OrgKind::Department, DepartmentHandler),
        ),
        ("leader", a(104, 30, OrgKind::Leadership, CaseLeader)),
        ("inspector", a(105, 40, OrgKind::Inspection, Inspector)),
    ]
}

/// Somewhere, own organisation, another organisation, a case of the user's
/// (located in or assigned to their organisation, or led by them), another case.
fn places(actor: &Actor) -> [Place; 5] {
    [
        Place::Somewhere,
        Place::Org(actor.org_id),
        Place::Org(999),
        Place::Case {
            township_id: if actor.org_kind == OrgKind::Township {
                actor.org_id
            } else {
                998
            },
            unit_ids: vec![actor.org_id],
            leader_user_id: Some(actor.user_id),
        },
        Place::Case {
            township_id: 998,
            unit_ids: vec![997],
            leader_user_id: Some(1),
        },
    ]
}

/// For each permission, per role in [`actors`] order, Y/- for each of [`places`].
const EXPECTED: &[(&str, [&str; 6])] = &[
    //                     admin    district  township  department leader   inspector
    (
        "see_everything",
        ["YYYYY", "YYYYY", "-----", "-----", "-----", "YYYYY"],
    ),
    (
        "register_case",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "assign_case",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "handle_case",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "-----"],
    ),
    (
        "urge_case",
        ["-----", "YYYYY", "-----", "-----", "Y--Y-", "-----"],
    ),
    (
        "comment_case",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "Y--Y-", "-----"],
    ),
    (
        "supervise_case",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "correct_case",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "decide_dissatisfied",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "reveal_personal",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "-----"],
    ),
    (
        "print_notice",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "-----"],
    ),
    (
        "resolve_backlog",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "edit_case_ledger",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "-----"],
    ),
    (
        "set_case_leader",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "edit_screening",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "edit_roster",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "import_ledger",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "import_provincial",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "export_ledger",
        ["YYYYY", "YYYYY", "YY-Y-", "YY-Y-", "YY-Y-", "YYYYY"],
    ),
    (
        "read_audit_log",
        ["YYYYY", "-----", "-----", "-----", "-----", "YYYYY"],
    ),
    (
        "manage_users",
        ["YYYYY", "-----", "-----", "-----", "-----", "-----"],
    ),
    (
        "manage_orgs",
        ["YYYYY", "-----", "-----", "-----", "-----", "-----"],
    ),
    (
        "manage_settings",
        ["YYYYY", "-----", "-----", "-----", "-----", "-----"],
    ),
    (
        "manage_webhooks",
        ["YYYYY", "-----", "-----", "-----", "-----", "-----"],
    ),
    (
        "send_report",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "read_goals",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "YYYYY"],
    ),
    (
        "read_ranks",
        ["-----", "YYYYY", "-----", "-----", "-----", "YYYYY"],
    ),
    (
        "enter_rank",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "read_statistics",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "Y--Y-", "YYYYY"],
    ),
    // Mediation is handling: the case's township and units, and the district.
    (
        "record_mediation",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "-----"],
    ),
    // 实地跟踪核查: the district and the inspection group, on any case.
    (
        "record_verification",
        ["-----", "YYYYY", "-----", "-----", "-----", "YYYYY"],
    ),
    // The unit a rectification is demanded of answers it (or the district).
    (
        "answer_rectification",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "-----"],
    ),
    (
        "read_scorecard",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "YYYYY"],
    ),
    (
        "manage_scorecard",
        ["YYYYY", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "record_accountability",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "read_accountability",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "YYYYY"],
    ),
    (
        "record_training",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "read_training",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "YYYYY"],
    ),
    // Opinion disposal is handling too: the incident's township and units, the district.
    (
        "record_opinion",
        ["-----", "YYYYY", "YY-Y-", "YY-Y-", "-----", "-----"],
    ),
    // A township's meeting: its own, or the district; 督查 reads them all.
    (
        "record_meeting",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "read_meetings",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "YYYYY"],
    ),
    (
        "read_visit_plan",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "YYYYY"],
    ),
    // The district organises anywhere; a township only for itself.
    (
        "manage_campaign",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "read_campaign",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "YYYYY"],
    ),
    // 村级 and 乡镇级 by the township's officer, in its own township only.
    (
        "assess_village",
        ["-----", "-----", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "assess_township",
        ["-----", "-----", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "assess_district",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "read_assessment_queue",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "YYYYY"],
    ),
    (
        "read_key_persons",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "YYYYY"],
    ),
    (
        "edit_key_persons",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "urge_key_person_contact",
        ["-----", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "manage_risk_rules",
        ["YYYYY", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "manage_periods",
        ["YYYYY", "YYYYY", "-----", "-----", "-----", "-----"],
    ),
    (
        "submit_zero_report",
        ["-----", "-----", "YY-Y-", "-----", "-----", "-----"],
    ),
    (
        "read_zero_reports",
        ["-----", "YYYYY", "YY-Y-", "-----", "-----", "YYYYY"],
    ),
];

#[test]
fn every_role_against_every_permission_everywhere() {
    assert_eq!(
        EXPECTED.len(),
        Permission::ALL.len(),
        "every permission has a row in EXPECTED"
    );
    let actors = actors();
    let mut wrong = Vec::new();
    for (key, per_role) in EXPECTED {
        let p = Permission::parse(key).unwrap_or_else(|| panic!("no permission {key}"));
        for ((role, actor), expected) in actors.iter().zip(per_role) {
            let got: String = places(actor)
                .iter()
                .map(|place| if may(actor, p, place) { 'Y' } else { '-' })
                .collect();
            if got != *expected {
                wrong.push(format!("{key} × {role}: expected {expected}, got {got}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_table_has_one_rule_per_permission_in_order() {
    assert_eq!(TABLE.len(), Permission::ALL.len());
    for (rule, p) in TABLE.iter().zip(Permission::ALL) {
        assert_eq!(rule.permission, *p);
        assert!(!rule.refusal.is_empty());
        assert!(!rule.grants.is_empty(), "{p} is granted to nobody");
    }
}

#[test]
fn a_township_officer_outside_a_township_acts_nowhere() {
    let misfiled = Actor {
        user_id: 1,
        username: "x".into(),
        display_name: "X".into(),
        org_id: 20,
        org_kind: OrgKind::Department,
        roles: vec![TownshipOfficer],
    };
    assert!(!may(&misfiled, Permission::RegisterCase, &Place::Org(20)));
    assert!(!may(&misfiled, Permission::EditScreening, &Place::Org(20)));
}

#[test]
fn roles_add_up_and_refusals_name_who_may() {
    let mut both = actors().remove(2).1;
    both.roles.push(CaseLeader);
    let led_elsewhere = Place::Case {
        township_id: 998,
        unit_ids: vec![997],
        leader_user_id: Some(both.user_id),
    };
    assert!(may(&both, Permission::UrgeCase, &led_elsewhere));
    assert!(!may(&both, Permission::HandleCase, &led_elsewhere));
    assert_eq!(
        check(&both, Permission::EditCaseLedger, &led_elsewhere),
        Err(Denied("您只能查看该案件，不能修改台账信息".into()))
    );
}

#[test]
fn only_own_org_names_the_township_of_an_officer_alone() {
    let actors = actors();
    let own = |i: usize, p| only_own_org(&actors[i].1, p);
    assert_eq!(own(2, Permission::RegisterCase), Some(10));
    assert_eq!(
        own(1, Permission::RegisterCase),
        None,
        "the district registers anywhere"
    );
    assert_eq!(
        own(3, Permission::RegisterCase),
        None,
        "a department registers nowhere"
    );
    assert_eq!(own(3, Permission::ExportLedger), Some(20));
    assert_eq!(own(5, Permission::ExportLedger), None);
}

#[test]
fn the_menu_follows_the_table() {
    let actors = actors();
    let menu = |i: usize| Menu::of(&actors[i].1);
    assert!(menu(0).is_admin && menu(0).can_audit && !menu(0).can_register);
    assert!(menu(1).is_district && menu(1).can_register && !menu(1).can_audit);
    assert!(menu(2).can_register && menu(2).can_screen && !menu(2).is_district);
    assert!(!menu(3).can_register && !menu(4).can_register && !menu(5).can_register);
    assert!(menu(5).can_audit && !menu(5).is_admin);
}

#[test]
fn the_read_scope_follows_the_role_and_the_organisation() {
    let actors = actors();
    let scope = |i: usize| actors[i].1.case_scope();
    for i in [0, 1, 5] {
        assert_eq!(
            scope(i),
            CaseScope::all(),
            "{} reads everything",
            actors[i].0
        );
    }
    let township = CaseScope {
        territory: Some(10),
        unit: Some(10),
        ..CaseScope::none()
    };
    assert_eq!(scope(2), township, "属地 and assignments");
    let department = CaseScope {
        unit: Some(20),
        ..CaseScope::none()
    };
    assert_eq!(scope(3), department, "assignments only, no territory");
    let leader = CaseScope {
        leader: Some(104),
        ..CaseScope::none()
    };
    assert_eq!(scope(4), leader, "the cases they lead");
    let mut nobody = actors[2].1.clone();
    nobody.roles.clear();
    assert_eq!(nobody.case_scope(), CaseScope::none());
    nobody.roles.push(TownshipOfficer);
    nobody.org_kind = OrgKind::Department;
    assert_eq!(
        nobody.case_scope(),
        CaseScope::none(),
        "a township officer outside a township reads nothing"
    );
}
