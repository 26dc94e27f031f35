//! 全文检索 through the API and the list page: `q` looks up its words in
//! the full-text index (cases copied in bulk included), says how it was
//! answered, falls back to the text as written, and the list marks the words.

use serde_json::Value;
use xinfang::demo::bulk::generate;
use xinfang::demo::{DemoYear, seed_demo_for};

use crate::helpers::{Api, TestApp, item_ids, spawn_app};

/// Every case the caller sees, read page by page: (id, summary).
async fn every_case(api: &Api<'_>) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let (s, page) = api.get(&format!("/api/v1/cases?limit=500{after}")).await;
        assert_eq!(s, 200, "{page}");
        for c in page["items"].as_array().unwrap() {
            out.push((
                c["id"].as_i64().unwrap(),
                c["summary"].as_str().unwrap().to_string(),
            ));
        }
        match page["next"].as_str() {
            Some(n) => after = format!("&after={n}"),
            None => return out,
        }
    }
}

/// The page of every 危房 case, newest first.
async fn found_all(api: &Api<'_>) -> Value {
    api.get("/api/v1/cases?q=危房&count=exact&limit=500")
        .await
        .1
}

/// A server with the demo district's 120 cases and `copies` generated
/// copies of them (批量生成).
async fn demo_with_copies(copies: i64) -> TestApp {
    let app = spawn_app().await;
    let state = &app.state;
    seed_demo_for(state, 120, DemoYear::Live)
        .await
        .expect("demo");
    generate(state, copies, 2, None, state.now())
        .await
        .expect("generate");
    app
}

#[tokio::test]
async fn q_finds_by_words_counted_as_a_scan_counts_them_and_falls_back_to_the_text_as_written() {
    let app = demo_with_copies(600).await;
    let quju = Api::new(&app, "quju").await;
    let cases = every_case(&quju).await;
    assert_eq!(cases.len(), 720);

    // 危房 is a word: found through the index, as many as a scan of the
    // summaries finds (no petitioner is named 危房, no remark says it
    // where the summary does not).
    let scanned = cases.iter().filter(|(_, s)| s.contains("危房")).count() as i64;
    assert!(scanned > 10, "the demo has 危房 cases: {scanned}");
    let (s, found) = quju.get("/api/v1/cases?q=危房&count=exact&limit=500").await;
    assert_eq!(s, 200, "{found}");
    assert_eq!(found["total"].as_i64(), Some(scanned));
    assert_eq!(found["search"]["words"], serde_json::json!(["危房"]));
    assert_eq!(found["search"]["as_written"], Value::Bool(false));
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["summary"].as_str().unwrap().contains("危房"))
    );

    // A single character is matched as written: every summary holding it.
    let scanned = cases.iter().filter(|(_, s)| s.contains('危')).count() as i64;
    let (_, found) = quju.get("/api/v1/cases?q=危&count=exact&limit=1").await;
    assert_eq!(found["total"].as_i64(), Some(scanned));
    assert_eq!(found["search"]["as_written"], Value::Bool(true));

    // Words no case has: answered as written (a fragment across two
    // words is still found), and nothing when it is nowhere.
    let (_, none) = quju.get("/api/v1/cases?q=养老保险金发放&count=exact").await;
    assert_eq!(none["total"].as_i64(), Some(0));
    assert_eq!(none["search"]["as_written"], Value::Bool(true));
    // Without q there is no `search`.
    let (_, plain) = quju.get("/api/v1/cases?limit=1").await;
    assert!(plain.get("search").is_none(), "{plain}");

    // 相关度: the same cases, best first; no cursor. An unknown order is
    // refused naming the field.
    let (s, ranked) = quju
        .get("/api/v1/cases?q=危房&sort=relevance&count=exact&limit=500")
        .await;
    assert_eq!(s, 200, "{ranked}");
    let ids = |page: &Value| {
        let mut ids = item_ids(&page["items"]);
        ids.sort_unstable();
        ids
    };
    assert_eq!(ids(&ranked), ids(&found_all(&quju).await));
    assert_eq!(ranked["next"], Value::Null);
    // Fewer than the newest a page ranks (1 000) matched: every match is
    // ranked on a page counted up to a cap, as on one counted exactly.
    let (_, capped) = quju
        .get("/api/v1/cases?q=危房&sort=relevance&limit=500")
        .await;
    assert_eq!(ids(&capped), ids(&ranked));
    assert!(capped["search"].get("ranked_newest").is_none(), "{capped}");
    let (s, bad) = quju.get("/api/v1/cases?q=危房&sort=best").await;
    assert_eq!(s, 422, "{bad}");
    assert!(bad.to_string().contains("排序"), "{bad}");

    // The list page marks the words in the summaries it shows.
    let client = app.login("quju").await;
    let html = app.page(&client, "/cases?q=危房").await;
    assert!(html.contains("按词检索"), "the page says how it searched");
    assert!(html.contains("<mark>危房</mark>"), "the word is marked");
    assert!(
        html.contains("最相关的在前"),
        "with a 关键词 the page ranks"
    );
    let html = app.page(&client, "/cases?q=危房&sort=received").await;
    assert!(!html.contains("最相关的在前"));
}

#[tokio::test]
async fn a_page_by_relevance_ranks_the_newest_thousand_and_lists_the_rest_newest_first() {
    let app = demo_with_copies(1_100).await;
    let quju = Api::new(&app, "quju").await;
    // Every case's number says 信访 (建安信访〔…〕…号).
    let newest: Vec<i64> = every_case(&quju).await.iter().map(|c| c.0).collect();
    assert_eq!(newest.len(), 1_220);
    let (s, all) = quju.get("/api/v1/cases?q=信访&count=exact&limit=1").await;
    assert_eq!(s, 200, "{all}");
    assert_eq!(all["total"].as_i64(), Some(1_220), "every case says 信访");
    // The page across the 1 000th: the last 25 ranked, among the newest
    // 1 000; then the 1 001st to the 1 025th newest, in that order.
    let (s, page) = quju
        .get("/api/v1/cases?q=信访&sort=relevance&limit=50&offset=975")
        .await;
    assert_eq!(s, 200, "{page}");
    assert_eq!(
        page["search"]["ranked_newest"].as_i64(),
        Some(1_000),
        "{page}"
    );
    assert_eq!(page["total"].as_i64(), Some(1_220));
    let ids = item_ids(&page["items"]);
    assert_eq!(ids.len(), 50);
    assert!(
        ids[..25].iter().all(|id| newest[..1_000].contains(id)),
        "{ids:?}"
    );
    assert_eq!(ids[25..], newest[1_000..1_025]);
    // The list page says so.
    let client = app.login("quju").await;
    let html = app.page(&client, "/cases?q=信访").await;
    assert!(
        html.contains("接待日期最新的1000件按相关度排序，其后的按接待日期排列"),
        "the page says what it ranked"
    );
}
