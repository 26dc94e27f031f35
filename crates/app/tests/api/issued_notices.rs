//! Notices keep their issue date: a 处理意见书 is issued when the opinion is
//! given, a 受理告知书 when first printed (no later than its 送达); reprints and
//! the archive reproduce them, years later, with their own dates.

use std::io::{Cursor, Read};
use std::process::Command;

use serde_json::json;

use crate::helpers::{Api, TestApp, opinion_body, register, registration, spawn_app};

fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect()
}

async fn get(app: &TestApp, user: &str, path: &str) -> (u16, Vec<u8>) {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(app.token(user).await)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

/// Today as a notice prints it (the server's clock, Beijing time).
fn today() -> String {
    let d = xinfang_domain::clock::to_local(jiff::Timestamp::now()).date();
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[tokio::test]
async fn notices_keep_the_date_they_were_issued_through_reprints_and_the_archive() {
    let app = spawn_app().await;
    let id = register(&app, registration(&app, "", "危房改造").await).await["id"]
        .as_i64()
        .unwrap();
    let d = Api::new(&app, "quju").await;
    let z = Api::new(&app, "zhangpan").await;
    d.assign_to(id, "411003105", "2022-10-08 10:00").await;
    // Delivered on 10-09 before anyone printed it in the system: it was issued by then.
    z.step_ok(
        id,
        "deliver",
        json!({ "at": "2022-10-09 15:00", "document": "受理告知书", "deliverer": "张专干" }),
    )
    .await;
    let acceptance = format!("/api/v1/cases/{id}/notices/acceptance");
    let opinion = format!("/api/v1/cases/{id}/notices/opinion");
    // Those who may read the case but not print it are refused; a leader
    // who does not lead it does not see it.
    for (user, status) in [
        ("admin", 403),
        ("ducha", 403),
        ("baoan1", 404),
        ("lingjing", 404),
    ] {
        assert_eq!(get(&app, user, &acceptance).await.0, status, "{user}");
    }
    let (s, pdf) = get(&app, "zhangpan", &acceptance).await;
    assert_eq!(s, 200);
    let text = pdftotext(&pdf);
    assert!(text.contains("签章：张潘镇2022年10月9日"), "{text}");
    assert!(!text.contains(&today()), "{text}");

    // The opinion is issued when given, dated that day.
    z.step_ok(
        id,
        "contact",
        json!({ "at": "2022-10-09 16:00", "note": "电话" }),
    )
    .await;
    z.step_ok(
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
    let (_, first) = get(&app, "quju", &opinion).await;
    let (_, again) = get(&app, "zhangpan", &opinion).await;
    assert_eq!(
        first, again,
        "a reprint is the issued notice, byte for byte"
    );
    let text = pdftotext(&first);
    assert!(text.contains("签章：张潘镇2022年10月10日"), "{text}");
    assert!(!text.contains(&today()), "{text}");
    // Delivered on 10-12: the reprint fills the 送达 row, the seal keeps 10-10.
    z.step_ok(
        id,
        "deliver",
        json!({ "at": "2022-10-12 10:00", "document": "处理意见书", "deliverer": "张专干" }),
    )
    .await;
    let text = pdftotext(&get(&app, "quju", &opinion).await.1);
    assert!(text.contains("2022年10月12日送达人张专干"), "{text}");
    assert!(text.contains("签章：张潘镇2022年10月10日"), "{text}");

    // Not satisfied after delivery: the district sends it back to 办 (退回重办),
    // and a second opinion on 11-20 is a second notice.
    z.step_ok(id, "return_visit", json!({ "at": "2022-10-20 09:00", "satisfaction": "不满意", "stable": true, "note": "要求补足" }))
        .await;
    Api::new(&app, "quju")
        .await
        .step_ok(
            id,
            "send_back",
            json!({ "at": "2022-10-21 09:00", "note": "补足差额后重新答复" }),
        )
        .await;
    z.step_ok(
        id,
        "opinion",
        opinion_body(
            "2022-11-20 09:00",
            "属实",
            ["是", "不涉及", "是", "不涉及"],
            "补足差额",
        ),
    )
    .await;
    let text = pdftotext(&get(&app, "quju", &opinion).await.1);
    assert!(
        text.contains("补足差额") && text.contains("2022年11月20日"),
        "{text}"
    );
    assert!(
        !text.contains("送达时间2022年10月12日"),
        "the first delivery was the first notice's: {text}"
    );

    // The archive holds each notice as issued, with its own date.
    let (s, zip) = get(&app, "quju", &format!("/api/v1/cases/{id}/archive")).await;
    assert_eq!(s, 200);
    let mut z = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut index = String::new();
    z.by_name("目录.txt")
        .unwrap()
        .read_to_string(&mut index)
        .unwrap();
    assert!(
        index.contains(" 1. 2022-10-09  信访事项受理告知书（系统出具）"),
        "{index}"
    );
    assert!(
        index.contains(" 2. 2022-10-10  信访事项处理意见书（系统出具）"),
        "{index}"
    );
    assert!(
        index.contains(" 3. 2022-11-20  信访事项处理意见书（第2份，系统出具）"),
        "{index}"
    );
    let mut archived = Vec::new();
    let name = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .find(|n| n.starts_with("02-"))
        .unwrap();
    z.by_name(&name)
        .unwrap()
        .read_to_end(&mut archived)
        .unwrap();
    let text = pdftotext(&archived);
    assert!(
        text.contains("补助已发放") && text.contains("2022年10月10日"),
        "{text}"
    );
    assert!(!text.contains(&today()), "{text}");

    // Each issue is audited once: the acceptance notice and two opinions.
    let (_, audit) = Api::new(&app, "admin")
        .await
        .get("/api/v1/audit?kind=report")
        .await;
    let issued = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "notice.issue")
        .count();
    assert_eq!(issued, 3, "{audit}");
}
