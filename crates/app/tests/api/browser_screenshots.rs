//! `readme_screenshots` (ignored): the README's pictures, taken with the browser test's harness.

use crate::helpers::{Api, PASSWORD, TestApp, spawn_app};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::path::{Path, PathBuf};

use crate::browser::*;

/// Where to take the pictures: a running server (`XINFANG_SCREENSHOTS_URL`,
/// with `XINFANG_SCREENSHOTS_USER` / `_PASSWORD` / `_CASE`), or a test app
/// seeded here.
struct Target {
    base: String,
    user: String,
    password: String,
    /// Path of the case to show; `None`: the first 待回访 or 已办结 case in the list.
    case: Option<String>,
    _app: Option<TestApp>,
}

#[tokio::test]
#[ignore = "writes docs/screenshots/*.png; run scripts/screenshots.sh"]
async fn readme_screenshots() {
    let Some(driver) = Chromedriver::start_if_wanted().await else {
        return;
    };
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let target = match var("XINFANG_SCREENSHOTS_URL") {
        Some(base) => Target {
            base: base.trim_end_matches('/').to_string(),
            user: var("XINFANG_SCREENSHOTS_USER").unwrap_or_else(|| "quju".into()),
            password: var("XINFANG_SCREENSHOTS_PASSWORD")
                .unwrap_or_else(|| xinfang::demo::DEMO_PASSWORD.into()),
            case: var("XINFANG_SCREENSHOTS_CASE"),
            _app: None,
        },
        None => {
            let app = spawn_app().await;
            let id = seed_showcase(&app).await;
            Target {
                base: app.url(""),
                user: "quju".into(),
                password: PASSWORD.into(),
                case: Some(format!("/cases/{id}")),
                _app: Some(app),
            }
        }
    };
    let out = var("XINFANG_SCREENSHOTS_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&out).expect("screenshot directory");
    let client = driver.session(1280, 900).await;
    let outcome = take_screenshots(&client, &target, &out).await;
    finish(client, outcome).await;
}

async fn take_screenshots(c: &Client, t: &Target, out: &Path) -> Outcome {
    c.goto(&format!("{}/login", t.base)).await?;
    log_in(c, &t.user, &t.password).await?;
    shoot(c, 1280, false, 1000, &out.join("dashboard.png")).await?;

    let case = match &t.case {
        Some(path) => path.clone(),
        None => first_case_link(c, t).await?,
    };
    c.goto(&format!("{}{case}", t.base)).await?;
    wait_for(c, "//ol[@class='timeline']").await?;
    shoot(c, 1280, false, 2400, &out.join("case.png")).await?;
    shoot(c, 390, true, 4000, &out.join("mobile-case.png")).await?;

    c.goto(&format!("{}/cases/new", t.base)).await?;
    wait_for(c, "//form[@action='/cases/new']").await?;
    fill_registration(c).await?;
    c.execute("document.activeElement.blur();", vec![]).await?;
    shoot(c, 1280, false, 2400, &out.join("register.png")).await?;

    // 风险防控: the key persons by risk, the month's meetings, the opinion board.
    for (path, table, file) in [
        ("/persons", "//table", "persons.png"),
        ("/meetings", "//table[@id='meetings']", "meetings.png"),
        ("/opinions", "//main", "opinions.png"),
    ] {
        c.goto(&format!("{}{path}", t.base)).await?;
        wait_for(c, table).await?;
        shoot(c, 1280, false, 1400, &out.join(file)).await?;
    }
    Ok(())
}

/// The case with the longest timeline among the first 待回访 (else 已办结)
/// cases of a server's list.
async fn first_case_link(c: &Client, t: &Target) -> Outcome<String> {
    for status in ["return_visit", "closed", ""] {
        c.goto(&format!("{}/cases?status={status}", t.base)).await?;
        wait_for(c, "//form[contains(@class,'filters')]").await?;
        let mut hrefs = Vec::new();
        for a in c
            .find_all(Locator::Css("table.list a[href^='/cases/']"))
            .await?
            .iter()
            .take(12)
        {
            hrefs.extend(a.attr("href").await?);
        }
        let mut best: Option<(usize, String)> = None;
        for href in hrefs {
            c.goto(&format!("{}{href}", t.base)).await?;
            wait_for(c, "//ol[@class='timeline']").await?;
            let n = c.find_all(Locator::Css("ol.timeline > li")).await?.len();
            if best.as_ref().is_none_or(|(m, _)| n > *m) {
                best = Some((n, href));
            }
        }
        if let Some((_, href)) = best {
            return Ok(href);
        }
    }
    Err("the server has no cases".into())
}

/// A full-page PNG `width` CSS pixels wide (at most `max_height` high), at
/// scale 1, laid out as a phone when `mobile`. Chromium's windows are at least
/// 500 pixels wide, so the page's size is set through DevTools instead.
async fn shoot(c: &Client, width: u32, mobile: bool, max_height: u64, path: &Path) -> Outcome {
    let metrics = |height: u64| json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile });
    cdp(c, "Emulation.setDeviceMetricsOverride", metrics(900)).await?;
    let height = c
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await?
        .as_u64()
        .unwrap_or(900)
        .min(max_height);
    cdp(c, "Emulation.setDeviceMetricsOverride", metrics(height)).await?;
    c.execute("window.scrollTo(0, 0);", vec![]).await?;
    let png = c.screenshot().await?;
    cdp(c, "Emulation.clearDeviceMetricsOverride", json!({})).await?;
    ensure!(
        png.len() > 24 && &png[1..4] == b"PNG",
        "{} is not a PNG",
        path.display()
    );
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    ensure!(
        w == width,
        "{} came out {w}×{h}, not {width} wide",
        path.display()
    );
    std::fs::write(path, &png)?;
    eprintln!("wrote {} ({w}×{h})", path.display());
    Ok(())
}

/// A Chrome DevTools command, through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp(serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &reqwest::Url,
        session: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        let session = session.unwrap_or_default();
        base.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _: &reqwest::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(self.0.to_string()))
    }
}

async fn cdp(c: &Client, cmd: &str, params: serde_json::Value) -> Outcome {
    c.issue_cmd(Cdp(json!({ "cmd": cmd, "params": params })))
        .await?;
    Ok(())
}

/// A valid 18-digit ID number from its first 17 digits.
fn id_number(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(d, w)| d.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// Cases in several townships and states; returns the one with the longest timeline.
async fn seed_showcase(app: &TestApp) -> i64 {
    let quju = Api::new(app, "quju").await;
    // 乡镇 code | name | ID number's first 14 digits | kind | channel | category | received | summary
    let cases = [
        "411003105|王保全|41100319560312|初信初访|来访|危房改造|2022-09-14 09:20|反映2021年危房改造补助资金至今未到位，房屋漏雨无法居住",
        "411003206|赵桂兰|41100319491231|初信初访|来信|医疗保障|2022-10-08 09:30|反映2022年住院报销比例低于政策规定，差额约3200元未予报销",
        "411003106|刘建国|41100319630705|重复访|来电|小额信贷|2022-10-11 15:05|反映申请小额信贷被银行以年龄超限为由拒绝，要求说明政策依据",
        "411003101|陈秀英|41100319580920|初信初访|12345热线|民政救助|2022-10-17 10:42|反映家中因病致贫，申请低保未获批准，要求重新评议",
        "411003208|马德明|41100319710214|越级访|网上信访|帮扶措施|2022-10-20 08:55|反映帮扶责任人一年未入户，产业奖补资金未兑现",
        "411003003|孙玉梅|41100319820406|初信初访|来访|精准识别|2022-10-24 14:10|反映家庭收入骤减，申请纳入防返贫监测对象未获回复",
        "411003204|李红军|41100319660818|初信初访|领导信箱|资金项目|2022-10-26 16:30|反映村内扶贫车间租金收益分配不透明，要求公开账目",
        "411003100|张小燕|41100319900101|初信初访|来电|易地搬迁|2022-10-28 11:00|反映易地搬迁安置房漏水，多次向村委反映未解决",
    ];
    let mut ids = Vec::new();
    for (i, line) in cases.iter().enumerate() {
        let f: Vec<&str> = line.split('|').collect();
        let body = json!({
            "township_id": app.org_id(f[0]).await.to_string(), "petitioner_name": f[1],
            "petitioner_id_number": id_number(&format!("{}{:03}", f[2], 100 + i)),
            "kind": f[3], "channel": f[4], "category": f[5], "received_at": f[6], "summary": f[7],
            "source_level": "本级受理", "petitioner_phone": format!("138{:08}", 37_120_000 + i * 7_411),
            "poverty_status": if i % 3 == 0 { "脱贫户" } else { "监测对象" },
        });
        let (s, j) = quju.post("/api/v1/cases", body).await;
        assert_eq!(s, 201, "seeding {line}: {j}");
        ids.push(j["id"].as_i64().expect("id"));
    }
    let zhujian = app.org_id("411003-D04").await;
    let zhangpan = app.org_id("411003105").await;
    let medical = app.org_id("411003-D02").await;
    let township = Api::new(app, "zhangpan").await;
    let rich = ids[0];
    quju.step_ok(rich, "assign", json!({
        "at": "2022-09-14 11:00", "unit_id": zhujian, "co_unit_ids": [zhangpan],
        "handler_user_id": app.user_id("zhujian").await, "handler_phone": "0374-5101234",
        "leader_user_id": app.user_id("baoan1").await, "note": "请住建局会同张潘镇核实补助发放情况",
    }))
    .await;
    township.step_ok(rich, "contact", json!({
        "at": "2022-09-14 16:20", "method": "电话联系", "note": "已电话联系王保全，告知已受理并将入户核实",
    }))
    .await;
    township
        .step_ok(
            rich,
            "visit",
            json!({
                "at": "2022-09-16 10:00", "place": "古城村", "notice_signed": true,
                "note": "带件下访，现场查看房屋，信访人阅签受理告知书",
            }),
        )
        .await;
    township
        .step_ok(
            rich,
            "report",
            json!({
                "at": "2022-09-23 17:00", "report_kind": "调查报告",
                "note": "经核查，2021年补助资金1.2万元已拨付至乡镇财政所，因信息录入错误未发放到户",
            }),
        )
        .await;
    township.step_ok(rich, "opinion", json!({
        "at": "2022-09-28 09:30", "finding": "属实", "tri_reasonable": "是", "tri_unreasonable": "不涉及",
        "tri_hardship": "是", "tri_unlawful": "是",
        "opinion": "补助资金已于9月27日发放到户；对财政所经办人员批评教育；协调临时救助2000元用于房屋修缮",
    }))
    .await;
    quju.step_ok(
        ids[1],
        "assign",
        json!({ "at": "2022-10-08 11:00", "unit_id": medical }),
    )
    .await;
    quju.step_ok(
        ids[3],
        "assign",
        json!({
            "at": "2022-10-17 14:00", "unit_id": app.org_id("411003-D01").await,
        }),
    )
    .await;
    rich
}
