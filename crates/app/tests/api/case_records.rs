//! 调解 on a case: who may record one (every role tried), the timeline, the
//! audit trail, the 一案一档 archive with the verifications, the case page,
//! the statistics counted by hand, and the demo; and the helpers the
//! verification tests share.

use serde_json::{Value, json};

use crate::documents::get_pdf;
use crate::helpers::{Api, TestApp, register, registration, spawn_app};

/// A case of 张潘镇 received 2022-10-08, assigned to 住建局 and led by 包区长.
pub(crate) async fn zhangpan_case(app: &TestApp, id_number: &str) -> i64 {
    let case = register(app, registration(app, id_number, "危房改造").await).await;
    let id = case["id"].as_i64().unwrap();
    Api::new(app, "quju")
        .await
        .step_ok(
            id,
            "assign",
            json!({ "at": "2022-10-08 10:00", "unit_id": app.org_id("411003-D04").await,
                    "leader_user_id": app.user_id("baoan1").await }),
        )
        .await;
    id
}

/// A case of 灵井镇 assigned to 民政局.
async fn lingjing_case(app: &TestApp, id_number: &str) -> i64 {
    let mut body = registration(app, id_number, "民政救助").await;
    body["township_id"] = json!(app.org_id("411003106").await);
    let id = register(app, body).await["id"].as_i64().unwrap();
    Api::new(app, "quju")
        .await
        .assign_to(id, "411003-D01", "2022-10-08 10:00")
        .await;
    id
}

pub(crate) fn mediation(kind: &str, date: &str, agreed: bool) -> Value {
    json!({
        "kind": kind, "date": date, "place": "石桥村委会",
        "mediators": ["王德顺", "李秀兰"], "lawyers": "张律师", "elders": "马长顺、许文彬",
        "village_cadres": "何建军", "outcome": if agreed { "达成协议" } else { "未达成" },
        "agreement": if agreed { "村委会于10月底前补发补助资金8000元" } else { "" },
    })
}

pub(crate) fn rectify(date: &str, due: &str) -> Value {
    json!({
        "date": date, "method": "实地", "findings": "补助资金仅发放一半",
        "verdict": "需整改", "rectification_demand": "补发剩余资金并报送凭证",
        "rectification_due": due,
    })
}

pub(crate) async fn audit_actions(app: &TestApp) -> Vec<String> {
    let (_, audit) = Api::new(app, "ducha")
        .await
        .get("/api/v1/audit?kind=case")
        .await;
    audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_mediation_is_recorded_by_those_who_handle_the_case_with_its_people_and_agreement() {
    let app = spawn_app().await;
    let id = zhangpan_case(&app, "").await;
    let path = format!("/api/v1/cases/{id}/mediations");
    // The signed agreement, uploaded to the case first.
    let z = Api::new(&app, "zhangpan").await;
    let (s, a) = z
        .upload(id, "调解协议书.pdf", b"%PDF-1.4 signed".to_vec())
        .await;
    assert_eq!(s, 201, "{a}");
    let mut body = mediation("人民调解", "2022-10-12 09:30", true);
    body["attachment_id"] = a["id"].clone();
    let (s, c) = z.post(&path, body).await;
    assert_eq!(s, 201, "{c}");
    let m = &c["mediations"][0];
    assert_eq!(m["kind"], "人民调解");
    assert_eq!(m["date"], "2022-10-12T09:30:00+08:00");
    assert_eq!(m["mediators"], json!(["王德顺", "李秀兰"]));
    assert_eq!(
        m["participants"],
        json!([
            { "role": "律师", "name": "张律师" },
            { "role": "五老", "name": "马长顺" },
            { "role": "五老", "name": "许文彬" },
            { "role": "村干部", "name": "何建军" },
        ])
    );
    assert_eq!(m["outcome"], "达成协议");
    assert_eq!(m["agreement"], "村委会于10月底前补发补助资金8000元");
    assert_eq!(m["attachment_id"], a["id"]);
    assert_eq!(m["recorded_by"], "张专干");
    // On the timeline, at the mediation's own time.
    let event = c["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "调解")
        .expect("a 调解 event");
    assert_eq!(event["occurred_at"], "2022-10-12T09:30:00+08:00");
    assert!(event["text"].as_str().unwrap().contains("达成协议"));
    assert!(
        audit_actions(&app)
            .await
            .contains(&"case.mediation".to_string())
    );

    // Every role: the case's township, unit and the district record one; the
    // administrator, the inspection group and its 包案领导 may not; others do not see it.
    for (user, expected) in [
        ("admin", 403),
        ("quju", 201),
        ("zhangpan", 201),
        ("zhujian", 201),
        ("baoan1", 403),
        ("ducha", 403),
        ("lingjing", 404),
        ("minzheng", 404),
        ("baoan2", 404),
    ] {
        let (s, j) = Api::new(&app, user)
            .await
            .post(&path, mediation("行政调解", "2022-10-15", false))
            .await;
        assert_eq!(s, expected, "{user}: {j}");
    }
    let (_, list) = Api::new(&app, "ducha").await.get(&path).await;
    assert_eq!(list.as_array().unwrap().len(), 4, "{list}");
}

#[tokio::test]
async fn a_bad_mediation_is_refused_naming_its_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let id = zhangpan_case(&app, "").await;
    let other = zhangpan_case(&app, "").await;
    let d = Api::new(&app, "quju").await;
    let path = format!("/api/v1/cases/{id}/mediations");
    let mut body = mediation("人民调解", "2022-10-12", true);
    body["agreement"] = json!("");
    let (s, j) = d.post(&path, body).await;
    assert_eq!(s, 422, "{j}");
    assert_eq!(j["fields"][0]["field"], "agreement");
    assert_eq!(j["fields"][0]["label"], "协议内容");
    let (s, j) = d.post(&path, json!({ "kind": "民间调解" })).await;
    assert_eq!(s, 422);
    let fields: Vec<&str> = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["kind", "date", "place", "mediators", "outcome"]);
    // An attachment of another case is not this case's agreement.
    let (_, a) = d.upload(other, "协议.pdf", b"%PDF-1.4".to_vec()).await;
    let mut body = mediation("司法调解", "2022-10-12", true);
    body["attachment_id"] = a["id"].clone();
    let (s, j) = d.post(&path, body).await;
    assert_eq!(s, 422, "{j}");
    assert_eq!(j["fields"][0]["field"], "attachment_id");
    let (_, c) = d.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(c["mediations"], json!([]));
    assert!(
        !audit_actions(&app)
            .await
            .contains(&"case.mediation".to_string())
    );
}

#[tokio::test]
async fn the_archive_holds_the_records_and_names_the_signed_agreement() {
    let app = spawn_app().await;
    let id = zhangpan_case(&app, "").await;
    let z = Api::new(&app, "zhangpan").await;
    let (_, a) = z.upload(id, "协议.pdf", b"%PDF-1.4 signed".to_vec()).await;
    let mut body = mediation("行政调解", "2022-10-12 09:30", true);
    body["attachment_id"] = a["id"].clone();
    let (s, _) = z
        .post(&format!("/api/v1/cases/{id}/mediations"), body)
        .await;
    assert_eq!(s, 201);
    let (s, _) = Api::new(&app, "ducha")
        .await
        .post(
            &format!("/api/v1/cases/{id}/verifications"),
            rectify("2022-11-02 10:00", "2022-11-15"),
        )
        .await;
    assert_eq!(s, 201);
    let (s, bytes) = get_pdf(&app, "zhangpan", &format!("/api/v1/cases/{id}/archive")).await;
    assert_eq!(s, 200);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let records = names
        .iter()
        .find(|n| n.ends_with("调解与核查记录.txt"))
        .unwrap_or_else(|| panic!("no records file in {names:?}"))
        .clone();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut z.by_name(&records).unwrap(), &mut text).unwrap();
    for part in [
        "行政调解",
        "王德顺、李秀兰",
        "许文彬（五老）",
        "协议内容：村委会于10月底前补发补助资金8000元",
        "核查结论：需整改",
        "整改要求（区住房和城乡建设局，限2022-11-15前）",
        "整改情况：尚未报送",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    let mut index = String::new();
    std::io::Read::read_to_string(&mut z.by_name("目录.txt").unwrap(), &mut index).unwrap();
    assert!(
        index.contains("签字调解协议书（行政调解 2022-10-12）"),
        "{index}"
    );
}

#[tokio::test]
async fn the_case_page_shows_the_records_and_offers_the_forms_its_viewer_may_use() {
    let app = spawn_app().await;
    let id = zhangpan_case(&app, "").await;
    let (s, _) = Api::new(&app, "zhangpan")
        .await
        .post(
            &format!("/api/v1/cases/{id}/mediations"),
            mediation("司法调解", "2022-10-12", true),
        )
        .await;
    assert_eq!(s, 201);
    let township = app.login("zhangpan").await;
    let page = app.page(&township, &format!("/cases/{id}")).await;
    assert!(page.contains("司法调解") && page.contains("村委会于10月底前补发补助资金8000元"));
    assert!(page.contains("记录调解") && !page.contains("记录核查"));
    let inspector = app.login("ducha").await;
    let page = app.page(&inspector, &format!("/cases/{id}")).await;
    assert!(page.contains("记录核查") && !page.contains("记录调解"));
    // The page form: a missing field comes back named, what was typed kept.
    let csrf = app.csrf(&inspector, &format!("/cases/{id}/records")).await;
    let r = inspector
        .post(app.url(&format!("/cases/{id}/verifications")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("method", "入户"),
            ("findings", "信访人不在家"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("核查日期：不能为空") && body.contains("信访人不在家"),
        "{body}"
    );
    let r = inspector
        .post(app.url(&format!("/cases/{id}/verifications")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("date", "2022-11-02T10:00"),
            ("method", "household"),
            ("findings", "信访人表示问题已解决"),
            ("verdict", "resolved"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let page = app
        .page(
            &inspector,
            &format!("/cases/{id}/records?done=verification"),
        )
        .await;
    assert!(
        page.contains("实地跟踪核查已记录") && page.contains("属实已解决"),
        "{page}"
    );
}

async fn stats(app: &TestApp, user: &str) -> Value {
    let (s, j) = Api::new(app, user)
        .await
        .get("/api/v1/stats?from=2022-01-01&to=2022-12-31")
        .await;
    assert_eq!(s, 200, "{j}");
    j
}

fn kind<'a>(j: &'a Value, kind: &str) -> &'a Value {
    j["mediation"]["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == kind)
        .unwrap()
}

#[tokio::test]
async fn statistics_count_cases_mediated_and_agreements_by_kind_within_the_scope() {
    let app = spawn_app().await;
    let a = zhangpan_case(&app, "").await;
    let b = lingjing_case(&app, "").await;
    let c = zhangpan_case(&app, "").await;
    let post = |user: &'static str, id: i64, body: Value| {
        let app = &app;
        async move {
            let (s, j) = Api::new(app, user)
                .await
                .post(&format!("/api/v1/cases/{id}/mediations"), body)
                .await;
            assert_eq!(s, 201, "{j}");
        }
    };
    // Case A: 人民调解 twice, agreed once. Case B: 行政调解, agreed.
    // Case C: 司法调解 in 2023, outside the period.
    post("zhangpan", a, mediation("人民调解", "2022-10-12", true)).await;
    post("zhujian", a, mediation("人民调解", "2022-10-20", false)).await;
    post("minzheng", b, mediation("行政调解", "2022-11-01", true)).await;
    post("quju", c, mediation("司法调解", "2023-01-05", true)).await;

    let j = stats(&app, "quju").await;
    // The figures before this section are still there.
    assert_eq!(j["total"]["total"], 3);
    let people = kind(&j, "人民调解");
    assert_eq!(
        (
            &people["cases_mediated"],
            &people["mediations"],
            &people["agreements"]
        ),
        (&json!(1), &json!(2), &json!(1))
    );
    assert_eq!(people["agreement_rate"], 0.5);
    let admin = kind(&j, "行政调解");
    assert_eq!(
        (
            &admin["cases_mediated"],
            &admin["mediations"],
            &admin["agreements"]
        ),
        (&json!(1), &json!(1), &json!(1))
    );
    assert_eq!(admin["agreement_rate"], 1.0);
    let judicial = kind(&j, "司法调解");
    assert_eq!(judicial["mediations"], 0);
    assert_eq!(judicial["agreement_rate"], Value::Null);
    let t = &j["mediation"]["total"];
    assert_eq!(
        (&t["cases_mediated"], &t["mediations"], &t["agreements"]),
        (&json!(2), &json!(3), &json!(2))
    );
    let rate = t["agreement_rate"].as_f64().unwrap();
    assert!((rate - 2.0 / 3.0).abs() < 1e-9, "{rate}");

    // 张潘镇 counts only its own case A.
    let j = stats(&app, "zhangpan").await;
    let t = &j["mediation"]["total"];
    assert_eq!(
        (&t["cases_mediated"], &t["mediations"], &t["agreements"]),
        (&json!(1), &json!(2), &json!(1))
    );
    assert_eq!(kind(&j, "行政调解")["mediations"], 0);
    // 2023 holds case C's.
    let (_, j) = Api::new(&app, "quju")
        .await
        .get("/api/v1/stats?from=2023-01-01&to=2023-12-31")
        .await;
    assert_eq!(kind(&j, "司法调解")["agreements"], 1);
    assert_eq!(j["mediation"]["total"]["cases_mediated"], 1);
    // The page 统计分析 shows the section: 2 of 3 agreed in 2022.
    let client = app.login("quju").await;
    let page = app
        .page(&client, "/stats?from=2022-01-01&to=2022-12-31")
        .await;
    assert!(
        page.contains("协议达成率") && page.contains("66.7%"),
        "{page}"
    );
}

#[tokio::test]
async fn the_demo_holds_mediations_of_each_kind_and_verifications_of_each_verdict() {
    let app = spawn_app().await;
    xinfang::demo::seed_demo_for(&app.state, 60, xinfang::demo::DemoYear::Year(2022))
        .await
        .expect("demo");
    let all = xinfang_domain::access::CaseScope::all();
    let cases = app
        .state
        .store
        .list_cases(
            &Default::default(),
            &all,
            xinfang_store::CaseSort::ReceivedDesc,
            None,
            0,
        )
        .await
        .unwrap()
        .items;
    let (mut kinds, mut agreed_with_paper, mut verdicts, mut overdue, mut answered) =
        (Vec::new(), 0, Vec::new(), 0, 0);
    let d = Api::new(&app, "quju").await;
    for c in &cases {
        let (_, j) = d.get(&format!("/api/v1/cases/{}", c.id)).await;
        for m in j["mediations"].as_array().unwrap() {
            kinds.push(m["kind"].as_str().unwrap().to_string());
            if m["outcome"] == "达成协议" && m["attachment_id"].is_i64() {
                agreed_with_paper += 1;
            }
        }
        for v in j["verifications"].as_array().unwrap() {
            verdicts.push(v["verdict"].as_str().unwrap().to_string());
            let r = &v["rectification"];
            if r["state"] == "已超期" {
                overdue += 1;
            }
            if r["answer"].is_object() {
                answered += 1;
            }
        }
    }
    for k in ["人民调解", "行政调解", "司法调解"] {
        assert!(kinds.iter().any(|x| x == k), "no {k} in {kinds:?}");
    }
    assert!(agreed_with_paper >= 2, "{agreed_with_paper}");
    assert!(
        kinds.len() > agreed_with_paper,
        "some mediations reach no agreement"
    );
    for v in ["属实已解决", "未化解", "需整改"] {
        assert!(verdicts.iter().any(|x| x == v), "no {v} in {verdicts:?}");
    }
    assert_eq!((overdue, answered), (1, 1));
}
