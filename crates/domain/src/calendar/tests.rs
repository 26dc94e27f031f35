//! Unit tests of the calendar's loading rules and day arithmetic.

use jiff::civil::date;

use super::*;

fn problems(text: &str) -> Vec<String> {
    match YearData::from_json(text) {
        Err(CalendarError::Invalid { problems, .. }) => problems,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn every_embedded_file_loads_and_the_years_are_2022_to_2026() {
    let cal = WorkingCalendar::embedded();
    assert_eq!(cal.years(), vec![2022, 2023, 2024, 2025, 2026]);
    for text in EMBEDDED {
        assert!(YearData::from_json(text).is_ok());
    }
}

#[test]
fn the_2023_new_year_block_starting_on_2022_12_31_is_in_the_2023_file() {
    let cal = WorkingCalendar::embedded();
    let info = cal.day(date(2022, 12, 31));
    assert!(!info.working);
    assert_eq!(info.reason, "元旦放假");
    let y2022 = cal.year_data(2022).expect("2022 loaded");
    assert!(y2022.off_days().all(|(d, _)| d.year() == 2022));
}

#[test]
fn a_day_outside_the_year_is_refused_but_late_december_before_is_allowed() {
    let p = problems(
        r#"{"year":2027,"days_off":[{"name":"元旦","from":"2026-12-31","to":"2027-01-01"},
            {"name":"国庆节","from":"2028-10-01","to":"2028-10-02"}],"makeup_workdays":[]}"#,
    );
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(
        p.iter().any(|m| m.contains("2028-10-01 不在2027年内")),
        "{p:?}"
    );
    let p = problems(
        r#"{"year":2027,"days_off":[{"name":"元旦","from":"2026-11-30","to":"2027-01-01"}]}"#,
    );
    assert!(
        p.iter().any(|m| m.contains("2026-11-30 不在2027年内")),
        "{p:?}"
    );
}

#[test]
fn a_makeup_day_must_be_a_weekend_not_a_day_off_and_name_a_holiday_of_the_file() {
    // 2027-10-04 is a Monday; 2027-10-02 a Saturday inside the block.
    let p = problems(
        r#"{"year":2027,"days_off":[{"name":"国庆节","from":"2027-10-01","to":"2027-10-07"}],
            "makeup_workdays":[{"date":"2027-10-04","for":"国庆节"},
                               {"date":"2027-10-02","for":"国庆节"},
                               {"date":"2027-09-26","for":"中秋节"}]}"#,
    );
    assert!(
        p.iter()
            .any(|m| m == "2027-10-04（周一）不是周末，不能设为调休上班日"),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|m| m == "2027-10-02 既是国庆节放假日又是调休上班日"),
        "{p:?}"
    );
    assert!(
        p.iter().any(|m| m.contains("“中秋节”不在本年放假安排中")),
        "{p:?}"
    );
}

#[test]
fn reversed_overlapping_or_overlong_blocks_are_refused() {
    let p = problems(
        r#"{"year":2027,"days_off":[{"name":"春节","from":"2027-02-10","to":"2027-02-05"},
            {"name":"劳动节","from":"2027-05-01","to":"2027-05-05"},
            {"name":"五一","from":"2027-05-05","to":"2027-05-06"},
            {"name":"国庆节","from":"2027-10-01","to":"2027-12-07"}]}"#,
    );
    assert!(p.iter().any(|m| m.contains("起止颠倒")), "{p:?}");
    assert!(
        p.iter()
            .any(|m| m == "2027-05-05 同时列在劳动节和五一的放假中"),
        "{p:?}"
    );
    assert!(p.iter().any(|m| m.contains("超过15天")), "{p:?}");
}

#[test]
fn bad_json_and_unknown_fields_are_format_errors_in_chinese() {
    for text in ["not json", r#"{"year":2027,"days_off":[],"holidays":[]}"#] {
        let e = YearData::from_json(text).expect_err("refused");
        assert!(matches!(e, CalendarError::Format(_)));
        assert!(e.to_string().starts_with("日历文件格式有误"), "{e}");
    }
}

#[test]
fn a_year_contradicting_a_neighbour_already_loaded_is_refused() {
    let mut cal = WorkingCalendar::embedded();
    // 2022-12-31 is off in the 2023 file; a 2022 file may not make it a working day.
    let text = cal
        .year_data(2022)
        .map(|y| {
            let mut y = y.clone();
            y.makeup_workdays.push(MakeupWorkday {
                date: date(2022, 12, 31),
                holiday: "国庆节".into(),
            });
            serde_json::to_string(&y).unwrap_or_default()
        })
        .unwrap_or_default();
    let e = cal.with_year_json(&text).expect_err("refused");
    assert!(
        e.to_string().contains("2022-12-31 在2023年数据中是放假日"),
        "{e}"
    );
    assert!(cal.day(date(2022, 12, 31)).reason == "元旦放假");
}

#[test]
fn working_day_arithmetic_skips_days_off_and_counts_makeup_days() {
    let cal = WorkingCalendar::embedded();
    assert_eq!(cal.next_working_day(date(2022, 9, 30)), date(2022, 10, 8));
    assert_eq!(
        cal.add_working_days(date(2022, 9, 30), 3),
        date(2022, 10, 10)
    );
    assert_eq!(
        cal.add_working_days(date(2022, 9, 30), 0),
        date(2022, 9, 30)
    );
    assert_eq!(
        cal.previous_working_day(date(2022, 10, 8)),
        date(2022, 9, 30)
    );
    assert_eq!(
        cal.working_day_on_or_after(date(2022, 10, 9)),
        date(2022, 10, 9)
    );
    assert_eq!(cal.working_days_in(date(2022, 10, 1), date(2022, 10, 9)), 2);
    assert_eq!(cal.working_days_in(date(2022, 10, 9), date(2022, 10, 1)), 0);
}

#[test]
fn unknown_years_fall_back_to_weekends_and_say_so() {
    let cal = WorkingCalendar::embedded();
    let info = cal.day(date(2027, 10, 1));
    assert!(info.working && !info.year_known);
    assert_eq!(info.reason, "周五，工作日");
    assert_eq!(
        cal.warnings_between(date(2026, 12, 30), date(2028, 1, 2)),
        vec![
            "2027年节假日安排未载入，截止时间可能不准".to_string(),
            "2028年节假日安排未载入，截止时间可能不准".to_string()
        ]
    );
    assert!(
        WorkingCalendar::weekends_only()
            .day(date(2022, 10, 3))
            .working
    );
}
