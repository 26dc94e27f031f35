//! Headless Chromium: a person logs in, registers a case, assigns it and finds it in the list.
//!
//! Runs when `XINFANG_BROWSER_TESTS=1` (and then fails if chromedriver is
//! missing), or when `/usr/bin/chromedriver` exists; otherwise it says so and
//! passes. It starts its own chromedriver on a free port, and Chromium with a
//! fresh profile, and stops both when it ends, also when it fails.
//!
//! `browser_screenshots::readme_screenshots` (ignored) writes the README's pictures into
//! `docs/screenshots/`: run it with `scripts/screenshots.sh`.

use std::fs::File;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, spawn_app};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long to wait for a page or an element before failing.
pub(crate) const WAIT: Duration = Duration::from_secs(20);

pub(crate) type Outcome<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Fail the scenario (not panic), so the page can be described before the test fails.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+).into());
        }
    };
}
pub(crate) use ensure;

#[tokio::test]
async fn a_person_logs_in_registers_assigns_and_finds_the_case() {
    let Some(driver) = Chromedriver::start_if_wanted().await else {
        return;
    };
    let app = spawn_app().await;
    let client = driver.session(1280, 900).await;
    let outcome = register_assign_and_find(&client, &app).await;
    finish(client, outcome).await;
}

#[tokio::test]
async fn a_reveal_is_shown_in_full_and_found_in_the_audit_trail() {
    let Some(driver) = Chromedriver::start_if_wanted().await else {
        return;
    };
    let app = spawn_app().await;
    let client = driver.session(1280, 900).await;
    let outcome = reveal_and_audit(&client, &app).await;
    finish(client, outcome).await;
}

/// zhangpan sees the petitioner masked, asks for the full details and gets
/// them; ducha, through the 审计 menu, finds that reveal.
async fn reveal_and_audit(c: &Client, app: &TestApp) -> Outcome {
    let mut body = crate::helpers::registration(app, "11010519491231002X", "危房改造").await;
    body["petitioner_address"] = serde_json::json!("建安区张潘镇古城村3组18号");
    let case = crate::helpers::register(app, body).await;
    let id = case["id"].as_i64().unwrap_or_default();

    c.goto(&app.url("/login")).await?;
    log_in(c, "zhangpan", PASSWORD).await?;
    c.goto(&app.url(&format!("/cases/{id}"))).await?;
    let masked = wait_for(c, "//td[@id='petitioner-id-number']")
        .await?
        .text()
        .await?;
    ensure!(masked == "110105********002X", "masked at first: {masked}");
    click(c, "//form[contains(@action,'/reveal')]//button").await?;
    wait_for(c, "//p[@role='status'][contains(., '本次查看已记录')]").await?;
    let full = c
        .find(Locator::XPath("//td[@id='petitioner-id-number']"))
        .await?
        .text()
        .await?;
    ensure!(full == "11010519491231002X", "revealed: {full}");
    let address = c
        .find(Locator::XPath("//td[@id='petitioner-address']"))
        .await?
        .text()
        .await?;
    ensure!(address.contains("古城村3组18号"), "address: {address}");

    click(c, "//form[@action='/logout']//button").await?;
    wait_for(c, "//form[@action='/login']").await?;
    log_in(c, "ducha", PASSWORD).await?;
    click(c, "//header//nav/a[normalize-space()='审计']").await?;
    wait_for(c, "//form[@action='/audit']").await?;
    c.find(Locator::XPath(
        "//form[@action='/audit']//select[@name='kind']",
    ))
    .await?
    .select_by_label("查看或导出个人信息")
    .await?;
    click(c, "//form[@action='/audit']//button[@type='submit']").await?;
    wait_for(
        c,
        "//form[@action='/audit']//select[@name='kind']/option[@selected][normalize-space()='查看或导出个人信息']",
    )
    .await?;
    let rows = c
        .find_all(Locator::XPath("//table[contains(@class,'audit')]/tbody/tr"))
        .await?;
    ensure!(rows.len() == 1, "one reveal listed, not {}", rows.len());
    let row = rows[0].text().await?;
    ensure!(
        row.contains("张专干") && row.contains("建安信访〔2022〕0001号"),
        "audit row: {row}"
    );
    let chain = main_text(c).await?;
    ensure!(chain.contains("审计链完整"), "chain state shown");
    Ok(())
}

/// The scenario: quju registers and assigns a case in 榆林乡 and finds it;
/// lingjing (灵井镇) then cannot open it.
async fn register_assign_and_find(c: &Client, app: &TestApp) -> Outcome {
    c.goto(&app.url("/login")).await?;
    log_in(c, "quju", PASSWORD).await?;

    // 登记
    click(c, "//header//nav/a[normalize-space()='登记']").await?;
    wait_for(c, "//form[@action='/cases/new']").await?;
    fill_registration(c).await?;
    click(c, "//button[@id='register']").await?;
    let outcome = wait_for(
        c,
        "//p[@role='status'] | //form[@action='/cases/new']//*[contains(@class,'error')]",
    )
    .await?;
    let text = outcome.text().await?;
    ensure!(text.contains("案件已登记"), "registration refused: {text}");
    let number = "建安信访〔2022〕0001号";
    let heading = c.find(Locator::Css("main h1")).await?.text().await?;
    ensure!(
        heading.contains(number) && heading.contains("已登记"),
        "case heading: {heading}"
    );
    let facts = main_text(c).await?;
    for expected in ["赵桂兰", "110105********002X", "榆林乡", "医疗保障", "来信"] {
        ensure!(facts.contains(expected), "case page lacks {expected}");
    }
    let case_url = c.current_url().await?;
    let case_path = case_url.path().to_string();

    // 转办 to 区医疗保障局.
    click(c, "//details[@id='step-assign']/summary").await?;
    c.find(Locator::XPath(
        "//details[@id='step-assign']//select[@name='unit_id']",
    ))
    .await?
    .select_by(Locator::XPath(
        ".//option[starts-with(normalize-space(), '区医疗保障局')]",
    ))
    .await?;
    c.find(Locator::XPath(
        "//details[@id='step-assign']//textarea[@name='note']",
    ))
    .await?
    .send_keys("请医保局核实住院报销情况")
    .await?;
    click(c, "//details[@id='step-assign']//button[@type='submit']").await?;
    let outcome = wait_for(
        c,
        "//p[@role='status'][normalize-space()='已转办'] | //p[contains(@class,'alert error')]",
    )
    .await?;
    let text = outcome.text().await?;
    ensure!(text == "已转办", "assignment refused: {text}");
    let heading = c.find(Locator::Css("main h1")).await?.text().await?;
    ensure!(heading.contains("已转办"), "case heading: {heading}");
    let timeline = c.find(Locator::Css("ol.timeline")).await?.text().await?;
    ensure!(
        timeline.contains("转办至区医疗保障局"),
        "timeline: {timeline}"
    );

    // 送达 the acceptance notice, then upload the signed copy: the 文书 row
    // closes.
    click(c, "//details[@id='step-deliver']/summary").await?;
    c.find(Locator::XPath(
        "//details[@id='step-deliver']//select[@name='document']",
    ))
    .await?
    .select_by_label("受理告知书")
    .await?;
    click(c, "//details[@id='step-deliver']//button[@type='submit']").await?;
    let row = "//tr[@id='notice-acceptance']";
    // The row is on the page before the form is sent too: wait for its new state.
    wait_for(
        c,
        &format!("{row}//span[contains(@class,'tag')][normalize-space()='已送达，待上传签收件']"),
    )
    .await?;
    let scan_dir = tempfile::tempdir()?;
    let scan = scan_dir.path().join("受理告知书-签收.pdf");
    std::fs::write(&scan, b"%PDF-1.4 signed acceptance notice")?;
    let upload = "//form[contains(@action,'/attachments')]";
    c.find(Locator::XPath(&format!("{upload}//input[@type='file']")))
        .await?
        .send_keys(&scan.display().to_string())
        .await?;
    c.find(Locator::XPath(&format!(
        "{upload}//select[@name='signed_document']"
    )))
    .await?
    .select_by_value("acceptance")
    .await?;
    click(c, &format!("{upload}//button[@type='submit']")).await?;
    wait_for(
        c,
        &format!("{row}//span[contains(@class,'tag')][normalize-space()='已签收']"),
    )
    .await?;
    let row_text = c.find(Locator::XPath(row)).await?.text().await?;
    ensure!(
        row_text.contains("受理告知书-签收.pdf") && row_text.contains("李明"),
        "文书 row: {row_text}"
    );

    // Another case, in 张潘镇, which the 乡镇 filter must leave out.
    let other =
        crate::helpers::register(app, crate::helpers::registration(app, "", "危房改造").await)
            .await;
    let other_number = other["number"].as_str().unwrap_or_default().to_string();
    ensure!(other_number.ends_with("0002号"), "second case: {other}");

    // 案件 list, filtered by 乡镇.
    click(c, "//header//nav/a[normalize-space()='案件']").await?;
    let filters = "//form[contains(@class,'filters')]";
    wait_for(c, filters).await?;
    c.find(Locator::XPath(&format!(
        "{filters}//select[@name='township']"
    )))
    .await?
    .select_by_label("榆林乡")
    .await?;
    click(c, &format!("{filters}//button[@type='submit']")).await?;
    wait_for(
        c,
        &format!(
            "{filters}//select[@name='township']/option[@selected][normalize-space()='榆林乡']"
        ),
    )
    .await?;
    let rows = c
        .find_all(Locator::XPath(&format!(
            "//table[contains(@class,'list')]//a[normalize-space()='{number}']"
        )))
        .await?;
    ensure!(rows.len() == 1, "{number} is in the filtered list once");
    let href = rows[0].attr("href").await?.unwrap_or_default();
    ensure!(
        href == case_path,
        "the row links to {href}, not {case_path}"
    );
    let heading = c.find(Locator::Css("main h1")).await?.text().await?;
    ensure!(heading.contains("共 1 件"), "after filtering: {heading}");
    let list = main_text(c).await?;
    ensure!(
        !list.contains(&other_number),
        "the 张潘镇 case is filtered out"
    );

    // 退出, then a township officer of another township.
    click(c, "//form[@action='/logout']//button").await?;
    wait_for(c, "//form[@action='/login']").await?;
    log_in(c, "lingjing", PASSWORD).await?;
    c.goto(case_url.as_str()).await?;
    let alert = wait_for(c, "//p[@role='alert']").await?.text().await?;
    ensure!(alert.contains("未找到"), "lingjing at {case_path}: {alert}");
    let page = main_text(c).await?;
    for secret in [number, "赵桂兰", "住院"] {
        ensure!(!page.contains(secret), "the not-found page shows {secret}");
    }
    Ok(())
}

/// Type the registration form as a person would; the date through JS, as
/// typing into datetime-local depends on the browser's locale.
pub(crate) async fn fill_registration(c: &Client) -> Outcome {
    let form = "//form[@action='/cases/new']";
    for (name, value) in [
        ("petitioner_name", "赵桂兰"),
        ("petitioner_id_number", "11010519491231002X"),
        ("petitioner_phone", "13812345678"),
    ] {
        c.find(Locator::XPath(&format!("{form}//input[@name='{name}']")))
            .await?
            .send_keys(value)
            .await?;
    }
    for (name, label) in [
        ("kind", "初信初访"),
        ("channel", "来信"),
        ("source_level", "本级受理"),
        ("township_id", "榆林乡"),
        ("category", "医疗保障"),
    ] {
        c.find(Locator::XPath(&format!("{form}//select[@name='{name}']")))
            .await?
            .select_by_label(label)
            .await?;
    }
    set_value(c, "input[name='received_at']", "2022-10-08T09:30").await?;
    c.find(Locator::XPath(&format!(
        "{form}//textarea[@name='summary']"
    )))
    .await?
    .send_keys("反映2022年住院报销比例低于政策规定，差额约3200元未予报销")
    .await?;
    Ok(())
}

/// Set an input's value as if typed, firing `input` and `change`.
pub(crate) async fn set_value(c: &Client, css: &str, value: &str) -> Outcome {
    let got = c
        .execute(
            "const e = document.querySelector(arguments[0]);
             e.value = arguments[1];
             e.dispatchEvent(new Event('input', { bubbles: true }));
             e.dispatchEvent(new Event('change', { bubbles: true }));
             return e.value;",
            vec![json!(css), json!(value)],
        )
        .await?;
    ensure!(got == json!(value), "{css} took {got}, not {value}");
    Ok(())
}

/// Fill the login form on the current page and land on 工作台.
pub(crate) async fn log_in(c: &Client, username: &str, password: &str) -> Outcome {
    let form = "//form[@action='/login']";
    wait_for(c, form).await?;
    c.find(Locator::XPath(&format!("{form}//input[@name='username']")))
        .await?
        .send_keys(username)
        .await?;
    c.find(Locator::XPath(&format!("{form}//input[@name='password']")))
        .await?
        .send_keys(password)
        .await?;
    click(c, &format!("{form}//button[@type='submit']")).await?;
    let landed = wait_for(
        c,
        "//main/h1[normalize-space()='工作台'] | //form[@action='/login']//p[@role='alert']",
    )
    .await?
    .text()
    .await?;
    ensure!(landed == "工作台", "login as {username}: {landed}");
    Ok(())
}

/// Wait until an element is there (the page it belongs to has loaded).
pub(crate) async fn wait_for(c: &Client, xpath: &str) -> Outcome<Element> {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(xpath))
        .await
        .map_err(|e| format!("waiting for {xpath}: {e}").into())
}

pub(crate) async fn click(c: &Client, xpath: &str) -> Outcome {
    wait_for(c, xpath).await?.click().await?;
    Ok(())
}

pub(crate) async fn main_text(c: &Client) -> Outcome<String> {
    Ok(c.find(Locator::Css("main")).await?.text().await?)
}

/// End the session; on failure, first describe where the browser was.
pub(crate) async fn finish(client: Client, outcome: Outcome) {
    if let Err(e) = outcome {
        let url = client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let mut text = main_text(&client).await.unwrap_or_default();
        if let Some((cut, _)) = text.char_indices().nth(3000) {
            text.truncate(cut);
        }
        let shot = std::env::temp_dir().join("xinfang-browser-failure.png");
        let saved = match client.screenshot().await {
            Ok(png) if std::fs::write(&shot, &png).is_ok() => shot.display().to_string(),
            _ => "none".into(),
        };
        let _ = client.close().await;
        panic!("{e}\n  at {url}\n  screenshot: {saved}\n  page text:\n{text}");
    }
    client.close().await.expect("close the browser session");
}

/// A chromedriver of our own, stopped (with its Chromium) when dropped.
pub(crate) struct Chromedriver {
    child: Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Chromedriver {
    /// Start chromedriver if this run wants browser tests; `None` (after
    /// saying so) when it does not.
    pub(crate) async fn start_if_wanted() -> Option<Chromedriver> {
        let required = std::env::var("XINFANG_BROWSER_TESTS").is_ok_and(|v| v.trim() == "1");
        let present = Path::new(CHROMEDRIVER).exists();
        if !required && !present {
            eprintln!(
                "skipped: {CHROMEDRIVER} not found (install chromium-driver, or set XINFANG_BROWSER_TESTS=1 to require it)"
            );
            return None;
        }
        let program = if present {
            CHROMEDRIVER
        } else {
            "chromedriver"
        };
        let mut last = String::new();
        // A free port can be taken between choosing and binding it: try again.
        for _ in 0..3 {
            match Chromedriver::start(program).await {
                Ok(d) => return Some(d),
                Err(e) => last = e,
            }
        }
        panic!("chromedriver did not start (XINFANG_BROWSER_TESTS=1 requires it): {last}");
    }

    async fn start(program: &str) -> Result<Chromedriver, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("choosing a port: {e}"))?
            .port();
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let log = File::create(dir.path().join("chromedriver.log")).map_err(|e| e.to_string())?;
        let log2 = log.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            // Chromium's own words (file inputs, dialogs) in Chinese, where chromium-l10n is installed.
            .env("LANGUAGE", "zh_CN:zh")
            // Its own process group, so that Chromium goes with it.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("{program}: {e}"))?;
        let mut driver = Chromedriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            dir,
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("exited ({status}): {}", driver.log()));
            }
            if let Ok(r) = http.get(format!("{}/status", driver.url)).send().await
                && let Ok(j) = r.json::<serde_json::Value>().await
                && j["value"]["ready"] == json!(true)
            {
                return Ok(driver);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "no answer on {}/status: {}",
                    driver.url,
                    driver.log()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }

    /// A new Chromium with a fresh profile and a window of this size.
    pub(crate) async fn session(&self, width: u32, height: u32) -> Client {
        self.session_as(width, height, false).await
    }

    /// A new Chromium that shows pages as a phone of this size does (mobile
    /// emulation: the viewport meta tag applies, the page is `width` CSS pixels wide).
    pub(crate) async fn phone(&self, width: u32, height: u32) -> Client {
        self.session_as(width, height, true).await
    }

    async fn session_as(&self, width: u32, height: u32, phone: bool) -> Client {
        let profile = tempfile::tempdir_in(self.dir.path()).expect("profile dir");
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--hide-scrollbars".into(),
            "--force-device-scale-factor=1".into(),
            "--lang=zh-CN".into(),
            format!("--window-size={width},{height}"),
        ];
        args.push(format!("--user-data-dir={}", profile.keep().display()));
        let mut options = json!({ "args": args });
        if phone {
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 3.0, "mobile": true, "touch": true }
            });
        }
        if Path::new(CHROMIUM).exists() {
            options["binary"] = json!(CHROMIUM);
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("new Chromium session: {e}\n{}", self.log()))
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any Chromium it left running.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
