//! Rule sets that extend another (`"extends": "statute"`), leave some of its
//! milestones out, and mark the milestone that answers the petitioner.

use xinfang_domain::deadlines::{Limit, MilestoneRole, RuleSet, RulesError};
use xinfang_domain::vocab::CaseKind;

fn keys(rules: &RuleSet, kind: CaseKind) -> Vec<&str> {
    rules
        .milestones(kind)
        .into_iter()
        .map(|m| m.key.as_str())
        .collect()
}

fn problems(text: &str) -> Vec<String> {
    match RuleSet::from_json(text) {
        Err(RulesError::Invalid { problems, .. }) => problems,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_seed_extends_the_statute_for_its_review_chain_only() {
    let seed = RuleSet::seed();
    assert_eq!(seed.extends.as_deref(), Some("statute"));
    // The statute's own clocks the plan replaces with stricter ones are left out.
    for kind in CaseKind::ALL {
        let k = keys(&seed, *kind);
        for gone in [
            "transfer",
            "notify_acceptance",
            "objection_window",
            "handle",
        ] {
            assert!(!k.contains(&gone), "{kind}: {gone}");
        }
        assert_eq!(
            k[k.len() - 4..],
            [
                "review_window",
                "review_answer",
                "re_review_window",
                "re_review_answer"
            ],
            "{kind}"
        );
    }
    // The file keeps its own form: what it extends, not the statute's milestones.
    let json = seed.to_json();
    assert!(json.contains("\"extends\": \"statute\""), "{json}");
    assert!(!json.contains("re_review_answer"), "{json}");
    assert_eq!(RuleSet::from_json(&json).expect("round trip"), seed);
}

#[test]
fn each_kind_names_the_milestone_that_answers_the_petitioner() {
    let seed = RuleSet::seed();
    fn answering(rules: &RuleSet, kind: CaseKind) -> Option<&str> {
        rules.answering(kind).map(|m| m.key.as_str())
    }
    // The plan: 10 days for a first petition (the 受理告知书 promises it), the
    // 处置情况报告 in 10 working days for repeats and escalations, 72 hours for
    // online opinion.
    for (kind, key) in [
        (CaseKind::FirstPetition, "handled"),
        (CaseKind::Screening, "handled"),
        (CaseKind::Repeat, "handling_report"),
        (CaseKind::Escalated, "handling_report"),
        (CaseKind::OnlineOpinion, "disposal_report"),
    ] {
        assert_eq!(answering(&seed, kind), Some(key), "{kind}");
    }
    // The statute: the 60-day 办理 for every kind (第三十四条).
    for kind in CaseKind::ALL {
        assert_eq!(
            answering(&RuleSet::statute(), *kind),
            Some("handle"),
            "{kind}"
        );
    }
    let m = seed.answering(CaseKind::Repeat).expect("marked");
    assert_eq!(m.role, Some(MilestoneRole::Answer));
    assert_eq!(m.limit, Limit::WorkingDays(10));
}

#[test]
fn a_district_set_extends_the_seed_replaces_and_omits() {
    // Two levels: the district's set extends the seed, which extends the statute.
    let text = r#"{
      "name": "jianan", "title": "本区规则", "extends": "seed",
      "omit": ["visit_with_notice"],
      "kinds": {"初信初访": [
        {"key": "handled", "name": "办结并书面答复", "role": "answer",
         "limit": {"calendar_days": 7}, "complete": [[{"signal": "opinion"}]]}
      ]}
    }"#;
    let rules = RuleSet::from_json(text).expect("valid");
    assert_eq!(
        keys(&rules, CaseKind::FirstPetition),
        [
            "handled",
            "contact",
            "review_window",
            "review_answer",
            "re_review_window",
            "re_review_answer"
        ]
    );
    let handled = rules.answering(CaseKind::FirstPetition).expect("answer");
    assert_eq!(
        handled.limit,
        Limit::CalendarDays {
            days: 7,
            roll_over_days_off: false
        }
    );
    // Other kinds keep the seed's, and the seed's cap on extensions.
    assert_eq!(
        rules.answering(CaseKind::Repeat).map(|m| m.key.as_str()),
        Some("handling_report")
    );
    assert_eq!(rules.max_extension_days, Some(30));
}

#[test]
fn inheritance_and_roles_are_checked_with_chinese_messages() {
    let unknown = r#"{"name": "x", "title": "x", "extends": "province"}"#;
    let p = problems(unknown);
    assert!(p.iter().any(|p| p.contains("“province”不存在")), "{p:?}");

    let bad_omit = r#"{"name": "x", "title": "x", "extends": "statute", "omit": ["contact"]}"#;
    let p = problems(bad_omit);
    assert!(
        p.iter()
            .any(|p| p == "omit 中的节点“contact”在所继承的规则集“statute”中不存在"),
        "{p:?}"
    );

    let omit_alone = r#"{"name": "x", "title": "x", "omit": ["handle"],
      "all_kinds": [{"key": "a", "name": "甲", "role": "answer", "limit": {"hours": 6}, "complete": [[{"signal": "opinion"}]]}]}"#;
    let p = problems(omit_alone);
    assert!(
        p.iter().any(|p| p.contains("omit 只能与 extends 一起使用")),
        "{p:?}"
    );

    // Two answering milestones: the statute's 办理 and one of the set's own.
    let two = r#"{"name": "x", "title": "x", "extends": "statute",
      "kinds": {"重复访": [{"key": "report", "name": "处置报告", "role": "answer", "limit": {"working_days": 10}, "complete": [[{"signal": "report"}]]}]}}"#;
    let p = problems(two);
    assert!(
        p.iter()
            .any(|p| p.starts_with("重复访须有且只有一个答复信访人的节点")
                && p.contains("现有2个：处置报告、办理（出具处理意见）")),
        "{p:?}"
    );

    // None at all for the kinds without one; and a window cannot answer.
    let none = r#"{"name": "x", "title": "x",
      "kinds": {"初信初访": [{"key": "w", "name": "期限", "kind": "window", "role": "answer", "limit": {"calendar_days": 5}, "complete": []}]}}"#;
    let p = problems(none);
    assert!(p.iter().any(|p| p.starts_with("重复访须有且只有一个答复信访人的节点") && p.contains("现有0个")), "{p:?}");
    assert!(
        p.iter()
            .any(|p| p == "节点“期限”是申请期限，不能作为答复信访人的节点"),
        "{p:?}"
    );
}

#[test]
fn a_petitioner_s_window_counted_in_days_always_rolls_over_days_off() {
    let text = r#"{"name": "x", "title": "x", "extends": "seed",
      "all_kinds": [{"key": "review_window", "name": "复查申请期限", "kind": "window",
        "start": {"signal": "opinion_delivered"},
        "limit": {"calendar_days": 30, "roll_over_days_off": false},
        "complete": [[{"signal": "review_requested"}]]}]}"#;
    let rules = RuleSet::from_json(text).expect("valid");
    assert_eq!(
        rules.find("review_window").map(|m| m.limit),
        Some(Limit::CalendarDays {
            days: 30,
            roll_over_days_off: true
        })
    );
    // A duty keeps what it says: the plan's days do not roll.
    assert_eq!(
        rules.find("handled").map(|m| m.limit),
        Some(Limit::CalendarDays {
            days: 10,
            roll_over_days_off: false
        })
    );
}
