//! The order of a search's pages (全文检索): newest first, to the
//! millisecond, as a page read off the index by date finds it; by
//! relevance, as a ranked page bounded by its last score finds it. Every
//! page of every size is the slice of an order got without the code under
//! test: a scan of the summaries, or by hand.

use std::ops::RangeInclusive;

use xinfang_domain::access::CaseScope;
use xinfang_store::{CaseFilter, CaseSort};

use crate::helpers::{TestStore, all, at, fresh_store};

/// Register `new` by the district, and its id.
async fn register(t: &TestStore, new: &xinfang_domain::case::NewCase) -> i64 {
    t.store
        .register_case(new, "建安信访", &[], &t.district, new.received_at)
        .await
        .expect("register")
        .id
}

/// Each page of `limit` rows at `offsets` of `filter` within `scope` in
/// `sort` is the slice of `expected`, and counts all of it.
async fn pages_are_slices(
    t: &TestStore,
    filter: &CaseFilter,
    scope: &CaseScope,
    sort: CaseSort,
    expected: &[i64],
    limit: i64,
    offsets: RangeInclusive<i64>,
) {
    for offset in offsets {
        let page = t
            .store
            .list_cases(filter, scope, sort, Some(limit), offset)
            .await
            .unwrap();
        let got: Vec<i64> = page.items.iter().map(|c| c.id).collect();
        let from = (offset as usize).min(expected.len());
        let to = (from + limit as usize).min(expected.len());
        assert_eq!(got, expected[from..to], "{limit} from {offset}");
        assert_eq!(page.total, expected.len() as i64, "{limit} from {offset}");
    }
}

#[tokio::test]
async fn the_newest_matches_come_first_to_the_millisecond_and_follow_a_corrected_date() {
    let t = fresh_store().await;
    let received = |local: &str, ms: i64| {
        at(local)
            .checked_add(jiff::SignedDuration::from_millis(ms))
            .unwrap()
    };
    // 2 500 copies of a 危房 case, received in October: words thousands of
    // cases have, which a page reads newest first off the index.
    t.register(&t.zhangpan, "2022-10-01 09:10").await;
    t.generate_copies(2_500).await;
    // Then these, in this order, so ids rise down the list; each says 危房.
    // `a` and `e` are received in the same millisecond, `b` in the same
    // second 800 ms before them, `c` the second after, `d` a week before.
    let mut ids = Vec::new();
    for (township, when) in [
        (&t.zhangpan, received("2022-11-08 09:10", 900)),
        (&t.lingjing, received("2022-11-08 09:10", 100)),
        (&t.zhangpan, received("2022-11-08 09:10", 1_000)),
        (&t.zhangpan, received("2022-11-01 09:10", 0)),
        (&t.lingjing, received("2022-11-08 09:10", 900)),
    ] {
        let mut new = t.new_case(township, "2022-11-01 09:10", "11010519491231002X");
        new.received_at = when;
        ids.push(register(&t, &new).await);
    }
    let [a, b, c, d, e] = ids[..] else {
        unreachable!()
    };
    let raw = t.raw().await;
    let zhangpan = t.zhangpan_officer.case_scope();
    let filter = CaseFilter {
        text: Some("危房".into()),
        ..CaseFilter::default()
    };
    // Every page of every size near the top, and one deep, is the slice of
    // a scan of the summaries newest first; the count is the scan's, each
    // case once.
    let pages = |top: Vec<i64>, scope: CaseScope| {
        let (t, filter, raw) = (&t, &filter, &raw);
        async move {
            let township = if scope.all { 0 } else { t.zhangpan.id };
            let scanned: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM cases WHERE summary LIKE '%危房%' AND ($1 = 0 OR township_id = $1)
                 ORDER BY received_at DESC, id DESC",
            )
            .bind(township)
            .fetch_all(raw)
            .await
            .unwrap();
            assert!(scanned.len() > 2_000, "{}", scanned.len());
            assert_eq!(scanned[..top.len()], top, "the newest, by hand");
            let n = scanned.len() as i64;
            for (limit, offsets) in [(1, 0..=6), (2, 0..=6), (3, 0..=6), (50, 990..=990)] {
                let sort = CaseSort::ReceivedDesc;
                pages_are_slices(t, filter, &scope, sort, &scanned, limit, offsets).await;
            }
            let capped = t.page(filter, &scope, 0, Some(10_000)).await;
            assert_eq!(capped.total, n, "counted up to a cap");
        }
    };
    pages(vec![c, e, a, b, d], all()).await;
    pages(vec![c, a, d], zhangpan).await;
    // `d`'s 接待日期 corrected to the newest, then back to a week before:
    // it moves in the list, and is found once.
    let case = t.store.case(d, &all()).await.unwrap();
    let c1 = crate::corrections::correcting(&case, &[("received_at", "2022-11-09 08:00")]);
    let case = crate::corrections::correct(&t, &case, &c1, None)
        .await
        .unwrap();
    pages(vec![d, c, e, a, b], all()).await;
    pages(vec![d, c, a], zhangpan).await;
    let c2 = crate::corrections::correcting(&case, &[("received_at", "2022-11-01 08:00")]);
    crate::corrections::correct(&t, &case, &c2, None)
        .await
        .unwrap();
    pages(vec![c, e, a, b, d], all()).await;
    raw.close().await;
}

#[tokio::test]
async fn by_relevance_every_page_is_the_slice_of_the_matches_ranked_then_newest() {
    let t = fresh_store().await;
    // Three texts saying 危房 补助 three times, twice and once: on both
    // engines a case says the words better the more often it says them,
    // and cases saying the same rank the same. Registered in an order
    // unlike their dates, some in 灵井镇.
    let texts = ["危房补助危房补助危房补助", "危房补助危房补助", "危房补助"];
    let mut cases: Vec<(usize, i64, i64, bool)> = Vec::new(); // (text, received ms, id, 张潘镇)
    for i in 0..15_i64 {
        let text = (i % 3) as usize;
        let day = (i * 7) % 15;
        let own = i % 4 != 0;
        let township = if own { &t.zhangpan } else { &t.lingjing };
        let mut new = t.new_case(township, "2022-09-01 09:10", "11010519491231002X");
        new.received_at = at(&format!("2022-09-{:02} 09:10", day + 1));
        new.summary = texts[text].into();
        let id = register(&t, &new).await;
        cases.push((text, new.received_at.as_millisecond(), id, own));
    }
    // By hand: the text said most first, then the newest, then the higher id.
    cases.sort_by_key(|&(text, ms, id, _)| (text, std::cmp::Reverse((ms, id))));
    let district: Vec<i64> = cases.iter().map(|c| c.2).collect();
    let zhangpan: Vec<i64> = cases.iter().filter(|c| c.3).map(|c| c.2).collect();
    let filter = CaseFilter {
        text: Some("危房 补助".into()),
        ..CaseFilter::default()
    };
    for (ranked, scope) in [
        (district, all()),
        (zhangpan, t.zhangpan_officer.case_scope()),
    ] {
        for limit in 1..=6_i64 {
            let offsets = 0..=ranked.len() as i64;
            let sort = CaseSort::Relevance;
            pages_are_slices(&t, &filter, &scope, sort, &ranked, limit, offsets).await;
        }
    }
}
