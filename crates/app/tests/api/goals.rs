//! 目标任务: 舆情等级 on registration, correction and the case list; the ranks
//! the district enters; and the goals panel, whose every figure is checked
//! against a count of the cases the test itself registered, and against the
//! case list its link opens.

use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

/// An online incident in 张潘镇 (王保全 as the poster) of the given severity, as typed.
async fn online(app: &TestApp, severity: &str) -> Value {
    let mut body = registration(app, "", "民政救助").await;
    body["kind"] = json!("网络舆情");
    body["channel"] = json!("网络舆情");
    body["platform"] = json!("抖音");
    body["severity"] = json!(severity);
    body
}

#[tokio::test]
async fn an_online_incident_is_rated_its_severity_is_corrected_and_filtered() {
    let app = spawn_app().await;
    let quju = Api::new(&app, "quju").await;

    // Required for 网络舆情, refused for any other kind, named in Chinese.
    let (s, err) = quju.post("/api/v1/cases", online(&app, "").await).await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["field"], "severity");
    assert_eq!(err["fields"][0]["label"], "舆情等级");
    assert!(
        err["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("网络舆情必须填写舆情等级"),
        "{err}"
    );
    let mut visit = registration(&app, "", "医疗保障").await;
    visit["severity"] = json!("一般");
    let (s, err) = quju.post("/api/v1/cases", visit).await;
    assert_eq!(
        (s, err["fields"][0]["label"].as_str()),
        (422, Some("舆情等级"))
    );
    assert!(
        err.to_string().contains("只有网络舆情填写舆情等级"),
        "{err}"
    );
    let (s, err) = quju.post("/api/v1/cases", online(&app, "特大").await).await;
    assert_eq!(
        (s, err["fields"][0]["field"].as_str()),
        (422, Some("severity"))
    );

    let rated = register(&app, online(&app, "较大").await).await;
    assert_eq!(rated["severity"], "较大");
    let plain = register(&app, registration(&app, "", "教育保障").await).await;
    assert_eq!(plain["severity"], Value::Null);

    for (filter, total) in [("较大", 1), ("serious", 1), ("major", 0), ("一般", 0)] {
        let (s, listed) = quju.get(&format!("/api/v1/cases?severity={filter}")).await;
        assert_eq!(
            (s, listed["total"].as_i64()),
            (200, Some(total)),
            "{filter}"
        );
    }
    let (_, listed) = quju.get("/api/v1/cases?severity=serious").await;
    assert_eq!(listed["items"][0]["severity"], "较大");
    assert_eq!(listed["items"][0]["id"], rated["id"]);
    let (s, err) = quju.get("/api/v1/cases?severity=huge").await;
    assert_eq!(
        (s, err["fields"][0]["label"].as_str()),
        (422, Some("舆情等级"))
    );

    // 更正: before → after on the timeline; the filter follows.
    let (s, after) = quju
        .post(
            &format!("/api/v1/cases/{}/steps/correct", rated["id"]),
            json!({ "severity": "重大", "note": "播放量已过十万，升级", "version": rated["version"] }),
        )
        .await;
    assert_eq!(s, 200, "{after}");
    assert_eq!(after["severity"], "重大");
    let timeline: Vec<&str> = after["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(
        timeline.iter().any(|t| t.contains("舆情等级：较大 → 重大")),
        "{timeline:?}"
    );
    let (_, listed) = quju.get("/api/v1/cases?severity=重大").await;
    assert_eq!(listed["total"], 1);
    // A correction may not give another kind a severity.
    let (s, err) = quju
        .post(
            &format!("/api/v1/cases/{}/steps/correct", plain["id"]),
            json!({ "severity": "一般", "note": "误填", "version": plain["version"] }),
        )
        .await;
    assert_eq!(
        (s, err["fields"][0]["label"].as_str()),
        (422, Some("舆情等级"))
    );

    // The case page, the list page and the console show it.
    let c = app.login("quju").await;
    let page = app.page(&c, &format!("/cases/{}", rated["id"])).await;
    assert!(
        page.contains(r#"<td id="severity" colspan="3">重大</td>"#),
        "case page"
    );
    let list = app.page(&c, "/cases?severity=major").await;
    assert!(
        list.contains("舆情重大") && list.contains("共 1 件"),
        "list page"
    );
    let (ok, out, err) =
        crate::cli::xinfang(&app, &["case", "list", "--json", "--severity", "重大"]);
    assert!(ok, "{err}");
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["severity"], "重大");
}

/// A case the goals test registers.
struct Spec {
    received: &'static str,
    township: &'static str,
    category: &'static str,
    escalated_to: &'static str,
    severity: &'static str,
    confirm_repeat: bool,
}

const ZHANGPAN: &str = "411003105";
const LINGJING: &str = "411003106";

const fn spec(received: &'static str, township: &'static str, category: &'static str) -> Spec {
    Spec {
        received,
        township,
        category,
        escalated_to: "",
        severity: "",
        confirm_repeat: false,
    }
}

/// 2022 and 2021 cases of both townships, in registration order (a
/// confirmed repeat comes after the case it repeats).
fn specs() -> Vec<Spec> {
    vec![
        spec("2021-07-05 09:00", ZHANGPAN, "危房改造"),
        spec("2021-08-05 09:00", LINGJING, "医疗保障"),
        spec("2021-09-05 09:00", ZHANGPAN, "教育保障"),
        spec("2021-09-20 09:00", LINGJING, "小额信贷"),
        spec("2021-10-02 09:00", ZHANGPAN, "其他"),
        spec("2022-07-04 09:00", ZHANGPAN, "资金项目"),
        Spec {
            escalated_to: "赴省",
            ..spec("2022-07-20 09:00", ZHANGPAN, "资金项目")
        },
        Spec {
            escalated_to: "进京",
            confirm_repeat: true,
            ..spec("2022-08-10 09:00", ZHANGPAN, "资金项目")
        },
        Spec {
            escalated_to: "赴市",
            ..spec("2022-08-11 09:00", LINGJING, "易地搬迁")
        },
        Spec {
            escalated_to: "赴省",
            ..spec("2022-10-01 09:00", LINGJING, "帮扶措施")
        },
        Spec {
            severity: "重大",
            ..spec("2022-09-30 20:30", LINGJING, "民政救助")
        },
        Spec {
            severity: "较大",
            ..spec("2022-09-01 20:30", ZHANGPAN, "民政救助")
        },
        Spec {
            severity: "重大",
            ..spec("2022-02-01 20:30", ZHANGPAN, "民政救助")
        },
    ]
}

async fn register_specs(app: &TestApp) {
    for s in specs() {
        let mut body = if s.severity.is_empty() {
            registration(app, "", s.category).await
        } else {
            online(app, s.severity).await
        };
        body["received_at"] = json!(s.received);
        body["township_id"] = json!(app.org_id(s.township).await);
        body["escalated_to"] = json!(s.escalated_to);
        if s.confirm_repeat {
            body["repeat_decision"] = json!("confirm");
        }
        let c = register(app, body).await;
        assert_eq!(c["related_case"].is_string(), s.confirm_repeat, "{c}");
    }
}

/// Whether `received` (`YYYY-MM-DD …`) lies in 2022-Q3, or 2021-Q3.
fn in_q3(received: &str, year: &str) -> bool {
    received.starts_with(year)
        && ["-07-", "-08-", "-09-"]
            .iter()
            .any(|m| &received[4..8] == *m)
}

fn goal<'a>(panel: &'a Value, key: &str) -> &'a Value {
    panel["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("no goal {key}: {panel}"))
}

/// The case list behind a goal's link, as the API lists it.
async fn listed(api: &Api<'_>, link: &Value) -> i64 {
    let link = link.as_str().unwrap();
    let (s, list) = api
        .get(&link.replacen("/cases?", "/api/v1/cases?", 1))
        .await;
    assert_eq!(s, 200, "{link}: {list}");
    list["total"].as_i64().unwrap()
}

#[tokio::test]
async fn each_goal_counts_the_cases_registered_and_its_link_lists_them() {
    let app = spawn_app().await;
    register_specs(&app).await;
    let all = specs();

    for (user, township) in [
        ("quju", None),
        ("ducha", None),
        ("zhangpan", Some(ZHANGPAN)),
    ] {
        let api = Api::new(&app, user).await;
        let (s, panel) = api.get("/api/v1/goals?period=2022-Q3").await;
        assert_eq!(s, 200, "{user}: {panel}");
        assert_eq!(
            (
                panel["period"].as_str(),
                panel["from"].as_str(),
                panel["to"].as_str()
            ),
            (Some("2022-Q3"), Some("2022-07-01"), Some("2022-09-30"))
        );
        let mine: Vec<&Spec> = all
            .iter()
            .filter(|s| township.is_none_or(|t| s.township == t))
            .collect();
        let now: Vec<&&Spec> = mine.iter().filter(|s| in_q3(s.received, "2022")).collect();
        let before = mine.iter().filter(|s| in_q3(s.received, "2021")).count() as i64;
        let province = now
            .iter()
            .filter(|s| ["赴省", "进京"].contains(&s.escalated_to))
            .count() as i64;
        let repeat = now
            .iter()
            .filter(|s| ["赴省", "进京"].contains(&s.escalated_to) && s.confirm_repeat)
            .count() as i64;
        let major = now.iter().filter(|s| s.severity == "重大").count() as i64;
        let total = now.len() as i64;
        // By hand: district 2022-Q3 has 6 cases (07-04, 07-20, 08-10, 08-11,
        // 09-30, 09-01; not 10-01 or 02-01), 2021-Q3 has 4; 张潘镇 4 and 2.
        let expected_total = if township.is_some() { 4 } else { 6 };
        assert_eq!(
            (total, before),
            (expected_total, if township.is_some() { 2 } else { 4 })
        );

        let g = goal(&panel, "escalated_province_or_above");
        assert_eq!(g["value"].as_i64(), Some(province), "{user}");
        assert_eq!(g["status"], if province == 0 { "达成" } else { "未达成" });
        assert_eq!(listed(&api, &g["link"]).await, province);
        let g = goal(&panel, "repeat_province_or_above");
        assert_eq!(
            (g["value"].as_i64(), g["status"].as_str()),
            (Some(repeat), Some("未达成"))
        );
        assert_eq!(listed(&api, &g["link"]).await, repeat);
        let g = goal(&panel, "major_online");
        assert_eq!(g["value"].as_i64(), Some(major), "{user}");
        assert_eq!(g["status"], if major == 0 { "达成" } else { "未达成" });
        assert_eq!(listed(&api, &g["link"]).await, major);
        let g = goal(&panel, "total");
        assert_eq!(
            (g["value"].as_i64(), g["previous"].as_i64()),
            (Some(total), Some(before))
        );
        // Rising: 6 against 4 is +50%, 4 against 2 is +100%.
        let change = g["change"].as_f64().unwrap();
        let hand = if township.is_some() { 1.0 } else { 0.5 };
        assert!((change - hand).abs() < 1e-9, "{change}");
        assert_eq!(g["status"], "未达成");
        assert_eq!(listed(&api, &g["link"]).await, total);
        assert_eq!(listed(&api, &g["previous_link"]).await, before);

        // A township sees the district's figure beside its own; a district viewer has no second figure.
        let district_now: Vec<&Spec> = all.iter().filter(|s| in_q3(s.received, "2022")).collect();
        let district_province = district_now
            .iter()
            .filter(|s| ["赴省", "进京"].contains(&s.escalated_to))
            .count() as i64;
        for (key, district) in [
            ("total", district_now.len() as i64),
            ("escalated_province_or_above", district_province),
        ] {
            let shown = &goal(&panel, key)["district_value"];
            if township.is_some() {
                assert_eq!(shown.as_i64(), Some(district), "{user} {key} 全区");
            } else {
                assert!(shown.is_null(), "{user} {key}: {shown}");
            }
        }

        // Only district roles and 督查 read the published ranks.
        let ranks_shown = panel["goals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["key"] == "rank_city");
        assert_eq!(ranks_shown, township.is_none(), "{user}");
    }

    // Whole year 2022 counts the February 重大 incident too.
    let quju = Api::new(&app, "quju").await;
    let (_, year) = quju.get("/api/v1/goals?period=2022").await;
    let majors = all
        .iter()
        .filter(|s| s.received.starts_with("2022") && s.severity == "重大")
        .count() as i64;
    assert_eq!(goal(&year, "major_online")["value"].as_i64(), Some(majors));
    assert_eq!(majors, 2);
    // A month with nothing wanted is met; 2022-10 has only the 赴省 case of 灵井镇.
    let (_, month) = quju.get("/api/v1/goals?period=2022-09").await;
    assert_eq!(
        goal(&month, "escalated_province_or_above")["status"],
        "达成"
    );
    let (_, october) = quju.get("/api/v1/goals?period=2022-10").await;
    assert_eq!(goal(&october, "escalated_province_or_above")["value"], 1);

    let (s, err) = quju.get("/api/v1/goals?period=2022-13").await;
    assert_eq!((s, err["fields"][0]["label"].as_str()), (422, Some("期间")));
    let (s, _) = Api::new(&app, "zhujian").await.get("/api/v1/goals").await;
    assert_eq!(s, 403);

    // The page shows the same figures with their links.
    let page = app
        .page(&app.login("quju").await, "/goals?period=2022-Q3")
        .await;
    assert!(page.contains("不出现赴省级以上越级访"), "goals page");
    assert!(
        page.contains("escalated_province_or_above=1") && page.contains("2022-09-30"),
        "goals page links"
    );
    let own = app
        .page(&app.login("zhangpan").await, "/goals?period=2022-Q3")
        .await;
    assert!(
        own.contains("<th>全区</th>") && own.contains("class=\"district-value\">6 件"),
        "the township's page shows the district's 6 cases beside its own 4"
    );
    let home = app.page(&app.login("quju").await, "/").await;
    assert!(
        home.contains(r#"id="goals-brief""#),
        "the district's 工作台"
    );
}

fn rank(period: &str, level: &str, rank: &str, count: &str) -> Value {
    json!({ "period": period, "level": level, "rank": rank, "ranked_count": count,
            "source": "许信联〔2022〕通报", "published_total": 130 })
}

#[tokio::test]
async fn the_district_enters_published_ranks_and_the_panel_shows_their_trend() {
    let app = spawn_app().await;
    let quju = Api::new(&app, "quju").await;
    let (s, r) = quju
        .post("/api/v1/goals/ranks", rank("2022-Q2", "市", "3", "9"))
        .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(
        (
            r["period"].as_str(),
            r["level"].as_str(),
            r["near_the_top"].as_bool()
        ),
        (Some("2022-Q2"), Some("市"), Some(true))
    );
    let (s, _) = quju
        .post("/api/v1/goals/ranks", rank("2022-Q3", "city", "6", "9"))
        .await;
    assert_eq!(s, 201);
    // Entered again for the same period and level: replaced, the audit keeps the first.
    let (s, r) = quju
        .post("/api/v1/goals/ranks", rank("2022-Q3", "市", "5", "9"))
        .await;
    assert_eq!((s, r["rank"].as_i64()), (201, Some(5)));

    for (body, field, message) in [
        (rank("2022-Q5", "市", "1", "9"), "period", "不是有效的期间"),
        (rank("2022-Q3", "县", "1", "9"), "level", ""),
        (
            rank("2022-Q3", "市", "10", "9"),
            "rank",
            "第10名超出了参与排名的9个县区",
        ),
        (rank("2022-Q3", "市", "三", "9"), "rank", "不是整数"),
        (
            json!({ "period": "2022", "level": "省", "rank": 2, "ranked_count": 100 }),
            "source",
            "不能为空",
        ),
    ] {
        let (s, err) = quju.post("/api/v1/goals/ranks", body).await;
        assert_eq!(
            (s, err["fields"][0]["field"].as_str()),
            (422, Some(field)),
            "{err}"
        );
        assert!(!err["fields"][0]["label"].as_str().unwrap().is_ascii());
        assert!(err.to_string().contains(message), "{err}");
    }
    for user in ["zhangpan", "ducha", "admin"] {
        let (s, _) = Api::new(&app, user)
            .await
            .post("/api/v1/goals/ranks", rank("2022-Q3", "省", "5", "100"))
            .await;
        assert_eq!(s, 403, "{user}");
    }
    let (s, list) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/goals/ranks")
        .await;
    assert_eq!(s, 200);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{list}");
    assert_eq!(
        (rows[0]["period"].as_str(), rows[0]["rank"].as_i64()),
        (Some("2022-Q3"), Some(5))
    );
    let (s, _) = Api::new(&app, "zhangpan")
        .await
        .get("/api/v1/goals/ranks")
        .await;
    assert_eq!(s, 403);

    let audits = app
        .state
        .store
        .list_audit(&xinfang_store::AuditFilter::default(), 1000, 0)
        .await
        .unwrap();
    let saves: Vec<_> = audits
        .items
        .iter()
        .filter(|(e, _)| e.action == "goal_rank.save")
        .collect();
    assert_eq!(saves.len(), 3, "every entry audited");
    assert!(
        saves.iter().any(|(e, _)| e
            .before
            .as_deref()
            .is_some_and(|b| b.contains("\"rank\":6"))),
        "the replaced entry kept as before"
    );

    let (_, panel) = quju.get("/api/v1/goals?period=2022-Q3").await;
    let city = goal(&panel, "rank_city");
    // 5th of 9 is not in the first third (places 1–3): met; up from 3rd.
    assert_eq!(
        (
            city["value"].as_i64(),
            city["previous"].as_i64(),
            city["status"].as_str()
        ),
        (Some(5), Some(3), Some("达成"))
    );
    assert!(
        city["explanation"].as_str().unwrap().contains("后移2位"),
        "{city}"
    );
    assert_eq!(goal(&panel, "rank_province")["status"], "未录入");
    assert_eq!(panel["rank_trend"].as_array().unwrap().len(), 2);
    let (_, q2) = quju.get("/api/v1/goals?period=2022-Q2").await;
    assert_eq!(goal(&q2, "rank_city")["status"], "未达成");

    // The page form names a bad field in Chinese and keeps what was typed.
    let c = app.login("quju").await;
    let csrf = app.csrf(&c, "/goals/ranks").await;
    let r = c
        .post(app.url("/goals/ranks"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("period", "2022-10"),
            ("level", "city"),
            ("rank", "12"),
            ("ranked_count", "9"),
            ("source", "市通报"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("排名：第12名超出了参与排名的9个县区"),
        "{body}"
    );
    assert!(body.contains(r#"value="2022-10""#));
    let page = app.page(&c, "/goals/ranks").await;
    assert!(page.contains("2022年第三季度") && page.contains("第 5 名 / 9"));
}

#[test]
fn the_readme_documents_the_goals_and_the_severity() {
    let readme = include_str!("../../../../README.md");
    for needle in [
        "### The plan's goals (目标任务)",
        "`GET /api/v1/goals?period=`",
        "`GET\\|POST /api/v1/goals/ranks`",
        "/goals/ranks",
        "**舆情等级** (`severity`",
        "`?severity=`, `--severity`",
        "escalated_province_or_above=&repeats_earlier=&severity=",
        "[--escalated-province-or-above] [--repeats-earlier] [--severity",
        "`goal_rank.save`",
        "`enter_rank`",
        "`read_ranks`",
        "`read_goals`",
        "`escalated_to`, `severity`, `updated_at`",
    ] {
        assert!(readme.contains(needle), "README lacks {needle}");
    }
}

#[tokio::test]
async fn the_demo_rates_its_incidents_and_enters_ranks() {
    let app = spawn_app().await;
    xinfang::demo::seed_demo(&app.state, 150)
        .await
        .expect("demo");
    let quju = Api::new(&app, "quju").await;
    let (_, online) = quju
        .get("/api/v1/cases?kind=online_opinion&limit=500")
        .await;
    let rows = online["items"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|c| c["severity"].is_string()),
        "every demo incident is rated"
    );
    let majors: Vec<&Value> = rows.iter().filter(|c| c["severity"] == "重大").collect();
    assert_eq!(majors.len(), 1, "one 重大");
    assert!(rows.iter().any(|c| c["severity"] == "较大"), "a few 较大");
    // The 重大 one is the district's earliest incident, in a past year.
    let earliest = rows
        .iter()
        .map(|c| c["received_at"].as_str().unwrap())
        .min()
        .unwrap();
    assert_eq!(majors[0]["received_at"].as_str().unwrap(), earliest);
    let this_year = xinfang_domain::clock::local_date(app.state.now())
        .year()
        .to_string();
    assert!(!earliest.starts_with(&this_year), "{earliest}");
    let (_, ranks) = quju.get("/api/v1/goals/ranks").await;
    assert_eq!(ranks.as_array().unwrap().len(), 4, "{ranks}");
}
