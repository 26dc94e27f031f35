//! Many officers at once: no "database is locked", no lost or duplicated numbers.

use std::collections::BTreeSet;

use crate::helpers::{Api, registration, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_concurrent_writers_all_succeed_with_unique_numbers() {
    let app = spawn_app().await;
    let token = app.token("quju").await;
    let body = registration(&app, "", "医疗保障").await;
    let mut tasks = Vec::new();
    for writer in 0..8 {
        let url = app.url("/api/v1/cases");
        let token = token.clone();
        let mut body = body.clone();
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut numbers = Vec::new();
            for i in 0..5 {
                body["summary"] = serde_json::json!(format!("并发登记 {writer}-{i}"));
                // Forty people, not one person forty times (a suspected repeat).
                body["petitioner_name"] = serde_json::json!(format!("信访人{writer}-{i}"));
                let r = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                let j: serde_json::Value = r.json().await.unwrap();
                assert_eq!(status, 201, "writer {writer}: {j}");
                numbers.push(j["number"].as_str().unwrap().to_string());
            }
            numbers
        }));
    }
    let mut all = BTreeSet::new();
    for t in tasks {
        for n in t.await.unwrap() {
            assert!(all.insert(n.clone()), "duplicate number {n}");
        }
    }
    assert_eq!(all.len(), 40);
    let expected: BTreeSet<String> = (1..=40)
        .map(|i| format!("建安信访〔2022〕{i:04}号"))
        .collect();
    assert_eq!(all, expected, "numbers are sequential with no gaps");

    // Concurrent steps on one case: every one lands, none is lost.
    let id = Api::new(&app, "quju")
        .await
        .get("/api/v1/cases?limit=1")
        .await
        .1["items"][0]["id"]
        .as_i64()
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let url = app.url(&format!("/api/v1/cases/{id}/steps/comment"));
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let r = reqwest::Client::new()
                .post(&url)
                .bearer_auth(&token)
                .json(&serde_json::json!({ "note": format!("批注{i}") }))
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let (_, c) = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await;
    assert_eq!(c["events"].as_array().unwrap().len(), 9);
    assert_eq!(
        app.state.store.verify_audit().await.unwrap().first_broken,
        None
    );
}
