//! The audit chain: it verifies after real writes, finds a row edited behind
//! the store's back, and stays one chain when writers append at once.

use xinfang_store::AuditFilter;

use crate::helpers::{at, fresh_store};

#[tokio::test]
async fn the_chain_verifies_and_finds_an_edited_row() {
    let t = fresh_store().await;
    let case = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    t.store
        .log_reveal(
            &t.district,
            "case",
            case.id,
            "查看身份证号",
            at("2022-09-26 10:00"),
        )
        .await
        .unwrap();
    let rows = t.count("SELECT COUNT(*) FROM audit_log").await;
    // 4 organisations, 3 users, the registration and the reveal.
    assert_eq!(rows, 9);
    let ok = t.store.verify_audit().await.unwrap();
    assert_eq!((ok.rows, ok.first_broken), (rows, None));

    // Someone edits the registration's row directly in the database.
    let victim: i64 = t
        .count("SELECT id FROM audit_log WHERE action = 'case.register'")
        .await;
    let pool = t.raw().await;
    sqlx::query("UPDATE audit_log SET actor_name = '别人' WHERE id = $1")
        .bind(victim)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let broken = t.store.verify_audit().await.unwrap();
    assert_eq!(broken.first_broken, Some(victim));

    // The rows about the case are there, oldest first.
    let about = t.store.audit_for("case", case.id).await.unwrap();
    assert_eq!(
        about.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
        vec!["case.register", "personal.reveal"]
    );
}

#[tokio::test]
async fn writers_appending_at_once_keep_one_chain() {
    let t = fresh_store().await;
    let case = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let before = t.count("SELECT COUNT(*) FROM audit_log").await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store = t.store.clone();
        let actor = if i % 2 == 0 {
            t.district.clone()
        } else {
            t.zhangpan_officer.clone()
        };
        let id = case.id;
        tasks.push(tokio::spawn(async move {
            store
                .log_reveal(
                    &actor,
                    "case",
                    id,
                    &format!("查看第{i}次"),
                    at("2022-09-26 10:00"),
                )
                .await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let v = t.store.verify_audit().await.unwrap();
    assert_eq!((v.rows, v.first_broken), (before + 16, None));
    let page = t
        .store
        .list_audit(&AuditFilter::default(), 100, 0)
        .await
        .unwrap();
    assert_eq!(page.total, before + 16);
}
