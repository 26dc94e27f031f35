//! 回、交 and 复查复核 as each role meets them: a petitioner who stays 不满意
//! after the 处理意见书 was delivered (the district sends the case back or
//! closes it keeping 不满意), and the review chain's order and windows
//! (《信访工作条例》第三十五、三十六条). Dates are worked out by hand from
//! calendars/2022.json and 2023.json.

use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, opinion_body, register, registration, spawn_app};
use crate::ledgers::{Sheet, export_ok};

/// A 省交办 初信初访 received Tue 2022-09-20 in 张潘镇, handled by the
/// township: opinion 09-28, 处理意见书 delivered Fri 09-30 10:00, and a
/// return visit on 10-08 that found the petitioner `satisfaction`.
async fn delivered_case(app: &TestApp, satisfaction: &str) -> i64 {
    let mut body = registration(app, "", "危房改造").await;
    body["received_at"] = json!("2022-09-20 09:00");
    body["source_level"] = json!("省交办");
    let id = register(app, body).await["id"].as_i64().unwrap();
    // 张潘镇 leads, 区住房和城乡建设局 helps, 包区长 owns the case.
    let assign = json!({
        "at": "2022-09-20 10:00", "unit_id": app.org_id("411003105").await,
        "co_unit_ids": [app.org_id("411003-D04").await.to_string()],
        "leader_user_id": app.user_id("baoan1").await,
    });
    Api::new(app, "quju")
        .await
        .step_ok(id, "assign", assign)
        .await;
    let t = Api::new(app, "zhangpan").await;
    t.step_ok(
        id,
        "contact",
        json!({ "at": "2022-09-20 11:00", "method": "电话联系", "note": "已联系" }),
    )
    .await;
    let opinion = opinion_body(
        "2022-09-28 09:00",
        "部分属实",
        ["是", "不涉及", "是", "不涉及"],
        "补助资金已按标准发放",
    );
    t.step_ok(id, "opinion", opinion).await;
    let c = t
        .step_ok(
            id,
            "deliver",
            json!({ "at": "2022-09-30 10:00", "document": "处理意见书", "deliverer": "张专干" }),
        )
        .await;
    assert_eq!(c["opinion_delivered_at"], "2022-09-30T10:00:00+08:00");
    t.step_ok(
        id,
        "return_visit",
        json!({ "at": "2022-10-08 10:00", "satisfaction": satisfaction, "stable": "是", "note": "回访" }),
    )
    .await;
    id
}

fn steps(c: &Value) -> Vec<&str> {
    c["allowed_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

fn milestone<'a>(c: &'a Value, key: &str) -> &'a Value {
    c["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == key)
        .unwrap_or_else(|| panic!("{key} in {}", c["milestones"]))
}

fn last_event(c: &Value) -> &Value {
    c["events"].as_array().unwrap().last().unwrap()
}

#[tokio::test]
async fn the_district_closes_a_case_whose_petitioner_stays_dissatisfied_keeping_it() {
    let app = spawn_app().await;
    let id = delivered_case(&app, "不满意").await;
    let path = format!("/api/v1/cases/{id}");
    let district = Api::new(&app, "quju").await;
    let township = Api::new(&app, "zhangpan").await;

    // The case waits in 回访 for the district's decision.
    let (_, c) = township.get(&path).await;
    assert_eq!(c["status"], "待回访");
    assert_eq!(c["satisfaction"], "不满意");
    assert!(
        last_event(&c)["text"]
            .as_str()
            .unwrap()
            .contains("待区乡村振兴局决定")
    );
    assert!(!steps(&c).contains(&"close") && !steps(&c).contains(&"send_back"));
    let (_, c) = district.get(&path).await;
    assert!(steps(&c).contains(&"close") && steps(&c).contains(&"send_back"));
    let (_, c) = Api::new(&app, "ducha").await.get(&path).await;
    assert!(steps(&c).is_empty(), "the inspector only reads");
    // The co-handling department and the owning leader may not decide either.
    for user in ["zhujian", "baoan1"] {
        let api = Api::new(&app, user).await;
        let (_, c) = api.get(&path).await;
        assert!(
            !steps(&c).contains(&"close") && !steps(&c).contains(&"send_back"),
            "{user}"
        );
        for step in ["close", "send_back"] {
            let (s, e) = api
                .post(&format!("{path}/steps/{step}"), json!({ "note": "办结" }))
                .await;
            assert_eq!(s, 403, "{user} {step}: {e}");
        }
    }

    // The township may neither close it nor give a new opinion on its own.
    let (s, e) = township
        .post(&format!("{path}/steps/close"), json!({ "note": "办结" }))
        .await;
    assert_eq!(s, 403, "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("区乡村振兴局"),
        "{e}"
    );
    let (s, _) = township
        .post(
            &format!("{path}/steps/send_back"),
            json!({ "note": "重办" }),
        )
        .await;
    assert_eq!(s, 403);
    let again = opinion_body(
        "2022-10-09 09:00",
        "部分属实",
        ["是", "不涉及", "是", "不涉及"],
        "再次答复",
    );
    let (s, e) = township.post(&format!("{path}/steps/opinion"), again).await;
    assert_eq!(s, 409, "{e}");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("待区乡村振兴局决定"),
        "{e}"
    );

    // The district closes it, and must say why: 办结说明 is required.
    let (s, e) = district
        .post(&format!("{path}/steps/close"), json!({}))
        .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["fields"][0]["field"], "note");
    assert!(
        e["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("办结说明")
            || e["message"].as_str().unwrap().contains("办结说明"),
        "{e}"
    );
    let c = district
        .step_ok(id, "close", json!({ "note": "已依法答复，告知复查途径" }))
        .await;
    assert_eq!(c["status"], "已办结");
    assert_eq!(c["satisfaction"], "不满意", "不满意 is kept");
    let text = last_event(&c)["text"].as_str().unwrap();
    assert!(
        text.contains("依法办结") && text.contains("已依法答复，告知复查途径"),
        "{text}"
    );
    // The 复查 window runs from the delivery: day 30 after Fri 09-30 is Sun
    // 10-30, so it ends on the next working day, Mon 10-31.
    assert_eq!(
        milestone(&c, "review_window")["due_display"],
        "2022-10-31 24:00"
    );

    // Annex 4 prints the case with 不满意.
    let a4 = Sheet::read(&export_ok(&app, "quju", "/api/v1/ledgers/annex4.xlsx").await);
    let number = c["number"].as_str().unwrap();
    let row = a4.row_with(number);
    assert!(row.iter().any(|cell| cell == "不满意"), "{row:?}");
}

#[tokio::test]
async fn the_district_sends_a_dissatisfied_case_back_for_a_new_opinion() {
    let app = spawn_app().await;
    let id = delivered_case(&app, "不满意").await;
    let district = Api::new(&app, "quju").await;
    let (s, e) = district
        .post(&format!("/api/v1/cases/{id}/steps/send_back"), json!({}))
        .await;
    assert_eq!(s, 422, "a reason is required: {e}");
    let c = district
        .step_ok(id, "send_back", json!({ "note": "请再次核查补助标准" }))
        .await;
    assert_eq!(c["status"], "办理中");
    assert_eq!(last_event(&c)["kind"], "退回重办");
    // A new opinion is a new paper: not delivered yet.
    let opinion = opinion_body(
        "2022-10-12 09:00",
        "部分属实",
        ["是", "不涉及", "是", "不涉及"],
        "补发差额",
    );
    let c = Api::new(&app, "zhangpan")
        .await
        .step_ok(id, "opinion", opinion)
        .await;
    assert_eq!(c["status"], "待回访");
    assert_eq!(c["opinion_delivered_at"], Value::Null);
    // A satisfied petitioner's case has nothing to send back.
    let happy = delivered_case(&app, "满意").await;
    let (s, _) = district
        .post(
            &format!("/api/v1/cases/{happy}/steps/send_back"),
            json!({ "note": "x" }),
        )
        .await;
    assert_eq!(s, 409);
    let c = Api::new(&app, "zhangpan")
        .await
        .step_ok(happy, "close", json!({}))
        .await;
    assert_eq!(c["status"], "已办结", "a satisfied case closes as before");
}

async fn review(api: &Api<'_>, id: i64, body: Value) -> (u16, Value) {
    api.post(&format!("/api/v1/cases/{id}/steps/review"), body)
        .await
}

#[tokio::test]
async fn the_review_chain_keeps_its_order_and_windows() {
    let app = spawn_app().await;
    let id = delivered_case(&app, "满意").await;
    let d = Api::new(&app, "quju").await;
    let stage = |at: &str, stage: &str| json!({ "at": at, "stage": stage, "note": stage });

    // Only the district records the review chain.
    let (s, _) = review(
        &Api::new(&app, "zhangpan").await,
        id,
        stage("2022-10-20 09:00", "申请复查"),
    )
    .await;
    assert_eq!(s, 403);
    // Out of order: no 复查意见 before a 复查 request, no 复核 before the 复查意见.
    let (s, e) = review(&d, id, stage("2022-10-20 09:00", "复查意见送达")).await;
    assert_eq!(s, 409);
    assert!(
        e["message"].as_str().unwrap().contains("尚未申请复查"),
        "{e}"
    );
    let (s, e) = review(&d, id, stage("2022-10-20 09:00", "申请复核")).await;
    assert_eq!(s, 409);
    assert!(
        e["message"].as_str().unwrap().contains("复查意见尚未送达"),
        "{e}"
    );

    // After the window (it closed Mon 10-31 24:00): refused, naming the
    // article and the day — two years late as much as one day.
    for at in ["2022-11-01 09:00", "2024-11-01 09:00"] {
        let (s, e) = review(&d, id, stage(at, "申请复查")).await;
        assert_eq!(s, 409, "{at}: {e}");
        let m = e["message"].as_str().unwrap();
        assert!(
            m.contains("第三十五条") && m.contains("2022-10-31") && m.contains("逾期受理理由"),
            "{m}"
        );
    }
    // A 逾期受理理由 belongs to a request only.
    let mut wrong = stage("2022-11-01 09:00", "复查意见送达");
    wrong["late_reason"] = json!("不可抗力");
    let (s, e) = review(&d, id, wrong).await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["fields"][0]["field"], "late_reason");
    // The district accepts it late for a reason kept on the timeline.
    let mut late = stage("2022-11-03 09:00", "申请复查");
    late["late_reason"] = json!("信访人住院治疗，属不可抗力");
    let (s, c) = review(&d, id, late).await;
    assert_eq!(s, 200, "{c}");
    let text = last_event(&c)["text"].as_str().unwrap();
    assert!(
        text.contains("逾期受理") && text.contains("2022-10-31") && text.contains("信访人住院治疗"),
        "{text}"
    );
    // The 复查答复 clock of the statute runs under the district's rules: 30 days from Thu 11-03 is Sat 12-03 → Mon 12-05.
    assert_eq!(
        milestone(&c, "review_answer")["due_display"],
        "2022-12-05 24:00"
    );

    // 复查意见 delivered Fri 12-02: the 复核 window's day 30 is Sun 2023-01-01
    // (元旦, off 12-31 to 01-02), so it ends Tue 2023-01-03.
    let (s, _) = review(&d, id, stage("2022-12-02 10:00", "复查意见送达")).await;
    assert_eq!(s, 200);
    let (s, e) = review(&d, id, stage("2023-01-04 09:00", "申请复核")).await;
    assert_eq!(s, 409);
    let m = e["message"].as_str().unwrap();
    assert!(m.contains("第三十六条") && m.contains("2023-01-03"), "{m}");
    let (s, _) = review(&d, id, stage("2023-01-03 15:00", "申请复核")).await;
    assert_eq!(s, 200);
    let (s, _) = review(&d, id, stage("2023-01-20 09:00", "复核意见送达")).await;
    assert_eq!(s, 200);
    // After 复核 the matter is final.
    for st in ["申请复查", "申请复核", "听证开始"] {
        let (s, e) = review(&d, id, stage("2023-01-21 09:00", st)).await;
        assert_eq!(s, 409, "{st}");
        assert!(e["message"].as_str().unwrap().contains("复核终结"), "{e}");
    }
}

#[tokio::test]
async fn the_case_page_offers_the_district_s_decision_and_needs_the_closing_note() {
    let app = spawn_app().await;
    let id = delivered_case(&app, "不满意").await;
    let district = app.login("quju").await;
    let page = app.page(&district, &format!("/cases/{id}")).await;
    assert!(
        page.contains("回访不满意，待区乡村振兴局决定"),
        "the header says what is awaited"
    );
    assert!(page.contains("id=\"step-send_back\"") && page.contains("id=\"step-close\""));
    assert!(page.contains("办结说明（必填"));
    assert!(
        page.contains("name=\"late_reason\""),
        "the review form takes a 逾期受理理由"
    );
    let township = app.login("zhangpan").await;
    let page = app.page(&township, &format!("/cases/{id}")).await;
    assert!(!page.contains("id=\"step-send_back\"") && !page.contains("id=\"step-close\""));

    let csrf = app.csrf(&district, &format!("/cases/{id}")).await;
    let close = |note: &'static str| {
        district
            .post(app.url(&format!("/cases/{id}/steps/close")))
            .form(&[("_csrf", csrf.clone()), ("note", note.to_string())])
            .send()
    };
    let r = close("").await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("办结说明"));
    let r = close("已依法答复，告知复查途径").await.unwrap();
    assert_eq!(r.status(), 303);
    let page = app.page(&district, &format!("/cases/{id}")).await;
    assert!(
        page.contains("信访人不满意，依法办结"),
        "the timeline says how it closed"
    );
}

/// The part of the 工作台 between the decision card's start and its end.
fn decision_card(page: &str) -> Option<&str> {
    let start = page.find("id=\"decisions\"")?;
    let rest = &page[start..];
    Some(&rest[..rest.find("</section>").unwrap()])
}

#[tokio::test]
async fn the_district_finds_the_cases_waiting_for_its_decision() {
    let app = spawn_app().await;
    let waiting = delivered_case(&app, "不满意").await;
    let satisfied = delivered_case(&app, "满意").await;
    let district = Api::new(&app, "quju").await;
    let number = |c: Value| c["number"].as_str().unwrap().to_string();
    let waiting_no = number(district.get(&format!("/api/v1/cases/{waiting}")).await.1);
    let satisfied_no = number(district.get(&format!("/api/v1/cases/{satisfied}")).await.1);

    // The list filter: exactly the dissatisfied, delivered case.
    let (s, list) = district.get("/api/v1/cases?awaiting_decision=是").await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], waiting);

    // The district's 工作台 lists it; a township officer, who may not
    // decide, has no such card (the case is in their township all the same).
    let quju = app.login("quju").await;
    let home = app.page(&quju, "/").await;
    let card = decision_card(&home).expect("the district sees the card");
    assert!(card.contains("共 1 件"), "{card}");
    assert!(card.contains(&waiting_no));
    assert!(!card.contains(&satisfied_no));
    let zhangpan = app.login("zhangpan").await;
    assert!(decision_card(&app.page(&zhangpan, "/").await).is_none());

    // Once decided, it leaves the queue.
    district
        .step_ok(
            waiting,
            "send_back",
            json!({ "note": "请再次核查补助标准" }),
        )
        .await;
    let (_, list) = district.get("/api/v1/cases?awaiting_decision=是").await;
    assert_eq!(list["total"], 0);
    assert!(decision_card(&app.page(&quju, "/").await).is_none());
}
