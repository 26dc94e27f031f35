//! The monthly meeting's record, its measures and their states, checked by hand.
#![allow(clippy::unwrap_used)]

use super::*;

fn d(s: &str) -> Date {
    Date::strptime("%Y-%m-%d", s).unwrap()
}

fn measure(content: &str, owner: &str, due: &str) -> MeasureInput {
    MeasureInput {
        content: content.into(),
        owner: owner.into(),
        due: due.into(),
    }
}

fn meeting() -> MeetingInput {
    MeetingInput {
        township_id: String::new(),
        held_on: "2022-10-28".into(),
        place: "张潘镇党政办会议室".into(),
        chair: "王镇长".into(),
        attendees: "王镇长、张专干，李所长 赵书记".into(),
        risks: "石桥村危房改造补助未到位，信访人有赴市苗头。".into(),
        measures: vec![
            measure("入户解释政策并协调住建局核查", "张专干", "2022-11-04"),
            MeasureInput::default(),
            measure("每周联系一次信访人", "石桥村赵书记", "2022-11-30"),
        ],
    }
}

fn fields(e: &FieldErrors) -> Vec<&str> {
    e.0.iter().map(|f| f.field.as_str()).collect()
}

#[test]
fn a_meeting_keeps_its_attendees_and_measures_skipping_blank_rows() {
    let m = meeting().parse(d("2022-10-31")).unwrap();
    assert_eq!(m.held_on, d("2022-10-28"));
    assert_eq!(m.attendees, vec!["王镇长", "张专干", "李所长", "赵书记"]);
    assert_eq!(m.measures.len(), 2);
    assert_eq!(m.measures[1].owner, "石桥村赵书记");
    assert_eq!(m.measures[1].due, d("2022-11-30"));
}

#[test]
fn a_meeting_names_each_wrong_field_and_each_wrong_measure_by_its_row() {
    let e = MeetingInput::default().parse(d("2022-10-31")).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            "held_on",
            "place",
            "chair",
            "attendees",
            "risks",
            "measures"
        ]
    );
    let mut bad = meeting();
    bad.held_on = "2022-11-01".into();
    bad.attendees = "王镇长".into();
    // (the first measure is also due before the meeting's date)
    bad.measures = vec![
        measure("入户解释", "", "2022-10-20"),
        measure("", "张专干", "2022/11/30"),
    ];
    let e = bad.parse(d("2022-10-31")).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            "held_on",
            "attendees",
            "measures[0].owner",
            "measures[0].due",
            "measures[1].content",
            "measures[1].due"
        ]
    );
    assert_eq!(e.0[2].label, "第1条措施责任人");
    // A measure due before the meeting.
    let mut early = meeting();
    early.measures = vec![measure("入户解释", "张专干", "2022-10-27")];
    let e = early.parse(d("2022-10-31")).unwrap_err();
    assert_eq!(fields(&e), vec!["measures[0].due"]);
    assert!(e.0[0].message.contains("不能早于会议日期"));
}

#[test]
fn a_measure_is_open_due_soon_overdue_or_done_in_time_or_late() {
    let due = d("2022-11-04");
    assert_eq!(
        MeasureState::of(due, None, d("2022-10-31")),
        MeasureState::Open
    );
    // Three days before and on the day: 临期.
    assert_eq!(
        MeasureState::of(due, None, d("2022-11-01")),
        MeasureState::DueSoon
    );
    assert_eq!(
        MeasureState::of(due, None, d("2022-11-04")),
        MeasureState::DueSoon
    );
    assert_eq!(
        MeasureState::of(due, None, d("2022-11-05")),
        MeasureState::Overdue
    );
    assert_eq!(
        MeasureState::of(due, Some(d("2022-11-04")), d("2022-12-01")),
        MeasureState::Done
    );
    assert_eq!(
        MeasureState::of(due, Some(d("2022-11-05")), d("2022-12-01")),
        MeasureState::DoneLate
    );
    assert!(MeasureState::Overdue.is_open());
    assert!(!MeasureState::DoneLate.is_open());
}

#[test]
fn a_completion_needs_a_note_and_a_date_between_the_meeting_and_today() {
    let ok = MeasureDoneInput {
        date: String::new(),
        note: "已入户解释，信访人表示理解".into(),
    }
    .parse(d("2022-10-28"), d("2022-11-02"))
    .unwrap();
    assert_eq!(ok.on, d("2022-11-02"));
    let e = MeasureDoneInput {
        date: "2022-10-27".into(),
        note: String::new(),
    }
    .parse(d("2022-10-28"), d("2022-11-02"))
    .unwrap_err();
    assert_eq!(fields(&e), vec!["date", "note"]);
}

#[test]
fn months_parse_and_step_across_years() {
    let m = Month::parse("2022-1").unwrap();
    assert_eq!(m.to_string(), "2022-01");
    assert_eq!(m.previous().to_string(), "2021-12");
    assert_eq!(
        Month::parse("2022-12").unwrap().next().to_string(),
        "2023-01"
    );
    assert_eq!(m.label(), "2022年1月");
    assert_eq!(m.first_day(), d("2022-01-01"));
    for bad in ["2022-13", "2022", "22-10", "abcd-ef", ""] {
        assert_eq!(Month::parse(bad), None, "{bad}");
    }
}
