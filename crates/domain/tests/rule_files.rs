//! The shipped rule sets (`rules/seed.json`, `rules/statute.json`) and the checks on a district's own.

use xinfang_domain::deadlines::{Limit, MilestoneKind, RuleSet, RulesError, Signal, SignalPattern};
use xinfang_domain::vocab::{CaseKind, ContactMethod, ReportKind};

fn keys(rules: &RuleSet, kind: CaseKind) -> Vec<String> {
    rules
        .milestones(kind)
        .iter()
        .map(|m| m.key.clone())
        .collect()
}

/// The statute's review chain, which the seed extends.
const CHAIN: [&str; 4] = [
    "review_window",
    "review_answer",
    "re_review_window",
    "re_review_answer",
];

fn with_chain(own: &[&str]) -> Vec<String> {
    own.iter().chain(&CHAIN).map(|k| k.to_string()).collect()
}

#[test]
fn the_seed_gives_each_kind_the_plan_s_milestones_in_order() {
    let seed = RuleSet::seed();
    let first = with_chain(&["contact", "visit_with_notice", "handled"]);
    let repeat = with_chain(&[
        "contact_same_day",
        "unit_and_talk",
        "preliminary_report",
        "handling_report",
    ]);
    let online = with_chain(&[
        "contact_depts",
        "meet_poster",
        "response_report",
        "disposal_report",
    ]);
    assert_eq!(keys(&seed, CaseKind::FirstPetition), first);
    assert_eq!(keys(&seed, CaseKind::Screening), first);
    assert_eq!(keys(&seed, CaseKind::Repeat), repeat);
    assert_eq!(keys(&seed, CaseKind::Escalated), repeat);
    assert_eq!(keys(&seed, CaseKind::OnlineOpinion), online);

    let limits: Vec<Limit> = seed
        .milestones(CaseKind::Repeat)
        .iter()
        .map(|m| m.limit)
        .collect();
    assert_eq!(
        limits,
        [
            Limit::SameDay,
            Limit::Hours(24),
            Limit::WorkingDays(3),
            Limit::WorkingDays(10),
            Limit::CalendarDays {
                days: 30,
                roll_over_days_off: true
            },
            Limit::CalendarDays {
                days: 30,
                roll_over_days_off: true
            },
            Limit::CalendarDays {
                days: 30,
                roll_over_days_off: true
            },
            Limit::CalendarDays {
                days: 30,
                roll_over_days_off: true
            },
        ]
    );
    let hours: Vec<Limit> = seed
        .milestones(CaseKind::OnlineOpinion)
        .iter()
        .take(4)
        .map(|m| m.limit)
        .collect();
    assert_eq!(hours, [6, 18, 24, 72].map(Limit::Hours));
    // None of the plan's own milestones rolls over days off: the plan wants
    // speed, holidays or not. Only the statute's review chain does.
    for kind in CaseKind::ALL {
        for m in seed.milestones(*kind) {
            let rolls = matches!(
                m.limit,
                Limit::CalendarDays {
                    roll_over_days_off: true,
                    ..
                }
            );
            assert_eq!(rolls, CHAIN.contains(&m.key.as_str()), "{}", m.key);
        }
    }
}

#[test]
fn the_24_hour_milestone_needs_both_the_assignment_and_a_face_to_face_talk() {
    let seed = RuleSet::seed();
    let m = seed
        .milestones(CaseKind::Repeat)
        .into_iter()
        .find(|m| m.key == "unit_and_talk")
        .expect("present");
    assert_eq!(m.complete.len(), 2);
    assert!(m.complete[0].iter().any(|p| p.matches(&Signal::Assigned)));
    let face = &m.complete[1];
    assert!(
        face.iter()
            .any(|p| p.matches(&Signal::Contact(ContactMethod::FaceToFace)))
    );
    assert!(face.iter().any(|p| p.matches(&Signal::Visit {
        notice_signed: false
    })));
    assert!(
        !face
            .iter()
            .any(|p| p.matches(&Signal::Contact(ContactMethod::Phone)))
    );
}

#[test]
fn the_statute_gives_every_kind_the_regulation_s_periods_rolling_over_days_off() {
    let statute = RuleSet::statute();
    assert_eq!(statute.max_extension_days, Some(30));
    for kind in CaseKind::ALL {
        assert_eq!(
            keys(&statute, *kind),
            [
                "transfer",
                "notify_acceptance",
                "objection_window",
                "handle",
                "review_window",
                "review_answer",
                "re_review_window",
                "re_review_answer"
            ]
        );
    }
    let all = statute.milestones(CaseKind::FirstPetition);
    for m in &all {
        if let Limit::CalendarDays {
            roll_over_days_off, ..
        } = m.limit
        {
            assert!(roll_over_days_off, "{}", m.key);
        }
    }
    let windows: Vec<&str> = all
        .iter()
        .filter(|m| m.kind == MilestoneKind::Window)
        .map(|m| m.key.as_str())
        .collect();
    assert_eq!(
        windows,
        ["objection_window", "review_window", "re_review_window"]
    );
    let re_review = all.last().expect("present");
    assert_eq!(re_review.start, SignalPattern::ReReviewRequested);
    assert!(re_review.pause.is_some());
}

#[test]
fn presets_round_trip_through_their_json() {
    for rules in [RuleSet::seed(), RuleSet::statute()] {
        let again = RuleSet::from_json(&rules.to_json()).expect("round trip");
        assert_eq!(again, rules);
    }
    assert!(RuleSet::preset("seed").is_some());
    assert!(RuleSet::preset("district").is_none());
}

#[test]
fn signal_patterns_read_as_in_the_rule_files() {
    let p: SignalPattern =
        serde_json::from_str(r#"{"signal":"report","kind":"初步调查报告"}"#).expect("parses");
    assert!(p.matches(&Signal::Report(ReportKind::Preliminary)));
    assert!(!p.matches(&Signal::Report(ReportKind::Handling)));
    let signed: SignalPattern =
        serde_json::from_str(r#"{"signal":"visit","notice_signed":true}"#).expect("parses");
    assert!(signed.matches(&Signal::Visit {
        notice_signed: true
    }));
    assert!(!signed.matches(&Signal::Visit {
        notice_signed: false
    }));
    assert_eq!(
        serde_json::to_string(&SignalPattern::Contact {
            method: Some(ContactMethod::FaceToFace)
        })
        .expect("serialises"),
        r#"{"signal":"contact","method":"当面沟通"}"#
    );
    // A misspelt field is an error, not a silent "any visit".
    assert!(
        serde_json::from_str::<SignalPattern>(r#"{"signal":"visit","notice_signd":true}"#).is_err()
    );
    assert!(serde_json::from_str::<SignalPattern>(r#"{"signal":"phoned"}"#).is_err());
}

#[test]
fn a_district_s_edited_rules_are_checked_with_chinese_messages() {
    let text = r#"{
      "name": "district",
      "title": "本区规则",
      "kinds": {"初信初访": [
        {"key": "contact", "name": "建立联系", "limit": {"hours": 0}, "complete": [[{"signal":"contact"}]]},
        {"key": "contact", "name": "再次联系", "limit": {"working_days": 2}, "complete": []},
        {"key": "Bad Key", "name": "", "limit": {"same_day": true}, "complete": [[]]}
      ]}
    }"#;
    let Err(RulesError::Invalid { problems, .. }) = RuleSet::from_json(text) else {
        panic!("refused");
    };
    for expected in [
        "初信初访的节点键“contact”重复",
        "节点“建立联系”的时限不能为0",
        "节点“再次联系”没有写完成条件（complete）",
        "节点“Bad Key”缺少名称",
        "节点“Bad Key”的完成条件中有空组",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "{expected}: {problems:?}"
        );
    }

    for (limit, why) in [
        (r#"{"hours": 6, "working_days": 1}"#, "须且只能写一种"),
        (r#"{"same_day": false}"#, "same_day 只能为 true"),
        (
            r#"{"hours": 6, "roll_over_days_off": true}"#,
            "只适用于 calendar_days",
        ),
        (r#"{"weeks": 1}"#, "unknown field"),
    ] {
        let text = format!(
            r#"{{"name":"x","title":"x","all_kinds":[{{"key":"a","name":"甲","limit":{limit},"complete":[[{{"signal":"closed"}}]]}}]}}"#
        );
        let e = RuleSet::from_json(&text).expect_err("refused");
        assert!(e.to_string().contains(why), "{limit}: {e}");
        assert!(e.to_string().starts_with("规则集文件格式有误"), "{e}");
    }
}
