//! The engine seam: date bucketing gives the same local buckets on both engines.

use xinfang_store::DateBucket;

use crate::helpers::{all, fresh_store};

#[tokio::test]
async fn cases_are_counted_by_their_local_beijing_month_day_and_year() {
    let t = fresh_store().await;
    // 2022-01-31 23:30 in Beijing is still 15:30 UTC on the 31st, and
    // 2022-02-01 00:30 in Beijing is 16:30 UTC on 31 January: the bucket
    // must follow Beijing's calendar, not UTC's.
    for received in [
        "2022-01-31 23:30",
        "2022-02-01 00:30",
        "2022-02-28 12:00",
        "2022-12-31 23:59",
        "2023-01-01 00:00",
    ] {
        t.register(&t.zhangpan, received).await;
    }
    let by_month = t
        .store
        .received_by(DateBucket::Month, &all())
        .await
        .unwrap();
    assert_eq!(
        by_month,
        vec![
            ("2022-01".to_string(), 1),
            ("2022-02".to_string(), 2),
            ("2022-12".to_string(), 1),
            ("2023-01".to_string(), 1),
        ]
    );
    let by_day = t.store.received_by(DateBucket::Day, &all()).await.unwrap();
    assert_eq!(by_day[0], ("2022-01-31".to_string(), 1));
    assert_eq!(by_day[1], ("2022-02-01".to_string(), 1));
    let by_year = t.store.received_by(DateBucket::Year, &all()).await.unwrap();
    assert_eq!(
        by_year,
        vec![("2022".to_string(), 4), ("2023".to_string(), 1)]
    );
}

#[tokio::test]
async fn bucket_counts_respect_the_scope() {
    let t = fresh_store().await;
    t.register(&t.zhangpan, "2022-03-01 10:00").await;
    t.register(&t.lingjing, "2022-03-02 10:00").await;
    t.register(&t.lingjing, "2022-04-02 10:00").await;
    let lingjing = t.lingjing_officer.case_scope();
    assert_eq!(
        t.store
            .received_by(DateBucket::Month, &lingjing)
            .await
            .unwrap(),
        vec![("2022-03".to_string(), 1), ("2022-04".to_string(), 1)]
    );
}
