//! A capped count of words many cases have, estimated instead of counted
//! (PostgreSQL's planner; SQLite counts off its index, and never estimates).

use xinfang_domain::access::CaseScope;
use xinfang_store::{CaseFilter, Engine};

use crate::helpers::{TestStore, all, fresh_store};

/// The ids of the cases in `township` (0: any) whose summary says `like`,
/// newest first: an independent scan.
async fn scanned(t: &TestStore, like: &str, township: i64) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT id FROM cases WHERE summary LIKE $1 AND ($2 = 0 OR township_id = $2)
         ORDER BY received_at DESC, id DESC",
    )
    .bind(format!("%{like}%"))
    .bind(township)
    .fetch_all(&t.raw().await)
    .await
    .unwrap()
}

/// The page at `offset` of `text` within `scope`, counted up to `cap`:
/// its ids, total, whether exact, and the estimate.
async fn search(
    t: &TestStore,
    text: &str,
    scope: &CaseScope,
    offset: i64,
    cap: i64,
) -> (Vec<i64>, i64, bool, Option<i64>) {
    let filter = CaseFilter {
        text: Some(text.into()),
        ..CaseFilter::default()
    };
    let page = t.page(&filter, scope, offset, Some(cap)).await;
    let ids = page.items.iter().map(|c| c.id).collect();
    (ids, page.total, page.total_exact, page.total_estimate)
}

#[tokio::test]
async fn words_expected_far_above_the_cap_are_estimated_and_a_short_page_is_counted() {
    let t = fresh_store().await;
    crate::search::three_cases(&t).await;
    // 200 copies each of 危房 (张潘镇), 低保 (灵井镇) and 道路 (张潘镇),
    // analysed; then ten cases of 自来水, analysed too.
    t.generate_copies(600).await;
    for i in 0..10 {
        let mut new = t.new_case(&t.lingjing, "2022-10-29 09:00", "110105194912310011");
        new.summary = format!("自来水管道破裂{i}号");
        t.store
            .register_case(&new, "建安信访", &[], &t.district, new.received_at)
            .await
            .expect("register");
    }
    sqlx::query("ANALYZE")
        .execute(&t.raw().await)
        .await
        .unwrap();
    let estimates = t.store.engine() == Engine::Postgres;

    let weifang = scanned(&t, "危房", 0).await;
    let n = weifang.len() as i64;
    assert!(n > 150, "{n}");
    // Capped at 5: the planner expects about n, more than twice 5,
    // so PostgreSQL says its estimate; the page is the scan's either way.
    let (ids, total, exact, estimate) = search(&t, "危房", &all(), 0, 5).await;
    assert_eq!(ids, weifang[..50]);
    assert_eq!((total, exact), (5, false));
    if estimates {
        let e = estimate.expect("estimated");
        assert!(e >= n / 2 && e <= n * 2, "estimate {e} of {n}");
    } else {
        assert_eq!(estimate, None);
    }
    // Capped at 150: under twice the cap, counted.
    assert_eq!(
        search(&t, "危房", &all(), 0, 150).await,
        (weifang[..50].to_vec(), 150, false, None)
    );
    // The page past the last 50 comes out short: counted after all where
    // it was estimated (the capped count says 5 and more otherwise).
    let (ids, total, exact, estimate) = search(&t, "危房", &all(), n - 10, 5).await;
    assert_eq!(ids, weifang[(n - 10) as usize..]);
    let counted = if estimates { (n, true) } else { (5, false) };
    assert_eq!((total, exact, estimate), (counted.0, counted.1, None));
    // A page past the end says nothing new.
    let (ids, _, exact, estimate) = search(&t, "危房", &all(), n + 50, 5).await;
    assert!(ids.is_empty() && !exact);
    assert_eq!(estimate.is_some(), estimates);

    // Two words a third of the cases have each, never together: the
    // planner expects some 67, no case has both; the empty first page
    // says so exactly.
    assert_eq!(
        search(&t, "危房 低保", &all(), 0, 5).await,
        (Vec::new(), 0, true, None)
    );
    // Ten cases: expected as ten, under twice 8, counted.
    let water = scanned(&t, "自来水", 0).await;
    assert_eq!(water.len(), 10);
    assert_eq!(
        search(&t, "自来水", &all(), 0, 8).await,
        (water.clone(), 8, false, None)
    );

    // Within a township, asked of the index with its scope token.
    let zhangpan = t.zhangpan_officer.case_scope();
    let own = scanned(&t, "危房", t.zhangpan.id).await;
    let (ids, total, exact, estimate) = search(&t, "危房", &zhangpan, 0, 5).await;
    assert_eq!(ids, own[..50]);
    assert_eq!((total, exact, estimate.is_some()), (5, false, estimates));
    // 灵井镇 has none of them: nothing is estimated for it that its
    // page does not bear out.
    let lingjing = t.lingjing_officer.case_scope();
    let (ids, total, exact, _) = search(&t, "危房", &lingjing, 0, 5).await;
    assert_eq!((ids, total, exact), (Vec::new(), 0, true));
}
