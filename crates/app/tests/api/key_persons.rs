//! 重点人员: the score against hand-worked cases (and as the cases move),
//! scope, personal data, the CLI's exact JSON and the demo (proposals and
//! contacts: key_person_contacts.rs).

use serde_json::json;
use xinfang_domain::clock::parse_time;

use crate::cli::xinfang;
use crate::helpers::{Api, TestApp, opinion_body, register, registration, spawn_app};

pub(crate) const ZHANGPAN: &str = "411003105";
const LINGJING: &str = "411003106";
/// The person's ID number (a valid check digit).
pub(crate) const WANG: &str = "411023196503120039";

/// A registration of the person's case in 张潘镇 at `at`.
pub(crate) async fn case_of(
    app: &TestApp,
    id_number: &str,
    at: &str,
    category: &str,
) -> serde_json::Value {
    let mut body = registration(app, id_number, category).await;
    body["received_at"] = json!(at);
    register(app, body).await
}

/// `n` days before today, at 09:00, as a form time.
pub(crate) fn days_ago(n: i64) -> String {
    let d = xinfang_domain::clock::local_date(jiff::Timestamp::now())
        .checked_sub(jiff::Span::new().days(n))
        .unwrap();
    format!("{d} 09:00")
}

/// The key persons' stored ID numbers and phones, and the audit trail, as stored.
async fn stored_text(app: &TestApp) -> String {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&app.state.config.effective_database_url())
        .await
        .unwrap();
    let mut out = String::new();
    for sql in [
        "SELECT COALESCE(id_number, '') || '|' || COALESCE(phone, '') FROM key_persons",
        "SELECT COALESCE(before, '') || '|' || COALESCE(after, '') FROM audit_log",
    ] {
        for row in sqlx::query_scalar::<_, String>(sql)
            .fetch_all(&pool)
            .await
            .unwrap()
        {
            out.push_str(&row);
            out.push('\n');
        }
    }
    pool.close().await;
    out
}

async fn score_at(app: &TestApp, id: i64, at: &str) -> (u32, String, String) {
    let s = app
        .state
        .store
        .scored_key_person(id, parse_time(at).unwrap())
        .await
        .unwrap();
    (
        s.score.score,
        s.score.level.label().to_string(),
        s.score.explained(),
    )
}

#[tokio::test]
async fn the_score_is_explained_point_by_point_and_moves_with_the_cases() {
    let app = spawn_app().await;
    let d = Api::new(&app, "quju").await;
    let (s, p) = d
        .post(
            "/api/v1/persons",
            json!({ "name": "王保全", "id_number": WANG, "township_id": app.org_id(ZHANGPAN).await,
                    "escalations": "2021-05-03 赴市", "intends_to_escalate": "否" }),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    let id = p["person"]["id"].as_i64().unwrap();
    // Two cases by the ID number: one on 20 September taken to delivery, one on 8 October.
    let first = case_of(&app, WANG, "2022-09-20 09:00", "危房改造").await["id"]
        .as_i64()
        .unwrap();
    d.step_ok(
        first,
        "assign",
        json!({ "at": "2022-09-20 10:00", "unit_id": app.org_id(ZHANGPAN).await }),
    )
    .await;
    let z = Api::new(&app, "zhangpan").await;
    z.step_ok(
        first,
        "contact",
        json!({ "at": "2022-09-20 11:00", "method": "电话联系", "note": "已联系" }),
    )
    .await;
    z.step_ok(
        first,
        "opinion",
        opinion_body(
            "2022-09-28 09:00",
            "部分属实",
            ["是", "不涉及", "是", "不涉及"],
            "已按标准发放",
        ),
    )
    .await;
    z.step_ok(
        first,
        "deliver",
        json!({ "at": "2022-09-30 10:00", "document": "处理意见书", "deliverer": "张专干" }),
    )
    .await;
    case_of(&app, WANG, "2022-10-08 09:00", "医疗保障").await;

    // Hand-worked on 8 October 2022 at noon (rules/key_persons.json): two
    // petitions in twelve months 2 × 10 = 20; 赴市 in the register's history
    // 25; the first case (初信初访) had no 带件下访 within 3 days (due 23
    // September) and is not closed: one overdue case 10; 党的二十大 starts on
    // 16 October, 8 days ahead (within 15) 15. 70 is 重大 (from 70).
    let noon = "2022-10-08 12:00";
    assert_eq!(
        score_at(&app, id, noon).await,
        (70, "重大".into(), "近12个月信访2次 +20；曾赴市 +25；有1件超期未办结 +10；敏感节点临近（党的二十大，8天后） +15".into())
    );
    // The return visit finds him 不满意: +15.
    z.step_ok(first, "return_visit", json!({ "at": "2022-10-08 10:00", "satisfaction": "不满意", "stable": "是", "note": "嫌少" }))
        .await;
    assert_eq!(
        score_at(&app, id, noon).await,
        (85, "重大".into(), "近12个月信访2次 +20；曾赴市 +25；回访不满意 +15；有1件超期未办结 +10；敏感节点临近（党的二十大，8天后） +15".into())
    );
    // A third case, 赴省: three petitions 30, and the furthest destination
    // (赴省 35) replaces 赴市; its own milestones are not yet due at noon:
    // 30 + 35 + 15 + 10 + 15 = 105.
    let mut body = registration(&app, WANG, "资金项目").await;
    body["received_at"] = json!("2022-10-08 11:00");
    body["kind"] = json!("越级访");
    body["escalated_to"] = json!("赴省");
    register(&app, body).await;
    assert_eq!(
        score_at(&app, id, noon).await,
        (105, "重大".into(), "近12个月信访3次 +30；曾赴省 +35；回访不满意 +15；有1件超期未办结 +10；敏感节点临近（党的二十大，8天后） +15".into())
    );
    // A year later the petitions have left the window; 赴省 and 不满意 stay,
    // and all three open cases are overdue by then (the second's 1-day
    // contact, the third's same-day contact): 3 × 10 capped at 20. 70.
    assert_eq!(
        score_at(&app, id, "2023-11-01 12:00").await,
        (
            70,
            "重大".into(),
            "曾赴省 +35；回访不满意 +15；有3件超期未办结 +20".into()
        )
    );

    // The API's detail carries the same reasons and the three cases.
    let (s, detail) = d.get(&format!("/api/v1/persons/{id}")).await;
    assert_eq!(s, 200, "{detail}");
    assert_eq!(detail["case_details"].as_array().unwrap().len(), 3);
    assert_eq!(
        detail["person"]["id_number"], "411023********0039",
        "masked"
    );
}

#[tokio::test]
async fn the_list_is_by_risk_within_the_viewers_township() {
    let app = spawn_app().await;
    let d = Api::new(&app, "quju").await;
    for (name, township, escalations, intends) in [
        ("甲", ZHANGPAN, "", "否"),
        ("乙", ZHANGPAN, "进京", "是"),
        ("丙", LINGJING, "赴市", "否"),
    ] {
        let (s, p) = d
            .post(
                "/api/v1/persons",
                json!({ "name": name, "township_id": app.org_id(township).await,
                        "escalations": escalations, "intends_to_escalate": intends }),
            )
            .await;
        assert_eq!(s, 201, "{p}");
    }
    let names = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    // 乙: 进京 50 + intention 30 = 80; 丙: 赴市 25; 甲: 0 (no period in these tests' rules).
    let mut rules: serde_json::Value =
        serde_json::from_str(xinfang_domain::key_person::rules::DEFAULT_JSON).unwrap();
    rules["period_ahead"]["points"] = json!(0);
    let (s, _) = d.post("/api/v1/persons/rules", rules.clone()).await;
    assert_eq!(s, 200);
    let (_, all) = d.get("/api/v1/persons").await;
    assert_eq!(names(&all), ["乙", "丙", "甲"]);
    assert_eq!(all[0]["risk_score"], 80);
    assert_eq!(all[0]["risk_level"], "重大");
    assert_eq!(
        all[0]["reasons"],
        json!(["曾进京 +50", "表示欲越级上访 +30"])
    );
    let (_, own) = Api::new(&app, "zhangpan")
        .await
        .get("/api/v1/persons")
        .await;
    assert_eq!(names(&own), ["乙", "甲"], "a township reads its own");
    let (s, _) = Api::new(&app, "zhangpan")
        .await
        .get("/api/v1/persons?township=灵井镇")
        .await;
    assert_eq!(s, 403);
    let other = all[1]["id"].as_i64().unwrap();
    let (s, _) = Api::new(&app, "zhangpan")
        .await
        .get(&format!("/api/v1/persons/{other}"))
        .await;
    assert_eq!(s, 404, "another township's person is not found");
    let (_, ducha) = Api::new(&app, "ducha").await.get("/api/v1/persons").await;
    assert_eq!(names(&ducha).len(), 3, "督查 reads all");

    // The CLI: exactly the seven fields, highest first.
    let (ok, out, err) = xinfang(&app, &["persons", "list", "--json"]);
    assert!(ok, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(names(&rows), ["乙", "丙", "甲"]);
    let mut keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "cases",
            "id",
            "name",
            "reasons",
            "risk_level",
            "risk_score",
            "township"
        ]
    );
    assert_eq!(
        rows[0]["reasons"],
        json!(["曾进京 +50", "表示欲越级上访 +30"])
    );
    let (ok, out, _) = xinfang(&app, &["persons", "list", "--township", "灵井镇", "--json"]);
    assert!(ok);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(names(&rows), ["丙"]);

    // A bad rules file is refused field by field.
    rules["escalated"]["city"] = json!("很多");
    let (s, e) = d.post("/api/v1/persons/rules", rules).await;
    assert_eq!(s, 422);
    assert!(e.to_string().contains("escalated.city"), "{e}");

    // The rules page explains them to a township and saves through the form
    // for the district: the shipped rules back, 乙 gains nothing (no period now).
    let z = app.login("zhangpan").await;
    let page = app.page(&z, "/persons/rules").await;
    assert!(
        page.contains("曾进京 50 分") && !page.contains("修改规则"),
        "{page}"
    );
    let c = app.login("quju").await;
    let csrf = app.csrf(&c, "/persons/rules").await;
    let r = c
        .post(app.url("/persons/rules"))
        .form(&[("_csrf", csrf.as_str()), ("body", "{\"title\": \"x\"}")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("window_months"));
    let csrf = app.csrf(&c, "/persons/rules").await;
    let r = c
        .post(app.url("/persons/rules"))
        .form(&[("_csrf", csrf.as_str()), ("action", "default")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.text().await.unwrap().contains("本区修订版"),
        "saved as the district's copy"
    );
    let (_, audit) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/audit?kind=key_person")
        .await;
    assert!(audit.to_string().contains("risk_rules.save"), "{audit}");
}

#[tokio::test]
async fn personal_data_is_sealed_masked_and_revealed_on_the_record() {
    let app = spawn_app().await;
    let d = Api::new(&app, "quju").await;
    let (s, p) = d
        .post(
            "/api/v1/persons",
            json!({ "name": "赵有福", "id_number": WANG, "phone": "13903741234",
                    "township_id": app.org_id(ZHANGPAN).await }),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    let id = p["person"]["id"].as_i64().unwrap();
    assert_eq!(p["person"]["phone"], "139****1234");
    let stored = stored_text(&app).await;
    assert!(stored.contains("sm4gcm1:"), "{stored}");
    assert!(
        !stored.contains(WANG) && !stored.contains("13903741234"),
        "sealed at rest: {stored}"
    );
    let (s, r) = Api::new(&app, "zhangpan")
        .await
        .post(&format!("/api/v1/persons/{id}/reveal"), json!({}))
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["id_number"], WANG);
    let (s, _) = Api::new(&app, "ducha")
        .await
        .post(&format!("/api/v1/persons/{id}/reveal"), json!({}))
        .await;
    assert_eq!(s, 403);
    let (_, audit) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/audit?kind=personal")
        .await;
    assert!(
        audit
            .to_string()
            .contains("查看重点人员赵有福的完整个人信息"),
        "{audit}"
    );
    // The same ID number twice is a conflict.
    let (s, _) = d
        .post("/api/v1/persons", json!({ "name": "赵有福", "id_number": WANG, "township_id": app.org_id(ZHANGPAN).await }))
        .await;
    assert_eq!(s, 409);
    // Edited with the masked number sent back: the stored number stays.
    let (s, _) = d
        .post(&format!("/api/v1/persons/{id}"), json!({ "name": "赵有福", "id_number": "411023********0039",
            "phone": "139****1234", "township_id": app.org_id(ZHANGPAN).await, "notes": "已核实", "version": 1 }))
        .await;
    assert_eq!(s, 200);
    let (_, r) = d
        .post(&format!("/api/v1/persons/{id}/reveal"), json!({}))
        .await;
    assert_eq!(
        (r["id_number"].as_str(), r["phone"].as_str()),
        (Some(WANG), Some("13903741234"))
    );
    // A bad form names each field.
    let (s, e) = d
        .post(
            "/api/v1/persons",
            json!({ "name": "", "id_number": "123", "escalations": "去郑州" }),
        )
        .await;
    assert_eq!(s, 422);
    for f in ["name", "id_number", "township_id", "escalations"] {
        assert!(
            e["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["field"] == f),
            "{f}: {e}"
        );
    }
}

#[tokio::test]
async fn the_demo_has_key_persons_across_the_levels_and_its_periods_reports() {
    use std::sync::Arc;
    use xinfang_domain::clock::FixedClock;
    use xinfang_domain::key_person::RiskLevel;

    let app = spawn_app().await;
    let mut state = app.state.clone();
    let now = parse_time("2026-06-15 10:00").unwrap();
    state.clock = Arc::new(FixedClock(now));
    xinfang::demo::seed_demo_for(&state, 200, xinfang::demo::DemoYear::Live)
        .await
        .expect("demo");
    let persons = state.store.key_persons_by_risk(None, now).await.unwrap();
    assert!(persons.len() >= 20, "{}", persons.len());
    for level in RiskLevel::ALL {
        assert!(persons.iter().any(|p| p.score.level == *level), "{level:?}");
    }
    for p in &persons {
        let sum: u32 = p.score.reasons.iter().map(|r| r.points).sum();
        assert_eq!(
            sum, p.score.score,
            "every point explained: {}",
            p.record.person.name
        );
    }
    assert!(
        persons.iter().any(|p| !p.cases.is_empty()),
        "linked to demo petitioners"
    );
    assert!(
        persons
            .windows(2)
            .all(|w| w[0].score.score >= w[1].score.score),
        "by risk"
    );
    let due = state
        .store
        .contacts_due_by(xinfang_domain::clock::local_date(now), None, now)
        .await
        .unwrap();
    assert!(due.iter().any(|d| d.due.overdue), "some contacts overdue");
    assert!(due.len() < persons.len(), "not all");
    let proposals = state
        .store
        .key_person_proposals(3, jiff::civil::date(2025, 6, 15))
        .await
        .unwrap();
    assert!(!proposals.is_empty(), "some proposals left");
    // 中秋国庆 2025 is inside the twelve months: its 零报告, some late, some missing.
    let periods = state.store.sensitive_periods().await.unwrap();
    let guoqing = periods
        .iter()
        .find(|p| p.period.starts_on == jiff::civil::date(2025, 10, 1))
        .unwrap();
    let mut states = std::collections::BTreeMap::new();
    for day in guoqing.period.days() {
        for r in state.store.zero_report_sheet(day, None).await.unwrap() {
            *states.entry(r.state.label()).or_insert(0) += 1;
        }
    }
    for s in ["已报", "迟报", "未报"] {
        assert!(states.get(s).copied().unwrap_or(0) > 0, "{s}: {states:?}");
    }
}

#[tokio::test]
async fn the_2022_demo_holds_the_twentieth_party_congress_reports() {
    let app = spawn_app().await;
    let (ok, _, err) = xinfang(
        &app,
        &["demo", "--no-serve", "--cases", "30", "--year", "2022"],
    );
    assert!(ok, "{err}");
    let sheet = app
        .state
        .store
        .zero_report_sheet(jiff::civil::date(2022, 10, 18), None)
        .await
        .unwrap();
    let reported = sheet.iter().filter(|r| r.outcome.is_some()).count();
    assert!(
        reported > 0 && reported < sheet.len(),
        "{reported} of {}",
        sheet.len()
    );
    let (ok, out, _) = xinfang(&app, &["persons", "list", "--json"]);
    assert!(ok);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(rows.as_array().unwrap().len() >= 12);
}
