//! Headless Chromium: the district opens 统计分析 and sees its SVG charts
//! drawn, with their Chinese titles, and follows a figure to its cases.
//! Runs as the other browser tests do.

use fantoccini::{Client, Locator};

use crate::browser::{Chromedriver, Outcome, ensure, finish, log_in, wait_for};
use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::statistics::district;

#[tokio::test]
async fn the_statistics_page_draws_its_charts() {
    let Some(driver) = Chromedriver::start_if_wanted().await else {
        return;
    };
    let app = spawn_app().await;
    district(&app).await;
    let client = driver.session(1280, 900).await;
    let outcome = look(&client, &app).await;
    finish(client, outcome).await;
}

async fn look(c: &Client, app: &TestApp) -> Outcome {
    c.goto(&app.url("/login")).await?;
    log_in(c, "quju", PASSWORD).await?;
    c.goto(&app.url("/stats?period=2022")).await?;
    wait_for(c, "//*[local-name()='svg' and contains(@class,'chart')]").await?;
    let charts = c.find_all(Locator::Css("svg.chart")).await?;
    ensure!(charts.len() == 3, "three charts, found {}", charts.len());
    for chart in &charts {
        // Rendered: the browser laid each chart out at a real size.
        let (_, _, w, h) = chart.rectangle().await?;
        ensure!(w > 200.0 && h > 80.0, "a chart is laid out: {w}×{h}");
    }
    let text = c.find(Locator::Css(".charts")).await?.text().await?;
    for title in [
        "信访总量月度趋势（同比）",
        "各乡镇信访总量",
        "问题类别占比",
        "张潘镇",
        "灵井镇",
        "10月",
    ] {
        ensure!(text.contains(title), "the charts show {title}: {text}");
    }
    let bars = c.find_all(Locator::Css("svg.chart rect.bar")).await?;
    ensure!(bars.len() == 2, "a bar per township, found {}", bars.len());
    // 灵井镇's 越级访 figure (the cell under the header 越级访) leads to its two cases.
    c.find(Locator::XPath(
        "//tr[th='灵井镇']/td[count(//thead//th[.='越级访']/preceding-sibling::th)]/a",
    ))
    .await?
    .click()
    .await?;
    wait_for(c, "//table").await?;
    let url = c.current_url().await?;
    ensure!(
        url.as_str().contains("figure=escalated"),
        "went to the list: {url}"
    );
    let main = c.find(Locator::Css("main")).await?.text().await?;
    ensure!(main.contains("2 "), "two cases listed: {main}");
    Ok(())
}
