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

    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "quju"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
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
async fn wrong_passwords_lock_the_account() {
    let app = spawn_app().await;
    let c = app.client();
    for i in 1..=5 {
        let r = c
            .post(app.url("/login"))
            .form(&[("username", "zhangpan"), ("password", "wrong")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "attempt {i}");
        let body = r.text().await.unwrap();
        if i < 5 {
            assert!(body.contains("用户名或密码错误"));
        } else {
            assert!(body.contains("锁定"), "the fifth failure locks: {body}");
        }
    }
    let r = c
        .post(app.url("/login"))
        .form(&[("username", "zhangpan"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        401,
        "even the right password waits out the lock"
    );
    assert!(r.text().await.unwrap().contains("锁定至"));
    let r = c
        .post(app.url("/login"))
        .form(&[("username", "nobody"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(
        r.text().await.unwrap().contains("用户名或密码错误"),
        "unknown names look like wrong passwords"
    );
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
    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json"))
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
