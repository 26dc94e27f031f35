//! Recomputing every running case after a calendar or rule change reads the
//! cases a chunk at a time and writes back only what changed; what it
//! stores must be what each case's own computation gives (the path a step
//! takes, reading the case alone), and a recompute with nothing changed
//! writes nothing.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;
use xinfang::demo::{DemoYear, seed_demo_for};
use xinfang::services::admin::reference::{load_calendar_year, recompute_all};
use xinfang::services::deadlines::milestones::case_milestones;
use xinfang::state::AppState;
use xinfang_domain::access::CaseScope;
use xinfang_domain::clock::FixedClock;
use xinfang_store::MilestoneRow;

use crate::helpers::spawn_app;

/// Monday 15 June 2026, 10:00 in Beijing: "today" for the live demo.
fn today() -> Timestamp {
    "2026-06-15T10:00:00+08:00".parse().expect("time")
}

/// Every stored milestone row, by case and key.
async fn stored(state: &AppState) -> BTreeMap<(i64, String), MilestoneRow> {
    let all = CaseScope::all();
    let mut out = BTreeMap::new();
    for id in state.store.cases_with_open_milestones().await.unwrap() {
        for m in state.store.milestones(id, &all).await.unwrap() {
            out.insert((id, m.row.key.clone()), m.row);
        }
    }
    out
}

async fn events_count(state: &AppState) -> usize {
    let all = CaseScope::all();
    let mut n = 0;
    for id in state.store.cases_with_open_milestones().await.unwrap() {
        n += state.store.case_events(id, &all).await.unwrap().len();
    }
    n
}

#[tokio::test]
async fn a_calendar_change_stores_what_each_case_computes_alone_and_notes_only_moved_cases() {
    let app = spawn_app().await;
    let mut state = app.state.clone();
    state.clock = Arc::new(FixedClock(today()));
    seed_demo_for(&state, 200, DemoYear::Live)
        .await
        .expect("demo");
    let now = today();

    // Once settled (the demo's rows were stored as its steps were taken),
    // a recompute with nothing changed changes nothing and notes nothing.
    recompute_all(&state, "测试", now).await.unwrap();
    let before = stored(&state).await;
    let events_before = events_count(&state).await;
    let r = recompute_all(&state, "测试", now).await.unwrap();
    assert!(r.cases > 20, "{r:?}");
    assert_eq!(r.changed, 0, "{r:?}");
    assert_eq!(stored(&state).await, before);
    assert_eq!(events_count(&state).await, events_before);

    // The week after 端午 becomes days off: every running working-day clock
    // that reaches past 2026-06-22 moves later.
    let mut y2026: serde_json::Value =
        serde_json::from_str(include_str!("../../../../calendars/2026.json")).unwrap();
    y2026["days_off"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(
            { "name": "测试停工周", "from": "2026-06-22", "to": "2026-06-26" }
        ));
    let (_, report) = load_calendar_year(&state, None, &y2026.to_string(), now)
        .await
        .unwrap();
    let after = stored(&state).await;

    // Counted independently: the cases with a due time that moved.
    let mut moved: Vec<i64> = before
        .iter()
        .filter(|(k, b)| after.get(k).is_some_and(|a| a.due_at != b.due_at))
        .map(|((id, _), _)| *id)
        .collect();
    moved.dedup();
    assert!(moved.len() >= 2, "too few clocks cross the week: {moved:?}");
    assert_eq!(report.changed, moved.len(), "{report:?}");
    // Nothing moved earlier, and only clocks due after the week's start moved.
    for (k, b) in &before {
        let a = &after[k];
        if a.due_at != b.due_at {
            assert!(a.due_at > b.due_at, "{k:?}: {b:?} -> {a:?}");
            assert!(
                b.due_at.unwrap() > "2026-06-22T00:00:00+08:00".parse().unwrap(),
                "{k:?}: {b:?}"
            );
        }
    }
    assert_eq!(events_count(&state).await, events_before + moved.len());

    // Each case's stored rows are what its own computation gives now.
    let all = CaseScope::all();
    let settings = state.deadline_settings().await.unwrap();
    let mut compared = 0;
    for id in state.store.cases_with_open_milestones().await.unwrap() {
        let case = state.store.case(id, &all).await.unwrap();
        let events = state.store.case_events(id, &all).await.unwrap();
        let mut want = case_milestones(&state, &settings, &case, &events, None, now)
            .await
            .unwrap();
        let mut got: Vec<MilestoneRow> = after
            .range((id, String::new())..)
            .take_while(|((c, _), _)| *c == id)
            .map(|(_, r)| r.clone())
            .collect();
        want.sort_by(|a, b| a.key.cmp(&b.key));
        got.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(got, want, "case {}", case.number);
        compared += want.len();
    }
    assert!(compared > 100, "{compared}");
}
