//! A person across the district: registrations without an ID number are
//! recognised by name and phone (through a blind index) or name and
//! village, whatever the reader's scope, and old rows get their phone index.

use xinfang_domain::case::NewCase;
use xinfang_domain::ident::PhoneNumber;
use xinfang_domain::repeat::PersonHistory;
use xinfang_domain::vocab::Category;
use xinfang_store::Store;

use crate::helpers::{TestStore, all, at, audit_key, fresh_store, key};

/// A case of 赵桂兰 without an ID number, with `phone`, in `village`.
fn without_id(
    t: &TestStore,
    township: i64,
    received: &str,
    phone: Option<&str>,
    village: Option<i64>,
) -> NewCase {
    let mut new = t.new_case(&t.zhangpan, received, "11010519491231002X");
    new.township_id = township;
    new.village_id = village;
    let p = new.petitioner.as_mut().unwrap();
    p.id_number = None;
    p.phone = phone.map(|x| PhoneNumber::parse(x).unwrap());
    new
}

async fn register(t: &TestStore, new: &NewCase) -> i64 {
    t.store
        .register_case(new, "建安信访", &[], &t.district, new.received_at)
        .await
        .unwrap()
        .id
}

/// The ids of the repeats and the count of other categories the zhangpan
/// officer is told of for `new`, and which of the repeats they may read.
async fn history(t: &TestStore, new: &NewCase) -> (Vec<(i64, bool)>, usize) {
    let marks = t
        .store
        .person_marks(new.petitioner.as_ref().unwrap(), new.village_id);
    let scope = t.zhangpan_officer.case_scope();
    let found = t
        .store
        .prior_cases(&marks, new.received_at, None, &scope)
        .await
        .unwrap();
    let h = PersonHistory::of(&marks, new.category, new.received_at, found);
    (
        h.repeats.iter().map(|c| (c.id, c.in_scope)).collect(),
        h.other_categories,
    )
}

#[tokio::test]
async fn name_and_phone_find_the_person_in_another_township() {
    let t = fresh_store().await;
    let lingjing = register(
        &t,
        &without_id(
            &t,
            t.lingjing.id,
            "2022-09-18 10:00",
            Some("13812345678"),
            None,
        ),
    )
    .await;
    let mut other = without_id(
        &t,
        t.lingjing.id,
        "2022-08-01 10:00",
        Some("13812345678"),
        None,
    );
    other.category = Category::Medical;
    register(&t, &other).await;
    // Someone else of the same name with another phone.
    register(
        &t,
        &without_id(
            &t,
            t.zhangpan.id,
            "2022-09-01 10:00",
            Some("13900000000"),
            None,
        ),
    )
    .await;

    let new = without_id(
        &t,
        t.zhangpan.id,
        "2022-10-08 09:00",
        Some("138 1234 5678"),
        None,
    );
    assert_eq!(history(&t, &new).await, (vec![(lingjing, false)], 1));

    // The phone is sealed in the table; only its index matches.
    let pool = t.raw().await;
    let plain: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM petitioners WHERE phone LIKE '%13812345678%'")
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    assert_eq!(plain, 0);
}

#[tokio::test]
async fn name_and_village_find_the_person_when_the_phone_is_unknown() {
    let t = fresh_store().await;
    let village = t
        .store
        .create_org(
            "411003105201",
            "古城村",
            xinfang_domain::org::OrgKind::Village,
            Some(t.zhangpan.id),
            None,
            at("2022-01-01 08:00"),
        )
        .await
        .unwrap()
        .id;
    let earlier = register(
        &t,
        &without_id(&t, t.zhangpan.id, "2022-06-01 10:00", None, Some(village)),
    )
    .await;
    register(
        &t,
        &without_id(&t, t.zhangpan.id, "2022-07-01 10:00", None, None),
    )
    .await;
    let new = without_id(&t, t.zhangpan.id, "2022-10-08 09:00", None, Some(village));
    assert_eq!(history(&t, &new).await, (vec![(earlier, true)], 0));
    // More than twelve months back does not count.
    let later = without_id(&t, t.zhangpan.id, "2023-06-03 09:00", None, Some(village));
    assert_eq!(history(&t, &later).await, (vec![], 0));
}

#[tokio::test]
async fn rows_without_a_phone_index_get_one_when_the_store_opens() {
    let t = fresh_store().await;
    let earlier = register(
        &t,
        &without_id(
            &t,
            t.lingjing.id,
            "2022-09-18 10:00",
            Some("13812345678"),
            None,
        ),
    )
    .await;
    let pool = t.raw().await;
    sqlx::query("UPDATE petitioners SET phone_index = NULL")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let new = without_id(
        &t,
        t.zhangpan.id,
        "2022-10-08 09:00",
        Some("13812345678"),
        None,
    );
    assert_eq!(
        history(&t, &new).await,
        (vec![], 0),
        "not found without the index"
    );

    let reopened = Store::connect(&t.url, &key(), &audit_key()).await.unwrap();
    let marks = reopened.person_marks(new.petitioner.as_ref().unwrap(), None);
    let found = reopened
        .prior_cases(&marks, new.received_at, None, &all())
        .await
        .unwrap();
    let h = PersonHistory::of(&marks, new.category, new.received_at, found);
    assert_eq!(
        h.repeats.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![earlier]
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM petitioners WHERE phone_index IS NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn a_case_is_not_its_own_earlier_case() {
    let t = fresh_store().await;
    let case = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let marks = t.store.case_person_marks(case.id).await.unwrap().unwrap();
    let found = t
        .store
        .prior_cases(&marks, case.received_at, Some(case.id), &all())
        .await
        .unwrap();
    assert!(found.is_empty());
}
