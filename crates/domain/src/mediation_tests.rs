//! The mediation form: what it requires and refuses, each error naming its field.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::clock::parse_time;

fn at(s: &str) -> Timestamp {
    parse_time(s).unwrap()
}

fn agreed() -> MediationInput {
    MediationInput {
        kind: "人民调解".into(),
        date: "2022-10-12 09:00".into(),
        place: "石桥村委会".into(),
        mediators: "王调解、李主任".into(),
        lawyers: "赵律师".into(),
        elders: "刘老师，陈老 ".into(),
        outcome: "达成协议".into(),
        agreement: "村委会于10月底前补发2022年度公益岗工资1200元".into(),
        attachment_id: "7".into(),
        ..MediationInput::default()
    }
}

fn parse(i: &MediationInput) -> Result<Mediation, FieldErrors> {
    i.parse(at("2022-10-01 08:00"), at("2022-10-20 12:00"))
}

fn fields(e: &FieldErrors) -> Vec<&str> {
    e.0.iter().map(|f| f.field.as_str()).collect()
}

#[test]
fn an_agreed_mediation_keeps_its_people_by_role_and_its_agreement() {
    let m = parse(&agreed()).unwrap();
    assert_eq!(m.kind, MediationKind::People);
    assert_eq!(m.mediators, vec!["王调解", "李主任"]);
    assert_eq!(
        m.participants,
        vec![
            Participant {
                role: ParticipantRole::Lawyer,
                name: "赵律师".into()
            },
            Participant {
                role: ParticipantRole::Elder,
                name: "刘老师".into()
            },
            Participant {
                role: ParticipantRole::Elder,
                name: "陈老".into()
            },
        ]
    );
    assert_eq!(m.outcome, MediationOutcome::Agreed);
    assert_eq!(m.attachment_id, Some(7));
    assert!(
        m.describe()
            .starts_with("人民调解（2022-10-12 09:00，石桥村委会）")
    );
}

#[test]
fn the_keys_read_as_well_as_the_labels() {
    let i = MediationInput {
        kind: "judicial".into(),
        outcome: "not_agreed".into(),
        agreement: String::new(),
        attachment_id: String::new(),
        ..agreed()
    };
    let m = parse(&i).unwrap();
    assert_eq!(m.kind, MediationKind::Judicial);
    assert_eq!(m.agreement, None);
}

#[test]
fn an_agreement_needs_its_text_and_no_agreement_has_none() {
    let e = parse(&MediationInput {
        agreement: " ".into(),
        ..agreed()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["agreement"]);
    assert_eq!(e.0[0].label, "协议内容");
    let e = parse(&MediationInput {
        outcome: "未达成".into(),
        ..agreed()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["agreement", "attachment_id"]);
}

#[test]
fn every_required_field_is_named() {
    let e = parse(&MediationInput::default()).unwrap_err();
    assert_eq!(
        fields(&e),
        vec!["kind", "date", "place", "mediators", "outcome"]
    );
    let e = parse(&MediationInput {
        kind: "民间调解".into(),
        ..agreed()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["kind"]);
    assert_eq!(e.0[0].label, "调解类型");
}

#[test]
fn the_date_lies_between_the_case_and_now() {
    let e = parse(&MediationInput {
        date: "2022-09-30".into(),
        ..agreed()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["date"]);
    let e = parse(&MediationInput {
        date: "2022-10-21".into(),
        ..agreed()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["date"]);
    let e = parse(&MediationInput {
        date: "十月".into(),
        ..agreed()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["date"]);
}

#[test]
fn names_are_one_line_and_not_too_many() {
    let many = (0..21)
        .map(|i| format!("人{i}"))
        .collect::<Vec<_>>()
        .join("、");
    let e = parse(&MediationInput {
        others: many,
        ..agreed()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["others"]);
    let long = "张".repeat(31);
    let e = parse(&MediationInput {
        counsellors: long,
        ..agreed()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["counsellors"]);
}
