//! Pages that fit a phone: at 390 CSS pixels wide, every page a township
//! officer uses during 下访 is no wider than the screen (long text wraps,
//! wide tables scroll inside their own box or stack).

use fantoccini::Client;
use serde_json::{Value, json};

use crate::browser::{Chromedriver, Outcome, ensure, finish, log_in, wait_for};
use crate::helpers::{Api, PASSWORD, TestApp, register, registration, spawn_app};

/// A phone's width in CSS pixels (iPhone 12–15).
const WIDTH: u32 = 390;

#[tokio::test]
async fn every_page_a_township_officer_uses_fits_a_phone() {
    let Some(driver) = Chromedriver::start_if_wanted().await else {
        return;
    };
    let app = spawn_app().await;
    let pages = officer_pages(&app).await;
    let client = driver.phone(WIDTH, 844).await;
    let outcome = check_pages(&client, &app, &pages).await;
    finish(client, outcome).await;
}

/// A case of 张潘镇 with long unbroken text, assigned to the township with a
/// delivered notice; a screening entry; a notice in the officer's inbox.
/// Returns the pages to look at.
async fn officer_pages(app: &TestApp) -> Vec<String> {
    let mut body = registration(app, "11010519491231002X", "危房改造").await;
    body["summary"] = json!(format!(
        "反映2021年危房改造补助资金至今未到位，房屋漏雨无法居住，多次向村委反映未果，相关材料见https://www.example.gov.cn/xinfang/attachments/{}；信访人要求尽快拨付补助资金并公开资金拨付明细",
        "0123456789abcdef".repeat(4)
    ));
    body["petitioner_address"] =
        json!("建安区张潘镇古城村三组十八号院东侧第二间平房（原村小学旧址北侧）");
    // Received an hour ago, so its clocks run now.
    let now = app.state.now();
    body["received_at"] = json!(xinfang_domain::clock::format_local(
        now - jiff::SignedDuration::from_hours(1)
    ));
    body["remarks"] = json!(
        "联系人备用电话13812345678、0374-6123456，邮箱wangbaoquan.gucheng.zhangpan@example.com"
    );
    let case = register(app, body).await;
    let id = case["id"].as_i64().unwrap_or_default();
    let petitioner = case["petitioner"]["id"].as_i64().unwrap_or_default();
    let quju = Api::new(app, "quju").await;
    quju.step_ok(
        id,
        "assign",
        json!({ "unit_id": app.org_id("411003105").await,
                "handler_user_id": app.user_id("zhangpan").await, "note": "请张潘镇核实补助资金拨付情况，按期答复" }),
    )
    .await;
    let officer = Api::new(app, "zhangpan").await;
    officer
        .step_ok(id, "deliver", json!({ "document": "受理告知书", "deliverer": "张专干", "note": "上门送达，信访人当场签收" }))
        .await;
    let (s, entry) = officer
        .post(
            "/api/v1/screenings",
            json!({
                "screened_at": "2022-09-20", "screening_kind": "集中排查",
                "township_id": app.org_id("411003105").await, "name": "赵有福",
                "poverty_status": "脱贫户", "problem": "反映低保待遇未落实，情绪激动，扬言到市里上访，镇村干部已多次上门做工作但仍未化解",
                "category": "民政救助", "newly_found": "是", "stable": "否",
                "remarks": "https://www.example.gov.cn/paicha/record/0123456789abcdef0123456789abcdef",
            }),
        )
        .await;
    assert_eq!(s, 201, "{entry}");
    // Two days later the first contact is a day overdue: the sweeper urges the township.
    let later = now + jiff::SignedDuration::from_hours(50);
    xinfang::services::deadlines::sweep_deadlines::run_once(&app.state, later)
        .await
        .expect("sweep");
    let officer_id = app.user_id("zhangpan").await;
    let inbox = app.state.store.inbox(officer_id, 10).await.expect("inbox");
    assert!(!inbox.is_empty(), "the officer has a notice to read");
    let sid = entry["id"].as_i64().unwrap_or_default();
    [
        "/".to_string(),
        "/todo".into(),
        "/todo/calendar".into(),
        "/cases".into(),
        "/cases/new".into(),
        format!("/cases/{id}"),
        format!("/cases/{id}/ledger"),
        format!("/petitioners/{petitioner}"),
        "/screenings".into(),
        "/screenings/new".into(),
        format!("/screenings/{sid}"),
        "/ledgers".into(),
        "/ledgers/roster".into(),
        "/inbox".into(),
        "/account/password".into(),
    ]
    .to_vec()
}

/// The page's width against the screen's, and the elements that stick out
/// past the phone's right edge (outside any box that scrolls them), for the
/// message. A phone zooms out to show a page wider than itself, so a page
/// that fits also leaves the window at the phone's width.
const MEASURE: &str = r#"
const w = arguments[0];
const scrolls = (e) => {
  for (let p = e.parentElement; p; p = p.parentElement) {
    const s = getComputedStyle(p);
    if ((s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') && p.clientWidth <= w) return true;
  }
  return false;
};
const out = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.right > w + 1 && !scrolls(e)) {
    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : '') + ' ' + Math.round(r.right));
  }
}
return [document.documentElement.scrollWidth, window.innerWidth, out.slice(0, 12)];
"#;

/// Looks at each page; with `XINFANG_PHONE_SHOTS=DIR` also keeps a picture
/// of each (what the top of the page looks like on the phone).
async fn check_pages(c: &Client, app: &TestApp, pages: &[String]) -> Outcome {
    c.goto(&app.url("/login")).await?;
    log_in(c, "zhangpan", PASSWORD).await?;
    let shots = std::env::var_os("XINFANG_PHONE_SHOTS").map(std::path::PathBuf::from);
    let mut wide = Vec::new();
    for path in pages {
        c.goto(&app.url(path)).await?;
        wait_for(c, "//main").await?;
        if let Some(dir) = &shots {
            let name = path.trim_matches('/').replace('/', "-");
            let name = if name.is_empty() {
                "dashboard".into()
            } else {
                name
            };
            std::fs::create_dir_all(dir)?;
            std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await?)?;
        }
        let got: Value = c.execute(MEASURE, vec![json!(WIDTH)]).await?;
        let (scroll, inner) = (got[0].as_i64().unwrap_or(0), got[1].as_i64().unwrap_or(0));
        if scroll > inner || inner != i64::from(WIDTH) {
            wide.push(format!(
                "{path}: {scroll} px > {inner} px; past the edge: {}",
                got[2]
            ));
        }
    }
    ensure!(
        wide.is_empty(),
        "pages wider than a phone:\n{}",
        wide.join("\n")
    );
    Ok(())
}
