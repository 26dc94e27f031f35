//! Tests of the campaign form, the 无风险 report and coverage, against hand counts.

#![allow(clippy::unwrap_used)]
use super::*;

fn good() -> CampaignInput {
    CampaignInput {
        name: "2022年国庆前集中排查".into(),
        kind: "集中排查".into(),
        starts_on: "2022/09/01".into(),
        ends_on: "2022-09-30".into(),
        townships: vec!["3, 4".into(), "3".into()],
        villages: vec![],
        categories: vec!["危房改造、小额信贷".into()],
        remarks: String::new(),
    }
}

#[test]
fn a_good_campaign_parses() {
    let c = good().parse().unwrap();
    assert_eq!(c.kind, ScreeningKind::Campaign);
    assert_eq!(c.starts_on, Date::constant(2022, 9, 1));
    assert_eq!(c.township_ids, [3, 4]);
    assert_eq!(c.categories, [Category::Housing, Category::Microcredit]);
}

#[test]
fn every_bad_field_is_named() {
    let e = CampaignInput {
        name: " ".into(),
        kind: "随便查".into(),
        starts_on: "2022-10-01".into(),
        ends_on: "2022-09-30".into(),
        townships: vec!["张潘镇".into()],
        categories: vec!["天气".into()],
        ..good()
    }
    .parse()
    .unwrap_err();
    for f in ["name", "kind", "ends_on", "townships", "categories"] {
        assert!(e.has(f), "{f} not named: {e}");
    }
    let e = CampaignInput {
        ends_on: "2023-09-30".into(),
        ..good()
    }
    .parse()
    .unwrap_err();
    assert!(e.to_string().contains("最长一年"), "{e}");
}

#[test]
fn a_clear_report_falls_in_the_period() {
    let (s, e) = (Date::constant(2022, 9, 1), Date::constant(2022, 9, 30));
    let ok = ClearReportInput {
        village_id: "9".into(),
        screened_on: "2022-09-12".into(),
        remarks: "入户走访42户".into(),
    };
    assert_eq!(ok.parse(s, e).unwrap().village_id, 9);
    let late = ClearReportInput {
        screened_on: "2022-10-01".into(),
        ..ok
    };
    assert!(late.parse(s, e).unwrap_err().has("screened_on"));
}

fn village(id: i64, township_id: i64) -> CoveredVillage {
    CoveredVillage {
        id,
        name: format!("村{id}"),
        township_id,
    }
}

fn entry(township_id: i64, village: i64, grade: Option<RiskGrade>, c: Category) -> CountedEntry {
    CountedEntry {
        township_id,
        village_id: Some(village),
        grade,
        category: c,
    }
}

#[test]
fn coverage_counts_villages_screened_clear_and_not_and_the_entries() {
    // Township 1 has villages 10, 11, 12; township 2 has 20, 21.
    let villages = [
        village(10, 1),
        village(11, 1),
        village(12, 1),
        village(20, 2),
        village(21, 2),
    ];
    // Village 10: two entries; 11: clear; 12: nothing. Village 20: one
    // entry and also a clear report (the entry wins); 21: nothing.
    let entries = [
        entry(1, 10, Some(RiskGrade::Major), Category::Housing),
        entry(1, 10, None, Category::Housing),
        entry(2, 20, Some(RiskGrade::General), Category::Medical),
    ];
    let clear = BTreeSet::from([11, 20]);
    let c = coverage(&[1, 2], &villages, &entries, &clear);
    let (t1, t2) = (&c.townships[0].1, &c.townships[1].1);
    assert_eq!(
        (
            t1.villages,
            t1.screened,
            t1.with_entries,
            t1.clear,
            t1.not_screened
        ),
        (3, 2, 1, 1, 1)
    );
    assert_eq!(t1.entries, 2);
    assert_eq!(t1.by_grade, [0, 0, 1]);
    assert_eq!(t1.ungraded, 1);
    assert_eq!(t1.by_category.get(&Category::Housing), Some(&2));
    assert_eq!(t1.percent(), 66);
    assert_eq!(
        (
            t2.villages,
            t2.screened,
            t2.with_entries,
            t2.clear,
            t2.not_screened
        ),
        (2, 1, 1, 0, 1)
    );
    assert_eq!(c.total.screened, 3);
    assert_eq!(c.total.not_screened, 2);
    assert_eq!(c.total.by_grade, [1, 0, 1]);
    assert_eq!(c.total.percent(), 60);
    let state_of = |id| c.villages.iter().find(|(v, _)| v.id == id).unwrap().1;
    assert_eq!(state_of(10), VillageState::Found);
    assert_eq!(state_of(11), VillageState::Clear);
    assert_eq!(state_of(20), VillageState::Found);
    assert_eq!(state_of(21), VillageState::NotScreened);
}
