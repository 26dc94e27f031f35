//! 问责: the district records an action against a unit after a 通报, linked
//! to its cases (a timeline event on each, one audit row, nothing written when
//! a field is wrong); each role tried at recording and reading; the per-unit
//! tally, the case JSON, the 工作台 and the CLI counted against the actions
//! the test itself recorded.

use serde_json::{Value, json};
use xinfang_store::AuditFilter;

use crate::cli::xinfang;
use crate::helpers::{Api, TestApp, register, registration};

const ZHANGPAN: &str = "411003105";
const LINGJING: &str = "411003106";
const ZHUJIAN: &str = "411003-D04";

async fn case_in(app: &TestApp, township: &str, category: &str) -> Value {
    let mut body = registration(app, "", category).await;
    body["township_id"] = json!(app.org_id(township).await);
    register(app, body).await
}

fn action(unit: i64, kind: &str, doc: &str, cases: Value) -> Value {
    json!({
        "unit_id": unit, "person": "王某（副镇长）", "kind": kind, "basis": "超期通报",
        "reason": "联系信访人超期5个工作日，被区乡村振兴局通报", "date": "2022-10-20",
        "document_number": doc, "cases": cases,
    })
}

async fn actions_recorded(app: &TestApp) -> usize {
    app.state
        .store
        .list_audit(&AuditFilter::default(), 100_000, 0)
        .await
        .unwrap()
        .items
        .iter()
        .filter(|(e, _)| e.action == "accountability.record")
        .count()
}

fn timeline_count(case: &Value, kind: &str) -> usize {
    case["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .count()
}

#[tokio::test]
async fn the_district_records_an_action_on_its_cases_in_one_transaction() {
    let app = crate::helpers::spawn_app().await;
    let quju = Api::new(&app, "quju").await;
    let c1 = case_in(&app, ZHANGPAN, "危房改造").await;
    let c2 = case_in(&app, ZHANGPAN, "医疗保障").await;
    let (n1, n2) = (
        c1["number"].as_str().unwrap(),
        c2["number"].as_str().unwrap(),
    );
    let zhangpan_id = app.org_id(ZHANGPAN).await;

    // Every other role is refused, before anything is read.
    for user in ["admin", "zhangpan", "zhujian", "baoan1", "ducha"] {
        let (s, j) = Api::new(&app, user)
            .await
            .post(
                "/api/v1/accountability",
                action(zhangpan_id, "约谈", "", json!([n1])),
            )
            .await;
        assert_eq!(s, 403, "{user}: {j}");
        assert!(
            j.to_string().contains("只有区乡村振兴局可以记录问责"),
            "{j}"
        );
    }

    // Wrong fields are named in Chinese, and nothing is written.
    let (s, j) = quju
        .post(
            "/api/v1/accountability",
            action(zhangpan_id, "通报批评", "", json!([n1])),
        )
        .await;
    assert_eq!(
        (s, j["fields"][0]["field"].as_str()),
        (422, Some("document_number")),
        "{j}"
    );
    assert_eq!(j["fields"][0]["label"], "文号");
    let (s, j) = quju
        .post(
            "/api/v1/accountability",
            action(
                zhangpan_id,
                "通报批评",
                "建安巩固脱贫组办〔2022〕9号",
                json!([n1, "XF-无此案"]),
            ),
        )
        .await;
    assert_eq!(
        (s, j["fields"][0]["field"].as_str()),
        (422, Some("cases")),
        "{j}"
    );
    assert!(j.to_string().contains("XF-无此案"), "{j}");
    let mut late = action(zhangpan_id, "约谈", "", json!([n1]));
    late["date"] = json!("2999-01-01");
    late["kind"] = json!("开除");
    let (s, j) = quju.post("/api/v1/accountability", late).await;
    assert_eq!(s, 422);
    let fields: Vec<&str> = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["label"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"问责日期") && fields.contains(&"问责方式"),
        "{j}"
    );
    assert_eq!(actions_recorded(&app).await, 0);
    let (_, again) = quju.get(&format!("/api/v1/cases/{}", c1["id"])).await;
    assert_eq!(timeline_count(&again, "问责"), 0, "nothing half-written");

    // Recorded: one audit row, an event on each linked case, the case JSON lists it.
    let (s, a) = quju
        .post(
            "/api/v1/accountability",
            action(
                zhangpan_id,
                "通报批评",
                "建安巩固脱贫组办〔2022〕9号",
                json!(format!("{n1}，{n2}")),
            ),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    assert_eq!(a["unit"], "张潘镇");
    assert_eq!(a["kind"], "通报批评");
    assert_eq!(a["basis"], "超期通报");
    assert_eq!(a["date"], "2022-10-20");
    assert_eq!(a["cases"].as_array().unwrap().len(), 2);
    assert_eq!(actions_recorded(&app).await, 1);
    for c in [&c1, &c2] {
        let (_, seen) = quju.get(&format!("/api/v1/cases/{}", c["id"])).await;
        assert_eq!(timeline_count(&seen, "问责"), 1, "{seen}");
        assert_eq!(seen["accountability"][0]["id"], a["id"]);
        assert_eq!(
            seen["accountability"][0]["document_number"],
            "建安巩固脱贫组办〔2022〕9号"
        );
    }
}

#[tokio::test]
async fn each_role_reads_the_actions_of_its_own_unit_and_the_tally_counts_them() {
    let app = crate::helpers::spawn_app().await;
    let quju = Api::new(&app, "quju").await;
    let c1 = case_in(&app, ZHANGPAN, "危房改造").await;
    let c3 = case_in(&app, LINGJING, "医疗保障").await;
    quju.assign_to(c1["id"].as_i64().unwrap(), ZHUJIAN, "2022-10-09 09:00")
        .await;
    let (n1, n3) = (
        c1["number"].as_str().unwrap(),
        c3["number"].as_str().unwrap(),
    );
    let (zp, lj, zj) = (
        app.org_id(ZHANGPAN).await,
        app.org_id(LINGJING).await,
        app.org_id(ZHUJIAN).await,
    );
    // Four actions: 张潘镇 two (通报批评, 约谈), 住建局 one (责令检查) — all on
    // case 1 — and 灵井镇 one (约谈) on case 3.
    for (unit, kind, doc, case) in [
        (zp, "通报批评", "建安巩固脱贫组办〔2022〕9号", n1),
        (zp, "约谈", "", n1),
        (zj, "责令检查", "建安巩固脱贫组办〔2022〕10号", n1),
        (lj, "约谈", "", n3),
    ] {
        let (s, j) = quju
            .post(
                "/api/v1/accountability",
                action(unit, kind, doc, json!([case])),
            )
            .await;
        assert_eq!(s, 201, "{j}");
    }

    let (s, all) = quju.get("/api/v1/accountability").await;
    assert_eq!(s, 200);
    assert_eq!(all["actions"].as_array().unwrap().len(), 4);
    let tally = |l: &Value, unit: &str| -> (i64, Vec<i64>) {
        let u = l["by_unit"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == unit)
            .unwrap_or_else(|| panic!("{unit} not in {}", l["by_unit"]));
        (
            u["total"].as_i64().unwrap(),
            u["by_kind"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["count"].as_i64().unwrap())
                .collect(),
        )
    };
    // by_kind order: 约谈, 通报批评, 责令检查, 诫勉, 移交纪检监察.
    assert_eq!(tally(&all, "张潘镇"), (2, vec![1, 1, 0, 0, 0]));
    assert_eq!(tally(&all, "灵井镇"), (1, vec![1, 0, 0, 0, 0]));
    assert_eq!(tally(&all, "区住房和城乡建设局").0, 1);
    assert_eq!(
        all["by_unit"][2]["unit_kind"], "区直部门",
        "townships first"
    );
    let (_, by_year) = quju.get("/api/v1/accountability?year=2021").await;
    assert_eq!(by_year["actions"].as_array().unwrap().len(), 0);
    let (_, one) = quju.get(&format!("/api/v1/accountability?unit={lj}")).await;
    assert_eq!(one["actions"].as_array().unwrap().len(), 1);

    // Each role: (user, actions listed, actions on case 1's JSON or its status).
    for (user, listed, on_case1) in [
        ("ducha", Some(4), Ok(3)),
        ("zhangpan", Some(2), Ok(2)),
        ("lingjing", Some(1), Err(404)),
        ("zhujian", Some(1), Ok(1)),
        ("minzheng", Some(0), Err(404)),
        ("baoan1", None, Err(404)),
        ("admin", None, Ok(0)),
    ] {
        let api = Api::new(&app, user).await;
        let (s, l) = api.get("/api/v1/accountability").await;
        match listed {
            Some(n) => assert_eq!(
                (s, l["actions"].as_array().map(Vec::len)),
                (200, Some(n)),
                "{user}: {l}"
            ),
            None => assert_eq!(s, 403, "{user}: {l}"),
        }
        let (s, c) = api.get(&format!("/api/v1/cases/{}", c1["id"])).await;
        match on_case1 {
            Ok(n) => assert_eq!(
                (s, c["accountability"].as_array().map(Vec::len)),
                (200, Some(n)),
                "{user}"
            ),
            Err(code) => assert_eq!(s, code, "{user}"),
        }
    }
    let (s, _) = Api::new(&app, "zhangpan")
        .await
        .get(&format!("/api/v1/accountability?unit={lj}"))
        .await;
    assert_eq!(s, 403, "another township's actions");

    // The 工作台 counts this year's; these are dated 2022, so an action of
    // today's date is what it adds.
    let today = xinfang_domain::clock::local_date(app.state.now()).to_string();
    let mut now = action(zp, "诫勉", "建安巩固脱贫组办〔2022〕11号", json!([n1]));
    now["date"] = json!(today);
    let (s, j) = quju.post("/api/v1/accountability", now).await;
    assert_eq!(s, 201, "{j}");
    let year = &today[..4];
    for (user, shows) in [
        ("quju", Some(1)),
        ("zhangpan", Some(1)),
        ("lingjing", Some(0)),
        ("baoan1", None),
    ] {
        let c = app.login(user).await;
        let home = app.page(&c, "/").await;
        match shows {
            Some(n) => assert!(
                home.contains(&format!("{year}年问责")) && home.contains(&format!("共 {n} 起")),
                "{user}"
            ),
            None => assert!(!home.contains("年问责"), "{user}"),
        }
    }

    // The page and the CLI show the same.
    let c = app.login("zhujian").await;
    let page = app.page(&c, "/accountability").await;
    assert!(
        page.contains("区住房和城乡建设局")
            && page.contains("责令检查")
            && !page.contains("灵井镇")
    );
    assert!(!page.contains("记录问责</h2>"), "no form for a unit");
    let (ok, out, err) = xinfang(&app, &["accountability", "list", "--json"]);
    assert!(ok, "{err}");
    let cli: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(cli["actions"].as_array().unwrap().len(), 5);
    assert_eq!(cli["by_unit"][0]["unit"], "张潘镇");
    assert_eq!(cli["by_unit"][0]["total"], 3);
    let (ok, out, _) = xinfang(&app, &["accountability", "list", "--as", "lingjing"]);
    assert!(ok);
    assert!(out.contains("灵井镇") && !out.contains("张潘镇"), "{out}");
}

#[tokio::test]
async fn the_page_form_records_an_action_and_names_a_wrong_field() {
    let app = crate::helpers::spawn_app().await;
    let c1 = case_in(&app, ZHANGPAN, "危房改造").await;
    let n1 = c1["number"].as_str().unwrap().to_string();
    let zp = app.org_id(ZHANGPAN).await.to_string();
    let c = app.login("quju").await;
    let form = app
        .page(
            &c,
            &format!("/accountability?case={n1}&to={zp}&basis=rectification"),
        )
        .await;
    assert!(
        form.contains(&format!("<option value=\"{zp}\" selected>")),
        "the unit is chosen"
    );
    assert!(
        form.contains("<option selected>核查需整改</option>"),
        "the basis is chosen"
    );
    assert!(
        form.contains(&format!("value=\"{n1}\"")),
        "the case is filled in"
    );
    let csrf = app.csrf(&c, "/accountability").await;
    let post = |fields: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = app.url("/accountability");
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    let r = post(vec![
        ("_csrf", csrf.clone()),
        ("unit_id", zp.clone()),
        ("kind", "通报批评".into()),
        ("basis", "超期通报".into()),
        ("date", "2022-10-20".into()),
        ("reason", "超期".into()),
        ("cases", n1.clone()),
    ])
    .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("文号：除约谈外，问责应有文号")
    );
    let r = post(vec![
        ("_csrf", csrf),
        ("unit_id", zp),
        ("kind", "约谈".into()),
        ("basis", "核查需整改".into()),
        ("date", "2022-10-20".into()),
        ("reason", "核查发现需整改".into()),
        ("cases", n1),
    ])
    .await;
    assert_eq!(r.status(), 303);
    let case = app.page(&c, &format!("/cases/{}", c1["id"])).await;
    assert!(case.contains("核查发现需整改") && case.contains("依据核查需整改"));
}
