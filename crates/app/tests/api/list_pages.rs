//! The case list at size: the count stops at 10 000 and says so (exact on
//! request), a cursor reads on after a row, and walking the cursors gives
//! every case once, in the list's order, as offsets do.

use std::collections::HashSet;

use serde_json::Value;
use xinfang::demo::bulk::generate;
use xinfang::demo::{DemoYear, seed_demo_for};

use crate::helpers::{Api, spawn_app};

/// Every page from the first, following `next`; (ids in order, pages read).
async fn walk(api: &Api<'_>, query: &str) -> (Vec<i64>, Vec<Value>) {
    let mut ids = Vec::new();
    let mut pages = Vec::new();
    let mut after = String::new();
    loop {
        let (s, page) = api
            .get(&format!("/api/v1/cases?{query}&limit=500{after}"))
            .await;
        assert_eq!(s, 200, "{page}");
        ids.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap()),
        );
        let next = page["next"].as_str().map(str::to_string);
        pages.push(page);
        match next {
            Some(n) => after = format!("&after={n}"),
            None => return (ids, pages),
        }
    }
}

#[tokio::test]
async fn counts_stop_at_ten_thousand_and_cursors_walk_every_case_once_in_order() {
    let app = spawn_app().await;
    let state = &app.state;
    seed_demo_for(state, 120, DemoYear::Live)
        .await
        .expect("demo");
    generate(state, 11_000, 2, None, state.now())
        .await
        .expect("generate");
    let all = 11_120;
    let quju = Api::new(&app, "quju").await;

    let (s, first) = quju.get("/api/v1/cases").await;
    assert_eq!(s, 200);
    assert_eq!(
        (first["total"].as_i64(), first["total_exact"].as_bool()),
        (Some(10_000), Some(false)),
        "more than 10 000: the count stops there and says so"
    );
    // Counted, not estimated (only a search by words many cases have is).
    assert!(
        first.get("total_estimate").is_some_and(Value::is_null),
        "{first}"
    );
    let (_, exact) = quju.get("/api/v1/cases?count=exact&limit=1").await;
    assert_eq!(
        (exact["total"].as_i64(), exact["total_exact"].as_bool()),
        (Some(all), Some(true))
    );

    let (ids, pages) = walk(&quju, "").await;
    assert_eq!(ids.len() as i64, all, "every case");
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "once each"
    );
    assert_eq!(pages.len(), 23, "22 full pages of 500 and one of 120");
    assert!(pages.last().unwrap()["next"].is_null());
    // The order is the list's: newest 接待日期 first, then the higher id.
    let keyed: Vec<(String, i64)> = pages
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap().clone())
        .map(|c| {
            (
                c["received_at"].as_str().unwrap().to_string(),
                c["id"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keyed.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(keyed, sorted);
    // A deep page by offset is the same rows as by cursor.
    let (_, deep) = quju.get("/api/v1/cases?limit=500&offset=9500").await;
    let by_offset: Vec<i64> = deep["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(by_offset, ids[9500..10_000]);

    // A township walks its own cases only, as many as its exact count.
    let zhangpan = Api::new(&app, "zhangpan").await;
    let (_, own) = zhangpan.get("/api/v1/cases?count=exact&limit=1").await;
    let (own_ids, own_pages) = walk(&zhangpan, "").await;
    assert_eq!(own_ids.len() as i64, own["total"].as_i64().unwrap());
    assert!(
        own_pages
            .iter()
            .flat_map(|p| p["items"].as_array().unwrap().clone())
            .all(|c| c["township"] == "张潘镇")
    );
    // A department's count, read off its assignments, is its exact count
    // and the number of cases it walks.
    let yibao = Api::new(&app, "yibao").await;
    let (_, capped) = yibao.get("/api/v1/cases?limit=1").await;
    let (_, exact) = yibao.get("/api/v1/cases?count=exact&limit=1").await;
    let (unit_ids, _) = walk(&yibao, "").await;
    assert!(!unit_ids.is_empty());
    assert_eq!(
        (&capped["total"], &capped["total_exact"]),
        (&exact["total"], &Value::Bool(true))
    );
    assert_eq!(unit_ids.len() as i64, exact["total"].as_i64().unwrap());
    // Filters and cursors together: closed cases, by cursor, all closed.
    let (closed, _) = walk(&quju, "status=closed").await;
    let (_, closed_count) = quju
        .get("/api/v1/cases?status=closed&count=exact&limit=1")
        .await;
    assert_eq!(closed.len() as i64, closed_count["total"].as_i64().unwrap());

    let (s, bad) = quju.get("/api/v1/cases?after=yesterday").await;
    assert_eq!(s, 422, "{bad}");
    assert_eq!(bad["fields"][0]["field"], "after");
    assert!(
        bad["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("分页游标")
    );

    // The page says "more than" and still leads on.
    let page = app.page(&app.login("quju").await, "/cases").await;
    assert!(page.contains("超过 10000 件"), "the list page's count");
    let deep_page = app.page(&app.login("quju").await, "/cases?page=210").await;
    assert!(
        deep_page.contains("下一页"),
        "past the counted pages a full page leads on"
    );
}
