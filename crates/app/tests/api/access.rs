//! A user sees only what their organisation may see — tried by every kind of request.

use serde_json::json;

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

/// A case in 张潘镇, assigned to 住建局 with 包案领导 baoan1, with one attachment.
async fn zhangpan_case(app: &TestApp) -> (i64, i64) {
    let case = register(
        app,
        registration(app, "11010519491231002X", "危房改造").await,
    )
    .await;
    let id = case["id"].as_i64().unwrap();
    let district = Api::new(app, "quju").await;
    district
        .step_ok(id, "assign", json!({ "unit_id": app.org_id("411003-D04").await, "leader_user_id": app.user_id("baoan1").await }))
        .await;
    let (s, att) = district
        .upload(id, "告知书.pdf", b"%PDF-1.4 test".to_vec())
        .await;
    assert_eq!(s, 201, "{att}");
    (id, att["id"].as_i64().unwrap())
}

#[tokio::test]
async fn another_township_cannot_read_or_change_a_case_through_the_api() {
    let app = spawn_app().await;
    let (id, att) = zhangpan_case(&app).await;
    let petitioner = app
        .state
        .store
        .case(id, &xinfang_domain::access::CaseScope::all())
        .await
        .unwrap()
        .petitioner
        .unwrap()
        .id;
    let other = Api::new(&app, "lingjing").await;

    let (s, body) = other.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(s, 404, "reading: {body}");
    assert_eq!(body["code"], "not_found");
    let (s, list) = other.get("/api/v1/cases").await;
    assert_eq!(s, 200);
    assert_eq!(list["total"], 0, "listing shows nothing of 张潘镇");
    let (s, _) = other.get("/api/v1/cases?township=张潘镇").await;
    assert_eq!(s, 200);
    let (_, filtered) = other.get("/api/v1/cases?township=张潘镇").await;
    assert_eq!(
        filtered["total"], 0,
        "filtering by the other township still shows nothing"
    );
    for step in ["contact", "comment", "opinion", "close", "assign", "reopen"] {
        let (s, body) = other
            .post(
                &format!("/api/v1/cases/{id}/steps/{step}"),
                json!({ "note": "x", "unit_id": 1 }),
            )
            .await;
        assert_eq!(s, 404, "step {step}: {body}");
    }
    let (s, _) = other.upload(id, "x.pdf", b"%PDF-1.4".to_vec()).await;
    assert_eq!(s, 404, "uploading");
    let r = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/attachments/{att}")))
        .bearer_auth(app.token("lingjing").await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "downloading an attachment");
    let (s, _) = other
        .get(&format!("/api/v1/petitioners/{petitioner}"))
        .await;
    assert_eq!(s, 404, "the petitioner's file");

    // Nothing changed.
    let (_, c) = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await;
    assert_eq!(
        c["events"].as_array().unwrap().len(),
        3,
        "登记, 转办, 上传附件 only"
    );
}

#[tokio::test]
async fn another_township_cannot_read_or_change_a_case_through_the_pages() {
    let app = spawn_app().await;
    let (id, att) = zhangpan_case(&app).await;
    let c = app.login("lingjing").await;
    for path in [format!("/cases/{id}"), format!("/attachments/{att}")] {
        let r = c.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
        let body = r.text().await.unwrap();
        assert!(body.contains("未找到"), "{path} says why");
        assert!(!body.contains("危房改造补助"), "{path} leaks nothing");
    }
    let list = app.page(&c, "/cases").await;
    assert!(!list.contains("建安信访〔2022〕0001号"));
    let csrf = app.csrf(&c, "/").await;
    let r = c
        .post(app.url(&format!("/cases/{id}/steps/comment")))
        .form(&[("_csrf", csrf.as_str()), ("note", "越权批注")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let (_, after) = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await;
    assert!(!after.to_string().contains("越权批注"));
}

#[tokio::test]
async fn each_role_sees_what_its_organisation_may_see() {
    let app = spawn_app().await;
    let (id, _) = zhangpan_case(&app).await;
    // A second case in 灵井镇, not assigned.
    let mut body = registration(&app, "", "民政救助").await;
    body["township_id"] = json!(app.org_id("411003106").await);
    register(&app, body).await;

    let cases = |v: serde_json::Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    let see = |user: &'static str| {
        let app = &app;
        async move { cases(Api::new(app, user).await.get("/api/v1/cases").await.1) }
    };
    assert_eq!(see("quju").await.len(), 2, "the district sees all");
    assert_eq!(see("ducha").await.len(), 2, "the inspector reads all");
    assert_eq!(
        see("zhangpan").await,
        vec![id],
        "a township sees its territory"
    );
    assert_eq!(see("lingjing").await.len(), 1, "and only its own");
    assert_eq!(
        see("zhujian").await,
        vec![id],
        "a department sees what is assigned to it"
    );
    assert!(
        see("minzheng").await.is_empty(),
        "an unrelated department sees nothing"
    );
    assert_eq!(
        see("baoan1").await,
        vec![id],
        "a leader sees the cases they own"
    );
    assert!(see("baoan2").await.is_empty());
}
