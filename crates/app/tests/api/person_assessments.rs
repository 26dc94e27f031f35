//! 三级研判 of a key person: in order (village → township → district, each
//! refused out of turn by name), by whom the table allows, and the
//! district's grade becoming the person's 研判等级.

use serde_json::json;

use crate::helpers::{Api, spawn_app};

#[tokio::test]
async fn a_key_person_is_assessed_at_three_levels_and_the_districts_grade_is_theirs() {
    let app = spawn_app().await;
    let z = Api::new(&app, "zhangpan").await;
    let (s, p) = z
        .post(
            "/api/v1/persons",
            json!({ "name": "赵有才", "township_id": app.org_id("411003105").await,
                    "escalations": "2021-05-03 赴市", "intends_to_escalate": "否" }),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    let id = p["person"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/persons/{id}/assessments");
    let level = |l: &str, grade: &str| json!({ "level": l, "risk_grade": grade, "opinion": "有赴市苗头", "measures": "包保干部每周联系" });

    // Out of turn: the district first.
    let q = Api::new(&app, "quju").await;
    let (s, e) = q.post(&path, level("区级", "重大")).await;
    assert_eq!(
        (s, e["fields"][0]["field"].as_str()),
        (422, Some("level")),
        "{e}"
    );
    // Another township neither sees nor assesses; 督查 reads, does not assess.
    let (s, _) = Api::new(&app, "lingjing")
        .await
        .post(&path, level("村级", "一般"))
        .await;
    assert_eq!(s, 404);
    let (s, _) = Api::new(&app, "ducha")
        .await
        .post(&path, level("村级", "一般"))
        .await;
    assert_eq!(s, 403);

    let (s, a) = z.post(&path, level("村级", "一般")).await;
    assert_eq!(s, 201, "{a}");
    assert_eq!(a["next_level"], "township");
    let (s, a) = z.post(&path, level("乡镇级", "较大")).await;
    assert_eq!(s, 201, "{a}");
    // The township may not take the district's level.
    let (s, _) = z.post(&path, level("区级", "重大")).await;
    assert_eq!(s, 403);
    let (s, a) = q.post(&path, level("区级", "重大")).await;
    assert_eq!(s, 201, "{a}");
    assert_eq!(a["final_grade"], "重大");
    assert_eq!(a["next_level"], serde_json::Value::Null);
    let (_, person) = z.get(&format!("/api/v1/persons/{id}")).await;
    assert_eq!(person["person"]["risk_grade"], "重大", "{person}");
    let (_, read) = Api::new(&app, "ducha").await.get(&path).await;
    let done: Vec<&str> = read["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(done, vec!["done", "done", "done"]);
}

#[tokio::test]
async fn a_case_about_a_key_person_is_marked_for_those_who_read_the_register() {
    let app = spawn_app().await;
    let id_number = "411023196503120039";
    let case = crate::helpers::register(
        &app,
        crate::helpers::registration(&app, id_number, "危房改造").await,
    )
    .await;
    let id = case["id"].as_i64().unwrap();
    Api::new(&app, "quju")
        .await
        .assign_to(id, "411003-D04", "2022-10-08 10:00")
        .await;
    let page = |user: &'static str| {
        let app = &app;
        async move {
            let client = app.login(user).await;
            app.page(&client, &format!("/cases/{id}")).await
        }
    };
    assert!(!page("zhangpan").await.contains(r#"id="key-person""#));
    let (s, p) = Api::new(&app, "zhangpan")
        .await
        .post(
            "/api/v1/persons",
            json!({ "name": "王保全", "id_number": id_number, "township_id": app.org_id("411003105").await,
                    "escalations": "", "intends_to_escalate": "否" }),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    let person = p["person"]["id"].as_i64().unwrap();
    let html = page("zhangpan").await;
    assert!(
        html.contains(&format!(r#"id="key-person" href="/persons/{person}""#)),
        "{html}"
    );
    // The department handling the case does not read the register.
    assert!(!page("zhujian").await.contains(r#"id="key-person""#));
}
