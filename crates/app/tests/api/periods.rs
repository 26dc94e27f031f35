//! 敏感节点: the seeded calendar, adding a period, the daily 零报告 (已报 /
//! 迟报 / 未报, counted against the townships), contacts tightened during a
//! period, and the 工作台's panel.

use std::sync::Arc;

use serde_json::json;
use xinfang_domain::clock::{FixedClock, parse_time};
use xinfang_domain::org::OrgKind;

use crate::cli::xinfang;
use crate::helpers::{Api, actor, spawn_app};

fn day(offset: i64) -> String {
    let d = xinfang_domain::clock::local_date(jiff::Timestamp::now());
    let d = if offset >= 0 {
        d.checked_add(jiff::Span::new().days(offset))
    } else {
        d.checked_sub(jiff::Span::new().days(-offset))
    };
    d.unwrap().to_string()
}

#[tokio::test]
async fn the_calendar_is_seeded_and_the_district_adds_to_it() {
    let app = spawn_app().await;
    let (ok, out, err) = xinfang(&app, &["periods", "list", "--json"]);
    assert!(ok, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ershida = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "党的二十大")
        .expect("党的二十大 seeded");
    assert_eq!(
        (ershida["starts_on"].as_str(), ershida["ends_on"].as_str()),
        (Some("2022-10-16"), Some("2022-10-22"))
    );
    for name in ["全国两会", "春节", "国庆"] {
        assert!(
            rows.as_array().unwrap().iter().any(|p| p["name"] == name),
            "{name}"
        );
    }
    let (s, _) = Api::new(&app, "zhangpan")
        .await
        .post("/api/v1/periods", json!({ "name": "x" }))
        .await;
    assert_eq!(s, 403);
    let d = Api::new(&app, "quju").await;
    let (s, e) = d
        .post("/api/v1/periods", json!({ "name": "", "starts_on": "2026-05-02", "ends_on": "2026-05-01", "contact_every_days": "0" }))
        .await;
    assert_eq!(s, 422);
    for f in ["name", "ends_on", "contact_every_days"] {
        assert!(
            e["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["field"] == f),
            "{f}: {e}"
        );
    }
    let (s, p) = d
        .post("/api/v1/periods", json!({ "name": "区人代会", "starts_on": "2027-01-10", "ends_on": "2027-01-12", "contact_every_days": 2 }))
        .await;
    assert_eq!(s, 201, "{p}");
    assert_eq!(p["seeded"], false);
    let (_, all) = Api::new(&app, "zhujian").await.get("/api/v1/periods").await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "区人代会"),
        "everyone reads the calendar"
    );
}

#[tokio::test]
async fn every_township_reports_daily_and_the_district_sees_who_has_not() {
    let app = spawn_app().await;
    let d = Api::new(&app, "quju").await;
    let (s, p) = d
        .post("/api/v1/periods", json!({ "name": "测试节点", "starts_on": day(-1), "ends_on": day(1), "contact_every_days": 2 }))
        .await;
    assert_eq!(s, 201, "{p}");
    let id = p["id"].as_i64().unwrap();
    let townships = app
        .state
        .store
        .list_orgs()
        .await
        .unwrap()
        .iter()
        .filter(|o| o.kind == OrgKind::Township)
        .count();
    let z = Api::new(&app, "zhangpan").await;
    let url = format!("/api/v1/periods/{id}/zero-reports");
    // 张潘镇 reports today (无异常) and yesterday's late; 灵井镇 lists an issue.
    let (s, r) = z.post(&url, json!({ "outcome": "无异常" })).await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["state"], "已报");
    let (s, _) = z.post(&url, json!({ "outcome": "无异常" })).await;
    assert_eq!(s, 409, "once a day");
    let (s, r) = z
        .post(&url, json!({ "outcome": "无异常", "date": day(-1) }))
        .await;
    assert_eq!(s, 201);
    assert_eq!(r["state"], "迟报");
    let l = Api::new(&app, "lingjing").await;
    let (s, e) = l.post(&url, json!({ "outcome": "有情况" })).await;
    assert_eq!(s, 422);
    assert_eq!(e["fields"][0]["field"], "issues");
    let (s, _) = l
        .post(
            &url,
            json!({ "outcome": "有情况", "issues": "某村村民聚集反映补助问题，已劝返" }),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = l
        .post(&url, json!({ "outcome": "无异常", "date": day(2) }))
        .await;
    assert_eq!(s, 422, "not a day to come");
    let (s, _) = d.post(&url, json!({ "outcome": "无异常" })).await;
    assert_eq!(s, 403, "the district reads, the townships report");

    // Today: two reported of all the townships.
    let (s, sheet) = d.get(&url).await;
    assert_eq!(s, 200, "{sheet}");
    assert_eq!(sheet["townships"].as_array().unwrap().len(), townships);
    assert_eq!(sheet["reported"], 2);
    assert_eq!(sheet["not_reported"], townships - 2);
    let row = |s: &serde_json::Value, name: &str| {
        s["townships"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["township"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&sheet, "灵井镇")["outcome"], "有情况");
    assert_eq!(row(&sheet, "五女店镇")["state"], "未报");
    // Yesterday: 张潘镇 late, the rest missing.
    let (_, y) = d.get(&format!("{url}?date={}", day(-1))).await;
    assert_eq!(y["reported"], 1);
    assert_eq!(row(&y, "张潘镇")["state"], "迟报");
    // A township reads its own row; 督查 all.
    let (_, own) = z.get(&url).await;
    assert_eq!(own["townships"].as_array().unwrap().len(), 1);
    let (s, _) = Api::new(&app, "zhujian").await.get(&url).await;
    assert_eq!(s, 403);

    // The 工作台 names the period and who has not reported.
    let client = app.login("quju").await;
    let home = app.page(&client, "/").await;
    assert!(home.contains("正值敏感节点：测试节点"), "{home}");
    assert!(
        home.contains(&format!("未报 {} 个", townships - 2))
            && home.contains("五女店镇")
            && !home.contains("张潘镇、"),
        "{home}"
    );
    let page = app.page(&client, "/periods").await;
    assert!(
        page.contains("零报告") && page.contains("某村村民聚集"),
        "{page}"
    );
}

#[tokio::test]
async fn during_a_period_serious_persons_are_contacted_every_n_days() {
    let app = spawn_app().await;
    let d = Api::new(&app, "quju").await;
    // 乙 is 重大 (进京 50 + intention 30); 甲 is 一般.
    for (name, esc, intends) in [("乙", "进京", "是"), ("甲", "", "否")] {
        d.post(
            "/api/v1/persons",
            json!({ "name": name, "township_id": app.org_id("411003105").await,
            "escalations": esc, "intends_to_escalate": intends }),
        )
        .await;
    }
    let ids: Vec<i64> = app
        .state
        .store
        .key_person_records(None)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let a = actor(&app, "zhangpan").await;
    for id in &ids {
        let c = xinfang_domain::key_person::KeyPersonContact {
            date: jiff::civil::date(2022, 10, 10),
            method: xinfang_domain::key_person::ContactMethod::Phone,
            contacted_by: "张专干".into(),
            content: "了解近况".into(),
            result: "稳定".into(),
        };
        app.state
            .store
            .record_contact(*id, &c, &a, parse_time("2022-10-10 10:00").unwrap())
            .await
            .unwrap();
    }
    // On 17 October, in 党的二十大 (every 2 days): 乙's contact of 10 October
    // is due on 16 October (the period's first day), a day overdue; 甲 (一般)
    // keeps 30 days: 9 November.
    let now = parse_time("2022-10-17 09:00").unwrap();
    let due = app
        .state
        .store
        .contacts_due_by(jiff::civil::date(2022, 10, 17), None, now)
        .await
        .unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].name, "乙");
    assert_eq!(due[0].due.due_on, jiff::civil::date(2022, 10, 16));
    assert_eq!(
        (due[0].due.days_overdue, due[0].due.rhythm.as_str()),
        (1, "敏感节点（党的二十大）期间每2天")
    );
    let later = app
        .state
        .store
        .contacts_due_by(jiff::civil::date(2022, 11, 9), None, now)
        .await
        .unwrap();
    assert_eq!(
        later.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
        ["乙", "甲"]
    );
    // The 工作台 of that day (a fixed clock) shows the period and the contact due.
    let mut state = app.state.clone();
    state.clock = Arc::new(FixedClock(now));
    let quju = actor(&app, "quju").await;
    let dash = xinfang::services::cases::dashboard::dashboard(&state, &quju)
        .await
        .unwrap();
    let risk = dash.risk.unwrap();
    assert_eq!(risk.period.unwrap().period.name, "党的二十大");
    assert_eq!((risk.contacts_due, risk.contacts_overdue), (1, 1));
    assert_eq!(
        risk.not_reported.len(),
        risk.townships,
        "nobody reported on that day"
    );
}
