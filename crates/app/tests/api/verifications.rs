//! 实地跟踪核查 on a case: who may record one (every role tried), the 整改
//! clock in the unit's 待办, swept like any milestone and met by the unit's
//! answer, and the page forms.

use serde_json::{Value, json};

use crate::case_records::{audit_actions, rectify, zhangpan_case};
use crate::helpers::{Api, register, registration, spawn_app};

#[tokio::test]
async fn a_rectification_verdict_is_a_milestone_in_the_units_todo_met_by_its_answer() {
    let app = spawn_app().await;
    let id = zhangpan_case(&app, "").await;
    let path = format!("/api/v1/cases/{id}/verifications");
    // Only the inspection group and the district verify.
    for (user, expected) in [
        ("admin", 403),
        ("zhangpan", 403),
        ("zhujian", 403),
        ("baoan1", 403),
        ("lingjing", 404),
        ("minzheng", 404),
    ] {
        let (s, j) = Api::new(&app, user)
            .await
            .post(&path, rectify("2022-11-02 10:00", "2022-11-15"))
            .await;
        assert_eq!(s, expected, "{user}: {j}");
    }
    let (s, c) = Api::new(&app, "quju")
        .await
        .post(
            &path,
            json!({ "date": "2022-10-30", "method": "电话", "findings": "信访人表示满意",
                    "verdict": "属实已解决" }),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    assert_eq!(c["verifications"][0]["rectification"], Value::Null);
    let ducha = Api::new(&app, "ducha").await;
    let (s, c) = ducha
        .post(&path, rectify("2022-11-02 10:00", "2022-11-15"))
        .await;
    assert_eq!(s, 201, "{c}");
    let v = &c["verifications"][1];
    let vid = v["id"].as_i64().unwrap();
    assert_eq!(v["method"], "实地");
    assert_eq!(v["verdict"], "需整改");
    assert_eq!(v["recorded_by"], "杜督查");
    let r = &v["rectification"];
    assert_eq!(r["demand"], "补发剩余资金并报送凭证");
    assert_eq!(r["due"], "2022-11-15");
    assert_eq!(r["unit"], "区住房和城乡建设局");
    let unit_id = app.org_id("411003-D04").await;
    assert_eq!(r["unit_id"], unit_id);
    // The district is offered a 问责 against that unit from the case page; 督查 reads only.
    let number = c["number"].as_str().unwrap();
    let link = format!("&amp;to={unit_id}&amp;basis=rectification");
    let page = app
        .page(&app.login("quju").await, &format!("/cases/{}", c["id"]))
        .await;
    assert!(
        page.contains(&link) && page.contains("记录问责"),
        "{number}"
    );
    let page = app
        .page(&app.login("ducha").await, &format!("/cases/{}", c["id"]))
        .await;
    assert!(!page.contains(&link), "督查 records no 问责");
    assert_eq!(
        r["state"], "已超期",
        "due 2022-11-15, not answered: past due today"
    );
    assert_eq!(r["answer"], Value::Null);
    let clock = c["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == format!("rectification_{vid}"))
        .expect("the 整改 clock among the case's milestones")
        .clone();
    assert_eq!(clock["due_at"], "2022-11-16T00:00:00+08:00");
    assert_eq!(clock["started_at"], "2022-11-02T10:00:00+08:00");
    assert_eq!(
        c["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "实地跟踪核查")
            .count(),
        2
    );
    // The unit sees it in its 待办, and in the open rectifications.
    let client = app.login("zhujian").await;
    let todo = app.page(&client, "/todo?who=unit").await;
    assert!(todo.contains("核查整改"), "{todo}");
    let (_, open) = Api::new(&app, "zhujian")
        .await
        .get("/api/v1/rectifications")
        .await;
    assert_eq!(open[0]["case_id"], id);
    assert_eq!(open[0]["verification"]["id"], vid);
    let page = app.page(&client, "/rectifications").await;
    assert!(
        page.contains("补发剩余资金并报送凭证") && page.contains("已超期"),
        "{page}"
    );
    let (_, open) = Api::new(&app, "lingjing")
        .await
        .get("/api/v1/rectifications")
        .await;
    assert_eq!(open, json!([]), "not in 灵井镇's scope");
    // 督查 still takes no handling step, and does not answer for the unit.
    let (s, _) = ducha
        .post(
            &format!("/api/v1/cases/{id}/steps/contact"),
            json!({ "at": "2022-11-03 09:00", "method": "电话联系" }),
        )
        .await;
    assert_eq!(s, 403);
    let answer = format!("/api/v1/cases/{id}/verifications/{vid}/rectification");
    let body = json!({ "date": "2022-11-14 16:00", "text": "剩余资金已补发，凭证附后" });
    for (user, expected) in [
        ("ducha", 403),
        ("baoan1", 403),
        ("admin", 403),
        ("lingjing", 404),
    ] {
        let (s, j) = Api::new(&app, user).await.post(&answer, body.clone()).await;
        assert_eq!(s, expected, "{user}: {j}");
    }
    let unit = Api::new(&app, "zhujian").await;
    let (s, j) = unit.post(&answer, json!({ "text": " " })).await;
    assert_eq!(s, 422);
    assert_eq!(j["fields"][0]["field"], "text");
    let (s, c) = unit.post(&answer, body.clone()).await;
    assert_eq!(s, 200, "{c}");
    let r = &c["verifications"][1]["rectification"];
    assert_eq!(r["answer"]["text"], "剩余资金已补发，凭证附后");
    assert_eq!(r["answer"]["date"], "2022-11-14T16:00:00+08:00");
    assert_eq!(r["answer"]["answered_by"], "朱经办");
    assert_eq!(r["state"], "按期完成");
    let todo = app.page(&client, "/todo?who=unit").await;
    assert!(!todo.contains("核查整改"), "{todo}");
    // Answered once only; a verification without 需整改 takes no answer.
    let (s, _) = unit.post(&answer, body.clone()).await;
    assert_eq!(s, 409);
    let first = c["verifications"][0]["id"].as_i64().unwrap();
    let (s, _) = unit
        .post(
            &format!("/api/v1/cases/{id}/verifications/{first}/rectification"),
            body,
        )
        .await;
    assert_eq!(s, 409);
    let actions = audit_actions(&app).await;
    assert!(actions.contains(&"case.verification".to_string()));
    assert!(actions.contains(&"case.rectification".to_string()));
    // The answered clock stays met when the case moves on.
    Api::new(&app, "zhujian")
        .await
        .step_ok(
            id,
            "contact",
            json!({ "at": "2022-11-20 09:00", "method": "电话联系", "note": "告知整改结果" }),
        )
        .await;
    let (_, c) = unit.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(c["verifications"][1]["rectification"]["state"], "按期完成");
}

#[tokio::test]
async fn rectification_needs_a_unit_and_a_due_day_after_the_verification() {
    let app = spawn_app().await;
    let case = register(&app, registration(&app, "", "危房改造").await).await;
    let id = case["id"].as_i64().unwrap();
    let ducha = Api::new(&app, "ducha").await;
    let path = format!("/api/v1/cases/{id}/verifications");
    let (s, j) = ducha.post(&path, rectify("2022-11-02", "2022-11-15")).await;
    assert_eq!(s, 422, "{j}");
    assert_eq!(j["fields"][0]["field"], "verdict");
    assert!(
        j["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("尚未转办")
    );
    let (s, j) = ducha.post(&path, rectify("2022-11-02", "2022-11-01")).await;
    assert_eq!(s, 422);
    assert_eq!(j["fields"][0]["field"], "rectification_due");
    let (s, j) = ducha.post(&path, json!({ "method": "走访" })).await;
    assert_eq!(s, 422);
    assert_eq!(j["fields"][0]["field"], "date");
    assert_eq!(j["fields"][1]["field"], "method");
    assert_eq!(j["fields"][1]["label"], "核查方式");
}

#[tokio::test]
async fn the_rectification_clock_is_swept_like_any_milestone() {
    let app = spawn_app().await;
    let id = zhangpan_case(&app, "").await;
    let (s, _) = Api::new(&app, "ducha")
        .await
        .post(
            &format!("/api/v1/cases/{id}/verifications"),
            rectify("2022-11-02 10:00", "2022-11-15"),
        )
        .await;
    assert_eq!(s, 201);
    let sweep = |at: &str| {
        let at = xinfang_domain::clock::parse_time(at).unwrap();
        let state = app.state.clone();
        async move {
            xinfang::services::deadlines::sweep_deadlines::run_once(&state, at)
                .await
                .unwrap()
        }
    };
    let levels = |inbox: &Value| -> Vec<String> {
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["title"].as_str().unwrap_or_default().contains("核查整改"))
            .map(|n| n["level_label"].as_str().unwrap().to_string())
            .collect()
    };
    // Due 11-15 24:00: on the 15th it is 临期 and the unit is reminded.
    sweep("2022-11-15 09:00").await;
    let unit = Api::new(&app, "zhujian").await;
    let (_, inbox) = unit.get("/api/v1/notifications").await;
    assert_eq!(levels(&inbox), ["临期提醒"], "{inbox}");
    // Past due, unanswered: 督办 follows (催办, then 通报).
    sweep("2022-11-17 09:00").await;
    sweep("2022-12-20 09:00").await;
    let (_, unit_inbox) = unit.get("/api/v1/notifications").await;
    let (_, district) = Api::new(&app, "quju")
        .await
        .get("/api/v1/notifications")
        .await;
    let all: Vec<String> = levels(&unit_inbox)
        .into_iter()
        .chain(levels(&district))
        .collect();
    assert!(all.iter().any(|l| l == "催办通知"), "{all:?}");
    assert!(all.iter().any(|l| l == "通报"), "{all:?}");
}

#[tokio::test]
async fn the_unit_answers_its_rectification_and_records_a_mediation_on_the_pages() {
    let app = spawn_app().await;
    let id = zhangpan_case(&app, "").await;
    let (_, c) = Api::new(&app, "ducha")
        .await
        .post(
            &format!("/api/v1/cases/{id}/verifications"),
            rectify("2022-11-02 10:00", "2022-11-15"),
        )
        .await;
    let vid = c["verifications"][0]["id"].as_i64().unwrap();
    let unit = app.login("zhujian").await;
    let page = app.page(&unit, &format!("/cases/{id}")).await;
    assert!(page.contains("报送整改情况") && page.contains("补发剩余资金并报送凭证"));
    let csrf = app.csrf(&unit, &format!("/cases/{id}/records")).await;
    let answer = app.url(&format!("/cases/{id}/verifications/{vid}/rectification"));
    let r = unit
        .post(&answer)
        .form(&[("_csrf", csrf.as_str()), ("date", "2022-11-14T16:00")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("整改情况：不能为空"), "{body}");
    let r = unit
        .post(&answer)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("date", "2022-11-14T16:00"),
            ("text", "已补发"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_redirection() || r.status().is_success(),
        "{}",
        r.status()
    );
    let page = app
        .page(&unit, &format!("/cases/{id}/records?done=rectification"))
        .await;
    assert!(
        page.contains("整改情况已报送") && page.contains("按期完成"),
        "{page}"
    );
    // A mediation through the page form: a missing agreement comes back named.
    let mediate = app.url(&format!("/cases/{id}/mediations"));
    let r = unit
        .post(&mediate)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "people"),
            ("date", "2022-10-12T09:30"),
            ("place", "村委会"),
            ("mediators", "王德顺"),
            ("outcome", "agreed"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("协议内容：达成协议时必须填写协议内容") && body.contains("王德顺"),
        "{body}"
    );
    let r = unit
        .post(&mediate)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "people"),
            ("date", "2022-10-12T09:30"),
            ("place", "村委会"),
            ("mediators", "王德顺"),
            ("outcome", "agreed"),
            ("agreement", "补发资金"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_redirection() || r.status().is_success(),
        "{}",
        r.status()
    );
    let page = app.page(&unit, &format!("/cases/{id}")).await;
    assert!(page.contains("协议内容：补发资金"), "{page}");
}
