//! A unit's count with a filter read off its assignments: each assignment
//! carries its case's 接待状态, 类别, township and 接待日期, so a
//! department's or a township's count by those, exact or capped, and its
//! pages (the first read off the unit's indexes by status when it has
//! few cases of the status; deep ones always), are what a scan of the
//! cases gives — after steps, corrections of 类别 and township, and a
//! reassignment, moved the cases.

use xinfang_domain::access::CaseScope;
use xinfang_domain::case::Case;
use xinfang_domain::vocab::{CaseKind, CaseStatus, ContactMethod};
use xinfang_domain::workflow::Step;
use xinfang_store::CaseFilter;

use crate::helpers::{TestStore, all, at, fresh_store};
use crate::milestones::{assign, step};

/// The filters tried: each on a column the assignments carry, alone and
/// together.
fn filters(t: &TestStore) -> Vec<(&'static str, CaseFilter)> {
    let none = CaseFilter::default;
    vec![
        ("无条件", none()),
        (
            "已转办",
            CaseFilter {
                status: Some(CaseStatus::Assigned),
                ..none()
            },
        ),
        (
            "办理中",
            CaseFilter {
                status: Some(CaseStatus::Handling),
                ..none()
            },
        ),
        (
            "未办结",
            CaseFilter {
                open_only: true,
                ..none()
            },
        ),
        (
            "重复访",
            CaseFilter {
                kind: Some(CaseKind::Repeat),
                ..none()
            },
        ),
        (
            "办理中的重复访",
            CaseFilter {
                kind: Some(CaseKind::Repeat),
                status: Some(CaseStatus::Handling),
                ..none()
            },
        ),
        (
            "灵井镇",
            CaseFilter {
                township_id: Some(t.lingjing.id),
                ..none()
            },
        ),
        (
            "张潘镇的已转办",
            CaseFilter {
                township_id: Some(t.zhangpan.id),
                status: Some(CaseStatus::Assigned),
                ..none()
            },
        ),
        (
            "九月上旬接待",
            CaseFilter {
                received_from: Some(at("2022-09-01 00:00")),
                received_to: Some(at("2022-09-11 00:00")),
                ..none()
            },
        ),
    ]
}

/// The ids of `scope`'s cases meeting `f`, newest first, by a scan of the
/// cases (the assignments read for who holds a case, nothing more).
async fn scanned(t: &TestStore, scope: &CaseScope, f: &CaseFilter) -> Vec<i64> {
    let raw = t.raw().await;
    let ms = |v: Option<jiff::Timestamp>, or: i64| v.map_or(or, |v| v.as_millisecond());
    let ids = sqlx::query_scalar(
        "SELECT id FROM cases c
         WHERE (c.township_id = $1 OR c.id IN (SELECT case_id FROM case_units WHERE org_id = $2)
                OR c.leader_user_id = $3)
           AND ($4 = '' OR c.status = $4) AND ($5 = '' OR c.kind = $5)
           AND ($6 = 0 OR c.township_id = $6) AND ($7 = 0 OR c.status <> 'closed')
           AND c.received_at >= $8 AND c.received_at < $9
         ORDER BY c.received_at DESC, c.id DESC",
    )
    .bind(scope.territory.unwrap_or(0))
    .bind(scope.unit.unwrap_or(0))
    .bind(scope.leader.unwrap_or(0))
    .bind(f.status.map_or("", |s| s.as_str()))
    .bind(f.kind.map_or("", |k| k.as_str()))
    .bind(f.township_id.unwrap_or(0))
    .bind(i64::from(f.open_only))
    .bind(ms(f.received_from, i64::MIN))
    .bind(ms(f.received_to, i64::MAX))
    .fetch_all(&raw)
    .await
    .unwrap();
    raw.close().await;
    ids
}

/// Every scope's count by every filter, exact and capped, and its pages
/// near and deep, against the scan.
async fn check(t: &TestStore, scopes: &[(&str, CaseScope)], when: &str) {
    for (name, scope) in scopes {
        for (label, f) in filters(t) {
            let want = scanned(t, scope, &f).await;
            let n = want.len() as i64;
            for cap in [None, Some(3), Some(n), Some(n + 1), Some(10_000)] {
                let got = t.page(&f, scope, 0, cap).await;
                let what = format!("{when}: {name} {label}, up to {cap:?}");
                assert_eq!(got.total, cap.map_or(n, |c| n.min(c)), "{what}");
                assert_eq!(got.total_exact, cap.is_none_or(|c| n <= c), "{what}");
            }
            for offset in [0, 1_000, n - 20] {
                let offset = offset.max(0);
                let got = t.page(&f, scope, offset, None).await;
                let from = (offset as usize).min(want.len());
                let to = (from + 50).min(want.len());
                let got: Vec<i64> = got.items.iter().map(|c| c.id).collect();
                assert_eq!(got, want[from..to], "{when}: {name} {label} at {offset}");
            }
        }
    }
}

/// Register a case in 灵井镇 of `kind`, assigned to 住建局 with
/// `leader` as its 包案领导.
async fn lingjing_case(t: &TestStore, kind: CaseKind, leader: Option<i64>, when: &str) -> Case {
    let mut new = t.new_case(&t.lingjing, when, "11010519491231002X");
    new.kind = kind;
    let case = t
        .store
        .register_case(&new, "建安信访", &[], &t.district, at(when))
        .await
        .unwrap();
    let unit = if leader.is_some() {
        t.zhangpan.id
    } else {
        t.housing.id
    };
    crate::search_scope::assign(t, &case, unit, Vec::new(), leader, when).await
}

fn contact(when: &str) -> Step {
    Step::Contact {
        at: at(when),
        method: ContactMethod::Phone,
        note: "电话联系".into(),
    }
}

#[tokio::test]
async fn a_units_counts_by_a_filter_are_the_scans_after_every_move() {
    let t = fresh_store().await;
    // 张潘镇: one assigned to itself, one not assigned; 灵井镇: one to
    // 住建局 with 张潘镇 helping, a 重复访 to 住建局 being handled, and one
    // to 张潘镇 under the district's user as 包案领导.
    let first = t.new_case(&t.zhangpan, "2022-09-26 09:00", "11010519491231002X");
    crate::scope::own_and_helped(&t, &first).await;
    let repeat = lingjing_case(&t, CaseKind::Repeat, None, "2022-09-26 13:00").await;
    step(&t, &repeat, contact("2022-09-26 14:00"), "2022-09-26 14:00").await;
    let leader = t.district.user_id;
    lingjing_case(
        &t,
        CaseKind::FirstPetition,
        Some(leader),
        "2022-09-26 15:00",
    )
    .await;
    // Over a thousand cases in each scope, over 30 days.
    t.generate_copies(3_000).await;

    let housing = CaseScope {
        unit: Some(t.housing.id),
        ..CaseScope::none()
    };
    let scopes = [
        ("张潘镇", t.zhangpan_officer.case_scope()),
        ("住建局", housing),
        (
            "住建局与包案领导",
            CaseScope {
                leader: Some(leader),
                ..housing
            },
        ),
    ];
    check(&t, &scopes, "generated").await;

    // Moves: 住建局's newest cases handled (a step moves the status), a
    // 灵井镇 case corrected to 重复访 and another to 张潘镇, one
    // reassigned from 住建局 to 张潘镇 alone.
    let held = scanned(&t, &housing, &CaseFilter::default()).await;
    let case = |id: i64| {
        let store = t.store.clone();
        async move { store.case(id, &all()).await.unwrap() }
    };
    let mut handled = 0;
    for id in &held[..40] {
        let c = case(*id).await;
        if c.status == CaseStatus::Assigned {
            step(&t, &c, contact("2022-10-30 09:00"), "2022-10-30 09:00").await;
            handled += 1;
        }
    }
    assert!(handled > 10, "{handled} handled");
    // Of the rest, a 初信初访 made 重复访 and an assigned case moved to
    // 张潘镇, then one reassigned.
    let mut rest = Vec::new();
    for id in &held[40..] {
        rest.push(case(*id).await);
    }
    let first = rest.iter().find(|c| c.kind == CaseKind::FirstPetition);
    let assigned = rest.iter().rev().find(|c| c.status == CaseStatus::Assigned);
    let (first, assigned) = (first.unwrap().clone(), assigned.unwrap().clone());
    let zhangpan = t.zhangpan.id.to_string();
    for (c, field, value) in [
        (&first, "kind", "重复访"),
        (&assigned, "township_id", zhangpan.as_str()),
    ] {
        let fix = crate::corrections::correcting(c, &[(field, value)]);
        crate::corrections::correct(&t, c, &fix, None)
            .await
            .unwrap();
    }
    assert_eq!(case(first.id).await.kind, CaseKind::Repeat);
    assert_eq!(case(assigned.id).await.township_id, t.zhangpan.id);
    let moved = rest
        .iter()
        .find(|c| c.id != first.id && c.id != assigned.id)
        .unwrap();
    assign(&t, moved, t.zhangpan.id, Vec::new(), "2022-10-30 10:00").await;
    let moved = case(held[43]).await;
    assign(&t, &moved, t.zhangpan.id, Vec::new(), "2022-10-30 10:00").await;
    check(&t, &scopes, "moved").await;
}
