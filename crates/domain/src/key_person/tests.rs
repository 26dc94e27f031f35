//! Hand-worked scores, the rules file's parse, the register form and the contact rhythm.

#![allow(clippy::unwrap_used)]

use jiff::civil::date;

use super::*;
use crate::sensitive_period::SensitivePeriod;

#[test]
fn the_shipped_rules_parse() {
    let r = RiskRules::parse(rules::DEFAULT_JSON).unwrap();
    assert_eq!(r.window_months, 12);
    assert_eq!(r.levels.serious, 40);
    assert_eq!(r.propose_at_petitions, 3);
}

#[test]
fn the_issues_example_scores_as_written() {
    // 近12个月信访3次 (3 × 10 = 30)；曾赴市 (25)；回访不满意 (15): 70 = 重大.
    let s = Signals {
        petitions: 3,
        dissatisfied: 1,
        escalated: vec![EscalatedTo::City],
        ..Signals::default()
    };
    let r = RiskRules::default_rules().score(&s);
    assert_eq!(
        r.explained(),
        "近12个月信访3次 +30；曾赴市 +25；回访不满意 +15"
    );
    assert_eq!(r.score, 70);
    assert_eq!(r.level, RiskLevel::Major);
}

#[test]
fn caps_the_furthest_destination_and_the_period() {
    // 6 petitions: 60 capped at 40; 2 repeats 20; 赴市 and 进京: 进京 50 alone;
    // 3 overdue: 30 capped at 20; intention 30; period in 5 days 15 = 175.
    let s = Signals {
        petitions: 6,
        repeats: 2,
        dissatisfied: 0,
        escalated: vec![EscalatedTo::City, EscalatedTo::Beijing],
        overdue: 3,
        intends_to_escalate: true,
        period_ahead: Some(("国庆".into(), 5)),
    };
    let r = RiskRules::default_rules().score(&s);
    let pts: Vec<u32> = r.reasons.iter().map(|x| x.points).collect();
    assert_eq!(pts, vec![40, 20, 50, 20, 30, 15]);
    assert_eq!(r.score, 175);
    assert_eq!(
        r.explained(),
        "近12个月信访6次 +40；重复访2次 +20；曾进京 +50；有3件超期未办结 +20；表示欲越级上访 +30；敏感节点临近（国庆，5天后） +15"
    );
}

#[test]
fn levels_follow_the_thresholds() {
    let rules = RiskRules::default_rules();
    assert_eq!(rules.level_of(0), RiskLevel::General);
    assert_eq!(rules.level_of(39), RiskLevel::General);
    assert_eq!(rules.level_of(40), RiskLevel::Significant);
    assert_eq!(rules.level_of(69), RiskLevel::Significant);
    assert_eq!(rules.level_of(70), RiskLevel::Major);
    let quiet = rules.score(&Signals::default());
    assert_eq!((quiet.score, quiet.level), (0, RiskLevel::General));
    assert_eq!(quiet.explained(), "暂无风险信号 +0");
}

#[test]
fn a_bad_rules_file_names_each_field() {
    let text = rules::DEFAULT_JSON
        .replace("\"city\": 25", "\"city\": -1")
        .replace("\"major\": 70", "\"major\": 30")
        .replace("\"intention\": 30", "\"intention\": 30, \"bonus\": 1");
    let e = RiskRules::parse(&text).unwrap_err();
    assert!(e.has("escalated.city"), "{e:?}");
    assert!(e.has("levels.major"), "{e:?}");
    assert!(e.has("bonus"), "{e:?}");
    assert!(e.0.iter().any(|f| f.label == "曾赴市的分值"), "{e:?}");
    let e = RiskRules::parse("{").unwrap_err();
    assert!(e.has("body"));
}

fn input() -> KeyPersonInput {
    KeyPersonInput {
        name: "王长河".into(),
        id_number: "411023196503120039".into(),
        phone: "13903741234".into(),
        township_id: "10".into(),
        escalations: "2021-05-03 赴市\n进京".into(),
        intends_to_escalate: "是".into(),
        intention: "称国庆期间要去北京".into(),
        cases: vec!["XF-2022-0001, XF-2022-0002".into()],
        screenings: vec!["4".into()],
        ..KeyPersonInput::default()
    }
}

#[test]
fn the_register_form_parses() {
    let p = input().parse(date(2022, 10, 1), None).unwrap();
    assert_eq!(p.escalations.len(), 2);
    assert_eq!(p.escalations[0].date, Some(date(2021, 5, 3)));
    assert_eq!(p.escalations[1].to, EscalatedTo::Beijing);
    assert!(p.intends_to_escalate);
    assert_eq!(p.case_numbers, vec!["XF-2022-0001", "XF-2022-0002"]);
    assert_eq!(p.screening_ids, vec![4]);
    // The edit form sends the masked number back: the stored one is kept.
    let mut again = KeyPersonInput::from_person(&p, 1);
    assert_ne!(again.id_number, "411023196503120039");
    again.name = "王长河".into();
    let p2 = again
        .parse(date(2022, 10, 1), Some((&p.id_number, &p.phone)))
        .unwrap();
    assert_eq!(p2.id_number, p.id_number);
    assert_eq!(p2.phone, p.phone);
}

#[test]
fn a_bad_register_form_names_each_field() {
    let mut i = input();
    i.name = String::new();
    i.id_number = "123".into();
    i.township_id = String::new();
    i.escalations = "2021-05-03 去郑州\n2099-01-01 赴省".into();
    i.intends_to_escalate = "也许".into();
    i.contact_every_days = "0".into();
    let e = i.parse(date(2022, 10, 1), None).unwrap_err();
    for f in [
        "name",
        "id_number",
        "township_id",
        "escalations",
        "intends_to_escalate",
        "contact_every_days",
    ] {
        assert!(e.has(f), "{f}: {e:?}");
    }
    assert!(
        e.0.iter()
            .any(|x| x.message.contains("第1行") && x.message.contains("赴市、赴省或进京"))
    );
    assert!(
        e.0.iter()
            .any(|x| x.message.contains("第2行") && x.message.contains("不能晚于今天"))
    );
}

fn guoqing() -> SensitivePeriod {
    SensitivePeriod {
        name: "国庆".into(),
        starts_on: date(2022, 10, 1),
        ends_on: date(2022, 10, 7),
        contact_every_days: 3,
        note: String::new(),
    }
}

#[test]
fn the_next_contact_follows_the_rhythm() {
    // Last contact 9 September, every 30 days: due 9 October; on 10 October one day over.
    let s = contact_due(
        Some(date(2022, 9, 9)),
        date(2022, 1, 1),
        30,
        RiskLevel::General,
        None,
        date(2022, 10, 10),
    );
    assert_eq!(s.due_on, date(2022, 10, 9));
    assert!(s.overdue);
    assert_eq!(s.days_overdue, 1);
    assert_eq!(s.rhythm, "每30天");
    // Never contacted: counted from the registration.
    let s = contact_due(
        None,
        date(2022, 9, 20),
        30,
        RiskLevel::General,
        None,
        date(2022, 9, 25),
    );
    assert_eq!((s.due_on, s.overdue), (date(2022, 10, 20), false));
}

#[test]
fn a_period_tightens_the_rhythm_for_serious_and_major_only() {
    let p = guoqing();
    // 较大, last contact 20 September: normally due 20 October; the period
    // (every 3 days) makes it due on its first day, 1 October.
    let s = contact_due(
        Some(date(2022, 9, 20)),
        date(2022, 1, 1),
        30,
        RiskLevel::Significant,
        Some(&p),
        date(2022, 9, 28),
    );
    assert_eq!(s.due_on, date(2022, 10, 1));
    assert_eq!(s.rhythm, "敏感节点（国庆）期间每3天");
    // Contacted on 2 October: next on 5 October.
    let s = contact_due(
        Some(date(2022, 10, 2)),
        date(2022, 1, 1),
        30,
        RiskLevel::Major,
        Some(&p),
        date(2022, 10, 6),
    );
    assert_eq!(
        (s.due_on, s.overdue, s.days_overdue),
        (date(2022, 10, 5), true, 1)
    );
    // 一般: the period changes nothing.
    let s = contact_due(
        Some(date(2022, 9, 20)),
        date(2022, 1, 1),
        30,
        RiskLevel::General,
        Some(&p),
        date(2022, 9, 28),
    );
    assert_eq!(s.due_on, date(2022, 10, 20));
    // Contacted on 6 October: 9 October is after the period; the normal rhythm holds.
    let s = contact_due(
        Some(date(2022, 10, 6)),
        date(2022, 1, 1),
        30,
        RiskLevel::Major,
        Some(&p),
        date(2022, 10, 7),
    );
    assert_eq!(s.due_on, date(2022, 11, 5));
}

#[test]
fn a_contact_parses_and_names_bad_fields() {
    let ok = ContactInput {
        date: "2022-10-02".into(),
        method: "电话".into(),
        contacted_by: "李向阳".into(),
        content: "了解近况".into(),
        result: "情绪稳定".into(),
    };
    let c = ok.parse(date(2022, 10, 3)).unwrap();
    assert_eq!(c.method, ContactMethod::Phone);
    let bad = ContactInput {
        date: "2022-10-09".into(),
        method: "微信".into(),
        ..ContactInput::default()
    };
    let e = bad.parse(date(2022, 10, 3)).unwrap_err();
    for f in ["date", "method", "contacted_by", "content", "result"] {
        assert!(e.has(f), "{f}: {e:?}");
    }
}
