//! A case's 台账信息 blocks: who may change them, and a field left out keeps its stored value.

use serde_json::json;

use super::provincial_backlog_case;
use crate::helpers::{Api, spawn_app};

#[tokio::test]
async fn a_case_leader_reads_the_ledger_but_may_not_rewrite_it() {
    let app = spawn_app().await;
    let case = provincial_backlog_case(&app).await;
    let id = case["id"].as_i64().unwrap();
    let leader = Api::new(&app, "baoan1").await;
    let (s, before) = leader.get(&format!("/api/v1/cases/{id}/ledger")).await;
    assert_eq!(s, 200, "the 包案领导 reads their case's ledger: {before}");
    assert_eq!(before["leader"], "包区长");
    let audit_rows = app.state.store.verify_audit().await.unwrap().rows;
    for (part, body) in [
        ("backlog", json!({ "backlog": "否", "plan": "改写" })),
        ("provincial", json!({ "review": "改写" })),
        (
            "followups",
            json!({ "at": "2022-10-10 09:00", "note": "改写" }),
        ),
    ] {
        let (s, r) = leader
            .post(&format!("/api/v1/cases/{id}/ledger/{part}"), body)
            .await;
        assert_eq!(s, 403, "{part}: {r}");
        assert!(
            r["message"].as_str().unwrap().contains("不能修改台账信息"),
            "{r}"
        );
    }
    // The page refuses the same.
    let client = app.login("baoan1").await;
    let csrf = app.csrf(&client, &format!("/cases/{id}/ledger")).await;
    let page = client
        .post(app.url(&format!("/cases/{id}/ledger/provincial")))
        .form(&[("_csrf", csrf.as_str()), ("review", "改写")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 403);
    let (_, after) = leader.get(&format!("/api/v1/cases/{id}/ledger")).await;
    assert_eq!(after, before, "nothing changed");
    assert_eq!(
        app.state.store.verify_audit().await.unwrap().rows,
        audit_rows,
        "no audit row either"
    );
    // The handling unit may.
    let (s, r) = Api::new(&app, "zhujian")
        .await
        .post(
            &format!("/api/v1/cases/{id}/ledger/provincial"),
            json!({ "review": "2022年11月1日申请复查" }),
        )
        .await;
    assert_eq!(
        (s, &r["review"]),
        (200, &json!("2022年11月1日申请复查")),
        "{r}"
    );
}

#[tokio::test]
async fn a_field_left_out_keeps_its_stored_value() {
    let app = spawn_app().await;
    let case = provincial_backlog_case(&app).await;
    let id = case["id"].as_i64().unwrap();
    let d = Api::new(&app, "quju").await;
    let path = format!("/api/v1/cases/{id}/ledger/backlog");
    let (s, r) = d
        .post(
            &path,
            json!({ "plan": "先核实补助标准，再协调拨付", "plan_due": "2022-12-31" }),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        r["leader"], "包区长",
        "leader_user_id left out keeps the 包案领导"
    );
    assert_eq!(r["backlog"], true, "backlog left out stays a backlog case");
    assert_eq!(r["backlog_reason"], "补助资金拨付程序复杂，多次答复未兑现");
    assert_eq!(r["plan"], "先核实补助标准，再协调拨付");
    assert_eq!(r["plan_due"], "2022-12-31");
    // Only the plan changes; the due date stays.
    let (_, r) = d.post(&path, json!({ "plan": "改为分期拨付" })).await;
    assert_eq!(
        (&r["plan"], &r["plan_due"]),
        (&json!("改为分期拨付"), &json!("2022-12-31"))
    );
    // A blank value clears: no 包案领导 any more.
    let (s, r) = d.post(&path, json!({ "leader_user_id": "" })).await;
    assert_eq!(s, 200, "{r}");
    assert!(r["leader"].is_null(), "{r}");
    assert_eq!(r["plan"], "改为分期拨付");
    // The provincial block likewise.
    let prov = format!("/api/v1/cases/{id}/ledger/provincial");
    d.post(
        &prov,
        json!({ "review": "已复查", "legal_progress": "不涉及" }),
    )
    .await;
    let (_, r) = d.post(&prov, json!({ "review": "复查维持" })).await;
    assert_eq!(
        (&r["review"], &r["legal_progress"]),
        (&json!("复查维持"), &json!("不涉及"))
    );
}
