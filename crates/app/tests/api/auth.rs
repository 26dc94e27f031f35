//! Logging in: passwords, lockout, sessions, CSRF, bearer tokens.

use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn pages_need_a_login_and_the_cookie_is_protected() {
    let app = spawn_app().await;
    let c = app.client();
    let r = c.get(app.url("/cases?kind=重复访")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=/cases")
    );

    let token = app.csrf(&c, "/login").await;
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "quju"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "/",
        "never redirect off-site after login"
    );
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("工作台"));

    // Logging out ends the session on the server too.
    let csrf = app.csrf(&c, "/").await;
    let r = c
        .post(app.url("/logout"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(c.get(app.url("/")).send().await.unwrap().status(), 303);
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_without_saying_so() {
    let app = spawn_app().await;
    let c = app.client();
    let token = app.csrf(&c, "/login").await;
    let try_login = |username: &'static str, password: &'static str| {
        let (c, token, url) = (c.clone(), token.clone(), app.url("/login"));
        async move {
            let r = c
                .post(url)
                .form(&[
                    ("username", username),
                    ("password", password),
                    ("_csrf", token.as_str()),
                ])
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), alert(&r.text().await.unwrap()))
        }
    };
    let refused = (401, "用户名或密码错误".to_string());
    for i in 1..=5 {
        assert_eq!(try_login("zhangpan", "wrong").await, refused, "attempt {i}");
    }
    let u = app
        .state
        .store
        .user_by_username("zhangpan")
        .await
        .unwrap()
        .unwrap();
    assert!(u.is_locked(app.state.now()), "the fifth failure locks");
    assert_eq!(
        try_login("zhangpan", PASSWORD).await,
        refused,
        "even the right password waits out the lock, and is not told so"
    );
    assert_eq!(
        try_login("nobody", "x").await,
        refused,
        "unknown names look like wrong passwords"
    );
}

/// The text of the login page's alert.
pub(crate) fn alert(html: &str) -> String {
    let marker = "role=\"alert\">";
    html.find(marker)
        .map(|i| &html[i + marker.len()..])
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn forms_without_the_session_token_are_refused() {
    let app = spawn_app().await;
    let c = app.login("quju").await;
    let before = app.state.store.count_cases().await.unwrap();
    let form = [("kind", "初信初访"), ("summary", "x"), ("_csrf", "forged")];
    let r = c
        .post(app.url("/cases/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = c
        .post(app.url("/cases/new"))
        .form(&[("kind", "初信初访")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let csrf = app.csrf(&c, "/cases/new").await;
    let r = c
        .post(app.url("/cases/new"))
        .header("origin", "http://evil.example")
        .form(&[("_csrf", csrf.as_str()), ("kind", "初信初访")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        403,
        "a cross-site origin is refused even with a token"
    );
    assert_eq!(app.state.store.count_cases().await.unwrap(), before);
}

#[tokio::test]
async fn the_api_wants_a_token_or_a_session_with_its_csrf_header() {
    let app = spawn_app().await;
    let anon = reqwest::Client::new();
    let r = anon.get(app.url("/api/v1/cases")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "unauthorized");
    let r = anon
        .get(app.url("/api/v1/cases"))
        .bearer_auth("xf_not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = anon
        .get(app.url("/api/v1/me"))
        .bearer_auth(app.token("zhangpan").await)
        .send()
        .await
        .unwrap();
    let me: serde_json::Value = r.json().await.unwrap();
    assert_eq!(me["org"], "张潘镇");

    // A browser session may read, but must send X-CSRF-Token to write.
    let c = app.login("quju").await;
    assert_eq!(
        c.get(app.url("/api/v1/cases"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let r = c
        .post(app.url("/api/v1/cases"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let csrf = app.csrf(&c, "/").await;
    let r = c
        .post(app.url("/api/v1/cases"))
        .header("x-csrf-token", csrf)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        422,
        "past CSRF, the empty body is refused field by field"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let doc: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/openapi.json"))
        .bearer_auth(app.token("zhangpan").await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with('3'));
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/steps/{step}",
        "/api/v1/cases/{id}/attachments",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert!(doc["components"]["schemas"]["CaseJson"].is_object());
}
