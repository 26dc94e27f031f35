//! The lockout holds under parallel guessing, answers alike for unknown, wrong and locked, tells the user afterwards and shows the administrator.

use xinfang_store::AuditFilter;

use crate::auth::alert;
use crate::helpers::{PASSWORD, TestApp, spawn_app};

const REFUSED: &str = "用户名或密码错误";

/// A client holding the login form's token, and that token.
async fn login_client(app: &TestApp) -> (reqwest::Client, String) {
    let c = app.client();
    let token = app.csrf(&c, "/login").await;
    (c, token)
}

/// One login attempt: status, the page's alert, and whether a session cookie came back.
async fn attempt(
    c: reqwest::Client,
    url: String,
    token: String,
    username: String,
    password: String,
) -> (u16, String, bool) {
    let r = c
        .post(url)
        .form(&[
            ("username", username.as_str()),
            ("password", password.as_str()),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap_or_default().starts_with("xf_session="));
    (
        r.status().as_u16(),
        alert(&r.text().await.unwrap()),
        session,
    )
}

async fn parallel(
    app: &TestApp,
    n: usize,
    username: &str,
    password: &str,
) -> Vec<(u16, String, bool)> {
    let (c, token) = login_client(app).await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        set.spawn(attempt(
            c.clone(),
            app.url("/login"),
            token.clone(),
            username.to_string(),
            password.to_string(),
        ));
    }
    set.join_all().await
}

#[tokio::test]
async fn a_hundred_parallel_wrong_passwords_are_checked_at_most_the_limit() {
    let app = spawn_app().await;
    let limit = app.state.config.lockout_failures;
    let answers = parallel(&app, 100, "zhangpan", "wrong-guess").await;
    assert!(
        answers
            .iter()
            .all(|a| *a == (401, REFUSED.to_string(), false)),
        "every guess gets the one answer"
    );
    // Each checked password was counted before it was checked: the count is
    // the number of passwords checked, and it stops at the limit.
    let u = app
        .state
        .store
        .user_by_username("zhangpan")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.failed_logins, limit, "at most {limit} guesses checked");
    assert!(u.is_locked(app.state.now()));
    let trail = app
        .state
        .store
        .list_audit(&AuditFilter::default(), 10_000, 0)
        .await
        .unwrap();
    let locks = trail
        .items
        .iter()
        .filter(|(e, _)| e.action == "user.lock" && e.entity_id == Some(u.id))
        .count();
    assert_eq!(locks, 1, "one lock, audited once");

    // While locked, fifty parallel right passwords get no session either.
    let answers = parallel(&app, 50, "zhangpan", PASSWORD).await;
    assert!(
        answers
            .iter()
            .all(|a| *a == (401, REFUSED.to_string(), false)),
        "the right password is refused while locked: {answers:?}"
    );
    let after = app
        .state
        .store
        .user_by_username("zhangpan")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        after.failed_logins, limit,
        "no try was granted while locked"
    );
}

/// Five attempts as `username`: the answers (status, alert, cookie) and the
/// argon2 checks they cost, counted by the server (no timing: the work done
/// is what must not differ).
async fn five_attempts(app: &TestApp, username: &str) -> (Vec<(u16, String, bool)>, u64) {
    let (c, token) = login_client(app).await;
    let before = xinfang::services::admin::auth::password_checks();
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(
            attempt(
                c.clone(),
                app.url("/login"),
                token.clone(),
                username.to_string(),
                "wrong".to_string(),
            )
            .await,
        );
    }
    let checks = xinfang::services::admin::auth::password_checks() - before;
    (answers, checks)
}

#[tokio::test]
async fn unknown_locked_and_wrong_cost_alike() {
    let app = spawn_app().await;
    // Lock 张专干 first (5 wrong passwords, each checked).
    parallel(&app, 5, "zhangpan", "wrong").await;
    // 林专干 is neither unknown nor locked: a wrong password, then four
    // more (the fifth locks, each still checked once).
    let wrong = five_attempts(&app, "lingjing").await;
    let unknown = five_attempts(&app, "no-such-user").await;
    let locked = five_attempts(&app, "zhangpan").await;
    let refused = vec![(401, REFUSED.to_string(), false); 5];
    for (what, (answers, checks)) in [("wrong", wrong), ("unknown", unknown), ("locked", locked)] {
        assert_eq!(answers, refused, "{what}: the same answer");
        // One argon2 check per attempt, a dummy one for the unknown and the
        // locked: without it they would answer several times faster.
        assert_eq!(checks, 5, "{what}: one password check per attempt");
    }
}

#[tokio::test]
async fn the_user_is_told_of_the_lock_and_the_administrator_sees_and_lifts_it() {
    let app = spawn_app().await;
    let limit = app.state.config.lockout_failures;
    parallel(&app, 5, "zhangpan", "wrong").await;
    let id = app.user_id("zhangpan").await;
    let u = app.state.store.user(id).await.unwrap();
    let locked_at = xinfang_domain::clock::format_local(u.locked_at.expect("lock noted"));
    let until = xinfang_domain::clock::format_local(u.locked_until.expect("locked"));

    // 管理 → 用户 lists the lock; the user's page shows it with 解除锁定.
    let admin = app.login("admin").await;
    let list = app.page(&admin, "/admin/users").await;
    assert!(
        list.contains(&format!("锁定至 {until}")),
        "the list shows the lock"
    );
    assert!(list.contains(&format!("连续密码错误 {limit} 次")));
    let page = app.page(&admin, &format!("/admin/users/{id}")).await;
    assert!(page.contains(&format!("/admin/users/{id}/unlock")));
    assert!(
        page.contains(&locked_at),
        "last failure and lock time shown"
    );

    let csrf = app.csrf(&admin, &format!("/admin/users/{id}")).await;
    let r = admin
        .post(app.url(&format!("/admin/users/{id}/unlock")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("已解除锁定"));
    let trail = app
        .state
        .store
        .list_audit(&AuditFilter::default(), 10_000, 0)
        .await
        .unwrap();
    assert!(
        trail.items.iter().any(|(e, _)| e.action == "user.unlock"
            && e.actor_name == "管理员"
            && e.entity_id == Some(id)),
        "the unlock is audited"
    );

    // The next login tells 张专干 when and why, once.
    let c = app.login("zhangpan").await;
    let home = app.page(&c, "/").await;
    assert!(
        home.contains(&format!(
            "您的账号于 {locked_at} 因连续{limit}次密码错误被锁定"
        )),
        "the 工作台 tells of the lock"
    );
    let again = app.login("zhangpan").await;
    assert!(!app.page(&again, "/").await.contains("密码错误被锁定"));
}
