//! Cases through the read model: registration, one case, the list within a
//! scope, ledger rows, a person's earlier cases, and optimistic concurrency.

use xinfang_domain::workflow::{CaseStatus, Step, plan};
use xinfang_store::{CaseFilter, CaseSort, LedgerQuery, StepChange, StoreError};

use crate::helpers::{all, at, fresh_store};

#[tokio::test]
async fn a_registered_case_reads_back_numbered_with_its_petitioner() {
    let t = fresh_store().await;
    let first = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let second = t.register(&t.lingjing, "2022-09-27 10:00").await;
    assert_eq!(first.number, "建安信访〔2022〕0001号");
    assert_eq!(second.number, "建安信访〔2022〕0002号");

    let case = t.store.case(first.id, &all()).await.unwrap();
    assert_eq!(case.township, "张潘镇");
    assert_eq!(case.status, CaseStatus::Registered);
    assert_eq!(case.version, 1);
    assert_eq!(case.received_at, at("2022-09-26 09:10"));
    let p = case.petitioner.expect("petitioner");
    assert_eq!(p.name, "赵桂兰");
    assert_eq!(
        p.id_number.map(|i| i.as_str().to_string()).as_deref(),
        Some("11010519491231002X")
    );
    assert_eq!(
        p.phone.map(|x| x.to_string()).as_deref(),
        Some("13812345678")
    );
    assert_eq!(p.address.as_deref(), Some("古城村2组"));
    // The same person twice is one petitioner.
    assert_eq!(second.petitioner.map(|p| p.id), Some(p.id));

    let by_number = t
        .store
        .case_by_number(" 建安信访〔2022〕0002号 ", &all())
        .await
        .unwrap();
    assert_eq!(by_number.id, second.id);
    // Personal data is sealed at rest.
    assert_eq!(
        t.count(
            // Every value sealed, none in the clear (a fragment like '1949' may
            // appear in the hex of random bytes by chance, so whole values).
            "SELECT COUNT(*) FROM petitioners WHERE id_number NOT LIKE 'sm4gcm1:%' OR phone NOT LIKE 'sm4gcm1:%' OR id_number LIKE '%11010519491231002X%' OR phone LIKE '%13812345678%'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_township_lists_its_own_cases_and_not_anothers() {
    let t = fresh_store().await;
    let z1 = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let z2 = t.register(&t.zhangpan, "2022-09-28 09:10").await;
    let l1 = t.register(&t.lingjing, "2022-09-27 09:10").await;
    let list = |scope| {
        let store = t.store.clone();
        async move {
            store
                .list_cases(
                    &CaseFilter::default(),
                    &scope,
                    CaseSort::ReceivedDesc,
                    None,
                    0,
                )
                .await
                .unwrap()
        }
    };
    let zhangpan = list(t.zhangpan_officer.case_scope()).await;
    assert_eq!(zhangpan.total, 2);
    assert_eq!(
        zhangpan.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![z2.id, z1.id],
        "newest received first"
    );
    assert!(zhangpan.items.iter().all(|c| c.township == "张潘镇"));
    assert_eq!(zhangpan.items[0].petitioner_name.as_deref(), Some("赵桂兰"));

    let lingjing = list(t.lingjing_officer.case_scope()).await;
    assert_eq!(
        lingjing.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![l1.id]
    );
    assert_eq!(list(all()).await.total, 3);

    // One case out of scope is not found, as if it did not exist.
    let refused = t.store.case(z1.id, &t.lingjing_officer.case_scope()).await;
    assert!(
        matches!(refused, Err(StoreError::NotFound(_))),
        "{refused:?}"
    );
    let refused = t
        .store
        .case_by_number(&z1.number, &t.lingjing_officer.case_scope())
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound(_))));

    // A page counts every match and returns only its rows.
    let page = t
        .store
        .list_cases(
            &CaseFilter::default(),
            &all(),
            CaseSort::ReceivedDesc,
            Some(1),
            1,
        )
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (3, 1));
    assert_eq!(page.items[0].id, l1.id);

    // Text search matches the summary, the number or the name, within the scope.
    let text = CaseFilter {
        text: Some("0003".into()),
        ..CaseFilter::default()
    };
    let found = t
        .store
        .list_cases(&text, &all(), CaseSort::ReceivedDesc, None, 0)
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![l1.id]
    );
    let found = t
        .store
        .list_cases(
            &text,
            &t.zhangpan_officer.case_scope(),
            CaseSort::ReceivedDesc,
            None,
            0,
        )
        .await
        .unwrap();
    assert_eq!(found.total, 0);
}

#[tokio::test]
async fn ledger_rows_and_repeat_candidates_stay_within_the_scope() {
    let t = fresh_store().await;
    let z1 = t.register(&t.zhangpan, "2022-03-01 09:00").await;
    let l1 = t.register(&t.lingjing, "2022-04-01 09:00").await;
    let rows = t
        .store
        .ledger_cases(&LedgerQuery::default(), &t.zhangpan_officer.case_scope())
        .await
        .unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![z1.id]);
    assert_eq!(rows[0].petitioner_phone.as_deref(), Some("13812345678"));
    assert_eq!(rows[0].township, "张潘镇");
    let by_number = LedgerQuery {
        number: Some(l1.number.clone()),
        ..LedgerQuery::default()
    };
    assert_eq!(
        t.store
            .ledger_cases(&by_number, &all())
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        t.store
            .ledger_cases(&by_number, &t.zhangpan_officer.case_scope())
            .await
            .unwrap()
            .is_empty()
    );

    // Earlier cases of a person are read across the district, each marked
    // by whether the reader's scope admits it (repeat detection).
    let received = at("2022-05-01 09:00");
    let new = t.new_case(&t.zhangpan, "2022-05-01 09:00", "11010519491231002X");
    let marks = t.store.person_marks(new.petitioner.as_ref().unwrap(), None);
    let earlier = |scope| {
        let store = t.store.clone();
        let marks = marks.clone();
        async move {
            store
                .prior_cases(&marks, received, None, &scope)
                .await
                .unwrap()
                .into_iter()
                .map(|c| (c.item.id, c.in_scope))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(earlier(all()).await, vec![(l1.id, true), (z1.id, true)]);
    assert_eq!(
        earlier(t.zhangpan_officer.case_scope()).await,
        vec![(l1.id, false), (z1.id, true)]
    );
}

#[tokio::test]
async fn a_step_on_a_stale_version_is_refused_and_writes_nothing() {
    let t = fresh_store().await;
    let case = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let step = Step::Comment {
        note: "请加快办理".into(),
    };
    let transition = plan(&t.district, &case, &step).unwrap();
    let change = |expected_version| StepChange {
        expected_version,
        step: &step,
        transition,
        text: "批注：请加快办理",
        milestones: &[],
    };
    let after = t
        .store
        .apply_step(&case, change(Some(1)), &t.district, at("2022-09-27 09:00"))
        .await
        .unwrap();
    assert_eq!(after.version, 2);
    let events = t.count("SELECT COUNT(*) FROM case_events").await;
    let audits = t.count("SELECT COUNT(*) FROM audit_log").await;

    // A second officer's form was built from version 1 too.
    let stale = t
        .store
        .apply_step(&case, change(Some(1)), &t.district, at("2022-09-27 09:05"))
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    assert_eq!(t.store.case(case.id, &all()).await.unwrap().version, 2);
    assert_eq!(t.count("SELECT COUNT(*) FROM case_events").await, events);
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_log").await, audits);
}
