//! 积案 work supervised: the list filters backlog cases; the 一案一策 化解时限 and
//! the 定期联络 rhythm are milestones in 待办 and the sweep; 销号 with evidence.

use serde_json::json;

use crate::helpers::{Api, register, registration, spawn_app};

#[tokio::test]
async fn the_list_filters_backlog_cases_on_the_api_and_the_page() {
    let app = spawn_app().await;
    let plain = register(&app, registration(&app, "", "危房改造").await).await;
    let mut body = registration(&app, "", "医疗保障").await;
    body["backlog"] = json!("是");
    body["backlog_reason"] = json!("多次答复未化解");
    let backlog = register(&app, body).await;
    let d = Api::new(&app, "quju").await;
    let (s, all) = d.get("/api/v1/cases").await;
    assert_eq!((s, all["total"].as_i64()), (200, Some(2)));
    let (_, only) = d.get("/api/v1/cases?backlog=是").await;
    assert_eq!(only["total"], 1, "{only}");
    assert_eq!(only["items"][0]["id"], backlog["id"]);
    let client = app.login("quju").await;
    let page = app.page(&client, "/cases?backlog=是").await;
    assert!(page.contains("共 1 件"), "{page}");
    let number = backlog["number"].as_str().unwrap();
    let other = plain["number"].as_str().unwrap();
    assert!(page.contains(number) && !page.contains(other));
    assert!(page.contains(r#"name="backlog" value="是" checked"#));
}

/// A 危房改造 case of 张潘镇 received 2022-10-08 09:00, registered as 积案 and
/// assigned to 住建局 — the shape of the backlog cases the plan means.
async fn backlog_case(app: &crate::helpers::TestApp) -> serde_json::Value {
    let mut body = registration(app, "", "危房改造").await;
    body["backlog"] = json!("是");
    body["backlog_reason"] = json!("补助资金拨付程序复杂，多次答复未兑现");
    let case = register(app, body).await;
    let id = case["id"].as_i64().unwrap();
    Api::new(app, "quju")
        .await
        .assign_to(id, "411003-D04", "2022-10-08 10:00")
        .await;
    let (_, c) = Api::new(app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await;
    c
}

fn milestone<'a>(case: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    case["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == key)
}

#[tokio::test]
async fn the_plan_and_the_contact_rhythm_are_milestones_that_move_with_the_ledger() {
    let app = spawn_app().await;
    let case = backlog_case(&app).await;
    let id = case["id"].as_i64().unwrap();
    // Registered as 积案 on 2022-10-08: the next contact is due a month on, 11-08 24:00.
    let contact = milestone(&case, "backlog_contact").expect("contact clock");
    assert_eq!(contact["due_at"], "2022-11-09T00:00:00+08:00");
    assert_eq!(contact["name"], "积案定期联络");
    assert!(
        milestone(&case, "backlog_plan").is_none(),
        "no plan due date yet"
    );

    // A plan with its due date: the 化解时限 becomes a clock.
    let d = Api::new(&app, "quju").await;
    let (s, r) = d
        .post(
            &format!("/api/v1/cases/{id}/ledger/backlog"),
            json!({ "plan": "协调财政局拨付补助资金", "plan_due": "2022-12-31" }),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    let (_, c) = d.get(&format!("/api/v1/cases/{id}")).await;
    let plan = milestone(&c, "backlog_plan").expect("plan clock");
    assert_eq!(
        plan["due_at"], "2023-01-01T00:00:00+08:00",
        "24:00 of 12-31"
    );
    assert_eq!(plan["name"], "一案一策化解");

    // A 跟踪回访 on 10-20 restarts the contact clock: due 11-20 24:00.
    let (s, r) = Api::new(&app, "zhujian")
        .await
        .post(
            &format!("/api/v1/cases/{id}/ledger/followups"),
            json!({ "at": "2022-10-20 15:00", "note": "电话回访，说明拨付进度" }),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    let (_, c) = d.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        milestone(&c, "backlog_contact").unwrap()["due_at"],
        "2022-11-21T00:00:00+08:00"
    );
    // So does a contact recorded as a step, on 11-02: due 12-02 24:00.
    Api::new(&app, "zhujian")
        .await
        .step_ok(
            id,
            "contact",
            json!({ "at": "2022-11-02 10:00", "method": "电话联系", "note": "告知资金已到乡" }),
        )
        .await;
    let (_, c) = d.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        milestone(&c, "backlog_contact").unwrap()["due_at"],
        "2022-12-03T00:00:00+08:00"
    );
    // Overdue by today's clock: in the district's 待办 and swept like any milestone.
    let client = app.login("quju").await;
    let todo = app.page(&client, "/todo").await;
    assert!(todo.contains("积案定期联络"), "{todo}");
    let swept = xinfang::services::deadlines::sweep_deadlines::run_once(
        &app.state,
        xinfang_domain::clock::parse_time("2022-12-20 09:00").unwrap(),
    )
    .await
    .unwrap();
    assert!(swept.reminders + swept.urges > 0, "{swept:?}");
    // 12-20 is more than 5 working days past 12-02 24:00: a 通报 to the district;
    // the plan, due 12-31, is inside its last quarter: a 临期提醒 to the unit.
    let noticed = |inbox: &serde_json::Value, what: &str, level: &str| {
        inbox["items"].as_array().unwrap().iter().any(|n| {
            n["title"].as_str().unwrap_or_default().contains(what) && n["level_label"] == level
        })
    };
    let (_, district) = d.get("/api/v1/notifications").await;
    assert!(noticed(&district, "积案定期联络", "通报"), "{district}");
    let (_, unit) = Api::new(&app, "zhujian")
        .await
        .get("/api/v1/notifications")
        .await;
    assert!(noticed(&unit, "一案一策化解", "临期提醒"), "{unit}");
    // No longer a backlog case: no backlog clocks.
    d.post(
        &format!("/api/v1/cases/{id}/ledger/backlog"),
        json!({ "backlog": "否" }),
    )
    .await;
    let (_, c) = d.get(&format!("/api/v1/cases/{id}")).await;
    assert!(milestone(&c, "backlog_contact").is_none());
    assert!(milestone(&c, "backlog_plan").is_none());
}

#[tokio::test]
async fn the_district_resolves_a_backlog_case_with_its_evidence() {
    let app = spawn_app().await;
    let case = backlog_case(&app).await;
    let id = case["id"].as_i64().unwrap();
    let d = Api::new(&app, "quju").await;
    d.post(
        &format!("/api/v1/cases/{id}/ledger/backlog"),
        json!({ "plan": "协调拨付", "plan_due": "2022-12-31" }),
    )
    .await;
    let (s, scan) = d
        .upload(id, "签字确认.pdf", b"%PDF-1.4\n%%EOF\n".to_vec())
        .await;
    assert_eq!(s, 201, "{scan}");
    let path = format!("/api/v1/cases/{id}/ledger/resolve");
    let body = json!({ "at": "2022-12-20 16:00", "evidence": "补助资金已拨付到户，信访人签字确认", "attachment_id": scan["id"] });
    // Only the district: the township and the handling department are refused.
    for user in ["zhangpan", "zhujian", "ducha"] {
        let (s, r) = Api::new(&app, user).await.post(&path, body.clone()).await;
        assert_eq!(s, 403, "{user}: {r}");
    }
    // The evidence is required; an attachment of another case is refused.
    let (s, r) = d.post(&path, json!({ "at": "2022-12-20 16:00" })).await;
    assert_eq!(s, 422, "{r}");
    assert_eq!(r["fields"][0]["field"], "evidence");
    let other = register(&app, registration(&app, "", "医疗保障").await).await;
    let (_, other_scan) = d
        .upload(
            other["id"].as_i64().unwrap(),
            "其他.pdf",
            b"%PDF-1.4\n%%EOF\n".to_vec(),
        )
        .await;
    let (s, r) = d
        .post(
            &path,
            json!({ "evidence": "已化解", "attachment_id": other_scan["id"] }),
        )
        .await;
    assert_eq!(
        (s, &r["fields"][0]["field"]),
        (422, &json!("attachment_id")),
        "{r}"
    );

    let (s, l) = d.post(&path, body.clone()).await;
    assert_eq!(s, 200, "{l}");
    assert_eq!(l["resolved_at"], "2022-12-20T16:00:00+08:00");
    assert_eq!(
        l["resolution_evidence"],
        "补助资金已拨付到户，信访人签字确认"
    );
    assert_eq!(l["resolution_attachment_id"], scan["id"]);
    let (_, c) = d.get(&format!("/api/v1/cases/{id}")).await;
    let plan = milestone(&c, "backlog_plan").unwrap();
    assert_eq!(plan["state"], "按期完成", "resolved 12-20, due 12-31 24:00");
    assert!(
        milestone(&c, "backlog_contact").is_none(),
        "no more contact rhythm"
    );
    let last = c["events"].as_array().unwrap().last().unwrap()["text"].clone();
    assert!(
        last.as_str()
            .unwrap()
            .contains("积案销号（2022-12-20 16:00）"),
        "{last}"
    );
    // Once only.
    let (s, r) = d.post(&path, body).await;
    assert_eq!(s, 409, "{r}");
    // A case that is no backlog case has nothing to resolve.
    let (s, _) = d
        .post(
            &format!("/api/v1/cases/{}/ledger/resolve", other["id"]),
            json!({ "evidence": "已化解" }),
        )
        .await;
    assert_eq!(s, 409);
    // The audit trail has it.
    let (_, audit) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/audit?kind=case")
        .await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "case.resolve"),
        "{audit}"
    );
    // The page shows it, and offers no second 销号.
    let client = app.login("quju").await;
    let page = app.page(&client, &format!("/cases/{id}/ledger")).await;
    assert!(page.contains("已于 2022-12-20 16:00 销号") && page.contains("签字确认.pdf"));
    assert!(!page.contains("确认销号"));
}

#[tokio::test]
async fn the_resolve_form_on_the_page_for_the_district() {
    let app = spawn_app().await;
    let case = backlog_case(&app).await;
    let id = case["id"].as_i64().unwrap();
    let township = app.login("zhangpan").await;
    let page = app.page(&township, &format!("/cases/{id}/ledger")).await;
    assert!(!page.contains("确认销号") && page.contains("由区乡村振兴局确认"));
    let client = app.login("quju").await;
    let page = app.page(&client, &format!("/cases/{id}/ledger")).await;
    assert!(page.contains("确认销号"));
    let csrf = app.csrf(&client, &format!("/cases/{id}/ledger")).await;
    let r = client
        .post(app.url(&format!("/cases/{id}/ledger/resolve")))
        .form(&[("_csrf", csrf.as_str()), ("at", ""), ("evidence", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("化解情况及佐证"));
    let r = client
        .post(app.url(&format!("/cases/{id}/ledger/resolve")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("at", ""),
            ("evidence", "已签订协议息诉罢访"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = app
        .page(&client, &format!("/cases/{id}/ledger?done=resolve"))
        .await;
    assert!(page.contains("积案已销号") && page.contains("已签订协议息诉罢访"));
}

#[tokio::test]
async fn the_contact_rhythm_is_a_setting_the_administrator_changes() {
    let app = spawn_app().await;
    let case = backlog_case(&app).await;
    let id = case["id"].as_i64().unwrap();
    let admin = app.login("admin").await;
    let csrf = app.csrf(&admin, "/admin/rules").await;
    let post = |client: reqwest::Client, csrf: String, rhythm: &'static str| {
        let url = app.url("/admin/rules");
        async move {
            client
                .post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("action", "contact"),
                    ("rhythm", rhythm),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let r = post(admin.clone(), csrf.clone(), "每周").await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("联络频次"));
    let r = post(admin.clone(), csrf.clone(), "15").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("积案定期联络频次已改为每15天")
    );
    // Registered 10-08: every 15 days, due 10-23 24:00.
    let (_, c) = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await;
    assert_eq!(
        milestone(&c, "backlog_contact").unwrap()["due_at"],
        "2022-10-24T00:00:00+08:00"
    );
    // Back to monthly from the console: due 11-08 24:00 again.
    let (ok, out, err) = crate::cli::xinfang(&app, &["rules", "contact", "monthly"]);
    assert!(ok, "{err}");
    assert!(out.contains("每月"), "{out}");
    let (_, c) = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await;
    assert_eq!(
        milestone(&c, "backlog_contact").unwrap()["due_at"],
        "2022-11-09T00:00:00+08:00"
    );
    // Not for the district bureau.
    let quju = app.login("quju").await;
    let csrf = app.csrf(&quju, "/").await;
    let r = post(quju, csrf, "10").await;
    assert_eq!(r.status().as_u16(), 403);
}
