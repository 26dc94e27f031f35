//! The keyed audit chain from the operator's side: `xinfang audit anchor`,
//! `verify-audit --anchor` against the newest rows deleted, an edit
//! re-chained with SHA-256 and the wrong key; the anchor sent to the
//! district's robot; the audit page checking only the rows since its last check.

use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use xinfang::services::admin::audit_chain::publish_anchor;

use crate::cli::xinfang;
use crate::helpers::{Api, TestApp, register, registration, spawn_app};

async fn raw_pool(app: &TestApp) -> sqlx::AnyPool {
    install_default_drivers();
    AnyPoolOptions::new()
        .max_connections(1)
        .connect(&app.state.config.effective_database_url())
        .await
        .unwrap()
}

async fn rows(app: &TestApp) -> i64 {
    let pool = raw_pool(app).await;
    let n = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn an_anchor_printed_by_the_cli_catches_deleted_and_rechained_rows() {
    let app = spawn_app().await;
    register(&app, registration(&app, "", "危房改造").await).await;
    let (ok, out, err) = xinfang(&app, &["audit", "anchor"]);
    assert!(ok, "{err}");
    let anchor = out.trim().to_string();
    let (count, hash) = anchor.split_once(':').unwrap();
    assert_eq!(count.parse::<i64>().unwrap(), rows(&app).await);
    assert_eq!(hash.len(), 64);

    register(&app, registration(&app, "", "医疗保障").await).await;
    let (ok, out, err) = xinfang(&app, &["verify-audit", "--anchor", &anchor]);
    assert!(ok, "{err}");
    assert!(out.contains("锚点") && out.contains("相符"), "{out}");

    let (ok, _, err) = xinfang(&app, &["verify-audit", "--anchor", "12"]);
    assert!(
        !ok && err.contains("--anchor") && err.contains("锚点"),
        "{err}"
    );

    // Without the audit key the chain cannot be checked at all.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_xinfang"));
    cmd.arg("--data-dir").arg(&app.state.config.data_dir);
    if let Some(url) = &app.state.config.database_url {
        cmd.arg("--database-url").arg(url);
    }
    let out = cmd
        .env("XINFANG_AUDIT_KEY", "07".repeat(32))
        .args(["verify-audit"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("审计密钥"), "{err}");

    // Someone deletes every row from the anchor's last one on: the rest still
    // links up, so only the anchor can tell.
    let pool = raw_pool(&app).await;
    let last: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    let at_anchor: i64 =
        sqlx::query_scalar("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET $1")
            .bind(count.parse::<i64>().unwrap() - 1)
            .fetch_one(&pool)
            .await
            .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE id >= $1")
        .bind(at_anchor)
        .execute(&pool)
        .await
        .unwrap();
    assert!(last > at_anchor);
    let (ok, _, _) = xinfang(&app, &["verify-audit"]);
    assert!(ok, "a shortened chain still links up");
    let (ok, _, err) = xinfang(&app, &["verify-audit", "--anchor", &anchor]);
    assert!(!ok && err.contains("锚点之前的记录被删除"), "{err}");

    // Someone edits the first row and re-chains everything with SHA-256.
    sqlx::query(
        "UPDATE audit_log SET actor_name = '别人' WHERE id = (SELECT MIN(id) FROM audit_log)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let all = sqlx::query("SELECT * FROM audit_log ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut prev = String::new();
    for r in &all {
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
        let mut h = Sha256::new();
        for part in [
            prev.clone(),
            int("at"),
            int("actor_id"),
            text("actor_name"),
            text("action"),
            text("entity"),
            int("entity_id"),
            text("before"),
            text("after"),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        let hash = hex::encode(h.finalize());
        sqlx::query("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(r.try_get::<i64, _>("id").unwrap())
            .execute(&pool)
            .await
            .unwrap();
        prev = hash;
    }
    pool.close().await;
    let (ok, _, err) = xinfang(&app, &["verify-audit"]);
    assert!(!ok && err.contains("哈希链断裂"), "{err}");
    let (ok, _, err) = xinfang(&app, &["audit", "anchor"]);
    assert!(
        !ok && err.contains("哈希链断裂"),
        "no anchor of a broken chain: {err}"
    );
}

#[tokio::test]
async fn the_anchor_goes_to_the_districts_robot_only() {
    let app = spawn_app().await;
    let now = app.state.now();
    let store = &app.state.store;
    let published = publish_anchor(&app.state, now).await.unwrap();
    assert_eq!(published.robots, 0, "no robot configured, nothing sent");
    let district = app.org_id("411003").await;
    let township = app.org_id("411003105").await;
    store
        .create_webhook(district, "wecom", "http://127.0.0.1:9/d", false, None, now)
        .await
        .unwrap();
    store
        .create_webhook(township, "wecom", "http://127.0.0.1:9/t", false, None, now)
        .await
        .unwrap();
    let published = publish_anchor(&app.state, now).await.unwrap();
    let anchor = published.anchor.unwrap();
    assert_eq!(anchor.count, rows(&app).await);
    assert_eq!(published.robots, 1);
    let queued = store.due_deliveries(now, 10).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert!(queued[0].url.ends_with("/d"));
    assert!(
        queued[0].payload.contains(&anchor.to_string()) && queued[0].payload.contains("审计链锚点"),
        "{}",
        queued[0].payload
    );
}

#[tokio::test]
async fn the_audit_page_finds_an_edit_made_after_its_last_check() {
    let app = spawn_app().await;
    let api = Api::new(&app, "admin").await;
    let (status, page) = api.get("/api/v1/audit").await;
    assert_eq!(status, 200);
    assert_eq!(page["chain"]["first_broken"], serde_json::Value::Null);
    let checked = app
        .state
        .audit_checkpoint
        .lock()
        .unwrap()
        .head
        .clone()
        .unwrap();
    assert_eq!(page["chain"]["rows"], checked.count);

    let case = register(&app, registration(&app, "", "危房改造").await).await;
    let pool = raw_pool(&app).await;
    sqlx::query("UPDATE audit_log SET actor_name = '别人' WHERE action = 'case.register'")
        .execute(&pool)
        .await
        .unwrap();
    let edited: i64 = sqlx::query_scalar("SELECT id FROM audit_log WHERE action = 'case.register'")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert!(
        edited > checked.id,
        "after the checkpoint ({})",
        case["number"]
    );
    let (_, page) = api.get("/api/v1/audit").await;
    assert_eq!(page["chain"]["first_broken"], edited);
    let html = app.page(&app.login("admin").await, "/audit").await;
    assert!(html.contains(&edited.to_string()), "the page names the row");
}
