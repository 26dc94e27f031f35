//! 督办: the sweeper walked forward on a fixed clock, each notice once (also with two sweepers at once), the inbox, `xinfang sweep`.

use jiff::Timestamp;
use serde_json::json;
use xinfang::services::deadlines::sweep_deadlines::{SweepReport, run_once};
use xinfang::state::AppState;
use xinfang_domain::clock::parse_time;
use xinfang_store::CaseNotice;

use crate::helpers::{Api, TestApp, opinion_body, register, registration, spawn_app};

pub(crate) fn t(s: &str) -> Timestamp {
    parse_time(s).unwrap_or_else(|| panic!("time {s}"))
}

pub(crate) async fn sweep(app: &TestApp, at: &str) -> SweepReport {
    run_once(&app.state, t(at)).await.expect("sweep")
}

/// 初信初访 received Mon 2022-09-26 09:00, assigned to 区住房和城乡建设局 with 朱经办 as
/// handler and 包区长 as leader, contact made the same day. Left open:
/// 带件下访 due 09-29 24:00 (临期 from 09-29 02:15, the last 25% of 87 h) and
/// 办结 due 10-06 24:00 (临期 from 10-04 08:15).
pub(crate) async fn open_case(app: &TestApp) -> (i64, String) {
    let mut body = registration(app, "", "危房改造").await;
    body["received_at"] = json!("2022-09-26 09:00");
    let case = register(app, body).await;
    let id = case["id"].as_i64().unwrap();
    let d = Api::new(app, "quju").await;
    d.step_ok(
        id,
        "assign",
        json!({
            "at": "2022-09-26 10:00", "unit_id": app.org_id("411003-D04").await,
            "handler_user_id": app.user_id("zhujian").await, "leader_user_id": app.user_id("baoan1").await,
        }),
    )
    .await;
    d.step_ok(
        id,
        "contact",
        json!({ "at": "2022-09-26 15:00", "method": "电话联系", "note": "已联系" }),
    )
    .await;
    (id, case["number"].as_str().unwrap().to_string())
}

async fn notices(app: &TestApp, case_id: i64) -> Vec<CaseNotice> {
    app.state
        .store
        .case_notices(case_id, &xinfang_domain::access::CaseScope::all())
        .await
        .unwrap()
}

/// Recipients (usernames, sorted) of one milestone's notices at one level.
async fn who(app: &TestApp, all: &[CaseNotice], key: &str, level: i64) -> Vec<String> {
    let mut names = Vec::new();
    for n in all
        .iter()
        .filter(|n| n.milestone_key.as_deref() == Some(key) && n.level == level)
    {
        names.push(app.state.store.user(n.user_id).await.unwrap().username);
    }
    names.sort();
    names
}

fn raised(r: &SweepReport) -> (usize, usize, usize) {
    (r.reminders, r.urges, r.bulletins)
}

#[tokio::test]
async fn each_notice_is_raised_once_as_the_clock_walks_forward() {
    let app = spawn_app().await;
    let (id, number) = open_case(&app).await;

    // Before any warning period: nothing.
    assert_eq!(raised(&sweep(&app, "2022-09-28 12:00").await), (0, 0, 0));
    assert!(notices(&app, id).await.is_empty());

    // 带件下访 turns 临期: one reminder, to the handler only.
    assert_eq!(raised(&sweep(&app, "2022-09-29 10:00").await), (1, 0, 0));
    let n = notices(&app, id).await;
    assert_eq!(who(&app, &n, "visit_with_notice", 1).await, ["zhujian"]);
    assert!(n[0].title.contains(&number), "{}", n[0].title);
    // Again at the same time and later the same day: nothing new.
    assert_eq!(raised(&sweep(&app, "2022-09-29 10:00").await), (0, 0, 0));
    assert_eq!(raised(&sweep(&app, "2022-09-29 20:00").await), (0, 0, 0));
    // Overdue since 09-30 00:00, but a day has not passed: the state moves, no notice.
    let r = sweep(&app, "2022-09-30 12:00").await;
    assert_eq!(raised(&r), (0, 0, 0));
    assert!(r.states_changed >= 1, "{r:?}");
    let state = |ms: &[xinfang_store::StoredMilestone], key: &str| {
        ms.iter()
            .find(|m| m.row.key == key)
            .unwrap()
            .row
            .state
            .clone()
    };
    let ms = app
        .state
        .store
        .milestones(id, &xinfang_domain::access::CaseScope::all())
        .await
        .unwrap();
    assert_eq!(state(&ms, "visit_with_notice"), "overdue");
    assert_eq!(state(&ms, "contact"), "on_time");

    // Due + 24 h: 催办 to the unit's users and the leader.
    assert_eq!(raised(&sweep(&app, "2022-10-01 00:00").await), (0, 1, 0));
    let n = notices(&app, id).await;
    assert_eq!(
        who(&app, &n, "visit_with_notice", 2).await,
        ["baoan1", "zhujian"]
    );

    // 办结 turns 临期 on 10-04; 带件下访 is one working day overdue (10-01..07 are 国庆).
    assert_eq!(raised(&sweep(&app, "2022-10-05 09:00").await), (1, 0, 0));
    assert_eq!(
        who(&app, &notices(&app, id).await, "handled", 1).await,
        ["zhujian"]
    );
    // 10-11 23:00: 带件下访 four working days overdue (09-30, 10-08, 10-09 调休, 10-10); 办结 gets its 催办.
    assert_eq!(raised(&sweep(&app, "2022-10-11 23:00").await), (0, 1, 0));
    // 10-12 00:00: five working days — 通报 to the district bureau.
    assert_eq!(raised(&sweep(&app, "2022-10-12 00:00").await), (0, 0, 1));
    let n = notices(&app, id).await;
    assert_eq!(who(&app, &n, "visit_with_notice", 3).await, ["quju"]);
    assert!(who(&app, &n, "handled", 3).await.is_empty());
    assert_eq!(raised(&sweep(&app, "2022-10-13 00:00").await), (0, 0, 1));
    assert_eq!(raised(&sweep(&app, "2022-12-31 00:00").await), (0, 0, 0));

    // In all: per milestone one reminder, one 催办 (two people), one 通报; nothing for the done 建立联系.
    let n = notices(&app, id).await;
    assert_eq!(n.len(), 8);
    assert!(who(&app, &n, "contact", 1).await.is_empty());
    assert_eq!(who(&app, &n, "handled", 3).await, ["quju"]);
    // 催办 and 通报 are in the case's timeline; every notice in the audit trail.
    let case = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .1;
    let texts: Vec<&str> = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.starts_with("系统催办通知"))
            .count(),
        2,
        "{texts:?}"
    );
    assert_eq!(
        texts.iter().filter(|t| t.starts_with("系统通报")).count(),
        2
    );
    let audit = app.state.store.audit_for("case", id).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == "milestone.notice")
            .count(),
        6
    );
    assert!(
        app.state
            .store
            .verify_audit()
            .await
            .unwrap()
            .first_broken
            .is_none()
    );
}

#[tokio::test]
async fn completed_milestones_and_windows_raise_nothing() {
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
    d.step_ok(
        id,
        "deliver",
        json!({ "at": "2022-10-15 10:00", "document": "处理意见书", "deliverer": "张专干" }),
    )
    .await;

    // The 复查 window (30 days from delivery) closes 11-14 24:00 and only closes.
    for at in [
        "2022-10-09 12:00",
        "2022-10-20 00:00",
        "2022-11-14 12:00",
        "2022-11-20 00:00",
        "2023-03-01 00:00",
    ] {
        assert_eq!(raised(&sweep(&app, at).await), (0, 0, 0), "at {at}");
    }
    assert!(notices(&app, id).await.is_empty());
    let ms = app
        .state
        .store
        .milestones(id, &xinfang_domain::access::CaseScope::all())
        .await
        .unwrap();
    let window = ms.iter().find(|m| m.row.key == "review_window").unwrap();
    assert_eq!(window.row.state, "window_closed");
    assert_eq!(window.notice_level, 0);
}

#[tokio::test]
async fn two_sweepers_at_once_raise_each_notice_once() {
    let app = spawn_app().await;
    let (id, _) = open_case(&app).await;
    // A second app instance on the same database (its own pool, its own SQLite writer lock).
    let other = AppState::open((*app.state.config).clone())
        .await
        .expect("second instance");
    let mut total = (0, 0, 0);
    for at in [
        "2022-09-29 10:00",
        "2022-10-01 00:00",
        "2022-10-12 00:00",
        "2022-10-13 00:00",
    ] {
        let (a, b, c) = tokio::join!(
            run_once(&app.state, t(at)),
            run_once(&other, t(at)),
            run_once(&app.state, t(at)),
        );
        for r in [a.unwrap(), b.unwrap(), c.unwrap()] {
            assert_eq!(r.errors, 0, "{r:?}");
            total.0 += r.reminders;
            total.1 += r.urges;
            total.2 += r.bulletins;
        }
    }
    // 带件下访 walks 临期 → 催办 → 通报; 办结 is first seen on 10-12 one day overdue
    // (its 催办 only; its stale reminder is not sent), then 通报 on 10-13.
    assert_eq!(total, (1, 2, 2));
    let n = notices(&app, id).await;
    assert_eq!(who(&app, &n, "visit_with_notice", 1).await, ["zhujian"]);
    assert_eq!(
        who(&app, &n, "visit_with_notice", 2).await,
        ["baoan1", "zhujian"]
    );
    assert_eq!(who(&app, &n, "visit_with_notice", 3).await, ["quju"]);
    assert!(who(&app, &n, "handled", 1).await.is_empty());
    assert_eq!(who(&app, &n, "handled", 2).await, ["baoan1", "zhujian"]);
    assert_eq!(who(&app, &n, "handled", 3).await, ["quju"]);
    other.store.close().await;
}

#[tokio::test]
async fn the_inbox_shows_my_notices_only_and_marks_them_read() {
    let app = spawn_app().await;
    let (_, number) = open_case(&app).await;
    sweep(&app, "2022-09-29 10:00").await; // reminder to zhujian
    sweep(&app, "2022-10-01 00:00").await; // 催办 to zhujian and baoan1

    let zhu = app.login("zhujian").await;
    let home = app.page(&zhu, "/").await;
    assert!(home.contains("通知 (2)"), "unread count in the header");
    let inbox = app.page(&zhu, "/inbox").await;
    assert!(inbox.contains("临期提醒") && inbox.contains("催办通知") && inbox.contains(&number));
    assert_eq!(inbox.matches("class=\"unread\"").count(), 2);
    assert!(inbox.contains("href=\"/cases/"), "links to the case");
    // Newest first.
    assert!(inbox.find("催办通知：").unwrap() < inbox.find("临期提醒：").unwrap());

    // Someone else's inbox has none of it, and cannot mark it read.
    let ling = app.login("lingjing").await;
    let other = app.page(&ling, "/inbox").await;
    assert!(!other.contains(&number) && other.contains("通知 (0)"));
    let mine = Api::new(&app, "zhujian")
        .await
        .get("/api/v1/notifications")
        .await
        .1;
    assert_eq!(mine["unread"], 2);
    let first_id = mine["items"][0]["id"].as_i64().unwrap();
    let csrf = app.csrf(&ling, "/inbox").await;
    let r = ling
        .post(app.url("/inbox/read"))
        .form(&[("_csrf", csrf), ("id", first_id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.state
            .store
            .unread_count(app.user_id("zhujian").await)
            .await
            .unwrap(),
        2
    );

    // Without the form token nothing happens; with it, one is read, then all.
    let r = zhu
        .post(app.url("/inbox/read"))
        .form(&[("id", first_id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let csrf = app.csrf(&zhu, "/inbox").await;
    let r = zhu
        .post(app.url("/inbox/read"))
        .form(&[("_csrf", csrf.clone()), ("id", first_id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let inbox = app.page(&zhu, "/inbox").await;
    assert!(inbox.contains("通知 (1)"));
    assert_eq!(inbox.matches("class=\"unread\"").count(), 1);
    zhu.post(app.url("/inbox/read"))
        .form(&[("_csrf", csrf), ("all", "1".to_string())])
        .send()
        .await
        .unwrap();
    assert!(app.page(&zhu, "/").await.contains("通知 (0)"));

    // The API: the leader reads his one 催办 and marks all read.
    let bao = Api::new(&app, "baoan1").await;
    let (s, list) = bao.get("/api/v1/notifications").await;
    assert_eq!(s, 200);
    assert_eq!(list["unread"], 1);
    assert_eq!(list["items"][0]["level_label"], "催办通知");
    assert_eq!(list["items"][0]["case_number"], number.as_str());
    let (s, r) = bao
        .post("/api/v1/notifications/read", json!({ "all": true }))
        .await;
    assert_eq!(
        (s, r["marked"].as_i64(), r["unread"].as_i64()),
        (200, Some(1), Some(0))
    );
    let (s, _) = bao
        .post("/api/v1/notifications/read", json!({ "id": "x" }))
        .await;
    assert_eq!(s, 422);
}

#[tokio::test]
async fn xinfang_sweep_runs_one_pass_and_prints_its_report() {
    let app = spawn_app().await;
    open_case(&app).await;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_xinfang"));
    cmd.arg("--data-dir").arg(&app.state.config.data_dir);
    if let Some(url) = &app.state.config.database_url {
        cmd.arg("--database-url").arg(url);
    }
    cmd.env_remove("XINFANG_DATABASE_URL")
        .env_remove("XINFANG_DATA_DIR");
    let out = cmd
        .args(["sweep", "--at", "2022-10-01 00:00", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["urges"], 1, "{report}");
    assert_eq!(report["reminders"], 0, "the stale reminder is not sent");
    assert_eq!(report["errors"], 0);
}
