//! Corrections of a registration, with expectations written out by hand.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::case::Case;
use crate::clock::parse_time;
use crate::vocab::{CaseKind, CaseStatus, Category, EscalatedTo, OnlineSeverity};

/// A registered 初信初访 of 王保全 in township 10, village 101, received 2022-10-08 09:00:30.
fn stored() -> Case {
    let input = RegistrationInput {
        kind: "初信初访".into(),
        channel: "来访".into(),
        source_level: "本级受理".into(),
        received_at: "2022-10-08 09:00:30".into(),
        township_id: "10".into(),
        village_id: "101".into(),
        summary: "反映2021年危房改造补助资金至今未到位".into(),
        category: "危房改造".into(),
        petitioner_name: "王保全".into(),
        petitioner_id_number: "11010519491231002X".into(),
        petitioner_phone: "13812345678".into(),
        petitioner_address: "建安区张潘镇古城村2组".into(),
        poverty_status: "脱贫户".into(),
        ..RegistrationInput::default()
    };
    let n = input.parse().unwrap();
    let p = n.petitioner.unwrap();
    let t = n.received_at;
    Case {
        id: 7,
        number: "建安信访〔2022〕0007号".into(),
        kind: n.kind,
        channel: n.channel,
        source_level: n.source_level,
        key_assigned: n.key_assigned,
        received_at: t,
        township_id: 10,
        township: "张潘镇".into(),
        village_id: Some(101),
        village: Some("古城村".into()),
        summary: n.summary,
        category: n.category,
        status: CaseStatus::Registered,
        petitioner: Some(crate::case::Petitioner {
            id: 3,
            name: p.name,
            id_number: p.id_number,
            phone: p.phone,
            address: p.address,
            poverty_status: p.poverty_status,
        }),
        ..crate::workflow_fixtures::blank_case(t)
    }
}

/// A correction giving `fields` with the reason 登记时录入错误.
fn correcting(fields: &[(&str, &str)]) -> CorrectionInput {
    let mut map = serde_json::Map::new();
    for (k, v) in fields {
        map.insert(k.to_string(), serde_json::Value::String(v.to_string()));
    }
    CorrectionInput {
        registration: serde_json::from_value(serde_json::Value::Object(map)).unwrap(),
        given: fields.iter().map(|(k, _)| k.to_string()).collect(),
        note: "登记时录入错误".into(),
    }
}

fn names(id: i64) -> String {
    match id {
        10 => "张潘镇".into(),
        11 => "将官池镇".into(),
        101 => "古城村".into(),
        111 => "岗朱村".into(),
        other => format!("#{other}"),
    }
}

fn shown(c: &Correction) -> Vec<(String, String, String)> {
    changes(&stored(), &c.new, &names)
        .into_iter()
        .map(|ch| (ch.label, ch.before, ch.after))
        .collect()
}

#[test]
fn a_field_left_out_keeps_its_value() {
    let c = correcting(&[("category", "医疗保障")])
        .parse(&stored())
        .unwrap();
    assert_eq!(c.new.category, Category::Medical);
    assert_eq!(c.new.summary, "反映2021年危房改造补助资金至今未到位");
    assert_eq!(
        c.new.received_at,
        parse_time("2022-10-08 09:00:30").unwrap(),
        "the stored time, seconds and all"
    );
    assert_eq!(c.reason, "登记时录入错误");
    assert_eq!(
        shown(&c),
        vec![("问题类别".into(), "危房改造".into(), "医疗保障".into())]
    );
}

#[test]
fn the_reason_is_required_and_named() {
    let mut input = correcting(&[("category", "医疗保障")]);
    input.note = "  ".into();
    let errs = input.parse(&stored()).unwrap_err();
    assert!(errs.has("note"));
    assert!(errs.to_string().contains("更正理由：不能为空"), "{errs}");
}

#[test]
fn registration_rules_apply_to_each_field_given() {
    let errs = correcting(&[
        ("petitioner_id_number", "110105194912310021"),
        ("received_at", "2022-02-30"),
        ("summary", ""),
        ("kind", "随便"),
    ])
    .parse(&stored())
    .unwrap_err();
    for f in ["petitioner_id_number", "received_at", "summary", "kind"] {
        assert!(errs.has(f), "{f} missing in {errs}");
    }
}

#[test]
fn the_repeat_link_and_unknown_fields_are_refused() {
    let errs = correcting(&[("related_case_id", "3"), ("categroy", "医疗保障")])
        .parse(&stored())
        .unwrap_err();
    assert!(
        errs.has("related_case_id") && errs.has("categroy"),
        "{errs}"
    );
}

#[test]
fn a_correction_that_changes_nothing_is_refused() {
    let same = correcting(&[
        ("category", "危房改造"),
        ("received_at", "2022-10-08T09:00"),
        ("petitioner_id_number", "110105********002X"),
        ("petitioner_phone", "138****5678"),
        ("petitioner_address", "建安区张潘镇****"),
    ]);
    let errs = same.parse(&stored()).unwrap_err();
    assert!(errs.to_string().contains("没有更改任何登记信息"), "{errs}");
}

#[test]
fn personal_data_is_masked_in_what_changed() {
    let c = correcting(&[
        ("petitioner_phone", "13912340000"),
        ("petitioner_id_number", "110105********002X"),
        ("petitioner_address", "建安区将官池镇岗朱村3组"),
    ])
    .parse(&stored())
    .unwrap();
    let p = c.new.petitioner.as_ref().unwrap();
    assert_eq!(p.phone.as_ref().unwrap().to_string(), "13912340000");
    assert_eq!(
        p.id_number.as_ref().unwrap().as_str(),
        "11010519491231002X",
        "the masked number sent back keeps the stored one"
    );
    assert_eq!(
        shown(&c),
        vec![
            (
                "联系电话".into(),
                "138****5678".into(),
                "139****0000".into()
            ),
            (
                "住址".into(),
                "建安区张潘镇****".into(),
                "建安区将官池****".into()
            ),
        ]
    );
    let text = sentence(&changes(&stored(), &c.new, &names), &c.reason);
    assert_eq!(
        text,
        "更正登记信息：联系电话：138****5678 → 139****0000；住址：建安区张潘镇**** → 建安区将官池****。更正理由：登记时录入错误"
    );
    assert!(!text.contains("13912340000") && !text.contains("岗朱村3组"));
}

#[test]
fn places_times_and_kinds_read_as_people_say_them() {
    let c = correcting(&[
        ("township_id", "11"),
        ("village_id", "111"),
        ("received_at", "2022-10-07 15:20"),
        ("kind", "重复访"),
    ])
    .parse(&stored())
    .unwrap();
    let ch = changes(&stored(), &c.new, &names);
    assert!(moves_clocks(&ch));
    assert_eq!(
        shown(&c),
        vec![
            ("信访类型".into(), "初信初访".into(), "重复访".into()),
            (
                "接待日期".into(),
                "2022-10-08 09:00".into(),
                "2022-10-07 15:20".into()
            ),
            ("问题所属乡镇".into(), "张潘镇".into(), "将官池镇".into()),
            ("村/社区".into(), "古城村".into(), "岗朱村".into()),
        ]
    );
    let c = correcting(&[("village_id", "")]).parse(&stored()).unwrap();
    assert_eq!(
        shown(&c),
        vec![("村/社区".into(), "古城村".into(), "（空）".into())]
    );
    assert!(!moves_clocks(&changes(&stored(), &c.new, &names)));
}

#[test]
fn a_destination_makes_the_corrected_case_escalated() {
    let c = correcting(&[("escalated_to", "进京")])
        .parse(&stored())
        .unwrap();
    assert_eq!(
        (c.new.kind, c.new.escalated_to),
        (CaseKind::Escalated, Some(EscalatedTo::Beijing))
    );
    assert_eq!(
        shown(&c),
        vec![
            ("信访类型".into(), "初信初访".into(), "越级访".into()),
            ("越级去向".into(), "（空）".into(), "进京".into()),
        ]
    );
}

#[test]
fn the_form_of_a_case_shows_personal_data_masked() {
    let f = RegistrationInput::of_case_masked(&stored());
    assert_eq!(f.petitioner_id_number, "110105********002X");
    assert_eq!(f.petitioner_phone, "138****5678");
    assert_eq!(f.received_at, "2022-10-08T09:00");
    assert_eq!(
        (f.kind.as_str(), f.backlog.as_str()),
        ("first_petition", "否")
    );
    let full = RegistrationInput::of_case(&stored());
    assert_eq!(full.petitioner_id_number, "11010519491231002X");
    // The whole form sent back unchanged changes nothing.
    let all = field_names();
    let input = CorrectionInput {
        given: all
            .into_iter()
            .filter(|f| !NOT_CORRECTABLE.iter().any(|(k, _)| k == f))
            .collect(),
        registration: f,
        note: "核对".into(),
    };
    assert!(input.parse(&stored()).is_err());
}

/// `stored()` as a 网络舆情 registered before the 舆情等级 was asked.
fn stored_online() -> Case {
    let mut c = stored();
    c.kind = CaseKind::OnlineOpinion;
    c.petitioner = None;
    c.online = Some(crate::case::OnlineDetails {
        platform: Some("抖音".into()),
        ..Default::default()
    });
    c
}

#[test]
fn the_severity_is_corrected_before_to_after() {
    let online = stored_online();
    // An incident registered before the 舆情等级 was asked gets one when corrected.
    let errs = correcting(&[("summary", "短视频反映低保被取消")])
        .parse(&online)
        .unwrap_err();
    assert!(errs.has("severity"), "{errs}");
    let c = correcting(&[("severity", "较大")]).parse(&online).unwrap();
    let moved = changes(&online, &c.new, &names);
    assert_eq!(
        moved
            .iter()
            .map(|ch| (ch.label.as_str(), ch.before.as_str(), ch.after.as_str()))
            .collect::<Vec<_>>(),
        vec![("舆情等级", "（空）", "较大")]
    );
    assert!(sentence(&moved, "登记时漏填").contains("舆情等级：（空） → 较大"));

    let mut rated = online.clone();
    rated.online.as_mut().unwrap().severity = Some(OnlineSeverity::Serious);
    let c = correcting(&[("severity", "重大")]).parse(&rated).unwrap();
    assert_eq!(c.new.online.unwrap().severity, Some(OnlineSeverity::Major));
    // Corrected away from 网络舆情 the case sheds its severity; typing one is refused.
    let c = correcting(&[("kind", "初信初访"), ("petitioner_name", "王保全")])
        .parse(&rated)
        .unwrap();
    assert_eq!(c.new.online, None);
    let errs = correcting(&[("severity", "一般")])
        .parse(&stored())
        .unwrap_err();
    assert!(
        errs.to_string().contains("只有网络舆情填写舆情等级"),
        "{errs}"
    );
}
