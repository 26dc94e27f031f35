//! 审计日志 vocabulary: after the demo district's realistic work, every
//! action in the trail is one the vocabulary names, with its label, and
//! each is found by the page's and the API's filter of its kind.

use std::collections::BTreeMap;

use xinfang_domain::audit::{AuditAction, AuditKind};
use xinfang_store::AuditFilter;

use crate::helpers::{Api, spawn_app};

#[tokio::test]
async fn every_action_the_demo_writes_has_a_label_and_a_filter() {
    let app = spawn_app().await;
    xinfang::demo::seed_demo(&app.state, 8).await.expect("demo");
    // A month later the sweeper raises its notices.
    let later = app.state.now() + jiff::SignedDuration::from_hours(24 * 30);
    xinfang::services::deadlines::sweep_deadlines::run_once(&app.state, later)
        .await
        .expect("sweep");
    let ducha = Api::new(&app, "ducha").await;

    let trail = app
        .state
        .store
        .list_audit(&AuditFilter::default(), 100_000, 0)
        .await
        .unwrap();
    let mut per_kind: BTreeMap<&str, i64> = BTreeMap::new();
    for (e, _) in &trail.items {
        let action = e
            .action()
            .unwrap_or_else(|| panic!("action {} is not in the vocabulary", e.action));
        assert_ne!(action.label(), e.action, "{} has no label", e.action);
        *per_kind.entry(action.kind().as_str()).or_default() += 1;
    }
    // The demo covers cases, screenings, imports, users and tokens, organisations and notices.
    for k in ["case", "screening", "user", "org", "milestone"] {
        assert!(
            per_kind.get(k).copied().unwrap_or(0) > 0,
            "no {k} rows: {per_kind:?}"
        );
    }
    // Each kind's filter finds exactly its actions' rows, through the API.
    for kind in AuditKind::ALL {
        let (status, page) = ducha
            .get(&format!("/api/v1/audit?kind={}", kind.as_str()))
            .await;
        assert_eq!(status, 200, "kind {kind:?}: {page}");
        assert_eq!(
            page["total"].as_i64(),
            Some(per_kind.get(kind.as_str()).copied().unwrap_or(0)),
            "kind {kind:?}"
        );
        for row in page["items"].as_array().unwrap() {
            let action = AuditAction::parse(row["action"].as_str().unwrap()).unwrap();
            assert_eq!(action.kind(), *kind);
            assert_eq!(row["action_label"].as_str(), Some(action.label()));
        }
    }
    // The page offers every kind by its label.
    let client = app.login("ducha").await;
    let page = app.page(&client, "/audit").await;
    for kind in AuditKind::ALL {
        assert!(
            page.contains(&format!("<option value=\"{}\"", kind.as_str()))
                && page.contains(kind.label()),
            "the filter lacks {kind:?}"
        );
    }
}
