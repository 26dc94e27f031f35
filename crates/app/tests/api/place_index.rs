//! 地名变更后的全文索引 on a running server: a village added on the page
//! answers at once; until the server's worker has indexed again the cases
//! that say its name, the list and the organisation page say so, and then
//! the village is found by its name as a word. `xinfang serve` starts
//! that worker itself.

use std::time::Duration;

use serde_json::{Value, json};
use xinfang::services::admin::orgs::run_place_indexer;

use crate::helpers::{Api, register, registration, spawn_app};
use crate::process::Target;

#[tokio::test]
async fn a_village_added_on_the_page_answers_at_once_and_the_servers_worker_indexes_its_cases() {
    let app = spawn_app().await;
    // As `serve` does before its worker first waits.
    app.state.store.index_places_in_background();
    let mut body = registration(&app, "", "民政救助").await;
    body["summary"] = json!("桥头村危房改造补助未到位");
    let case = register(&app, body).await;
    let quju = Api::new(&app, "quju").await;
    let search = |q: &'static str| {
        let quju = &quju;
        async move {
            let (s, page) = quju.get(&format!("/api/v1/cases?q={q}&count=exact")).await;
            assert_eq!(s, 200, "{page}");
            page
        }
    };
    // 桥头村 is no village of Jian'an yet: jieba cuts it 桥头 / 村, and
    // the index is not behind.
    let before = search("桥头村").await;
    assert_eq!(before["search"]["words"], json!(["桥头"]), "{before}");
    assert!(before["search"].get("reindex").is_none(), "{before}");

    let admin = app.login("admin").await;
    let csrf = app.csrf(&admin, "/admin/orgs").await;
    let zhangpan = app.org_id("411003105").await.to_string();
    let r = admin
        .post(app.url("/admin/orgs"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("parent", zhangpan.as_str()),
            ("kind", "village"),
            ("code", "411003105299"),
            ("name", "桥头村"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    // No worker has run: the change is saved, its cases not yet looked for.
    let during = search("桥头村").await;
    // Its name is a word of the query already, not yet of the index: the
    // search falls back to the text as written.
    assert_eq!(
        during["search"]["as_written"],
        Value::Bool(true),
        "{during}"
    );
    let reindex = &during["search"]["reindex"];
    assert_eq!(reindex["scanning"], Value::Bool(true), "{during}");
    assert_eq!(reindex["pending"], json!(0), "{during}");
    let note =
        "地名刚有变更，正在查找提及该地名的案件以更新全文索引；完成前按词检索可能漏掉部分案件。";
    assert_eq!(reindex["note"], note);
    let orgs_page = app.page(&admin, "/admin/orgs").await;
    assert!(orgs_page.contains(note), "{orgs_page}");
    let list_page = app.page(&app.login("quju").await, "/cases?q=桥头村").await;
    assert!(list_page.contains(note), "{list_page}");

    // The worker, started now, is woken by the change made before it.
    let worker = tokio::spawn(run_place_indexer(app.state.clone()));
    let mut waited = Duration::ZERO;
    while app.state.store.index_backlog().await.unwrap().is_some() {
        assert!(waited < Duration::from_secs(20), "the worker finished");
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }
    let after = search("桥头村").await;
    assert_eq!(after["search"]["as_written"], Value::Bool(false), "{after}");
    assert_eq!(after["search"]["words"], json!(["桥头村"]));
    assert!(after["search"].get("reindex").is_none(), "{after}");
    assert_eq!(after["total"], json!(1));
    assert_eq!(after["items"][0]["id"], case["id"]);
    assert!(!app.page(&admin, "/admin/orgs").await.contains(note));
    worker.abort();
}

#[tokio::test]
async fn the_real_server_indexes_a_new_villages_cases_by_its_own_worker() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target::empty(&dir.path().join("data"), true).await;
    let (token, township) = target.prepare().await;
    let admin = target.token("admin").await;
    let server = target.serve(&[]);
    let mut body = crate::process::registration(township, "甲");
    body["summary"] = json!("桥头村危房改造补助未到位");
    let (status, case) = server.post_json(&token, "/api/v1/cases", &body).await;
    assert_eq!(status, 201, "{case}");
    // 桥头村 becomes a village of 张潘镇 through the API.
    let village = json!({"parent": township.to_string(), "kind": "village",
        "code": "411003105299", "name": "桥头村"});
    let (status, added) = server.post_json(&admin, "/api/v1/orgs", &village).await;
    assert_eq!(status, 201, "{added}");
    // The server indexes the case again under the village's name: its
    // worker, woken by the change (a worker that set itself up and never
    // ran would leave the search as written, with the note, for good).
    let started = std::time::Instant::now();
    let found = loop {
        let page = server
            .get_json(&token, "/api/v1/cases?q=桥头村&count=exact")
            .await;
        if page["search"].get("reindex").is_none() && page["search"]["as_written"] == json!(false) {
            break page;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server's worker indexed the case: {page}\n{}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(found["search"]["words"], json!(["桥头村"]), "{found}");
    assert_eq!(found["total"], json!(1));
    assert_eq!(found["items"][0]["id"], case["id"]);
    assert!(server.stop(), "serve exits cleanly on SIGTERM");
}
