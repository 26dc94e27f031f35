//! Headless Chromium: a township officer meets a repeat from another
//! township, confirms it, corrects the registration, and the district
//! finds the decision in the case list. Runs as the other browser tests do.

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::{
    Chromedriver, Outcome, click, ensure, finish, log_in, main_text, set_value, wait_for,
};
use crate::helpers::{Api, PASSWORD, TestApp, registration, spawn_app};

#[tokio::test]
async fn a_repeat_across_townships_is_confirmed_and_then_corrected() {
    let Some(driver) = Chromedriver::start_if_wanted().await else {
        return;
    };
    let app = spawn_app().await;
    let client = driver.session(1280, 900).await;
    let outcome = confirm_and_correct(&client, &app).await;
    finish(client, outcome).await;
}

async fn confirm_and_correct(c: &Client, app: &TestApp) -> Outcome {
    // 灵井镇 registered 王保全's 医疗保障 petition on 2022-09-18.
    let mut body = registration(app, "11010519491231002X", "医疗保障").await;
    body["township_id"] = json!(app.org_id("411003106").await);
    body["received_at"] = json!("2022-09-18 10:00");
    body["summary"] = json!("反映灵井镇卫生院医保报销比例低于政策规定");
    let (s, earlier) = Api::new(app, "lingjing")
        .await
        .post("/api/v1/cases", body)
        .await;
    ensure!(s == 201, "灵井镇's case: {earlier}");
    let number = earlier["number"].as_str().unwrap_or_default().to_string();

    // 张潘镇's officer registers the same person on the same matter.
    c.goto(&app.url("/login")).await?;
    log_in(c, "zhangpan", PASSWORD).await?;
    c.goto(&app.url("/cases/new")).await?;
    let form = "//form[@action='/cases/new']";
    wait_for(c, form).await?;
    for (name, value) in [
        ("petitioner_name", "王保全"),
        ("petitioner_id_number", "11010519491231002X"),
    ] {
        c.find(Locator::XPath(&format!("{form}//input[@name='{name}']")))
            .await?
            .send_keys(value)
            .await?;
    }
    for (name, label) in [("channel", "来访"), ("category", "医疗保障")] {
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
    .send_keys("反映住院报销比例低于政策规定，要求复核")
    .await?;
    click(c, "//button[@id='register']").await?;

    let question = wait_for(c, "//section[contains(@class,'warn')]")
        .await?
        .text()
        .await?;
    ensure!(
        question.contains("疑似重复访")
            && question.contains(&number)
            && question.contains("灵井镇"),
        "the question names the earlier case: {question}"
    );
    ensure!(
        question.contains("不在您的查看范围内") && !question.contains("卫生院"),
        "its content is withheld: {question}"
    );
    click(c, "//button[@name='repeat_decision'][@value='confirm']").await?;
    wait_for(c, "//p[@role='status'][contains(., '案件已登记')]").await?;
    let decision = wait_for(c, "//td[@id='repeat-decision']")
        .await?
        .text()
        .await?;
    ensure!(decision == "确认重复访", "decision on the page: {decision}");
    let heading = c.find(Locator::Css("main h1")).await?.text().await?;
    ensure!(
        heading.contains("重复访"),
        "registered as 重复访: {heading}"
    );

    // Not yet assigned: the officer corrects the summary.
    click(c, "//details[@id='step-correct']/summary").await?;
    let correct = "//details[@id='step-correct']//form";
    let summary = c
        .find(Locator::XPath(&format!(
            "{correct}//textarea[@name='summary']"
        )))
        .await?;
    summary.clear().await?;
    summary
        .send_keys("反映2022年住院报销比例低于政策规定，要求复核差额")
        .await?;
    c.find(Locator::XPath(&format!(
        "{correct}//textarea[@name='note']"
    )))
    .await?
    .send_keys("登记时漏记年份")
    .await?;
    click(c, &format!("{correct}//button[@type='submit']")).await?;
    wait_for(c, "//p[@role='status'][contains(., '已更正登记信息')]").await?;
    let page = main_text(c).await?;
    ensure!(
        page.contains("反映问题：反映住院报销比例低于政策规定，要求复核 → 反映2022年住院报销比例低于政策规定，要求复核差额")
            && page.contains("更正理由：登记时漏记年份"),
        "the timeline shows before and after"
    );
    ensure!(
        page.contains("110105********002X"),
        "the ID number stays, masked"
    );

    // The district lists the cases registered as confirmed repeats.
    click(c, "//form[@action='/logout']//button").await?;
    log_in(c, "quju", PASSWORD).await?;
    click(c, "//header//nav/a[normalize-space()='案件']").await?;
    let filters = "//form[contains(@class,'filters')]";
    c.find(Locator::XPath(&format!(
        "{filters}//select[@name='repeat_decision']"
    )))
    .await?
    .select_by_label("确认重复访")
    .await?;
    click(c, &format!("{filters}//button[@type='submit']")).await?;
    wait_for(
        c,
        &format!("{filters}//select[@name='repeat_decision']/option[@selected][normalize-space()='确认重复访']"),
    )
    .await?;
    let heading = c.find(Locator::Css("main h1")).await?.text().await?;
    ensure!(
        heading.contains("共 1 件"),
        "one confirmed repeat: {heading}"
    );
    Ok(())
}
