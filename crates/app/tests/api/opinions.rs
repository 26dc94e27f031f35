//! The opinion board (网络舆情): disposal status (forward freely, back only
//! with a reason), 正面发声, links to petitions,
//! who may record (every role tried), the timeline and audit trail, and the
//! board's counts and filters checked against the incidents the test made.

use serde_json::{Value, json};

use crate::case_records::audit_actions;
use crate::helpers::{Api, TestApp, register, registration, spawn_app};

/// An online incident of `township` (org code) with `severity`, registered
/// by the district; returns its id and number.
async fn incident(app: &TestApp, township: &str, severity: &str) -> (i64, String) {
    let mut body = registration(app, "", "民政救助").await;
    body["kind"] = json!("网络舆情");
    body["channel"] = json!("网络舆情");
    body["platform"] = json!("抖音");
    body["link"] = json!("https://www.douyin.com/video/7150000000000000001");
    body["reach"] = json!("1.2万次播放");
    body["severity"] = json!(severity);
    body["township_id"] = json!(app.org_id(township).await);
    let c = register(app, body).await;
    (
        c["id"].as_i64().unwrap(),
        c["number"].as_str().unwrap().to_string(),
    )
}

fn voice(date: &str) -> Value {
    json!({
        "speaker": "张潘镇人民政府", "channel": "评论区回复", "platform": "抖音",
        "date": date, "content": "已安排工作人员入户核实，补助资金将于本月底前发放到位。",
        "link": "https://www.douyin.com/video/7150000000000000001",
    })
}

fn board_ids(board: &Value) -> Vec<i64> {
    board["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn an_incident_moves_through_its_statuses_with_voices_and_every_change_recorded() {
    let app = spawn_app().await;
    let (id, _) = incident(&app, "411003105", "较大").await;
    let z = Api::new(&app, "zhangpan").await;
    let base = format!("/api/v1/cases/{id}/opinion");

    // Nothing recorded: 监测中, and a 较大 incident not yet answered.
    let (s, r) = z.get(&base).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["status"], "monitoring");
    assert_eq!(r["status_label"], "监测中");
    let (_, b) = Api::new(&app, "quju").await.get("/api/v1/opinions").await;
    assert_eq!(b["unanswered_serious"], 1, "{b}");

    // A 正面发声 by the township.
    let (s, r) = z
        .post(&format!("{base}/voices"), voice("2022-10-08 15:00"))
        .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["voices"][0]["channel"], "comment_reply");
    assert_eq!(r["voices"][0]["channel_label"], "评论区回复");
    assert_eq!(r["voices"][0]["recorded_by"], "张专干");

    // Forward: 已回应, then straight to 已平息.
    for (status, date) in [
        ("已回应", "2022-10-08 16:00"),
        ("已平息", "2022-10-10 09:00"),
    ] {
        let (s, r) = z
            .post(
                &format!("{base}/status"),
                json!({ "status": status, "date": date }),
            )
            .await;
        assert_eq!(s, 200, "{status}: {r}");
        assert_eq!(r["status_label"], status);
    }
    // The same status again, and back without a reason: refused, named.
    let (s, e) = z
        .post(&format!("{base}/status"), json!({ "status": "已平息" }))
        .await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (422, Some("status")));
    let (s, e) = z
        .post(&format!("{base}/status"), json!({ "status": "监测中" }))
        .await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (422, Some("note")));
    assert_eq!(e["fields"][0]["label"], "说明");
    // Back with a reason: the incident flared up again.
    let (s, r) = z
        .post(
            &format!("{base}/status"),
            json!({ "status": "monitoring", "date": "2022-10-11 08:00", "note": "原视频被转发，评论再次增多" }),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    let history: Vec<&str> = r["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, vec!["responded", "subsided", "monitoring"]);
    assert_eq!(r["history"][2]["note"], "原视频被转发，评论再次增多");

    // The timeline tells it, and each change is audited.
    let (_, c) = z.get(&format!("/api/v1/cases/{id}")).await;
    let texts: Vec<&str> = c["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap_or_default())
        .collect();
    assert!(
        texts.contains(&"舆情处置状态：已平息 → 监测中（原视频被转发，评论再次增多）"),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("正面发声：张潘镇人民政府 通过评论区回复（抖音）")),
        "{texts:?}"
    );
    let actions = audit_actions(&app).await;
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "case.opinion_status")
            .count(),
        3
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "case.opinion_voice")
            .count(),
        1
    );

    // Bad input names its fields, and nothing is written.
    let (s, e) = z
        .post(
            &format!("{base}/voices"),
            json!({ "channel": "点赞", "link": "javascript:alert(1)" }),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec!["speaker", "channel", "date", "content", "link"]
    );
    let (_, r) = z.get(&format!("{base}/voices")).await;
    assert_eq!(r.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn only_the_incidents_units_and_the_district_record_and_other_roles_are_refused() {
    let app = spawn_app().await;
    let (id, _) = incident(&app, "411003105", "一般").await;
    Api::new(&app, "quju")
        .await
        .step_ok(
            id,
            "assign",
            json!({ "at": "2022-10-08 10:00", "unit_id": app.org_id("411003-D04").await,
                    "leader_user_id": app.user_id("baoan1").await }),
        )
        .await;
    let path = format!("/api/v1/cases/{id}/opinion/voices");
    // (user, answer): the township, the assigned department and the district
    // record; 督查, its 包案领导 and the 系统管理员 are refused; a unit
    // that neither handles nor sees it does not find it.
    for (user, expected) in [
        ("zhangpan", 201),
        ("zhujian", 201),
        ("quju", 201),
        ("ducha", 403),
        ("baoan1", 403),
        ("admin", 403),
        ("lingjing", 404),
        ("minzheng", 404),
    ] {
        let (s, r) = Api::new(&app, user)
            .await
            .post(&path, voice("2022-10-09 10:00"))
            .await;
        assert_eq!(s, expected, "{user}: {r}");
        if expected == 403 {
            assert!(
                r["message"].as_str().unwrap().contains("承办单位"),
                "{user}: {r}"
            );
        }
    }
    let (_, r) = Api::new(&app, "ducha").await.get(&path).await;
    assert_eq!(r.as_array().unwrap().len(), 3, "督查 reads them all: {r}");

    // A petition is not an incident: no status to change.
    let petition = register(&app, registration(&app, "", "危房改造").await).await;
    let (s, r) = Api::new(&app, "quju")
        .await
        .post(
            &format!("/api/v1/cases/{}/opinion/status", petition["id"]),
            json!({ "status": "已回应" }),
        )
        .await;
    assert_eq!(s, 409, "{r}");
    assert!(r["message"].as_str().unwrap().contains("不是网络舆情"));
}

#[tokio::test]
async fn an_incident_is_linked_to_petitions_the_linker_can_see_and_both_show_it() {
    let app = spawn_app().await;
    let (id, number) = incident(&app, "411003105", "重大").await;
    let petition = register(&app, registration(&app, "", "危房改造").await).await;
    let (pid, pnumber) = (
        petition["id"].as_i64().unwrap(),
        petition["number"].as_str().unwrap().to_string(),
    );
    let mut other = registration(&app, "", "民政救助").await;
    other["township_id"] = json!(app.org_id("411003106").await);
    let lingjing = register(&app, other).await;
    let z = Api::new(&app, "zhangpan").await;
    let links = format!("/api/v1/cases/{id}/opinion/links");

    let (s, r) = z
        .post(&links, json!({ "case": pnumber, "note": "同一诉求" }))
        .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["links"][0]["number"], pnumber);
    // Once only, either way round.
    let (s, r) = z.post(&links, json!({ "case": pid })).await;
    assert_eq!(s, 409, "{r}");
    // Unknown, invisible (灵井镇's case, to 张潘镇), or itself: named `case`.
    for bad in [
        json!({ "case": "建安信访〔2099〕9999号" }),
        json!({ "case": lingjing["number"] }),
        json!({ "case": id }),
    ] {
        let (s, r) = z.post(&links, bad.clone()).await;
        assert_eq!(s, 422, "{bad}: {r}");
        assert_eq!(r["fields"][0]["field"], "case");
    }
    // The petition's side shows the incident; both timelines say so.
    let (_, r) = z.get(&format!("/api/v1/cases/{pid}/opinion")).await;
    assert_eq!(r["links"][0]["number"], number);
    assert_eq!(r["links"][0]["kind"], "online_opinion");
    let (_, c) = z.get(&format!("/api/v1/cases/{pid}")).await;
    assert!(
        c["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == format!("关联{number}（同一诉求）")),
        "{c}"
    );
    let (_, b) = z.get("/api/v1/opinions").await;
    assert_eq!(b["incidents"][0]["linked_cases"], json!([pnumber]));
}

#[tokio::test]
async fn the_board_counts_and_filters_the_incidents_each_role_may_read() {
    let app = spawn_app().await;
    let quju = Api::new(&app, "quju").await;
    // 张潘镇: a 一般 left 监测中, a 较大 answered, a 重大 answered then 平息;
    // 灵井镇: a 一般 left 监测中. One petition, which the board ignores.
    let (a, _) = incident(&app, "411003105", "一般").await;
    let (b, _) = incident(&app, "411003105", "较大").await;
    let (c, _) = incident(&app, "411003105", "重大").await;
    let (d, _) = incident(&app, "411003106", "一般").await;
    register(&app, registration(&app, "", "危房改造").await).await;
    for (id, statuses) in [(b, vec!["已回应"]), (c, vec!["已回应", "已平息"])] {
        for s in statuses {
            let (code, r) = quju
                .post(
                    &format!("/api/v1/cases/{id}/opinion/status"),
                    json!({ "status": s }),
                )
                .await;
            assert_eq!(code, 200, "{r}");
        }
    }
    quju.post(
        &format!("/api/v1/cases/{b}/opinion/voices"),
        voice("2022-10-09 08:00"),
    )
    .await;

    let (s, board) = quju.get("/api/v1/opinions").await;
    assert_eq!(s, 200, "{board}");
    let mut ids = board_ids(&board);
    ids.sort();
    assert_eq!(ids, vec![a, b, c, d]);
    assert_eq!(
        board["counts"],
        json!({ "monitoring": 2, "responded": 1, "disposed": 0, "subsided": 1 })
    );
    // 重大 c was never answered in words; 较大 b was.
    assert_eq!(board["unanswered_serious"], 1);
    let row_b = board["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == b)
        .unwrap()
        .clone();
    assert_eq!(row_b["voices"], 1);
    assert_eq!(row_b["severity_label"], "较大");
    assert_eq!(row_b["platform"], "抖音");

    for (query, expected) in [
        ("status=监测中", vec![a, d]),
        ("status=responded", vec![b]),
        ("status=已平息&severity=重大", vec![c]),
        ("severity=一般", vec![a, d]),
    ] {
        let (s, board) = quju.get(&format!("/api/v1/opinions?{query}")).await;
        assert_eq!(s, 200, "{query}: {board}");
        let mut got = board_ids(&board);
        got.sort();
        assert_eq!(got, expected, "{query}");
    }
    let (s, e) = quju.get("/api/v1/opinions?status=已结束").await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (422, Some("status")));

    // A township sees its own; a department sees what was assigned to it.
    let (_, own) = Api::new(&app, "lingjing")
        .await
        .get("/api/v1/opinions")
        .await;
    assert_eq!(board_ids(&own), vec![d]);
    let (_, none) = Api::new(&app, "zhujian")
        .await
        .get("/api/v1/opinions")
        .await;
    assert_eq!(board_ids(&none), Vec::<i64>::new());

    // The page lists them too.
    let client = app.login("quju").await;
    let html = app.page(&client, "/opinions?status=已平息").await;
    assert!(html.contains(&format!("/cases/{c}/opinion")), "{html}");
    assert!(!html.contains(&format!("/cases/{a}/opinion")));
}
