//! 积案 work supervised: the list filters backlog cases; the 一案一策 化解时限 and
//! the 定期联络 rhythm are milestones in 待办 and the sweep; 销号 with evidence.

use serde_json::json;

use crate::helpers::{Api, register, registration, spawn_app};

#[tokio::test]
async fn the_list_filters_backlog_cases_on_the_api_and_the_page() {
    let app = spawn_app().await;
    let plain = register(&app, registration(&app, "", "危房改造").await).await;
    let mut body = registration(&app, "", "医疗保障").await;
    body["backlog"] = json!("是");
    body["backlog_reason"] = json!("多次答复未化解");
    let backlog = register(&app, body).await;
    let d = Api::new(&app, "quju").await;
    let (s, all) = d.get("/api/v1/cases").await;
    assert_eq!((s, all["total"].as_i64()), (200, Some(2)));
    let (_, only) = d.get("/api/v1/cases?backlog=是").await;
    assert_eq!(only["total"], 1, "{only}");
    assert_eq!(only["items"][0]["id"], backlog["id"]);
    let client = app.login("quju").await;
    let page = app.page(&client, "/cases?backlog=是").await;
    assert!(page.contains("共 1 件"), "{page}");
    let number = backlog["number"].as_str().unwrap();
    let other = plain["number"].as_str().unwrap();
    assert!(page.contains(number) && !page.contains(other));
    assert!(page.contains(r#"name="backlog" value="是" checked"#));
}
