//! How the text of a step's form becomes a [`Step`](crate::workflow::Step), field by field.
//!
//! The expectations below are written out by hand from the rules of the six
//! steps; none is computed by calling the code under test.
#![allow(clippy::unwrap_used)]

use jiff::Timestamp;
use serde_json::json;

use crate::errors::FieldErrors;
use crate::vocab::{ContactMethod, Finding, ReportKind, Satisfaction, TriAnswer, TriRecord};
use crate::workflow::{Step, StepInput};
use crate::workflow_fixtures::{CO_UNIT, LEAD_UNIT, LEADER, UNRELATED_DEPT, now, words};

/// Form fields as (name, value) pairs.
type Fields<'a> = &'a [(&'a str, &'a str)];

/// A form with the given fields filled in (field names are checked).
fn input(fields: Fields) -> StepInput {
    let map = fields.iter().map(|(k, v)| (k.to_string(), json!(v)));
    let parsed: StepInput = serde_json::from_value(map.collect()).unwrap();
    let back = serde_json::to_value(&parsed).unwrap();
    for (k, v) in fields {
        assert_eq!(back[*k], *v, "no such field {k}");
    }
    parsed
}

fn error_fields(r: Result<Step, FieldErrors>) -> Vec<String> {
    let mut f: Vec<String> = r.unwrap_err().0.into_iter().map(|e| e.field).collect();
    f.sort();
    f.dedup();
    f
}

const OPINION: [(&str, &str); 6] = [
    ("finding", "部分属实"),
    ("tri_reasonable", "是"),
    ("tri_unreasonable", "不涉及"),
    ("tri_hardship", "yes"),
    ("tri_unlawful", "na"),
    ("opinion", "补发补助"),
];

/// The full opinion form with one field replaced.
fn opinion_with(field: &str, value: &str) -> StepInput {
    let mut fields = OPINION.to_vec();
    fields.retain(|(k, _)| *k != field);
    fields.push((field, value));
    input(&fields)
}

#[test]
fn missing_required_fields_are_named() {
    let note = [("note", "情况")];
    #[rustfmt::skip]
    let rows: [(&str, StepInput, &str); 15] = [
        ("assign", input(&[]), "unit_id"),
        ("contact", input(&[]), "note"),
        ("visit", input(&[]), "note"),
        ("report", input(&note), "report_kind"),
        ("report", input(&[]), "note report_kind"),
        ("opinion", input(&[]), "finding opinion tri_hardship tri_reasonable tri_unlawful tri_unreasonable"),
        ("opinion", opinion_with("finding", " "), "finding"),
        ("opinion", opinion_with("tri_unlawful", ""), "tri_unlawful"),
        ("return_visit", input(&note), "satisfaction"),
        ("return_visit", input(&[]), "note satisfaction"),
        ("urge", input(&[]), "note"),
        ("comment", input(&[]), "note"),
        ("escalate", input(&[]), "note"),
        ("reopen", input(&[]), "note"),
        ("explode", input(&note), "step"),
    ];
    for (step, form, want) in rows {
        assert_eq!(error_fields(form.parse(step, now())), words(want), "{step}");
    }
}

#[test]
fn unrecognised_choices_are_named() {
    #[rustfmt::skip]
    let rows: [(&str, StepInput, &str); 7] = [
        ("assign", input(&[("unit_id", "abc")]), "unit_id"),
        ("assign", input(&[("unit_id", "0")]), "unit_id"),
        ("assign", input(&[("unit_id", "20"), ("handler_phone", "12345")]), "handler_phone"),
        ("report", input(&[("report_kind", "随便"), ("note", "x")]), "report_kind"),
        ("contact", input(&[("method", "飞鸽传书"), ("note", "x")]), "method"),
        ("opinion", opinion_with("tri_hardship", "maybe"), "tri_hardship"),
        ("return_visit", input(&[("satisfaction", "还行"), ("note", "x")]), "satisfaction"),
    ];
    for (step, form, field) in rows {
        assert_eq!(error_fields(form.parse(step, now())), [field], "{step}");
    }
}

#[test]
fn complete_inputs_parse_into_steps() {
    let parse = |step: &str, fields: Fields| input(fields).parse(step, now()).unwrap();
    let tri = TriRecord {
        reasonable_resolved: TriAnswer::Yes,
        unreasonable_guided: TriAnswer::NotApplicable,
        hardship_helped: TriAnswer::Yes,
        unlawful_handled: TriAnswer::NotApplicable,
    };
    let (at, s) = (now(), |s: &str| s.to_string());
    #[rustfmt::skip]
    let rows: [(&str, Fields, Step); 8] = [
        ("opinion", &OPINION, Step::Opinion { at, finding: Finding::Partly, tri, opinion: s("补发补助") }),
        ("contact", &[("note", " 已电话沟通 ")], Step::Contact { at, method: ContactMethod::Phone, note: s("已电话沟通") }),
        ("visit", &[("place", "王庄村"), ("notice_signed", "是"), ("note", "阅签")],
            Step::Visit { at, place: Some(s("王庄村")), notice_signed: true, note: s("阅签") }),
        ("report", &[("report_kind", "初步调查报告"), ("note", "x")],
            Step::Report { at, kind: ReportKind::Preliminary, note: s("x") }),
        ("return_visit", &[("satisfaction", "不满意"), ("stable", "on"), ("note", "x")],
            Step::ReturnVisit { at, satisfaction: Satisfaction::Dissatisfied, stable: true, note: s("x") }),
        ("close", &[], Step::Close { note: None }),
        ("reopen", &[("note", "复核")], Step::Reopen { reason: s("复核") }),
        ("urge", &[("note", "加快")], Step::Urge { note: s("加快") }),
    ];
    for (step, fields, want) in rows {
        assert_eq!(parse(step, fields), want, "{step}");
    }
}

#[test]
fn times_blank_past_future_and_garbled() {
    let contact = |at: &str| input(&[("at", at), ("note", "已联系")]).parse("contact", now());
    let time_of = |r: Result<Step, FieldErrors>| match r.unwrap() {
        Step::Contact { at, .. } => at,
        other => panic!("{other:?}"),
    };
    assert_eq!(time_of(contact("")), now());
    assert_eq!(time_of(contact("   ")), now());
    let past = "2022-09-25T00:00:00Z".parse::<Timestamp>().unwrap();
    assert_eq!(time_of(contact("2022-09-25 08:00")), past);
    // Up to ten minutes ahead is tolerated (clock skew); more is refused.
    assert!(contact("2022-09-26 09:20").is_ok());
    let errs = contact("2022-09-26 09:21").unwrap_err();
    assert_eq!(errs.0.len(), 1, "{errs}");
    assert_eq!(errs.0[0].field, "at");
    assert!(errs.to_string().contains("不能晚于当前时间"), "{errs}");
    assert_eq!(error_fields(contact("昨天")), ["at"]);
    let visit = input(&[("at", "2023-01-01"), ("note", "x")]).parse("visit", now());
    assert_eq!(error_fields(visit), ["at"]);
    let assign = input(&[("at", "2023-01-01"), ("unit_id", "20")]).parse("assign", now());
    assert_eq!(error_fields(assign), ["at"]);
    // Steps without a time of their own ignore the field.
    assert!(
        input(&[("at", "垃圾"), ("note", "x")])
            .parse("comment", now())
            .is_ok()
    );
}

#[test]
fn assign_drops_duplicate_co_units_and_the_lead_unit() {
    let mut form = input(&[
        ("unit_id", " 20 "),
        ("handler_user_id", "4"),
        ("handler_name", "张三"),
        ("leader_user_id", "500"),
    ]);
    form.co_unit_ids = ["21", "20", "21", " ", "22", "20"].map(Into::into).into();
    let Step::Assign(a) = form.parse("assign", now()).unwrap() else {
        panic!("not an assignment")
    };
    assert_eq!(a.co_unit_ids, [CO_UNIT, UNRELATED_DEPT]);
    assert_eq!((a.unit_id, a.handler_user_id), (LEAD_UNIT, Some(4)));
    assert_eq!((a.leader_user_id, a.at), (Some(LEADER), now()));
    assert_eq!((a.handler_name.as_deref(), a.note), (Some("张三"), None));

    let mut bad = input(&[("unit_id", "20")]);
    bad.co_unit_ids = vec!["x".into()];
    assert_eq!(error_fields(bad.parse("assign", now())), ["co_unit_ids"]);
}
