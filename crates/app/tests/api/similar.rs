//! 相似案件: the API and the case page rank the earlier cases by place,
//! category and text, with the scores worked out by hand, within the
//! reader's scope; a repeat with no ID number is caught.

use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

const ZHANGPAN_VILLAGE: &str = "411003105201";
const OTHER_VILLAGE: &str = "411003105202";

/// A 张潘镇 case with no ID number, in `village`, received on `day`.
async fn case(app: &TestApp, village: &str, category: &str, summary: &str, day: &str) -> Value {
    let mut body = registration(app, "", category).await;
    body["petitioner_name"] = json!("某某");
    body["petitioner_phone"] = json!("");
    body["village_id"] = json!(app.org_id(village).await);
    body["summary"] = json!(summary);
    body["received_at"] = json!(format!("{day} 09:00"));
    register(app, body).await
}

#[tokio::test]
async fn earlier_cases_are_ranked_by_place_category_and_text_with_reasons() {
    let app = spawn_app().await;
    let same = case(
        &app,
        ZHANGPAN_VILLAGE,
        "危房改造",
        "危房改造补助资金未到位",
        "2022-09-01",
    )
    .await;
    let partly = case(
        &app,
        OTHER_VILLAGE,
        "危房改造",
        "危房改造款没有发放",
        "2022-09-02",
    )
    .await;
    case(
        &app,
        OTHER_VILLAGE,
        "民政救助",
        "低保待遇未落实",
        "2022-09-03",
    )
    .await;
    let mut lingjing = registration(&app, "", "危房改造").await;
    lingjing["township_id"] = json!(app.org_id("411003106").await);
    lingjing["summary"] = json!("危房改造补助资金未到位");
    register(&app, lingjing).await;

    let village = app.org_id(ZHANGPAN_VILLAGE).await;
    let township = app.org_id("411003105").await;
    let q = format!(
        "/api/v1/cases/similar?text=石桥村危房改造补助资金至今未到位&township={township}&village={village}&category=危房改造"
    );
    let (s, found) = Api::new(&app, "zhangpan").await.get(&q).await;
    assert_eq!(s, 200, "{found}");
    // By hand (see similar_tests.rs): 14 and 10 pairs, 9 shared → 0.75 →
    // 38 + 同村 25 + 同类别 25 = 88; 7 pairs, 3 shared → 0.2857 → 14 + 同乡镇
    // 10 + 25 = 49. 低保 shares nothing; 灵井镇's is another township.
    let got: Vec<(i64, i64)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_i64().unwrap(), s["score"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            (same["id"].as_i64().unwrap(), 88),
            (partly["id"].as_i64().unwrap(), 49)
        ]
    );
    assert_eq!(
        found[0]["reasons"],
        json!(["同村", "同类别", "反映内容相近（相似度75%）"])
    );
    assert_eq!(found[0]["number"], same["number"]);

    // A township sees none of another's: 灵井镇 finds nothing in 张潘镇.
    let (_, none) = Api::new(&app, "lingjing").await.get(&q).await;
    assert_eq!(none, json!([]));
    let (s, e) = Api::new(&app, "zhangpan")
        .await
        .get("/api/v1/cases/similar?text=")
        .await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (422, Some("text")));

    // The repeat with no ID number: registered later, its page names the first.
    let again = case(
        &app,
        ZHANGPAN_VILLAGE,
        "危房改造",
        "再次反映危房改造补助资金未到位",
        "2022-10-08",
    )
    .await;
    let client = app.login("zhangpan").await;
    let page = app.page(&client, &format!("/cases/{}", again["id"])).await;
    assert!(page.contains("相似案件"), "{page}");
    assert!(page.contains(same["number"].as_str().unwrap()), "{page}");
    // The first case's page lists no later case as similar to it.
    let first = app.page(&client, &format!("/cases/{}", same["id"])).await;
    assert!(!first.contains(again["number"].as_str().unwrap()));
}
