//! The registration form's rules, case numbers and the repeat window, with hand-written expectations.
#![allow(clippy::unwrap_used)]

use super::*;

fn valid() -> RegistrationInput {
    RegistrationInput {
        kind: "重复访".into(),
        channel: "网上信访".into(),
        source_level: "省交办".into(),
        key_assigned: "on".into(),
        received_at: "2022-09-26 09:10".into(),
        township_id: "12".into(),
        summary: "2021年危房改造补助未到位".into(),
        category: "危房改造".into(),
        petitioner_name: "王保全".into(),
        petitioner_id_number: "11010519491231002X".into(),
        petitioner_phone: "13812345678".into(),
        companions: "王小全、李梅".into(),
        ..RegistrationInput::default()
    }
}

#[test]
fn a_complete_registration_parses() {
    let c = valid().parse().unwrap();
    assert_eq!(c.kind, CaseKind::Repeat);
    assert!(c.key_assigned);
    assert_eq!(c.companions, vec!["王小全", "李梅"]);
    assert_eq!(c.petitioner.unwrap().poverty_status, PovertyStatus::General);
}

#[test]
fn every_bad_field_is_named() {
    let mut input = valid();
    input.petitioner_id_number = "110105194912310021".into();
    input.petitioner_phone = "12345".into();
    input.received_at = "2022-02-30".into();
    input.summary = "   ".into();
    input.kind = "随便".into();
    let errs = input.parse().unwrap_err();
    for f in [
        "petitioner_id_number",
        "petitioner_phone",
        "received_at",
        "summary",
        "kind",
    ] {
        assert!(errs.has(f), "{f} missing in {errs}");
    }
    assert!(errs.to_string().contains("反映问题：不能为空"));
}

#[test]
fn online_incidents_need_a_platform_but_no_petitioner() {
    let input = RegistrationInput {
        kind: "网络舆情".into(),
        channel: "网络舆情".into(),
        source_level: "本级受理".into(),
        received_at: "2022-09-30 20:30".into(),
        township_id: "3".into(),
        summary: "短视频反映低保被取消".into(),
        category: "民政救助".into(),
        ..RegistrationInput::default()
    };
    let errs = input.clone().parse().unwrap_err();
    assert!(errs.has("platform"));
    assert!(!errs.has("petitioner_name"));
    let ok = RegistrationInput {
        platform: "抖音".into(),
        ..input
    }
    .parse()
    .unwrap();
    assert!(ok.petitioner.is_none());
    assert_eq!(ok.online.unwrap().platform.as_deref(), Some("抖音"));
}

#[test]
fn a_destination_above_the_district_makes_the_case_escalated() {
    let mut input = valid();
    input.kind = "初信初访".into();
    input.escalated_to = "赴省".into();
    let c = input.clone().parse().unwrap();
    assert_eq!(
        (c.kind, c.escalated_to),
        (CaseKind::Escalated, Some(EscalatedTo::Province))
    );
    input.escalated_to = "无".into();
    let c = input.clone().parse().unwrap();
    assert_eq!((c.kind, c.escalated_to), (CaseKind::FirstPetition, None));
    input.escalated_to = "赴县".into();
    assert!(input.clone().parse().unwrap_err().has("escalated_to"));
    input.escalated_to = "进京".into();
    input.kind = "网络舆情".into();
    input.platform = "抖音".into();
    let errs = input.parse().unwrap_err();
    assert!(
        errs.to_string()
            .contains("越级去向：网络舆情不填写越级去向"),
        "{errs}"
    );
}

#[test]
fn an_unknown_repeat_decision_is_named() {
    let mut input = valid();
    input.repeat_decision = "yes".into();
    assert!(input.clone().parse().unwrap_err().has("repeat_decision"));
    input.repeat_decision = "confirm".into();
    assert!(input.parse().is_ok());
}

#[test]
fn case_numbers_compose_and_parse() {
    let n = CaseNumber::compose("建安信访", 2022, 7);
    assert_eq!(n.as_str(), "建安信访〔2022〕0007号");
    assert_eq!(
        CaseNumber::parse(n.as_str()),
        Some(("建安信访".into(), 2022, 7))
    );
    assert_eq!(CaseNumber::parse("建安信访2022-7"), None);
}

#[test]
fn repeat_window_is_twelve_months_same_category() {
    let may = crate::clock::parse_time("2022-05-10 10:00").unwrap();
    let sep = crate::clock::parse_time("2022-09-26 09:10").unwrap();
    let next_year = crate::clock::parse_time("2023-06-01 09:10").unwrap();
    assert!(is_probable_repeat(
        may,
        Category::Housing,
        sep,
        Category::Housing
    ));
    assert!(!is_probable_repeat(
        may,
        Category::Medical,
        sep,
        Category::Housing
    ));
    assert!(!is_probable_repeat(
        may,
        Category::Housing,
        next_year,
        Category::Housing
    ));
}
