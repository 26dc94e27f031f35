//! 统计分析: `GET /api/v1/stats` and `xinfang stats` against cases registered
//! here with known properties — hand-worked counts and rates, an independent
//! count from each case's own JSON, and every figure of every group against
//! the case list its link names.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::cli::xinfang;
use crate::helpers::{Api, TestApp, opinion_body, register, registration, spawn_app};

const ZHANGPAN: &str = "411003105";
const LINGJING: &str = "411003106";

/// Register a case in `township` with these fields over the default registration.
async fn case(app: &TestApp, township: &str, category: &str, fields: Value) -> i64 {
    let mut body = registration(app, "", category).await;
    body["township_id"] = json!(app.org_id(township).await);
    for (k, v) in fields.as_object().unwrap() {
        body[k] = v.clone();
    }
    register(app, body).await["id"].as_i64().unwrap()
}

/// Assign, contact, opinion at `opinion_at`, deliver it at `delivered_at`,
/// and a 回访 with `satisfaction`.
async fn handle(
    d: &Api<'_>,
    id: i64,
    unit: &str,
    day: &str,
    opinion_at: &str,
    delivered_at: &str,
    satisfaction: &str,
) {
    d.assign_to(id, unit, &format!("{day} 10:00")).await;
    d.step_ok(
        id,
        "contact",
        json!({ "at": format!("{day} 11:00"), "note": "电话" }),
    )
    .await;
    answer(d, id, opinion_at, delivered_at, satisfaction).await;
}

/// Opinion at `opinion_at`, delivered at `delivered_at`, and a 回访 with `satisfaction`.
pub(crate) async fn answer(
    d: &Api<'_>,
    id: i64,
    opinion_at: &str,
    delivered_at: &str,
    satisfaction: &str,
) {
    d.step_ok(
        id,
        "opinion",
        opinion_body(
            opinion_at,
            "属实",
            ["是", "不涉及", "不涉及", "不涉及"],
            "已解决",
        ),
    )
    .await;
    d.step_ok(
        id,
        "deliver",
        json!({ "at": delivered_at, "document": "处理意见书", "deliverer": "张专干" }),
    )
    .await;
    d.step_ok(
        id,
        "return_visit",
        json!({ "at": delivered_at, "satisfaction": satisfaction, "stable": true, "note": "回访" }),
    )
    .await;
}

/// The district of the test: seven cases received in 2022 (one at 00:30 on
/// 1 January, one at 23:30 on 31 December, Beijing time) and two just outside.
pub(crate) async fn district(app: &TestApp) {
    let d = Api::new(app, "quju").await;
    // 张潘镇 1: closed on time (opinion 10-10, delivered 10-11; due 10-18), 满意, 住建局.
    let on_time = case(app, ZHANGPAN, "危房改造", json!({})).await;
    handle(
        &d,
        on_time,
        "411003-D04",
        "2022-10-08",
        "2022-10-10 09:00",
        "2022-10-11 09:00",
        "满意",
    )
    .await;
    d.step_ok(on_time, "close", json!({})).await;
    // 张潘镇 2: closed late (delivered 11-02 against 10-18), 满意, 民政局.
    let late = case(app, ZHANGPAN, "医疗保障", json!({})).await;
    handle(
        &d,
        late,
        "411003-D01",
        "2022-10-08",
        "2022-11-01 09:00",
        "2022-11-02 09:00",
        "满意",
    )
    .await;
    d.step_ok(late, "close", json!({})).await;
    // 张潘镇 3: 重复访, never assigned: open and overdue.
    case(
        app,
        ZHANGPAN,
        "危房改造",
        json!({ "kind": "重复访", "received_at": "2022-03-05 09:00" }),
    )
    .await;
    // 灵井镇 4: 越级访 赴省, 积案 销号 (化解), 00:30 on New Year's day (2021 in UTC).
    let backlog = case(
        app,
        LINGJING,
        "资金项目",
        json!({ "kind": "越级访", "escalated_to": "赴省", "backlog": "是", "backlog_reason": "多年未化解",
                "received_at": "2022-01-01 00:30" }),
    )
    .await;
    let (s, r) = d
        .post(
            &format!("/api/v1/cases/{backlog}/ledger/resolve"),
            json!({ "at": "2022-11-20 10:00", "evidence": "资金已拨付，信访人签字息诉" }),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    // 灵井镇 5: 回访 不满意 (back to 办理中), 住建局.
    let dissatisfied = case(
        app,
        LINGJING,
        "危房改造",
        json!({ "received_at": "2022-06-15 09:00" }),
    )
    .await;
    handle(
        &d,
        dissatisfied,
        "411003-D04",
        "2022-06-15",
        "2022-06-20 09:00",
        "2022-06-21 09:00",
        "不满意",
    )
    .await;
    // 灵井镇 6: 网络舆情.
    case(
        app,
        LINGJING,
        "民政救助",
        json!({ "kind": "网络舆情", "channel": "网络舆情", "severity": "一般", "received_at": "2022-06-20 09:00",
                "platform": "抖音", "link": "https://example.com/v/1", "discovered_at": "2022-06-20 08:00" }),
    )
    .await;
    // 灵井镇 7: 越级访 进京 at 23:30 on New Year's Eve.
    case(
        app,
        LINGJING,
        "危房改造",
        json!({ "kind": "越级访", "escalated_to": "进京", "received_at": "2022-12-31 23:30" }),
    )
    .await;
    // Outside 2022 in Beijing time (inside it in UTC for the first).
    case(
        app,
        ZHANGPAN,
        "危房改造",
        json!({ "received_at": "2023-01-01 00:30" }),
    )
    .await;
    case(
        app,
        ZHANGPAN,
        "危房改造",
        json!({ "received_at": "2021-12-31 23:59" }),
    )
    .await;
}

const COUNTS: &[&str] = &[
    "total",
    "closed",
    "on_time",
    "return_visited",
    "satisfied",
    "repeat",
    "escalated",
    "escalated_province_or_above",
    "online",
    "backlog",
    "backlog_resolved",
    "overdue_open",
];

async fn stats(app: &TestApp, user: &str, query: &str) -> Value {
    let (s, j) = Api::new(app, user)
        .await
        .get(&format!("/api/v1/stats?{query}"))
        .await;
    assert_eq!(s, 200, "{query}: {j}");
    j
}

fn group<'a>(j: &'a Value, key: &str) -> &'a Value {
    j["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("no group {key} in {j}"))
}

#[tokio::test]
async fn figures_and_rates_by_township_are_the_hand_worked_ones() {
    let app = spawn_app().await;
    district(&app).await;
    let j = stats(&app, "quju", "from=2022-01-01&to=2022-12-31&by=township").await;
    assert_eq!(
        (j["from"].as_str(), j["to"].as_str(), j["by"].as_str()),
        (Some("2022-01-01"), Some("2022-12-31"), Some("township"))
    );
    let keys: Vec<&str> = j["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["张潘镇", "灵井镇"],
        "townships in the district's order"
    );
    let z = group(&j, "张潘镇");
    // 1 on time, 2 late, 3 open 重复访.
    for (k, n) in [
        ("total", 3),
        ("closed", 2),
        ("on_time", 1),
        ("return_visited", 2),
        ("satisfied", 2),
        ("repeat", 1),
        ("escalated", 0),
        ("escalated_province_or_above", 0),
        ("online", 0),
        ("backlog", 0),
        ("backlog_resolved", 0),
        ("overdue_open", 1),
    ] {
        assert_eq!(z[k], n, "张潘镇 {k}");
    }
    assert_eq!(z["repeat_share"].as_f64().unwrap(), 1.0 / 3.0);
    assert_eq!(z["escalated_share"], 0.0);
    assert!(z["resolution_rate"].is_null(), "no 积案: no 化解率");
    assert_eq!(z["closed_rate"].as_f64().unwrap(), 2.0 / 3.0);
    assert_eq!(z["on_time_rate"], 0.5);
    assert_eq!(z["satisfaction_rate"], 1.0);
    let l = group(&j, "灵井镇");
    // 4 越级 赴省 积案, 5 不满意, 6 网络舆情, 7 越级 进京; none closed, all four overdue.
    for (k, n) in [
        ("total", 4),
        ("closed", 0),
        ("on_time", 0),
        ("return_visited", 1),
        ("satisfied", 0),
        ("repeat", 0),
        ("escalated", 2),
        ("escalated_province_or_above", 2),
        ("online", 1),
        ("backlog", 1),
        ("backlog_resolved", 1),
        ("overdue_open", 4),
    ] {
        assert_eq!(l[k], n, "灵井镇 {k}");
    }
    assert_eq!(l["repeat_share"], 0.0);
    assert_eq!(l["escalated_share"], 0.5, "2 越级访 of 4");
    assert_eq!(l["resolution_rate"], 1.0, "the one 积案 销号");
    assert_eq!(l["closed_rate"], 0.0);
    assert!(l["on_time_rate"].is_null(), "no closed case: no 按期率");
    assert_eq!(l["satisfaction_rate"], 0.0);
    assert_eq!(j["total"]["total"], 7);
    assert_eq!(j["total"]["closed_rate"].as_f64().unwrap(), 2.0 / 7.0);
    assert_eq!(j["district_total"]["total"], 7);

    // Months are Beijing months: 00:30 on 1 January is January, 23:30 on 31 December is December.
    let m = stats(&app, "quju", "from=2022-01-01&to=2022-12-31&by=month").await;
    let months: Vec<(&str, i64)> = m["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap(), g["total"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        months,
        [
            ("2022-01", 1),
            ("2022-03", 1),
            ("2022-06", 2),
            ("2022-10", 2),
            ("2022-12", 1)
        ]
    );
    // Units: 住建局 (1 and 5), 民政局 (2), not assigned (3, 4, 6, 7) last.
    let u = stats(&app, "quju", "from=2022-01-01&to=2022-12-31&by=department").await;
    assert_eq!(group(&u, "（无）")["total"], 4);
    assert_eq!(
        u["groups"].as_array().unwrap().last().unwrap()["key"],
        "（无）"
    );
    let zhujian = format!("lead_unit={}", app.org_id("411003-D04").await);
    let zj = u["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["list_url"].as_str().unwrap().ends_with(&zhujian))
        .unwrap();
    assert_eq!(
        (
            zj["total"].as_i64(),
            zj["closed"].as_i64(),
            zj["return_visited"].as_i64()
        ),
        (Some(2), Some(1), Some(2))
    );
    // An empty period: zeros and null rates.
    let e = stats(&app, "quju", "from=2020-01-01&to=2020-12-31").await;
    assert_eq!(e["groups"], json!([]));
    assert_eq!(e["total"]["total"], 0);
    assert!(e["total"]["closed_rate"].is_null());
}

/// Each figure of a case from its own JSON (status, kind, 越级去向, 积案, 回访
/// and the milestones' states), as a person would read the case page.
fn figures_of(c: &Value) -> Vec<&'static str> {
    let closed = c["status"] == "已办结";
    let milestones = c["milestones"].as_array().unwrap();
    let answered_on_time = milestones
        .iter()
        .any(|m| m["answers_petitioner"] == true && m["state"] == "按期完成");
    let overdue = milestones
        .iter()
        .any(|m| m["is_window"] == false && m["state"] == "已超期");
    let to = c["escalated_to"].as_str();
    let mut f = vec!["total"];
    let mut add = |yes: bool, k| {
        if yes {
            f.push(k)
        }
    };
    add(closed, "closed");
    add(closed && answered_on_time, "on_time");
    add(!c["satisfaction"].is_null(), "return_visited");
    add(c["satisfaction"] == "满意", "satisfied");
    add(c["kind"] == "重复访", "repeat");
    add(c["kind"] == "越级访" || to.is_some(), "escalated");
    add(
        matches!(to, Some("赴省" | "进京")),
        "escalated_province_or_above",
    );
    add(c["kind"] == "网络舆情", "online");
    add(c["backlog"] == true, "backlog");
    add(
        c["backlog"] == true && !c["ledger"]["resolved_at"].is_null(),
        "backlog_resolved",
    );
    add(!closed && overdue, "overdue_open");
    f
}

/// The group key of a case for `by`, from its JSON.
fn key_of(c: &Value, by: &str) -> String {
    let s = |k: &str| c[k].as_str().map(str::to_string);
    match by {
        "township" => s("township").unwrap(),
        "department" => s("responsible_unit").unwrap_or_else(|| "（无）".into()),
        "category" => s("category").unwrap(),
        "channel" => s("channel").unwrap(),
        "kind" => s("kind").unwrap(),
        "month" => s("received_at").unwrap()[..7].to_string(),
        _ => unreachable!(),
    }
}

/// Every case `user` may see received in 2022, read one by one.
async fn cases_of(app: &TestApp, user: &str) -> Vec<Value> {
    let api = Api::new(app, user).await;
    let (s, list) = api
        .get("/api/v1/cases?from=2022-01-01&to=2022-12-31&limit=500")
        .await;
    assert_eq!(s, 200);
    let mut out = Vec::new();
    for item in list["items"].as_array().unwrap() {
        let (s, mut c) = api.get(&format!("/api/v1/cases/{}", item["id"])).await;
        assert_eq!(s, 200);
        // 销号 is on the case's ledger, read as the ledger page reads it.
        let (s, ledger) = api
            .get(&format!("/api/v1/cases/{}/ledger", item["id"]))
            .await;
        assert_eq!(s, 200, "{ledger}");
        c["ledger"] = ledger;
        out.push(c);
    }
    out
}

#[tokio::test]
async fn every_figure_of_every_group_agrees_with_an_independent_count_and_with_its_case_list() {
    let app = spawn_app().await;
    district(&app).await;
    for user in ["quju", "zhangpan", "zhujian"] {
        let cases = cases_of(&app, user).await;
        let api = Api::new(&app, user).await;
        for by in [
            "township",
            "department",
            "category",
            "channel",
            "kind",
            "month",
        ] {
            let j = stats(
                &app,
                user,
                &format!("from=2022-01-01&to=2022-12-31&by={by}"),
            )
            .await;
            let mut expected: BTreeMap<String, BTreeMap<&str, i64>> = BTreeMap::new();
            for c in &cases {
                let g = expected.entry(key_of(c, by)).or_default();
                for f in figures_of(c) {
                    *g.entry(f).or_default() += 1;
                }
            }
            let groups = j["groups"].as_array().unwrap();
            assert_eq!(groups.len(), expected.len(), "{user} by {by}: {j}");
            for g in groups.iter().chain([&j["total"]]) {
                let key = g["key"].as_str().unwrap();
                let url = g["list_url"].as_str().unwrap();
                let query = url.strip_prefix("/cases?").unwrap();
                for figure in COUNTS {
                    let n = g[*figure].as_i64().unwrap();
                    if key != "合计" {
                        let want = expected[key].get(figure).copied().unwrap_or(0);
                        assert_eq!(n, want, "{user} by {by} {key} {figure}");
                    }
                    let (s, list) = api
                        .get(&format!("/api/v1/cases?{query}&figure={figure}&limit=1"))
                        .await;
                    assert_eq!(s, 200, "{url}: {list}");
                    assert_eq!(
                        list["total"], n,
                        "{user} by {by} {key} {figure}: the list of {url}"
                    );
                }
            }
            assert_eq!(
                j["total"]["total"].as_i64().unwrap(),
                cases.len() as i64,
                "{user} by {by}"
            );
        }
    }
}

#[tokio::test]
async fn a_township_sees_its_own_rows_beside_the_district_totals() {
    let app = spawn_app().await;
    district(&app).await;
    let j = stats(&app, "zhangpan", "from=2022-01-01&to=2022-12-31").await;
    let keys: Vec<&str> = j["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["张潘镇"], "no other township's row");
    assert_eq!(j["total"]["total"], 3);
    assert_eq!(j["district_total"]["total"], 7);
    assert_eq!(j["district_total"]["escalated_province_or_above"], 2);
    assert!(
        j["district_total"]["list_url"].is_null(),
        "the district's cases are not the township's to list"
    );
    // A department: the cases it handles (住建局: 1 and 5).
    let j = stats(&app, "zhujian", "from=2022-01-01&to=2022-12-31").await;
    assert_eq!(j["total"]["total"], 2);
    assert_eq!(j["district_total"]["total"], 7);
    // The administrator reads no statistics.
    let (s, e) = Api::new(&app, "admin").await.get("/api/v1/stats").await;
    assert_eq!(s, 403, "{e}");
}

#[tokio::test]
async fn bad_parameters_are_named_in_chinese() {
    let app = spawn_app().await;
    let api = Api::new(&app, "quju").await;
    let (s, e) = api.get("/api/v1/stats?from=2022-13-01&by=week").await;
    assert_eq!(s, 422, "{e}");
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["from", "by"], "{e}");
    assert!(e.to_string().contains("分组"), "{e}");
    let (s, e) = api.get("/api/v1/cases?figure=nonsense").await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["fields"][0]["field"], "figure");
}

#[tokio::test]
async fn the_console_prints_the_same_figures_as_the_api() {
    let app = spawn_app().await;
    district(&app).await;
    for (user, by) in [
        ("quju", "township"),
        ("zhangpan", "month"),
        ("quju", "kind"),
    ] {
        let api = stats(
            &app,
            user,
            &format!("from=2022-01-01&to=2022-12-31&by={by}"),
        )
        .await;
        let (ok, out, err) = xinfang(
            &app,
            &[
                "stats",
                "--from",
                "2022-01-01",
                "--to",
                "2022-12-31",
                "--by",
                by,
                "--as",
                user,
                "--json",
            ],
        );
        assert!(ok, "{err}");
        let cli: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(cli, api, "{user} by {by}");
    }
    let (ok, out, err) = xinfang(
        &app,
        &["stats", "--from", "2022-01-01", "--to", "2022-12-31"],
    );
    assert!(ok, "{err}");
    assert!(out.contains("张潘镇\t3\t2\t66.7%\t1\t50%"), "{out}");
    assert!(out.contains("合计\t7"), "{out}");
}
