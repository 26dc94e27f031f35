//! 文书核验: each issued notice carries a 验证码 beside a QR code, and
//! `/verify/{code}` — public, no login — says which notice it is, without
//! personal data; an altered or invented code gets one answer, 验证码无效.

use std::process::Command;

use serde_json::json;

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

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

/// Dark pixels in the top margin's right half of page 1 at 72 dpi: where the QR code is drawn.
fn dark_top_right(bytes: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "72", "-gray", "-f", "1", "-l", "1"])
        .args(["-x", "300", "-y", "0", "-W", "295", "-H", "100"])
        .arg(&path)
        .output()
        .expect("pdftoppm (poppler-utils)");
    assert!(out.status.success());
    let pgm = out.stdout;
    // Binary PGM: four header fields ("P5", width, height, maxval), then a byte a pixel.
    let (mut fields, mut i) = (0, 0);
    while fields < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    pgm[i + 1..].iter().filter(|p| **p < 128).count()
}

async fn pdf(app: &TestApp, user: &str, path: &str) -> Vec<u8> {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(app.token(user).await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.bytes().await.unwrap().to_vec()
}

/// The answer to a code, anonymously: (status, page HTML, JSON from the page, JSON from the API).
async fn check(app: &TestApp, code: &str) -> (u16, String, serde_json::Value, serde_json::Value) {
    let http = reqwest::Client::new();
    let page = http
        .get(app.url(&format!("/verify/{code}")))
        .send()
        .await
        .unwrap();
    let status = page.status().as_u16();
    let html = page.text().await.unwrap();
    let json = http
        .get(app.url(&format!("/verify/{code}")))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(json.status().as_u16(), status);
    let json: serde_json::Value = json.json().await.unwrap();
    let api = http
        .get(app.url(&format!("/api/v1/verify/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status().as_u16(), status);
    (status, html, json, api.json().await.unwrap())
}

#[tokio::test]
async fn a_printed_code_verifies_and_one_changed_character_does_not() {
    let app = spawn_app().await;
    let case = register(
        &app,
        registration(&app, "11010519491231002X", "危房改造").await,
    )
    .await;
    let (id, number) = (
        case["id"].as_i64().unwrap(),
        case["number"].as_str().unwrap(),
    );
    let d = Api::new(&app, "quju").await;
    d.assign_to(id, "411003105", "2022-10-08 10:00").await;
    Api::new(&app, "zhangpan")
        .await
        .step_ok(
            id,
            "deliver",
            json!({ "at": "2022-10-09 15:00", "document": "受理告知书", "deliverer": "张专干" }),
        )
        .await;
    let bytes = pdf(
        &app,
        "quju",
        &format!("/api/v1/cases/{id}/notices/acceptance"),
    )
    .await;
    let text = pdftotext(&bytes);
    let code: String = text
        .split("验证码：")
        .nth(1)
        .expect("the code is printed")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let (nid, tag) = code.split_once('-').unwrap();
    assert!(nid.parse::<i64>().is_ok() && tag.len() == 10, "{code}");
    assert!(
        text.contains(&format!("/verify/{code}")),
        "the URL is printed too: {text}"
    );
    assert!(
        dark_top_right(&bytes) > 1000,
        "the QR code is drawn beside it"
    );

    let (status, html, json, api) = check(&app, &code).await;
    let expected = format!("真实有效：{number}《信访事项受理告知书》，2022年10月9日出具");
    assert_eq!(status, 200);
    assert!(html.contains(&expected), "{html}");
    assert_eq!(json["valid"], true);
    assert_eq!(json["message"], expected.as_str());
    assert_eq!(json["case_number"], number);
    assert_eq!(json["issued_on"], "2022-10-09");
    assert_eq!(api, json);
    for personal in [
        "11010519491231002X",
        "002X",
        case["petitioner"]["name"].as_str().unwrap(),
    ] {
        assert!(
            !html.contains(personal) && !json.to_string().contains(personal),
            "{personal}"
        );
    }
    // Lower case as typed from the paper still verifies.
    assert_eq!(check(&app, &code.to_lowercase()).await.0, 200);

    // One character of the tag changed; the number changed; a code invented; junk.
    let last = tag.chars().last().unwrap();
    let other = if last == 'A' { 'B' } else { 'A' };
    let altered = format!("{nid}-{}{other}", &tag[..9]);
    let renumbered = format!("{}-{tag}", nid.parse::<i64>().unwrap() + 1);
    let answers: Vec<_> = [
        altered.as_str(),
        renumbered.as_str(),
        "999999-ABCDEFGHJK",
        "x",
    ]
    .iter()
    .map(|c| c.to_string())
    .collect();
    for bad in answers {
        let (status, html, json, api) = check(&app, &bad).await;
        assert_eq!(status, 404, "{bad}");
        assert!(html.contains("验证码无效"), "{bad}: {html}");
        assert_eq!(json["valid"], false);
        assert!(json["message"].as_str().unwrap().starts_with("验证码无效"));
        assert_eq!(json["case_number"], serde_json::Value::Null);
        assert_eq!(api, json, "one answer for every wrong code");
    }
}

#[tokio::test]
async fn an_opinion_is_vouched_for_with_the_day_it_was_given() {
    let app = spawn_app().await;
    let case = register(&app, registration(&app, "", "危房改造").await).await;
    let (id, number) = (
        case["id"].as_i64().unwrap(),
        case["number"].as_str().unwrap(),
    );
    let d = Api::new(&app, "quju").await;
    d.assign_to(id, "411003105", "2022-10-08 10:00").await;
    let z = Api::new(&app, "zhangpan").await;
    z.step_ok(
        id,
        "contact",
        json!({ "at": "2022-10-09 16:00", "note": "电话" }),
    )
    .await;
    z.step_ok(
        id,
        "opinion",
        crate::helpers::opinion_body(
            "2022-10-21 10:00",
            "属实",
            ["是", "不涉及", "不涉及", "不涉及"],
            "补发",
        ),
    )
    .await;
    let bytes = pdf(&app, "quju", &format!("/api/v1/cases/{id}/notices/opinion")).await;
    let text = pdftotext(&bytes);
    let code: String = text
        .split("验证码：")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let (_, _, json, _) = check(&app, &code).await;
    assert_eq!(
        json["message"],
        format!("真实有效：{number}《信访事项处理意见书》，2022年10月21日出具").as_str()
    );
}
