//! 按原文匹配: a text search as written is answered by the grams of each
//! case's number, summary and petitioner's name, and finds exactly the
//! cases whose texts say it, as worked out here from the texts themselves.

use sqlx::AnyPool;
use xinfang_domain::access::CaseScope;
use xinfang_store::CaseFilter;

use crate::helpers::{TestStore, all, fresh_store};
use crate::search::{find, reopened_to_index_again, three_cases};

/// What a case's search as written reads, read behind the store's back.
struct Texts {
    id: i64,
    township: i64,
    /// Its number, summary and petitioner's name.
    says: Vec<String>,
}

/// Every case's texts, newest first.
async fn texts(raw: &AnyPool) -> Vec<Texts> {
    let rows: Vec<(i64, i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.id, c.township_id, c.number, c.summary, p.name FROM cases c
         LEFT JOIN petitioners p ON p.id = c.petitioner_id ORDER BY c.received_at DESC, c.id DESC",
    )
    .fetch_all(raw)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(id, township, number, summary, name)| Texts {
            id,
            township,
            says: [Some(number), Some(summary), name]
                .into_iter()
                .flatten()
                .collect(),
        })
        .collect()
}

/// The cases (newest first) one of whose texts says `q`, ASCII letters in
/// either case, within `township` when given.
fn saying(cases: &[Texts], q: &str, township: Option<i64>) -> Vec<i64> {
    let q = q.trim().to_ascii_lowercase();
    cases
        .iter()
        .filter(|c| township.is_none_or(|t| c.township == t))
        .filter(|c| c.says.iter().any(|s| s.to_ascii_lowercase().contains(&q)))
        .map(|c| c.id)
        .collect()
}

/// Every piece of one to four characters of `text`.
fn pieces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    (1..=4)
        .flat_map(|n| chars.windows(n).map(|w| w.iter().collect::<String>()))
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// The three cases, and two more saying Latin letters, punctuation, a
/// name in 灵井镇 and a card's 19 digits; b's remarks are not read as
/// written.
async fn five_cases(t: &TestStore) -> Vec<i64> {
    let (a, b, c) = three_cases(t).await;
    let mut d = t.new_case(&t.lingjing, "2022-09-29 09:10", "110105194912310011");
    d.summary = "Wang反映AB组道路，村民王二小未获赔偿".into();
    if let Some(p) = d.petitioner.as_mut() {
        p.name = "王二小".into();
    }
    let mut e = t.new_case(&t.zhangpan, "2022-09-30 09:10", "11010519491231002X");
    e.summary = "反映〔2022〕3号文件未落实 ab，补贴卡6222021234567890123".into();
    e.petitioner = None;
    let mut ids = vec![a.id, b.id, c.id];
    for new in [d, e] {
        let case = t
            .store
            .register_case(&new, "建安信访", &[], &t.district, new.received_at)
            .await
            .unwrap();
        ids.push(case.id);
    }
    ids
}

#[tokio::test]
async fn every_piece_of_every_text_is_found_as_written_by_exactly_the_cases_that_say_it() {
    let t = fresh_store().await;
    five_cases(&t).await;
    let raw = t.raw().await;
    let cases = texts(&raw).await;
    let mut queries: Vec<String> = Vec::new();
    for case in &cases {
        for text in &case.says {
            queries.extend(pieces(text));
        }
    }
    queries.extend(pieces("村委会答复后仍不满意"));
    for q in [
        "ab",
        "AB",
        "aB",
        "b",
        "WANG",
        "王 二",
        "〔2022〕",
        "，",
        "喻",
        "林东",
        "危房改造补助未到位",
        // Digits: longer than the grams keep of them, across two runs,
        // and some no case says.
        "6222021234567890123",
        "0212345678901234",
        "12345678901",
        "卡6222",
        "6222021234567890124",
        "〔2022〕3号",
        "2022〕0001",
        "2022〕0009",
    ] {
        queries.push(q.into());
    }
    queries.sort();
    queries.dedup();
    assert!(queries.len() > 300, "{}", queries.len());
    let zhangpan = t.zhangpan_officer.case_scope();
    for q in &queries {
        assert_eq!(
            find(&t.store, q, &all(), true).await,
            saying(&cases, q, None),
            "{q}"
        );
        assert_eq!(
            find(&t.store, q, &zhangpan, true).await,
            saying(&cases, q, Some(t.zhangpan.id)),
            "{q} in 张潘镇"
        );
    }
    // Read as written: the number, summary and name, not b's remarks.
    assert!(find(&t.store, "答复后", &all(), true).await.is_empty());

    // The index answers: emptied behind the store's back, a piece with
    // letters or digits is found by nothing, one of punctuation alone
    // still by the scan.
    sqlx::query("DELETE FROM case_words")
        .execute(&raw)
        .await
        .unwrap();
    for q in ["危", "危房", "格被取", "ab", "2022"] {
        assert!(find(&t.store, q, &all(), true).await.is_empty(), "{q}");
    }
    assert_eq!(
        find(&t.store, "，", &all(), true).await,
        saying(&cases, "，", None)
    );
    // Indexed again when the database is next opened, from the cases.
    let reopened = reopened_to_index_again(&t, raw).await;
    for q in ["危", "危房", "格被取", "ab", "2022", "王二小"] {
        assert_eq!(
            find(&reopened, q, &all(), true).await,
            saying(&cases, q, None),
            "{q}"
        );
    }
    reopened.close().await;
}

#[tokio::test]
async fn pieces_thousands_of_cases_say_are_found_as_written_page_by_page_and_counted() {
    let t = fresh_store().await;
    five_cases(&t).await;
    // Some 1 500 copies of each of the five (see `generate_copies`).
    t.generate_copies(7_500).await;
    let raw = t.raw().await;
    let cases = texts(&raw).await;
    raw.close().await;
    let district = all();
    let zhangpan = t.zhangpan_officer.case_scope();
    let scopes: [(&CaseScope, Option<i64>); 2] =
        [(&district, None), (&zhangpan, Some(t.zhangpan.id))];
    // One character and two (exact by the grams), longer pieces (each
    // case found read again), a name, digits of every number (three
    // alone, exact by the grams of runs of digits).
    for q in [
        "危",
        "ab",
        "房改造补",
        "格被取",
        "二小",
        "王二小",
        "2022〕",
        "0",
        "202",
        "022〕",
    ] {
        let filter = CaseFilter {
            text: Some(q.into()),
            text_as_written: true,
            ..CaseFilter::default()
        };
        for (scope, township) in scopes {
            let said = saying(&cases, q, township);
            if township.is_none() {
                assert!(said.len() > 1_100, "{q}: {}", said.len());
            }
            let n = said.len() as i64;
            let slice =
                |from: usize| said[from.min(said.len())..(from + 50).min(said.len())].to_vec();
            for cap in [None, Some(1_000), Some(n.max(1))] {
                let page = t.page(&filter, scope, 0, cap).await;
                let (total, exact) = match cap {
                    Some(cap) if n > cap => (cap, false),
                    _ => (n, true),
                };
                assert_eq!(
                    (page.total, page.total_exact),
                    (total, exact),
                    "{q} {cap:?}"
                );
                let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
                assert_eq!(ids, slice(0), "{q} {cap:?}");
            }
            let deep = t.page(&filter, scope, 1_000, Some(10_000)).await;
            let ids: Vec<i64> = deep.items.iter().map(|c| c.id).collect();
            assert_eq!(ids, slice(1_000), "{q} deep");
        }
    }
}
