//! 单位信息 and the Friday package: the district's header on its exports and
//! packages, each package covering what closed since the last one was sent,
//! naming what each case lacks, and recorded (报送记录) — tried as each role.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::helpers::{Api, TestApp, opinion_body, register, registration, spawn_app};

/// A provincial (省交办) case of 张潘镇 taken to 办结: assigned, contacted,
/// opinion, return visit, closed — with nothing else in its file.
async fn closed_provincial(app: &TestApp, category: &str) -> i64 {
    let mut body = registration(app, "", category).await;
    body["source_level"] = json!("省交办");
    let id = register(app, body).await["id"].as_i64().unwrap();
    let d = Api::new(app, "quju").await;
    d.assign_to(id, "411003105", "2022-10-08 10:00").await;
    d.step_ok(
        id,
        "contact",
        json!({ "at": "2022-10-08 11:00", "note": "电话" }),
    )
    .await;
    d.step_ok(
        id,
        "opinion",
        opinion_body(
            "2022-10-10 09:00",
            "属实",
            ["是", "不涉及", "不涉及", "不涉及"],
            "补助已发放",
        ),
    )
    .await;
    d.step_ok(
        id,
        "return_visit",
        json!({ "at": "2022-10-11 09:00", "satisfaction": "满意", "stable": true, "note": "满意" }),
    )
    .await;
    d.step_ok(id, "close", json!({})).await;
    id
}

/// 送达 of a notice and its signed copy uploaded.
async fn deliver_and_sign(d: &Api<'_>, id: i64, doc: &str, label: &str, at: &str) {
    d.step_ok(
        id,
        "deliver",
        json!({ "at": at, "document": label, "deliverer": "张专干" }),
    )
    .await;
    let (s, e) = d
        .upload_with(
            id,
            "回证.pdf",
            b"%PDF-1.4 signed".to_vec(),
            &[("signed_document", doc)],
        )
        .await;
    assert_eq!(s, 201, "{e}");
}

async fn bytes(app: &TestApp, user: &str, path: &str) -> (u16, Vec<u8>) {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(app.token(user).await)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

fn zip_text(zip: &[u8], name_ends: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let name = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .find(|n| n.ends_with(name_ends))
        .unwrap_or_else(|| panic!("no {name_ends} in the package"));
    let mut s = String::new();
    z.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The 填报单位 and 联系电话 lines (rows 3 and 4) of an exported ledger.
fn header_lines(xlsx: &[u8]) -> (String, String) {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.to_vec())).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let cell = |r: u32| match range.get_value((r, 0)) {
        Some(Data::String(s)) => s.clone(),
        other => format!("{other:?}"),
    };
    (cell(2), cell(3))
}

#[tokio::test]
async fn unit_info_is_the_district_s_header_and_only_the_admin_changes_it() {
    let app = spawn_app().await;
    let admin = Api::new(&app, "admin").await;
    let (s, before) = Api::new(&app, "zhangpan")
        .await
        .get("/api/v1/unit-info")
        .await;
    assert_eq!((s, before["saved"].clone()), (200, json!(false)));
    // Before it is saved, the district's export prints the district and the roster's phone (none).
    let (_, xlsx) = bytes(&app, "quju", "/api/v1/ledgers/annex4.xlsx").await;
    assert_eq!(
        header_lines(&xlsx),
        ("填报单位：许昌市建安区".into(), "联系电话：".into())
    );

    let good = json!({
        "name": "许昌市建安区乡村振兴局", "contact_person": "王敏", "phone": "0374 5012345",
        "address": "许昌市建安区新元大道1号", "postcode": "461100", "email": "jaxzb@163.com",
    });
    for user in ["quju", "zhangpan", "zhujian", "baoan1", "ducha"] {
        let (s, e) = Api::new(&app, user)
            .await
            .post("/api/v1/unit-info", good.clone())
            .await;
        assert_eq!(s, 403, "{user}: {e}");
    }
    let (s, e) = admin
        .post(
            "/api/v1/unit-info",
            json!({ "name": "", "contact_person": "王敏", "phone": "12345", "postcode": "4611" }),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let labels: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["单位名称", "联系电话", "邮政编码"]);

    let (s, saved) = admin.post("/api/v1/unit-info", good.clone()).await;
    assert_eq!(s, 200, "{saved}");
    assert_eq!(saved["phone"], "0374-5012345");
    assert_eq!(saved["saved"], true);
    let (_, audit) = admin.get("/api/v1/audit?kind=setting").await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "unit_info.save"),
        "{audit}"
    );

    // Every district export now prints it; a township's keeps its own name.
    for annex in ["annex1", "annex2", "annex3", "annex4"] {
        let (s, xlsx) = bytes(&app, "quju", &format!("/api/v1/ledgers/{annex}.xlsx")).await;
        assert_eq!(s, 200);
        assert_eq!(
            header_lines(&xlsx),
            (
                "填报单位：许昌市建安区乡村振兴局".into(),
                "联系电话：0374-5012345（联系人：王敏）".into()
            ),
            "{annex}"
        );
    }
    let (_, xlsx) = bytes(&app, "zhangpan", "/api/v1/ledgers/annex1.xlsx").await;
    assert_eq!(header_lines(&xlsx).0, "填报单位：张潘镇");

    // The page: the admin sees the saved details; the district may not open it.
    let page = app.page(&app.login("admin").await, "/admin/unit").await;
    assert!(page.contains("value=\"许昌市建安区新元大道1号\""), "{page}");
    let r = app
        .login("quju")
        .await
        .get(app.url("/admin/unit"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn each_package_covers_what_closed_since_the_last_one_and_names_what_is_missing() {
    let app = spawn_app().await;
    let d = Api::new(&app, "quju").await;
    // A: a complete file. B: no report, no delivery, no signed copies. C: not provincial.
    let mut a_body = registration(&app, "", "危房改造").await;
    a_body["source_level"] = json!("省交办");
    let a = register(&app, a_body).await["id"].as_i64().unwrap();
    d.assign_to(a, "411003105", "2022-10-08 10:00").await;
    d.step_ok(
        a,
        "report",
        json!({ "at": "2022-10-09 17:00", "report_kind": "调查报告", "note": "已核实" }),
    )
    .await;
    deliver_and_sign(&d, a, "acceptance", "受理告知书", "2022-10-09 15:00").await;
    d.step_ok(
        a,
        "opinion",
        opinion_body(
            "2022-10-10 09:00",
            "属实",
            ["是", "不涉及", "不涉及", "不涉及"],
            "补助已发放",
        ),
    )
    .await;
    deliver_and_sign(&d, a, "opinion", "处理意见书", "2022-10-10 15:00").await;
    d.step_ok(
        a,
        "return_visit",
        json!({ "at": "2022-10-11 09:00", "satisfaction": "满意", "stable": true, "note": "满意" }),
    )
    .await;
    d.step_ok(a, "close", json!({})).await;
    let b = closed_provincial(&app, "医疗保障").await;
    let c = register(&app, registration(&app, "", "民政救助").await).await["id"]
        .as_i64()
        .unwrap();
    let _ = c;

    for user in ["admin", "zhangpan", "zhujian", "baoan1", "ducha"] {
        let u = Api::new(&app, user).await;
        assert_eq!(u.get("/api/v1/reports/weekly").await.0, 403, "{user}");
        assert_eq!(
            u.post("/api/v1/reports/weekly", json!({})).await.0,
            403,
            "{user}"
        );
        assert_eq!(u.get("/api/v1/reports/sendings").await.0, 403, "{user}");
    }

    let (s, p) = d.get("/api/v1/reports/weekly").await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["since"], json!(null));
    let ids: Vec<i64> = p["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [a, b], "only closed provincial cases: {p}");
    assert_eq!(p["cases"][0]["missing"], json!([]), "{p}");
    assert_eq!(
        p["cases"][1]["missing"],
        json!([
            "无信访人签收的《信访事项受理告知书》扫描件",
            "《信访事项处理意见书》未记录送达",
            "无调查报告"
        ])
    );
    assert_eq!(p["incomplete"], 1);

    // Sending records who, when and which cases; the file is kept as sent.
    let (s, first) = d.post("/api/v1/reports/weekly", json!({})).await;
    assert_eq!(s, 201, "{first}");
    assert_eq!(first["case_count"], 2);
    assert_eq!(first["sent_by"], "李明");
    assert_eq!(first["since"], json!(null));
    assert_eq!(first["cases"][1]["missing"][2], "无调查报告");
    let (s, zip) = bytes(&app, "quju", first["package"].as_str().unwrap()).await;
    assert_eq!(s, 200);
    assert_eq!(
        hex::encode(Sha256::digest(&zip)),
        first["sha256"].as_str().unwrap()
    );
    let list = zip_text(&zip, "报送清单.txt");
    assert!(list.contains("共 2 件，其中 1 件材料不全"), "{list}");
    assert!(list.contains("     缺少材料：无调查报告\n"), "{list}");
    let b_number = d.get(&format!("/api/v1/cases/{b}")).await.1["number"]
        .as_str()
        .unwrap()
        .to_string();
    let index = zip_text(&zip, &format!("{b_number}/目录.txt"));
    assert!(
        index.contains("缺少材料\n  - 无信访人签收的《信访事项受理告知书》扫描件\n"),
        "{index}"
    );
    let (_, audit) = Api::new(&app, "admin")
        .await
        .get("/api/v1/audit?kind=report")
        .await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["action"] == "report.send"),
        "{audit}"
    );

    // Nothing is sent twice: the preview is empty until another case closes.
    let (_, p) = d.get("/api/v1/reports/weekly").await;
    assert_eq!(p["cases"], json!([]));
    assert_eq!(p["since"], first["sent_at"]);
    assert_eq!(p["last_sending_id"], first["id"]);
    let late = closed_provincial(&app, "小额信贷").await;
    let (_, p) = d.get("/api/v1/reports/weekly").await;
    let ids: Vec<i64> = p["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [late]);
    let (s, second) = d.post("/api/v1/reports/weekly", json!({})).await;
    assert_eq!(s, 201, "{second}");
    assert_eq!(second["case_count"], 1);
    assert_eq!(second["since"], first["sent_at"]);
    let (_, all) = d.get("/api/v1/reports/sendings").await;
    let listed: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            second["id"].as_i64().unwrap(),
            first["id"].as_i64().unwrap()
        ]
    );
    let (_, one) = d
        .get(&format!("/api/v1/reports/sendings/{}", first["id"]))
        .await;
    assert_eq!(one["cases"].as_array().unwrap().len(), 2);

    // The pages: the preview and the 报送记录, for the district only.
    let q = app.login("quju").await;
    let page = app.page(&q, "/reports/weekly").await;
    assert!(
        page.contains("待报送：0 件") && page.contains("第2次"),
        "{page}"
    );
    let page = app
        .page(&q, &format!("/reports/sendings/{}", first["id"]))
        .await;
    assert!(
        page.contains("无调查报告") && page.contains(&b_number),
        "{page}"
    );
    let r = app
        .login("zhangpan")
        .await
        .get(app.url("/reports/weekly"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn the_console_previews_sends_and_lists_the_packages() {
    let app = spawn_app().await;
    let id = closed_provincial(&app, "危房改造").await;
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let (ok, stdout, stderr) =
        crate::cli::xinfang(&app, &["report", "weekly", "--out", &out("预览.zip")]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("1 件省级交办件，其中 1 件材料不全") && stdout.contains("未记入报送记录"),
        "{stdout}"
    );
    // The look-back of an ISO week still works, and records nothing either.
    let (ok, stdout, stderr) = crate::cli::xinfang(
        &app,
        &[
            "report",
            "weekly",
            "--week",
            "2022-W41",
            "--out",
            &out("w41.zip"),
        ],
    );
    assert!(ok, "{stderr}");
    assert!(stdout.contains("w41.zip"), "{stdout}");
    let (ok, stdout, stderr) = crate::cli::xinfang(
        &app,
        &["report", "send", "--as", "quju", "--out", &out("报送.zip")],
    );
    assert!(ok, "{stderr}");
    assert!(
        stdout.starts_with("第1次报送已记录：1 件省级交办件"),
        "{stdout}"
    );
    let (ok, stdout, _) = crate::cli::xinfang(&app, &["report", "list", "--json"]);
    assert!(ok);
    let list: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(list[0]["sent_by"], "李明");
    assert_eq!(list[0]["case_count"], 1);
    let (ok, _, stderr) =
        crate::cli::xinfang(&app, &["report", "get", "1", "--out", &out("again.zip")]);
    assert!(ok, "{stderr}");
    assert_eq!(
        std::fs::read(out("again.zip")).unwrap(),
        std::fs::read(out("报送.zip")).unwrap(),
        "the package as sent"
    );
    // A township officer may not send.
    let (ok, _, stderr) = crate::cli::xinfang(
        &app,
        &["report", "send", "--as", "zhangpan", "--out", &out("x.zip")],
    );
    assert!(
        !ok && stderr.contains("只有区乡村振兴局可以向市里报送"),
        "{stderr}"
    );
    let _ = id;
}
