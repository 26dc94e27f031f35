//! 督办 robots: 企业微信/钉钉 JSON to a local receiver, retry with backoff, a dead robot visible to the 系统管理员.

use std::sync::{Arc, Mutex};

use serde_json::json;
use xinfang::services::deadlines::deliver_webhooks::deliver_webhooks;
use xinfang::services::deadlines::sweep_deadlines::run_once;

use crate::helpers::spawn_app;
use crate::supervision::{open_case, sweep, t};
/// A robot stand-in on 127.0.0.1: records each body and answers the next scripted status (then 200).
async fn receiver(script: Vec<u16>) -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let script = Arc::new(Mutex::new(script.into_iter()));
    let seen = Arc::clone(&got);
    let app = axum::Router::new().route(
        "/robot",
        axum::routing::post(move |body: axum::Json<serde_json::Value>| {
            let seen = Arc::clone(&seen);
            let script = Arc::clone(&script);
            async move {
                seen.lock().unwrap().push(body.0);
                let status = script.lock().unwrap().next().unwrap_or(200);
                let code = axum::http::StatusCode::from_u16(status).unwrap();
                (code, axum::Json(json!({ "errcode": 0, "errmsg": "ok" })))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/robot?key=test-key"), got)
}

#[tokio::test]
async fn webhooks_post_the_robot_json_and_retry_with_backoff() {
    let app = spawn_app().await;
    let (_, number) = open_case(&app).await;
    let unit = app.org_id("411003-D04").await;
    let (wecom, wecom_got) = receiver(vec![]).await;
    let (ding, ding_got) = receiver(vec![500, 500]).await;
    let now = app.state.now();
    app.state
        .store
        .create_webhook(unit, "wecom", &wecom, false, None, now)
        .await
        .unwrap();
    app.state
        .store
        .create_webhook(unit, "dingtalk", &ding, true, None, now)
        .await
        .unwrap();
    // A robot of another unit hears nothing of this case.
    let (elsewhere, elsewhere_got) = receiver(vec![]).await;
    app.state
        .store
        .create_webhook(
            app.org_id("411003105").await,
            "wecom",
            &elsewhere,
            false,
            None,
            now,
        )
        .await
        .unwrap();

    let r = sweep(&app, "2022-09-29 10:00").await;
    assert_eq!(
        (r.reminders, r.deliveries_attempted, r.deliveries_failed),
        (1, 2, 1)
    );
    let body = wecom_got.lock().unwrap()[0].clone();
    assert_eq!(body["msgtype"], "text");
    let content = body["text"]["content"].as_str().unwrap();
    assert!(
        content.contains(&number) && content.contains("临期提醒"),
        "{content}"
    );
    assert!(elsewhere_got.lock().unwrap().is_empty());

    // 钉钉 answered 500: retried after 1 minute, then 2 more, and delivered on the third try.
    let deliver = |at: &'static str| {
        let state = app.state.clone();
        async move { deliver_webhooks(&state, t(at)).await.unwrap() }
    };
    assert_eq!(
        deliver("2022-09-29 10:00:30").await.attempted,
        0,
        "not before a minute"
    );
    let second = deliver("2022-09-29 10:01").await;
    assert_eq!((second.attempted, second.failed), (1, 1));
    assert_eq!(
        deliver("2022-09-29 10:02").await.attempted,
        0,
        "then two minutes"
    );
    let third = deliver("2022-09-29 10:03").await;
    assert_eq!((third.attempted, third.delivered), (1, 1));
    assert_eq!(
        deliver("2022-09-29 11:00").await.attempted,
        0,
        "delivered once, for good"
    );
    let posts = ding_got.lock().unwrap().clone();
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[2]["msgtype"], "markdown");
    assert!(
        posts[2]["markdown"]["title"]
            .as_str()
            .unwrap()
            .contains(&number)
    );
    assert!(
        app.state
            .store
            .failed_deliveries()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(wecom_got.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_dead_robot_ends_as_a_visible_failure() {
    let app = spawn_app().await;
    open_case(&app).await;
    // A port that was just free: nothing listens there.
    let dead = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/cgi-bin/webhook/send?key=secret-key",
        dead.local_addr().unwrap()
    );
    drop(dead);
    let unit = app.org_id("411003-D04").await;
    app.state
        .store
        .create_webhook(unit, "wecom", &url, false, None, app.state.now())
        .await
        .unwrap();

    let mut at = t("2022-09-29 10:00");
    let first = run_once(&app.state, at).await.unwrap();
    assert_eq!(
        (first.deliveries_attempted, first.deliveries_failed),
        (1, 1)
    );
    let admin = app.login("admin").await;
    let html = app.page(&admin, "/admin/webhooks").await;
    assert!(html.contains("推送失败") && html.contains("1 次"), "{html}");
    assert!(
        html.contains("Connection refused") || html.contains("connect"),
        "{html}"
    );
    assert!(!html.contains("secret-key"), "the robot's key is not shown");
    // Seven more tries, each after its backoff, then it is given up and stays visible.
    for n in 1..8 {
        at = at
            .checked_add(jiff::SignedDuration::from_mins(1 << (n - 1)))
            .unwrap();
        assert_eq!(
            deliver_webhooks(&app.state, at).await.unwrap().failed,
            1,
            "try {}",
            n + 1
        );
    }
    at = at
        .checked_add(jiff::SignedDuration::from_hours(24))
        .unwrap();
    assert_eq!(deliver_webhooks(&app.state, at).await.unwrap().attempted, 0);
    let html = app.page(&admin, "/admin/webhooks").await;
    assert!(html.contains("8 次") && html.contains("已放弃"), "{html}");
    // Only the 系统管理员 sees or changes robots.
    let officer = app.login("zhujian").await;
    let r = officer
        .get(app.url("/admin/webhooks"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn an_administrator_adds_a_robot_by_form() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let csrf = app.csrf(&admin, "/admin/webhooks").await;
    let unit = app.org_id("411003-D04").await.to_string();
    let form = |url: &'static str, csrf: &str| {
        vec![
            ("_csrf", csrf.to_string()),
            ("org_id", unit.clone()),
            ("kind", "dingtalk".to_string()),
            ("url", url.to_string()),
            ("markdown", "on".to_string()),
        ]
    };
    let r = admin
        .post(app.url("/admin/webhooks"))
        .form(&form("ftp://x", &csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("应为以 https:"));
    let r = admin
        .post(app.url("/admin/webhooks"))
        .form(&form(
            "https://oapi.dingtalk.com/robot/send?access_token=abc",
            &csrf,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = app.page(&admin, "/admin/webhooks").await;
    assert!(
        html.contains("钉钉") && html.contains("区住房和城乡建设局") && html.contains("send?…"),
        "{html}"
    );
    let hooks = app.state.store.webhooks().await.unwrap();
    assert_eq!(hooks.len(), 1);
    assert!(hooks[0].markdown && hooks[0].kind == "dingtalk");
    let r = admin
        .post(app.url("/admin/webhooks"))
        .form(&form("https://a.b/c", "wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "CSRF");
}
