//! The screening list filtered by 排查方式, 是否稳定 and 是否新排查, through the API and the page, within each role's scope.

use serde_json::{Value, json};

use super::ZHANGPAN;
use crate::helpers::{Api, TestApp, spawn_app};

const LINGJING: &str = "411003106";

/// Five entries, by (township, name, 排查方式, 是否稳定, 是否新排查); blank is unanswered.
const ENTRIES: &[(&str, &str, &str, &str, &str)] = &[
    (ZHANGPAN, "王保全", "集中排查", "否", "是"),
    (ZHANGPAN, "李秀英", "日常排查", "是", "是"),
    (ZHANGPAN, "刘长河", "日常排查", "否", "否"),
    (ZHANGPAN, "赵有福", "敏感节点排查", "", ""),
    (LINGJING, "霍小军", "日常排查", "否", "是"),
];

async fn seed(app: &TestApp) {
    let quju = Api::new(app, "quju").await;
    for (i, (township, name, kind, stable, new)) in ENTRIES.iter().enumerate() {
        let (s, j) = quju
            .post(
                "/api/v1/screenings",
                json!({
                    "screened_at": format!("2022-09-{:02}", 10 + i), "screening_kind": kind,
                    "township_id": app.org_id(township).await, "name": name,
                    "poverty_status": "脱贫户", "problem": format!("{name}反映低保待遇未落实"),
                    "category": "民政救助", "newly_found": new, "stable": stable,
                }),
            )
            .await;
        assert_eq!(s, 201, "{name}: {j}");
    }
}

/// The names listed for a query, in list order (newest screened first).
async fn names(api: &Api<'_>, query: &str) -> Vec<String> {
    let (s, j) = api.get(&format!("/api/v1/screenings?{query}")).await;
    assert_eq!(s, 200, "{query}: {j}");
    let items = j["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(j["total"], json!(items.len()), "{query}");
    items
        .iter()
        .map(|i| i["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn the_list_filters_by_method_stability_and_newness_for_each_role() {
    let app = spawn_app().await;
    seed(&app).await;

    // The district sees all five; each filter picks out the rows worked out from ENTRIES.
    let quju = Api::new(&app, "quju").await;
    assert_eq!(names(&quju, "").await.len(), 5);
    assert_eq!(
        names(&quju, "screening_kind=日常排查").await,
        ["霍小军", "刘长河", "李秀英"]
    );
    assert_eq!(
        names(&quju, "screening_kind=routine").await,
        ["霍小军", "刘长河", "李秀英"],
        "the key works as the label does"
    );
    assert_eq!(
        names(&quju, "stable=否").await,
        ["霍小军", "刘长河", "王保全"]
    );
    assert_eq!(names(&quju, "stable=是").await, ["李秀英"]);
    assert_eq!(names(&quju, "newly_found=否").await, ["刘长河"]);
    assert_eq!(
        names(&quju, "newly_found=true").await,
        ["霍小军", "李秀英", "王保全"]
    );
    assert_eq!(
        names(&quju, "screening_kind=日常排查&stable=否&newly_found=是").await,
        ["霍小军"]
    );
    assert_eq!(
        names(&quju, "screening_kind=sensitive_period").await,
        ["赵有福"]
    );

    // 张潘镇's officer: the same filters within the township's own entries.
    let zhangpan = Api::new(&app, "zhangpan").await;
    assert_eq!(names(&zhangpan, "stable=否").await, ["刘长河", "王保全"]);
    assert_eq!(
        names(&zhangpan, "screening_kind=日常排查&newly_found=是").await,
        ["李秀英"]
    );
    // 督查 reads everywhere; a department has no entries of its own.
    let ducha = Api::new(&app, "ducha").await;
    assert_eq!(
        names(&ducha, "newly_found=是&stable=否").await,
        ["霍小军", "王保全"]
    );
    let zhujian = Api::new(&app, "zhujian").await;
    assert!(names(&zhujian, "stable=否").await.is_empty());

    // A wrong value is named, in Chinese.
    let (s, j) = quju
        .get("/api/v1/screenings?screening_kind=上门排查&stable=也许")
        .await;
    assert_eq!(s, 422, "{j}");
    let fields: Vec<&str> = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["label"].as_str())
        .collect();
    assert_eq!(fields, ["排查方式", "是否稳定"], "{j}");
}

#[tokio::test]
async fn the_page_keeps_its_filters_and_shows_only_the_matching_rows() {
    let app = spawn_app().await;
    seed(&app).await;
    let c = app.login("zhangpan").await;
    let html = app
        .page(
            &c,
            "/screenings?screening_kind=routine&stable=否&newly_found=",
        )
        .await;
    let body: Value = json!(html);
    let text = body.as_str().unwrap();
    assert!(text.contains("共 1 条"), "one entry: 刘长河");
    assert!(text.contains("刘长河"));
    for other in ["王保全", "李秀英", "赵有福", "霍小军"] {
        assert!(!text.contains(other), "{other} is filtered out");
    }
    assert!(
        text.contains(r#"<option value="routine" selected>日常排查</option>"#),
        "the chosen 排查方式 stays selected"
    );
    assert!(text.contains("<option selected>否</option>"));
    let html = app.page(&c, "/screenings?stable=也许").await;
    assert!(
        html.contains("是否稳定") && html.contains("应为“是”或“否”"),
        "a wrong filter is named on the page"
    );
}
