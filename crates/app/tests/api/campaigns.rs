//! 排查活动: organising (who may, which kind, which villages), entries under
//! a campaign (graded, in its period and area), 已排查无风险, the coverage
//! table against the test's own count of villages and entries, and the
//! Annex 1 export of one campaign.

use serde_json::{Value, json};
use xinfang_domain::org::OrgKind;

use crate::helpers::{Api, TestApp, spawn_app};
use crate::ledgers::{Sheet, export_ok, get_file};

const ZHANGPAN: &str = "411003105";
const LINGJING: &str = "411003106";

/// The villages of a township, by id, counted from the tree itself.
async fn villages_of(app: &TestApp, code: &str) -> Vec<i64> {
    let t = app.org_id(code).await;
    let orgs = app.state.store.list_orgs().await.unwrap();
    orgs.iter()
        .filter(|o| o.kind == OrgKind::Village && o.parent_id == Some(t))
        .map(|o| o.id)
        .collect()
}

async fn all_villages(app: &TestApp) -> usize {
    let orgs = app.state.store.list_orgs().await.unwrap();
    orgs.iter().filter(|o| o.kind == OrgKind::Village).count()
}

fn entry(
    campaign: i64,
    township: i64,
    village: i64,
    day: &str,
    grade: &str,
    cat: &str,
    name: &str,
) -> Value {
    json!({
        "campaign_id": campaign, "screened_at": day, "township_id": township, "village_id": village,
        "name": name, "problem": format!("{name}反映{cat}问题"), "category": cat, "risk_grade": grade,
        "newly_found": "是", "stable": "是",
    })
}

fn row(view: &Value, township_id: i64) -> &Value {
    view["townships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["township_id"] == township_id)
        .unwrap_or_else(|| panic!("no row for {township_id}: {view}"))
}

fn grades(r: &Value) -> Vec<(String, i64)> {
    r["by_grade"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["grade"].as_str().unwrap().to_string(),
                g["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn category(r: &Value, name: &str) -> i64 {
    r["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == name)
        .map_or(0, |c| c["count"].as_i64().unwrap())
}

#[tokio::test]
async fn a_district_campaign_counts_coverage_by_township_grade_and_category() {
    let app = spawn_app().await;
    let quju = Api::new(&app, "quju").await;
    let zp = Api::new(&app, "zhangpan").await;
    let lj = Api::new(&app, "lingjing").await;
    let (s, c) = quju
        .post(
            "/api/v1/campaigns",
            json!({ "name": "2022年国庆前集中排查", "kind": "集中排查", "starts_on": "2022-09-01",
                    "ends_on": "2022-09-30", "categories": ["危房改造", "小额信贷"] }),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    let id = c["campaign"]["id"].as_i64().unwrap();
    let total_villages = all_villages(&app).await;
    assert_eq!(
        c["total"]["villages"], total_villages,
        "blank townships: the whole district"
    );
    assert_eq!(c["total"]["not_screened"], total_villages);
    assert_eq!(c["campaign"]["organiser"], "许昌市建安区");

    let (zt, lt) = (app.org_id(ZHANGPAN).await, app.org_id(LINGJING).await);
    let (zv, lv) = (
        villages_of(&app, ZHANGPAN).await,
        villages_of(&app, LINGJING).await,
    );
    assert!(zv.len() >= 3 && !lv.is_empty());
    // 张潘镇: village 0 two entries (一般 危房改造, 重大 小额信贷), village 1 one
    // (较大 危房改造), village 2 screened with nothing found. 灵井镇: one entry
    // (一般 医疗保障) in its first village.
    for (api, body) in [
        (
            &zp,
            entry(id, zt, zv[0], "2022-09-05", "一般", "危房改造", "王大山"),
        ),
        (
            &zp,
            entry(id, zt, zv[0], "2022-09-06", "重大", "小额信贷", "李二河"),
        ),
        (
            &zp,
            entry(id, zt, zv[1], "2022-09-07", "较大", "危房改造", "赵三木"),
        ),
        (
            &lj,
            entry(id, lt, lv[0], "2022-09-08", "一般", "医疗保障", "钱四水"),
        ),
    ] {
        let (s, e) = api.post("/api/v1/screenings", body).await;
        assert_eq!(s, 201, "{e}");
        assert_eq!(e["campaign_id"], id);
        assert_eq!(
            e["screening_kind"], "集中排查",
            "the campaign's kind fills a blank one"
        );
    }
    let (s, e) = zp
        .post(
            &format!("/api/v1/campaigns/{id}/clear"),
            json!({ "village_id": zv[2], "screened_on": "2022-09-09", "remarks": "入户走访42户，未发现不稳定因素" }),
        )
        .await;
    assert_eq!(s, 201, "{e}");
    // An entry outside any campaign does not count.
    let (s, _) = zp
        .post(
            "/api/v1/screenings",
            json!({ "screened_at": "2022-09-10", "township_id": zt, "village_id": zv[3 % zv.len()],
                    "name": "孙五金", "problem": "反映低保问题", "category": "民政救助" }),
        )
        .await;
    assert_eq!(s, 201);

    let (s, view) = quju.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(s, 200, "{view}");
    let z = row(&view, zt);
    assert_eq!(z["villages"], zv.len());
    assert_eq!(
        (
            &z["screened"],
            &z["with_entries"],
            &z["clear"],
            &z["not_screened"]
        ),
        (&json!(3), &json!(2), &json!(1), &json!(zv.len() - 3))
    );
    assert_eq!(z["entries"], 3);
    assert_eq!(
        grades(z),
        [
            ("一般".into(), 1),
            ("较大".into(), 1),
            ("重大".into(), 1),
            ("未定级".into(), 0)
        ]
    );
    assert_eq!((category(z, "危房改造"), category(z, "小额信贷")), (2, 1));
    assert_eq!(z["percent"], (300 / zv.len()) as i64);
    let l = row(&view, lt);
    assert_eq!((&l["screened"], &l["entries"]), (&json!(1), &json!(1)));
    assert_eq!(category(l, "医疗保障"), 1);
    let t = &view["total"];
    assert_eq!(t["villages"], total_villages);
    assert_eq!(t["screened"], 4);
    assert_eq!(t["not_screened"], total_villages - 4);
    assert_eq!(t["entries"], 4);
    assert_eq!(grades(t)[0], ("一般".into(), 2));
    let state = |v: i64| {
        view["villages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == v)
            .unwrap()["state_label"]
            .clone()
    };
    assert_eq!(state(zv[0]), "有排查记录");
    assert_eq!(state(zv[2]), "已排查无风险");
    assert_eq!(
        state(lv[lv.len() - 1]),
        if lv.len() > 1 {
            "未排查"
        } else {
            "有排查记录"
        }
    );

    // A township reads its own part only: its row, and a total that is its own.
    let (s, own) = zp.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(s, 200);
    assert_eq!(own["townships"].as_array().unwrap().len(), 1);
    assert_eq!(own["total"]["villages"], zv.len());
    assert_eq!(own["total"]["entries"], 3);
    assert!(
        own["villages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["township_id"] == zt)
    );

    // The 无风险 report: once a village, only the village's township, in the period.
    let body = json!({ "village_id": zv[2], "screened_on": "2022-09-09" });
    let (s, e) = zp
        .post(&format!("/api/v1/campaigns/{id}/clear"), body)
        .await;
    assert_eq!(s, 409, "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("不能重复报告"),
        "{e}"
    );
    let (s, _) = zp
        .post(
            &format!("/api/v1/campaigns/{id}/clear"),
            json!({ "village_id": lv[0], "screened_on": "2022-09-09" }),
        )
        .await;
    assert_eq!(s, 403, "another township's village");
    let (s, e) = lj
        .post(
            &format!("/api/v1/campaigns/{id}/clear"),
            json!({ "village_id": lv[0], "screened_on": "2022-10-09" }),
        )
        .await;
    assert_eq!(s, 422);
    assert!(e["fields"].to_string().contains("screened_on"), "{e}");

    // Annex 1 of the campaign: its four entries, not the fifth.
    let sheet = Sheet::read(
        &export_ok(
            &app,
            "quju",
            &format!("/api/v1/ledgers/annex1.xlsx?campaign={id}"),
        )
        .await,
    );
    for name in ["王大山", "李二河", "赵三木", "钱四水"] {
        assert!(sheet.contains(name), "{name} missing");
    }
    assert!(!sheet.contains("孙五金"), "an entry outside the campaign");
    assert!(sheet.contains("排查活动：2022年国庆前集中排查"));
    let all = Sheet::read(&export_ok(&app, "quju", "/api/v1/ledgers/annex1.xlsx").await);
    assert!(all.contains("孙五金"));
    // A township's export of the campaign: its own three.
    let own = Sheet::read(
        &export_ok(
            &app,
            "zhangpan",
            &format!("/api/v1/ledgers/annex1.xlsx?campaign={id}"),
        )
        .await,
    );
    assert!(own.contains("赵三木") && !own.contains("钱四水"));
    let (s, body) = get_file(&app, "quju", "/api/v1/ledgers/annex2.xlsx?campaign=1").await;
    assert_eq!(s, 422, "{}", String::from_utf8_lossy(&body));
    let (s, _) = get_file(&app, "quju", "/api/v1/ledgers/annex1.xlsx?campaign=999").await;
    assert_eq!(s, 422);
}

#[tokio::test]
async fn entries_under_a_campaign_are_graded_in_its_period_and_area() {
    let app = spawn_app().await;
    let zp = Api::new(&app, "zhangpan").await;
    let zt = app.org_id(ZHANGPAN).await;
    let lt = app.org_id(LINGJING).await;
    let zv = villages_of(&app, ZHANGPAN).await;
    // A township organises only its own 日常排查.
    let base =
        json!({ "name": "张潘镇九月日常排查", "starts_on": "2022-09-01", "ends_on": "2022-09-30" });
    let with = |extra: Value| {
        let mut b = base.clone();
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    let (s, e) = zp
        .post("/api/v1/campaigns", with(json!({ "kind": "集中排查" })))
        .await;
    assert_eq!(s, 422);
    assert!(e["fields"].to_string().contains("kind"), "{e}");
    let (s, e) = zp
        .post(
            "/api/v1/campaigns",
            with(json!({ "kind": "日常排查", "townships": [lt] })),
        )
        .await;
    assert_eq!(s, 422);
    assert!(e["message"].as_str().unwrap().contains("本乡镇"), "{e}");
    let (s, c) = zp
        .post(
            "/api/v1/campaigns",
            with(json!({ "kind": "日常排查", "villages": [zv[0], zv[1]] })),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    let id = c["campaign"]["id"].as_i64().unwrap();
    assert_eq!(c["campaign"]["organiser"], "张潘镇");
    assert_eq!(c["total"]["villages"], 2, "the two villages named");
    // Others' views: another township does not see it; a department reads no campaigns.
    let (s, _) = Api::new(&app, "lingjing")
        .await
        .get(&format!("/api/v1/campaigns/{id}"))
        .await;
    assert_eq!(s, 404);
    let (s, list) = Api::new(&app, "lingjing")
        .await
        .get("/api/v1/campaigns")
        .await;
    assert_eq!((s, list.as_array().unwrap().len()), (200, 0));
    let (s, _) = Api::new(&app, "zhujian")
        .await
        .get("/api/v1/campaigns")
        .await;
    assert_eq!(s, 403);
    let (s, list) = Api::new(&app, "ducha").await.get("/api/v1/campaigns").await;
    assert_eq!((s, list.as_array().unwrap().len()), (200, 1));

    let good = entry(id, zt, zv[0], "2022-09-05", "较大", "危房改造", "周六田");
    let bad = |k: &str, v: Value| {
        let mut b = good.clone();
        b[k] = v;
        b
    };
    for (body, field) in [
        (bad("risk_grade", json!("")), "risk_grade"),
        (bad("risk_grade", json!("特大")), "risk_grade"),
        (bad("village_id", json!("")), "village_id"),
        (bad("village_id", json!(zv[2])), "village_id"),
        (bad("screened_at", json!("2022-10-01")), "screened_at"),
        (bad("screening_kind", json!("集中排查")), "screening_kind"),
        (bad("campaign_id", json!(999)), "campaign_id"),
    ] {
        let (s, e) = zp.post("/api/v1/screenings", body).await;
        assert_eq!(s, 422, "{field}: {e}");
        assert!(e["fields"].to_string().contains(field), "{field}: {e}");
    }
    let (s, e) = zp.post("/api/v1/screenings", good).await;
    assert_eq!(s, 201, "{e}");
    assert_eq!(
        (&e["risk_grade"], &e["grade_final"]),
        (&json!("较大"), &json!(false))
    );
    assert_eq!(e["campaign"], "张潘镇九月日常排查");
    // The list filters by campaign.
    let (s, l) = zp.get(&format!("/api/v1/screenings?campaign={id}")).await;
    assert_eq!((s, l["total"].as_i64()), (200, Some(1)));
}

#[tokio::test]
async fn the_campaign_pages_show_coverage_and_take_a_clear_report() {
    let app = spawn_app().await;
    let quju = Api::new(&app, "quju").await;
    let (s, c) = quju
        .post(
            "/api/v1/campaigns",
            json!({ "name": "党的二十大敏感节点排查", "kind": "敏感节点排查", "starts_on": "2022-10-01",
                    "ends_on": "2022-10-22", "townships": [app.org_id(ZHANGPAN).await] }),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    let id = c["campaign"]["id"].as_i64().unwrap();
    let zv = villages_of(&app, ZHANGPAN).await;
    let browser = app.login("zhangpan").await;
    let list = app.page(&browser, "/campaigns").await;
    assert!(list.contains("党的二十大敏感节点排查"), "{list}");
    assert!(
        list.contains("组织排查活动"),
        "a township may organise its own 日常排查"
    );
    let page = app.page(&browser, &format!("/campaigns/{id}")).await;
    assert!(
        page.contains("覆盖情况") && page.contains("报告已排查无风险"),
        "{page}"
    );
    assert!(page.contains(&format!("/ledgers/annex1.xlsx?campaign={id}")));
    let csrf = app.csrf(&browser, &format!("/campaigns/{id}")).await;
    let r = browser
        .post(app.url(&format!("/campaigns/{id}/clear")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("village_id", &zv[0].to_string()),
            ("screened_on", "2022-10-08"),
            ("remarks", "未发现不稳定因素"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = app.page(&browser, &format!("/campaigns/{id}")).await;
    assert!(page.contains("已排查无风险") && page.contains("未发现不稳定因素"));
    let (_, view) = quju.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(view["total"]["clear"], 1);
    // The district organises through the page too; a bad field is named.
    let district = app.login("quju").await;
    let csrf = app.csrf(&district, "/campaigns").await;
    let r = district
        .post(app.url("/campaigns"))
        .form(&[("_csrf", csrf.as_str()), ("name", ""), ("kind", "集中排查")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("活动名称"));
}

#[tokio::test]
async fn the_demo_runs_two_campaigns_with_every_stage_of_assessment() {
    let app = spawn_app().await;
    xinfang::demo::seed_demo(&app.state, 8).await.expect("demo");
    let quju = Api::new(&app, "quju").await;
    let (s, list) = quju.get("/api/v1/campaigns").await;
    assert_eq!(s, 200);
    let mut kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["敏感节点排查", "集中排查"]);
    let mut graded = [0i64; 3];
    for c in list.as_array().unwrap() {
        let (_, view) = quju.get(&format!("/api/v1/campaigns/{}", c["id"])).await;
        let t = &view["total"];
        assert!(
            t["not_screened"].as_i64().unwrap() > 0,
            "some villages not yet screened: {t}"
        );
        assert!(t["clear"].as_i64().unwrap() > 0, "some report 无风险: {t}");
        assert!(t["with_entries"].as_i64().unwrap() > 0);
        for (i, g) in grades(t).iter().take(3).enumerate() {
            graded[i] += g.1;
        }
    }
    assert!(
        graded.iter().all(|n| *n > 0),
        "一般/较大/重大 all present: {graded:?}"
    );
    // 三级研判 at every stage: awaiting each level, and finished ones.
    let (_, q) = quju.get("/api/v1/assessments").await;
    for level in ["village", "township", "district"] {
        let n = q["counts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["level"] == level)
            .unwrap()["count"]
            .as_i64()
            .unwrap();
        assert!(n > 0, "none awaiting {level}");
    }
    let (_, all) = quju.get("/api/v1/screenings?limit=1000").await;
    let finished = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["grade_final"] == true && s["campaign_id"].is_i64())
        .count();
    assert!(finished > 0, "some campaign entries finished");
}
