//! Registration: bad input named field by field with nothing written, repeat detection, hostile text.

use serde_json::json;

use crate::helpers::{Api, register, registration, spawn_app};

async fn case_count(app: &crate::helpers::TestApp) -> i64 {
    app.state.store.count_cases().await.unwrap()
}

#[tokio::test]
async fn each_bad_field_is_named_in_chinese_and_nothing_is_written() {
    let app = spawn_app().await;
    let api = Api::new(&app, "quju").await;
    let cases: &[(&str, serde_json::Value, &str, &str)] = &[
        (
            "petitioner_id_number",
            json!("110105194912310021"),
            "身份证号",
            "校验位",
        ),
        (
            "petitioner_id_number",
            json!("1101051949"),
            "身份证号",
            "18位",
        ),
        ("petitioner_phone", json!("1541234567"), "联系电话", ""),
        ("petitioner_phone", json!("15412345678"), "联系电话", "154"),
        ("received_at", json!("2022-02-30 09:00"), "接待日期", "格式"),
        (
            "received_at",
            json!("2099-01-01 09:00"),
            "接待日期",
            "不能晚于当前时间",
        ),
        ("summary", json!("   "), "反映问题", "不能为空"),
        (
            "township_id",
            json!(999_999),
            "问题所属乡镇",
            "没有这个乡镇",
        ),
        ("township_id", json!("abc"), "问题所属乡镇", ""),
        ("category", json!("天气"), "问题类别", "无法识别"),
    ];
    for (field, value, label, words) in cases {
        let mut body = registration(&app, "11010519491231002X", "危房改造").await;
        body[*field] = value.clone();
        let (s, err) = api.post("/api/v1/cases", body).await;
        assert_eq!(s, 422, "{field}={value}: {err}");
        assert_eq!(err["code"], "invalid");
        let f = err["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == *field)
            .unwrap_or_else(|| panic!("{field} not named: {err}"));
        assert_eq!(f["label"], *label);
        assert!(
            f["message"].as_str().unwrap().contains(words),
            "{field}: {f}"
        );
    }
    let (s, err) = api.post("/api/v1/cases", json!("not an object")).await;
    assert_eq!(s, 422, "{err}");
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/cases"))
        .bearer_auth(app.token("quju").await)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(case_count(&app).await, 0, "nothing half-written");
}

#[tokio::test]
async fn a_township_officer_registers_only_in_their_township() {
    let app = spawn_app().await;
    let api = Api::new(&app, "lingjing").await;
    let (s, err) = api
        .post("/api/v1/cases", registration(&app, "", "医疗保障").await)
        .await;
    assert_eq!(s, 422, "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or_default()
            .contains("本乡镇")
            || err.to_string().contains("本乡镇")
    );
    let mut body = registration(&app, "", "医疗保障").await;
    body["township_id"] = json!(app.org_id("411003106").await);
    let (s, c) = api.post("/api/v1/cases", body).await;
    assert_eq!(s, 201, "{c}");
    // A village of another township is refused.
    let mut body = registration(&app, "", "医疗保障").await;
    body["township_id"] = json!(app.org_id("411003106").await);
    body["village_id"] = json!(app.org_id("411003105201").await);
    let (s, err) = api.post("/api/v1/cases", body).await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["field"], "village_id");
    // Departments do not register.
    let (s, _) = Api::new(&app, "zhujian")
        .await
        .post("/api/v1/cases", registration(&app, "", "医疗保障").await)
        .await;
    assert_eq!(s, 403);
}

#[tokio::test]
async fn a_second_petition_on_the_same_matter_is_proposed_as_a_repeat() {
    let app = spawn_app().await;
    let api = Api::new(&app, "quju").await;
    let mut may = registration(&app, "11010519491231002X", "危房改造").await;
    may["received_at"] = json!("2022-05-10 10:00");
    let first = register(&app, may).await;
    assert_eq!(first["kind"], "初信初访");

    let september = registration(&app, "11010519491231002X", "危房改造").await;
    let (s, err) = api.post("/api/v1/cases", september.clone()).await;
    assert_eq!(s, 409, "{err}");
    assert_eq!(err["code"], "repeat_suspected");
    assert_eq!(err["candidates"][0]["number"], first["number"]);
    assert_eq!(
        case_count(&app).await,
        1,
        "nothing written before the officer decides"
    );

    let mut confirmed = september.clone();
    confirmed["repeat_decision"] = json!("confirm");
    let (s, c) = api.post("/api/v1/cases", confirmed).await;
    assert_eq!(s, 201, "{c}");
    assert_eq!(c["kind"], "重复访");
    assert_eq!(c["related_case"], first["number"]);
    assert_eq!(
        c["petitioner"]["id"], first["petitioner"]["id"],
        "one petitioner record per person"
    );

    // Overriding keeps the typed kind; another category is no repeat at all.
    let mut overridden = september.clone();
    overridden["repeat_decision"] = json!("override");
    let (s, c) = api.post("/api/v1/cases", overridden).await;
    assert_eq!((s, c["kind"].as_str()), (201, Some("初信初访")));
    let (s, c) = api
        .post(
            "/api/v1/cases",
            registration(&app, "11010519491231002X", "医疗保障").await,
        )
        .await;
    assert_eq!((s, c["related_case"].is_null()), (201, true), "{c}");
}

#[tokio::test]
async fn hostile_text_is_just_text() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "其他").await;
    body["summary"] = json!("<script>alert('x')</script> 反映'; DROP TABLE cases; -- 问题");
    let c = register(&app, body).await;
    let id = c["id"].as_i64().unwrap();
    assert!(c["summary"].as_str().unwrap().contains("DROP TABLE"));
    let client = app.login("quju").await;
    let page = app.page(&client, &format!("/cases/{id}")).await;
    assert!(!page.contains("<script>alert"), "script tags are escaped");
    assert!(page.contains("&lt;script&gt;"));
    let api = Api::new(&app, "quju").await;
    for q in ["%", "_", "'", "\\", "DROP TABLE", "' OR 1=1 --"] {
        let (s, _) = api.get(&format!("/api/v1/cases?q={}", urlencode(q))).await;
        assert_eq!(s, 200, "search for {q}");
    }
    let (_, found) = api
        .get(&format!("/api/v1/cases?q={}", urlencode("DROP TABLE")))
        .await;
    assert_eq!(found["total"], 1);
    let (_, none) = api
        .get(&format!("/api/v1/cases?q={}", urlencode("%")))
        .await;
    assert_eq!(none["total"], 0, "% is matched literally");
    assert_eq!(case_count(&app).await, 1);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
