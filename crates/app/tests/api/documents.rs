//! The notices (PDF) printed from a case.

use std::process::Command;

use serde_json::json;

use crate::helpers::{Api, opinion_body, register, registration, spawn_app};

pub(crate) fn pdftotext(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("n.pdf");
    std::fs::write(&path, bytes).ok()?;
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub(crate) async fn get_pdf(
    app: &crate::helpers::TestApp,
    user: &str,
    path: &str,
) -> (u16, Vec<u8>) {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(app.token(user).await)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_acceptance_notice_and_the_opinion_are_printed_from_the_case() {
    let app = spawn_app().await;
    let mut body = registration(&app, "11010519491231002X", "医疗保障").await;
    body["petitioner_name"] = json!("赵桂兰");
    let case = register(&app, body).await;
    let id = case["id"].as_i64().unwrap();
    let (s, _) = get_pdf(
        &app,
        "quju",
        &format!("/api/v1/cases/{id}/notices/acceptance"),
    )
    .await;
    assert_eq!(s, 409, "no unit named yet");

    let d = Api::new(&app, "quju").await;
    d.step_ok(id, "assign", json!({ "at": "2022-10-08 10:00", "unit_id": app.org_id("411003105").await, "handler_name": "张专干", "handler_phone": "13800000000" })).await;
    let (s, pdf) = get_pdf(
        &app,
        "quju",
        &format!("/api/v1/cases/{id}/notices/acceptance"),
    )
    .await;
    assert_eq!(s, 200);
    assert!(pdf.starts_with(b"%PDF"));
    assert!(pdf.len() < 200 * 1024, "{} bytes", pdf.len());
    if let Some(text) = pdftotext(&pdf) {
        // 初信初访 received 2022-10-08: 10 days, the receiving day not counted → 10-18.
        let flat: String = text.split_whitespace().collect();
        assert!(
            flat.contains("赵桂兰") && flat.contains("2022年10月18日") && flat.contains("张潘镇"),
            "{text}"
        );
        assert!(flat.contains(case["number"].as_str().unwrap()), "{text}");
    }

    let (s, _) = get_pdf(&app, "quju", &format!("/api/v1/cases/{id}/notices/opinion")).await;
    assert_eq!(s, 409, "no opinion yet");
    d.step_ok(
        id,
        "contact",
        json!({ "at": "2022-10-09 10:00", "note": "电话联系" }),
    )
    .await;
    d.step_ok(
        id,
        "opinion",
        opinion_body(
            "2022-10-14 09:00",
            "部分属实",
            ["是", "不涉及", "不涉及", "不涉及"],
            "已按政策补报差额",
        ),
    )
    .await;
    let (s, pdf) = get_pdf(
        &app,
        "zhangpan",
        &format!("/api/v1/cases/{id}/notices/opinion"),
    )
    .await;
    assert_eq!(s, 200);
    if let Some(text) = pdftotext(&pdf) {
        let flat: String = text.split_whitespace().collect();
        assert!(
            flat.contains("已按政策补报差额")
                && flat.contains("30日内向区乡村振兴局书面提出复查申请"),
            "{text}"
        );
    }
    let (s, _) = get_pdf(
        &app,
        "lingjing",
        &format!("/api/v1/cases/{id}/notices/opinion"),
    )
    .await;
    assert_eq!(s, 404, "another township cannot print it");
    let page_client = app.login("zhangpan").await;
    let r = page_client
        .get(app.url(&format!("/cases/{id}/notices/acceptance")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
}

#[tokio::test]
async fn a_case_file_zips_notices_uploads_and_timeline_with_an_index() {
    let app = spawn_app().await;
    let id = register(&app, registration(&app, "", "危房改造").await).await["id"]
        .as_i64()
        .unwrap();
    let d = Api::new(&app, "quju").await;
    d.assign_to(id, "411003105", "2022-10-08 10:00").await;
    let (s, _) = d
        .upload(id, "阅签告知书.pdf", b"%PDF-1.4 signed".to_vec())
        .await;
    assert_eq!(s, 201);
    let (s, bytes) = get_pdf(&app, "zhangpan", &format!("/api/v1/cases/{id}/archive")).await;
    assert_eq!(s, 200);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "目录.txt",
            "01-信访事项受理告知书.pdf",
            "02-阅签告知书.pdf",
            "办理过程.xlsx"
        ]
    );
    let mut index = String::new();
    std::io::Read::read_to_string(&mut z.by_name("目录.txt").unwrap(), &mut index).unwrap();
    assert!(
        index.contains("扫描件") && index.contains("办理过程"),
        "{index}"
    );
    let (s, _) = get_pdf(&app, "lingjing", &format!("/api/v1/cases/{id}/archive")).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn the_friday_package_holds_annex4_and_a_folder_per_closed_provincial_case() {
    let app = spawn_app().await;
    let mut body = registration(&app, "", "危房改造").await;
    body["source_level"] = json!("省交办");
    let id = register(&app, body).await["id"].as_i64().unwrap();
    let other = register(&app, registration(&app, "", "医疗保障").await).await["id"]
        .as_i64()
        .unwrap();
    let d = Api::new(&app, "quju").await;
    for case in [id, other] {
        d.assign_to(case, "411003105", "2022-10-08 10:00").await;
        d.step_ok(
            case,
            "contact",
            json!({ "at": "2022-10-08 11:00", "note": "电话" }),
        )
        .await;
        d.step_ok(
            case,
            "opinion",
            opinion_body(
                "2022-10-10 09:00",
                "属实",
                ["是", "不涉及", "不涉及", "不涉及"],
                "补助已发放",
            ),
        )
        .await;
        d.step_ok(case, "return_visit", json!({ "at": "2022-10-11 09:00", "satisfaction": "满意", "stable": true, "note": "满意" })).await;
        d.step_ok(case, "close", json!({})).await;
    }
    let c = app.login("quju").await;
    // The next package, as it would go (a preview: nothing is recorded).
    let r = c.get(app.url("/reports/weekly.zip")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let mut z =
        zip::ZipArchive::new(std::io::Cursor::new(r.bytes().await.unwrap().to_vec())).unwrap();
    let names: Vec<String> = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(names[0], "省级交办信访事项办理情况统计表.xlsx");
    assert!(
        names.iter().any(|n| n.ends_with("0001号/目录.txt")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("0002号")),
        "only provincial cases: {names:?}"
    );
    let r = c
        .get(app.url("/reports/weekly?week=2022-W99"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("周次格式不正确"));
}

/// 送达 then the signed copy: each notice's row moves from 未送达 to
/// 已送达，待上传签收件 to 已签收, the scan is refused before the delivery
/// or for an unknown notice, and another township cannot add one.
#[tokio::test]
async fn delivery_and_the_signed_copy_close_the_loop() {
    let app = spawn_app().await;
    let id = register(&app, registration(&app, "", "危房改造").await).await["id"]
        .as_i64()
        .unwrap();
    let d = Api::new(&app, "quju").await;
    let notice = |c: &serde_json::Value, i: usize| c["notices"][i].clone();
    let (_, c) = d.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(notice(&c, 0)["state"], "未生成", "no unit named yet");
    d.assign_to(id, "411003105", "2022-10-08 10:00").await;
    let z = Api::new(&app, "zhangpan").await;
    let (_, c) = z.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(notice(&c, 0)["document"], "acceptance");
    assert_eq!(notice(&c, 0)["state"], "未送达");
    assert_eq!(notice(&c, 1)["state"], "未生成");

    let scan = b"%PDF-1.4 signed receipt".to_vec();
    let signed = |doc: &'static str| [("signed_document", doc), ("note", "回证")];
    let (s, e) = z
        .upload_with(id, "回证.pdf", scan.clone(), &signed("acceptance"))
        .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["fields"][0]["field"], "signed_document");
    assert_eq!(e["fields"][0]["label"], "签收文书");
    assert_eq!(
        e["fields"][0]["message"],
        "《受理告知书》尚未登记送达：请先登记送达（送达时间、送达人），再上传签收件"
    );
    let (s, e) = z
        .upload_with(id, "回证.pdf", scan.clone(), &signed("告知书"))
        .await;
    assert_eq!(s, 422);
    assert_eq!(
        e["fields"][0]["message"],
        "“告知书”不是可签收的文书，应为受理告知书或处理意见书"
    );
    let (_, c) = z.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        c["attachments"].as_array().unwrap().len(),
        0,
        "nothing kept"
    );

    let c = z
        .step_ok(
            id,
            "deliver",
            json!({ "at": "2022-10-09 15:00", "document": "受理告知书", "deliverer": "张专干" }),
        )
        .await;
    let n = notice(&c, 0);
    assert_eq!(n["state"], "已送达，待上传签收件");
    assert_eq!(n["deliverer"], "张专干");
    assert_eq!(n["delivered_at"], "2022-10-09T15:00:00+08:00");

    let (s, e) = Api::new(&app, "lingjing")
        .await
        .upload_with(id, "回证.pdf", scan.clone(), &signed("acceptance"))
        .await;
    assert_eq!(s, 404, "another township: {e}");
    let (s, a) = z
        .upload_with(id, "回证.pdf", scan, &signed("受理告知书"))
        .await;
    assert_eq!(s, 201, "{a}");
    assert_eq!(a["signed_document"], "acceptance");
    let (_, c) = z.get(&format!("/api/v1/cases/{id}")).await;
    let n = notice(&c, 0);
    assert_eq!(n["state"], "已签收");
    assert_eq!(n["signed_scan_id"], a["id"]);
    let last = c["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["text"], "上传《受理告知书》签收件《回证.pdf》");

    // The case page shows the row; the notice prints the delivery; the
    // archive's index names the scan.
    let client = app.login("zhangpan").await;
    let page = app.page(&client, &format!("/cases/{id}")).await;
    let row = &page[page.find("id=\"notice-acceptance\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("张专干") && row.contains("回证.pdf") && row.contains("已签收"),
        "{row}"
    );
    let (_, pdf) = get_pdf(
        &app,
        "zhangpan",
        &format!("/api/v1/cases/{id}/notices/acceptance"),
    )
    .await;
    if let Some(text) = pdftotext(&pdf) {
        assert!(text.contains("张专干"), "{text}");
        assert!(text.contains("2022年10月9日"), "{text}");
    }
    let (_, zip) = get_pdf(&app, "zhangpan", &format!("/api/v1/cases/{id}/archive")).await;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut index = String::new();
    std::io::Read::read_to_string(&mut z.by_name("目录.txt").unwrap(), &mut index).unwrap();
    assert!(
        index.contains("《信访事项受理告知书》签收件（送达回证）"),
        "{index}"
    );
}
