//! The demo district is alive on the day it is made: twelve months up to
//! "today" (a fixed day here), clocks running, a few overdue, a read inbox;
//! and `demo --year 2022` still tells the 2022 stories.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use xinfang::demo::{DemoYear, seed_demo_for};
use xinfang::services::deadlines::sweep_deadlines::run_once;
use xinfang_domain::access::CaseScope;
use xinfang_domain::clock::FixedClock;
use xinfang_domain::workflow::CaseStatus;
use xinfang_store::{CaseFilter, CaseSort};

use crate::helpers::spawn_app;

/// Monday 15 June 2026, 10:00 in Beijing: "today" for the live demo.
fn today() -> Timestamp {
    "2026-06-15T10:00:00+08:00".parse().expect("time")
}

#[tokio::test]
async fn the_live_demo_is_the_last_twelve_months_with_running_clocks() {
    let app = spawn_app().await;
    let mut state = app.state.clone();
    state.clock = Arc::new(FixedClock(today()));
    let report = seed_demo_for(&state, 200, DemoYear::Live)
        .await
        .expect("demo");
    assert_eq!(report.cases, 200);
    assert!(report.period.contains("2025-06-15"), "{}", report.period);

    let cases = state
        .store
        .list_cases(
            &CaseFilter::default(),
            &CaseScope::all(),
            CaseSort::ReceivedDesc,
            None,
            0,
        )
        .await
        .unwrap()
        .items;
    assert_eq!(cases.len(), 200);
    let year_ago = today() - SignedDuration::from_hours(24 * 366);
    for c in &cases {
        assert!(
            c.received_at > year_ago && c.received_at <= today(),
            "{} at {}",
            c.number,
            c.received_at
        );
        assert!(!c.summary.contains("2022年"), "{}: {}", c.number, c.summary);
    }
    let numbers: Vec<&str> = cases.iter().map(|c| c.number.as_str()).collect();
    assert!(
        numbers.iter().any(|n| n.contains("〔2026〕"))
            && numbers.iter().any(|n| n.contains("〔2025〕"))
    );
    assert!(!numbers.iter().any(|n| n.contains("〔2022〕")));

    // The last three weeks are being worked; old cases are done.
    let recent = today() - SignedDuration::from_hours(24 * 21);
    let open_recent = cases
        .iter()
        .filter(|c| c.received_at > recent && c.status != CaseStatus::Closed)
        .count();
    assert!(open_recent >= 5, "{open_recent} recent cases open");
    let half_year = today() - SignedDuration::from_hours(24 * 180);
    let old: Vec<_> = cases.iter().filter(|c| c.received_at < half_year).collect();
    let old_closed = old
        .iter()
        .filter(|c| c.status == CaseStatus::Closed)
        .count();
    assert!(
        old_closed * 10 >= old.len() * 9,
        "{old_closed} of {} old cases closed",
        old.len()
    );

    // Most open clocks run; a few are overdue.
    let (mut running, mut overdue) = (0, 0);
    for c in cases.iter().filter(|c| c.status != CaseStatus::Closed) {
        for m in state
            .store
            .milestones(c.id, &CaseScope::all())
            .await
            .unwrap()
        {
            match m.row.state.as_str() {
                "open" | "due_soon" => running += 1,
                "overdue" => overdue += 1,
                _ => {}
            }
        }
    }
    assert!((1..=10).contains(&overdue), "{overdue} overdue");
    assert!(
        running > 2 * overdue,
        "{running} running, {overdue} overdue"
    );

    // The sweeper ran day by day: a sweep now finds nearly nothing new, and
    // the district's inbox is read but for the last days.
    let sweep = run_once(&state, today()).await.unwrap();
    assert!(sweep.bulletins <= 2 && sweep.urges <= 4, "{sweep:?}");
    let quju = app.user_id("quju").await;
    let inbox = state.store.inbox(quju, 1000).await.unwrap();
    let bulletins = inbox.iter().filter(|n| n.level == 3).count();
    assert!(bulletins <= 20, "{bulletins} 通报");
    let two_days_ago = today() - SignedDuration::from_hours(24 * 3);
    assert!(
        inbox
            .iter()
            .all(|n| n.read_at.is_some() || n.created_at > two_days_ago),
        "older notices are read"
    );
}

#[tokio::test]
async fn demo_year_2022_keeps_the_stories_and_other_years_are_refused() {
    let app = spawn_app().await;
    let (ok, out, err) = crate::cli::xinfang(
        &app,
        &["demo", "--no-serve", "--cases", "30", "--year", "2022"],
    );
    assert!(ok, "{err}");
    assert!(out.contains("2022年") && out.contains("30 件案件"), "{out}");
    let cases = app
        .state
        .store
        .list_cases(
            &CaseFilter::default(),
            &CaseScope::all(),
            CaseSort::ReceivedDesc,
            None,
            0,
        )
        .await
        .unwrap()
        .items;
    assert_eq!(cases.len(), 30);
    assert!(cases.iter().all(|c| c.number.contains("〔2022〕")));
    // 刘铁柱's backlog story, told at its 2022 times.
    assert!(
        cases
            .iter()
            .any(|c| c.petitioner_name.as_deref() == Some("刘铁柱"))
    );

    let (ok, _, err) = crate::cli::xinfang(&app, &["demo", "--no-serve", "--year", "2021"]);
    assert!(!ok);
    assert!(err.contains("--year 只能是 2022"), "{err}");
}
