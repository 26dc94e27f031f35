//! Two servers on one database (the multi-server deployment, issue 14 item 8): both serve, each 督办 notice goes out once, a settings change made through one is seen by the other.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use xinfang::services::deadlines::sweep_deadlines::run_once;
use xinfang_domain::access::CaseScope;

use crate::helpers::{Api, register, registration, second_server, spawn_app};
use crate::supervision::{open_case, t};

fn due(case: &Value, key: &str) -> String {
    case["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == key)
        .unwrap_or_else(|| panic!("{key} in {}", case["milestones"]))["due_display"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn two_servers_share_cases_notices_and_settings() {
    let a = spawn_app().await;
    let b = second_server(&a).await;
    assert_ne!(a.addr, b.addr);

    // Both serve: a case registered through one is read through the other.
    let (id, number) = open_case(&a).await;
    let (status, case) = Api::new(&b, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await;
    assert_eq!(status, 200, "{case}");
    assert_eq!(case["number"], number.as_str());

    // Both sweep every minute: each notice goes out once.
    for at in [
        "2022-09-29 10:00",
        "2022-10-01 00:00",
        "2022-10-04 09:00",
        "2022-10-08 00:00",
        "2022-10-12 00:00",
        "2022-10-20 00:00",
    ] {
        let (x, y) = tokio::join!(run_once(&a.state, t(at)), run_once(&b.state, t(at)));
        assert_eq!((x.unwrap().errors, y.unwrap().errors), (0, 0));
    }
    let mut sent: BTreeMap<(String, i64), Vec<i64>> = BTreeMap::new();
    for n in a
        .state
        .store
        .case_notices(id, &CaseScope::all())
        .await
        .unwrap()
    {
        sent.entry((n.milestone_key.unwrap_or_default(), n.level))
            .or_default()
            .push(n.user_id);
    }
    // 带件下访 and 办结 (由 open_case): 临期提醒, 催办通知, 通报 each — once,
    // so no recipient twice within one notice.
    let levels: Vec<(String, i64)> = sent.keys().cloned().collect();
    let want: Vec<(String, i64)> = ["handled", "visit_with_notice"]
        .iter()
        .flat_map(|k| (1..=3).map(move |l| (k.to_string(), l)))
        .collect();
    assert_eq!(levels, want, "{sent:?}");
    for (k, users) in &sent {
        let mut once = users.clone();
        once.sort();
        once.dedup();
        assert_eq!(once.len(), users.len(), "{k:?} went to someone twice");
    }

    // A settings change made through one (the administrator's page on B) is
    // seen by the other at its very next registration.
    let mut body = registration(&a, "", "危房改造").await;
    body["received_at"] = json!("2022-10-08 09:00");
    let before = register(&a, body.clone()).await;
    let admin = b.login("admin").await;
    let csrf = b.csrf(&admin, "/admin/rules").await;
    let r = admin
        .post(b.url("/admin/rules"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("action", "use"),
            ("name", "statute"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let after = register(&a, body).await;
    // The statute's 转送交办 (15 days from 10-08, ending Sunday 10-23, rolls on
    // to Monday 10-24); the seed plan has no such milestone.
    assert!(
        before["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["key"] != "transfer"),
        "{}",
        before["milestones"]
    );
    assert_eq!(due(&after, "transfer"), "2022-10-24 24:00");
}
