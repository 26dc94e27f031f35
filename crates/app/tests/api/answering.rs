//! The milestone that answers the petitioner (`"role": "answer"` in the rule
//! set): Annex 4's 办结时限, the case ledger's default 办结时限 and the date
//! the 受理告知书 promises, for every kind — 重复访 and 越级访 included.
//! Dates are worked out by hand from calendars/2022.json.

use serde_json::{Value, json};

use crate::documents::{get_pdf, pdftotext};
use crate::helpers::{Api, TestApp, register, registration, spawn_app};
use crate::ledgers::{Sheet, export_ok};

/// A 省交办 case of `kind` received at `received` in 张潘镇, assigned to it.
async fn provincial(app: &TestApp, kind: &str, received: &str) -> Value {
    let mut body = registration(app, "", "危房改造").await;
    body["kind"] = json!(kind);
    body["received_at"] = json!(received);
    body["source_level"] = json!("省交办");
    let case = register(app, body).await;
    let id = case["id"].as_i64().unwrap();
    Api::new(app, "quju")
        .await
        .assign_to(id, "411003105", received)
        .await
}

fn answering(c: &Value) -> Vec<&str> {
    c["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["answers_petitioner"] == true)
        .map(|m| m["key"].as_str().unwrap())
        .collect()
}

/// 办结时限 (column 20) of the Annex 4 row of `number`.
fn annex4_due(a4: &Sheet, number: &str) -> String {
    a4.row_with(number)[20].clone()
}

#[tokio::test]
async fn repeat_and_escalated_rows_get_their_due_date_from_the_answering_milestone() {
    let app = spawn_app().await;
    // 重复访, Mon 09-26 09:10: the 处置情况报告 is due on the 10th working day
    // after: 09-27, 28, 29, 30, (国庆 10-01–07), 10-08, 09 (makeup), 10, 11, 12, 13.
    let repeat = provincial(&app, "重复访", "2022-09-26 09:10").await;
    // 越级访, Fri 09-30 16:00: 10-08, 09, 10 … 14, 17, 18, 19 → 10-19.
    let escalated = provincial(&app, "越级访", "2022-09-30 16:00").await;
    // 初信初访, Sat 10-08: 10 calendar days → 10-18.
    let first = provincial(&app, "初信初访", "2022-10-08 09:00").await;
    assert_eq!(answering(&repeat), ["handling_report"]);
    assert_eq!(answering(&escalated), ["handling_report"]);
    assert_eq!(answering(&first), ["handled"]);

    for user in ["quju", "zhangpan"] {
        let a4 = Sheet::read(&export_ok(&app, user, "/api/v1/ledgers/annex4.xlsx").await);
        assert_eq!(a4.text(4, 20), "办结时限");
        for (c, due) in [
            (&repeat, "2022-10-13"),
            (&escalated, "2022-10-19"),
            (&first, "2022-10-18"),
        ] {
            let number = c["number"].as_str().unwrap();
            assert_eq!(annex4_due(&a4, number), due, "{user}: {number}");
        }
    }
    // The case ledger shows the same default.
    for (user, c, due) in [
        ("quju", &repeat, "2022-10-13"),
        ("zhangpan", &escalated, "2022-10-19"),
    ] {
        let (s, l) = Api::new(&app, user)
            .await
            .get(&format!("/api/v1/cases/{}/ledger", c["id"]))
            .await;
        assert_eq!(s, 200, "{l}");
        assert_eq!(l["due"], due);
        assert_eq!(l["due_entered"], false);
    }

    // Under the statute the 60-day 办理 answers, for every kind: 09-26 + 60 days is Fri 11-25.
    let now = app.state.now();
    xinfang::services::admin::reference::use_rules(&app.state, None, "statute", now)
        .await
        .unwrap();
    let a4 = Sheet::read(&export_ok(&app, "quju", "/api/v1/ledgers/annex4.xlsx").await);
    assert_eq!(
        annex4_due(&a4, repeat["number"].as_str().unwrap()),
        "2022-11-25"
    );
}

#[tokio::test]
async fn the_acceptance_notice_promises_the_answering_milestone_s_day() {
    let app = spawn_app().await;
    // A district's rules: a 重复访 is answered by a 处置情况报告 in 3 working days.
    let rules = r#"{
      "name": "jianan", "title": "本区规则", "extends": "seed",
      "kinds": {"重复访": [
        {"key": "handling_report", "name": "报送处置情况报告", "role": "answer",
         "limit": {"working_days": 3}, "complete": [[{"signal": "report", "kind": "处置情况报告"}]]}
      ]}
    }"#;
    let now = app.state.now();
    let reference = xinfang::services::admin::reference::save_rules;
    reference(&app.state, None, "jianan", rules, now)
        .await
        .unwrap();
    xinfang::services::admin::reference::use_rules(&app.state, None, "jianan", now)
        .await
        .unwrap();
    // Mon 09-26: 3 working days → Thu 09-29, earlier than the 10-day cap (10-06).
    let repeat = provincial(&app, "重复访", "2022-09-26 09:10").await;
    let (s, pdf) = get_pdf(
        &app,
        "zhangpan",
        &format!("/api/v1/cases/{}/notices/acceptance", repeat["id"]),
    )
    .await;
    assert_eq!(s, 200);
    let text: String = pdftotext(&pdf)
        .expect("pdftotext")
        .split_whitespace()
        .collect();
    assert!(text.contains("将于2022年9月29日前办结"), "{text}");
}
