//! 问题类别建议: the words of a matter point to a category, worked out by
//! hand from `rules/categories.json`; the registration form pre-selects it
//! when the officer left the category blank.

use serde_json::json;

use crate::helpers::{Api, registration, spawn_app};

#[tokio::test]
async fn the_words_of_a_matter_suggest_its_category_with_the_words_named() {
    let app = spawn_app().await;
    let api = Api::new(&app, "zhangpan").await;
    // 危房 (2) + 漏雨 (2) + 改造补助 (4) = 8, nothing elsewhere.
    let (s, r) = api
        .get("/api/v1/categories/suggest?text=反映危房漏雨，改造补助未到位")
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["suggestion"]["category"], "危房改造");
    assert_eq!(r["suggestion"]["key"], "housing");
    assert_eq!(
        r["suggestion"]["words"],
        json!(["危房", "漏雨", "改造补助"])
    );
    assert_eq!(r["suggestion"]["score"], 8);
    assert_eq!(r["alternatives"], json!([]));
    // 报销 + 住院 + 看病 = 6 for 医疗保障; 低保 = 2 for 民政救助.
    let (_, r) = api
        .get("/api/v1/categories/suggest?text=看病住院报销难，想申请低保")
        .await;
    assert_eq!(r["suggestion"]["category"], "医疗保障");
    assert_eq!(r["suggestion"]["score"], 6);
    assert_eq!(r["alternatives"][0]["category"], "民政救助");
    assert_eq!(r["alternatives"][0]["words"], json!(["低保"]));
    // No word matches: no suggestion; no text: named.
    let (_, r) = api.get("/api/v1/categories/suggest?text=邻里纠纷").await;
    assert_eq!(r["suggestion"], serde_json::Value::Null);
    let (s, e) = api.get("/api/v1/categories/suggest?text=").await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (422, Some("text")));
}

#[tokio::test]
async fn the_registration_form_preselects_the_suggested_category_for_the_officer_to_confirm() {
    let app = spawn_app().await;
    let client = app.login("quju").await;
    let csrf = app.csrf(&client, "/cases/new").await;
    let body = registration(&app, "", "").await;
    let township = body["township_id"].to_string();
    let r = client
        .post(app.url("/cases/new"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "初信初访"),
            ("channel", "来信"),
            ("source_level", "本级受理"),
            ("received_at", "2022-10-08 09:00"),
            ("township_id", township.as_str()),
            ("summary", "反映2021年危房改造补助资金至今未到位"),
            ("category", ""),
            ("petitioner_name", "王保全"),
            ("poverty_status", "脱贫户"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="category-hint""#), "{html}");
    assert!(
        html.contains("建议：危房改造（依据：危房改造、改造补助）"),
        "{html}"
    );
    assert!(
        html.contains(r#"<option value="housing" selected>"#),
        "{html}"
    );
}
