//! Repeats across townships (重复访): a person is matched in the whole
//! district whatever the registrant's scope; a case outside it is named
//! (number, township, category) but not shown; the answer is kept for the
//! district; other categories are information only; 越级去向 makes 越级访.

use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

const ID: &str = "11010519491231002X";
/// What the 灵井镇 case says; no one outside 灵井镇's scope may read it.
const LINGJING_SUMMARY: &str = "反映灵井镇卫生院医保报销比例低于政策规定";

/// A 医疗保障 case of 王保全 (ID number [`ID`]) registered by 灵井镇's officer on 2022-09-18.
async fn lingjing_case(app: &TestApp) -> Value {
    let mut body = registration(app, ID, "医疗保障").await;
    body["township_id"] = json!(app.org_id("411003106").await);
    body["received_at"] = json!("2022-09-18 10:00");
    body["summary"] = json!(LINGJING_SUMMARY);
    let (s, c) = Api::new(app, "lingjing")
        .await
        .post("/api/v1/cases", body)
        .await;
    assert_eq!(s, 201, "{c}");
    c
}

/// The same person in 张潘镇 on 2022-10-08, as 张潘镇's officer types it.
async fn zhangpan_body(app: &TestApp, id_number: &str, category: &str) -> Value {
    let mut body = registration(app, id_number, category).await;
    body["summary"] = json!("反映住院报销比例低于政策规定，要求复核");
    body
}

#[tokio::test]
async fn a_repeat_in_another_township_is_named_without_its_content() {
    let app = spawn_app().await;
    let earlier = lingjing_case(&app).await;
    let zp = Api::new(&app, "zhangpan").await;
    let body = zhangpan_body(&app, ID, "医疗保障").await;

    let (s, err) = zp.post("/api/v1/cases", body.clone()).await;
    assert_eq!(
        (s, err["code"].as_str()),
        (409, Some("repeat_suspected")),
        "{err}"
    );
    let c = &err["candidates"][0];
    assert_eq!(c["number"], earlier["number"]);
    assert_eq!(c["township"], "灵井镇");
    assert_eq!(c["category"], "医疗保障");
    assert_eq!(c["in_scope"], false);
    for withheld in [
        "summary",
        "petitioner",
        "village",
        "responsible_unit",
        "handler",
        "channel",
    ] {
        assert!(c[withheld].is_null(), "{withheld} is withheld: {c}");
    }
    assert!(!err.to_string().contains(LINGJING_SUMMARY));
    assert_eq!(err["candidates"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.state.store.count_cases().await.unwrap(),
        1,
        "nothing written"
    );
    // The earlier case stays out of 张潘镇's reach.
    let (s, _) = zp.get(&format!("/api/v1/cases/{}", earlier["id"])).await;
    assert_eq!(s, 404);

    // The district registering the same sees the content: it may read the case.
    let (s, err) = Api::new(&app, "quju")
        .await
        .post("/api/v1/cases", body.clone())
        .await;
    assert_eq!(s, 409);
    assert_eq!(err["candidates"][0]["in_scope"], true);
    assert_eq!(err["candidates"][0]["summary"], LINGJING_SUMMARY);
    assert_eq!(err["candidates"][0]["petitioner"], "王保全");

    // Confirmed: 重复访 on the same-day clocks, linked to the 灵井镇 case.
    let mut confirmed = body.clone();
    confirmed["repeat_decision"] = json!("confirm");
    let (s, case) = zp.post("/api/v1/cases", confirmed).await;
    assert_eq!(s, 201, "{case}");
    assert_eq!(case["kind"], "重复访");
    assert_eq!(case["related_case"], earlier["number"]);
    assert_eq!(case["repeat_decision"], "确认重复访");
    let due = |key: &str| {
        case["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["key"] == key)
            .map(|m| m["due_at"].clone())
            .unwrap_or(Value::Null)
    };
    // Received Saturday 2022-10-08 09:00 (调休 working day): same day, 24 hours,
    // and 3 working days (10-09 Sunday worked, 10-10, 10-11).
    assert_eq!(due("contact_same_day"), "2022-10-09T00:00:00+08:00");
    assert_eq!(due("unit_and_talk"), "2022-10-09T09:00:00+08:00");
    assert_eq!(due("preliminary_report"), "2022-10-12T00:00:00+08:00");
    assert_eq!(due("contact"), Value::Null, "not on 初信初访's clocks");

    // The district sees the decision: on the timeline and by the list filter.
    let quju = Api::new(&app, "quju").await;
    let (_, seen) = quju.get(&format!("/api/v1/cases/{}", case["id"])).await;
    let note = seen["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "重复访判定")
        .unwrap_or_else(|| panic!("no decision on the timeline: {seen}"));
    let number = earlier["number"].as_str().unwrap();
    assert_eq!(
        note["text"],
        format!(
            "登记时发现该信访人12个月内的同类信访：{number}（灵井镇，医疗保障）；登记人确认为重复访，关联{number}"
        )
    );
    let (_, listed) = quju.get("/api/v1/cases?repeat_decision=confirm").await;
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["id"], case["id"]);

    // Overridden: registered as typed, and just as visible to the district.
    let mut overridden = body.clone();
    overridden["repeat_decision"] = json!("override");
    let (s, other) = zp.post("/api/v1/cases", overridden).await;
    assert_eq!(
        (s, other["kind"].as_str()),
        (201, Some("初信初访")),
        "{other}"
    );
    assert_eq!(other["repeat_decision"], "不按重复访登记");
    assert!(other["related_case"].is_null());
    let (_, listed) = quju.get("/api/v1/cases?repeat_decision=override").await;
    assert_eq!(listed["items"][0]["id"], other["id"]);
    assert_eq!(listed["total"], 1);

    // 督查 finds both decisions in the audit trail.
    let (s, trail) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/audit?kind=case")
        .await;
    assert_eq!(s, 200);
    let decisions: Vec<&Value> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "case.repeat_decision")
        .collect();
    assert_eq!(decisions.len(), 2, "{trail}");
    assert!(decisions.iter().all(|r| r["action_label"] == "重复访判定"));
    assert!(
        decisions[0]["detail"]
            .as_str()
            .unwrap()
            .contains("判定不属重复访")
    );
}

#[tokio::test]
async fn without_an_id_number_name_and_phone_or_village_find_the_person() {
    let app = spawn_app().await;
    let zp = Api::new(&app, "zhangpan").await;
    let lingjing = Api::new(&app, "lingjing").await;
    // Registered in 灵井镇 without an ID number, phone 13812345678.
    let mut first = registration(&app, "", "危房改造").await;
    first["township_id"] = json!(app.org_id("411003106").await);
    first["received_at"] = json!("2022-09-01 10:00");
    let (s, first) = lingjing.post("/api/v1/cases", first).await;
    assert_eq!(s, 201, "{first}");

    // Same name and phone in 张潘镇: a suspected repeat.
    let (s, err) = zp
        .post("/api/v1/cases", registration(&app, "", "危房改造").await)
        .await;
    assert_eq!(s, 409, "{err}");
    assert_eq!(err["candidates"][0]["number"], first["number"]);
    // With an ID number now, against the earlier registration without one: the same.
    let (s, _) = zp
        .post("/api/v1/cases", registration(&app, ID, "危房改造").await)
        .await;
    assert_eq!(s, 409);
    // Same name, another phone, no village: someone else.
    let mut other = registration(&app, "", "危房改造").await;
    other["petitioner_phone"] = json!("13900000000");
    let (s, c) = zp.post("/api/v1/cases", other.clone()).await;
    assert_eq!(s, 201, "{c}");

    // Same name and village (古城村), no phone given: the person of that case.
    let village = app.org_id("411003105202").await;
    let mut in_village = other.clone();
    in_village["petitioner_phone"] = json!("13700000000");
    in_village["village_id"] = json!(village);
    let (s, c) = zp.post("/api/v1/cases", in_village.clone()).await;
    assert_eq!(s, 201, "{c}");
    let mut again = in_village;
    again["petitioner_phone"] = json!("");
    let (s, err) = zp.post("/api/v1/cases", again).await;
    assert_eq!(s, 409, "{err}");
    assert_eq!(err["candidates"][0]["number"], c["number"]);
    assert_eq!(err["candidates"][0]["in_scope"], true);
}

#[tokio::test]
async fn another_category_is_information_not_a_repeat() {
    let app = spawn_app().await;
    lingjing_case(&app).await;
    let zp = Api::new(&app, "zhangpan").await;
    let (s, c) = zp
        .post("/api/v1/cases", zhangpan_body(&app, ID, "危房改造").await)
        .await;
    assert_eq!(s, 201, "no question asked: {c}");
    assert_eq!(c["kind"], "初信初访");
    assert!(c["repeat_decision"].is_null());
    assert_eq!(c["other_petitions"], 1);
    assert_eq!(c["other_petitions_note"], "此人近12个月另有1件信访");
    // The answer, built from what the registration wrote, is the case's
    // view as a read of it gives it.
    let (s, view) = zp.get(&format!("/api/v1/cases/{}", c["id"])).await;
    assert_eq!(s, 200);
    assert_eq!(view, c);
    assert_eq!(view["events"].as_array().map(Vec::len), Some(1), "{view}");
    assert!(!view["milestones"].as_array().unwrap().is_empty(), "{view}");
    let page = app
        .page(&app.login("zhangpan").await, &format!("/cases/{}", c["id"]))
        .await;
    assert!(
        page.contains("此人近12个月另有1件信访"),
        "shown on the case page"
    );
    assert!(!page.contains(LINGJING_SUMMARY));

    // A repeat question also counts the other categories.
    let mut third = registration(&app, ID, "教育保障").await;
    third["received_at"] = json!("2022-10-01 11:00");
    register(&app, third).await;
    let (s, err) = zp
        .post("/api/v1/cases", zhangpan_body(&app, ID, "危房改造").await)
        .await;
    assert_eq!(s, 409);
    assert_eq!(err["other_petitions"], 2, "医疗保障 and 教育保障: {err}");
}

#[tokio::test]
async fn the_registration_page_asks_across_townships() {
    let app = spawn_app().await;
    let earlier = lingjing_case(&app).await;
    let c = app.login("zhangpan").await;
    let csrf = app.csrf(&c, "/cases/new").await;
    let township = app.org_id("411003105").await.to_string();
    let mut form = vec![
        ("_csrf", csrf),
        ("kind", "first_petition".to_string()),
        ("channel", "visit".into()),
        ("source_level", "own".into()),
        ("received_at", "2022-10-08T09:30".into()),
        ("township_id", township),
        ("category", "medical".into()),
        ("summary", "反映住院报销比例低于政策规定".into()),
        ("petitioner_name", "王保全".into()),
        ("petitioner_id_number", ID.into()),
    ];
    let r = c
        .post(app.url("/cases/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "a question, not a failure");
    let page = r.text().await.unwrap();
    let number = earlier["number"].as_str().unwrap();
    assert!(page.contains("疑似重复访") && page.contains(number) && page.contains("灵井镇"));
    assert!(
        page.contains("不在您的查看范围内"),
        "the page says why it shows so little"
    );
    assert!(!page.contains(LINGJING_SUMMARY));
    assert!(
        !page.contains(&format!("/cases/{}\"", earlier["id"])),
        "no link to a case they cannot open"
    );

    form.push(("repeat_decision", "confirm".into()));
    let r = c
        .post(app.url("/cases/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let page = app.page(&c, &location).await;
    assert!(page.contains("重复访") && page.contains(number) && page.contains("确认重复访"));
}

#[tokio::test]
async fn a_destination_above_the_district_is_escalated_and_listed() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "民政救助").await;
    body["escalated_to"] = json!("赴省");
    let c = register(&app, body).await;
    assert_eq!(
        (c["kind"].as_str(), c["escalated_to"].as_str()),
        (Some("越级访"), Some("赴省"))
    );
    register(&app, registration(&app, "", "医疗保障").await).await;
    let quju = Api::new(&app, "quju").await;
    for (filter, total) in [("province", 1), ("赴省", 1), ("beijing", 0)] {
        let (s, listed) = quju
            .get(&format!("/api/v1/cases?escalated_to={}", urlencode(filter)))
            .await;
        assert_eq!(
            (s, listed["total"].as_i64()),
            (200, Some(total)),
            "{filter}: {listed}"
        );
    }
    let (_, listed) = quju.get("/api/v1/cases?escalated_to=province").await;
    assert_eq!(listed["items"][0]["escalated_to"], "赴省");
    let (s, err) = quju.get("/api/v1/cases?escalated_to=county").await;
    assert_eq!(
        (s, err["fields"][0]["label"].as_str()),
        (422, Some("越级去向"))
    );

    let page = app
        .page(&app.login("quju").await, &format!("/cases/{}", c["id"]))
        .await;
    assert!(page.contains("越级去向") && page.contains("赴省"));
    let (ok, out, err) =
        crate::cli::xinfang(&app, &["case", "list", "--json", "--escalated-to", "赴省"]);
    assert!(ok, "{err}");
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["escalated_to"], "赴省");
    let (ok, out, _) = crate::cli::xinfang(
        &app,
        &["case", "show", c["number"].as_str().unwrap(), "--json"],
    );
    assert!(ok);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["escalated_to"],
        "赴省"
    );

    // A destination is no online incident's; an unknown one is named.
    let mut online = registration(&app, "", "其他").await;
    online["kind"] = json!("网络舆情");
    online["platform"] = json!("抖音");
    online["escalated_to"] = json!("进京");
    let (s, err) = quju.post("/api/v1/cases", online).await;
    assert_eq!(
        (s, err["fields"][0]["label"].as_str()),
        (422, Some("越级去向")),
        "{err}"
    );
    let mut odd = registration(&app, "", "其他").await;
    odd["escalated_to"] = json!("赴县");
    let (s, err) = quju.post("/api/v1/cases", odd).await;
    assert_eq!(
        (s, err["fields"][0]["field"].as_str()),
        (422, Some("escalated_to"))
    );
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
