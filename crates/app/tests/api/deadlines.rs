//! Milestones on cases: due times on the real calendar, states from the case's events, extensions.

use serde_json::json;

use crate::helpers::{Api, opinion_body, register, registration, spawn_app};

fn milestone<'a>(case: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    case["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == key)
        .unwrap_or_else(|| panic!("{key} in {}", case["milestones"]))
}

#[tokio::test]
async fn a_repeat_petition_before_national_day_gets_the_plan_s_milestones() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["kind"] = json!("重复访");
    body["received_at"] = json!("2022-09-26 09:10");
    let case = register(&app, body).await;
    let id = case["id"].as_i64().unwrap();

    // Worked out by hand on the 2022 calendar: received Monday 09-26 09:10.
    // Same day → 09-26 24:00. 24 hours → 09-27 09:10. Three working days,
    // the receiving day not counted: 09-27, 09-28, 09-29 → 09-29 24:00.
    // Ten working days: 09-27..09-30 (4), 10-01..10-07 off (国庆节),
    // 10-08 Sat and 10-09 Sun are makeup working days (5, 6), 10-10..10-13 (7..10) → 10-13 24:00.
    let m = milestone(&case, "contact_same_day");
    assert_eq!(m["due_display"], "2022-09-26 24:00");
    assert_eq!(m["due_at"], "2022-09-27T00:00:00+08:00");
    assert_eq!(
        milestone(&case, "unit_and_talk")["due_display"],
        "2022-09-27 09:10"
    );
    assert_eq!(
        milestone(&case, "preliminary_report")["due_display"],
        "2022-09-29 24:00"
    );
    let handling = milestone(&case, "handling_report");
    assert_eq!(handling["due_display"], "2022-10-13 24:00");
    let why = handling["explanation"].as_str().unwrap();
    assert!(why.contains("国庆节") && why.contains("调休"), "{why}");
    // The case is years old by the real clock: every open deadline is overdue.
    assert_eq!(handling["state"], "已超期");
    assert_eq!(milestone(&case, "review_window")["state"], "未开始");

    let district = Api::new(&app, "quju").await;
    district
        .step_ok(
            id,
            "assign",
            json!({ "at": "2022-09-26 10:00", "unit_id": app.org_id("411003-D04").await }),
        )
        .await;
    let c = district
        .step_ok(
            id,
            "contact",
            json!({ "at": "2022-09-26 15:40", "method": "电话联系", "note": "已联系" }),
        )
        .await;
    assert_eq!(milestone(&c, "contact_same_day")["state"], "按期完成");
    let c = district
        .step_ok(
            id,
            "contact",
            json!({ "at": "2022-09-28 10:00", "method": "当面沟通", "note": "面谈" }),
        )
        .await;
    assert_eq!(
        milestone(&c, "unit_and_talk")["state"],
        "逾期完成",
        "face to face only on 09-28"
    );

    // An extension moves the due time and says so; more than 30 days is refused.
    let (s, err) = district
        .post(&format!("/api/v1/cases/{id}/steps/extend"), json!({ "milestone": "handling_report", "days": 31, "note": "情况复杂", "petitioner_told": true }))
        .await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["field"], "days");
    let (s, err) = district
        .post(
            &format!("/api/v1/cases/{id}/steps/extend"),
            json!({ "milestone": "handling_report", "days": 10, "note": "情况复杂" }),
        )
        .await;
    assert_eq!(s, 422, "the petitioner must be told: {err}");
    let c = district
        .step_ok(id, "extend", json!({ "at": "2022-10-10 09:00", "milestone": "handling_report", "days": 10, "note": "涉及多部门核实", "petitioner_told": "是" }))
        .await;
    let handling = milestone(&c, "handling_report");
    assert_eq!(
        handling["due_display"], "2022-10-23 24:00",
        "ten more calendar days"
    );
    assert!(
        handling["explanation"].as_str().unwrap().contains("延期"),
        "{handling}"
    );
    let (s, _) = Api::new(&app, "zhujian").await
        .post(&format!("/api/v1/cases/{id}/steps/extend"), json!({ "milestone": "handling_report", "days": 5, "note": "x", "petitioner_told": true }))
        .await;
    assert_eq!(s, 403, "only the district grants extensions");
}

#[tokio::test]
async fn delivering_the_opinion_opens_the_review_window() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "医疗保障").await;
    body["received_at"] = json!("2022-10-08 09:00");
    let id = register(&app, body).await["id"].as_i64().unwrap();
    let d = Api::new(&app, "quju").await;
    d.assign_to(id, "411003105", "2022-10-08 10:00").await;
    d.step_ok(
        id,
        "visit",
        json!({ "at": "2022-10-10 10:00", "notice_signed": true, "note": "阅签告知书" }),
    )
    .await;
    let (s, err) = d
        .post(
            &format!("/api/v1/cases/{id}/steps/deliver"),
            json!({ "at": "2022-10-14 10:00", "document": "处理意见书", "deliverer": "张专干" }),
        )
        .await;
    assert_eq!(s, 409, "no opinion yet: {err}");
    d.step_ok(
        id,
        "opinion",
        opinion_body(
            "2022-10-14 09:00",
            "部分属实",
            ["是", "不涉及", "不涉及", "不涉及"],
            "已按政策补报",
        ),
    )
    .await;
    let c = d
        .step_ok(
            id,
            "deliver",
            json!({ "at": "2022-10-15 10:00", "document": "处理意见书", "deliverer": "张专干" }),
        )
        .await;
    // 初信初访: 1 day to contact (10-09 24:00, met by the 10-10 visit? no: late), 3 days
    // to visit with the notice (10-11 24:00, met 10-10), 10 days to answer (10-18 24:00, met 10-14).
    assert_eq!(milestone(&c, "visit_with_notice")["state"], "按期完成");
    assert_eq!(milestone(&c, "handled")["state"], "按期完成");
    assert_eq!(milestone(&c, "contact")["state"], "逾期完成");
    // 30 days from delivery, the start day not counted: 11-14 24:00; closed by now.
    let w = milestone(&c, "review_window");
    assert_eq!(w["due_display"], "2022-11-14 24:00");
    assert_eq!(w["state"], "已届满");
    let last = c["events"].as_array().unwrap().last().unwrap();
    assert_eq!(last["kind"], "送达");
}

#[tokio::test]
async fn a_calendar_correction_or_a_rule_change_moves_open_deadlines_visibly() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["kind"] = json!("重复访");
    body["received_at"] = json!("2022-09-26 09:10");
    let id = register(&app, body).await["id"].as_i64().unwrap();
    let api = Api::new(&app, "quju").await;

    // A "correction" of 2022 that drops the two makeup days of 国庆: two
    // working days fewer before the 10th, so the 10-working-day report moves
    // from 10-13 24:00 to 10-17 24:00 (10-15/16 are a weekend again).
    let mut y2022: serde_json::Value =
        serde_json::from_str(include_str!("../../../../calendars/2022.json")).unwrap();
    let makeups = y2022["makeup_workdays"].as_array_mut().unwrap();
    makeups.retain(|m| !m["date"].as_str().unwrap().starts_with("2022-10"));
    let now = app.state.now();
    let (year, report) = xinfang::services::admin::reference::load_calendar_year(
        &app.state,
        None,
        &y2022.to_string(),
        now,
    )
    .await
    .unwrap();
    assert_eq!((year, report.changed), (2022, 1));
    let (_, c) = api.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        milestone(&c, "handling_report")["due_display"],
        "2022-10-17 24:00"
    );
    let note = c["events"].as_array().unwrap().last().unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        note.contains("2022-10-13 24:00") && note.contains("2022-10-17 24:00"),
        "{note}"
    );

    // A bad file changes nothing and says why.
    let err = xinfang::services::admin::reference::load_calendar_year(
        &app.state,
        None,
        "{\"year\": 2022}",
        now,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("节假日数据"), "{err}");

    // Putting the statute in force replaces the plan's milestones.
    xinfang::services::admin::reference::use_rules(&app.state, None, "statute", now)
        .await
        .unwrap();
    let (_, c) = api.get(&format!("/api/v1/cases/{id}")).await;
    assert!(
        c["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["key"] != "preliminary_report"),
        "{}",
        c["milestones"]
    );
    // A township officer may not change the rules.
    let township = app
        .state
        .store
        .user_by_username("zhangpan")
        .await
        .unwrap()
        .unwrap()
        .actor();
    let err =
        xinfang::services::admin::reference::use_rules(&app.state, Some(&township), "seed", now)
            .await
            .unwrap_err();
    assert!(matches!(err, xinfang::services::ServiceError::Forbidden(_)));
}

#[tokio::test]
async fn the_todo_page_lists_overdue_milestones_within_the_scope() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["kind"] = json!("重复访");
    body["received_at"] = json!("2022-09-26 09:10");
    let case = register(&app, body).await;
    let number = case["number"].as_str().unwrap().to_string();
    let own = app.login("zhangpan").await;
    let page = app.page(&own, "/todo").await;
    assert!(
        page.contains(&number)
            && page.contains("形成初步调查报告")
            && page.contains("2022-09-29 24:00"),
        "{page}"
    );
    assert!(page.contains("已超期"));
    let other = app.login("lingjing").await;
    let page = app.page(&other, "/todo?who=district").await;
    assert!(
        !page.contains(&number),
        "another township's 待办 does not show it"
    );
    let district = app.login("quju").await;
    let page = app.page(&district, "/todo").await;
    assert!(page.contains("各单位超期节点数") && page.contains("未转办"));
    let cal = app.page(&district, "/todo/calendar?month=2022-09").await;
    assert!(
        cal.contains("2022年09月") && cal.contains("形成初步调查报告") && cal.contains("due late"),
        "{cal}"
    );
    let oct = app.page(&district, "/todo/calendar?month=2022-10").await;
    assert!(
        oct.contains("国庆节放假") && oct.contains("国庆节调休上班"),
        "holidays and makeup days are marked"
    );
    let home = app.page(&district, "/").await;
    assert!(home.contains("例行工作") && home.contains("每周省级交办件报送"));
}

#[tokio::test]
async fn after_re_review_a_new_petition_on_the_matter_is_flagged_final() {
    let app = spawn_app().await;
    let mut body = registration(&app, "11010519491231002X", "残疾人补贴").await;
    body["received_at"] = json!("2022-03-01 09:00");
    let id = register(&app, body).await["id"].as_i64().unwrap();
    let d = Api::new(&app, "quju").await;
    d.assign_to(id, "411003105", "2022-03-01 10:00").await;
    d.step_ok(
        id,
        "contact",
        json!({ "at": "2022-03-01 11:00", "note": "电话" }),
    )
    .await;
    d.step_ok(
        id,
        "opinion",
        opinion_body(
            "2022-03-05 09:00",
            "不属实",
            ["不涉及", "是", "不涉及", "不涉及"],
            "不符合补贴条件",
        ),
    )
    .await;
    d.step_ok(
        id,
        "deliver",
        json!({ "at": "2022-03-06 09:00", "document": "处理意见书", "deliverer": "张专干" }),
    )
    .await;
    for (at, stage) in [
        ("2022-03-20 09:00", "申请复查"),
        ("2022-04-10 09:00", "复查意见送达"),
        ("2022-04-20 09:00", "申请复核"),
        ("2022-05-15 09:00", "复核意见送达"),
    ] {
        d.step_ok(
            id,
            "review",
            json!({ "at": at, "stage": stage, "note": stage }),
        )
        .await;
    }
    let (_, c) = d.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        milestone(&c, "review_window")["state"],
        "按期完成",
        "the 复查 request came within 30 days"
    );

    let mut again = registration(&app, "11010519491231002X", "残疾人补贴").await;
    again["received_at"] = json!("2022-06-01 09:00");
    again["repeat_decision"] = json!("confirm");
    let (s, new) = d.post("/api/v1/cases", again).await;
    assert_eq!(s, 201, "{new}");
    assert!(
        new["remarks"]
            .as_str()
            .unwrap_or_default()
            .contains("已复核终结"),
        "{new}"
    );
}
