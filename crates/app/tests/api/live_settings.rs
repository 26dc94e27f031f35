//! Changing the rules or a calendar year on a database where the sweeper has
//! already raised notices (issue 9, item 11): through the console and the
//! administrator's pages, nothing raised is lost, and nothing is raised twice.

use std::collections::BTreeSet;

use serde_json::json;
use xinfang_domain::access::CaseScope;

use crate::cli::xinfang;
use crate::helpers::{Api, TestApp, register, registration};
use crate::supervision::{open_case, sweep};

/// A notice: (id, case, recipient, milestone key, level).
type Notice = (i64, i64, i64, String, i64);

/// Every notice of the cases.
async fn notices(app: &TestApp, ids: &[i64]) -> BTreeSet<Notice> {
    let mut all = BTreeSet::new();
    for id in ids {
        for n in app
            .state
            .store
            .case_notices(*id, &CaseScope::all())
            .await
            .unwrap()
        {
            let key = n
                .milestone_key
                .clone()
                .expect("a notice names its milestone");
            all.insert((n.id, *id, n.user_id, key, n.level));
        }
    }
    all
}

/// No recipient got the same level for the same milestone of a case twice.
fn none_twice(all: &BTreeSet<Notice>) {
    let mut seen = BTreeSet::new();
    for (_, case, user, key, level) in all {
        assert!(
            seen.insert((*case, *user, key.clone(), *level)),
            "raised twice: {key} of case {case}, level {level}, to user {user}"
        );
    }
}

/// A 重复访 in 灵井镇 received Mon 2022-09-26 09:10, assigned, nothing else done.
async fn repeat_case(app: &TestApp) -> i64 {
    let mut body = registration(app, "", "医疗保障").await;
    body["kind"] = json!("重复访");
    body["received_at"] = json!("2022-09-26 09:10");
    body["township_id"] = json!(app.org_id("411003106").await);
    let id = register(app, body).await["id"].as_i64().unwrap();
    Api::new(app, "quju")
        .await
        .assign_to(id, "411003106", "2022-09-26 10:00")
        .await;
    id
}

fn calendar_2022() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../calendars/2022.json");
    std::fs::read_to_string(path).unwrap()
}

#[tokio::test]
async fn rules_and_calendars_change_after_the_sweeper_raised_notices() {
    let app = crate::helpers::spawn_app().await;
    let (first, _) = open_case(&app).await;
    let repeat = repeat_case(&app).await;
    let ids = [first, repeat];
    // Weeks later: 催办 and 通报 on the seed's milestones of both cases.
    let r = sweep(&app, "2022-10-20 09:00").await;
    assert!(r.bulletins > 0, "{r:?}");
    let raised = notices(&app, &ids).await;
    let keys: BTreeSet<&str> = raised.iter().map(|n| n.3.as_str()).collect();
    assert!(
        keys.contains("visit_with_notice") && keys.contains("preliminary_report"),
        "{keys:?}"
    );
    let inbox = app
        .state
        .store
        .inbox(app.user_id("quju").await, 500)
        .await
        .unwrap()
        .len();

    // The console: the statute has none of those milestones. This failed with
    // "FOREIGN KEY constraint failed (code 787)" and changed nothing.
    let (ok, out, err) = xinfang(&app, &["rules", "use", "statute"]);
    assert!(ok, "{err}");
    assert!(out.contains("已启用时限规则“statute”"), "{out}");
    assert_eq!(
        notices(&app, &ids).await,
        raised,
        "every notice is kept, naming its milestone"
    );
    assert_eq!(
        app.state
            .store
            .inbox(app.user_id("quju").await, 500)
            .await
            .unwrap()
            .len(),
        inbox
    );
    let (ok, out, err) = xinfang(&app, &["calendar", "load", &calendar_path()]);
    assert!(ok, "{err}");
    assert!(out.contains("已载入2022年节假日安排"), "{out}");
    // The statute's own clocks raise their own notices.
    sweep(&app, "2023-01-10 09:00").await;
    let under_statute = notices(&app, &ids).await;
    assert!(under_statute.is_superset(&raised));
    none_twice(&under_statute);

    // The administrator's pages: back to the seed, and the year loaded again.
    let admin = app.login("admin").await;
    let csrf = app.csrf(&admin, "/admin/rules").await;
    let r = admin
        .post(app.url("/admin/rules"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("action", "use"),
            ("name", "seed"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = admin
        .post(app.url("/admin/calendar"))
        .form(&[("_csrf", csrf.as_str()), ("body", calendar_2022().as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("已载入2022年节假日安排"));
    let back = notices(&app, &ids).await;
    assert_eq!(back, under_statute, "nothing lost on the way back");
    // The seed's milestones took up their notices again: the next sweep does
    // not raise the same notice a second time.
    sweep(&app, "2023-01-11 09:00").await;
    let after = notices(&app, &ids).await;
    assert!(after.is_superset(&back));
    none_twice(&after);
    let (_, c) = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{repeat}"))
        .await;
    assert!(
        c["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["key"] == "preliminary_report"),
        "{c}"
    );
}

fn calendar_path() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../calendars/2022.json").to_string()
}
