//! 后评估's 回访核查 counts the inspection group's 实地跟踪核查: of the
//! verifications dated in the period on a township's cases, those that
//! found the problem 属实已解决 — hand-counted from the ones recorded here.

use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

async fn case_in(app: &TestApp, township: &str) -> i64 {
    let mut body = registration(app, "", "危房改造").await;
    body["township_id"] = json!(app.org_id(township).await);
    body["received_at"] = json!("2022-10-01 09:00");
    register(app, body).await["id"].as_i64().unwrap()
}

async fn verify(app: &TestApp, case: i64, date: &str, verdict: &str) {
    let (s, j) = Api::new(app, "ducha")
        .await
        .post(
            &format!("/api/v1/cases/{case}/verifications"),
            json!({ "date": date, "method": "实地", "findings": "入户核实办理情况", "verdict": verdict }),
        )
        .await;
    assert_eq!(s, 201, "{j}");
}

fn row<'a>(j: &'a Value, township: &str) -> &'a Value {
    j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["township"] == township)
        .unwrap_or_else(|| panic!("no row {township} in {j}"))
}

#[tokio::test]
async fn verification_results_feed_the_scorecard() {
    let app = spawn_app().await;
    let zhangpan = case_in(&app, "411003105").await;
    let lingjing = case_in(&app, "411003106").await;
    // 张潘镇: one solved, one not, in 2022-Q4; one in January, outside it.
    verify(&app, zhangpan, "2022-10-30", "属实已解决").await;
    verify(&app, zhangpan, "2022-11-05", "未化解").await;
    verify(&app, zhangpan, "2023-01-02", "未化解").await;
    // 灵井镇: its one verification found it solved.
    verify(&app, lingjing, "2022-12-01", "属实已解决").await;

    let (s, j) = Api::new(&app, "quju")
        .await
        .get("/api/v1/scorecard?period=2022-Q4")
        .await;
    assert_eq!(s, 200, "{j}");
    let indicator = j["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "verified_resolved")
        .expect("the default rules score verifications");
    assert_eq!(indicator["weight"], 10);

    let zp = row(&j, "张潘镇");
    // 1 of 2 = 50%: below the 60% band, so the lowest band, 40.
    assert_eq!(zp["scores"]["verified_resolved"], 40);
    assert_eq!(
        zp["explanations"]["verified_resolved"],
        "核查属实已解决 1/2 次，50%，得分 40"
    );
    assert_eq!(
        zp["measures"]["verified_resolved"],
        json!({"numerator": 1, "denominator": 2})
    );
    let lj = row(&j, "灵井镇");
    assert_eq!(lj["scores"]["verified_resolved"], 100);
    assert_eq!(
        lj["explanations"]["verified_resolved"],
        "核查属实已解决 1/1 次，100%，得分 100"
    );
    // A township nobody verified: the stated rule.
    assert_eq!(
        row(&j, "许由街道")["explanations"]["verified_resolved"],
        "本期无实地跟踪核查（分母为 0），按规则计 100 分"
    );
}
