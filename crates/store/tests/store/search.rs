//! 全文检索: cases found by the words of what they say, within the scope.

use sqlx::AnyPool;
use xinfang_domain::access::CaseScope;
use xinfang_domain::case::{Case, NewCase};
use xinfang_store::{CaseFilter, CaseSort, Store};

use crate::helpers::{TestStore, all, audit_key, fresh_store, key};

/// Register `new` by the district.
async fn register(t: &TestStore, new: &NewCase) -> Case {
    t.store
        .register_case(new, "建安信访", &[], &t.district, new.received_at)
        .await
        .expect("register")
}

/// The ids `text` finds within `scope`, newest first, and the total.
pub(crate) async fn find(
    store: &Store,
    text: &str,
    scope: &CaseScope,
    as_written: bool,
) -> Vec<i64> {
    let filter = CaseFilter {
        text: Some(text.into()),
        text_as_written: as_written,
        ..CaseFilter::default()
    };
    let page = store
        .list_cases(&filter, scope, CaseSort::ReceivedDesc, Some(50), 0)
        .await
        .unwrap();
    let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(page.total, ids.len() as i64, "{text}: total and rows agree");
    ids
}

/// List every case to be indexed again, as a restore or a bulk load
/// leaves them, close `raw`, and open the database again: the opening
/// indexes them.
pub(crate) async fn reopened_to_index_again(t: &TestStore, raw: AnyPool) -> Store {
    sqlx::query("INSERT INTO case_words_pending (case_id) SELECT id FROM cases")
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;
    Store::connect(&t.url, &key(), &audit_key()).await.unwrap()
}

/// Three cases: a 危房 one in 张潘镇 by 赵桂兰, a 低保 one in 灵井镇 by
/// 李明华 with remarks, a 道路 one in 张潘镇 without a petitioner.
pub(crate) async fn three_cases(t: &TestStore) -> (Case, Case, Case) {
    let a = register(
        t,
        &t.new_case(&t.zhangpan, "2022-09-26 09:10", "11010519491231002X"),
    )
    .await;
    let mut b = t.new_case(&t.lingjing, "2022-09-27 09:10", "110105194912310011");
    b.summary = "低保资格被取消，要求恢复低保待遇".into();
    b.category = xinfang_domain::vocab::Category::CivilRelief;
    b.remarks = Some("村委会答复后仍不满意".into());
    if let Some(p) = b.petitioner.as_mut() {
        p.name = "李明华".into();
    }
    let b = register(t, &b).await;
    let mut c = t.new_case(&t.zhangpan, "2022-09-28 09:10", "11010519491231002X");
    c.summary = "村道路硬化工程质量差".into();
    c.category = xinfang_domain::vocab::Category::FundsProjects;
    c.petitioner = None;
    let c = register(t, &c).await;
    (a, b, c)
}

#[tokio::test]
async fn cases_are_found_by_every_word_of_the_query_in_summary_remarks_name_and_number() {
    let t = fresh_store().await;
    let (a, b, c) = three_cases(&t).await;
    let s = &t.store;
    assert_eq!(find(s, "危房改造", &all(), false).await, vec![a.id]);
    assert_eq!(find(s, "危房 补助", &all(), false).await, vec![a.id]);
    assert_eq!(find(s, "低保待遇", &all(), false).await, vec![b.id]);
    assert_eq!(
        find(s, "村委会", &all(), false).await,
        vec![b.id],
        "remarks"
    );
    assert_eq!(find(s, "李明华", &all(), false).await, vec![b.id], "name");
    assert_eq!(find(s, "赵桂兰", &all(), false).await, vec![a.id], "name");
    assert_eq!(find(s, "道路硬化", &all(), false).await, vec![c.id]);
    // Every word must be there: 道路 is c's, 低保 is b's.
    assert!(find(s, "道路 低保", &all(), false).await.is_empty());
    // The number, whole or its sequence.
    assert_eq!(find(s, &b.number, &all(), false).await, vec![b.id]);
    assert_eq!(find(s, "0003", &all(), false).await, vec![c.id]);
    // Nothing for a word no case says.
    assert!(find(s, "养老保险", &all(), false).await.is_empty());

    // Within the scope only: 张潘镇 does not find 灵井镇's case.
    let zhangpan = t.zhangpan_officer.case_scope();
    assert!(find(s, "低保", &zhangpan, false).await.is_empty());
    assert_eq!(find(s, "危房", &zhangpan, false).await, vec![a.id]);
}

#[tokio::test]
async fn a_fragment_of_a_word_is_found_as_written_and_single_characters_always_are() {
    let t = fresh_store().await;
    let (a, b, _c) = three_cases(&t).await;
    let s = &t.store;
    // 资格 is inside b's summary but jieba cut it as part of another word
    // only when it is; as written it is always found.
    assert_eq!(find(s, "格被取", &all(), true).await, vec![b.id]);
    // A single character has no word to look up: matched as written.
    assert_eq!(find(s, "兰", &all(), false).await, vec![a.id], "赵桂兰");
    assert_eq!(find(s, "危", &all(), false).await, vec![a.id]);
}

#[tokio::test]
async fn a_corrected_summary_and_a_renamed_petitioner_are_found_by_their_new_words() {
    let t = fresh_store().await;
    let (a, _b, _c) = three_cases(&t).await;
    let s = &t.store;
    // The same person (same ID number) registers again under a corrected
    // name: the earlier case is found by the new name too.
    let mut again = t.new_case(&t.lingjing, "2022-10-08 09:10", "11010519491231002X");
    again.summary = "饮水安全问题".into();
    if let Some(p) = again.petitioner.as_mut() {
        p.name = "赵桂芳".into();
    }
    let again = register(&t, &again).await;
    let mut found = find(s, "赵桂芳", &all(), false).await;
    found.sort_unstable();
    assert_eq!(found, vec![a.id, again.id]);
    assert!(!find(s, "赵桂兰", &all(), false).await.contains(&a.id));
    assert_eq!(find(s, "饮水安全", &all(), false).await, vec![again.id]);
}

#[tokio::test]
async fn what_people_write_on_the_timeline_is_found_what_the_system_notes_is_not() {
    let t = fresh_store().await;
    let (a, b, _c) = three_cases(&t).await;
    // The district comments on a: its words are a's from the commit on.
    t.comment(&a, "请尽快核实养殖场补贴", "2022-09-27 10:00")
        .await;
    assert_eq!(find(&t.store, "养殖场", &all(), false).await, vec![a.id]);

    // An entry no person wrote (as the sweeper's 督办 notes are) on b, and
    // b indexed again: what it says is not b's.
    let raw = t.raw().await;
    sqlx::query(
        "INSERT INTO case_events (case_id, kind, actor_id, actor_name, occurred_at, recorded_at, body)
         VALUES ($1, 'supervised', NULL, '系统', 0, 0, $2)",
    )
    .bind(b.id)
    .bind(r#"{"text":"养殖场补贴逾期未办结"}"#)
    .execute(&raw)
    .await
    .unwrap();
    sqlx::query("INSERT INTO case_words_pending (case_id) VALUES ($1)")
        .bind(b.id)
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;
    let reopened = Store::connect(&t.url, &key(), &audit_key()).await.unwrap();
    assert_eq!(t.count("SELECT COUNT(*) FROM case_words_pending").await, 0);
    assert_eq!(find(&reopened, "养殖场", &all(), false).await, vec![a.id]);
    assert_eq!(find(&reopened, "低保待遇", &all(), false).await, vec![b.id]);
    reopened.close().await;
}

#[tokio::test]
async fn cases_without_words_are_indexed_when_the_database_is_opened() {
    let t = fresh_store().await;
    let (a, b, c) = three_cases(&t).await;
    // Lose the index behind the store's back, as a restore or a bulk
    // load leaves it, and list every case as pending.
    let raw = t.raw().await;
    sqlx::query("DELETE FROM case_words")
        .execute(&raw)
        .await
        .unwrap();
    assert!(find(&t.store, "危房", &all(), false).await.is_empty());

    let reopened = reopened_to_index_again(&t, raw).await;
    assert_eq!(find(&reopened, "危房", &all(), false).await, vec![a.id]);
    assert_eq!(find(&reopened, "低保", &all(), false).await, vec![b.id]);
    assert_eq!(find(&reopened, "道路", &all(), false).await, vec![c.id]);
    assert_eq!(t.count("SELECT COUNT(*) FROM case_words_pending").await, 0);
    reopened.close().await;
}

#[tokio::test]
async fn by_relevance_the_case_that_says_the_words_most_comes_first_then_the_newest() {
    let t = fresh_store().await;
    let mut once = t.new_case(&t.zhangpan, "2022-09-26 09:10", "11010519491231002X");
    once.summary = "低保资格被取消，另反映危房问题".into();
    let once = register(&t, &once).await;
    let mut most = t.new_case(&t.zhangpan, "2022-09-20 09:10", "11010519491231002X");
    most.summary = "危房改造：危房鉴定有误，危房补助未发".into();
    let most = register(&t, &most).await;
    let mut newest = t.new_case(&t.lingjing, "2022-09-28 09:10", "110105194912310011");
    newest.summary = "道路硬化工程质量差，沿路危房无人过问".into();
    let newest = register(&t, &newest).await;
    let filter = CaseFilter {
        text: Some("危房".into()),
        ..CaseFilter::default()
    };
    let ids = |sort| {
        let (store, filter) = (t.store.clone(), filter.clone());
        async move {
            let page = store
                .list_cases(&filter, &all(), sort, Some(50), 0)
                .await
                .unwrap();
            assert!(page.next.is_none(), "one page");
            page.items.iter().map(|c| c.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(
        ids(CaseSort::ReceivedDesc).await,
        vec![newest.id, once.id, most.id]
    );
    let ranked = ids(CaseSort::Relevance).await;
    assert_eq!(ranked[0], most.id, "three times 危房 before once");
    assert_eq!(ranked.len(), 3);
    // A page of one in that order, and the next by offset.
    let page = |offset| {
        let (store, filter) = (t.store.clone(), filter.clone());
        async move {
            store
                .list_cases(&filter, &all(), CaseSort::Relevance, Some(1), offset)
                .await
                .unwrap()
        }
    };
    let (first, second) = (page(0).await, page(1).await);
    assert_eq!((first.total, first.items[0].id), (3, ranked[0]));
    assert_eq!(second.items[0].id, ranked[1]);
    assert!(first.next.is_none(), "no cursor in relevance order");
    // Within the scope only.
    let zhangpan = t
        .store
        .list_cases(
            &filter,
            &t.zhangpan_officer.case_scope(),
            CaseSort::Relevance,
            Some(50),
            0,
        )
        .await
        .unwrap();
    assert_eq!(
        zhangpan.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![most.id, once.id]
    );
}

#[tokio::test]
async fn words_thousands_of_cases_have_are_found_as_a_scan_would_find_them() {
    let t = fresh_store().await;
    let (a, _b, _c) = three_cases(&t).await;
    // The first is assigned to the housing department (住建局), so its
    // copies are the department's.
    crate::milestones::assign(&t, &a, t.housing.id, Vec::new(), "2022-09-26 10:00").await;
    // Copies of the three, received over the last 30 days: some 2 500 of
    // each, so 危房 or 低保 are words thousands of cases have (above 2 000
    // SQLite walks the list testing each case; see `words_match_walking`).
    t.generate_copies(7_500).await;
    let raw = t.raw().await;
    for (q, like, scope) in [
        ("危房", "%危房%", all()),
        ("危房 补助", "%危房改造补助%", all()),
        ("低保", "%低保%", all()),
        ("危房", "%危房%", t.zhangpan_officer.case_scope()),
    ] {
        let filter = CaseFilter {
            text: Some(q.into()),
            ..CaseFilter::default()
        };
        let page = t
            .store
            .list_cases(&filter, &scope, CaseSort::ReceivedDesc, Some(50), 0)
            .await
            .unwrap();
        // The same cases as a scan of the summaries, newest first.
        let township = if scope.all { 0 } else { t.zhangpan.id };
        let scanned: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM cases WHERE summary LIKE $1 AND ($2 = 0 OR township_id = $2)
             ORDER BY received_at DESC, id DESC",
        )
        .bind(like)
        .bind(township)
        .fetch_all(&raw)
        .await
        .unwrap();
        assert!(scanned.len() > 2_000, "{q}: {}", scanned.len());
        assert_eq!(page.total, scanned.len() as i64, "{q}");
        let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
        assert_eq!(ids, scanned[..50], "{q}");
        // A page deep in the list (past 1 000 rows, where a unit's scope is
        // tested as a set): the same rows as the scan's.
        let deep = t
            .store
            .list_cases(&filter, &scope, CaseSort::ReceivedDesc, Some(50), 1_000)
            .await
            .unwrap();
        let deep: Vec<i64> = deep.items.iter().map(|c| c.id).collect();
        assert_eq!(deep, scanned[1_000..1_050], "{q} deep");
        // A count that stops: at the cap, said to be more; above the
        // matches, exact. (The district's is read off the index alone.)
        let n = scanned.len() as i64;
        for (cap, total, exact) in [(1_000, 1_000, false), (n, n, true), (n + 1, n, true)] {
            let page = t.page(&filter, &scope, 0, Some(cap)).await;
            assert_eq!((page.total, page.total_exact), (total, exact), "{q} {cap}");
            assert_eq!(page.items.iter().map(|c| c.id).collect::<Vec<_>>(), ids);
        }
    }
    // With another condition the district's count reads the cases: 危房
    // in 张潘镇 only, as the township's own scope finds it.
    let filter = CaseFilter {
        text: Some("危房".into()),
        township_id: Some(t.zhangpan.id),
        ..CaseFilter::default()
    };
    let district = t
        .store
        .list_cases(&filter, &all(), CaseSort::ReceivedDesc, Some(50), 0)
        .await
        .unwrap();
    let own = CaseFilter {
        text: Some("危房".into()),
        ..CaseFilter::default()
    };
    let scope = t.zhangpan_officer.case_scope();
    let township = t
        .store
        .list_cases(&own, &scope, CaseSort::ReceivedDesc, Some(50), 0)
        .await
        .unwrap();
    assert!(
        district.total > 2_000 && district.total < 5_000,
        "{}",
        district.total
    );
    assert_eq!(district.total, township.total);
    // A department's scope (its assignments): counted as a scan of its
    // assignments counts.
    let unit = CaseScope {
        all: false,
        territory: None,
        unit: Some(t.housing.id),
        leader: None,
    };
    let assigned: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM cases WHERE summary LIKE '%危房%'
         AND id IN (SELECT case_id FROM case_units WHERE org_id = $1)
         ORDER BY received_at DESC, id DESC",
    )
    .bind(t.housing.id)
    .fetch_all(&raw)
    .await
    .unwrap();
    let page = t
        .store
        .list_cases(&own, &unit, CaseSort::ReceivedDesc, Some(50), 1_000)
        .await
        .unwrap();
    assert!(assigned.len() > 2_000, "{}", assigned.len());
    assert_eq!(page.total, assigned.len() as i64);
    let deep: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(deep, assigned[1_000..1_050], "a department's deep page");
    raw.close().await;
}

#[tokio::test]
async fn generated_copies_are_indexed_as_their_own_texts_would_be() {
    let t = fresh_store().await;
    let (a, b, c) = three_cases(&t).await;
    crate::milestones::assign(&t, &a, t.housing.id, Vec::new(), "2022-09-26 10:00").await;
    let schema = t.store.schema().await.unwrap();
    t.generate_copies(300).await;
    assert_eq!(
        t.store.schema().await.unwrap(),
        schema,
        "the indexes dropped for the copy are built again as they were"
    );
    let raw = t.raw().await;
    // Every word the three say, and the numbers of some copies (each
    // copy's own number, never its template's).
    let mut queries: Vec<String> = Vec::new();
    for case in [&a, &b, &c] {
        let texts = [case.summary.as_str(), case.remarks.as_deref().unwrap_or("")];
        for w in xinfang_domain::search::index_words(&t.store.places().await.unwrap(), texts) {
            if w.chars().count() > 1 && !queries.contains(&w) {
                queries.push(w);
            }
        }
    }
    let numbers: Vec<String> =
        sqlx::query_scalar("SELECT number FROM cases WHERE id % 29 = 0 OR id <= 3 ORDER BY id")
            .fetch_all(&raw)
            .await
            .unwrap();
    assert!(numbers.len() > 10);
    // Pieces of the numbers, and of the summaries and names as written
    // (by their grams).
    let written: Vec<String> = numbers
        .iter()
        .map(|n| n.chars().skip(n.chars().count() - 3).collect::<String>())
        .chain(["危", "格被取", "兰", "李明", "〔2022〕", "0003"].map(String::from))
        .collect();
    queries.extend(numbers);
    queries.push("李明华".into());
    let queries: Vec<(String, bool)> = queries
        .into_iter()
        .map(|q| (q, false))
        .chain(written.into_iter().map(|q| (q, true)))
        .collect();
    // Each query's cases by relevance (the ranking reads every word's
    // count and position), through the index as `generate` wrote it…
    let answers = |store: Store| {
        let queries = queries.clone();
        async move {
            let mut out = Vec::new();
            for (q, as_written) in &queries {
                let filter = CaseFilter {
                    text: Some(q.clone()),
                    text_as_written: *as_written,
                    ..CaseFilter::default()
                };
                let page = store
                    .list_cases(&filter, &all(), CaseSort::Relevance, Some(500), 0)
                    .await
                    .unwrap();
                out.push((
                    q.clone(),
                    page.items.iter().map(|c| c.id).collect::<Vec<_>>(),
                ));
            }
            out
        }
    };
    let generated = answers(t.store.clone()).await;
    assert!(
        generated.iter().any(|(_, ids)| ids.len() > 100),
        "the summaries' words find the copies"
    );
    // …and as the indexer writes it from each case's own texts.
    sqlx::query("DELETE FROM case_words")
        .execute(&raw)
        .await
        .unwrap();
    let reopened = reopened_to_index_again(&t, raw).await;
    let indexed = answers(reopened.clone()).await;
    for ((q, got), (_, want)) in generated.iter().zip(&indexed) {
        assert!(!want.is_empty(), "{q} finds something");
        assert_eq!(got, want, "{q}");
    }
    reopened.close().await;
}
