//! 管理 → 用户: the 系统管理员 edits and disables users and revokes tokens
//! (page, API, console); tokens expire; a disabled user's sessions and
//! tokens stop at once. Passwords reset and changed: `account_passwords`.

use jiff::SignedDuration;
use serde_json::{Value, json};

use crate::cli::xinfang;
use crate::helpers::{Api, PASSWORD, TestApp, spawn_app};

/// Log in with a given password; the answer's status and where it sends the browser.
pub(crate) async fn log_in(
    app: &TestApp,
    username: &str,
    password: &str,
) -> (reqwest::Client, u16, String) {
    let c = app.client();
    let csrf = app.csrf(&c, "/login").await;
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", username),
            ("password", password),
            ("next", "/"),
            ("_csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("login");
    let status = r.status().as_u16();
    let to = location(&r);
    let body = r.text().await.unwrap_or_default();
    (c, status, if to.is_empty() { body } else { to })
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// GET a page; its status and redirect target (empty when none).
pub(crate) async fn visit(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), location(&r))
}

/// POST a page form with the session's CSRF token.
pub(crate) async fn post_form(
    app: &TestApp,
    c: &reqwest::Client,
    csrf_from: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let csrf = app.csrf(c, csrf_from).await;
    let mut form: Vec<(&str, &str)> = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let r = c
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .expect("post");
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

/// The API answer for a bearer token.
async fn with_token(app: &TestApp, token: &str, path: &str) -> u16 {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get")
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_admin_edits_a_user_on_the_page_and_the_change_is_audited() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let id = app.user_id("zhangpan").await;
    let path = format!("/admin/users/{id}");
    let (s, _) = visit(&app, &admin, &path).await;
    assert_eq!(s, 200);

    // 张专干 moves to 灵井镇 as its officer and 包案领导, with a new phone.
    let lingjing = app.org_id("411003106").await.to_string();
    let (s, html) = post_form(
        &app,
        &admin,
        &path,
        &path,
        &[
            ("display_name", "张新专干"),
            ("org_id", &lingjing),
            ("roles", "township_officer"),
            ("roles", "case_leader"),
            ("phone", "13912345678"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("已保存"), "{html}");
    let (_, me) = Api::new(&app, "zhangpan").await.get("/api/v1/me").await;
    assert_eq!(me["name"], "张新专干");
    assert_eq!(me["org"], "灵井镇");
    assert_eq!(me["roles"], json!(["乡镇专干", "包案领导"]));

    // A blank name and no role are named; nothing changes.
    let (s, html) = post_form(
        &app,
        &admin,
        &path,
        &path,
        &[("display_name", " "), ("org_id", &lingjing), ("phone", "")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("姓名：不能为空") && html.contains("角色：请选择有效的角色"));
    let (_, me) = Api::new(&app, "zhangpan").await.get("/api/v1/me").await;
    assert_eq!(me["name"], "张新专干");

    let audit = app.state.store.audit_for("user", id).await.unwrap();
    let update = audit
        .iter()
        .find(|a| a.action == "user.update")
        .expect("audited");
    assert_eq!(update.actor_name, "管理员");
    let (before, after) = (
        update.before.as_deref().unwrap(),
        update.after.as_deref().unwrap(),
    );
    assert!(
        before.contains("张专干") && before.contains("roles=township_officer"),
        "{before}"
    );
    assert!(
        after.contains("张新专干")
            && after.contains("roles=township_officer,case_leader")
            && after.contains("电话已改"),
        "{after}"
    );
    assert!(
        !after.contains("13912345678"),
        "the phone stays out of the trail"
    );

    // Another role may not open or post the page.
    let quju = app.login("quju").await;
    assert_eq!(visit(&app, &quju, &path).await.0, 403);
}

#[tokio::test]
async fn a_disabled_user_is_stopped_at_once_and_comes_back_when_enabled() {
    let app = spawn_app().await;
    let admin = Api::new(&app, "admin").await;
    let token = app.token("zhujian").await;
    let session = app.login("zhujian").await;
    assert_eq!(with_token(&app, &token, "/api/v1/cases").await, 200);
    let id = app.user_id("zhujian").await;

    let (s, j) = admin
        .post(&format!("/api/v1/users/{id}"), json!({ "active": false }))
        .await;
    assert_eq!(s, 200, "{j}");
    assert_eq!(j["active"], false);
    assert_eq!(
        with_token(&app, &token, "/api/v1/cases").await,
        401,
        "the token stops"
    );
    assert_eq!(visit(&app, &session, "/").await.0, 303, "the session ends");
    let (_, s, body) = log_in(&app, "zhujian", PASSWORD).await;
    assert_eq!(s, 401);
    assert!(body.contains("该账号已停用"));

    // The admin cannot lock themselves out.
    let me = app.user_id("admin").await;
    let (s, j) = admin
        .post(&format!("/api/v1/users/{me}"), json!({ "active": "否" }))
        .await;
    assert_eq!(s, 422);
    assert_eq!(j["fields"][0]["message"], "不能停用自己的账号");
    let (s, j) = admin
        .post(&format!("/api/v1/users/{me}"), json!({ "roles": ["督查"] }))
        .await;
    assert_eq!(s, 422, "{j}");
    assert_eq!(j["fields"][0]["field"], "roles");
    // Nothing to change is refused, not a silent success.
    let (s, j) = admin.post(&format!("/api/v1/users/{id}"), json!({})).await;
    assert_eq!((s, j["fields"][0]["field"].clone()), (422, json!("user")));

    // Enabled again through the page: the same token works again.
    let page = app.login("admin").await;
    let path = format!("/admin/users/{id}");
    let (s, html) = post_form(
        &app,
        &page,
        &path,
        &format!("{path}/active"),
        &[("active", "是")],
    )
    .await;
    assert_eq!(s, 200);
    assert!(html.contains("账号已启用"));
    assert_eq!(with_token(&app, &token, "/api/v1/cases").await, 200);
    assert_eq!(log_in(&app, "zhujian", PASSWORD).await.1, 303);

    // The district bureau is not the 系统管理员.
    let quju = Api::new(&app, "quju").await;
    let (s, _) = quju
        .post(&format!("/api/v1/users/{id}"), json!({ "active": false }))
        .await;
    assert_eq!(s, 403);
    let (_, users) = admin.get("/api/v1/users").await;
    let row = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "zhujian")
        .unwrap()
        .clone();
    assert_eq!(
        (row["active"].clone(), row["org"].clone()),
        (json!(true), json!("区住房和城乡建设局"))
    );
}

#[tokio::test]
async fn tokens_expire_are_listed_and_revoked() {
    let app = spawn_app().await;
    let (token, id, expires) =
        xinfang::services::admin::auth::issue_api_token(&app.state, "quju", "报表脚本")
            .await
            .unwrap();
    let admin = Api::new(&app, "admin").await;
    let (s, list) = admin.get("/api/v1/tokens?user=quju").await;
    assert_eq!(s, 200);
    let row: Value = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(
        (
            row["name"].clone(),
            row["status"].clone(),
            row["status_label"].clone()
        ),
        (json!("报表脚本"), json!("valid"), json!("有效"))
    );
    // 180 days by default: worked out from the two stored times.
    let created: jiff::Timestamp = row["created_at"].as_str().unwrap().parse().unwrap();
    let until: jiff::Timestamp = row["expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(until - created, SignedDuration::from_hours(180 * 24));
    assert_eq!(until.as_second(), expires.as_second());
    assert!(list.as_array().unwrap().iter().all(|t| t["user"] == "quju"));

    // Revoked: the next request is refused, a second revoke is a conflict.
    assert_eq!(with_token(&app, &token, "/api/v1/me").await, 200);
    let (s, j) = admin
        .post(&format!("/api/v1/tokens/{id}/revoke"), json!({}))
        .await;
    assert_eq!((s, j["status"].clone()), (200, json!("revoked")));
    assert_eq!(with_token(&app, &token, "/api/v1/me").await, 401);
    let (s, _) = admin
        .post(&format!("/api/v1/tokens/{id}/revoke"), json!({}))
        .await;
    assert_eq!(s, 409);
    let (s, _) = Api::new(&app, "quju").await.get("/api/v1/tokens").await;
    assert_eq!(s, 403, "the district bureau does not see others' tokens");

    // A token past its expiry no longer opens the API.
    let now = app.state.now();
    let hash = xinfang::services::admin::auth::token_hash("xf_expired");
    let user = app.user_id("zhangpan").await;
    app.state
        .store
        .create_api_token(
            user,
            "old",
            &hash,
            now - SignedDuration::from_hours(24 * 181),
            now - SignedDuration::from_mins(1),
        )
        .await
        .unwrap();
    assert_eq!(with_token(&app, "xf_expired", "/api/v1/me").await, 401);
    let (_, list) = admin.get("/api/v1/tokens?user=zhangpan").await;
    assert_eq!(list[0]["status_label"], "已过期");

    // The page: the user's tokens with a 吊销 button that works.
    let (token2, id2, _) =
        xinfang::services::admin::auth::issue_api_token(&app.state, "zhangpan", "下访平板")
            .await
            .unwrap();
    let page = app.login("admin").await;
    let path = format!("/admin/users/{user}");
    let html = app.page(&page, &path).await;
    assert!(
        html.contains("下访平板")
            && html.contains("已过期")
            && html.contains(&format!("/admin/tokens/{id2}/revoke"))
    );
    let csrf = app.csrf(&page, &path).await;
    let r = page
        .post(app.url(&format!("/admin/tokens/{id2}/revoke")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), format!("/admin/users/{user}#tokens"));
    assert_eq!(with_token(&app, &token2, "/api/v1/me").await, 401);
    let audit = app.state.store.audit_for("user", user).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "token.revoke" && a.actor_name == "管理员")
    );
}

#[tokio::test]
async fn the_console_updates_users_and_lists_and_revokes_tokens() {
    let app = spawn_app().await;
    let (ok, _, err) = xinfang(
        &app,
        &[
            "user",
            "update",
            "lingjing",
            "--name",
            "林新专干",
            "--org",
            "张潘镇",
            "--role",
            "乡镇专干",
            "--role",
            "督查",
            "--phone",
            "13712345678",
        ],
    );
    assert!(ok, "{err}");
    let u = app
        .state
        .store
        .user_by_username("lingjing")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (u.display_name.as_str(), u.org_name.as_str()),
        ("林新专干", "张潘镇")
    );
    assert_eq!(
        u.roles.iter().map(|r| r.label()).collect::<Vec<_>>(),
        ["乡镇专干", "督查"]
    );
    assert_eq!(u.phone.as_deref(), Some("13712345678"));

    let (ok, _, err) = xinfang(&app, &["user", "update", "lingjing", "--role", "boss"]);
    assert!(!ok);
    assert!(err.contains("角色"), "{err}");
    let (ok, _, err) = xinfang(&app, &["user", "update", "nobody", "--disable"]);
    assert!(!ok && err.contains("nobody"), "{err}");

    let (ok, out, err) = xinfang(
        &app,
        &[
            "user",
            "update",
            "lingjing",
            "--password",
            "console-reset-1",
            "--disable",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("停用") && out.contains("下次登录须先修改密码"),
        "{out}"
    );
    let u = app
        .state
        .store
        .user_by_username("lingjing")
        .await
        .unwrap()
        .unwrap();
    assert!(!u.active && u.must_change_password);
    assert_eq!(log_in(&app, "lingjing", "console-reset-1").await.1, 401);
    let (ok, _, _) = xinfang(&app, &["user", "update", "lingjing", "--enable"]);
    assert!(ok);
    let (c, s, _) = log_in(&app, "lingjing", "console-reset-1").await;
    assert_eq!(s, 303);
    assert_eq!(
        visit(&app, &c, "/").await,
        (303, "/account/password".into())
    );

    // `user list --json` keeps its fields and adds the new ones.
    let (ok, out, _) = xinfang(&app, &["user", "list", "--json"]);
    assert!(ok);
    let users: Value = serde_json::from_str(&out).unwrap();
    let row = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "lingjing")
        .unwrap()
        .clone();
    for key in [
        "id",
        "username",
        "name",
        "org",
        "roles",
        "active",
        "must_change_password",
    ] {
        assert!(!row[key].is_null(), "{key}");
    }

    // Tokens made from the console last XINFANG_TOKEN_DAYS days.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_xinfang"));
    cmd.arg("--data-dir").arg(&app.state.config.data_dir);
    if let Some(url) = &app.state.config.database_url {
        cmd.arg("--database-url").arg(url);
    }
    let out = cmd
        .env("XINFANG_TOKEN_DAYS", "30")
        .args(["token", "create", "--user", "quju", "--name", "月报"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let (ok, out, _) = xinfang(&app, &["token", "list", "--user", "quju", "--json"]);
    assert!(ok);
    let list: Value = serde_json::from_str(&out).unwrap();
    let row = list[0].clone();
    assert_eq!(row["name"], "月报");
    let created: jiff::Timestamp = row["created_at"].as_str().unwrap().parse().unwrap();
    let until: jiff::Timestamp = row["expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(until - created, SignedDuration::from_hours(30 * 24));
    assert_eq!(with_token(&app, &token, "/api/v1/me").await, 200);

    let id = row["id"].as_i64().unwrap().to_string();
    let (ok, out, err) = xinfang(&app, &["token", "revoke", &id]);
    assert!(ok, "{err}");
    assert!(out.contains("已吊销接口令牌"), "{out}");
    assert_eq!(with_token(&app, &token, "/api/v1/me").await, 401);
    let (ok, _, err) = xinfang(&app, &["token", "revoke", &id]);
    assert!(!ok && err.contains("已吊销"), "{err}");
    let (ok, out, _) = xinfang(&app, &["token", "list"]);
    assert!(ok);
    assert!(
        out.lines()
            .any(|l| l.starts_with(&format!("{id}\t")) && l.ends_with("已吊销")),
        "{out}"
    );
}
