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
        severity: "一般".into(),
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

/// The one field refused, with its Chinese label, when `change` spoils `valid()`.
fn refused_on(change: impl FnOnce(&mut RegistrationInput)) -> (String, String, String) {
    let mut input = valid();
    change(&mut input);
    let errs = input.parse().unwrap_err();
    assert_eq!(errs.0.len(), 1, "{errs:?}");
    let e = &errs.0[0];
    (e.field.clone(), e.label.clone(), e.message.clone())
}

#[test]
fn an_id_number_of_a_region_that_never_existed_is_refused() {
    // 123456 is no 行政区划代码; 1234561980010100 + check char 9 is otherwise valid
    // (sum 1·7+2·9+3·10+4·5+5·8+6·4+1·2+9·1+8·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+1·2
    //  = 214; 214 mod 11 = 5 → 7).
    let (field, label, message) =
        refused_on(|i| i.petitioner_id_number = "123456198001010017".into());
    assert_eq!(
        (field.as_str(), label.as_str()),
        ("petitioner_id_number", "身份证号")
    );
    assert!(message.contains("123456"), "{message}");
}

#[test]
fn an_id_number_born_after_the_petition_is_refused() {
    // Born 2023-01-01 (41100320230101001: 28+9+10+12+4+12+9+9+5+2 = 100, mod 11 = 1 → 0),
    // received 2022-09-26.
    let (field, _, message) = refused_on(|i| i.petitioner_id_number = "411003202301010010".into());
    assert_eq!(field, "petitioner_id_number");
    assert!(message.contains("出生日期"), "{message}");
}

#[test]
fn a_received_date_before_2000_is_refused() {
    for old in ["1800-01-01", "1999-12-31 23:59"] {
        let (field, label, _) = refused_on(|i| i.received_at = old.into());
        assert_eq!(
            (field.as_str(), label.as_str()),
            ("received_at", "接待日期"),
            "{old}"
        );
    }
    let mut input = valid();
    input.received_at = "2000-01-01".into();
    input.petitioner_id_number.clear();
    assert!(input.parse().is_ok());
}

#[test]
fn a_flag_that_is_neither_yes_nor_no_is_refused() {
    let (field, label, message) = refused_on(|i| i.key_assigned = "maybe".into());
    assert_eq!(
        (field.as_str(), label.as_str()),
        ("key_assigned", "是否重点交办")
    );
    assert!(message.contains("maybe"), "{message}");
    let (field, _, _) = refused_on(|i| i.backlog = "perhaps".into());
    assert_eq!(field, "backlog");
    let mut input = valid();
    input.key_assigned = "否".into();
    assert!(!input.parse().unwrap().key_assigned);
}

#[test]
fn control_characters_are_refused_and_line_ends_normalised() {
    let (field, label, _) = refused_on(|i| i.summary = "危房\u{0}改造".into());
    assert_eq!((field.as_str(), label.as_str()), ("summary", "反映问题"));
    let (field, _, _) = refused_on(|i| i.petitioner_name = "王\u{1b}保全".into());
    assert_eq!(field, "petitioner_name");
    let (field, _, _) = refused_on(|i| i.petitioner_address = "榆林村\n2组".into());
    assert_eq!(field, "petitioner_address");
    let (field, _, _) = refused_on(|i| i.companions = "王小全\u{7}".into());
    assert_eq!(field, "companions");
    let mut input = valid();
    input.summary = "第一行\r\n第二行".into();
    assert_eq!(input.parse().unwrap().summary, "第一行\n第二行");
}

#[test]
fn an_online_incident_needs_its_severity_and_no_other_kind_takes_one() {
    let online = RegistrationInput {
        kind: "网络舆情".into(),
        channel: "网络舆情".into(),
        source_level: "本级受理".into(),
        received_at: "2022-09-30 20:30".into(),
        township_id: "3".into(),
        summary: "短视频反映低保被取消".into(),
        category: "民政救助".into(),
        platform: "抖音".into(),
        ..RegistrationInput::default()
    };
    let errs = online.clone().parse().unwrap_err();
    assert!(
        errs.to_string()
            .contains("舆情等级：网络舆情必须填写舆情等级"),
        "{errs}"
    );
    for (typed, expected) in [
        ("一般", OnlineSeverity::Ordinary),
        ("较大", OnlineSeverity::Serious),
        ("major", OnlineSeverity::Major),
    ] {
        let mut input = online.clone();
        input.severity = typed.into();
        let c = input.parse().unwrap();
        assert_eq!(c.online.unwrap().severity, Some(expected), "{typed}");
    }
    let mut odd = online.clone();
    odd.severity = "特大".into();
    assert!(odd.parse().unwrap_err().has("severity"));

    let mut visit = valid();
    visit.severity = "重大".into();
    let errs = visit.parse().unwrap_err();
    assert!(
        errs.to_string()
            .contains("舆情等级：只有网络舆情填写舆情等级"),
        "{errs}"
    );
}
