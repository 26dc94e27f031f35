//! 批量生成: `xinfang generate` grows a database from its own cases — each
//! copy a whole case (milestones, timeline) that opens like any other,
//! numbered in its year, older copies closed, one audit row, and the next
//! registration numbered after them.

use std::collections::{BTreeMap, HashSet};

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use xinfang::demo::bulk::generate;
use xinfang::demo::{DemoYear, seed_demo_for};
use xinfang_domain::clock::to_local;

use crate::helpers::{Api, spawn_app};

/// Every case the district sees, as the list gives them.
async fn all_cases(api: &Api<'_>) -> Vec<Value> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let (s, page) = api
            .get(&format!("/api/v1/cases?limit=500&offset={offset}"))
            .await;
        assert_eq!(s, 200, "{page}");
        let items = page["items"].as_array().unwrap().clone();
        if items.is_empty() {
            return out;
        }
        offset += items.len();
        out.extend(items);
    }
}

fn received(c: &Value) -> Timestamp {
    c["received_at"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn generated_cases_are_whole_cases_spread_over_the_years_and_numbered_in_theirs() {
    let app = spawn_app().await;
    let state = &app.state;
    let now = state.now();
    seed_demo_for(state, 120, DemoYear::Live)
        .await
        .expect("demo");
    let api = Api::new(&app, "quju").await;
    let before = all_cases(&api).await;
    assert_eq!(before.len(), 120);

    let made = generate(state, 3_000, 3, None, now)
        .await
        .expect("generate");
    assert_eq!(made.cases, 3_000);
    assert_eq!(made.templates, 120);
    let after = all_cases(&api).await;
    assert_eq!(after.len(), 3_120, "the list holds the demo and the copies");

    // Numbers: unique, and each in the Beijing year of its 接待日期.
    let numbers: HashSet<&str> = after
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers.len(), after.len());
    let mut last_seq: BTreeMap<i16, i64> = BTreeMap::new();
    for c in &after {
        let n = c["number"].as_str().unwrap();
        let year = to_local(received(c)).year();
        assert!(
            n.contains(&format!("〔{year}〕")),
            "{n} received {}",
            c["received_at"]
        );
        let seq: i64 = n
            .split('〕')
            .nth(1)
            .unwrap()
            .trim_end_matches('号')
            .parse()
            .unwrap();
        let e = last_seq.entry(year).or_default();
        *e = (*e).max(seq);
    }

    // Spread over the three years before now, none in the future; every
    // year touched has cases.
    let three_years = now - SignedDuration::from_hours(24 * (3 * 365 + 1));
    let oldest = after.iter().map(received).min().unwrap();
    assert!(
        oldest >= three_years - SignedDuration::from_hours(24 * 366),
        "{oldest}"
    );
    assert!(after.iter().all(|c| received(c) <= now));
    let years: HashSet<i16> = after.iter().map(|c| to_local(received(c)).year()).collect();
    let now_year = to_local(now).year();
    for y in (now_year - 2)..=now_year {
        assert!(years.contains(&y), "cases in {y}: {years:?}");
    }

    // Copies older than the demo's year and the 60 recent days are copies
    // of closed cases: closed.
    let demo_start = before.iter().map(received).min().unwrap();
    let old_limit = demo_start - SignedDuration::from_hours(24 * 61);
    let old: Vec<&Value> = after.iter().filter(|c| received(c) < old_limit).collect();
    assert!(old.len() > 1_000, "most copies are old: {}", old.len());
    for c in &old {
        assert_eq!(
            c["status"], "已办结",
            "{} {}",
            c["number"], c["received_at"]
        );
    }

    // A copy opens like a registered case: its milestones and its timeline,
    // moved with it (no step before its 接待日期).
    let originals: HashSet<i64> = before.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    let copies: Vec<&Value> = after
        .iter()
        .filter(|c| !originals.contains(&c["id"].as_i64().unwrap()))
        .collect();
    for c in copies.iter().step_by(300) {
        let id = c["id"].as_i64().unwrap();
        let (s, full) = api.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(s, 200, "{full}");
        assert!(
            !full["milestones"].as_array().unwrap().is_empty(),
            "{}",
            c["number"]
        );
        let events = full["events"].as_array().unwrap();
        assert!(!events.is_empty(), "{}", c["number"]);
        let at = received(c);
        for e in events {
            let t: Timestamp = e["occurred_at"].as_str().unwrap().parse().unwrap();
            assert!(t >= at - SignedDuration::from_hours(24) && t <= now, "{e}");
        }
        let page = app
            .page(&app.login("quju").await, &format!("/cases/{id}"))
            .await;
        assert!(page.contains(c["number"].as_str().unwrap()));
    }

    // The next registration is numbered after this year's last.
    let mut body = crate::helpers::registration(&app, "", "危房改造").await;
    let today = to_local(now);
    body["received_at"] = json!(format!("{} 00:01", today.date()));
    let next = crate::helpers::register(&app, body).await;
    let want = last_seq[&today.year()] + 1;
    assert_eq!(
        next["number"].as_str().unwrap(),
        format!("建安信访〔{}〕{want:04}号", today.year())
    );

    // One audit row for the batch, and the chain still verifies.
    let (s, audit) = Api::new(&app, "admin")
        .await
        .get("/api/v1/audit?kind=case")
        .await;
    assert_eq!(s, 200, "{audit}");
    let generated: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "case.generate")
        .collect();
    assert_eq!(generated.len(), 1, "{audit}");
    assert!(
        generated[0]["detail"]
            .as_str()
            .unwrap()
            .contains("批量生成案件3000件"),
        "{}",
        generated[0]
    );
    let v = state.store.verify_audit().await.unwrap();
    assert!(v.first_broken.is_none(), "{v:?}");
}

#[tokio::test]
async fn an_empty_database_is_seeded_with_the_demo_first() {
    let app = spawn_app().await;
    let made = generate(&app.state, 500, 1, None, app.state.now())
        .await
        .expect("generate");
    assert_eq!((made.cases, made.templates), (500, 300));
    assert_eq!(app.state.store.count_cases().await.unwrap(), 800);
}
