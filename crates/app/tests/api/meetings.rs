//! The monthly 隐患分析排查会议: recording (every field named when wrong),
//! who may record and read (every role tried), the month's overview counted
//! against the meetings the test recorded, measures as tracked tasks, the
//! pack read back from its PDF (and written by `xinfang meeting pack`), and
//! the Tuesday 扶贫日 visit plan.

use serde_json::{Value, json};

use crate::cli::xinfang;
use crate::documents::{get_pdf, pdftotext};
use crate::helpers::{Api, TestApp, register, registration, spawn_app};

/// A meeting of 2022-10-28: one measure due 2022-11-04 (long past today),
/// one due at the end of 2099 (open for as long as this test lives).
fn meeting(township_id: Option<i64>) -> Value {
    let mut m = json!({
        "held_on": "2022-10-28", "place": "张潘镇党政办会议室", "chair": "王镇长",
        "attendees": "王镇长、张专干、李所长、赵书记",
        "risks": "石桥村危房改造补助未到位，信访人有赴市苗头。",
        "measures": [
            { "content": "入户解释政策并协调住建局核查", "owner": "张专干", "due": "2022-11-04" },
            { "content": "", "owner": "", "due": "" },
            { "content": "每月联系一次信访人", "owner": "石桥村赵书记", "due": "2099-12-31" },
        ],
    });
    if let Some(t) = township_id {
        m["township_id"] = json!(t);
    }
    m
}

fn states(m: &Value) -> Vec<(String, String)> {
    m["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["content"].as_str().unwrap().to_string(),
                x["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

async fn record(app: &TestApp, user: &str, body: Value) -> (u16, Value) {
    Api::new(app, user)
        .await
        .post("/api/v1/meetings", body)
        .await
}

#[tokio::test]
async fn a_township_records_its_meeting_and_its_measures_become_tracked_tasks() {
    let app = spawn_app().await;
    let (s, m) = record(&app, "zhangpan", meeting(None)).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["township"], "张潘镇");
    assert_eq!(m["month"], "2022-10");
    assert_eq!(
        m["attendees"],
        json!(["王镇长", "张专干", "李所长", "赵书记"])
    );
    // The blank row is skipped; the first measure is long overdue.
    assert_eq!(
        states(&m),
        vec![
            ("入户解释政策并协调住建局核查".into(), "overdue".into()),
            ("每月联系一次信访人".into(), "open".into()),
        ]
    );
    let (id, first) = (
        m["id"].as_i64().unwrap(),
        m["measures"][0]["id"].as_i64().unwrap(),
    );
    // Both are in the township's open measures (and the 待办 page).
    let z = Api::new(&app, "zhangpan").await;
    let (_, open) = z.get("/api/v1/measures").await;
    assert_eq!(open.as_array().unwrap().len(), 2);
    let client = app.login("zhangpan").await;
    let todo = app.page(&client, "/todo").await;
    assert!(todo.contains("入户解释政策并协调住建局核查"), "{todo}");

    // Done a day late: 逾期完成; not twice; a note is required.
    let done = format!("/api/v1/meetings/{id}/measures/{first}/done");
    let (s, e) = z.post(&done, json!({ "date": "2022-11-05" })).await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (422, Some("note")));
    let (s, m) = z
        .post(
            &done,
            json!({ "date": "2022-11-05", "note": "已入户解释，住建局核查后补发资金" }),
        )
        .await;
    assert_eq!(s, 200, "{m}");
    assert_eq!(m["measures"][0]["state"], "done_late");
    assert_eq!(m["measures"][0]["state_label"], "逾期完成");
    assert_eq!(m["measures"][0]["done_by"], "张专干");
    let (s, _) = z
        .post(&done, json!({ "date": "2022-11-05", "note": "再次" }))
        .await;
    assert_eq!(s, 409);
    let (_, open) = z.get("/api/v1/measures").await;
    assert_eq!(open.as_array().unwrap().len(), 1);

    // Audited: the record and the completion.
    let (_, audit) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/audit?kind=risk")
        .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "meeting.record").count(),
        1
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "meeting.measure_done")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_meeting_names_every_wrong_field_and_writes_nothing() {
    let app = spawn_app().await;
    let mut bad = meeting(None);
    bad["attendees"] = json!("王镇长");
    bad["measures"] = json!([{ "content": "入户解释", "owner": "", "due": "2022-10-01" }]);
    let (s, e) = record(&app, "zhangpan", bad).await;
    assert_eq!(s, 422, "{e}");
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec!["attendees", "measures[0].owner", "measures[0].due"]
    );
    let mut none = meeting(None);
    none["measures"] = json!([]);
    let (s, e) = record(&app, "zhangpan", none).await;
    assert_eq!(
        (s, e["fields"][0]["field"].as_str()),
        (422, Some("measures"))
    );
    // The district must name the township.
    let (s, e) = record(&app, "quju", meeting(None)).await;
    assert_eq!(
        (s, e["fields"][0]["field"].as_str()),
        (422, Some("township_id"))
    );
    let (_, o) = Api::new(&app, "quju")
        .await
        .get("/api/v1/meetings?month=2022-10")
        .await;
    assert_eq!(o["held"], 0);
}

#[tokio::test]
async fn each_role_records_and_reads_only_what_the_table_allows_and_the_month_counts_them() {
    let app = spawn_app().await;
    let zhangpan = app.org_id("411003105").await;
    let lingjing = app.org_id("411003106").await;
    // (user, township named, expected)
    for (user, township, expected) in [
        ("zhangpan", Some(lingjing), 403),
        ("zhujian", Some(zhangpan), 403),
        ("baoan1", Some(zhangpan), 403),
        ("ducha", Some(zhangpan), 403),
        ("admin", Some(zhangpan), 403),
        ("zhangpan", None, 201),
        ("quju", Some(lingjing), 201),
    ] {
        let (s, r) = record(&app, user, meeting(township)).await;
        assert_eq!(s, expected, "{user}: {r}");
    }
    let (_, o) = Api::new(&app, "quju")
        .await
        .get("/api/v1/meetings?month=2022-10")
        .await;
    let rows = o["townships"].as_array().unwrap();
    assert_eq!(rows.len(), 18, "every township of Jian'an");
    assert_eq!(o["held"], 2);
    let held: Vec<&str> = rows
        .iter()
        .filter(|r| r["held"] == true)
        .map(|r| r["township"].as_str().unwrap())
        .collect();
    assert_eq!(held, vec!["张潘镇", "灵井镇"]);
    let zp = rows.iter().find(|r| r["township"] == "张潘镇").unwrap();
    assert_eq!(
        (zp["open_measures"].clone(), zp["overdue_measures"].clone()),
        (json!(2), json!(1))
    );
    let (_, o) = Api::new(&app, "quju")
        .await
        .get("/api/v1/meetings?month=2022-11")
        .await;
    assert_eq!(o["held"], 0);

    // A township reads its own row and meeting; another's is not found.
    let (_, own) = Api::new(&app, "lingjing")
        .await
        .get("/api/v1/meetings?month=2022-10")
        .await;
    assert_eq!(own["townships"].as_array().unwrap().len(), 1);
    let theirs = zp["meetings"][0]["id"].as_i64().unwrap();
    let (s, _) = Api::new(&app, "lingjing")
        .await
        .get(&format!("/api/v1/meetings/{theirs}"))
        .await;
    assert_eq!(s, 404);
    let (s, _) = Api::new(&app, "ducha")
        .await
        .get(&format!("/api/v1/meetings/{theirs}"))
        .await;
    assert_eq!(s, 200);
    let (s, _) = Api::new(&app, "zhujian")
        .await
        .get("/api/v1/meetings")
        .await;
    assert_eq!(s, 403);
    let (s, _) = Api::new(&app, "minzheng")
        .await
        .get("/api/v1/measures")
        .await;
    assert_eq!(
        s, 200,
        "a department has no measures, and is told so by an empty list"
    );
    let (s, e) = Api::new(&app, "quju")
        .await
        .get("/api/v1/meetings?month=2022-13")
        .await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (422, Some("month")));
}

#[tokio::test]
async fn the_pack_lists_last_months_cases_and_measures_and_the_cli_writes_it() {
    let app = spawn_app().await;
    // 张潘镇: one case received 2022-10-08 (last month for a November
    // meeting); 灵井镇: one case, which 张潘镇's pack must not show.
    let ours = register(&app, registration(&app, "", "危房改造").await).await;
    let mut other = registration(&app, "", "民政救助").await;
    other["township_id"] = json!(app.org_id("411003106").await);
    let theirs = register(&app, other).await;
    let (s, _) = record(&app, "zhangpan", meeting(None)).await;
    assert_eq!(s, 201);
    // A key person of 张潘镇 who once went to the city.
    let (s, p) = Api::new(&app, "zhangpan")
        .await
        .post(
            "/api/v1/persons",
            json!({ "name": "赵有才", "township_id": app.org_id("411003105").await,
                    "escalations": "2021-05-03 赴市", "intends_to_escalate": "否" }),
        )
        .await;
    assert_eq!(s, 201, "{p}");

    let (s, pdf) = get_pdf(
        &app,
        "zhangpan",
        "/api/v1/meetings/pack?township=张潘镇&month=2022-11",
    )
    .await;
    assert_eq!(s, 200);
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdftotext(&pdf) {
        let flat: String = text.split_whitespace().collect();
        assert!(
            flat.contains("张潘镇2022年11月信访舆情隐患分析排查会议材料"),
            "{text}"
        );
        assert!(flat.contains("上月（2022年10月）新增信访件1件"), "{text}");
        assert!(flat.contains(ours["number"].as_str().unwrap()), "{text}");
        assert!(!flat.contains(theirs["number"].as_str().unwrap()), "{text}");
        assert!(
            flat.contains("上月会议制定措施2条，已落实0条，未落实2条（其中已超期1条）"),
            "{text}"
        );
        assert!(flat.contains("入户解释政策并协调住建局核查"), "{text}");
        assert!(flat.contains("赵有才") && flat.contains("曾赴市"), "{text}");
    }
    // Another township's pack is refused; an unknown one is named.
    let (s, _) = get_pdf(
        &app,
        "lingjing",
        "/api/v1/meetings/pack?township=张潘镇&month=2022-11",
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = get_pdf(
        &app,
        "quju",
        "/api/v1/meetings/pack?township=不存在镇&month=2022-11",
    )
    .await;
    assert_eq!(s, 422);

    let out = app.state.config.data_dir.join("pack.pdf");
    let (ok, stdout, err) = xinfang(
        &app,
        &[
            "meeting",
            "pack",
            "--township",
            "张潘镇",
            "--month",
            "2022-11",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(stdout.contains("已写入"), "{stdout}");
    let written = std::fs::read(&out).unwrap();
    assert!(written.starts_with(b"%PDF"));
    if let Some(text) = pdftotext(&written) {
        assert!(
            text.split_whitespace()
                .collect::<String>()
                .contains(ours["number"].as_str().unwrap())
        );
    }
}

#[tokio::test]
async fn the_tuesday_plan_proposes_the_visits_due_and_lists_those_made_that_week() {
    let app = spawn_app().await;
    // Received Saturday 2022-10-08: its 带件下访 falls due within three days.
    let case = register(&app, registration(&app, "", "危房改造").await).await;
    let (id, number) = (
        case["id"].as_i64().unwrap(),
        case["number"].as_str().unwrap().to_string(),
    );
    let due = case["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == "visit_with_notice")
        .unwrap()["due_at"]
        .as_str()
        .unwrap()
        .to_string();
    let z = Api::new(&app, "zhangpan").await;
    // Any day of the week names its Tuesday: 2022-10-13 (Thursday) → 10-11.
    let (s, plan) = z.get("/api/v1/visit-plan?date=2022-10-13").await;
    assert_eq!(s, 200, "{plan}");
    assert_eq!(
        (
            plan["tuesday"].as_str(),
            plan["week_from"].as_str(),
            plan["week_to"].as_str()
        ),
        (Some("2022-10-11"), Some("2022-10-10"), Some("2022-10-16"))
    );
    let towns = plan["townships"].as_array().unwrap();
    assert_eq!(towns.len(), 1, "a township plans its own");
    let proposed = towns[0]["proposed"].as_array().unwrap();
    let visit = proposed
        .iter()
        .find(|v| v["number"] == number.as_str() && v["reason"] == "带件下访并现场阅签受理告知书")
        .unwrap_or_else(|| panic!("{plan}"));
    assert_eq!(visit["due_at"], due.as_str());
    // Overdue on the Tuesday exactly when its due time is before 10-11 00:00.
    assert_eq!(
        visit["overdue"],
        json!(due.as_str() < "2022-10-11T00:00:00+08:00")
    );

    // Visited on Wednesday: no longer proposed, and in the week's visits.
    Api::new(&app, "quju")
        .await
        .assign_to(id, "411003-D04", "2022-10-08 10:00")
        .await;
    z.step_ok(
        id,
        "visit",
        json!({ "at": "2022-10-12 10:00", "place": "石桥村", "notice_signed": true, "note": "带件下访" }),
    )
    .await;
    let (_, plan) = z.get("/api/v1/visit-plan?date=2022-10-11").await;
    let t = &plan["townships"][0];
    assert!(
        !t["proposed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["reason"] == "带件下访并现场阅签受理告知书"),
        "{plan}"
    );
    let made = t["made"].as_array().unwrap();
    assert_eq!(made.len(), 1, "{plan}");
    assert_eq!(made[0]["number"], number.as_str());
    assert_eq!(made[0]["kind_label"], "带件下访");
    assert_eq!(made[0]["by"], "张专干");
    // The next week shows none of it as made.
    let (_, later) = z.get("/api/v1/visit-plan?date=2022-10-18").await;
    assert_eq!(later["townships"][0]["made"], json!([]));

    // The district sees all eighteen; a department has no plan.
    let (_, all) = Api::new(&app, "quju")
        .await
        .get("/api/v1/visit-plan?date=2022-10-11")
        .await;
    assert_eq!(all["townships"].as_array().unwrap().len(), 18);
    let (s, _) = Api::new(&app, "zhujian")
        .await
        .get("/api/v1/visit-plan")
        .await;
    assert_eq!(s, 403);
    let (s, e) = z.get("/api/v1/visit-plan?date=10/11").await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (422, Some("date")));
}

#[tokio::test]
async fn the_pages_record_a_meeting_and_show_the_month_and_the_plan() {
    let app = spawn_app().await;
    let client = app.login("zhangpan").await;
    let html = app.page(&client, "/meetings?month=2022-10").await;
    assert!(html.contains("录入会议记录"), "{html}");
    let csrf = app.csrf(&client, "/meetings?month=2022-10").await;
    let form = [
        ("_csrf", csrf.as_str()),
        ("held_on", "2022-10-28"),
        ("place", "镇会议室"),
        ("chair", "王镇长"),
        ("attendees", "王镇长、张专干"),
        ("risks", "石桥村补助未到位"),
        ("measure_content", "入户解释"),
        ("measure_owner", "张专干"),
        ("measure_due", "2099-01-01"),
        ("measure_content", ""),
        ("measure_owner", ""),
        ("measure_due", ""),
    ];
    let r = client
        .post(app.url("/meetings"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/meetings/"), "{location}");
    let body = app.page(&client, &location).await;
    assert!(body.contains("会议记录已保存"), "{body}");
    assert!(body.contains("入户解释"));
    let month = app.page(&client, "/meetings?month=2022-10").await;
    assert!(month.contains(r#"<b id="held">1</b>"#), "{month}");
    let plan = app.page(&client, "/visits?date=2022-10-11").await;
    assert!(plan.contains("扶贫日下访"), "{plan}");
    let hub = app.page(&client, "/risk").await;
    assert!(hub.contains("/meetings") && hub.contains("/visits") && hub.contains("/opinions"));
}
