//! A unit's list read off its own indexes: a department's and a township's
//! pages near and deep, by offset and by cursor, with and without a
//! condition, are the rows a scan of the cases gives; a corrected 接待日期
//! moves the case in the units' lists as in the district's.

use xinfang_domain::access::CaseScope;
use xinfang_domain::vocab::{CaseKind, Category};
use xinfang_domain::workflow::CaseStatus;
use xinfang_store::{CaseFilter, CaseSort, PageRequest};

use crate::helpers::{TestStore, all, fresh_store};
use crate::milestones::assign;

/// The cases of `scope` (a unit, with its territory if any) meeting
/// `category`, newest first, by a scan of the cases and assignments.
async fn scanned(t: &TestStore, scope: &CaseScope, category: Option<Category>) -> Vec<i64> {
    let raw = t.raw().await;
    let ids = sqlx::query_scalar(
        "SELECT id FROM cases c
         WHERE (c.township_id = $1 OR c.id IN (SELECT case_id FROM case_units WHERE org_id = $2))
           AND ($3 = '' OR c.category = $3)
         ORDER BY c.received_at DESC, c.id DESC",
    )
    .bind(scope.territory.unwrap_or(0))
    .bind(scope.unit.unwrap_or(0))
    .bind(category.map(|c| c.as_str()).unwrap_or(""))
    .fetch_all(&raw)
    .await
    .unwrap();
    raw.close().await;
    ids
}

/// The ids of the page of `scope`'s list at `offset` or after `req`'s cursor.
async fn page(
    t: &TestStore,
    scope: &CaseScope,
    filter: &CaseFilter,
    req: &PageRequest,
) -> xinfang_store::Page<xinfang_domain::case_list::CaseListItem> {
    t.store
        .list_cases_page(filter, scope, CaseSort::ReceivedDesc, req)
        .await
        .unwrap()
}

fn ids(p: &xinfang_store::Page<xinfang_domain::case_list::CaseListItem>) -> Vec<i64> {
    p.items.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn a_units_pages_near_and_deep_are_the_rows_a_scan_gives() {
    let t = fresh_store().await;
    // 张潘镇's own (one of them, of the category 民政, assigned to
    // 张潘镇 itself) and 灵井镇's assigned to 住建局 with 张潘镇 helping;
    // 张潘镇's second goes to 住建局 too.
    let mut first = t.new_case(&t.zhangpan, "2022-09-26 09:00", "11010519491231002X");
    first.category = Category::CivilRelief;
    let (_, b, _) = crate::scope::own_and_helped(&t, &first).await;
    assign(&t, &b, t.housing.id, Vec::new(), "2022-09-26 12:00").await;
    // A thousand copies of each over 30 days, many on the same day.
    t.generate_copies(3_000).await;

    let zhangpan = t.zhangpan_officer.case_scope();
    let housing = CaseScope {
        unit: Some(t.housing.id),
        ..CaseScope::none()
    };
    for (name, scope) in [("张潘镇", zhangpan), ("住建局", housing)] {
        for category in [None, Some(Category::CivilRelief)] {
            let want = scanned(&t, &scope, category).await;
            assert!(
                want.len() > 1_000 || category.is_some(),
                "{name}: {}",
                want.len()
            );
            let filter = CaseFilter {
                category,
                ..CaseFilter::default()
            };
            for offset in [0, 950, 1_000, 1_030, want.len() as i64 - 20] {
                let req = PageRequest {
                    limit: Some(50),
                    offset,
                    ..PageRequest::all()
                };
                let got = page(&t, &scope, &filter, &req).await;
                let from = (offset as usize).min(want.len());
                let to = (from + 50).min(want.len());
                assert_eq!(ids(&got), want[from..to], "{name} {category:?} at {offset}");
                assert_eq!(got.total, want.len() as i64, "{name} {category:?}");
            }
            // Page by page after a cursor, from the top to past 1 000 rows.
            let mut req = PageRequest {
                limit: Some(200),
                ..PageRequest::all()
            };
            let mut walked = Vec::new();
            while walked.len() < 1_200 {
                let got = page(&t, &scope, &filter, &req).await;
                walked.extend(ids(&got));
                match got.next {
                    Some(next) => req.after = Some(next),
                    None => break,
                }
            }
            let n = walked.len().min(want.len());
            assert_eq!(walked, want[..n], "{name} {category:?} by cursor");
        }
    }
    // Empty for 张潘镇 and 住建局 alike: 民政 cases only in 张潘镇's territory.
    assert!(
        scanned(&t, &housing, Some(Category::CivilRelief))
            .await
            .is_empty()
    );

    // A corrected 接待日期 moves the case in 住建局's list: from the top of
    // the list to the bottom.
    let newest = scanned(&t, &housing, None).await[0];
    let case = t.store.case(newest, &all()).await.unwrap();
    let fix = crate::corrections::correcting(&case, &[("received_at", "2022-08-01 09:00")]);
    crate::corrections::correct(&t, &case, &fix, None)
        .await
        .unwrap();
    let want = scanned(&t, &housing, None).await;
    assert_eq!(want.last(), Some(&newest), "the scan sees the new date");
    for offset in [0, want.len() as i64 - 50] {
        let req = PageRequest {
            limit: Some(50),
            offset,
            ..PageRequest::all()
        };
        let got = page(&t, &housing, &CaseFilter::default(), &req).await;
        let from = offset as usize;
        assert_eq!(ids(&got), want[from..from + 50], "corrected, at {offset}");
    }
}

/// A township's and a department's pages filtered by a 接待状态 and a 类别,
/// and by a range of 接待日期 as well, near and deep, are the rows a scan
/// gives: each of the unit's lists is read in date order as far as the
/// page and the lists merged.
#[tokio::test]
async fn a_units_pages_by_status_kind_and_dates_are_the_rows_a_scan_gives() {
    let t = fresh_store().await;
    // 张潘镇's own, and 灵井镇's that 张潘镇 helps with; copies of each.
    let first = t.new_case(&t.zhangpan, "2022-09-26 09:00", "11010519491231002X");
    let (_, b, _) = crate::scope::own_and_helped(&t, &first).await;
    assign(&t, &b, t.housing.id, Vec::new(), "2022-09-26 12:00").await;
    t.generate_copies(3_000).await;
    let raw = t.raw().await;
    let housing = CaseScope {
        unit: Some(t.housing.id),
        ..CaseScope::none()
    };
    for (name, scope) in [
        ("张潘镇", t.zhangpan_officer.case_scope()),
        ("住建局", housing),
    ] {
        let (township, unit) = (scope.territory.unwrap_or(0), scope.unit.unwrap());
        let scan = |status: &'static str, kind: &'static str, from: i64, to: i64| {
            sqlx::query_scalar::<_, i64>(
                "SELECT id FROM cases c
                 WHERE (c.township_id = $1 OR c.id IN (SELECT case_id FROM case_units WHERE org_id = $2))
                   AND c.status = $3 AND c.kind = $4 AND c.received_at >= $5 AND c.received_at < $6
                 ORDER BY c.received_at DESC, c.id DESC",
            )
            .bind(township)
            .bind(unit)
            .bind(status)
            .bind(kind)
            .bind(from)
            .bind(to)
            .fetch_all(&raw)
        };
        // The scope's most frequent status and kind, and how many other
        // townships' cases it holds among them.
        let mut most = (Vec::new(), CaseStatus::ALL[0], CaseKind::ALL[0]);
        for &status in CaseStatus::ALL {
            for &kind in CaseKind::ALL {
                let ids = scan(status.as_str(), kind.as_str(), i64::MIN, i64::MAX)
                    .await
                    .unwrap();
                if ids.len() > most.0.len() {
                    most = (ids, status, kind);
                }
            }
        }
        let (all, status, kind) = most;
        assert!(
            all.len() > 1_100,
            "{name}: {} cases of the status and kind",
            all.len()
        );
        let elsewhere: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases c WHERE c.township_id <> $1 AND c.status = $2
             AND c.kind = $3 AND c.id IN (SELECT case_id FROM case_units WHERE org_id = $4)",
        )
        .bind(township)
        .bind(status.as_str())
        .bind(kind.as_str())
        .bind(unit)
        .fetch_one(&raw)
        .await
        .unwrap();
        assert!(elsewhere > 50, "{name}: {elsewhere} of other townships");
        // A range of 接待日期 holding about half of them.
        let (newest, oldest) = (all[0], all[all.len() - 1]);
        let date = |id: i64| {
            sqlx::query_scalar::<_, i64>("SELECT received_at FROM cases WHERE id = $1")
                .bind(id)
                .fetch_one(&raw)
        };
        let (to, from) = (date(newest).await.unwrap(), date(oldest).await.unwrap());
        let middle = from + (to - from) / 2;
        for (from, to) in [(None, None), (Some(middle), Some(to))] {
            let want = scan(
                status.as_str(),
                kind.as_str(),
                from.unwrap_or(i64::MIN),
                to.unwrap_or(i64::MAX),
            )
            .await
            .unwrap();
            let filter = CaseFilter {
                status: Some(status),
                kind: Some(kind),
                received_from: from.map(|ms| jiff::Timestamp::from_millisecond(ms).unwrap()),
                received_to: to.map(|ms| jiff::Timestamp::from_millisecond(ms).unwrap()),
                ..CaseFilter::default()
            };
            for offset in [0, 60, 950, 1_000, want.len() as i64 - 20] {
                let req = PageRequest {
                    limit: Some(50),
                    offset,
                    ..PageRequest::all()
                };
                let got = page(&t, &scope, &filter, &req).await;
                let at = (offset.max(0) as usize).min(want.len());
                let end = (at + 50).min(want.len());
                assert_eq!(
                    ids(&got),
                    want[at..end],
                    "{name}: from {from:?} at {offset}"
                );
            }
        }
    }
    raw.close().await;
}
