//! Periods and published ranks, with expectations written out by hand.
#![allow(clippy::unwrap_used)]

use super::*;

fn d(y: i16, m: i8, day: i8) -> Date {
    jiff::civil::date(y, m, day)
}

#[test]
fn periods_are_years_quarters_or_months() {
    let cases = [
        ("2022", "2022", "2022年", d(2022, 1, 1), d(2022, 12, 31)),
        (
            "2022-Q3",
            "2022-Q3",
            "2022年第三季度",
            d(2022, 7, 1),
            d(2022, 9, 30),
        ),
        (
            "2022q1",
            "2022-Q1",
            "2022年第一季度",
            d(2022, 1, 1),
            d(2022, 3, 31),
        ),
        (
            "2022-10",
            "2022-10",
            "2022年10月",
            d(2022, 10, 1),
            d(2022, 10, 31),
        ),
        (
            " 2024-02 ",
            "2024-02",
            "2024年2月",
            d(2024, 2, 1),
            d(2024, 2, 29),
        ),
        (
            "2023-Q4",
            "2023-Q4",
            "2023年第四季度",
            d(2023, 10, 1),
            d(2023, 12, 31),
        ),
    ];
    for (typed, key, label, first, last) in cases {
        let p = Period::parse(typed).unwrap();
        assert_eq!(
            (p.key(), p.label(), p.first_day(), p.last_day()),
            (key.to_string(), label.to_string(), first, last),
            "{typed}"
        );
    }
    assert_eq!(
        Period::parse("2022-Q3").unwrap().a_year_earlier().key(),
        "2021-Q3"
    );
}

#[test]
fn a_bad_period_says_what_is_accepted() {
    for bad in [
        "22",
        "2022-13",
        "2022-Q5",
        "2022-Q0",
        "2022/10",
        "二〇二二",
        "2022-1",
        "2022-+1",
    ] {
        let e = Period::parse(bad).unwrap_err();
        assert!(e.contains("2022-Q3"), "{bad}: {e}");
    }
    assert_eq!(Period::parse(" ").unwrap_err(), "不能为空");
    assert!(Period::parse("1999").unwrap_err().contains("2000"));
}

fn valid() -> RankInput {
    RankInput {
        period: "2022-Q3".into(),
        level: "市".into(),
        rank: "5".into(),
        ranked_count: "9".into(),
        published_total: "".into(),
        source: "许信联〔2022〕12号".into(),
        note: "".into(),
    }
}

#[test]
fn a_rank_entry_parses() {
    let r = valid().parse().unwrap();
    assert_eq!(
        r,
        PublishedRank {
            period: Period::parse("2022-Q3").unwrap(),
            level: RankLevel::City,
            rank: 5,
            ranked_count: 9,
            published_total: None,
            source: "许信联〔2022〕12号".into(),
            note: None,
        }
    );
    let mut with_total = valid();
    with_total.level = "province".into();
    with_total.published_total = "132".into();
    let r = with_total.parse().unwrap();
    assert_eq!(
        (r.level, r.published_total),
        (RankLevel::Province, Some(132))
    );
}

/// A change to a valid entry.
type Change = fn(&mut RankInput);

#[test]
fn rank_entry_errors_name_the_field_in_chinese() {
    let cases: [(Change, &str); 9] = [
        (
            |i| i.period = "2022-13".into(),
            "期间：“2022-13”不是有效的期间",
        ),
        (|i| i.period = String::new(), "期间：不能为空"),
        (|i| i.level = "县".into(), "通报层级"),
        (|i| i.rank = "第五".into(), "排名：“第五”不是整数"),
        (|i| i.rank = "0".into(), "排名：应为正整数"),
        (
            |i| i.rank = "10".into(),
            "排名：第10名超出了参与排名的9个县区",
        ),
        (|i| i.ranked_count = String::new(), "参与排名数：不能为空"),
        (|i| i.published_total = "-3".into(), "通报总量：应为正整数"),
        (|i| i.source = " ".into(), "来源："),
    ];
    for (change, expected) in cases {
        let mut input = valid();
        change(&mut input);
        let e = input.parse().unwrap_err().to_string();
        assert!(e.contains(expected), "{expected} — got {e}");
    }
}

#[test]
fn near_the_top_is_the_first_third() {
    // 9 districts: places 1–3 are 前列; 4 is not. 2 districts: only the first.
    assert!(is_near_the_top(3, 9));
    assert!(!is_near_the_top(4, 9));
    assert!(is_near_the_top(1, 2));
    assert!(!is_near_the_top(2, 2));
}
