//! 重点人员 proposed by the system and confirmed or dismissed, and their 稳控
//! contacts coming due, urged (督办) and listed in 待办.

use serde_json::json;

use crate::helpers::{Api, spawn_app};
use crate::key_persons::{WANG, ZHANGPAN, case_of, days_ago};

#[tokio::test]
async fn three_petitions_in_a_year_are_proposed_then_confirmed_or_dismissed() {
    let app = spawn_app().await;
    let other = "411003197001010023";
    for (n, cat) in [(40, "危房改造"), (20, "医疗保障"), (5, "资金项目")] {
        case_of(&app, WANG, &days_ago(n), cat).await;
        case_of(&app, other, &days_ago(n), cat).await;
    }
    // Two petitions only: not proposed.
    case_of(&app, "11010519491231002X", &days_ago(3), "危房改造").await;
    let d = Api::new(&app, "quju").await;
    let (s, props) = d.get("/api/v1/persons/proposals").await;
    assert_eq!(s, 200);
    let props = props.as_array().unwrap().clone();
    assert_eq!(props.len(), 2, "{props:?}");
    assert!(
        props
            .iter()
            .all(|p| p["petitions"] == 3 && p["cases"].as_array().unwrap().len() == 3)
    );
    let (s, _) = Api::new(&app, "lingjing")
        .await
        .get("/api/v1/persons/proposals")
        .await;
    assert_eq!(s, 200);
    let (_, none) = Api::new(&app, "lingjing")
        .await
        .get("/api/v1/persons/proposals")
        .await;
    assert_eq!(
        none,
        json!([]),
        "another township's proposals are not shown"
    );

    let first = props[0]["petitioner_id"].as_i64().unwrap();
    let second = props[1]["petitioner_id"].as_i64().unwrap();
    let z = Api::new(&app, "zhangpan").await;
    let (s, p) = z
        .post(
            &format!("/api/v1/persons/proposals/{first}/confirm"),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    assert_eq!(
        p["person"]["cases"].as_array().unwrap().len(),
        3,
        "linked by the ID number"
    );
    assert!(
        p["person"]["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("近12个月信访3次 +30")
    );
    let (s, e) = z
        .post(
            &format!("/api/v1/persons/proposals/{second}/dismiss"),
            json!({}),
        )
        .await;
    assert_eq!(s, 422, "a reason is required: {e}");
    let (s, _) = z
        .post(
            &format!("/api/v1/persons/proposals/{second}/dismiss"),
            json!({ "reason": "诉求已解决，情绪稳定" }),
        )
        .await;
    assert_eq!(s, 204);
    let (_, left) = d.get("/api/v1/persons/proposals").await;
    assert_eq!(left, json!([]));
    let (_, audit) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/audit?kind=key_person")
        .await;
    let text = audit.to_string();
    assert!(
        text.contains("key_person.create") && text.contains("key_person.dismiss"),
        "{text}"
    );
    // A newer case brings the dismissed one back.
    case_of(&app, other, &days_ago(1), "民政救助").await;
    let (_, again) = d.get("/api/v1/persons/proposals").await;
    assert_eq!(again.as_array().unwrap().len(), 1);
    assert_eq!(again[0]["petitions"], 4);
}

#[tokio::test]
async fn contacts_come_due_are_urged_and_shown_in_the_todo() {
    let app = spawn_app().await;
    let d = Api::new(&app, "quju").await;
    let (_, p) = d
        .post(
            "/api/v1/persons",
            json!({ "name": "刘长顺", "township_id": app.org_id(ZHANGPAN).await,
                    "guardian_user_id": app.user_id("zhangpan").await, "contact_every_days": 7 }),
        )
        .await;
    let id = p["person"]["id"].as_i64().unwrap();
    let z = Api::new(&app, "zhangpan").await;
    // Last contact ten days ago, every 7 days: due three days ago.
    let ten = days_ago(10)[..10].to_string();
    let (s, c) = z
        .post(
            &format!("/api/v1/persons/{id}/contacts"),
            json!({ "date": ten, "method": "上门走访",
            "contacted_by": "张专干", "content": "了解近况", "result": "情绪稳定" }),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    let (_, due) = d.get("/api/v1/persons/due").await;
    assert_eq!(due.as_array().unwrap().len(), 1, "{due}");
    assert_eq!(due[0]["due_on"], days_ago(3)[..10]);
    assert_eq!(
        (due[0]["overdue"].as_bool(), due[0]["days_overdue"].as_i64()),
        (Some(true), Some(3))
    );
    let (_, none) = Api::new(&app, "lingjing")
        .await
        .get("/api/v1/persons/due")
        .await;
    assert_eq!(none, json!([]));
    // The township may not 督办; the district may, and the township hears of it.
    let (s, _) = z
        .post(
            &format!("/api/v1/persons/{id}/urge"),
            json!({ "note": "速联系" }),
        )
        .await;
    assert_eq!(s, 403);
    let (s, u) = d
        .post(
            &format!("/api/v1/persons/{id}/urge"),
            json!({ "note": "请今日内上门联系" }),
        )
        .await;
    assert_eq!(s, 201, "{u}");
    assert_eq!(u["urges"][0]["due_on"], days_ago(3)[..10]);
    let (_, inbox) = z.get("/api/v1/notifications").await;
    assert!(
        inbox.to_string().contains("督办：重点人员刘长顺"),
        "{inbox}"
    );
    let client = app.login("zhangpan").await;
    let todo = app.page(&client, "/todo").await;
    assert!(
        todo.contains("重点人员稳控联系到期") && todo.contains("刘长顺") && todo.contains("已督办"),
        "{todo}"
    );
    // Contacted today: nothing due, and nothing to 督办.
    let today = days_ago(0)[..10].to_string();
    z.post(
        &format!("/api/v1/persons/{id}/contacts"),
        json!({ "date": today, "method": "电话",
        "contacted_by": "张专干", "content": "回访", "result": "稳定" }),
    )
    .await;
    let (_, due) = d.get("/api/v1/persons/due").await;
    assert_eq!(due, json!([]));
    let (s, _) = d
        .post(
            &format!("/api/v1/persons/{id}/urge"),
            json!({ "note": "再催" }),
        )
        .await;
    assert_eq!(s, 409);
    // A contact from the future is refused, naming the field.
    let (s, e) = z
        .post(
            &format!("/api/v1/persons/{id}/contacts"),
            json!({ "date": "2099-01-01", "method": "电话",
            "contacted_by": "张专干", "content": "x", "result": "y" }),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(e["fields"][0]["field"], "date");
    // The pages render.
    let page = app.page(&client, &format!("/persons/{id}")).await;
    assert!(
        page.contains("稳控联系记录") && page.contains("了解近况"),
        "{page}"
    );
    let list = app.page(&client, "/persons").await;
    assert!(list.contains("刘长顺"), "{list}");
}
