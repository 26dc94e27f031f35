//! 乡镇后评估: scores hand-worked from cases, milestones and screening
//! entries registered here (two townships with known on-time and late
//! counts, every other township with none), the stated rule for an empty
//! denominator, ties sharing a rank, a township's own row beside the
//! district average, and the console agreeing with the API. The .xlsx,
//! the administrator's edit and the demo district: `scorecard_sheet`.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::cli::xinfang;
use crate::helpers::{Api, TestApp, register, registration, spawn_app};
use crate::statistics::answer;

const ZHANGPAN: &str = "411003105";
pub(crate) const LINGJING: &str = "411003106";
const HOUSING: &str = "411003-D04";

/// Register a case in `township` with these fields over the default registration.
pub(crate) async fn case(app: &TestApp, township: &str, fields: Value) -> i64 {
    let mut body = registration(app, "", "危房改造").await;
    body["township_id"] = json!(app.org_id(township).await);
    for (k, v) in fields.as_object().unwrap() {
        body[k] = v.clone();
    }
    register(app, body).await["id"].as_i64().unwrap()
}

/// Opinion at `opinion_at`, delivered at `delivered_at`, visited back 满意, closed.
async fn answer_and_close(d: &Api<'_>, id: i64, opinion_at: &str, delivered_at: &str) {
    answer(d, id, opinion_at, delivered_at, "满意").await;
    d.step_ok(id, "close", json!({})).await;
}

async fn screening(app: &TestApp, at: &str, name: &str) {
    let (s, j) = Api::new(app, "zhangpan")
        .await
        .post(
            "/api/v1/screenings",
            json!({
                "screened_at": at, "screening_kind": "日常排查",
                "township_id": app.org_id(ZHANGPAN).await,
                "name": name, "problem": format!("{name}反映低保待遇问题"), "category": "民政救助",
                "newly_found": "是", "tri_reasonable": "是", "stable": "是",
            }),
        )
        .await;
    assert_eq!(s, 201, "{j}");
}

/// The district of the test, period 2022-Q4 (October to December 2022; every
/// case registered now, years after its 接待日期, so none registered in time).
///
/// 张潘镇: A received 10-08 09:00, contacted 11:00 (due 10-09 09:00: on time),
/// 带件下访 10-09 (due 10-11: on time), answered 10-11 (due 10-18: on time),
/// 满意, closed. B the same day, contacted on time, never visited (missed),
/// answered 11-02 (late), 满意, closed. C received 11-01, untouched: contact
/// and visit overdue, open. Screening entries in October and December (and
/// one in September, outside).
///
/// 灵井镇: D 越级访 (赴省) received 11-10 09:00, contacted 15:00 (same day: on
/// time), assigned and visited 11-11 08:00 (unit_and_talk due 11-11 09:00:
/// on time), left open (its report overdue). E received 12-01, untouched.
pub(crate) async fn district(app: &TestApp) {
    let d = Api::new(app, "quju").await;
    let a = case(app, ZHANGPAN, json!({})).await;
    d.assign_to(a, HOUSING, "2022-10-08 10:00").await;
    d.step_ok(
        a,
        "contact",
        json!({ "at": "2022-10-08 11:00", "note": "电话" }),
    )
    .await;
    d.step_ok(a, "visit", json!({ "at": "2022-10-09 10:00", "place": "古城村", "notice_signed": true, "note": "带件下访" }))
        .await;
    answer_and_close(&d, a, "2022-10-10 09:00", "2022-10-11 09:00").await;
    let b = case(app, ZHANGPAN, json!({})).await;
    d.assign_to(b, HOUSING, "2022-10-08 10:00").await;
    d.step_ok(
        b,
        "contact",
        json!({ "at": "2022-10-08 11:00", "note": "电话" }),
    )
    .await;
    answer_and_close(&d, b, "2022-11-01 09:00", "2022-11-02 09:00").await;
    case(app, ZHANGPAN, json!({ "received_at": "2022-11-01 09:00" })).await;
    // Outside the period: counts nowhere.
    case(app, ZHANGPAN, json!({ "received_at": "2022-09-30 09:00" })).await;
    screening(app, "2022-10-20", "赵大").await;
    screening(app, "2022-12-05", "钱二").await;
    screening(app, "2022-09-20", "孙三").await;

    let dd = case(
        app,
        LINGJING,
        json!({ "kind": "越级访", "escalated_to": "赴省", "received_at": "2022-11-10 09:00" }),
    )
    .await;
    d.assign_to(dd, HOUSING, "2022-11-10 10:00").await;
    d.step_ok(
        dd,
        "contact",
        json!({ "at": "2022-11-10 15:00", "note": "电话" }),
    )
    .await;
    d.step_ok(dd, "visit", json!({ "at": "2022-11-11 08:00", "place": "灵井村", "notice_signed": false, "note": "面对面沟通" }))
        .await;
    case(app, LINGJING, json!({ "received_at": "2022-12-01 09:00" })).await;
}

pub(crate) async fn scorecard(app: &TestApp, user: &str, period: &str) -> Value {
    let (s, j) = Api::new(app, user)
        .await
        .get(&format!("/api/v1/scorecard?period={period}"))
        .await;
    assert_eq!(s, 200, "{user} {period}: {j}");
    j
}

pub(crate) fn row<'a>(j: &'a Value, township: &str) -> &'a Value {
    j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["township"] == township)
        .unwrap_or_else(|| panic!("no row {township} in {j}"))
}

fn scores(r: &Value) -> BTreeMap<String, i64> {
    r["scores"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_i64().unwrap()))
        .collect()
}

fn expected(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// A township with no case and no screening in the period: every share's
/// denominator is 0 (100 by the stated rule), no case is overdue (100), and
/// no month has an entry (0 of 3 months: the lowest band, 0).
const EMPTY_TOTAL: f64 = 90.0;

#[tokio::test]
async fn townships_are_scored_totalled_ranked_and_explained() {
    let app = spawn_app().await;
    district(&app).await;
    let j = scorecard(&app, "quju", "2022-Q4").await;
    assert_eq!(j["period"], "2022-Q4");
    assert_eq!(
        (j["from"].as_str(), j["to"].as_str()),
        (Some("2022-10-01"), Some("2022-12-31"))
    );
    assert_eq!(j["rules"], "default");
    let weights: Vec<(String, i64)> = j["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["key"].as_str().unwrap().to_string(),
                i["weight"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(weights.iter().map(|w| w.1).sum::<i64>(), 100);
    assert_eq!(weights[6], ("on_time_rate".to_string(), 10));

    let zp = row(&j, "张潘镇");
    assert_eq!(
        scores(zp),
        expected(&[
            ("registered_on_time", 40), // 0/3 → the ≥0% band
            ("contact_on_time", 60),    // A, B on time, C overdue: 2/3
            ("transfer_on_time", 30),   // A visited on time; B missed; C overdue: 1/3
            ("not_escalated", 100),     // 3/3
            ("screening_months", 60),   // October and December of 3 months
            ("closed_rate", 60),        // 2/3
            ("on_time_rate", 40),       // 1/2
            ("overdue_open", 80),       // C
            ("return_visit_rate", 100), // 2/2
            ("satisfaction_rate", 100), // 2/2
            ("verified_resolved", 100), // no verification yet: the stated rule
        ])
    );
    // (40×5 + 60×10 + 30×10 + 100×10 + 60×10 + 60×10 + 40×10 + 80×10 + 100×5 + 100×10 + 100×10) / 100
    assert_eq!(zp["total"], 70.0);
    let ex = &zp["explanations"];
    assert_eq!(ex["on_time_rate"], "按期办结 1/2 件，50%，得分 40");
    assert_eq!(ex["contact_on_time"], "按时完成 2/3 个节点，66.7%，得分 60");
    assert_eq!(
        ex["registered_on_time"],
        "接待后24小时内登记 0/3 件，0%，得分 40"
    );
    assert_eq!(
        ex["screening_months"],
        "有排查上报的月份 2/3 个月，66.7%，得分 60"
    );
    assert_eq!(ex["overdue_open"], "超期未办结 1 件，得分 80");
    assert_eq!(
        zp["measures"]["on_time_rate"],
        json!({"numerator": 1, "denominator": 2})
    );
    assert_eq!(
        zp["measures"]["overdue_open"],
        json!({"numerator": 1, "denominator": null})
    );

    let lj = row(&j, "灵井镇");
    assert_eq!(
        scores(lj),
        expected(&[
            ("registered_on_time", 40),
            ("contact_on_time", 30),    // D same day; E overdue: 1/2
            ("transfer_on_time", 30),   // D within 24 h; E overdue: 1/2
            ("not_escalated", 30),      // D is 越级访: 1/2
            ("screening_months", 0),    // no entry: 0/3
            ("closed_rate", 40),        // 0/2
            ("on_time_rate", 100),      // nothing closed: the stated rule
            ("overdue_open", 60),       // D and E
            ("return_visit_rate", 100), // no 处理意见 yet: the stated rule
            ("satisfaction_rate", 100), // nobody visited back: the stated rule
            ("verified_resolved", 100), // no verification: the stated rule
        ])
    );
    assert_eq!(lj["total"], 56.0);
    assert_eq!(
        lj["explanations"]["on_time_rate"],
        "本期无已办结件（分母为 0），按规则计 100 分"
    );
    assert_eq!(
        lj["explanations"]["not_escalated"],
        "未越级 1/2 件，50%，得分 30"
    );

    // Every township is ranked; the empty ones tie at 90 and share rank 1.
    let n = j["townships_ranked"].as_i64().unwrap();
    let rows = j["rows"].as_array().unwrap();
    assert_eq!(rows.len() as i64, n);
    assert!(n >= 3, "the district has townships: {n}");
    for r in rows {
        if r["township"] != "张潘镇" && r["township"] != "灵井镇" {
            assert_eq!(
                (r["total"].as_f64(), r["rank"].as_i64()),
                (Some(EMPTY_TOTAL), Some(1)),
                "{r}"
            );
            assert_eq!(
                r["explanations"]["closed_rate"],
                "本期无信访件（分母为 0），按规则计 100 分"
            );
        }
    }
    assert_eq!(zp["rank"].as_i64(), Some(n - 1));
    assert_eq!(lj["rank"].as_i64(), Some(n));
    // Rows come by rank.
    let ranks: Vec<i64> = rows.iter().map(|r| r["rank"].as_i64().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    // 全区平均 over every township.
    let avg = EMPTY_TOTAL.mul_add((n - 2) as f64, 70.0 + 56.0) / n as f64;
    assert_eq!(
        j["district_average"]["total"].as_f64(),
        Some((avg * 100.0).round() / 100.0)
    );
    let on_time_avg = (100.0 * (n - 1) as f64 + 40.0) / n as f64;
    assert_eq!(
        j["district_average"]["scores"]["on_time_rate"].as_f64(),
        Some((on_time_avg * 100.0).round() / 100.0)
    );

    // 督查 reads the same; the console prints the same JSON and a table with the sentences.
    assert_eq!(scorecard(&app, "ducha", "2022-Q4").await, j);
    let (ok, out, err) = xinfang(&app, &["scorecard", "--period", "2022-Q4", "--json"]);
    assert!(ok, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), j);
    let (ok, out, err) = xinfang(&app, &["scorecard", "--period", "2022-Q4"]);
    assert!(ok, "{err}");
    assert!(out.contains("张潘镇（第"), "{out}");
    assert!(
        out.contains("按期办结率：按期办结 1/2 件，50%，得分 40"),
        "{out}"
    );

    // The page links the scores the statistics count to their case lists,
    // and each list holds exactly the cases counted.
    let c = app.login("quju").await;
    // As a browser reads the links (the template escapes `/` and `&`).
    let page = app
        .page(&c, "/scorecard?period=2022-Q4")
        .await
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    let api = Api::new(&app, "quju").await;
    let zp_id = app.org_id(ZHANGPAN).await;
    for (key, figure, n) in [
        ("closed_rate", "closed", 2),
        ("on_time_rate", "on_time", 1),
        ("overdue_open", "overdue_open", 1),
        ("return_visit_rate", "return_visited", 2),
        ("satisfaction_rate", "satisfied", 2),
        ("not_escalated", "escalated", 0),
    ] {
        let query = format!("from=2022-10-01&to=2022-12-31&township={zp_id}&figure={figure}");
        assert!(
            page.contains(&format!("href=\"/cases?{query}\"")),
            "{key} not linked"
        );
        let (s, list) = api.get(&format!("/api/v1/cases?{query}&limit=1")).await;
        assert_eq!(s, 200, "{list}");
        assert_eq!(list["total"], n, "{key}: {list}");
        let m = &zp["measures"][key];
        let counted = if key == "not_escalated" {
            m["denominator"].as_i64().unwrap() - m["numerator"].as_i64().unwrap()
        } else {
            m["numerator"].as_i64().unwrap()
        };
        assert_eq!(counted, n, "{key}");
    }

    // A bad period is named.
    let (s, e) = Api::new(&app, "quju")
        .await
        .get("/api/v1/scorecard?period=2022-Q5")
        .await;
    assert_eq!(s, 422, "{e}");
    assert!(e.to_string().contains("period"), "{e}");
}

#[tokio::test]
async fn a_township_sees_its_own_row_and_the_district_average_only() {
    let app = spawn_app().await;
    district(&app).await;
    let all = scorecard(&app, "quju", "2022-Q4").await;
    let own = scorecard(&app, "zhangpan", "2022-Q4").await;
    let rows = own["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        &rows[0],
        row(&all, "张潘镇"),
        "its row as the district sees it"
    );
    assert_eq!(own["district_average"], all["district_average"]);
    assert_eq!(own["townships_ranked"], all["townships_ranked"]);
    let text = own.to_string();
    for r in all["rows"].as_array().unwrap() {
        let name = r["township"].as_str().unwrap();
        if name != "张潘镇" {
            assert!(!text.contains(name), "{name} leaks to 张潘镇");
        }
    }
    let (ok, out, err) = xinfang(
        &app,
        &[
            "scorecard",
            "--period",
            "2022-Q4",
            "--as",
            "zhangpan",
            "--json",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), own);
    // Departments, 包案领导 and the 系统管理员 are not evaluated and read none of it.
    for user in ["zhujian", "baoan1", "admin"] {
        let (s, e) = Api::new(&app, user)
            .await
            .get("/api/v1/scorecard?period=2022-Q4")
            .await;
        assert_eq!(s, 403, "{user}: {e}");
    }
    // In the menu of those who may read it only.
    for (user, shown) in [
        ("quju", true),
        ("zhangpan", true),
        ("ducha", true),
        ("zhujian", false),
        ("admin", false),
    ] {
        let c = app.login(user).await;
        let home = app.page(&c, "/").await;
        assert_eq!(home.contains("href=\"/scorecard\""), shown, "{user}");
    }
    // The page shows the township its row and the average, and no other township.
    let c = app.login("zhangpan").await;
    let page = app.page(&c, "/scorecard?period=2022-Q4").await;
    assert!(
        page.contains("张潘镇") && page.contains("全区平均"),
        "{page}"
    );
    assert!(
        !page.contains("灵井镇"),
        "another township on 张潘镇's page"
    );
    assert!(
        page.contains("按期办结 1&#x2f;2 件，50%，得分 40"),
        "{page}"
    );
    // Its .xlsx too.
    let bytes = c
        .get(app.url("/scorecard.xlsx?period=2022-Q4"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let sheets = read_xlsx(&bytes);
    let cells: Vec<&String> = sheets
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .collect();
    assert!(cells.iter().any(|c| c.as_str() == "张潘镇"));
    assert!(cells.iter().any(|c| c.as_str() == "全区平均"));
    assert!(
        !cells.iter().any(|c| c.contains("灵井镇")),
        "another township in 张潘镇's sheet"
    );
}

/// Every sheet of a workbook as (name, rows of cell texts).
pub(crate) fn read_xlsx(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an .xlsx");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            Data::String(s) => s.clone(),
                            Data::Float(f) => format!("{f}"),
                            Data::Int(i) => format!("{i}"),
                            other => format!("{other:?}"),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}
