//! 全文检索 within a township's, a department's or a 包案领导's scope:
//! the index carries each case's scope beside its words, and answers for
//! the scope alone — so it must follow the case wherever an assignment, a
//! reassignment or a correction moves it, and no one finds what a scope
//! token says by searching for it.

use xinfang_domain::access::CaseScope;
use xinfang_domain::case::Case;
use xinfang_domain::workflow::{Assignment, Step};
use xinfang_store::{CaseFilter, CaseSort};

use crate::helpers::{TestStore, all, at, fresh_store};

/// What `text` finds within `scope`: the ids of the list newest first, its
/// exact total, its total counted up to 10 000, and the ids of the page
/// sorted by relevance — each asserted to be the same cases.
async fn found(t: &TestStore, scope: &CaseScope, text: &str) -> Vec<i64> {
    let filter = CaseFilter {
        text: Some(text.into()),
        ..CaseFilter::default()
    };
    let ids = crate::search::find(&t.store, text, scope, false).await;
    let capped = t.page(&filter, scope, 0, Some(10_000)).await;
    assert_eq!(capped.total, ids.len() as i64, "{text}: capped total");
    let ranked = t
        .store
        .list_cases(&filter, scope, CaseSort::Relevance, Some(50), 0)
        .await
        .unwrap();
    let mut by_rank: Vec<i64> = ranked.items.iter().map(|c| c.id).collect();
    by_rank.sort_unstable_by(|a, b| b.cmp(a));
    let mut newest: Vec<i64> = ids.clone();
    newest.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(by_rank, newest, "{text}: ranked page, the same cases");
    ids
}

/// (Re)assign `case` to `unit` with `co_units` and 包案领导 `leader`.
pub(crate) async fn assign(
    t: &TestStore,
    case: &Case,
    unit: i64,
    co_units: Vec<i64>,
    leader: Option<i64>,
    when: &str,
) -> Case {
    let step = Step::Assign(Assignment {
        unit_id: unit,
        co_unit_ids: co_units,
        handler_user_id: None,
        handler_name: None,
        handler_phone: None,
        leader_user_id: leader,
        note: None,
        at: at(when),
    });
    crate::milestones::step(t, case, step, when).await
}

#[tokio::test]
async fn a_scopes_search_follows_the_case_as_it_is_assigned_reassigned_and_corrected() {
    let t = fresh_store().await;
    let words = "危房 补助";
    // `a` in 张潘镇, `b` in 灵井镇, both saying 危房改造补助未到位.
    let a = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let b = t.register(&t.lingjing, "2022-09-27 09:10").await;
    let zhangpan = t.zhangpan_officer.case_scope();
    let lingjing = t.lingjing_officer.case_scope();
    let housing = CaseScope {
        unit: Some(t.housing.id),
        ..CaseScope::none()
    };
    let leader_id = t.lingjing_officer.user_id;
    let leader = CaseScope {
        leader: Some(leader_id),
        ..CaseScope::none()
    };
    assert_eq!(found(&t, &all(), words).await, vec![b.id, a.id]);
    assert_eq!(found(&t, &zhangpan, words).await, vec![a.id]);
    assert_eq!(found(&t, &lingjing, words).await, vec![b.id]);
    assert!(found(&t, &housing, words).await.is_empty());
    assert!(found(&t, &leader, words).await.is_empty());

    // `b` goes to 住建局 with 张潘镇 helping, led by 灵井镇's officer.
    let b = assign(
        &t,
        &b,
        t.housing.id,
        vec![t.zhangpan.id],
        Some(leader_id),
        "2022-09-27 10:00",
    )
    .await;
    assert_eq!(found(&t, &zhangpan, words).await, vec![b.id, a.id]);
    assert_eq!(found(&t, &housing, words).await, vec![b.id]);
    assert_eq!(found(&t, &leader, words).await, vec![b.id]);
    assert_eq!(found(&t, &lingjing, words).await, vec![b.id]);

    // Reassigned to 住建局 alone, without a leader: 张潘镇 and the leader
    // no longer find it.
    assign(&t, &b, t.housing.id, Vec::new(), None, "2022-09-27 11:00").await;
    assert_eq!(found(&t, &zhangpan, words).await, vec![a.id]);
    assert!(found(&t, &leader, words).await.is_empty());
    assert_eq!(found(&t, &housing, words).await, vec![b.id]);

    // `a`'s township corrected to 灵井镇: it moves with its words.
    let township = t.lingjing.id.to_string();
    let c = crate::corrections::correcting(&a, &[("township_id", township.as_str())]);
    crate::corrections::correct(&t, &a, &c, None).await.unwrap();
    assert!(found(&t, &zhangpan, words).await.is_empty());
    assert_eq!(found(&t, &lingjing, words).await, vec![b.id, a.id]);

    // A scope token is no word: searching for one finds nothing, whoever asks.
    for token in [
        format!("t{}", t.lingjing.id),
        format!("u{}", t.housing.id),
        format!("l{leader_id}"),
    ] {
        assert!(found(&t, &all(), &token).await.is_empty(), "{token}");
        assert!(found(&t, &lingjing, &token).await.is_empty(), "{token}");
    }
}

#[tokio::test]
async fn words_ten_thousand_cases_have_are_walked_for_as_a_scan_finds_them() {
    // One 张潘镇 case assigned to 住建局, copied 10 500 times: its words
    // are in every case, past where either engine walks its list for them
    // (SQLite from 2 000 matches, PostgreSQL from 10 000 counted; see
    // `Engine::frequent_words`).
    let t = fresh_store().await;
    let a = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    crate::milestones::assign(&t, &a, t.housing.id, Vec::new(), "2022-09-26 10:00").await;
    t.generate_copies(10_500).await;
    let raw = t.raw().await;
    let scanned: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM cases WHERE summary LIKE '%危房改造补助%' ORDER BY received_at DESC, id DESC",
    )
    .fetch_all(&raw)
    .await
    .unwrap();
    raw.close().await;
    assert!(scanned.len() > 10_000, "{}", scanned.len());
    let housing = CaseScope {
        unit: Some(t.housing.id),
        ..CaseScope::none()
    };
    let filter = CaseFilter {
        text: Some("危房 补助".into()),
        ..CaseFilter::default()
    };
    for scope in [all(), t.zhangpan_officer.case_scope(), housing] {
        for (offset, cap) in [(0, Some(10_000)), (0, None), (1_000, Some(10_000))] {
            let page = t.page(&filter, &scope, offset, cap).await;
            let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
            let at = offset as usize;
            assert_eq!(ids, scanned[at..at + 50], "{scope:?} at {offset}");
            let n = scanned.len() as i64;
            let want = cap.map_or((n, true), |c| (c, false));
            assert_eq!((page.total, page.total_exact), want, "{scope:?}");
        }
    }
}
