//! The page 统计分析: in the menu of those who read statistics, its figures
//! linked to their cases, its SVG charts, and its table as .xlsx.

use crate::helpers::spawn_app;
use crate::ledgers::Sheet;
use crate::statistics::district;

#[tokio::test]
async fn the_page_shows_the_figures_with_links_charts_and_a_download() {
    let app = spawn_app().await;
    district(&app).await;
    let c = app.login("quju").await;
    let home = app.page(&c, "/").await;
    assert!(
        home.contains("href=\"/stats\""),
        "统计 is in the district's menu"
    );
    let admin = app.login("admin").await;
    assert!(
        !app.page(&admin, "/").await.contains("href=\"/stats\""),
        "not in the administrator's"
    );

    // As a browser reads the links (the template escapes `/` and `&`).
    let html = app
        .page(&c, "/stats?period=2022&by=township")
        .await
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    assert!(html.contains("2022-01-01 至 2022-12-31"), "{html}");
    let zhangpan = app.org_id("411003105").await;
    // 张潘镇's 按期办结 (1) links to exactly that case.
    let link = format!("/cases?from=2022-01-01&to=2022-12-31&township={zhangpan}&figure=on_time");
    assert!(
        html.contains(&format!("<a href=\"{link}\">1</a>")),
        "{html}"
    );
    // Three charts, drawn on the server, with Chinese titles and the dashed 上年同期 line.
    assert_eq!(html.matches("<svg").count(), 3, "{html}");
    for title in [
        "信访总量月度趋势（同比）",
        "各乡镇信访总量",
        "问题类别占比",
        "上年同期",
        "stroke-dasharray",
    ] {
        assert!(html.contains(title), "{title}");
    }
    assert!(!html.contains("<script"), "no JavaScript");
    // The list behind the link says which figure it shows, and keeps it when filtered again.
    let list = app.page(&c, &link).await;
    assert!(
        list.contains("统计指标：按期办结") && list.contains("name=\"figure\" value=\"on_time\""),
        "{list}"
    );
    // A quarter: 2022-Q4 holds the two October cases and the New Year's Eve one.
    let q4 = app.page(&c, "/stats?period=2022-Q4").await;
    assert!(q4.contains("2022-10-01 至 2022-12-31"), "{q4}");
    let bad = app.page(&c, "/stats?period=2022-Q5").await;
    assert!(bad.contains("统计期间格式不正确"), "{bad}");

    // The table as .xlsx: title, headers, the rows and 合计.
    let r = c
        .get(app.url("/stats.xlsx?from=2022-01-01&to=2022-12-31&by=township"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let sheet = Sheet::read(&r.bytes().await.unwrap());
    assert!(sheet.text(0, 0).contains("2022-01-01 至 2022-12-31"));
    assert_eq!(
        (sheet.text(1, 0), sheet.text(1, 1), sheet.text(1, 3)),
        ("乡镇".into(), "总量".into(), "办结率".into())
    );
    assert_eq!(
        (sheet.text(2, 0), sheet.text(2, 1), sheet.text(2, 2)),
        ("张潘镇".into(), "3".into(), "2".into())
    );
    assert_eq!(
        (sheet.text(3, 0), sheet.text(3, 1)),
        ("灵井镇".into(), "4".into())
    );
    assert_eq!(
        (sheet.text(4, 0), sheet.text(4, 1)),
        ("合计".into(), "7".into())
    );
    assert_eq!(
        sheet.text(3, 5),
        "—",
        "灵井镇 has no 按期率 without a closed case"
    );

    // A township's page: its row, 合计 and 全区合计, no other township.
    let t = app.login("zhangpan").await;
    let html = app.page(&t, "/stats?period=2022").await;
    assert!(
        html.contains("全区合计") && !html.contains(">灵井镇<"),
        "{html}"
    );
}
