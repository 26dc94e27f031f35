//! The keyed audit chain against someone with database access: an edit
//! re-chained with SHA-256 or with another key, the newest rows deleted
//! after an anchor, a database from before keying, and the incremental check.
//! The attacker's hashes are computed here, independently of the store.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;
use sqlx::AnyPool;
use xinfang_domain::org::OrgKind;
use xinfang_store::{AnchorCheck, AuditAnchor, AuditKey, Store};

use crate::helpers::{TestStore, at, audit_key, fresh_store, fresh_url, key};

/// A row's fields in the order the chain hashes them.
fn fields(r: &sqlx::any::AnyRow) -> Vec<String> {
    use sqlx::Row;
    let int = |c: &str| {
        r.try_get::<Option<i64>, _>(c)
            .unwrap()
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let text = |c: &str| {
        r.try_get::<Option<String>, _>(c)
            .unwrap()
            .unwrap_or_default()
    };
    vec![
        int("at"),
        int("actor_id"),
        text("actor_name"),
        text("action"),
        text("entity"),
        int("entity_id"),
        text("before"),
        text("after"),
    ]
}

/// The unkeyed scheme: SHA-256 of prev and the fields, each followed by NUL.
fn sha256_link(prev: &str, f: &[String]) -> String {
    let mut h = Sha256::new();
    for part in std::iter::once(prev).chain(f.iter().map(String::as_str)) {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

fn hmac_sm3(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = <Hmac<Sm3> as hmac::KeyInit>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

/// The keyed scheme as README documents it, under the audit key `key_hex`.
fn keyed_link(key_hex: &str, prev: &str, f: &[String]) -> String {
    let chain_key = hmac_sm3(
        &hex::decode(key_hex).unwrap(),
        b"xinfang audit chain key v1",
    );
    let mut msg = b"xinfang audit row v2\0".to_vec();
    for part in std::iter::once(prev).chain(f.iter().map(String::as_str)) {
        msg.extend_from_slice(&(part.len() as u64).to_be_bytes());
        msg.extend_from_slice(part.as_bytes());
    }
    hex::encode(hmac_sm3(&chain_key, &msg))
}

/// Recompute the chain from row `from_id` on with `link`, as an attacker would.
async fn rechain(pool: &AnyPool, from_id: i64, link: &dyn Fn(&str, &[String]) -> String) {
    let mut prev: String =
        sqlx::query_scalar("SELECT hash FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1")
            .bind(from_id)
            .fetch_optional(pool)
            .await
            .unwrap()
            .unwrap_or_default();
    let rows = sqlx::query("SELECT * FROM audit_log WHERE id >= $1 ORDER BY id")
        .bind(from_id)
        .fetch_all(pool)
        .await
        .unwrap();
    for r in &rows {
        use sqlx::Row;
        let id: i64 = r.try_get("id").unwrap();
        let hash = link(&prev, &fields(r));
        sqlx::query("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
        prev = hash;
    }
}

async fn id_of(t: &TestStore, action: &'static str) -> i64 {
    let pool = t.raw().await;
    let id = sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    id
}

async fn reveal(t: &TestStore, what: &str) {
    t.store
        .log_reveal(&t.district, "case", 1, what, at("2022-09-26 10:00"))
        .await
        .unwrap();
}

#[tokio::test]
async fn the_chain_is_keyed_with_the_audit_key_as_documented() {
    let t = fresh_store().await;
    let pool = t.raw().await;
    let r = sqlx::query("SELECT * FROM audit_log ORDER BY id LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    use sqlx::Row;
    let stored: String = r.try_get("hash").unwrap();
    assert_eq!(stored, keyed_link(&"a1".repeat(32), "", &fields(&r)));
    assert_ne!(stored, sha256_link("", &fields(&r)));
    pool.close().await;
}

#[tokio::test]
async fn an_edit_rechained_with_sha256_or_another_key_is_found() {
    let t = fresh_store().await;
    t.register(&t.zhangpan, "2022-09-26 09:10").await;
    reveal(&t, "查看身份证号").await;
    let victim = id_of(&t, "case.register").await;
    let pool = t.raw().await;
    sqlx::query("UPDATE audit_log SET actor_name = '别人' WHERE id = $1")
        .bind(victim)
        .execute(&pool)
        .await
        .unwrap();
    rechain(&pool, victim, &sha256_link).await;
    let v = t.store.verify_audit().await.unwrap();
    assert_eq!(v.first_broken, Some(victim), "re-chained with SHA-256");

    let wrong = "5e".repeat(32);
    rechain(&pool, victim, &|p, f| keyed_link(&wrong, p, f)).await;
    let v = t.store.verify_audit().await.unwrap();
    assert_eq!(v.first_broken, Some(victim), "re-chained with another key");

    // Re-chained with the right key it would verify: the key is what holds.
    rechain(&pool, victim, &|p, f| keyed_link(&"a1".repeat(32), p, f)).await;
    assert_eq!(t.store.verify_audit().await.unwrap().first_broken, None);
    pool.close().await;
}

#[tokio::test]
async fn without_the_audit_key_the_store_refuses_the_chain() {
    let t = fresh_store().await;
    let other = AuditKey::from_hex(&"77".repeat(32)).unwrap();
    let e = Store::connect(&t.url, &key(), &other).await.unwrap_err();
    assert!(e.to_string().contains("审计密钥与数据库不匹配"), "{e}");
    // Someone who moves the marker forward to pass rows off as unkeyed is found too.
    let pool = t.raw().await;
    sqlx::query("UPDATE settings SET value = '99999::00' WHERE key = 'audit_chain_keyed_from'")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert!(t.store.verify_audit().await.unwrap().first_broken.is_some());
}

#[tokio::test]
async fn an_anchor_finds_the_newest_rows_deleted_and_holds_otherwise() {
    let t = fresh_store().await;
    for i in 0..4 {
        reveal(&t, &format!("查看第{i}次")).await;
    }
    let head = t.store.verify_audit().await.unwrap().head.unwrap();
    let anchor = AuditAnchor::parse(&head.anchor().to_string()).unwrap();
    assert_eq!(
        anchor.count,
        t.count("SELECT COUNT(*) FROM audit_log").await
    );
    reveal(&t, "锚点之后").await;
    let (v, check) = t.store.check_audit_anchor(&anchor).await.unwrap();
    assert_eq!((v.first_broken, check), (None, AnchorCheck::Holds));

    // The two newest rows before the anchor (and the one after) are deleted:
    // the rest still links up, only the anchor shows it.
    let pool = t.raw().await;
    sqlx::query("DELETE FROM audit_log WHERE id >= $1")
        .bind(head.id - 1)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(t.store.verify_audit().await.unwrap().first_broken, None);
    let (_, check) = t.store.check_audit_anchor(&anchor).await.unwrap();
    assert_eq!(
        check,
        AnchorCheck::Short {
            rows: anchor.count - 2
        }
    );
    // An anchor from another chain (same length, other hash) does not hold either.
    let forged = AuditAnchor {
        count: anchor.count - 2,
        hash: "00".repeat(32),
    };
    let (_, check) = t.store.check_audit_anchor(&forged).await.unwrap();
    assert!(matches!(check, AnchorCheck::Differs { .. }), "{check:?}");
    pool.close().await;
}

#[tokio::test]
async fn a_database_from_before_keying_still_verifies_and_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_url(&dir).await;
    let store = Store::connect(&url, &key(), &audit_key()).await.unwrap();
    store.close().await;
    // Make it an old database: no marker, three rows in the SHA-256 chain.
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    sqlx::query("DELETE FROM settings WHERE key = 'audit_chain_keyed_from'")
        .execute(&pool)
        .await
        .unwrap();
    let mut prev = String::new();
    for (i, name) in ["甲", "乙", "丙"].iter().enumerate() {
        let f = vec![
            (1_600_000_000_000_i64 + i as i64).to_string(),
            String::new(),
            name.to_string(),
            "setting.set".to_string(),
            "setting".to_string(),
            String::new(),
            String::new(),
            format!("旧记录{i}"),
        ];
        let hash = sha256_link(&prev, &f);
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash, hash)
             VALUES ($1, NULL, $2, 'setting.set', 'setting', NULL, NULL, $3, $4, $5)",
        )
        .bind(1_600_000_000_000_i64 + i as i64)
        .bind(*name)
        .bind(&f[7])
        .bind(&prev)
        .bind(&hash)
        .execute(&pool)
        .await
        .unwrap();
        prev = hash;
    }
    let store = Store::connect(&url, &key(), &audit_key()).await.unwrap();
    let v = store.verify_audit().await.unwrap();
    assert_eq!((v.rows, v.first_broken), (3, None), "legacy rows verify");
    store
        .create_org(
            "411003",
            "建安区信访局",
            OrgKind::Bureau,
            None,
            None,
            at("2022-01-01 08:00"),
        )
        .await
        .unwrap();
    let v = store.verify_audit().await.unwrap();
    assert_eq!(
        (v.rows, v.first_broken),
        (4, None),
        "the first keyed row links on"
    );
    let first_keyed: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();

    // A legacy row edited and the legacy chain recomputed: the keyed row
    // after it no longer links.
    sqlx::query("UPDATE audit_log SET actor_name = '丁' WHERE actor_name = '乙'")
        .execute(&pool)
        .await
        .unwrap();
    let second: i64 = sqlx::query_scalar("SELECT id FROM audit_log WHERE actor_name = '丁'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let prefix: String =
        sqlx::query_scalar("SELECT hash FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1")
            .bind(second)
            .fetch_one(&pool)
            .await
            .unwrap();
    let rows = sqlx::query("SELECT * FROM audit_log WHERE id >= $1 AND id < $2 ORDER BY id")
        .bind(second)
        .bind(first_keyed)
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut p = prefix;
    for r in &rows {
        use sqlx::Row;
        let id: i64 = r.try_get("id").unwrap();
        let h = sha256_link(&p, &fields(r));
        sqlx::query("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3")
            .bind(&p)
            .bind(&h)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
        p = h;
    }
    let v = store.verify_audit().await.unwrap();
    assert_eq!(v.first_broken, Some(first_keyed));
    pool.close().await;
    store.close().await;
}

#[tokio::test]
async fn the_incremental_check_finds_an_edit_after_its_checkpoint() {
    let t = fresh_store().await;
    reveal(&t, "第一次").await;
    let first = t.store.verify_audit().await.unwrap();
    let checkpoint = first.head.clone().unwrap();
    // Nothing new: nothing re-hashed, the same head.
    let again = t.store.verify_audit_after(Some(&checkpoint)).await.unwrap();
    assert_eq!((again.rows, again.head), (first.rows, first.head.clone()));

    reveal(&t, "第二次").await;
    reveal(&t, "第三次").await;
    let next = t.store.verify_audit_after(Some(&checkpoint)).await.unwrap();
    assert_eq!((next.rows, next.first_broken), (first.rows + 2, None));

    let pool = t.raw().await;
    sqlx::query("UPDATE audit_log SET after = '改过' WHERE after = '第三次'")
        .execute(&pool)
        .await
        .unwrap();
    let edited: i64 = sqlx::query_scalar("SELECT id FROM audit_log WHERE after = '改过'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let found = t.store.verify_audit_after(Some(&checkpoint)).await.unwrap();
    assert_eq!(found.first_broken, Some(edited));

    sqlx::query("UPDATE audit_log SET after = '第三次' WHERE after = '改过'")
        .execute(&pool)
        .await
        .unwrap();
    // A row behind the checkpoint edited: not re-hashed by the check after
    // it, found by the slices that sweep the older rows.
    sqlx::query("UPDATE audit_log SET after = '改过' WHERE after = '第一次'")
        .execute(&pool)
        .await
        .unwrap();
    let behind: i64 = sqlx::query_scalar("SELECT id FROM audit_log WHERE after = '改过'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let after = t.store.verify_audit_after(Some(&checkpoint)).await.unwrap();
    assert_eq!(after.first_broken, None, "behind the checkpoint");
    let mut sweep = None;
    let mut found = None;
    for _ in 0..50 {
        let slice = t.store.verify_audit_slice(sweep.as_ref(), 3).await.unwrap();
        if slice.first_broken.is_some() {
            found = slice.first_broken;
            break;
        }
        sweep = slice.head;
    }
    assert_eq!(found, Some(behind), "three rows at a time");

    // The checkpoint row itself edited (even re-hashed) is found as well.
    sqlx::query("UPDATE audit_log SET hash = $1 WHERE id = $2")
        .bind("00".repeat(32))
        .bind(checkpoint.id)
        .execute(&pool)
        .await
        .unwrap();
    let found = t.store.verify_audit_after(Some(&checkpoint)).await.unwrap();
    assert_eq!(found.first_broken, Some(checkpoint.id));
    pool.close().await;
}
