//! The order of a search's pages (全文检索): newest first, to the
//! millisecond, as a page read off the index by date finds it; by
//! relevance, as a ranked page bounded by its last score finds it. Every
//! page of every size is the slice of an order got without the code under
//! test: a scan of the summaries, or by hand.

use std::ops::RangeInclusive;

use xinfang_domain::access::CaseScope;
use xinfang_store::{CaseFilter, CaseSort, PageRequest};

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

/// A case saying 危房 补助: (which text, received ms, id, in 张潘镇).
type Saying = (i64, i64, i64, bool);

/// Register `n` cases, the `i`th saying 危房 补助 as `which(i)` tells:
/// which of three texts (three times, twice, once: on both engines a case
/// says the words better the more often it says them, and cases saying
/// the same rank the same), on which day of 2022-09 from 0, and whether in
/// 张潘镇 (else 灵井镇).
async fn say_the_words(
    t: &TestStore,
    n: i64,
    which: impl Fn(i64) -> (i64, i64, bool),
) -> Vec<Saying> {
    let texts = ["危房补助危房补助危房补助", "危房补助危房补助", "危房补助"];
    let mut cases = Vec::new();
    for i in 0..n {
        let (text, day, own) = which(i);
        let township = if own { &t.zhangpan } else { &t.lingjing };
        let mut new = t.new_case(township, "2022-09-01 09:10", "11010519491231002X");
        new.received_at = at(&format!("2022-09-{:02} 09:10", day + 1));
        new.summary = texts[text as usize].into();
        let id = register(t, &new).await;
        cases.push((text, new.received_at.as_millisecond(), id, own));
    }
    cases
}

#[tokio::test]
async fn by_relevance_every_page_is_the_slice_of_the_matches_ranked_then_newest() {
    let t = fresh_store().await;
    // Registered in an order unlike their dates, some in 灵井镇.
    let mut cases = say_the_words(&t, 15, |i| (i % 3, (i * 7) % 15, i % 4 != 0)).await;
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

/// The ids of the page by relevance of `limit` at `offset`, counted up to
/// `cap`, with its total, whether exact, and how many it ranked among.
async fn ranked_page(
    t: &TestStore,
    filter: &CaseFilter,
    scope: &CaseScope,
    (limit, offset): (i64, i64),
    cap: Option<i64>,
) -> (Vec<i64>, i64, bool, Option<i64>) {
    let req = PageRequest {
        limit: Some(limit),
        offset,
        after: None,
        count_up_to: cap,
    };
    let page = t
        .store
        .list_cases_page(filter, scope, CaseSort::Relevance, &req)
        .await
        .unwrap();
    let ids = page.items.iter().map(|c| c.id).collect();
    (ids, page.total, page.total_exact, page.ranked_newest)
}

#[tokio::test]
async fn by_relevance_a_page_counted_up_to_a_cap_ranks_that_many_of_the_newest_then_the_rest_newest()
 {
    let t = fresh_store().await;
    // Ten cases on ten days, registered in an order unlike their dates,
    // every third in 灵井镇; and a case that does not say the words, the
    // newest of all.
    let cases = say_the_words(&t, 10, |i| ((i * 7) % 3, (i * 3) % 10, i % 3 != 0)).await;
    let mut other = t.new_case(&t.zhangpan, "2022-09-30 09:10", "11010519491231002X");
    other.summary = "养殖补贴未到位".into();
    register(&t, &other).await;
    // By hand: the newest `n` of `cases`, ranked: the text said most
    // first, then the newest; then the rest, newest first.
    let ranked = |cases: &[Saying], n: usize| -> Vec<i64> {
        let mut newest = cases.to_vec();
        newest.sort_by_key(|&(_, ms, id, _)| std::cmp::Reverse((ms, id)));
        let n = n.min(newest.len());
        newest[..n].sort_by_key(|&(text, ms, id, _)| (text, std::cmp::Reverse((ms, id))));
        newest.iter().map(|c| c.2).collect()
    };
    let zhangpan: Vec<_> = cases.iter().copied().filter(|c| c.3).collect();
    let words = CaseFilter {
        text: Some("危房 补助".into()),
        ..CaseFilter::default()
    };
    let officer = t.zhangpan_officer.case_scope();
    for (cases, scope) in [(&cases, all()), (&zhangpan, officer)] {
        let n = cases.len() as i64;
        // Counted up to 4 of more: the newest 4 ranked, then the rest
        // newest first; every page a slice of that, also across the 4th.
        let expected = ranked(cases, 4);
        for limit in 1..=5_i64 {
            for offset in 0..=n {
                let got = ranked_page(&t, &words, &scope, (limit, offset), Some(4)).await;
                let from = (offset as usize).min(expected.len());
                let to = (from + limit as usize).min(expected.len());
                assert_eq!(got.0, expected[from..to], "{limit} from {offset}");
                assert_eq!((got.1, got.2, got.3), (4, false, Some(4)));
            }
        }
        // A cap as high as the matches, or none: every match ranked.
        let every = ranked(cases, cases.len());
        for cap in [Some(n), None] {
            let got = ranked_page(&t, &words, &scope, (50, 0), cap).await;
            assert_eq!(got, (every.clone(), n, true, None), "up to {cap:?}");
        }
    }
    // Another condition besides the words: every match that meets it is
    // ranked, however far the count went.
    let own = CaseFilter {
        township_id: Some(t.zhangpan.id),
        ..words
    };
    let got = ranked_page(&t, &own, &all(), (50, 0), Some(4)).await;
    assert_eq!(got.0, ranked(&zhangpan, zhangpan.len()));
    assert_eq!((got.1, got.2, got.3), (4, false, None));
}

#[tokio::test]
async fn by_relevance_the_newest_thousand_of_thousands_are_ranked_and_the_rest_follow_newest_first()
{
    let t = fresh_store().await;
    // Six cases saying the words three times, twice and once: five in
    // 张潘镇, one in 灵井镇; all but the first assigned to 住建局, the one
    // in 灵井镇 to 张潘镇 as well (so 张潘镇's scope holds a case of
    // another township's, found among its unit's assignments). Then
    // 13 000 copies of them (see `generate_copies`), each in its case's
    // township and units: more matches than the count's cap in the
    // district, and some 10 800 in 住建局's scope and all 13 006 in
    // 张潘镇's, words "many cases have" on both engines in each scope.
    let cases = say_the_words(&t, 6, |i| (i % 3, i, i < 5)).await;
    for &(_, _, id, zhangpan) in &cases[1..] {
        let case = t.store.case(id, &all()).await.unwrap();
        let co = if zhangpan {
            vec![]
        } else {
            vec![t.zhangpan.id]
        };
        crate::milestones::assign(&t, &case, t.housing.id, co, "2022-09-26 10:00").await;
    }
    t.generate_copies(13_000).await;
    let housing = CaseScope {
        unit: Some(t.housing.id),
        ..CaseScope::none()
    };
    let words = CaseFilter {
        text: Some("危房 补助".into()),
        ..CaseFilter::default()
    };
    let n = xinfang_store::RANKED_NEWEST as usize;
    let raw = t.raw().await;
    for (scope, township, unit) in [
        (all(), 0, 0),
        (t.zhangpan_officer.case_scope(), t.zhangpan.id, 0),
        (housing, 0, t.housing.id),
    ] {
        // By hand, from the summaries read back: each match in the scope,
        // how often it says the words, newest first.
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT c.id, c.summary FROM cases c WHERE c.summary LIKE '%危房补助%'
               AND ($1 = 0 OR c.township_id = $1
                    OR EXISTS (SELECT 1 FROM case_units u WHERE u.case_id = c.id AND u.org_id = $1))
               AND ($2 = 0 OR EXISTS (SELECT 1 FROM case_units u WHERE u.case_id = c.id AND u.org_id = $2))
             ORDER BY c.received_at DESC, c.id DESC",
        )
        .bind(township)
        .bind(unit)
        .fetch_all(&raw)
        .await
        .unwrap();
        let said: Vec<(usize, i64)> = rows
            .iter()
            .map(|r| (r.1.matches("危房补助").count(), r.0))
            .collect();
        assert!(said.len() > 10_000, "{}", said.len());
        let times: std::collections::HashMap<i64, usize> =
            said.iter().map(|&(times, id)| (id, times)).collect();
        let times_of = |ids: &[i64]| -> Vec<usize> { ids.iter().map(|id| times[id]).collect() };
        // By hand, how often each of the newest `n` says the words, most
        // first. (A copy's number is its own, so copies of one case score
        // a little apart: the order among equals is the engine's.)
        let mut newest: Vec<(usize, i64)> = said[..n].to_vec();
        newest.sort_by_key(|&(times, _)| std::cmp::Reverse(times));
        let page = |limit: i64, offset: i64| {
            let (t, words, scope) = (&t, &words, &scope);
            async move {
                let got = ranked_page(t, words, scope, (limit, offset), Some(10_000)).await;
                assert_eq!((got.1, got.2, got.3), (10_000, false, Some(n as i64)));
                got.0
            }
        };
        // The ranked pages: the newest `n`, each once, those saying the
        // words most first.
        let mut ranked = Vec::new();
        for offset in (0..n as i64).step_by(50) {
            ranked.extend(page(50, offset).await);
        }
        let mut set = ranked.clone();
        set.sort_unstable();
        let mut by_hand: Vec<i64> = newest.iter().map(|e| e.1).collect();
        by_hand.sort_unstable();
        assert_eq!(set, by_hand, "the newest {n} in {scope:?}");
        assert_eq!(
            times_of(&ranked),
            newest.iter().map(|e| e.0).collect::<Vec<_>>()
        );
        // Then the rest newest first; a page across the `n`th is a slice
        // of the two.
        let listed: Vec<i64> = ranked
            .iter()
            .copied()
            .chain(said[n..].iter().map(|e| e.1))
            .collect();
        for (limit, offset) in [
            (50, 975),
            (100, 950),
            (50, 1_000),
            (1, 999),
            (2, 999),
            (50, 4_000),
        ] {
            let from = offset as usize;
            let to = (from + limit as usize).min(listed.len());
            assert_eq!(
                page(limit, offset).await,
                listed[from..to],
                "{limit} from {offset}"
            );
        }
        // Counted exactly: every match ranked.
        let mut every: Vec<usize> = said.iter().map(|e| e.0).collect();
        every.sort_unstable_by(|a, b| b.cmp(a));
        for offset in [0, 1_000, 4_990] {
            let got = ranked_page(&t, &words, &scope, (50, offset), None).await;
            let from = offset as usize;
            assert_eq!(
                times_of(&got.0),
                every[from..from + 50],
                "exact from {offset}"
            );
            assert_eq!(got.3, None);
        }
    }
    raw.close().await;
}
