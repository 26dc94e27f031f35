//! Records hanging off a case — events, attachments, milestones, ledger
//! details, follow-ups, notices, the petitioner — are read through the case
//! scope: outside it they are not found, as if they did not exist.

use xinfang_domain::access::CaseScope;
use xinfang_domain::case::{Case, NewCase};
use xinfang_store::{CaseFilter, MilestoneRow, NewAttachment, StoreError, StoreResult};

use crate::helpers::{TestStore, at, fresh_store};

fn refused<T: std::fmt::Debug>(what: &str, r: StoreResult<T>) {
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{what}: {r:?}");
}

#[tokio::test]
async fn child_records_are_refused_outside_the_case_scope() {
    let t = fresh_store().await;
    let s = &t.store;
    let now = at("2022-09-27 09:00");
    let milestone = MilestoneRow {
        key: "contact".into(),
        name: "建立联系".into(),
        is_window: false,
        role: None,
        started_at: Some(at("2022-09-26 09:10")),
        due_at: Some(at("2022-09-28")),
        completed_at: None,
        state: "open".into(),
        explanation: String::new(),
        warnings: String::new(),
        warn_from: None,
    };
    let new = t.new_case(&t.zhangpan, "2022-09-26 09:10", "11010519491231002X");
    let case = s
        .register_case(&new, "建安信访", &[milestone], &t.district, now)
        .await
        .unwrap();
    let file = NewAttachment {
        sha256: "cd".repeat(32),
        filename: "照片.jpg".into(),
        content_type: "image/jpeg".into(),
        size: 10,
        note: None,
        signed_document: None,
    };
    let attachment = s
        .add_attachment(case.id, &file, &t.district, now)
        .await
        .unwrap();
    s.add_followup(case.id, now, "已回访", &t.district, now)
        .await
        .unwrap();
    let petitioner = case.petitioner.as_ref().unwrap().id;

    // 张潘镇's officer sees them all.
    let own = t.zhangpan_officer.case_scope();
    assert_eq!(s.case_events(case.id, &own).await.unwrap().len(), 3);
    assert_eq!(s.attachments(case.id, &own).await.unwrap().len(), 1);
    assert_eq!(
        s.attachment(attachment.id, &own).await.unwrap().filename,
        "照片.jpg"
    );
    assert_eq!(s.milestones(case.id, &own).await.unwrap().len(), 1);
    assert_eq!(s.followups(case.id, &own).await.unwrap().len(), 1);
    assert_eq!(s.case_ledger(case.id, &own).await.unwrap().plan, "");
    assert!(s.case_notices(case.id, &own).await.unwrap().is_empty());
    assert_eq!(s.petitioner(petitioner, &own).await.unwrap().name, "赵桂兰");

    // 灵井镇's officer, and a scope that admits nothing, see none of them.
    for other in [t.lingjing_officer.case_scope(), CaseScope::none()] {
        refused("events", s.case_events(case.id, &other).await);
        refused("attachments", s.attachments(case.id, &other).await);
        refused("attachment", s.attachment(attachment.id, &other).await);
        refused("milestones", s.milestones(case.id, &other).await);
        refused("follow-ups", s.followups(case.id, &other).await);
        refused("ledger", s.case_ledger(case.id, &other).await);
        refused("notices", s.case_notices(case.id, &other).await);
        refused("petitioner", s.petitioner(petitioner, &other).await);
    }
    // A case that does not exist is not found either, whatever the scope.
    refused(
        "no case",
        s.case_events(case.id + 100, &CaseScope::all()).await,
    );

    // Once the same person petitions in 灵井镇, 灵井镇 sees the petitioner —
    // but still not the 张潘镇 case's records.
    t.register(&t.lingjing, "2022-10-01 09:00").await;
    let lingjing = t.lingjing_officer.case_scope();
    assert_eq!(
        s.petitioner(petitioner, &lingjing).await.unwrap().name,
        "赵桂兰"
    );
    refused("events", s.case_events(case.id, &lingjing).await);
}

/// The total and ids of the list of `scope`: counted exactly, counted up
/// to 10 000, and read off every page.
async fn list_of(
    t: &crate::helpers::TestStore,
    scope: &CaseScope,
    filter: CaseFilter,
) -> (i64, i64, Vec<i64>) {
    use xinfang_store::{CaseSort, PageRequest};
    let exact = t
        .store
        .list_cases(&filter, scope, CaseSort::ReceivedDesc, Some(50), 0)
        .await
        .unwrap();
    let req = PageRequest {
        limit: Some(50),
        count_up_to: Some(10_000),
        ..PageRequest::all()
    };
    let capped = t
        .store
        .list_cases_page(&filter, scope, CaseSort::ReceivedDesc, &req)
        .await
        .unwrap();
    assert!(capped.total_exact);
    let ids = exact.items.iter().map(|c| c.id).collect();
    (exact.total, capped.total, ids)
}

/// 张潘镇's cases `a` (registered from `first`) and `b` at 10:00, and
/// 灵井镇's `c` at 11:00 on 2022-09-26. `c` goes to 住建局 with 张潘镇
/// helping; `a` goes to 张潘镇 itself, so it is of 张潘镇's territory and
/// its unit both (to be counted and listed once).
pub(crate) async fn own_and_helped(t: &TestStore, first: &NewCase) -> (Case, Case, Case) {
    let a = t
        .store
        .register_case(first, "建安信访", &[], &t.district, first.received_at)
        .await
        .expect("register");
    let b = t.register(&t.zhangpan, "2022-09-26 10:00").await;
    let c = t.register(&t.lingjing, "2022-09-26 11:00").await;
    let assign = crate::milestones::assign;
    assign(t, &c, t.housing.id, vec![t.zhangpan.id], "2022-09-26 12:00").await;
    assign(t, &a, t.zhangpan.id, Vec::new(), "2022-09-26 12:00").await;
    (a, b, c)
}

#[tokio::test]
async fn a_township_counts_the_cases_assigned_to_it_from_elsewhere_and_a_department_its_own() {
    let t = fresh_store().await;
    let first = t.new_case(&t.zhangpan, "2022-09-26 09:00", "11010519491231002X");
    let (a, b, c) = own_and_helped(&t, &first).await;
    let zhangpan = t.zhangpan_officer.case_scope();
    assert_eq!(
        list_of(&t, &zhangpan, CaseFilter::default()).await,
        (3, 3, vec![c.id, b.id, a.id]),
        "its two, and the one it helps with"
    );
    let housing = CaseScope {
        all: false,
        territory: None,
        unit: Some(t.housing.id),
        leader: None,
    };
    assert_eq!(
        list_of(&t, &housing, CaseFilter::default()).await,
        (1, 1, vec![c.id])
    );
    let lingjing = t.lingjing_officer.case_scope();
    assert_eq!(
        list_of(&t, &lingjing, CaseFilter::default()).await,
        (1, 1, vec![c.id])
    );
    // By words too (the helpers' summary says 危房改造).
    let words = CaseFilter {
        text: Some("危房".into()),
        ..CaseFilter::default()
    };
    assert_eq!(
        list_of(&t, &zhangpan, words).await,
        (3, 3, vec![c.id, b.id, a.id])
    );
    // With a filter: of the three, only 张潘镇's second is not yet assigned.
    let registered = CaseFilter {
        status: Some(xinfang_domain::workflow::CaseStatus::Registered),
        ..CaseFilter::default()
    };
    assert_eq!(list_of(&t, &zhangpan, registered).await, (1, 1, vec![b.id]));
    let assigned = CaseFilter {
        status: Some(xinfang_domain::workflow::CaseStatus::Assigned),
        ..CaseFilter::default()
    };
    assert_eq!(
        list_of(&t, &zhangpan, assigned).await,
        (2, 2, vec![c.id, a.id]),
        "the one it helps with among them"
    );
}
