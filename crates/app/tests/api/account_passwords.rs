//! Passwords: one the 系统管理员 reset ends the user's session and must be
//! changed before anything else; every role changes its own through the API.

use serde_json::json;

use crate::accounts::{log_in, post_form, visit};
use crate::helpers::{Api, PASSWORD, spawn_app};

#[tokio::test]
async fn a_reset_password_ends_the_session_and_must_be_changed_first() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let officer = app.login("zhangpan").await;
    let elsewhere = app.login("zhangpan").await;
    let id = app.user_id("zhangpan").await;
    let path = format!("/admin/users/{id}");

    let (s, html) = post_form(
        &app,
        &admin,
        &path,
        &format!("{path}/password"),
        &[("password", "short")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("新密码：密码至少8位"), "{html}");
    let (s, html) = post_form(
        &app,
        &admin,
        &path,
        &format!("{path}/password"),
        &[("password", "reset-by-admin")],
    )
    .await;
    assert_eq!(s, 200);
    assert!(html.contains("密码已重置"));

    // Both of the officer's sessions ended at once; the old password no longer works.
    assert_eq!(
        visit(&app, &officer, "/cases").await,
        (303, "/login?next=/cases".into())
    );
    assert_eq!(log_in(&app, "zhangpan", PASSWORD).await.1, 401);

    // With the new one, every page leads to 修改密码 until it is changed.
    let (c, s, to) = log_in(&app, "zhangpan", "reset-by-admin").await;
    assert_eq!((s, to.as_str()), (303, "/"));
    assert_eq!(
        visit(&app, &c, "/").await,
        (303, "/account/password".into())
    );
    assert_eq!(
        visit(&app, &c, "/cases/new").await,
        (303, "/account/password".into())
    );
    let page = app.page(&c, "/account/password").await;
    assert!(page.contains("管理员已重置您的密码"));
    // The API through the session is held too, with the way out named.
    let csrf = app.csrf(&c, "/account/password").await;
    let r = c.get(app.url("/api/v1/cases")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.text().await.unwrap().contains("请先修改密码"));

    // A wrong current password and a mismatched confirmation are named.
    let (s, html) = post_form(
        &app,
        &c,
        "/account/password",
        "/account/password",
        &[
            ("current_password", "wrong-one"),
            ("new_password", "mine-at-last"),
            ("confirm_password", "mine-at-last2"),
        ],
    )
    .await;
    assert_eq!(s, 422);
    assert!(
        html.contains("当前密码：当前密码不正确") || html.contains("确认新密码"),
        "{html}"
    );
    let (s, _) = post_form(
        &app,
        &c,
        "/account/password",
        "/account/password",
        &[
            ("current_password", "reset-by-admin"),
            ("new_password", "mine-at-last"),
            ("confirm_password", "mine-at-last"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    // This session goes on; the API through it works again.
    assert_eq!(visit(&app, &c, "/").await.0, 200);
    let r = c
        .get(app.url("/api/v1/me"))
        .header("x-csrf-token", csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(log_in(&app, "zhangpan", "mine-at-last").await.1, 303);
    assert_eq!(
        visit(&app, &elsewhere, "/").await.0,
        303,
        "the other session stays ended"
    );
    let me = app.state.store.user(id).await.unwrap();
    assert!(!me.must_change_password);
    let audit = app.state.store.audit_for("user", id).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["user.create", "user.update", "user.password"]);
    assert!(audit[1].after.as_deref().unwrap().contains("重置密码"));
    assert!(
        !audit[1]
            .after
            .as_deref()
            .unwrap()
            .contains("reset-by-admin")
    );
}

#[tokio::test]
async fn every_role_changes_its_own_password_through_the_api() {
    let app = spawn_app().await;
    for user in ["quju", "zhangpan", "zhujian", "baoan1", "ducha", "admin"] {
        let api = Api::new(&app, user).await;
        let (s, j) = api
            .post(
                "/api/v1/me/password",
                json!({ "current_password": "nope-nope", "new_password": "brand-new-1" }),
            )
            .await;
        assert_eq!(s, 422, "{user}: {j}");
        assert_eq!(j["fields"][0]["field"], "current_password");
        let r = reqwest::Client::new()
            .post(app.url("/api/v1/me/password"))
            .bearer_auth(app.token(user).await)
            .json(&json!({ "current_password": PASSWORD, "new_password": "brand-new-1" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 204, "{user}");
        assert_eq!(log_in(&app, user, "brand-new-1").await.1, 303, "{user}");
        assert_eq!(log_in(&app, user, PASSWORD).await.1, 401, "{user}");
    }
}
