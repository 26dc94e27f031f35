//! Every day of 2022–2026 classified against FACTS.md §2, restated here
//! independently of `calendars/*.json`.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday, date};
use xinfang_domain::calendar::WorkingCalendar;

/// FACTS.md §2, row by row: (year, days off as (from, to, holiday), makeup days as (day, holiday)).
/// Dates are "MM-DD" in the row's year unless written in full.
type Row = (
    i16,
    &'static [(&'static str, &'static str, &'static str)],
    &'static [(&'static str, &'static str)],
);

const TABLE: &[Row] = &[
    (
        2022,
        &[
            ("01-01", "01-03", "元旦"),
            ("01-31", "02-06", "春节"),
            ("04-03", "04-05", "清明节"),
            ("04-30", "05-04", "劳动节"),
            ("06-03", "06-05", "端午节"),
            ("09-10", "09-12", "中秋节"),
            ("10-01", "10-07", "国庆节"),
        ],
        &[
            ("01-29", "春节"),
            ("01-30", "春节"),
            ("04-02", "清明节"),
            ("04-24", "劳动节"),
            ("05-07", "劳动节"),
            ("10-08", "国庆节"),
            ("10-09", "国庆节"),
        ],
    ),
    (
        2023,
        &[
            ("2022-12-31", "01-02", "元旦"),
            ("01-21", "01-27", "春节"),
            ("04-05", "04-05", "清明节"),
            ("04-29", "05-03", "劳动节"),
            ("06-22", "06-24", "端午节"),
            ("09-29", "10-06", "中秋节、国庆节"),
        ],
        &[
            ("01-28", "春节"),
            ("01-29", "春节"),
            ("04-23", "劳动节"),
            ("05-06", "劳动节"),
            ("06-25", "端午节"),
            ("10-07", "中秋节、国庆节"),
            ("10-08", "中秋节、国庆节"),
        ],
    ),
    (
        2024,
        &[
            ("01-01", "01-01", "元旦"),
            ("02-10", "02-17", "春节"),
            ("04-04", "04-06", "清明节"),
            ("05-01", "05-05", "劳动节"),
            ("06-10", "06-10", "端午节"),
            ("09-15", "09-17", "中秋节"),
            ("10-01", "10-07", "国庆节"),
        ],
        &[
            ("02-04", "春节"),
            ("02-18", "春节"),
            ("04-07", "清明节"),
            ("04-28", "劳动节"),
            ("05-11", "劳动节"),
            ("09-14", "中秋节"),
            ("09-29", "国庆节"),
            ("10-12", "国庆节"),
        ],
    ),
    (
        2025,
        &[
            ("01-01", "01-01", "元旦"),
            ("01-28", "02-04", "春节"),
            ("04-04", "04-06", "清明节"),
            ("05-01", "05-05", "劳动节"),
            ("05-31", "06-02", "端午节"),
            ("10-01", "10-08", "中秋节、国庆节"),
        ],
        &[
            ("01-26", "春节"),
            ("02-08", "春节"),
            ("04-27", "劳动节"),
            ("09-28", "中秋节、国庆节"),
            ("10-11", "中秋节、国庆节"),
        ],
    ),
    (
        2026,
        &[
            ("01-01", "01-03", "元旦"),
            ("02-15", "02-23", "春节"),
            ("04-04", "04-06", "清明节"),
            ("05-01", "05-05", "劳动节"),
            ("06-19", "06-21", "端午节"),
            ("09-25", "09-27", "中秋节"),
            ("10-01", "10-07", "国庆节"),
        ],
        &[
            ("01-04", "元旦"),
            ("02-14", "春节"),
            ("02-28", "春节"),
            ("05-09", "劳动节"),
            ("09-20", "国庆节"),
            ("10-10", "国庆节"),
        ],
    ),
];

fn day(year: i16, s: &str) -> Date {
    let full = if s.len() == 5 {
        format!("{year}-{s}")
    } else {
        s.to_string()
    };
    full.parse().unwrap_or_else(|_| panic!("{full} is a date"))
}

/// What the table says about each listed day: Ok(holiday) off, Err(holiday) makeup.
fn expectations() -> (BTreeMap<Date, &'static str>, BTreeMap<Date, &'static str>) {
    let mut off = BTreeMap::new();
    let mut makeup = BTreeMap::new();
    for (year, blocks, makeups) in TABLE {
        for (from, to, name) in *blocks {
            let (mut d, to) = (day(*year, from), day(*year, to));
            while d <= to {
                off.insert(d, *name);
                d = d.tomorrow().expect("in range");
            }
        }
        for (d, name) in *makeups {
            makeup.insert(day(*year, d), *name);
        }
    }
    (off, makeup)
}

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

#[test]
fn every_day_of_2022_to_2026_matches_the_state_council_table() {
    let cal = WorkingCalendar::embedded();
    let (off, makeup) = expectations();
    let mut d = date(2022, 1, 1);
    let mut checked = 0;
    while d <= date(2026, 12, 31) {
        let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
        let wd = WEEKDAYS[usize::try_from(d.weekday().to_monday_zero_offset()).expect("0..7")];
        let (working, reason) = if let Some(h) = makeup.get(&d) {
            (true, format!("{h}调休上班"))
        } else if let Some(h) = off.get(&d) {
            (false, format!("{h}放假"))
        } else if weekend {
            (false, format!("{wd}，休息日"))
        } else {
            (true, format!("{wd}，工作日"))
        };
        let info = cal.day(d);
        assert_eq!(info.working, working, "{d}: {}", info.reason);
        assert_eq!(info.reason, reason, "{d}");
        assert!(info.year_known, "{d}");
        assert_eq!(cal.is_working_day(d), working, "{d}");
        checked += 1;
        d = d.tomorrow().expect("in range");
    }
    assert_eq!(checked, 365 * 5 + 1, "2024 is a leap year");
}

#[test]
fn makeup_days_in_the_table_are_all_weekends() {
    let (_, makeup) = expectations();
    for d in makeup.keys() {
        assert!(
            matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday),
            "{d}"
        );
    }
}

#[test]
fn year_2022_has_249_working_days() {
    // Counted by hand: 365 days, 105 weekend days (2022-01-01 was a Saturday,
    // 53 Saturdays and 52 Sundays) leave 260 weekdays; 18 of them are off
    // (元旦 1, 春节 5, 清明 2, 劳动节 3, 端午 1, 中秋 1, 国庆 5) and 7 weekend
    // days are worked: 260 − 18 + 7 = 249.
    let cal = WorkingCalendar::embedded();
    assert_eq!(
        cal.working_days_in(date(2022, 1, 1), date(2022, 12, 31)),
        249
    );
}

#[test]
fn the_national_day_2022_makeup_saturday_is_a_working_day_and_says_why() {
    let info = WorkingCalendar::embedded().day(date(2022, 10, 8));
    assert!(info.working);
    assert_eq!(info.reason, "国庆节调休上班");
}
