//! 干部培训 (信访能力大提升): courses with attendance from the Annex 3 roster;
//! who may record for whom; each township's hours and untrained people
//! against sums the test works by hand; the roster page, the 工作台's duties
//! and the CLI.

use serde_json::{Value, json};
use xinfang_store::AuditFilter;

use crate::cli::xinfang;
use crate::helpers::{Api, TestApp, spawn_app};

const ZHANGPAN: &str = "411003105";
const LINGJING: &str = "411003106";

async fn roster(app: &TestApp, user: &str, code: &str, leader: &str, cadre: &str) {
    let (s, j) = Api::new(app, user)
        .await
        .post(
            "/api/v1/roster",
            json!({ "org_id": app.org_id(code).await, "leader_name": leader, "leader_title": "副镇长",
                "cadre_name": cadre, "cadre_mobile": "13812340000" }),
        )
        .await;
    assert_eq!(s, 200, "{j}");
}

fn course(date: &str, topic: &str, hours: &str, attendees: Value) -> Value {
    json!({ "date": date, "topic": topic, "hours": hours, "trainer": "区委党校 赵老师",
        "place": "区乡村振兴局三楼会议室", "attendees": attendees })
}

fn township<'a>(t: &'a Value, name: &str) -> &'a Value {
    t["townships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["org"] == name)
        .unwrap_or_else(|| panic!("{name} not in {}", t["townships"]))
}

fn untrained(c: &Value) -> Vec<&str> {
    c["untrained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

async fn trainings_recorded(app: &TestApp) -> usize {
    app.state
        .store
        .list_audit(&AuditFilter::default(), 100_000, 0)
        .await
        .unwrap()
        .items
        .iter()
        .filter(|(e, _)| e.action == "training.record")
        .count()
}

#[tokio::test]
async fn courses_count_hours_per_township_and_name_who_is_not_yet_trained() {
    let app = spawn_app().await;
    roster(&app, "zhangpan", ZHANGPAN, "刘镇长", "张专干").await;
    roster(&app, "lingjing", LINGJING, "林镇长", "林专干").await;
    let (zp, lj) = (app.org_id(ZHANGPAN).await, app.org_id(LINGJING).await);
    let quju = Api::new(&app, "quju").await;

    // The district: one course for three people of two townships (2 h each).
    let (s, c1) = quju
        .post(
            "/api/v1/training",
            course(
                "2022-06-15",
                "舆情应对",
                "2",
                json!([
                    format!("{zp}:leader"),
                    format!("{zp}:cadre"),
                    format!("{lj}:cadre")
                ]),
            ),
        )
        .await;
    assert_eq!(s, 201, "{c1}");
    assert_eq!(c1["hours"], 2.0);
    assert_eq!(c1["topic"], "舆情应对");
    assert_eq!(c1["attendees"].as_array().unwrap().len(), 3);
    assert_eq!(c1["org"], "区乡村振兴局");

    // A township: its own course for its own cadre (1.5 h) …
    let zhangpan = Api::new(&app, "zhangpan").await;
    let (s, c2) = zhangpan
        .post(
            "/api/v1/training",
            course("2022-07-01", "其他", "1.5", json!(format!("{zp}:cadre"))),
        )
        .await;
    assert_eq!(
        (s, c2["fields"][0]["field"].as_str()),
        (422, Some("topic_other")),
        "{c2}"
    );
    let mut own = course("2022-07-01", "其他", "1.5", json!(format!("{zp}:cadre")));
    own["topic_other"] = json!("信访条例解读");
    let (s, c2) = zhangpan.post("/api/v1/training", own).await;
    assert_eq!(s, 201, "{c2}");
    assert_eq!(c2["topic_label"], "其他（信访条例解读）");
    let mut twice = course("2022-07-01", "其他", "1.5", json!(format!("{zp}:cadre")));
    twice["topic_other"] = json!("信访条例解读");
    let (s, j) = zhangpan.post("/api/v1/training", twice).await;
    assert_eq!(s, 409, "a course sent twice counts once: {j}");
    assert!(
        j["message"].as_str().unwrap().contains("请勿重复登记"),
        "{j}"
    );
    assert_eq!(c2["org"], "张潘镇");
    // … but never for another township's people, nor held by another township.
    let (s, j) = zhangpan
        .post(
            "/api/v1/training",
            course(
                "2022-07-02",
                "法律知识",
                "1",
                json!([format!("{lj}:cadre")]),
            ),
        )
        .await;
    assert_eq!(s, 403, "{j}");
    let mut theirs = course(
        "2022-07-02",
        "法律知识",
        "1",
        json!([format!("{zp}:cadre")]),
    );
    theirs["org_id"] = json!(lj);
    let (s, _) = zhangpan.post("/api/v1/training", theirs).await;
    assert_eq!(s, 403);
    for user in ["admin", "zhujian", "baoan1", "ducha"] {
        let (s, j) = Api::new(&app, user)
            .await
            .post(
                "/api/v1/training",
                course(
                    "2022-07-02",
                    "法律知识",
                    "1",
                    json!([format!("{zp}:cadre")]),
                ),
            )
            .await;
        assert_eq!(s, 403, "{user}: {j}");
    }
    // Someone not on the roster (a township that sent no roster) is named.
    let other = app.org_id("411003104").await;
    let (s, j) = quju
        .post(
            "/api/v1/training",
            course(
                "2022-07-02",
                "法律知识",
                "1",
                json!([format!("{other}:cadre")]),
            ),
        )
        .await;
    assert_eq!(
        (s, j["fields"][0]["field"].as_str()),
        (422, Some("attendees")),
        "{j}"
    );
    assert!(j.to_string().contains("未在干部队伍统计表"), "{j}");
    let (s, j) = quju
        .post(
            "/api/v1/training",
            course("2022-07-02", "书法", "0.3", json!([])),
        )
        .await;
    assert_eq!(s, 422);
    let labels: Vec<&str> = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["培训主题", "学时", "参训人员"], "{j}");
    assert_eq!(
        trainings_recorded(&app).await,
        2,
        "nothing written by a refused course"
    );

    // By hand: 张潘镇 2 + 2 + 1.5 = 5.5 h, both trained; 灵井镇 2 h, 林镇长 untrained.
    let (s, t) = quju.get("/api/v1/training?year=2022").await;
    assert_eq!(s, 200, "{t}");
    let z = township(&t, "张潘镇");
    assert_eq!(
        (
            z["hours"].as_f64(),
            z["people"].as_i64(),
            z["trained"].as_i64()
        ),
        (Some(5.5), Some(2), Some(2))
    );
    assert!(untrained(z).is_empty());
    let l = township(&t, "灵井镇");
    assert_eq!(
        (
            l["hours"].as_f64(),
            l["people"].as_i64(),
            l["trained"].as_i64()
        ),
        (Some(2.0), Some(2), Some(1))
    );
    assert_eq!(untrained(l), ["林镇长"]);
    assert_eq!(
        (
            t["people"].as_i64(),
            t["trained"].as_i64(),
            t["hours"].as_f64()
        ),
        (Some(4), Some(3), Some(7.5))
    );
    assert_eq!(t["courses"].as_array().unwrap().len(), 2);
    let zhang = z["persons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "张专干")
        .unwrap();
    assert_eq!(zhang["hours"], 3.5);
    assert_eq!(zhang["sessions"][0]["date"], "2022-06-15");
    assert_eq!(zhang["sessions"][1]["date"], "2022-07-01");
    let (_, none) = quju.get("/api/v1/training?year=2021").await;
    assert_eq!(
        (none["hours"].as_f64(), none["trained"].as_i64()),
        (Some(0.0), Some(0))
    );
    let (_, one) = quju.get("/api/v1/training?year=2022&township=灵井").await;
    assert_eq!(one["townships"].as_array().unwrap().len(), 1);
    assert_eq!(
        one["courses"].as_array().unwrap().len(),
        1,
        "only the course its people attended"
    );
    assert_eq!(one["courses"][0]["attendees"].as_array().unwrap().len(), 1);
    let (s, j) = quju.get("/api/v1/training?township=无此镇").await;
    assert_eq!((s, j["fields"][0]["label"].as_str()), (422, Some("乡镇")));
    let (s, j) = quju.get("/api/v1/training?year=22x").await;
    assert_eq!((s, j["fields"][0]["label"].as_str()), (422, Some("年度")));

    // Each role reads its own reach.
    for (user, townships, courses) in [
        ("ducha", None, Some(2)),
        ("zhangpan", Some(vec!["张潘镇"]), Some(2)),
        ("lingjing", Some(vec!["灵井镇"]), Some(1)),
        ("zhujian", Some(vec!["区住房和城乡建设局"]), Some(0)),
        ("baoan1", None, None),
        ("admin", None, None),
    ] {
        let (s, v) = Api::new(&app, user)
            .await
            .get("/api/v1/training?year=2022")
            .await;
        match courses {
            None => {
                assert_eq!(s, 403, "{user}");
                continue;
            }
            Some(n) => assert_eq!(
                (s, v["courses"].as_array().map(Vec::len)),
                (200, Some(n)),
                "{user}: {v}"
            ),
        }
        if let Some(names) = townships {
            let got: Vec<&str> = v["townships"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["org"].as_str().unwrap())
                .collect();
            assert_eq!(got, names, "{user}");
        }
    }
    let (_, own) = zhangpan.get("/api/v1/training?year=2022").await;
    let district_course = own["courses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == c1["id"])
        .unwrap();
    assert_eq!(
        district_course["attendees"].as_array().unwrap().len(),
        2,
        "灵井镇's attendee not shown"
    );
    let (s, _) = zhangpan.get("/api/v1/training?township=灵井镇").await;
    assert_eq!(s, 403);

    // A new cadre does not inherit the training: 张潘镇 keeps its hours, 新专干 is untrained.
    roster(&app, "zhangpan", ZHANGPAN, "刘镇长", "新专干").await;
    let (_, t) = quju.get("/api/v1/training?year=2022").await;
    let z = township(&t, "张潘镇");
    assert_eq!(
        (z["hours"].as_f64(), z["trained"].as_i64()),
        (Some(5.5), Some(1))
    );
    assert_eq!(untrained(z), ["新专干"]);

    // The CLI answers as the API.
    let (ok, out, err) = xinfang(
        &app,
        &[
            "training",
            "list",
            "--year",
            "2022",
            "--township",
            "灵井镇",
            "--json",
        ],
    );
    assert!(ok, "{err}");
    let cli: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(cli["townships"][0]["hours"], 2.0);
    assert_eq!(cli["townships"][0]["untrained"][0]["name"], "林镇长");
    let (ok, out, _) = xinfang(&app, &["training", "list", "--year", "2022"]);
    assert!(ok);
    assert!(
        out.contains("张潘镇\t5.5\t2\t1\t新专干（涉贫信访专干）"),
        "{out}"
    );
}

#[tokio::test]
async fn the_roster_page_and_the_duties_show_who_trained_when() {
    let app = spawn_app().await;
    roster(&app, "zhangpan", ZHANGPAN, "刘镇长", "张专干").await;
    let zp = app.org_id(ZHANGPAN).await;
    let today = xinfang_domain::clock::local_date(app.state.now());
    let quju = Api::new(&app, "quju").await;
    let (s, j) = quju
        .post(
            "/api/v1/training",
            course(
                &today.to_string(),
                "矛盾调处",
                "3",
                json!([format!("{zp}:cadre")]),
            ),
        )
        .await;
    assert_eq!(s, 201, "{j}");

    let c = app.login("zhangpan").await;
    let page = app.page(&c, "/ledgers/roster").await;
    assert!(
        page.contains(&format!(
            "张专干：{} 矛盾调处 3学时",
            today.strftime("%m-%d")
        )),
        "{page}"
    );
    assert!(page.contains("刘镇长：<span class=\"tag warn\">未参训</span>"));
    // This year's coverage among the duties: 1 of 张潘镇's 2 people.
    let home = app.page(&c, "/").await.replace("&#x2f;", "/");
    assert!(home.contains("信访能力大提升培训"), "{home}");
    assert!(
        home.contains("已培训1/2人，合计3学时") && home.contains("张潘镇刘镇长"),
        "{home}"
    );
    let c = app.login("quju").await;
    let home = app.page(&c, "/").await.replace("&#x2f;", "/");
    assert!(home.contains("信访能力大提升培训"));
    // Every township counts for the district; only 张潘镇 sent a roster: 1 of 2.
    assert!(home.contains("已培训1/2人"), "{home}");
    let c = app.login("zhujian").await;
    assert!(
        !app.page(&c, "/").await.contains("信访能力大提升培训"),
        "not a department's duty"
    );

    // The page form: a bad field named, a good one recorded.
    let c = app.login("zhangpan").await;
    let page = app.page(&c, "/training").await;
    assert!(page.contains(&format!("value=\"{zp}:leader\"")) && !page.contains("checked>"));
    let csrf = app.csrf(&c, "/training").await;
    let r = c
        .post(app.url("/training"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("date", "2022-05-10"),
            ("topic", "政策宣传"),
            ("hours", "abc"),
            ("trainer", "镇党委 刘书记"),
            ("place", "张潘镇会议室"),
            ("attendees", &format!("{zp}:leader")),
            ("attendees", &format!("{zp}:cadre")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("学时：“abc”不是数字"));
    let r = c
        .post(app.url("/training"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("date", "2022-05-10"),
            ("topic", "政策宣传"),
            ("hours", "2"),
            ("trainer", "镇党委 刘书记"),
            ("place", "张潘镇会议室"),
            ("attendees", &format!("{zp}:leader")),
            ("attendees", &format!("{zp}:cadre")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, t) = quju.get("/api/v1/training?year=2022").await;
    let z = township(&t, "张潘镇");
    assert_eq!(
        (z["hours"].as_f64(), z["trained"].as_i64()),
        (Some(4.0), Some(2)),
        "two people × 2 h"
    );
}

#[tokio::test]
async fn before_28_march_the_roster_duty_names_the_townships_yet_to_send_it() {
    use std::sync::Arc;
    use xinfang::services::cases::dashboard::dashboard;
    use xinfang_domain::clock::FixedClock;
    use xinfang_domain::org::OrgKind;

    let app = spawn_app().await;
    // Saved now (after 1 January of the year below): 张潘镇 has sent it.
    roster(&app, "zhangpan", ZHANGPAN, "刘镇长", "张专干").await;
    let townships = app
        .state
        .store
        .list_orgs()
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == OrgKind::Township)
        .count();
    let mut state = app.state.clone();
    state.clock = Arc::new(FixedClock(
        xinfang_domain::clock::parse_time("2026-03-20 09:00").unwrap(),
    ));
    let roster_duty = |d: &xinfang::services::cases::dashboard::Dashboard| {
        d.duties
            .iter()
            .find(|d| d.title == "涉贫信访干部队伍统计表")
            .map(|d| d.detail.clone())
    };
    let quju = crate::helpers::actor(&app, "quju").await;
    let d = roster_duty(&dashboard(&state, &quju).await.unwrap()).unwrap();
    assert!(d.contains(&format!("尚未报送{}个", townships - 1)), "{d}");
    assert!(
        !d.contains("张潘镇") && d.ends_with(&format!("等{}个", townships - 1)),
        "{d}"
    );
    let own = crate::helpers::actor(&app, "zhangpan").await;
    let d = roster_duty(&dashboard(&state, &own).await.unwrap()).unwrap();
    assert!(d.ends_with("；已全部报送"), "{d}");
    let other = crate::helpers::actor(&app, "lingjing").await;
    let d = roster_duty(&dashboard(&state, &other).await.unwrap()).unwrap();
    assert!(d.ends_with("；尚未报送1个：灵井镇"), "{d}");
    // After 28 March the duty is gone; the training coverage stays all year.
    state.clock = Arc::new(FixedClock(
        xinfang_domain::clock::parse_time("2026-03-29 09:00").unwrap(),
    ));
    let d = dashboard(&state, &quju).await.unwrap();
    assert!(roster_duty(&d).is_none());
    assert!(d.duties.iter().any(|d| d.title == "信访能力大提升培训"));
}

#[tokio::test]
async fn the_demo_holds_a_year_of_training_with_gaps() {
    let app = spawn_app().await;
    xinfang::demo::seed_demo(&app.state, 8).await.expect("demo");
    let (s, t) = Api::new(&app, "ducha")
        .await
        .get("/api/v1/training?year=2022")
        .await;
    assert_eq!(s, 200);
    let courses = t["courses"].as_array().unwrap();
    let topics: Vec<&str> = courses
        .iter()
        .map(|c| c["topic"].as_str().unwrap())
        .collect();
    for ability in [
        "政策宣传",
        "法律知识",
        "舆情应对",
        "矛盾调处",
        "预警预判",
        "综合协调",
        "其他",
    ] {
        assert!(topics.contains(&ability), "{ability} in {topics:?}");
    }
    // Each township's hours, counted again from the courses' attendee lists.
    for c in t["townships"].as_array().unwrap() {
        let by_hand: f64 = courses
            .iter()
            .map(|k| {
                let n = k["attendees"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|a| a["org_id"] == c["org_id"])
                    .count();
                k["hours"].as_f64().unwrap() * n as f64
            })
            .sum();
        assert_eq!(c["hours"].as_f64().unwrap(), by_hand, "{}", c["org"]);
    }
    let never: Vec<&Value> = t["townships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["trained"] == 0 && c["people"].as_i64() > Some(0))
        .collect();
    assert_eq!(never.len(), 2, "two townships never trained");
    assert!(t["trained"].as_i64() < t["people"].as_i64(), "gaps");
}
