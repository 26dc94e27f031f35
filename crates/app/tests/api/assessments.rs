//! 三级研判 of screening entries: the order (a level before its
//! predecessor is refused in Chinese, naming `level`), who records each
//! level, the district's grade final on the entry, and the 待研判 queues
//! counted against the test's own entries.

use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, spawn_app};

async fn new_entry(app: &TestApp, user: &str, township: &str, name: &str, grade: &str) -> i64 {
    let (s, e) = Api::new(app, user)
        .await
        .post(
            "/api/v1/screenings",
            json!({ "screened_at": "2022-09-20", "township_id": app.org_id(township).await,
                    "name": name, "problem": format!("{name}反映危房改造补助未到位"),
                    "category": "危房改造", "risk_grade": grade }),
        )
        .await;
    assert_eq!(s, 201, "{e}");
    e["id"].as_i64().unwrap()
}

fn level(level: &str, grade: &str) -> Value {
    json!({ "level": level, "opinion": format!("{level}意见：诉求部分合理"), "risk_grade": grade,
            "measures": "包村干部每周走访，落实政策解释" })
}

async fn assess(api: &Api<'_>, id: i64, body: Value) -> (u16, Value) {
    api.post(&format!("/api/v1/screenings/{id}/assessments"), body)
        .await
}

fn ids(queue: &Value) -> Vec<i64> {
    let mut v: Vec<i64> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["screening"]["id"].as_i64().unwrap())
        .collect();
    v.sort_unstable();
    v
}

fn count(queue: &Value, level: &str) -> i64 {
    queue["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["level"] == level)
        .unwrap()["count"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_three_levels_come_in_order_and_the_districts_grade_is_final() {
    let app = spawn_app().await;
    let quju = Api::new(&app, "quju").await;
    let zp = Api::new(&app, "zhangpan").await;
    let id = new_entry(&app, "zhangpan", "411003105", "王保全", "较大").await;

    // The district before the township: refused, in Chinese, naming the level.
    let (s, e) = assess(&quju, id, level("区级", "重大")).await;
    assert_eq!(s, 422, "{e}");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("区级研判须在乡镇级研判之后进行"),
        "{e}"
    );
    assert!(e["fields"].to_string().contains("\"level\""), "{e}");
    let (s, e) = assess(&zp, id, level("乡镇级", "较大")).await;
    assert_eq!(s, 422, "{e}");
    assert!(e["message"].as_str().unwrap().contains("村级研判"), "{e}");
    // Who may: the village's opinion is the township officer's to record.
    let (s, _) = assess(&quju, id, level("村级", "一般")).await;
    assert_eq!(s, 403, "the district does not speak for a village");
    let (s, _) = assess(&Api::new(&app, "lingjing").await, id, level("村级", "一般")).await;
    assert_eq!(s, 404, "another township's entry");
    let (s, _) = assess(&Api::new(&app, "ducha").await, id, level("村级", "一般")).await;
    assert_eq!(s, 403, "督查 reads, does not assess");

    let (s, v) = assess(&zp, id, level("村级", "一般")).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["next_level"], "township");
    assert_eq!(v["levels"][0]["status"], "done");
    assert_eq!(v["levels"][0]["recorded_by"], "张专干");
    let (s, e) = assess(&zp, id, level("村级", "一般")).await;
    assert_eq!(s, 422);
    assert!(
        e["message"].as_str().unwrap().contains("不能重复研判"),
        "{e}"
    );
    let (s, v) = assess(&zp, id, level("township", "较大")).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["levels"][1]["org"], "张潘镇");
    let (s, _) = assess(&zp, id, level("区级", "一般")).await;
    assert_eq!(s, 403, "a township does not record the district's level");
    let (s, v) = assess(&quju, id, level("区级", "重大")).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["final_grade"], "重大");
    assert_eq!(v["next_level"], Value::Null);
    assert_eq!(v["may_assess"], false);
    let grades: Vec<&str> = v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["risk_grade"].as_str().unwrap())
        .collect();
    assert_eq!(grades, ["一般", "较大", "重大"]);

    // The district's grade became the entry's, and it is final.
    let (_, e) = zp.get(&format!("/api/v1/screenings/{id}")).await;
    assert_eq!(
        (&e["risk_grade"], &e["grade_final"]),
        (&json!("重大"), &json!(true))
    );
    let (s, e) = zp
        .post(
            &format!("/api/v1/screenings/{id}"),
            json!({ "screened_at": "2022-09-20", "township_id": app.org_id("411003105").await,
                    "name": "王保全", "problem": "王保全反映危房改造补助未到位", "category": "危房改造",
                    "risk_grade": "一般", "version": e["version"] }),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert!(e["fields"].to_string().contains("risk_grade"), "{e}");
    // Audited, one row per level.
    let trail = app
        .state
        .store
        .list_audit(&xinfang_store::AuditFilter::default(), 1000, 0)
        .await
        .unwrap();
    let rows = trail
        .items
        .iter()
        .filter(|(a, _)| a.action == "risk.assessment")
        .count();
    assert_eq!(rows, 3);
}

#[tokio::test]
async fn each_level_has_its_queue_in_scope() {
    let app = spawn_app().await;
    let quju = Api::new(&app, "quju").await;
    let zp = Api::new(&app, "zhangpan").await;
    // 张潘镇: A none, B village done, C village and township done, D all
    // three; 灵井镇: L none.
    let a = new_entry(&app, "zhangpan", "411003105", "甲", "一般").await;
    let b = new_entry(&app, "zhangpan", "411003105", "乙", "一般").await;
    let c = new_entry(&app, "zhangpan", "411003105", "丙", "较大").await;
    let d = new_entry(&app, "zhangpan", "411003105", "丁", "重大").await;
    let l = new_entry(&app, "lingjing", "411003106", "戊", "一般").await;
    for id in [b, c, d] {
        assert_eq!(assess(&zp, id, level("村级", "一般")).await.0, 201);
    }
    for id in [c, d] {
        assert_eq!(assess(&zp, id, level("乡镇级", "较大")).await.0, 201);
    }
    assert_eq!(assess(&quju, d, level("区级", "较大")).await.0, 201);

    let (s, q) = zp.get("/api/v1/assessments?level=village").await;
    assert_eq!(s, 200, "{q}");
    assert_eq!(ids(&q), [a], "a township's own entries only");
    assert_eq!(
        (
            count(&q, "village"),
            count(&q, "township"),
            count(&q, "district")
        ),
        (1, 1, 1)
    );
    let (_, q) = zp.get("/api/v1/assessments?level=乡镇级").await;
    assert_eq!(ids(&q), [b]);
    assert_eq!(q["items"][0]["previous"]["level"], "village");
    let (_, q) = zp.get("/api/v1/assessments").await;
    assert_eq!(q["level"], "village", "a township's first level by default");
    let (_, q) = quju.get("/api/v1/assessments").await;
    assert_eq!(q["level"], "district", "the district's own by default");
    assert_eq!(ids(&q), [c]);
    assert_eq!(q["items"][0]["previous"]["risk_grade"], "较大");
    let (_, q) = quju.get("/api/v1/assessments?level=village").await;
    let mut both = vec![a, l];
    both.sort_unstable();
    assert_eq!(ids(&q), both, "the district sees every township's");
    let (s, q) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/assessments?level=district")
        .await;
    assert_eq!((s, ids(&q)), (200, vec![c]));
    let (s, _) = Api::new(&app, "zhujian")
        .await
        .get("/api/v1/assessments")
        .await;
    assert_eq!(s, 403);
    let (s, e) = quju.get("/api/v1/assessments?level=省级").await;
    assert_eq!(s, 422, "{e}");

    // The 工作台 and 待办 show the counts of the levels one assesses.
    let browser = app.login("zhangpan").await;
    let home = app.page(&browser, "/").await;
    assert!(home.contains("村级研判 <b>1</b>"), "{home}");
    assert!(home.contains("乡镇级研判 <b>1</b>"));
    assert!(
        !home.contains("区级研判 <b>"),
        "a township does not assess the district's level"
    );
    let todo = app.page(&browser, "/todo").await;
    assert!(todo.contains("乡镇级研判 <b>1</b>"));
    let district = app.login("quju").await;
    assert!(app.page(&district, "/").await.contains("区级研判 <b>1</b>"));
    // The queue page and the entry page with its three levels.
    let page = app.page(&browser, "/assessments?level=township").await;
    assert!(page.contains("乙") && !page.contains(">甲<"), "{page}");
    let page = app.page(&browser, &format!("/screenings/{c}")).await;
    assert!(
        page.contains("三级研判") && page.contains("待研判"),
        "{page}"
    );
    assert!(
        !page.contains("assess-form"),
        "the district's level is not the township's to record"
    );
    let page = app.page(&browser, &format!("/screenings/{b}")).await;
    assert!(page.contains("assess-form"));
    // Record the township level through the page.
    let csrf = app.csrf(&browser, &format!("/screenings/{b}")).await;
    let r = browser
        .post(app.url(&format!("/screenings/{b}/assess")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("level", "township"),
            ("risk_grade", "较大"),
            ("opinion", "需持续关注"),
            ("measures", "镇村干部联合走访"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, q) = quju.get("/api/v1/assessments").await;
    let mut now = vec![b, c];
    now.sort_unstable();
    assert_eq!(ids(&q), now);
}

#[tokio::test]
async fn two_officers_recording_the_same_level_at_once_record_it_once() {
    let app = spawn_app().await;
    let id = new_entry(&app, "zhangpan", "411003105", "并发", "一般").await;
    let zp = Api::new(&app, "zhangpan").await;
    let (first, second) = tokio::join!(
        assess(&zp, id, level("村级", "一般")),
        assess(&zp, id, level("村级", "较大")),
    );
    let mut statuses = [first.0, second.0];
    statuses.sort_unstable();
    assert_eq!(statuses[0], 201, "{first:?} {second:?}");
    assert!(matches!(statuses[1], 409 | 422), "{first:?} {second:?}");
    let refused = if first.0 == 201 { &second.1 } else { &first.1 };
    assert!(
        refused["message"].as_str().unwrap().contains("村级研判"),
        "a Chinese refusal naming the level: {refused}"
    );
    let (_, v) = zp
        .get(&format!("/api/v1/screenings/{id}/assessments"))
        .await;
    assert_eq!(v["next_level"], "township");
    let recorded = app
        .state
        .store
        .assessments(xinfang_domain::assessment::SubjectKind::Screening, id)
        .await
        .unwrap();
    assert_eq!(recorded.len(), 1);
}
