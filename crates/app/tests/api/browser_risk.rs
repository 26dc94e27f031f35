//! Headless Chromium: a township officer works the risk pages — answers an
//! online incident (a 正面发声, then 已回应) and sees the board move, records
//! its monthly meeting with two measures and marks one done, and opens the
//! Tuesday plan. Runs as the other browser tests do.

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::{Chromedriver, Outcome, ensure, finish, log_in, wait_for};
use crate::helpers::{PASSWORD, TestApp, register, registration, spawn_app};

#[tokio::test]
async fn a_township_answers_an_incident_and_records_its_meeting_in_the_browser() {
    let Some(driver) = Chromedriver::start_if_wanted().await else {
        return;
    };
    let app = spawn_app().await;
    let mut body = registration(&app, "", "民政救助").await;
    body["kind"] = json!("网络舆情");
    body["channel"] = json!("网络舆情");
    body["platform"] = json!("抖音");
    body["severity"] = json!("较大");
    let id = register(&app, body).await["id"].as_i64().unwrap();
    let client = driver.session(1280, 900).await;
    let outcome = work(&client, &app, id).await;
    finish(client, outcome).await;
}

async fn fill(c: &Client, css: &str, value: &str) -> Outcome {
    let e = c.find(Locator::Css(css)).await?;
    e.clear().await?;
    e.send_keys(value).await?;
    Ok(())
}

async fn work(c: &Client, app: &TestApp, id: i64) -> Outcome {
    c.goto(&app.url("/login")).await?;
    log_in(c, "zhangpan", PASSWORD).await?;

    // The board flags the 较大 incident as unanswered.
    c.goto(&app.url("/opinions")).await?;
    wait_for(c, "//table[@id='board']").await?;
    let board = c.find(Locator::Css("main")).await?.text().await?;
    ensure!(board.contains("未发声"), "flagged: {board}");

    // A 正面发声 on its page, then 已回应.
    c.goto(&app.url(&format!("/cases/{id}/opinion"))).await?;
    c.find(Locator::XPath("//summary[.='记录正面发声']"))
        .await?
        .click()
        .await?;
    fill(
        c,
        "form[action$='/voices'] input[name='speaker']",
        "张潘镇人民政府",
    )
    .await?;
    c.find(Locator::Css(
        "form[action$='/voices'] select[name='channel']",
    ))
    .await?
    .select_by_value("comment_reply")
    .await?;
    fill(
        c,
        "form[action$='/voices'] textarea[name='content']",
        "已安排工作人员入户核实。",
    )
    .await?;
    c.find(Locator::Css("form[action$='/voices'] button"))
        .await?
        .click()
        .await?;
    wait_for(c, "//p[contains(.,'正面发声已记录')]").await?;
    c.find(Locator::XPath("//summary[.='更新处置状态']"))
        .await?
        .click()
        .await?;
    c.find(Locator::Css(
        "form[action$='/status'] select[name='status']",
    ))
    .await?
    .select_by_value("responded")
    .await?;
    c.find(Locator::Css("form[action$='/status'] button"))
        .await?
        .click()
        .await?;
    wait_for(c, "//p[contains(.,'处置状态已更新')]").await?;
    let status = c
        .find(Locator::Css("#status h2 .tag"))
        .await?
        .text()
        .await?;
    ensure!(status == "已回应", "the status shows: {status}");
    c.goto(&app.url("/opinions?status=responded")).await?;
    wait_for(c, "//table[@id='board']").await?;
    let row = c
        .find(Locator::Css(&format!("tr[data-id='{id}']")))
        .await?
        .text()
        .await?;
    ensure!(
        row.contains("已回应") && row.contains("1 次"),
        "the board moved: {row}"
    );

    // The monthly meeting, recorded on the page, with one row left wrong first.
    c.goto(&app.url("/meetings?month=2022-10")).await?;
    wait_for(c, "//section[@id='record']").await?;
    c.execute(
        "document.querySelector(\"input[name='held_on']\").value = '2022-10-28';",
        vec![],
    )
    .await?;
    fill(c, "input[name='place']", "镇党政办会议室").await?;
    fill(c, "input[name='chair']", "王镇长").await?;
    fill(c, "input[name='attendees']", "王镇长、张专干").await?;
    fill(c, "textarea[name='risks']", "石桥村补助未到位，有赴市苗头").await?;
    let contents = c
        .find_all(Locator::Css("input[name='measure_content']"))
        .await?;
    let owners = c
        .find_all(Locator::Css("input[name='measure_owner']"))
        .await?;
    contents[0].send_keys("入户解释政策").await?;
    owners[0].send_keys("张专干").await?;
    contents[1].send_keys("每周联系信访人").await?;
    owners[1].send_keys("赵书记").await?;
    c.execute(
        "const d = document.querySelectorAll(\"input[name='measure_due']\"); d[0].value = '2022-11-04';",
        vec![],
    )
    .await?;
    c.find(Locator::XPath("//button[.='保存会议记录']"))
        .await?
        .click()
        .await?;
    // The second measure has no due day: named, and what was typed stays.
    wait_for(c, "//span[contains(.,'第2条措施完成期限')]").await?;
    let kept = c
        .find(Locator::Css("input[name='attendees']"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure!(kept == "王镇长、张专干", "the form kept its input: {kept}");
    c.execute(
        "const d = document.querySelectorAll(\"input[name='measure_due']\"); d[1].value = '2099-01-01';",
        vec![],
    )
    .await?;
    c.find(Locator::XPath("//button[.='保存会议记录']"))
        .await?
        .click()
        .await?;
    wait_for(c, "//p[contains(.,'会议记录已保存')]").await?;
    let measures = c.find(Locator::Css("#measures")).await?.text().await?;
    ensure!(
        measures.contains("已超期") && measures.contains("未完成"),
        "the measures' states: {measures}"
    );
    c.find(Locator::XPath("(//summary[.='标记落实'])[1]"))
        .await?
        .click()
        .await?;
    c.execute(
        "document.querySelector(\"form[action*='/done'] input[name='date']\").value = '2022-11-03';",
        vec![],
    )
    .await?;
    fill(
        c,
        "form[action*='/done'] textarea[name='note']",
        "已入户解释",
    )
    .await?;
    c.find(Locator::XPath(
        "(//form[contains(@action,'/done')]//button)[1]",
    ))
    .await?
    .click()
    .await?;
    wait_for(c, "//p[contains(.,'措施落实情况已记录')]").await?;
    let measures = c.find(Locator::Css("#measures")).await?.text().await?;
    ensure!(measures.contains("已完成"), "done in time: {measures}");

    // The month shows it held; the plan opens on its Tuesday.
    c.goto(&app.url("/meetings?month=2022-10")).await?;
    let held = c.find(Locator::Css("#held")).await?.text().await?;
    ensure!(held == "1", "one township held its meeting: {held}");
    c.goto(&app.url("/visits?date=2022-10-11")).await?;
    let plan = c.find(Locator::Css("main h1")).await?.text().await?;
    ensure!(plan.contains("2022-10-11"), "the Tuesday: {plan}");
    Ok(())
}
