//! Personal data (SPEC: rules that hold everywhere): ID numbers, phones and
//! addresses are encrypted at rest (also in the audit trail), masked on
//! screen and in JSON, and shown in full only by a reveal that is logged.

use serde_json::json;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use xinfang::state::AppState;

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

const ID: &str = "11010519491231002X";
const PHONE: &str = "13812345678";
const ADDRESS: &str = "建安区张潘镇古城村3组18号";

async fn raw_pool(app: &TestApp) -> sqlx::AnyPool {
    install_default_drivers();
    AnyPoolOptions::new()
        .max_connections(1)
        .connect(&app.state.config.effective_database_url())
        .await
        .unwrap()
}

/// Every text the personal data could hide in, as stored.
async fn stored_text(app: &TestApp) -> String {
    let pool = raw_pool(app).await;
    let mut out = String::new();
    for sql in [
        "SELECT COALESCE(id_number, '') || '|' || COALESCE(phone, '') || '|' || COALESCE(address, '') FROM petitioners",
        "SELECT COALESCE(id_number, '') || '|' || COALESCE(phone, '') FROM screenings",
        "SELECT COALESCE(before, '') || '|' || COALESCE(after, '') FROM audit_log",
        "SELECT body FROM case_events",
    ] {
        for row in sqlx::query_scalar::<_, String>(sql)
            .fetch_all(&pool)
            .await
            .unwrap()
        {
            out.push_str(&row);
            out.push('\n');
        }
    }
    pool.close().await;
    out
}

async fn case_with_details(app: &TestApp) -> i64 {
    let mut body = registration(app, ID, "危房改造").await;
    body["petitioner_address"] = json!(ADDRESS);
    register(app, body).await["id"].as_i64().unwrap()
}

#[tokio::test]
async fn personal_data_is_encrypted_at_rest_and_masked_when_shown() {
    let app = spawn_app().await;
    let id = case_with_details(&app).await;
    let z = Api::new(&app, "zhangpan").await;
    let mut screening = crate::ledgers::screening_body(&app).await;
    screening["id_number"] = json!(ID);
    let (s, j) = z.post("/api/v1/screenings", screening).await;
    assert_eq!(s, 201, "{j}");
    z.step_ok(id, "comment", json!({ "note": "已电话联系" }))
        .await;

    let stored = stored_text(&app).await;
    for secret in [ID, PHONE, ADDRESS, "古城村3组"] {
        assert!(
            !stored.contains(secret),
            "{secret} stored in plaintext:\n{stored}"
        );
    }
    assert!(stored.starts_with("sm4gcm1:"), "{stored}");

    let (_, c) = z.get(&format!("/api/v1/cases/{id}")).await;
    let p = &c["petitioner"];
    assert_eq!(p["id_number"], "110105********002X");
    assert_eq!(p["phone"], "138****5678");
    assert_eq!(p["address"], "建安区张潘镇****");
    let (_, sc) = z.get("/api/v1/screenings").await;
    assert_eq!(sc["items"][0]["id_number"], "110105********002X", "{sc}");

    // Found again by its blind index: the same person is proposed as a repeat.
    let (s, err) = Api::new(&app, "quju")
        .await
        .post("/api/v1/cases", registration(&app, ID, "危房改造").await)
        .await;
    assert_eq!(
        (s, err["code"].as_str()),
        (409, Some("repeat_suspected")),
        "{err}"
    );
}

#[tokio::test]
async fn a_reveal_shows_everything_once_and_is_logged() {
    let app = spawn_app().await;
    let id = case_with_details(&app).await;
    let path = format!("/api/v1/cases/{id}/reveal");

    let (s, r) = Api::new(&app, "zhangpan")
        .await
        .post(&path, json!({}))
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        r,
        json!({ "name": "王保全", "id_number": ID, "phone": PHONE, "address": ADDRESS })
    );
    let audit = app.state.store.audit_for("case", id).await.unwrap();
    let reveal = audit
        .iter()
        .find(|a| a.action == "personal.reveal")
        .expect("the reveal is in the audit trail");
    assert_eq!(reveal.actor_name, "张专干");
    assert!(
        reveal
            .after
            .as_deref()
            .unwrap_or_default()
            .contains("王保全"),
        "{reveal:?}"
    );

    // Another township does not see the case at all; roles without the need are refused.
    let (s, _) = Api::new(&app, "lingjing")
        .await
        .post(&path, json!({}))
        .await;
    assert_eq!(s, 404);
    for user in ["ducha"] {
        let (s, e) = Api::new(&app, user).await.post(&path, json!({})).await;
        assert_eq!(s, 403, "{user}: {e}");
        assert!(
            e["message"].as_str().unwrap().contains("完整个人信息"),
            "{e}"
        );
    }
    let reveals = |a: &[xinfang_store::AuditEntry]| {
        a.iter().filter(|x| x.action == "personal.reveal").count()
    };
    assert_eq!(
        reveals(&app.state.store.audit_for("case", id).await.unwrap()),
        1
    );

    // On the page: masked, a button, then in full with the notice.
    let client = app.login("zhangpan").await;
    let page = app.page(&client, &format!("/cases/{id}")).await;
    assert!(page.contains("110105********002X") && !page.contains(ID));
    assert!(page.contains("查看完整信息"));
    let csrf = app.csrf(&client, &format!("/cases/{id}")).await;
    let shown = client
        .post(app.url(&format!("/cases/{id}/reveal")))
        .header("Origin", app.url(""))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(shown.status(), 200);
    let shown = shown.text().await.unwrap();
    assert!(shown.contains(ID) && shown.contains(ADDRESS) && shown.contains("本次查看已记录"));
    assert_eq!(
        reveals(&app.state.store.audit_for("case", id).await.unwrap()),
        2
    );
    let ducha = app.login("ducha").await;
    assert!(
        !app.page(&ducha, &format!("/cases/{id}"))
            .await
            .contains("查看完整信息")
    );
}

#[tokio::test]
async fn old_plaintext_is_sealed_at_startup_and_a_wrong_key_refuses_to_start() {
    let app = spawn_app().await;
    let pool = raw_pool(&app).await;
    sqlx::query(
        "INSERT INTO petitioners (name, id_number, phone, address, poverty_status, created_at, updated_at)
         VALUES ('旧数据', '11010519491231002X', '13812345678', '榆林乡榆林村', 'general', 0, 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let pid: i64 = sqlx::query_scalar("SELECT id FROM petitioners WHERE name = '旧数据'")
        .fetch_one(&pool)
        .await
        .unwrap();

    let config = (*app.state.config).clone();
    let reopened = AppState::open(config.clone()).await.unwrap();
    let (stored, index): (String, Option<String>) =
        sqlx::query_as("SELECT id_number, id_index FROM petitioners WHERE id = $1")
            .bind(pid)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        stored.starts_with("sm4gcm1:") && index.is_some(),
        "{stored}"
    );
    let p = reopened
        .store
        .petitioner(pid, &xinfang_domain::access::CaseScope::all())
        .await
        .unwrap();
    assert_eq!(p.id_number.unwrap().as_str(), ID);
    assert_eq!(p.address.as_deref(), Some("榆林乡榆林村"));
    let sealing = reopened.store.verify_audit().await.unwrap();
    assert_eq!(sealing.first_broken, None);

    let mut wrong = config.clone();
    wrong.data_key = Some("00".repeat(32));
    let err = AppState::open(wrong).await.unwrap_err();
    assert!(err.contains("数据密钥与数据库不匹配"), "{err}");
    let mut bad = config;
    bad.data_key = Some("not-a-key".into());
    assert!(
        AppState::open(bad)
            .await
            .unwrap_err()
            .contains("XINFANG_DATA_KEY 有误")
    );
    pool.close().await;

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key_file = app.state.config.data_dir.join("data.key");
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is the owner's only");
        assert_eq!(std::fs::read_to_string(key_file).unwrap().trim().len(), 64);
    }
}

/// Ledgers and notices carry personal data: the roles that need it get it
/// and each such export is logged; the others get blank columns or a refusal.
#[tokio::test]
async fn exports_and_notices_reveal_only_to_those_who_need_them_and_are_logged() {
    use crate::ledgers::{Sheet, export_ok, get_file};
    let app = spawn_app().await;
    let (s, j) = Api::new(&app, "zhangpan")
        .await
        .post(
            "/api/v1/screenings",
            crate::ledgers::screening_body(&app).await,
        )
        .await;
    assert_eq!(s, 201, "{j}");
    let path = "/api/v1/ledgers/annex1.xlsx";
    let phone_col = 3;

    let officer = Sheet::read(&export_ok(&app, "zhangpan", path).await);
    assert_eq!(officer.text(6, phone_col), PHONE);
    let inspector = Sheet::read(&export_ok(&app, "ducha", path).await);
    assert_eq!(inspector.text(6, 2), "王保全");
    assert_eq!(inspector.text(6, phone_col), "", "no phone for 督查");
    let (s, _) = get_file(&app, "ducha", &format!("{path}?full=1")).await;
    assert_eq!(s, 403);

    let pool = raw_pool(&app).await;
    let logged: Vec<String> = sqlx::query_scalar(
        "SELECT actor_name || ':' || after FROM audit_log WHERE action = 'personal.reveal' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        logged,
        ["张专干:导出附件1《不稳定因素排查处置台账》1行，含信访人联系方式"],
        "one reveal, the officer's"
    );

    let id = case_with_details(&app).await;
    crate::helpers::Api::new(&app, "quju")
        .await
        .assign_to(id, "411003105", "2022-10-08 10:00")
        .await;
    let notice = format!("/api/v1/cases/{id}/notices/acceptance");
    let (s, _) = get_file(&app, "ducha", &notice).await;
    assert_eq!(s, 403, "督查 does not print the petitioner's details");
    let (s, _) = get_file(&app, "zhangpan", &notice).await;
    assert_eq!(s, 200);
    let printed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'personal.reveal' AND after LIKE '打印%受理告知书%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(printed, 1);
    pool.close().await;
}

/// The screening edit form shows the ID number and phone masked; sent back
/// as shown they keep the stored values, typed anew they replace them.
#[tokio::test]
async fn an_edit_sent_back_with_masked_values_keeps_the_stored_ones() {
    let app = spawn_app().await;
    let z = Api::new(&app, "zhangpan").await;
    let mut body = crate::ledgers::screening_body(&app).await;
    body["id_number"] = json!(ID);
    let (s, created) = z.post("/api/v1/screenings", body.clone()).await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();

    let client = app.login("zhangpan").await;
    let form = app.page(&client, &format!("/screenings/{id}")).await;
    assert!(
        form.contains("110105********002X") && !form.contains(ID),
        "the form masks"
    );

    body["id_number"] = json!("110105********002X");
    body["phone"] = json!("138****5678");
    body["remarks"] = json!("复核后稳定");
    body["version"] = created["version"].clone();
    let (s, updated) = z
        .post(&format!("/api/v1/screenings/{id}"), body.clone())
        .await;
    assert_eq!(s, 200, "{updated}");
    let scope = xinfang_domain::access::CaseScope::all();
    let stored = app.state.store.screening(id, &scope).await.unwrap();
    assert_eq!(stored.entry.id_number.unwrap().as_str(), ID);
    assert_eq!(stored.entry.phone.unwrap().to_string(), PHONE);
    assert_eq!(stored.entry.remarks, "复核后稳定");

    body["phone"] = json!("13900001111");
    body["version"] = updated["version"].clone();
    let (s, _) = z.post(&format!("/api/v1/screenings/{id}"), body).await;
    assert_eq!(s, 200);
    let stored = app.state.store.screening(id, &scope).await.unwrap();
    assert_eq!(stored.entry.phone.unwrap().to_string(), "13900001111");
}

/// The reveals are read back where supervision looks: 督查 and the system
/// administrator see the audit trail (filtered, with the chain checked),
/// others are refused; an edited row is flagged on the page.
#[tokio::test]
async fn supervisors_read_the_reveals_in_the_audit_trail() {
    let app = spawn_app().await;
    let id = case_with_details(&app).await;
    let (s, _) = Api::new(&app, "zhangpan")
        .await
        .post(&format!("/api/v1/cases/{id}/reveal"), json!({}))
        .await;
    assert_eq!(s, 200);

    let ducha = Api::new(&app, "ducha").await;
    let (s, log) = ducha.get("/api/v1/audit?kind=personal").await;
    assert_eq!(s, 200, "{log}");
    assert_eq!(log["total"], 1, "{log}");
    let row = &log["items"][0];
    assert_eq!(row["action"], "personal.reveal");
    assert_eq!(row["actor"], "张专干");
    assert_eq!(row["case_number"], "建安信访〔2022〕0001号");
    assert!(row["detail"].as_str().unwrap().contains("王保全"), "{row}");
    assert_eq!(log["chain"]["first_broken"], serde_json::Value::Null);
    let (_, by_case) = ducha
        .get("/api/v1/audit?case=%E5%BB%BA%E5%AE%89%E4%BF%A1%E8%AE%BF%E3%80%942022%E3%80%950001%E5%8F%B7")
        .await;
    let actions: Vec<&str> = by_case["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["personal.reveal", "case.register"], "{by_case}");
    let (_, none) = ducha
        .get("/api/v1/audit?kind=personal&actor=%E6%9E%97")
        .await;
    assert_eq!(none["total"], 0, "no reveal by 林专干");
    let (s, e) = ducha.get("/api/v1/audit?kind=bogus").await;
    assert_eq!(s, 422, "{e}");
    for user in ["zhangpan", "quju"] {
        let (s, _) = Api::new(&app, user).await.get("/api/v1/audit").await;
        assert_eq!(s, 403, "{user}");
    }

    let client = app.login("ducha").await;
    let page = app.page(&client, "/audit?kind=personal").await;
    assert!(
        page.contains("审计链完整") && page.contains("查看或导出个人信息"),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"/cases/{id}\"")));
    let pool = raw_pool(&app).await;
    sqlx::query("UPDATE audit_log SET actor_name = '无名氏' WHERE action = 'personal.reveal'")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let page = app.page(&client, "/audit").await;
    assert!(page.contains("审计链校验失败"), "{page}");
}

/// A screening entry's ID number and phone are revealed the same way.
#[tokio::test]
async fn a_screening_entry_is_revealed_on_the_record() {
    let app = spawn_app().await;
    let z = Api::new(&app, "zhangpan").await;
    let mut body = crate::ledgers::screening_body(&app).await;
    body["id_number"] = json!(ID);
    let (_, created) = z.post("/api/v1/screenings", body).await;
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/screenings/{id}/reveal");
    let (s, r) = z.post(&path, json!({})).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["id_number"].as_str(), r["phone"].as_str()),
        (Some(ID), Some(PHONE))
    );
    let (s, _) = Api::new(&app, "lingjing")
        .await
        .post(&path, json!({}))
        .await;
    assert_eq!(s, 404, "another township");
    let (s, _) = Api::new(&app, "ducha").await.post(&path, json!({})).await;
    assert_eq!(s, 403);

    let client = app.login("zhangpan").await;
    let page_path = format!("/screenings/{id}");
    assert!(app.page(&client, &page_path).await.contains("查看完整信息"));
    let csrf = app.csrf(&client, &page_path).await;
    let shown = client
        .post(app.url(&format!("/screenings/{id}/reveal")))
        .header("Origin", app.url(""))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        shown.contains(ID) && shown.contains("本次查看已记录"),
        "{shown}"
    );
    let ducha = app.login("ducha").await;
    assert!(!app.page(&ducha, &page_path).await.contains("查看完整信息"));
    let logged = app.state.store.audit_for("screening", id).await.unwrap();
    let reveals: Vec<_> = logged
        .iter()
        .filter(|a| a.action == "personal.reveal")
        .collect();
    assert_eq!(reveals.len(), 2, "API and page");
}
