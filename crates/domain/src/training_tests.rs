//! Tests of 干部培训: the course's parse, the roster's people, coverage and the duties.
#![allow(clippy::unwrap_used)]

use super::*;

fn good() -> CourseInput {
    CourseInput {
        org_id: String::new(),
        date: "2022-06-15".into(),
        topic: "舆情应对".into(),
        topic_other: "ignored".into(),
        hours: "1.5".into(),
        trainer: "区委网信办 李老师".into(),
        place: "区乡村振兴局三楼会议室".into(),
        attendees: vec!["7:cadre".into(), "7:leader".into(), "7:cadre".into()],
    }
}

#[test]
fn a_course_counts_half_hours_and_each_attendee_once() {
    let c = good().parse(Date::constant(2022, 6, 15)).unwrap();
    assert_eq!(c.half_hours, 3);
    assert_eq!(hours_text(c.half_hours), "1.5");
    assert_eq!(hours_text(4), "2");
    assert_eq!(c.topic, TrainingTopic::PublicOpinion);
    assert_eq!(c.topic_other, None, "only 其他 keeps its text");
    assert_eq!(
        c.attendees,
        [(7, RosterPost::Cadre), (7, RosterPost::Leader)]
    );
}

#[test]
fn other_needs_its_text_and_every_bad_field_is_named() {
    let e = CourseInput {
        topic: "其他".into(),
        topic_other: String::new(),
        ..good()
    }
    .parse(Date::constant(2022, 7, 1))
    .unwrap_err();
    assert!(e.has("topic_other"), "{e}");
    let e = CourseInput {
        org_id: "abc".into(),
        date: "2022-07-02".into(),
        topic: "书法".into(),
        hours: "1.2".into(),
        trainer: String::new(),
        place: "\n".into(),
        attendees: vec!["7:boss".into()],
        ..good()
    }
    .parse(Date::constant(2022, 7, 1))
    .unwrap_err();
    for f in [
        "org_id",
        "date",
        "topic",
        "hours",
        "trainer",
        "place",
        "attendees",
    ] {
        assert!(e.has(f), "{f} not named: {e}");
    }
    for h in ["0", "25", "x"] {
        let e = CourseInput {
            hours: h.into(),
            ..good()
        }
        .parse(Date::constant(2022, 7, 1))
        .unwrap_err();
        assert!(e.has("hours"), "{h}: {e}");
    }
    let e = CourseInput {
        attendees: vec![],
        ..good()
    }
    .parse(Date::constant(2022, 7, 1))
    .unwrap_err();
    assert!(e.has("attendees"));
}

#[test]
fn the_roster_row_names_its_people() {
    let e = RosterEntry {
        org_id: 3,
        leader_name: "王五".into(),
        cadre_name: " ".into(),
        ..RosterEntry::default()
    };
    let p = people_of(&e);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key(), "3:leader");
    assert_eq!(
        parse_person_key("3:涉贫信访专干"),
        Some((3, RosterPost::Cadre))
    );
    assert_eq!(parse_person_key("0:cadre"), None);
}

#[test]
fn coverage_counts_hours_by_organisation_and_people_by_name() {
    let row = |org_id, leader: &str, cadre: &str| RosterEntry {
        org_id,
        org_name: format!("镇{org_id}"),
        leader_name: leader.into(),
        cadre_name: cadre.into(),
        ..RosterEntry::default()
    };
    let roster = [row(1, "甲", "乙"), row(2, "丙", "")];
    let at = |org_id, post, name: &str, course_id, half_hours| Attendance {
        person: RosterPerson {
            org_id,
            post,
            name: name.into(),
        },
        course_id,
        date: Date::constant(2022, 5, 1),
        topic: "法律知识".into(),
        half_hours,
    };
    let attended = [
        at(1, RosterPost::Leader, "甲", 1, 4),
        at(1, RosterPost::Leader, "甲", 2, 3),
        // The cadre before 乙: hours spent, but 乙 is still untrained.
        at(1, RosterPost::Cadre, "旧专干", 1, 4),
    ];
    let c = coverage(&roster, &attended);
    assert_eq!(c[0].half_hours, 11);
    assert_eq!(c[0].trained(), 1);
    assert_eq!(c[0].untrained()[0].name, "乙");
    assert_eq!(c[0].people[0].sessions.len(), 2);
    assert_eq!(c[1].half_hours, 0);
    assert_eq!(c[1].people.len(), 1, "a blank cadre is nobody");
    assert_eq!(c[1].untrained().len(), 1);

    let d = coverage_duty(Date::constant(2022, 11, 2), &c);
    assert!(d.urgent);
    assert!(
        d.detail.contains("已培训1/3人，合计5.5学时"),
        "{}",
        d.detail
    );
    assert!(d.detail.contains("镇1乙、镇2丙"), "{}", d.detail);
    assert!(!coverage_duty(Date::constant(2022, 10, 31), &c).urgent);
}

#[test]
fn the_roster_duty_names_who_has_not_sent_it_this_year() {
    let saved = |org_id, at: &str| RosterEntry {
        org_id,
        org_name: format!("镇{org_id}"),
        cadre_name: "专干".into(),
        updated_at: Some(at.parse().unwrap()),
        ..RosterEntry::default()
    };
    let rows = [
        saved(1, "2022-03-01T02:00:00Z"),
        saved(2, "2021-12-30T02:00:00Z"),
        RosterEntry {
            org_id: 3,
            org_name: "镇3".into(),
            ..RosterEntry::default()
        },
    ];
    let today = Date::constant(2022, 3, 20);
    assert_eq!(roster_status(today, &rows), "；尚未报送2个：镇2、镇3");
    assert_eq!(roster_status(today, &rows[..1]), "；已全部报送");
}
