//! 督办 at scale: a pass reads only the milestones whose 下次变化时间 has come, and a rule change moves those times.

use xinfang_domain::access::CaseScope;

use crate::helpers::spawn_app;
use crate::supervision::{open_case, sweep, t};

#[tokio::test]
async fn a_pass_reads_only_the_milestones_whose_time_has_come() {
    let app = spawn_app().await;
    // 带件下访 due 09-29 24:00 (临期 from 09-29 02:15); 办结 due 10-06 24:00
    // (临期 from 10-04 08:15); 建立联系 done.
    open_case(&app).await;

    let r = sweep(&app, "2022-09-28 12:00").await;
    assert_eq!(r.milestones_checked, 0, "nothing's time has come: {r:?}");
    let r = sweep(&app, "2022-09-29 10:00").await;
    assert_eq!(
        (r.milestones_checked, r.states_changed, r.reminders),
        (1, 1, 1),
        "带件下访 临期: {r:?}"
    );
    let r = sweep(&app, "2022-09-29 20:00").await;
    assert_eq!(r.milestones_checked, 0, "settled until its due time: {r:?}");
    let r = sweep(&app, "2022-09-30 12:00").await;
    assert_eq!(
        (r.milestones_checked, r.states_changed),
        (1, 1),
        "带件下访 超期: {r:?}"
    );
    let r = sweep(&app, "2022-10-01 00:00").await;
    assert_eq!(
        (r.milestones_checked, r.urges),
        (1, 1),
        "带件下访 催办: {r:?}"
    );
    let r = sweep(&app, "2022-10-04 09:00").await;
    assert_eq!(
        (r.milestones_checked, r.reminders),
        (1, 1),
        "办结 临期: {r:?}"
    );

    // 10-05: 带件下访 is five days overdue but one working day (国庆): its
    // 通报 falls due at 10-11 24:00, so no pass before then reads it.
    for at in ["2022-10-05 09:00", "2022-10-06 09:00", "2022-10-06 23:59"] {
        let r = sweep(&app, at).await;
        assert_eq!(r.milestones_checked, 0, "{at}: {r:?}");
    }
    let r = sweep(&app, "2022-10-07 09:00").await;
    assert_eq!(
        (r.milestones_checked, r.states_changed),
        (1, 1),
        "办结 超期: {r:?}"
    );
    let r = sweep(&app, "2022-10-08 00:00").await;
    assert_eq!((r.milestones_checked, r.urges), (1, 1), "办结 催办: {r:?}");
    let r = sweep(&app, "2022-10-11 23:59").await;
    assert_eq!(r.milestones_checked, 0, "{r:?}");
    let r = sweep(&app, "2022-10-12 00:00").await;
    assert_eq!(
        (r.milestones_checked, r.bulletins),
        (1, 1),
        "带件下访 通报: {r:?}"
    );
    // Every notice of 带件下访 raised and overdue: it is never read again.
    let r = sweep(&app, "2022-12-31 00:00").await;
    assert_eq!(
        (r.milestones_checked, r.bulletins),
        (1, 1),
        "办结 通报 only: {r:?}"
    );
    let r = sweep(&app, "2023-06-30 00:00").await;
    assert_eq!(r.milestones_checked, 0, "{r:?}");
}

#[tokio::test]
async fn a_rule_change_moves_the_next_transition_times() {
    let app = spawn_app().await;
    let (id, _) = open_case(&app).await;
    let all = CaseScope::all();
    let before = app.state.store.milestones(id, &all).await.unwrap();
    let seed_answer = before
        .iter()
        .find(|m| m.row.key == "handled")
        .map(|m| (m.row.due_at, m.row.warn_from));
    assert_eq!(
        seed_answer,
        Some((Some(t("2022-10-07 00:00")), Some(t("2022-10-04 08:15"))))
    );
    xinfang::services::admin::reference::use_rules(
        &app.state,
        None,
        "statute",
        t("2022-10-03 09:00"),
    )
    .await
    .unwrap();
    let after = app.state.store.milestones(id, &all).await.unwrap();
    let running: Vec<_> = after
        .iter()
        .filter(|m| m.row.completed_at.is_none() && m.row.started_at.is_some())
        .collect();
    assert!(!running.is_empty(), "{after:?}");
    // Under the seed's plan 办结 turned 临期 on 10-04: under the statute no
    // clock of this case is that close, and the pass reads nothing.
    let first = running
        .iter()
        .filter_map(|m| m.row.warn_from.or(m.row.due_at))
        .min()
        .unwrap();
    assert!(first > t("2022-10-05 09:00"), "{first}");
    let r = sweep(&app, "2022-10-05 09:00").await;
    assert_eq!(r.milestones_checked, 0, "{r:?}");
    // At the statute's first warning the pass reads it.
    let r = sweep(&app, &xinfang_domain::clock::format_local(first)).await;
    assert!(r.milestones_checked >= 1 && r.reminders >= 1, "{r:?}");
}
