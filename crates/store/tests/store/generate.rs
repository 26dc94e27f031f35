//! 批量生成: each copy is its template moved in time, its timeline and its
//! milestones in the template's order.

use std::collections::{BTreeMap, BTreeSet};

use crate::helpers::{at, fresh_store};
use crate::milestones::milestone;

/// Each case's rows of `sql` (`case_id` first, in the rows' own order),
/// the rest of each row as text.
async fn rows_by_case(raw: &sqlx::AnyPool, sql: &'static str) -> BTreeMap<i64, Vec<String>> {
    let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(sql).fetch_all(raw).await.unwrap();
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (case_id, what, when) in rows {
        out.entry(case_id)
            .or_default()
            .push(format!("{what} @{when:?}"));
    }
    out
}

#[tokio::test]
async fn a_copys_timeline_and_milestones_are_its_templates_in_order() {
    let t = fresh_store().await;
    let (a, _, _) = crate::search::three_cases(&t).await;
    // Entries on a's timeline and milestones not in the order of their
    // names, so a copy's order can be told from another.
    crate::milestones::assign(&t, &a, t.housing.id, Vec::new(), "2022-09-26 10:00").await;
    let rows = [
        milestone("reply", "2022-10-20 17:00", None),
        milestone("accept", "2022-10-10 17:00", None),
        milestone("contact", "2022-09-28 17:00", None),
    ];
    t.store
        .recompute_milestones(a.id, &rows, None, at("2022-09-26 10:00"))
        .await
        .unwrap();
    let templates: BTreeSet<i64> = sqlx::query_scalar("SELECT id FROM cases")
        .fetch_all(&t.raw().await)
        .await
        .unwrap()
        .into_iter()
        .collect();
    t.generate_copies(300).await;
    let raw = t.raw().await;
    // Times as hours after the case's 接待日期: a copy is moved by whole days.
    let timelines = rows_by_case(
        &raw,
        "SELECT e.case_id, e.kind || ' ' || e.body, (e.occurred_at - c.received_at) / 3600000
         FROM case_events e JOIN cases c ON c.id = e.case_id ORDER BY e.case_id, e.id",
    )
    .await;
    let milestones = rows_by_case(
        &raw,
        "SELECT m.case_id, m.key || ' ' || m.state, (m.due_at - c.received_at) / 3600000
         FROM milestones m JOIN cases c ON c.id = m.case_id ORDER BY m.case_id, m.id",
    )
    .await;
    let copies: Vec<i64> = sqlx::query_scalar("SELECT id FROM cases ORDER BY id")
        .fetch_all(&raw)
        .await
        .unwrap()
        .into_iter()
        .filter(|id| !templates.contains(id))
        .collect();
    assert_eq!(copies.len(), 300);
    let none = Vec::new();
    for (what, by_case) in [("timeline", &timelines), ("milestones", &milestones)] {
        let of = |id: &i64| by_case.get(id).unwrap_or(&none);
        assert!(of(&a.id).len() >= 2, "{what} of a: {:?}", of(&a.id));
        let originals: BTreeSet<&Vec<String>> = templates.iter().map(of).collect();
        for id in &copies {
            assert!(
                originals.contains(of(id)),
                "{what} of copy {id} is no template's in its order: {:?}",
                of(id)
            );
        }
    }
}

#[tokio::test]
async fn copies_of_more_templates_than_one_statement_reads_say_their_templates_words() {
    let t = fresh_store().await;
    t.register(&t.zhangpan, "2022-10-01 09:00").await;
    // 520 copies of the one case; then copies of all 521, each twice: the
    // second generation reads its templates' words 500 cases a statement,
    // so in two statements, and each copy says its template's words.
    t.generate_copies(520).await;
    t.generate_copies(1_042).await;
    let all_cases = t.count("SELECT COUNT(*) FROM cases").await;
    assert_eq!(all_cases, 1 + 520 + 1_042);
    for word in ["危房", "补助"] {
        let filter = xinfang_store::CaseFilter {
            text: Some(word.into()),
            ..xinfang_store::CaseFilter::default()
        };
        let page = t.page(&filter, &crate::helpers::all(), 0, None).await;
        assert_eq!((page.total, page.total_exact), (all_cases, true), "{word}");
    }
}
