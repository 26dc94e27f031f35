//! The six steps end to end over the API, with the refusals in between.

use serde_json::json;

use crate::helpers::{Api, register, registration, spawn_app};

fn kinds(case: &serde_json::Value) -> Vec<String> {
    case["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_case_goes_through_all_six_steps_and_can_be_reopened() {
    let app = spawn_app().await;
    let case = register(
        &app,
        registration(&app, "11010519491231002X", "危房改造").await,
    )
    .await;
    let id = case["id"].as_i64().unwrap();
    assert_eq!(case["status"], "已登记");
    assert_eq!(case["step"], "接");
    assert!(
        case["number"]
            .as_str()
            .unwrap()
            .starts_with("建安信访〔2022〕"),
        "{}",
        case["number"]
    );

    let district = Api::new(&app, "quju").await;
    let township = Api::new(&app, "zhangpan").await;
    let zhujian = app.org_id("411003-D04").await;
    let zhangpan = app.org_id("411003105").await;

    // 转: assign to 住建局, 张潘镇 co-handling, handler from 住建局.
    let c = district
        .step_ok(id, "assign", json!({ "at": "2022-10-08 10:00", "unit_id": zhujian, "co_unit_ids": [zhangpan], "handler_user_id": app.user_id("zhujian").await }))
        .await;
    assert_eq!(c["status"], "已转办");
    assert_eq!(c["responsible_unit"], "区住房和城乡建设局");
    assert_eq!(c["co_units"], json!(["张潘镇"]));
    assert_eq!(c["handler"], "朱经办");

    // 办: the township calls the petitioner at 15:40 on the day.
    let c = township
        .step_ok(id, "contact", json!({ "at": "2022-10-08 15:40", "method": "电话联系", "note": "已电话联系，告知办理进度" }))
        .await;
    assert_eq!(c["status"], "办理中");
    let contact = c["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "联系信访人")
        .unwrap();
    assert_eq!(
        contact["occurred_at"], "2022-10-08T15:40:00+08:00",
        "the contact keeps the time it happened"
    );

    township
        .step_ok(id, "visit", json!({ "at": "2022-10-10 10:00", "place": "古城村", "notice_signed": true, "note": "带件下访，现场阅签受理告知书" }))
        .await;
    township
        .step_ok(
            id,
            "report",
            json!({ "report_kind": "调查报告", "note": "经核查，补助已拨付至乡镇" }),
        )
        .await;
    let (s, err) = township
        .post(
            &format!("/api/v1/cases/{id}/steps/contact"),
            json!({ "at": "2022-10-01 08:00", "note": "早于接待" }),
        )
        .await;
    assert_eq!(
        s, 422,
        "a step cannot happen before the case was received: {err}"
    );
    assert_eq!(err["fields"][0]["field"], "at");

    // Closing before the opinion and return visit is refused with the reason.
    let (s, err) = district
        .post(&format!("/api/v1/cases/{id}/steps/close"), json!({}))
        .await;
    assert_eq!(s, 409);
    assert_eq!(err["code"], "not_allowed_now");
    assert!(err["message"].as_str().unwrap().contains("回访"), "{err}");

    let opinion = json!({
        "finding": "部分属实", "tri_reasonable": "是", "tri_unreasonable": "不涉及", "tri_hardship": "是",
        "tri_unlawful": "不涉及", "opinion": "补助资金已于10月12日发放到位",
    });
    let c = township.step_ok(id, "opinion", opinion.clone()).await;
    assert_eq!(c["status"], "待回访");
    assert_eq!(c["finding"], "部分属实");
    assert_eq!(c["tri"], json!(["是", "不涉及", "是", "不涉及"]));

    // 回: dissatisfied sends it back to 办.
    let c = township
        .step_ok(
            id,
            "return_visit",
            json!({ "satisfaction": "不满意", "note": "认为金额不足" }),
        )
        .await;
    assert_eq!(c["status"], "办理中");
    let c = township.step_ok(id, "opinion", opinion).await;
    assert_eq!(c["status"], "待回访");
    assert_eq!(
        c["satisfaction"],
        serde_json::Value::Null,
        "a new opinion needs a new return visit"
    );
    let c = township
        .step_ok(
            id,
            "return_visit",
            json!({ "satisfaction": "满意", "stable": "是", "note": "表示满意" }),
        )
        .await;
    assert_eq!(c["satisfaction"], "满意");

    // 交 and 督.
    let c = district
        .step_ok(id, "close", json!({ "note": "办结" }))
        .await;
    assert_eq!(c["status"], "已办结");
    assert!(c["closed_at"].is_string());
    let (s, err) = township
        .post(
            &format!("/api/v1/cases/{id}/steps/contact"),
            json!({ "note": "再次联系" }),
        )
        .await;
    assert_eq!(s, 409, "{err}");
    assert!(err["message"].as_str().unwrap().contains("已办结"));
    let (s, _) = township
        .post(
            &format!("/api/v1/cases/{id}/steps/reopen"),
            json!({ "note": "复查" }),
        )
        .await;
    assert_eq!(s, 403, "only the district reopens");
    let c = district
        .step_ok(id, "reopen", json!({ "note": "信访人申请复查" }))
        .await;
    assert_eq!(c["status"], "办理中");
    assert_eq!(c["closed_at"], serde_json::Value::Null);

    assert_eq!(
        kinds(&c),
        [
            "登记",
            "转办",
            "联系信访人",
            "带件下访",
            "提交报告",
            "出具处理意见",
            "回访",
            "出具处理意见",
            "回访",
            "办结",
            "重新打开"
        ],
    );
    // Every change is in the audit trail, and the chain verifies.
    // 11 steps, and each of the two opinions issued its 处理意见书 (notice.issue).
    let audit = app.state.store.audit_for("case", id).await.unwrap();
    assert_eq!(audit.len(), 13, "one audit row per change");
    let issued = audit.iter().filter(|a| a.action == "notice.issue").count();
    assert_eq!(issued, 2, "each opinion issues its notice");
    assert!(audit.iter().all(|a| a.actor_name != "系统"));
    let v = app.state.store.verify_audit().await.unwrap();
    assert_eq!(v.first_broken, None);
}

#[tokio::test]
async fn steps_out_of_order_are_refused_with_a_reason() {
    let app = spawn_app().await;
    let case = register(&app, registration(&app, "", "医疗保障").await).await;
    let id = case["id"].as_i64().unwrap();
    let district = Api::new(&app, "quju").await;

    let (s, err) = district
        .post(
            &format!("/api/v1/cases/{id}/steps/contact"),
            json!({ "note": "电话" }),
        )
        .await;
    assert_eq!((s, err["code"].as_str()), (409, Some("not_allowed_now")));
    assert!(
        err["message"].as_str().unwrap().contains("尚未转办"),
        "{err}"
    );

    let (s, err) = district
        .post(
            &format!("/api/v1/cases/{id}/steps/return_visit"),
            json!({ "satisfaction": "满意", "note": "x" }),
        )
        .await;
    assert_eq!(s, 409, "{err}");

    let (s, err) = district
        .post(&format!("/api/v1/cases/{id}/steps/fly"), json!({}))
        .await;
    assert_eq!(s, 409, "{err}");
    assert!(err["message"].as_str().unwrap().contains("未知的操作"));

    // Missing fields are named.
    let (s, err) = district
        .post(&format!("/api/v1/cases/{id}/steps/assign"), json!({}))
        .await;
    assert_eq!(s, 422);
    assert_eq!(err["fields"][0]["field"], "unit_id");
    assert_eq!(err["fields"][0]["label"], "责任单位");

    // A village is not a responsible unit.
    let village = app.org_id("411003105201").await;
    let (s, err) = district
        .post(
            &format!("/api/v1/cases/{id}/steps/assign"),
            json!({ "unit_id": village }),
        )
        .await;
    assert_eq!(s, 422, "{err}");

    // The inspector only reads.
    let ducha = Api::new(&app, "ducha").await;
    let (s, got) = ducha.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(s, 200, "{got}");
    let (s, err) = ducha
        .post(
            &format!("/api/v1/cases/{id}/steps/comment"),
            json!({ "note": "看看" }),
        )
        .await;
    assert_eq!(s, 403, "{err}");

    // Nothing was changed by the refusals.
    let (_, now) = district.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(now["version"], case["version"]);
    assert_eq!(now["events"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_second_save_from_a_stale_page_gets_a_conflict_not_an_overwrite() {
    let app = spawn_app().await;
    let case = register(&app, registration(&app, "", "民政救助").await).await;
    let id = case["id"].as_i64().unwrap();
    let version = case["version"].as_i64().unwrap();
    let unit = app.org_id("411003-D01").await;
    let a = Api::new(&app, "quju").await;
    let b = Api::new(&app, "quju").await;
    let (s1, _) = a
        .post(
            &format!("/api/v1/cases/{id}/steps/assign"),
            json!({ "unit_id": unit, "version": version }),
        )
        .await;
    let other = app.org_id("411003-D04").await;
    let (s2, err) = b
        .post(
            &format!("/api/v1/cases/{id}/steps/assign"),
            json!({ "unit_id": other, "version": version }),
        )
        .await;
    assert_eq!(s1, 200);
    assert_eq!(s2, 409, "{err}");
    assert_eq!(err["code"], "conflict");
    assert!(err["message"].as_str().unwrap().contains("已被他人修改"));
    let (_, now) = a.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(now["responsible_unit"], "区民政局", "the first save stands");
}
