//! The login form: its own CSRF token before any session, and `next` followed only to a path of this site.

use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// Log in as 区级 with `next`; the answer's status and Location.
async fn login_with_next(app: &TestApp, next: &str) -> (u16, String) {
    let c = app.client();
    let token = app.csrf(&c, "/login").await;
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "quju"),
            ("password", PASSWORD),
            ("next", next),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let to = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status().as_u16(), to)
}

#[tokio::test]
async fn next_is_followed_only_to_a_path_of_this_site() {
    let app = spawn_app().await;
    for bad in [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "https://evil.example/",
        "/\r\nSet-Cookie: x=1",
        "/\r",
        "/\n/evil.example",
        "/\u{7f}",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "evil.example",
        "",
    ] {
        assert_eq!(
            login_with_next(&app, bad).await,
            (303, "/".to_string()),
            "next={bad:?} goes to the 工作台"
        );
    }
    assert_eq!(
        login_with_next(&app, "/cases/new").await,
        (303, "/cases/new".to_string())
    );
    // Beyond ASCII is percent-encoded, so the header is always valid.
    assert_eq!(
        login_with_next(&app, "/cases?kind=重复访").await,
        (303, "/cases?kind=%E9%87%8D%E5%A4%8D%E8%AE%BF".to_string())
    );

    // The login page itself never fails on a hostile next, and never carries it.
    for query in [
        "next=/%09/evil.example",
        "next=//evil.example",
        "next=/%5Cevil.example",
        "next=https://evil.example",
        "next=/%0D%0ASet-Cookie:%20x=1",
        "next=/%7F",
        "next=%FF%FE",
    ] {
        let r = reqwest::get(app.url(&format!("/login?{query}")))
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{query}");
        let html = r.text().await.unwrap();
        let marker = r#"name="next" value=""#;
        let at = html.find(marker).expect("the form carries next") + marker.len();
        let value = html[at..].split('"').next().unwrap();
        assert!(
            value == "/" || value == "&#x2f;",
            "{query}: the form's next is the 工作台, not {value}"
        );
    }
}

#[tokio::test]
async fn a_login_without_the_form_token_is_refused() {
    let app = spawn_app().await;
    let no_session = |r: &reqwest::Response| {
        !r.headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap_or_default().starts_with("xf_session="))
    };
    // A cross-site form posts the attacker's name and password, without the token.
    let victim = app.client();
    let r = victim
        .post(app.url("/login"))
        .form(&[("username", "quju"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(no_session(&r));
    assert!(
        r.text().await.unwrap().contains("登录表单已过期或来源不明"),
        "the page says why, and offers the form again"
    );
    assert_eq!(
        victim.get(app.url("/")).send().await.unwrap().status(),
        303,
        "not logged in"
    );

    // The attacker's own token does not match the victim's cookie.
    let attacker = app.client();
    let theirs = app.csrf(&attacker, "/login").await;
    let _mine = app.csrf(&victim, "/login").await;
    let r = victim
        .post(app.url("/login"))
        .form(&[
            ("username", "quju"),
            ("password", PASSWORD),
            ("_csrf", theirs.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(no_session(&r));

    // The right token from another site's page is refused too.
    let mine = app.csrf(&victim, "/login").await;
    let r = victim
        .post(app.url("/login"))
        .header("origin", "https://evil.example")
        .form(&[
            ("username", "quju"),
            ("password", PASSWORD),
            ("_csrf", mine.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(no_session(&r));

    // Refused logins counted nothing against the account.
    let u = app
        .state
        .store
        .user_by_username("quju")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.failed_logins, 0);

    // The token cookie is strict and HttpOnly, scoped to the login page.
    let r = reqwest::get(app.url("/login")).await.unwrap();
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.starts_with("xf_login_csrf=")
            && set.contains("HttpOnly")
            && set.contains("SameSite=Strict")
            && set.contains("Path=/login"),
        "{set}"
    );
}
