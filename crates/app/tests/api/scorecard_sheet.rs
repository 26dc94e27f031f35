//! 乡镇后评估, continued (the district of the test is `scorecard`'s): the
//! .xlsx handed in, the administrator's edit taking effect (audited) and the
//! refused files, a case registered within the hours, and the demo
//! district's ranking.

use serde_json::json;

use crate::helpers::{Api, spawn_app};
use crate::scorecard::{LINGJING, case, district, read_xlsx, row, scorecard};

#[tokio::test]
async fn the_sheet_to_hand_in_has_title_weights_every_township_total_rank_and_sentences() {
    let app = spawn_app().await;
    district(&app).await;
    let j = scorecard(&app, "quju", "2022-Q4").await;
    let n = j["townships_ranked"].as_u64().unwrap() as usize;
    let c = app.login("quju").await;
    let page = app.page(&c, "/stats").await;
    assert!(
        page.contains("href=\"/scorecard\""),
        "linked from the statistics"
    );
    let r = c
        .get(app.url("/scorecard.xlsx?period=2022-Q4"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("2022-Q4"), "{disposition}");
    let sheets = read_xlsx(&r.bytes().await.unwrap());
    assert_eq!(
        sheets.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["评分表", "得分说明"]
    );
    let scores = &sheets[0].1;
    assert_eq!(scores[0][0], "乡镇涉贫信访舆情工作后评估（2022年第四季度）");
    assert!(scores[1][0].starts_with("填报单位："), "{:?}", scores[1]);
    // Two header rows: the areas, then each indicator with its weight.
    assert_eq!(&scores[2][..3], ["序号", "乡镇", "线索接转（25分）"]);
    assert_eq!(scores[3][8], "按期办结率\n（权重10）");
    let last = scores[3].len() - 1;
    assert_eq!(
        (scores[2][last - 1].as_str(), scores[2][last].as_str()),
        ("总分", "名次")
    );
    // One row per township, by rank, then 全区平均.
    let body: Vec<&Vec<String>> = scores[4..4 + n].iter().collect();
    let zp = body.iter().find(|r| r[1] == "张潘镇").expect("张潘镇 row");
    assert_eq!(
        (zp[last - 1].as_str(), zp[last].as_str()),
        ("70", &*(n - 1).to_string())
    );
    assert_eq!(zp[8], "40");
    assert_eq!(body[n - 1][1], "灵井镇");
    assert_eq!(scores[4 + n][1], "全区平均");
    // The explanation sheet: a line per township and indicator.
    let ex = &sheets[1].1;
    assert_eq!(
        &ex[1],
        &["乡镇", "评估领域", "指标", "权重", "得分", "说明"].map(String::from)
    );
    assert_eq!(ex.len(), 2 + n * 11);
    assert!(ex.iter().any(|r| r[0] == "张潘镇"
        && r[2] == "按期办结率"
        && r[5] == "按期办结 1/2 件，50%，得分 40"));
}

#[tokio::test]
async fn the_administrator_s_edit_is_checked_audited_and_wins_over_the_file() {
    let app = spawn_app().await;
    district(&app).await;
    let d = Api::new(&app, "quju").await;
    let (s, current) = d.get("/api/v1/scorecard/rules").await;
    assert_eq!(s, 200, "{current}");
    assert_eq!(current["source"], "default");
    let mut rules = current["rules"].clone();

    // Weights that do not add up to 100, and bands out of order: refused, named, nothing saved.
    let mut bad = rules.clone();
    bad["indicators"][6]["weight"] = json!(20);
    bad["indicators"][5]["bands"] =
        json!([{"at_least": 50, "score": 50}, {"at_least": 90, "score": 90}]);
    let (s, e) = d.post("/api/v1/scorecard/rules", bad).await;
    assert_eq!(s, 422, "{e}");
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"indicators[5].bands[1].at_least"), "{e}");
    let text = e.to_string();
    assert!(text.contains("从高到低"), "{e}");
    let (_, still) = d.get("/api/v1/scorecard/rules").await;
    assert_eq!(still["source"], "default");
    // Weights alone wrong: the sum is named.
    let mut bad = rules.clone();
    bad["indicators"][6]["weight"] = json!(20);
    let (s, e) = d.post("/api/v1/scorecard/rules", bad).await;
    assert_eq!(s, 422, "{e}");
    assert!(e.to_string().contains("权重之和应为 100，现为 110"), "{e}");

    // A township may not change the rules.
    let (s, _) = Api::new(&app, "zhangpan")
        .await
        .post("/api/v1/scorecard/rules", rules.clone())
        .await;
    assert_eq!(s, 403);

    // 按期办结率 weighs 25, 按月排查, 办结率 and 核查 5; 按期办结率 scores 100 from 50%.
    rules["indicators"][6]["weight"] = json!(25);
    rules["indicators"][5]["weight"] = json!(5);
    rules["indicators"][4]["weight"] = json!(5);
    rules["indicators"][10]["weight"] = json!(5);
    rules["indicators"][6]["bands"] =
        json!([{"at_least": 50, "score": 100}, {"at_least": 0, "score": 20}]);
    let (s, saved) = d.post("/api/v1/scorecard/rules", rules.clone()).await;
    assert_eq!(s, 200, "{saved}");
    assert_eq!(saved["source"], "district");

    let j = scorecard(&app, "quju", "2022-Q4").await;
    assert_eq!(j["rules"], "district");
    assert_eq!(j["indicators"][6]["weight"], 25);
    let zp = row(&j, "张潘镇");
    assert_eq!(zp["scores"]["on_time_rate"], 100);
    assert_eq!(
        zp["explanations"]["on_time_rate"],
        "按期办结 1/2 件，50%，得分 100"
    );
    // 40×5 + 60×10 + 30×10 + 100×10 + 60×5 + 60×5 + 100×25 + 80×10 + 100×5 + 100×10 + 100×5 = 8000
    assert_eq!(zp["total"], 80.0);

    // The change is in the audit trail with the text before and after.
    let (s, audit) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/audit?kind=setting")
        .await;
    assert_eq!(s, 200, "{audit}");
    let text = audit.to_string();
    assert!(text.contains("scorecard.save"), "{audit}");

    // The page shows the rules to the district and saves through the form.
    let c = app.login("quju").await;
    let page = app.page(&c, "/scorecard/rules").await;
    assert!(page.contains("本区修订版"), "{page}");
    let csrf = app.csrf(&c, "/scorecard/rules").await;
    let r = c
        .post(app.url("/scorecard/rules"))
        .form(&[("_csrf", csrf.as_str()), ("action", "default")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("已保存"));
    let j = scorecard(&app, "quju", "2022-Q4").await;
    assert_eq!(row(&j, "张潘镇")["total"], 70.0);
    let csrf = app.csrf(&c, "/scorecard/rules").await;
    let r = c
        .post(app.url("/scorecard/rules"))
        .form(&[("_csrf", csrf.as_str()), ("body", "{\"title\": \"x\"}")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("应为指标的列表"));
}

#[tokio::test]
async fn a_case_registered_within_the_hours_counts_and_a_running_clock_is_not_judged_yet() {
    let app = spawn_app().await;
    // Received an hour ago: registered now, within 24 hours.
    let now = app.state.now();
    let received = now - jiff::SignedDuration::from_hours(1);
    let local = xinfang_domain::clock::to_local(received);
    let at = local.strftime("%Y-%m-%d %H:%M").to_string();
    case(&app, LINGJING, json!({ "received_at": at })).await;
    let period = format!("{}-{:02}", local.year(), local.month());
    let j = scorecard(&app, "quju", &period).await;
    let lj = row(&j, "灵井镇");
    assert_eq!(
        lj["explanations"]["registered_on_time"],
        "接待后24小时内登记 1/1 件，100%，得分 100"
    );
    // Its contact clock (1 day) is still running: not judged yet.
    assert_eq!(
        lj["explanations"]["contact_on_time"],
        "本期无到期的相关时限节点（分母为 0），按规则计 100 分"
    );
    assert_eq!(
        lj["measures"]["closed_rate"],
        json!({"numerator": 0, "denominator": 1})
    );
}

#[tokio::test]
async fn the_demo_district_ranks_all_its_townships_with_varied_scores() {
    let app = spawn_app().await;
    xinfang::demo::seed_demo(&app.state, 150)
        .await
        .expect("demo");
    let j = scorecard(&app, "quju", "2022").await;
    let rows = j["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 18, "Jian'an has 18 townships");
    assert_eq!(j["townships_ranked"], 18);
    let distinct = |key: &str| {
        let mut v: Vec<String> = rows.iter().map(|r| r[key].to_string()).collect();
        v.sort();
        v.dedup();
        v.len()
    };
    assert!(distinct("total") >= 6, "totals hardly vary: {j}");
    let mut screening: Vec<i64> = rows
        .iter()
        .map(|r| r["scores"]["screening_months"].as_i64().unwrap())
        .collect();
    screening.sort_unstable();
    screening.dedup();
    assert!(
        screening.len() >= 3,
        "monthly screening hardly varies: {screening:?}"
    );
    // The page lists every township with its total, and every sentence.
    let c = app.login("quju").await;
    let page = app.page(&c, "/scorecard?period=2022").await;
    for r in rows {
        let name = r["township"].as_str().unwrap();
        assert!(
            page.contains(&format!("第 {} 名 {name}", r["rank"])),
            "{name} on the page"
        );
    }
    assert!(page.contains("全区平均") && page.contains("指标和计分规则"));
    for r in rows {
        for (k, text) in r["explanations"].as_object().unwrap() {
            let text = text.as_str().unwrap();
            assert!(
                text.ends_with(&format!("得分 {}", r["scores"][k])) || text.contains("按规则计"),
                "{k}: {text}"
            );
        }
    }
}
