//! 更正登记信息: the step `correct` as each role tries it, before → after on
//! the timeline with personal data masked, both sides in the audit row, the
//! clocks recomputed, stale versions refused, and the case page's form.

use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, registration, spawn_app};

/// A 危房改造 case of 王保全 in 张潘镇 received 2022-10-08 09:00, registered
/// by 张潘镇's officer (`zhangpan`), not yet assigned.
async fn registered(app: &TestApp) -> Value {
    let (s, c) = Api::new(app, "zhangpan")
        .await
        .post(
            "/api/v1/cases",
            registration(app, "11010519491231002X", "危房改造").await,
        )
        .await;
    assert_eq!(s, 201, "{c}");
    c
}

async fn correct(api: &Api<'_>, case: &Value, body: Value) -> (u16, Value) {
    api.post(&format!("/api/v1/cases/{}/steps/correct", case["id"]), body)
        .await
}

fn due(case: &Value, key: &str) -> Value {
    case["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == key)
        .map(|m| m["due_at"].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn the_district_corrects_and_the_timeline_shows_before_and_after_masked() {
    let app = spawn_app().await;
    let case = registered(&app).await;
    let quju = Api::new(&app, "quju").await;
    let (s, after) = correct(
        &quju,
        &case,
        json!({ "category": "医疗保障", "petitioner_phone": "13912340000", "escalated_to": "赴市",
                "note": "登记时类别和电话录错", "version": case["version"] }),
    )
    .await;
    assert_eq!(s, 200, "{after}");
    assert_eq!(after["category"], "医疗保障");
    assert_eq!(after["petitioner"]["phone"], "139****0000");
    assert_eq!(
        (after["kind"].as_str(), after["escalated_to"].as_str()),
        (Some("越级访"), Some("赴市"))
    );
    assert_eq!(
        after["summary"], case["summary"],
        "a field left out keeps its value"
    );
    assert_eq!(after["version"], case["version"].as_i64().unwrap() + 1);

    let note = after["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "更正登记信息")
        .unwrap_or_else(|| panic!("no correction on the timeline: {after}"))
        .clone();
    let text = note["text"].as_str().unwrap();
    assert!(text.starts_with("更正登记信息：信访类型：初信初访 → 越级访；问题类别：危房改造 → 医疗保障；越级去向：（空） → 赴市；联系电话：138****5678 → 139****0000。更正理由：登记时类别和电话录错"), "{text}");
    assert!(!text.contains("13912340000") && !text.contains("13812345678"));
    assert_eq!(note["actor"], "李明");

    // The audit row holds both sides, personal data sealed.
    let rows = app
        .state
        .store
        .audit_for("case", case["id"].as_i64().unwrap())
        .await
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r.action == "case.correct")
        .expect("audited");
    let (before, after_json) = (
        row.before.as_deref().unwrap(),
        row.after.as_deref().unwrap(),
    );
    assert!(before.contains("危房改造") && after_json.contains("医疗保障"));
    assert!(after_json.contains("登记时类别和电话录错"));
    for plain in ["13912340000", "13812345678", "11010519491231002X"] {
        assert!(
            !before.contains(plain) && !after_json.contains(plain),
            "{plain} is sealed"
        );
    }
    let (_, trail) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/audit?kind=case")
        .await;
    assert!(
        trail["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action_label"] == "办理：更正登记信息"),
        "{trail}"
    );
}

#[tokio::test]
async fn the_reason_is_required_a_stale_version_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let case = registered(&app).await;
    let quju = Api::new(&app, "quju").await;
    let (s, err) = correct(&quju, &case, json!({ "category": "医疗保障" })).await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["field"], "note");
    assert_eq!(err["fields"][0]["label"], "更正理由");
    assert!(err["message"].as_str().unwrap().contains("更正理由"));

    let (s, err) = correct(
        &quju,
        &case,
        json!({ "category": "危房改造", "note": "核对" }),
    )
    .await;
    assert_eq!(s, 422);
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("没有更改任何登记信息"),
        "{err}"
    );

    let (s, err) = correct(
        &quju,
        &case,
        json!({ "category": "医疗保障", "note": "类别录错", "version": case["version"].as_i64().unwrap() + 5 }),
    )
    .await;
    assert_eq!((s, err["code"].as_str()), (409, Some("conflict")), "{err}");
    let (_, same) = quju.get(&format!("/api/v1/cases/{}", case["id"])).await;
    assert_eq!(
        (same["category"].as_str(), &same["version"]),
        (Some("危房改造"), &case["version"])
    );

    for (body, field) in [
        (
            json!({ "related_case_id": 1, "note": "x" }),
            "related_case_id",
        ),
        (
            json!({ "petitioner_id_number": "110105194912310021", "note": "x" }),
            "petitioner_id_number",
        ),
        (
            json!({ "received_at": "2021-12-31 09:00", "note": "x" }),
            "received_at",
        ),
        (
            json!({ "received_at": "2099-01-01 09:00", "note": "x" }),
            "received_at",
        ),
        (json!({ "categroy": "医疗保障", "note": "x" }), "categroy"),
    ] {
        let (s, err) = correct(&quju, &case, body.clone()).await;
        assert_eq!(
            (s, err["fields"][0]["field"].as_str()),
            (422, Some(field)),
            "{body}: {err}"
        );
    }
}

#[tokio::test]
async fn who_may_correct_when() {
    let app = spawn_app().await;
    let case = registered(&app).await;
    let id = case["id"].as_i64().unwrap();
    let body =
        |note: &str| json!({ "summary": format!("更正后的反映问题（{note}）"), "note": note });

    // Before assignment: the registering township; never another township,
    // a department, a leader, 督查 or the system administrator.
    let (s, c) = correct(&Api::new(&app, "zhangpan").await, &case, body("张潘镇更正")).await;
    assert_eq!(s, 200, "{c}");
    assert!(
        c["allowed_steps"]
            .as_array()
            .unwrap()
            .contains(&json!("correct"))
    );
    let (s, _) = correct(&Api::new(&app, "lingjing").await, &case, body("x")).await;
    assert_eq!(s, 404, "another township cannot see it");
    for user in ["ducha", "admin"] {
        let (s, err) = correct(&Api::new(&app, user).await, &case, body("x")).await;
        assert_eq!(s, 403, "{user}: {err}");
    }

    // Assigned to 住建局 with 包区长 leading: the township's turn is over.
    let quju = Api::new(&app, "quju").await;
    quju.step_ok(
        id,
        "assign",
        json!({ "at": "2022-10-08 10:00", "unit_id": app.org_id("411003-D04").await,
                "leader_user_id": app.user_id("baoan1").await }),
    )
    .await;
    let (s, err) = correct(&Api::new(&app, "zhangpan").await, &case, body("x")).await;
    assert_eq!(
        (s, err["code"].as_str()),
        (409, Some("not_allowed_now")),
        "{err}"
    );
    assert!(err["message"].as_str().unwrap().contains("区乡村振兴局"));
    for user in ["zhujian", "baoan1"] {
        let api = Api::new(&app, user).await;
        let (s, seen) = api.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(s, 200, "{user} reads the case");
        assert!(
            !seen["allowed_steps"]
                .as_array()
                .unwrap()
                .contains(&json!("correct"))
        );
        let (s, err) = correct(&api, &case, body("x")).await;
        assert_eq!(s, 403, "{user}: {err}");
    }
    let (s, c) = correct(&quju, &case, body("区里更正")).await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["summary"], "更正后的反映问题（区里更正）");
    assert_eq!(c["status"], "已转办", "a correction does not move the case");

    // A receipt after a step already recorded is refused.
    let (s, err) = correct(
        &quju,
        &case,
        json!({ "received_at": "2022-10-08 11:00", "note": "时间录错" }),
    )
    .await;
    assert_eq!(
        (s, err["fields"][0]["label"].as_str()),
        (422, Some("接待日期")),
        "{err}"
    );
}

#[tokio::test]
async fn a_township_keeps_to_its_own_and_the_district_may_move_a_case() {
    let app = spawn_app().await;
    let case = registered(&app).await;
    let lingjing = app.org_id("411003106").await;
    let zp = Api::new(&app, "zhangpan").await;
    let (s, err) = correct(
        &zp,
        &case,
        json!({ "township_id": lingjing, "note": "属地录错" }),
    )
    .await;
    assert_eq!(
        (s, err["fields"][0]["field"].as_str()),
        (422, Some("township_id")),
        "{err}"
    );
    let (s, c) = correct(
        &Api::new(&app, "quju").await,
        &case,
        json!({ "township_id": lingjing, "village_id": app.org_id("411003106201").await, "note": "属地录错" }),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(
        (c["township"].as_str(), c["village"].as_str()),
        (Some("灵井镇"), Some("灵井村"))
    );
    let text = c["events"].as_array().unwrap().last().unwrap()["text"].clone();
    assert!(
        text.as_str()
            .unwrap()
            .contains("问题所属乡镇：张潘镇 → 灵井镇；村/社区：（空） → 灵井村"),
        "{text}"
    );
    let (s, _) = zp.get(&format!("/api/v1/cases/{}", case["id"])).await;
    assert_eq!(s, 404, "now 灵井镇's");
    let (s, _) = Api::new(&app, "lingjing")
        .await
        .get(&format!("/api/v1/cases/{}", case["id"]))
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn the_clocks_follow_a_corrected_kind_and_receipt() {
    let app = spawn_app().await;
    let case = registered(&app).await;
    // 初信初访 received Saturday 2022-10-08 09:00: contact within 1 day (10-09 24:00).
    assert_eq!(due(&case, "contact"), "2022-10-10T00:00:00+08:00");
    let quju = Api::new(&app, "quju").await;
    let (s, c) = correct(
        &quju,
        &case,
        json!({ "received_at": "2022-10-07 15:20", "note": "实际为10月7日下午来访" }),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    // Received 10-07: contact by 10-08 24:00; visit in 3 days, by 10-10 24:00.
    assert_eq!(due(&c, "contact"), "2022-10-09T00:00:00+08:00");
    assert_eq!(due(&c, "visit_with_notice"), "2022-10-11T00:00:00+08:00");
    let text = c["events"].as_array().unwrap().last().unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("接待日期：2022-10-08 09:00 → 2022-10-07 15:20"),
        "{text}"
    );
    assert!(
        text.contains("“建立联系”截止时间由 2022-10-09 24:00 改为 2022-10-08 24:00"),
        "{text}"
    );

    // 重复访: the same-day clocks replace 初信初访's.
    let (s, c) = correct(
        &quju,
        &c,
        json!({ "kind": "重复访", "note": "核实为重复访" }),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(due(&c, "contact"), Value::Null);
    assert_eq!(due(&c, "contact_same_day"), "2022-10-08T00:00:00+08:00");
    // 3 working days from Friday 10-07 (National Day): 10-08, 10-09 (调休), 10-10.
    assert_eq!(due(&c, "preliminary_report"), "2022-10-11T00:00:00+08:00");
}

#[tokio::test]
async fn the_case_page_offers_the_form_masked_and_keeps_what_is_sent_back() {
    let app = spawn_app().await;
    let case = registered(&app).await;
    let id = case["id"].as_i64().unwrap();
    let zp = app.login("zhangpan").await;
    let page = app.page(&zp, &format!("/cases/{id}")).await;
    assert!(page.contains("更正登记信息") && page.contains("更正理由"));
    assert!(
        page.contains("value=\"110105********002X\"") && page.contains("value=\"138****5678\"")
    );
    assert!(
        !page.contains("11010519491231002X"),
        "the form shows the number masked"
    );
    // Departments get no form.
    let other = app
        .page(&app.login("ducha").await, &format!("/cases/{id}"))
        .await;
    assert!(!other.contains("name=\"petitioner_id_number\""));

    let csrf = app.csrf(&zp, &format!("/cases/{id}")).await;
    let form = |note: &str| {
        vec![
            ("_csrf", csrf.clone()),
            ("version", case["version"].to_string()),
            ("kind", "first_petition".into()),
            ("channel", "letter".into()),
            ("source_level", "own".into()),
            ("key_assigned", "否".into()),
            ("received_at", "2022-10-08T09:00".into()),
            ("township_id", case["township_id"].to_string()),
            ("village_id", String::new()),
            ("category", "medical".into()),
            ("escalated_to", String::new()),
            ("summary", case["summary"].as_str().unwrap().into()),
            ("petitioner_name", "王保全".into()),
            ("petitioner_id_number", "110105********002X".into()),
            ("petitioner_phone", "138****5678".into()),
            ("petitioner_address", String::new()),
            ("poverty_status", "lifted".into()),
            ("companions", String::new()),
            ("backlog", "否".into()),
            ("note", note.to_string()),
        ]
    };
    let r = zp
        .post(app.url(&format!("/cases/{id}/steps/correct")))
        .form(&form(""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("更正理由：不能为空"), "the reason is named");
    assert!(
        body.contains("<option value=\"medical\" selected"),
        "what was typed is kept"
    );

    let r = zp
        .post(app.url(&format!("/cases/{id}/steps/correct")))
        .form(&form("类别录错"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, c) = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await;
    assert_eq!(c["category"], "医疗保障");
    let (_, full) = Api::new(&app, "quju")
        .await
        .post(&format!("/api/v1/cases/{id}/reveal"), json!({}))
        .await;
    assert_eq!(
        full["id_number"], "11010519491231002X",
        "the masked number sent back kept the stored one: {full}"
    );
    assert_eq!(full["phone"], "13812345678");
    let page = app.page(&zp, &format!("/cases/{id}?done=correct")).await;
    assert!(page.contains("已更正登记信息") && page.contains("问题类别：危房改造 → 医疗保障"));
}

#[tokio::test]
async fn correcting_the_kind_after_a_sweep_keeps_the_notices_it_raised() {
    let app = spawn_app().await;
    let case = registered(&app).await;
    let id = case["id"].as_i64().unwrap();
    // A week later the 初信初访 clocks are overdue and the sweep has raised notices.
    let later = xinfang_domain::clock::parse_time("2022-10-15 09:00").unwrap();
    let report = xinfang::services::deadlines::sweep_deadlines::run_once(&app.state, later)
        .await
        .unwrap();
    assert!(report.reminders + report.urges > 0, "{report:?}");
    let raised = |json: &Value| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["case_id"] == id)
            .count()
    };
    let quju = Api::new(&app, "quju").await;
    let (_, before) = quju.get("/api/v1/notifications").await;
    let before = raised(&before);
    assert!(before > 0);
    // 重复访 has other milestones: the old ones go, their notices stay.
    let (s, c) = correct(
        &quju,
        &case,
        json!({ "kind": "重复访", "note": "核实为重复访" }),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(due(&c, "contact"), Value::Null);
    let (_, after) = quju.get("/api/v1/notifications").await;
    assert_eq!(raised(&after), before, "no notice lost");
}
