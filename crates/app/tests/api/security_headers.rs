//! Security headers on every kind of answer, templates the policy can serve, and the OpenAPI document behind login.

use crate::helpers::spawn_app;

/// The headers every answer must carry, as a browser would check them.
const EXPECTED: &[(&str, &str)] = &[
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    ("x-content-type-options", "nosniff"),
];

fn check(what: &str, r: &reqwest::Response) {
    for (name, value) in EXPECTED {
        assert_eq!(
            r.headers().get(*name).and_then(|v| v.to_str().ok()),
            Some(*value),
            "{what}: {name}"
        );
    }
    let csp = r
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for d in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "style-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(directives.contains(&d), "{what}: CSP lacks {d}: {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval") && !csp.contains('*'),
        "{what}: {csp}"
    );
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    let anon = reqwest::Client::new();
    let token = app.token("quju").await;
    let page = app.login("quju").await;
    let answers = [
        ("a page", page.get(app.url("/")).send().await.unwrap(), 200),
        (
            "the login page",
            anon.get(app.url("/login")).send().await.unwrap(),
            200,
        ),
        (
            "an API answer",
            anon.get(app.url("/api/v1/me"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap(),
            200,
        ),
        (
            "an API refusal",
            anon.get(app.url("/api/v1/cases")).send().await.unwrap(),
            401,
        ),
        (
            "a static file",
            anon.get(app.url("/assets/app.css")).send().await.unwrap(),
            200,
        ),
        (
            "a missing page",
            anon.get(app.url("/no-such-page")).send().await.unwrap(),
            404,
        ),
        (
            "a missing case",
            page.get(app.url("/cases/999999")).send().await.unwrap(),
            404,
        ),
        (
            "the health check",
            anon.get(app.url("/healthz")).send().await.unwrap(),
            200,
        ),
    ];
    for (what, r, status) in &answers {
        assert_eq!(r.status().as_u16(), *status, "{what}");
        check(what, r);
    }
}

/// The policy allows no inline script or style: the templates must hold none.
#[test]
fn templates_hold_no_inline_script_or_style() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let html = std::fs::read_to_string(&path).unwrap().to_lowercase();
        seen += 1;
        for needle in [
            "<script",
            "<style",
            " style=",
            " onclick=",
            " onchange=",
            " onsubmit=",
            " onload=",
            "javascript:",
        ] {
            assert!(
                !html.contains(needle),
                "{} holds {needle:?}, which the Content-Security-Policy refuses",
                path.display()
            );
        }
    }
    assert!(seen > 10, "templates found in {}", dir.display());
}

#[tokio::test]
async fn the_openapi_document_is_behind_login() {
    let app = spawn_app().await;
    let anon = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    assert_eq!(anon.status(), 401, "not for anyone without an account");
    let with_token = reqwest::Client::new()
        .get(app.url("/api/v1/openapi.json"))
        .bearer_auth(app.token("zhujian").await)
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 200, "any role may read it");
    let session = app.login("baoan1").await;
    let r = session
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "a browser session may read it too");
    let doc: serde_json::Value = r.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/cases"].is_object());
}
