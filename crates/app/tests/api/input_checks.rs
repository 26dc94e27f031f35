//! What registration and every JSON body must refuse (issue 13 point 3):
//! each with a Chinese message naming the field, and nothing written.

use serde_json::json;

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

/// POSTs a registration and expects 422 naming `field` with `label`; no case is written.
async fn refused(app: &TestApp, body: serde_json::Value, field: &str, label: &str) -> String {
    let before = app.state.store.count_cases().await.unwrap();
    let api = Api::new(app, "quju").await;
    let (s, err) = api.post("/api/v1/cases", body).await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["code"], "invalid", "{err}");
    let f = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == field)
        .unwrap_or_else(|| panic!("{field} not named: {err}"));
    assert_eq!(f["label"], label, "{err}");
    assert_eq!(
        app.state.store.count_cases().await.unwrap(),
        before,
        "nothing written"
    );
    f["message"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn an_id_number_of_a_region_that_does_not_exist_is_refused() {
    let app = spawn_app().await;
    // 123456 is no 行政区划代码; the rest is right (check character 7).
    let body = registration(&app, "123456198001010017", "危房改造").await;
    let message = refused(&app, body, "petitioner_id_number", "身份证号").await;
    assert!(
        message.contains("123456") && message.contains("行政区划"),
        "{message}"
    );
    // The former 许昌县 (411023, withdrawn in 2015) is still accepted: IDs keep it.
    register(
        &app,
        registration(&app, "411023199003150024", "危房改造").await,
    )
    .await;
}

#[tokio::test]
async fn an_id_number_born_in_the_future_is_refused() {
    let app = spawn_app().await;
    // Born 2030-01-01, check character by hand (FACTS.md §4):
    // 4·7 + 1·9 + 1·10 + 3·4 + 2·2 + 3·6 + 1·9 + 1·5 + 1·2 = 97; 97 mod 11 = 9 → 3.
    let body = registration(&app, "411003203001010013", "危房改造").await;
    let message = refused(&app, body, "petitioner_id_number", "身份证号").await;
    assert!(message.contains("出生日期"), "{message}");
}

#[tokio::test]
async fn a_received_date_in_1800_or_in_the_future_is_refused() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["received_at"] = json!("1800-01-01 09:00");
    let message = refused(&app, body.clone(), "received_at", "接待日期").await;
    assert!(message.contains("2000"), "{message}");
    body["received_at"] = json!("2999-01-01 09:00");
    refused(&app, body, "received_at", "接待日期").await;
}

#[tokio::test]
async fn a_yes_no_field_that_is_neither_is_refused_not_stored_as_no() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["key_assigned"] = json!("maybe");
    let message = refused(&app, body.clone(), "key_assigned", "是否重点交办").await;
    assert!(message.contains("maybe"), "{message}");
    body["key_assigned"] = json!(true);
    assert_eq!(register(&app, body).await["key_assigned"], true);
}

#[tokio::test]
async fn control_characters_are_refused_and_line_ends_normalised() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["summary"] = json!("反映\u{0}危房改造");
    let message = refused(&app, body.clone(), "summary", "反映问题").await;
    assert!(message.contains("U+0000"), "{message}");
    body["summary"] = json!("反映危房改造");
    body["petitioner_name"] = json!("王\u{1b}保全");
    refused(&app, body.clone(), "petitioner_name", "信访人姓名").await;
    // Windows line ends in a multi-line field are kept as plain line breaks.
    body["petitioner_name"] = json!("王保全");
    body["summary"] = json!("第一行\r\n第二行");
    let case = register(&app, body).await;
    assert_eq!(case["summary"], "第一行\n第二行");
}

#[tokio::test]
async fn an_oversized_json_body_is_refused_in_chinese_stating_the_limit() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["summary"] = json!("长".repeat(800_000)); // 2.4 MB of UTF-8
    let api = Api::new(&app, "quju").await;
    let (s, err) = api.post("/api/v1/cases", body).await;
    assert_eq!(s, 413, "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("1 MB") && message.contains("上限"),
        "{err}"
    );
    assert_eq!(err["fields"][0]["label"], "请求体");
    assert_eq!(app.state.store.count_cases().await.unwrap(), 0);
}

#[tokio::test]
async fn a_field_of_the_wrong_json_type_is_named_by_its_chinese_label() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["summary"] = json!(["反映", "危房改造"]);
    let message = refused(&app, body.clone(), "summary", "反映问题").await;
    assert!(message.contains("文字"), "{message}");
    assert!(!message.is_ascii());
    body["summary"] = json!("反映危房改造");
    body["received_at"] = json!({ "date": "2022-10-08" });
    refused(&app, body, "received_at", "接待日期").await;
}

#[tokio::test]
async fn a_step_flag_that_is_neither_yes_nor_no_is_refused() {
    let app = spawn_app().await;
    let id = register(&app, registration(&app, "", "危房改造").await).await["id"]
        .as_i64()
        .unwrap();
    let district = Api::new(&app, "quju").await;
    district
        .assign_to(id, "411003105", "2022-10-08 10:00")
        .await;
    let township = Api::new(&app, "zhangpan").await;
    let (s, err) = township
        .post(
            &format!("/api/v1/cases/{id}/steps/visit"),
            json!({ "at": "2022-10-10 10:00", "notice_signed": "maybe", "note": "走访" }),
        )
        .await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["field"], "notice_signed");
    assert_eq!(err["fields"][0]["label"], "是否现场阅签受理告知书");
    let (s, err) = township
        .post(
            &format!("/api/v1/cases/{id}/steps/visit"),
            json!({ "at": "1999-10-10 10:00", "note": "走访" }),
        )
        .await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["label"], "时间");
}

#[tokio::test]
async fn a_too_large_upload_states_the_limit_and_a_long_name_keeps_its_extension() {
    let app = spawn_app().await; // the default limit, 20 MiB
    let id = register(&app, registration(&app, "", "危房改造").await).await["id"]
        .as_i64()
        .unwrap();
    let api = Api::new(&app, "quju").await;
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(30 * 1024 * 1024, b'0');
    let (s, err) = api.upload(id, "big.pdf", big).await;
    assert!(s == 422 || s == 413, "{s} {err}");
    assert_eq!(err["fields"][0]["message"], "附件超过 20 MB 上限", "{err}");

    let name = format!("{}.pdf", "扫".repeat(100));
    let (s, rec) = api.upload(id, &name, b"%PDF-1.4\n%%EOF".to_vec()).await;
    assert_eq!(s, 201, "{rec}");
    let kept = rec["filename"].as_str().unwrap();
    assert!(kept.ends_with(".pdf"), "{kept}");
    assert_eq!(kept.chars().count(), 100);
}

#[tokio::test]
async fn the_registration_page_refuses_the_same_and_keeps_the_form() {
    let app = spawn_app().await;
    let c = app.login("quju").await;
    let csrf = app.csrf(&c, "/cases/new").await;
    let township = app.org_id("411003208").await.to_string();
    let form = vec![
        ("_csrf", csrf),
        ("kind", "first_petition".to_string()),
        ("channel", "visit".into()),
        ("source_level", "own".into()),
        ("received_at", "1800-10-08T09:30".into()),
        ("township_id", township),
        ("category", "medical".into()),
        ("summary", "反映住院报销\u{0}比例低".into()),
        ("petitioner_name", "赵桂兰".into()),
        ("petitioner_id_number", "123456198001010017".into()),
        ("key_assigned", "maybe".into()),
    ];
    let r = c
        .post(app.url("/cases/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    for named in ["接待日期：", "反映问题：", "身份证号：", "是否重点交办："]
    {
        assert!(page.contains(named), "{named} not named");
    }
    assert_eq!(app.state.store.count_cases().await.unwrap(), 0);
}

#[tokio::test]
async fn other_json_yes_no_and_text_fields_are_strict_too() {
    let app = spawn_app().await;
    let api = Api::new(&app, "quju").await;
    let (s, err) = api
        .post("/api/v1/notifications/read", json!({ "all": "maybe" }))
        .await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["field"], "all");
    assert!(!err["fields"][0]["label"].as_str().unwrap().is_ascii());
    let (s, err) = api
        .post("/api/v1/screenings/1/case", json!({ "repeat_decision": 5 }))
        .await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["label"], "重复访判定");
}

#[tokio::test]
async fn a_ledger_import_whose_dry_run_is_neither_yes_nor_no_writes_nothing() {
    let app = spawn_app().await;
    let ledger = crate::ledgers::export_ok(&app, "zhangpan", "/api/v1/ledgers/annex1.xlsx").await;
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(ledger).file_name("台账.xlsx"),
        )
        .text("dry_run", "maybe");
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/ledgers/annex1"))
        .bearer_auth(app.token("zhangpan").await)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["fields"][0]["field"], "dry_run", "{err}");
    assert_eq!(err["fields"][0]["label"], "仅检查");
}

#[tokio::test]
async fn an_oversized_page_form_is_refused_in_chinese_stating_the_limit() {
    let app = spawn_app().await;
    let c = app.login("admin").await;
    let csrf = app.csrf(&c, "/admin/unit").await;
    let r = c
        .post(app.url("/admin/unit"))
        .form(&[
            ("_csrf", csrf),
            ("name", "长".repeat(800_000)), // 2.4 MB of UTF-8
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let text = r.text().await.unwrap();
    assert!(text.contains("请求体超过 1 MB 上限"), "{text}");
}
