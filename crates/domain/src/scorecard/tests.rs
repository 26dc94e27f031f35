//! The scorecard file's checks and the scoring, hand-worked.

use super::*;

fn default_value() -> serde_json::Value {
    serde_json::from_str(DEFAULT_JSON).expect("shipped file is JSON")
}

fn errors_of(v: &serde_json::Value) -> Vec<ScorecardError> {
    ScorecardRules::parse(&v.to_string()).expect_err("should be refused")
}

fn has(errors: &[ScorecardError], field: &str, words: &str) -> bool {
    errors
        .iter()
        .any(|e| e.field == field && e.message.contains(words))
}

#[test]
fn the_shipped_file_parses_with_the_plan_s_four_areas_and_weights_of_100() {
    let r = ScorecardRules::parse(DEFAULT_JSON).expect("shipped rules are valid");
    assert_eq!(r.indicators.iter().map(|i| i.weight).sum::<u32>(), 100);
    for area in Area::ALL {
        assert!(
            r.indicators.iter().any(|i| i.area == *area),
            "{area} has no indicator"
        );
    }
    assert_eq!(r, ScorecardRules::default_rules());
}

#[test]
fn weights_must_add_up_to_100() {
    let mut v = default_value();
    v["indicators"][0]["weight"] = 10.into(); // 5 → 10: sum 105
    let e = errors_of(&v);
    assert!(has(&e, "indicators", "权重之和应为 100，现为 105"), "{e:?}");
}

#[test]
fn a_weight_out_of_range_is_named_with_the_indicator() {
    let mut v = default_value();
    v["indicators"][6]["weight"] = 0.into();
    let e = errors_of(&v);
    let w = e
        .iter()
        .find(|e| e.field == "indicators[6].weight")
        .expect("weight named");
    assert!(w.label.contains("第7项指标“按期办结率”的权重"), "{w:?}");
    assert!(w.message.contains("1 至 100"), "{w:?}");
}

#[test]
fn bands_must_be_ordered_and_scores_must_not_rise_for_worse_figures() {
    let mut v = default_value();
    v["indicators"][5]["bands"] = serde_json::json!([
        {"at_least": 80, "score": 80}, {"at_least": 90, "score": 90}
    ]);
    v["indicators"][6]["bands"] = serde_json::json!([
        {"at_least": 90, "score": 80}, {"at_least": 80, "score": 90}
    ]);
    v["indicators"][7]["bands"] = serde_json::json!([
        {"at_most": 2, "score": 80}, {"at_most": 1, "score": 60}
    ]);
    let e = errors_of(&v);
    assert!(
        has(&e, "indicators[5].bands[1].at_least", "从高到低"),
        "{e:?}"
    );
    assert!(
        has(&e, "indicators[6].bands[1].score", "不能高于前一档"),
        "{e:?}"
    );
    assert!(
        has(&e, "indicators[7].bands[1].at_most", "从少到多"),
        "{e:?}"
    );
}

#[test]
fn a_share_uses_at_least_and_a_count_at_most_within_range() {
    let mut v = default_value();
    v["indicators"][5]["bands"] = serde_json::json!([{"at_most": 1, "score": 80}]);
    v["indicators"][6]["bands"] = serde_json::json!([{"at_least": 120, "score": 80}]);
    v["indicators"][7]["bands"] = serde_json::json!([{"at_most": 1.5, "score": 101}]);
    let e = errors_of(&v);
    assert!(
        has(&e, "indicators[5].bands[0].at_most", "at_least"),
        "{e:?}"
    );
    assert!(
        has(&e, "indicators[6].bands[0].at_least", "0 至 100"),
        "{e:?}"
    );
    assert!(has(&e, "indicators[7].bands[0].at_most", "整数"), "{e:?}");
}

#[test]
fn unknown_keys_and_measures_are_refused() {
    let mut v = default_value();
    v["colour"] = "red".into();
    v["indicators"][0]["wieght"] = 5.into();
    v["indicators"][1]["measure"] = "verification".into();
    v["indicators"][2]["area"] = "其他".into();
    let e = errors_of(&v);
    assert!(has(&e, "colour", "未知字段“colour”"), "{e:?}");
    assert!(has(&e, "indicators[0].wieght", "未知字段"), "{e:?}");
    assert!(has(&e, "indicators[1].measure", "无法识别"), "{e:?}");
    assert!(has(&e, "indicators[2].area", "线索接转"), "{e:?}");
}

#[test]
fn parameters_belong_to_their_measures_and_shares_state_the_no_cases_rule() {
    let mut v = default_value();
    v["indicators"][0]
        .as_object_mut()
        .expect("present")
        .remove("within_hours");
    v["indicators"][1]["milestones"] = serde_json::json!([]);
    v["indicators"][5]["within_hours"] = 24.into();
    v["indicators"][6]
        .as_object_mut()
        .expect("present")
        .remove("no_cases_score");
    v["indicators"][7]["no_cases_score"] = 100.into();
    let e = errors_of(&v);
    assert!(has(&e, "indicators[0].within_hours", "多少小时"), "{e:?}");
    assert!(has(&e, "indicators[1].milestones", "时限节点代码"), "{e:?}");
    assert!(
        has(&e, "indicators[5].within_hours", "registered_on_time"),
        "{e:?}"
    );
    assert!(has(&e, "indicators[6].no_cases_score", "分母为 0"), "{e:?}");
    assert!(has(&e, "indicators[7].no_cases_score", "没有分母"), "{e:?}");
}

#[test]
fn duplicate_keys_and_names_and_bad_json_are_named() {
    let mut v = default_value();
    v["indicators"][3]["key"] = "closed_rate".into();
    v["indicators"][4]["name"] = "办结率".into();
    let e = errors_of(&v);
    assert!(has(&e, "indicators[5].key", "重复"), "{e:?}");
    assert!(has(&e, "indicators[5].name", "重复"), "{e:?}");
    let e = ScorecardRules::parse("{\"title\": ").expect_err("not JSON");
    assert_eq!(e[0].field, "body");
    assert!(e[0].message.contains("不是有效的 JSON"), "{e:?}");
    let e = ScorecardRules::parse("{\"title\": \"t\", \"indicators\": []}").expect_err("empty");
    assert!(has(&e, "indicators", "至少要有一项指标"), "{e:?}");
}

fn on_time_rate() -> Indicator {
    ScorecardRules::default_rules()
        .indicator("on_time_rate")
        .expect("in the file")
        .clone()
}

fn share(n: i64, d: i64) -> MeasureValue {
    MeasureValue {
        numerator: n,
        denominator: Some(d),
    }
}

#[test]
fn a_share_scores_by_the_first_band_it_reaches_and_says_so() {
    // Bands 100→100, 95→95, 90→90, 85→85, 80→80, 70→70, 60→60, 0→40.
    let ind = on_time_rate();
    let s = score_indicator(&ind, share(18, 20));
    assert_eq!(s.score, 90);
    assert_eq!(s.explanation, "按期办结 18/20 件，90%，得分 90");
    // 17/20 = 85% exactly: reaches the 85 band.
    assert_eq!(score_indicator(&ind, share(17, 20)).score, 85);
    // 26/30 = 86.7%: below 90, at least 85.
    let s = score_indicator(&ind, share(26, 30));
    assert_eq!(
        (s.score, s.explanation.as_str()),
        (85, "按期办结 26/30 件，86.7%，得分 85")
    );
    assert_eq!(score_indicator(&ind, share(1, 3)).score, 40);
}

#[test]
fn nothing_in_the_denominator_scores_by_the_stated_rule() {
    let ind = on_time_rate();
    let s = score_indicator(&ind, share(0, 0));
    assert_eq!(s.score, 100);
    assert_eq!(s.explanation, "本期无已办结件（分母为 0），按规则计 100 分");
}

#[test]
fn a_count_scores_by_at_most_bands_and_zero_past_the_last() {
    // Bands ≤0→100, ≤1→80, ≤2→60, ≤4→40.
    let ind = ScorecardRules::default_rules()
        .indicator("overdue_open")
        .expect("present")
        .clone();
    let count = |n| MeasureValue {
        numerator: n,
        denominator: None,
    };
    assert_eq!(
        score_indicator(&ind, count(2)).explanation,
        "超期未办结 2 件，得分 60"
    );
    assert_eq!(score_indicator(&ind, count(0)).score, 100);
    assert_eq!(score_indicator(&ind, count(3)).score, 40);
    let s = score_indicator(&ind, count(5));
    assert_eq!(s.score, 0);
    assert_eq!(s.explanation, "超期未办结 5 件，超过最低一档4件，得分 0");
}

#[test]
fn totals_are_weighted_and_ties_share_a_rank() {
    let rules = ScorecardRules::parse(
        r#"{"title": "t", "indicators": [
            {"key": "a", "name": "甲", "area": "信访件办理", "measure": "closed_rate", "weight": 60,
             "bands": [{"at_least": 100, "score": 100}, {"at_least": 50, "score": 50}], "no_cases_score": 100},
            {"key": "b", "name": "乙", "area": "信访件办理", "measure": "overdue_open", "weight": 40,
             "bands": [{"at_most": 0, "score": 100}, {"at_most": 1, "score": 75}]}
        ]}"#,
    )
    .expect("valid");
    let count = |n| MeasureValue {
        numerator: n,
        denominator: None,
    };
    let rows = rank_townships(
        &rules,
        vec![
            // 50×0.6 + 100×0.4 = 70
            (1, "东镇".into(), vec![share(1, 2), count(0)]),
            // 100×0.6 + 75×0.4 = 90
            (2, "西镇".into(), vec![share(4, 4), count(1)]),
            // no cases: 100×0.6 + 100×0.4 = 100
            (3, "南镇".into(), vec![share(0, 0), count(0)]),
            // 50×0.6 + 100×0.4 = 70, tied with 东镇
            (4, "北镇".into(), vec![share(3, 5), count(0)]),
        ],
    );
    let got: Vec<(&str, f64, u32)> = rows
        .iter()
        .map(|r| (r.township.as_str(), r.total(), r.rank))
        .collect();
    assert_eq!(
        got,
        vec![
            ("南镇", 100.0, 1),
            ("西镇", 90.0, 2),
            ("东镇", 70.0, 3),
            ("北镇", 70.0, 3)
        ]
    );
    let (avg, total) = average_scores(&rows, 2).expect("present");
    assert_eq!(avg, vec![75.0, 93.75]);
    assert_eq!(total, 82.5);
}
