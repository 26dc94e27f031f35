//! Ledgers in: bad files, dry runs, townships kept apart; 排查 → 案件; the pages.

use serde_json::json;

use super::{
    Sheet, ZHANGPAN, add_screening, export_ok, get_file, import, provincial_backlog_case,
    screening_total,
};
use crate::helpers::{Api, spawn_app};

/// An Annex 1 sheet written cell by cell: a title, the header, then `rows`.
fn annex1_sheet(rows: &[[&str; 8]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write(0, 0, "不稳定因素排查处置台账").unwrap();
    let head = [
        "排查时间",
        "信访人姓名",
        "身份证号",
        "联系方式",
        "是否脱贫户（监测对象）",
        "问题所属地",
        "反映问题",
        "问题类别",
        "是否为新排查出的不稳定因素",
        "责任单位",
        "诉求合理的是否解决到位",
        "诉求无理的是否思想引导到位",
        "生活困难的是否帮扶救助到位",
        "行为违法的是否依法处理",
        "是否稳定",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write(1, c as u16, *h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write(r as u32 + 2, c as u16, *v).unwrap();
        }
        for c in 8..15 {
            ws.write(r as u32 + 2, c, if c == 9 { "张潘镇" } else { "否" })
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

const GOOD: [&str; 8] = [
    "2022.3.5",
    "李喆",
    "",
    "13812345678",
    "一般户",
    "张潘镇古城村",
    "反映低保被取消",
    "民政救助",
];

#[tokio::test]
async fn a_bad_file_changes_nothing_and_names_its_rows() {
    let app = spawn_app().await;
    let bad_id = [
        "2022年3月6日",
        "王建国",
        "110105194912310021",
        "13812345678",
        "脱贫户",
        "张潘镇古城村",
        "反映危房",
        "危房改造",
    ];
    let bad_village = [
        "2022-03-07",
        "赵四",
        "",
        "13812345678",
        "",
        "张潘镇不存在村",
        "反映医保",
        "医疗保障",
    ];
    let bytes = annex1_sheet(&[GOOD, bad_id, bad_village]);
    for dry_run in [true, false] {
        let (s, r) = import(&app, "zhangpan", "annex1", bytes.clone(), dry_run).await;
        assert_eq!(s, 422, "{r}");
        assert_eq!(r["code"], "import_rejected");
        let problems = r["problems"].as_array().unwrap();
        let rows: Vec<_> = problems
            .iter()
            .map(|p| {
                (
                    p["row"].as_u64().unwrap(),
                    p["column"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [(4, "身份证号".to_string()), (5, "问题所属地".to_string())],
            "{r}"
        );
        assert!(
            problems[0]["reason"].as_str().unwrap().contains("校验"),
            "{r}"
        );
    }
    assert_eq!(
        screening_total(&app).await,
        0,
        "the good row is not written either"
    );

    let (s, r) = import(
        &app,
        "zhangpan",
        "annex1",
        b"not a workbook".to_vec(),
        false,
    )
    .await;
    assert_eq!(s, 422);
    assert!(
        r["message"].as_str().unwrap().contains("不是Excel工作簿"),
        "{r}"
    );
}

#[tokio::test]
async fn a_dry_run_writes_nothing() {
    let app = spawn_app().await;
    let bytes = annex1_sheet(&[GOOD]);
    let (s, r) = import(&app, "zhangpan", "annex1", bytes.clone(), true).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["dry_run"].as_bool(), r["added"].as_u64()),
        (Some(true), Some(1))
    );
    assert_eq!(screening_total(&app).await, 0);
    let (_, r) = import(&app, "zhangpan", "annex1", bytes.clone(), false).await;
    assert_eq!(r["added"], 1);
    let (_, r) = import(&app, "zhangpan", "annex1", bytes, false).await;
    assert_eq!(
        (r["added"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(screening_total(&app).await, 1);
}

#[tokio::test]
async fn another_township_can_neither_export_nor_import_the_first_ones_rows() {
    let app = spawn_app().await;
    let s = add_screening(&app).await;
    let (status, _) = get_file(&app, "lingjing", "/api/v1/ledgers/annex1.xlsx?org=张潘镇").await;
    assert_eq!(status, 403);
    let own = Sheet::read(&export_ok(&app, "lingjing", "/api/v1/ledgers/annex1.xlsx").await);
    assert_eq!(own.text(2, 0), "填报单位：灵井镇");
    assert!(!own.contains("王保全"));
    let (status, _) = Api::new(&app, "lingjing")
        .await
        .get(&format!("/api/v1/screenings/{}", s["id"]))
        .await;
    assert_eq!(status, 404);

    let (status, r) = import(&app, "lingjing", "annex1", annex1_sheet(&[GOOD]), false).await;
    assert_eq!(status, 422, "{r}");
    assert!(
        r["problems"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("只能导入本乡镇"),
        "{r}"
    );
    let (status, r) = Api::new(&app, "lingjing")
        .await
        .post(
            "/api/v1/roster",
            json!({ "org_id": app.org_id(ZHANGPAN).await, "cadre_name": "冒名" }),
        )
        .await;
    assert_eq!(status, 403, "{r}");
    assert_eq!(screening_total(&app).await, 1);
}

#[tokio::test]
async fn a_screening_entry_turns_into_a_linked_case() {
    let app = spawn_app().await;
    let s = add_screening(&app).await;
    let id = s["id"].as_i64().unwrap();
    let api = Api::new(&app, "zhangpan").await;
    let (status, case) = api
        .post(&format!("/api/v1/screenings/{id}/case"), json!({}))
        .await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(
        (case["kind"].as_str(), case["source_level"].as_str()),
        (Some("排查发现"), Some("排查发现"))
    );
    assert_eq!(case["township"], "张潘镇");
    assert_eq!(case["summary"], "反映危房改造补助资金未到位，情绪激动");
    let (_, again) = api.get(&format!("/api/v1/screenings/{id}")).await;
    assert_eq!(again["case_id"], case["id"]);
    assert_eq!(again["case_number"], case["number"]);
    let (status, _) = api
        .post(&format!("/api/v1/screenings/{id}/case"), json!({}))
        .await;
    assert_eq!(status, 409, "only once");
    let (status, _) = Api::new(&app, "lingjing")
        .await
        .post(&format!("/api/v1/screenings/{id}/case"), json!({}))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_ledger_pages_render_for_a_township() {
    let app = spawn_app().await;
    let s = add_screening(&app).await;
    let case = provincial_backlog_case(&app).await;
    let c = app.login("zhangpan").await;
    for (path, text) in [
        ("/ledgers".to_string(), "下载台账"),
        ("/ledgers/roster".to_string(), "涉贫信访专干"),
        ("/screenings".to_string(), "王保全"),
        ("/screenings/new".to_string(), "录入排查记录"),
        (format!("/screenings/{}", s["id"]), "转为案件"),
        (format!("/cases/{}/ledger", case["id"]), "一案一策"),
    ] {
        let body = app.page(&c, &path).await;
        assert!(body.contains(text), "{path} lacks {text}");
    }
    let csrf = app.csrf(&c, "/ledgers").await;
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf)
        .text("annex", "annex1")
        .part(
            "file",
            reqwest::multipart::Part::bytes(annex1_sheet(&[
                GOOD,
                [
                    "2022-03-07",
                    "赵四",
                    "",
                    "1381234",
                    "",
                    "张潘镇古城村",
                    "反映医保",
                    "医疗保障",
                ],
            ]))
            .file_name("a.xlsx"),
        );
    let r = c
        .post(app.url("/ledgers/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("第 4 行") && body.contains("联系方式"),
        "{body}"
    );
    let d = app.login("quju").await;
    let csrf = app.csrf(&d, &format!("/cases/{}/ledger", case["id"])).await;
    let r = d
        .post(app.url(&format!("/cases/{}/ledger/followups", case["id"])))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("at", "2022-10-20 10:00"),
            ("note", "电话回访，情绪稳定"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let body = app.page(&d, &format!("/cases/{}/ledger", case["id"])).await;
    assert!(body.contains("电话回访，情绪稳定"));
}

#[tokio::test]
async fn a_township_fills_its_own_row_of_the_district_roster_template() {
    use xinfang_forms::ledger::{AnnexThreeRow, LedgerHeader, annex3_xlsx, import_annex3};
    let app = spawn_app().await;
    let template = export_ok(&app, "quju", "/api/v1/ledgers/annex3.xlsx").await;
    let mut rows = import_annex3(&template, &jianan_places()).unwrap();
    assert_eq!(rows.len(), 18, "every township, blank");
    let mine = rows.iter_mut().find(|r| r.unit == "张潘镇").unwrap();
    *mine = AnnexThreeRow {
        leader_name: "刘镇长".into(),
        cadre_name: "张专干".into(),
        ..mine.clone()
    };
    let header = LedgerHeader::default();
    let (s, r) = import(
        &app,
        "zhangpan",
        "annex3",
        annex3_xlsx(&header, &rows).unwrap(),
        false,
    )
    .await;
    assert_eq!((s, r["added"].as_u64()), (200, Some(1)), "{r}");
    let other = rows.iter_mut().find(|r| r.unit == "灵井镇").unwrap();
    other.cadre_name = "冒名".into();
    let (s, r) = import(
        &app,
        "zhangpan",
        "annex3",
        annex3_xlsx(&header, &rows).unwrap(),
        false,
    )
    .await;
    assert_eq!(s, 422, "{r}");
    assert_eq!(r["problems"].as_array().unwrap().len(), 1, "{r}");
    let (_, roster) = Api::new(&app, "quju").await.get("/api/v1/roster").await;
    let filled: Vec<_> = roster
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["cadre_name"] != "")
        .collect();
    assert_eq!(filled.len(), 1);
    assert_eq!(filled[0]["org_name"], "张潘镇");
}

/// Jian'an's places, from the embedded district file (the test apps are set up with it).
fn jianan_places() -> xinfang_forms::ledger::Places {
    xinfang_forms::ledger::Places::of(&xinfang_domain::district::District::jianan())
}
