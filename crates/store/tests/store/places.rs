//! 地名: cases found by the township and village names their texts say,
//! however jieba cuts them, as soon as a village is set up or renamed, and
//! on a second server too.

use std::time::Duration;

use xinfang_domain::case::{Case, NewCase};
use xinfang_domain::org::{Org, OrgKind};
use xinfang_store::{IndexBacklog, Store};

use crate::helpers::{TestStore, all, at, audit_key, fresh_store, key};
use crate::search::find;

/// Register a case in 张潘镇 saying `summary`, through `store`.
async fn say(t: &TestStore, store: &Store, summary: &str, received: &str) -> Case {
    let new = NewCase {
        summary: summary.into(),
        ..t.new_case(&t.zhangpan, received, "11010519491231002X")
    };
    store
        .register_case(&new, "建安信访", &[], &t.district, new.received_at)
        .await
        .expect("register")
}

/// Set up the village `name` under 张潘镇, through `t.store`.
async fn add_village(t: &TestStore, code: &str, name: &str, when: &str) -> Org {
    t.store
        .create_org(
            code,
            name,
            OrgKind::Village,
            Some(t.zhangpan.id),
            None,
            at(when),
        )
        .await
        .unwrap()
}

/// Set up the village 白庄村 under 张潘镇, through `t.store`.
async fn add_baizhuang(t: &TestStore) -> Org {
    add_village(t, "411003105299", "白庄村", "2022-10-01 08:00").await
}

#[tokio::test]
async fn a_case_is_found_by_the_village_it_names_once_the_village_is_set_up_or_renamed() {
    let t = fresh_store().await;
    let s = &t.store;
    let a = say(&t, s, "反映榆林乡白庄村低保被取消", "2022-09-26 09:10").await;
    let b = say(
        &t,
        s,
        "反映苏桥镇小召村道路硬化工程质量差",
        "2022-09-27 09:10",
    )
    .await;
    let other = say(&t, s, "张潘镇危房改造补助未到位", "2022-09-28 09:10").await;
    // d says it in a comment only.
    let d = say(&t, s, "养殖场补贴未到位", "2022-09-29 09:10").await;
    t.comment(&d, "请走访榆林乡白庄村核实", "2022-09-29 10:00")
        .await;
    // 张潘镇 is a township: found by its name and its stem.
    assert_eq!(find(s, "张潘镇", &all(), false).await, vec![other.id]);
    assert_eq!(find(s, "张潘", &all(), false).await, vec![other.id]);
    // jieba cuts 榆林乡白庄村 榆林 / 乡白 / 庄村 and 苏桥镇小召村 苏桥 / 镇 /
    // 小 / 召村 (neither township is set up here): 白庄村 and 小召村 are no
    // words of the texts.
    assert!(find(s, "白庄村", &all(), false).await.is_empty());
    assert!(find(s, "小召村", &all(), false).await.is_empty());

    let village = add_baizhuang(&t).await;
    assert_eq!(find(s, "白庄村", &all(), false).await, vec![d.id, a.id]);
    assert_eq!(find(s, "白庄", &all(), false).await, vec![d.id, a.id]);
    assert_eq!(find(s, "白庄村 低保", &all(), false).await, vec![a.id]);
    assert_eq!(t.count("SELECT COUNT(*) FROM case_words_pending").await, 0);
    // What says neither name keeps its words.
    assert_eq!(find(s, "危房改造", &all(), false).await, vec![other.id]);
    assert!(find(s, "小召村", &all(), false).await.is_empty());

    s.rename_org(village.id, "小召村", None, at("2022-10-02 08:00"))
        .await
        .unwrap();
    assert_eq!(find(s, "小召村", &all(), false).await, vec![b.id]);
    assert_eq!(find(s, "小召", &all(), false).await, vec![b.id]);
    // 白庄村 is no village now, and jieba alone does not find it.
    assert!(find(s, "白庄村", &all(), false).await.is_empty());
}

#[tokio::test]
async fn a_second_server_indexes_and_searches_with_the_village_the_first_set_up() {
    let t = fresh_store().await;
    let second = Store::connect(&t.url, &key(), &audit_key()).await.unwrap();
    // The second server has loaded the places: it has searched and written.
    say(&t, &second, "危房改造补助未到位", "2022-09-26 09:10").await;
    assert!(find(&second, "白庄村", &all(), false).await.is_empty());

    add_baizhuang(&t).await;
    let a = say(
        &t,
        &second,
        "反映张潘镇白庄村低保被取消",
        "2022-10-08 09:10",
    )
    .await;
    assert_eq!(find(&t.store, "白庄村", &all(), false).await, vec![a.id]);
    assert_eq!(find(&second, "白庄", &all(), false).await, vec![a.id]);
    second.close().await;
}

#[tokio::test]
async fn a_place_change_whose_cases_were_not_yet_listed_is_finished_when_the_database_is_opened() {
    let t = fresh_store().await;
    let a = say(
        &t,
        &t.store,
        "反映榆林乡白庄村低保被取消",
        "2022-09-26 09:10",
    )
    .await;
    // A village added as `create_org` commits it, the process stopped
    // before it listed the cases that say its name.
    let raw = t.raw().await;
    for sql in [
        "INSERT INTO orgs (code, name, kind, parent_id, created_at)
         SELECT '411003105299', '白庄村', 'village', id, 0 FROM orgs WHERE name = '张潘镇'",
        "UPDATE settings SET value = '1000' WHERE key = 'places_version'",
        "INSERT INTO settings (key, value) VALUES ('places_rescan', '白庄村 白庄')",
    ] {
        sqlx::query(sql).execute(&raw).await.unwrap();
    }
    raw.close().await;
    assert!(find(&t.store, "白庄村", &all(), false).await.is_empty());

    let reopened = Store::connect(&t.url, &key(), &audit_key()).await.unwrap();
    assert_eq!(find(&reopened, "白庄村", &all(), false).await, vec![a.id]);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM settings WHERE key = 'places_rescan'")
            .await,
        0
    );
    reopened.close().await;
}

#[tokio::test]
async fn a_district_set_up_on_an_open_store_is_searched_by_its_place_names() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_url(&dir).await;
    let store = Store::connect(&url, &key(), &audit_key()).await.unwrap();
    assert!(store.places().await.unwrap().is_empty());
    store
        .create_district(
            &xinfang_domain::district::District::jianan(),
            at("2022-01-01 08:00"),
        )
        .await
        .unwrap();
    let places = store.places().await.unwrap();
    assert_eq!(
        places.found_in("榆林乡榆林村"),
        ["榆林乡", "榆林", "榆林村", "榆林"]
    );
    store.close().await;
}

#[tokio::test]
async fn a_place_change_left_to_a_worker_is_saved_at_once_said_behind_and_finished_by_the_worker() {
    let t = fresh_store().await;
    let s = &t.store;
    let a = say(&t, s, "反映榆林乡白庄村低保被取消", "2022-09-26 09:10").await;
    assert_eq!(s.index_backlog().await.unwrap(), None);
    s.index_places_in_background();
    let village = add_baizhuang(&t).await;
    // Committed and audited; nothing looked for yet.
    assert_eq!(
        t.count("SELECT COUNT(*) FROM orgs WHERE name = '白庄村'")
            .await,
        1
    );
    let scanning = IndexBacklog {
        scanning: true,
        pending: 0,
    };
    assert_eq!(s.index_backlog().await.unwrap(), Some(scanning));
    assert!(find(s, "白庄村", &all(), false).await.is_empty());

    // The worker: woken by the change made before it waited, once.
    let woken = |ms| tokio::time::timeout(Duration::from_millis(ms), s.place_change_committed());
    woken(10_000).await.expect("woken by the change");
    assert!(woken(100).await.is_err(), "one change wakes it once");
    s.finish_place_change().await;
    assert_eq!(s.index_backlog().await.unwrap(), None);
    assert_eq!(find(s, "白庄村", &all(), false).await, vec![a.id]);

    // Two changes before the worker looks: it is woken, and one pass
    // finishes both.
    s.rename_org(village.id, "白庄东村", None, at("2022-10-02 08:00"))
        .await
        .unwrap();
    let b = say(&t, s, "反映张潘镇大王村道路未硬化", "2022-10-03 09:10").await;
    add_village(&t, "411003105298", "大王村", "2022-10-04 08:00").await;
    woken(10_000).await.expect("woken by the changes");
    s.finish_place_change().await;
    assert!(woken(100).await.is_err());
    assert_eq!(find(s, "大王村", &all(), false).await, vec![b.id]);
    assert!(find(s, "白庄村", &all(), false).await.is_empty());

    // Cases listed but not yet indexed are counted.
    let raw = t.raw().await;
    sqlx::query("INSERT INTO case_words_pending (case_id) VALUES ($1), ($2)")
        .bind(a.id)
        .bind(b.id)
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;
    let pending = IndexBacklog {
        scanning: false,
        pending: 2,
    };
    assert_eq!(s.index_backlog().await.unwrap(), Some(pending));
}
