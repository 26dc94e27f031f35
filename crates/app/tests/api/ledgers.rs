//! Ledgers (台账): Annexes 1–4 out through the API and read back, in again
//! (round trips, bad files, dry runs), scoped by township; 排查 → 案件.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

mod case_blocks;
mod corpus;
mod imports;
mod screening_filters;

pub(super) const ZHANGPAN: &str = "411003105";
const GUCHENG: &str = "411003105202";
const HOUSING_BUREAU: &str = "411003-D04";

/// The first sheet of a workbook.
pub(super) struct Sheet(Range<Data>);

impl Sheet {
    pub(super) fn read(bytes: &[u8]) -> Sheet {
        let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        let name = xlsx.sheet_names()[0].clone();
        Sheet(xlsx.worksheet_range(&name).unwrap())
    }

    pub(super) fn text(&self, row: u32, col: u32) -> String {
        match self.0.get_value((row, col)) {
            None | Some(Data::Empty) => String::new(),
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => format!("{f}"),
            Some(Data::Int(i)) => format!("{i}"),
            Some(Data::DateTime(d)) => {
                let (y, m, dd, ..) = d.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{dd:02}")
            }
            Some(other) => format!("{other:?}"),
        }
    }

    pub(super) fn row(&self, row: u32) -> Vec<String> {
        (0..self.0.width() as u32)
            .map(|c| self.text(row, c))
            .collect()
    }

    /// The first row whose cells include `text`.
    pub(super) fn row_with(&self, text: &str) -> Vec<String> {
        (0..self.0.height() as u32)
            .map(|r| self.row(r))
            .find(|cells| cells.iter().any(|c| c.contains(text)))
            .unwrap_or_else(|| panic!("no row contains {text}"))
    }

    pub(super) fn contains(&self, text: &str) -> bool {
        (0..self.0.height() as u32).any(|r| self.row(r).iter().any(|c| c.contains(text)))
    }
}

pub(super) async fn get_file(app: &TestApp, user: &str, path: &str) -> (u16, Vec<u8>) {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(app.token(user).await)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

pub(super) async fn export_ok(app: &TestApp, user: &str, path: &str) -> Vec<u8> {
    let (s, bytes) = get_file(app, user, path).await;
    assert_eq!(s, 200, "{path}: {}", String::from_utf8_lossy(&bytes));
    bytes
}

pub(super) async fn import(
    app: &TestApp,
    user: &str,
    annex: &str,
    bytes: Vec<u8>,
    dry_run: bool,
) -> (u16, Value) {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("台账.xlsx"),
        )
        .text("dry_run", if dry_run { "true" } else { "false" });
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/ledgers/{annex}")))
        .bearer_auth(app.token(user).await)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

pub(super) async fn screening_body(app: &TestApp) -> Value {
    json!({
        "screened_at": "2022-09-20",
        "screening_kind": "集中排查",
        "township_id": app.org_id(ZHANGPAN).await,
        "village_id": app.org_id(GUCHENG).await,
        "name": "王保全",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "poverty_status": "脱贫户",
        "problem": "反映危房改造补助资金未到位，情绪激动",
        "category": "危房改造",
        "newly_found": "是",
        "unit_id": app.org_id(HOUSING_BUREAU).await,
        "tri_reasonable": "是",
        "stable": "否",
        "remarks": "已约谈",
    })
}

pub(super) async fn add_screening(app: &TestApp) -> Value {
    let (s, j) = Api::new(app, "zhangpan")
        .await
        .post("/api/v1/screenings", screening_body(app).await)
        .await;
    assert_eq!(s, 201, "{j}");
    j
}

pub(super) async fn screening_total(app: &TestApp) -> i64 {
    let (_, j) = Api::new(app, "quju").await.get("/api/v1/screenings").await;
    j["total"].as_i64().unwrap()
}

/// A 省交办, 重点交办 case that is also a backlog case, assigned and contacted.
pub(super) async fn provincial_backlog_case(app: &TestApp) -> Value {
    let mut body = registration(app, "", "危房改造").await;
    body["source_level"] = json!("省交办");
    body["key_assigned"] = json!(true);
    body["backlog"] = json!("是");
    body["backlog_reason"] = json!("补助资金拨付程序复杂，多次答复未兑现");
    let case = register(app, body).await;
    let id = case["id"].as_i64().unwrap();
    let d = Api::new(app, "quju").await;
    d.step_ok(id, "assign", json!({ "at": "2022-10-08 10:00", "unit_id": app.org_id(HOUSING_BUREAU).await, "leader_user_id": app.user_id("baoan1").await })).await;
    Api::new(app, "zhujian")
        .await
        .step_ok(
            id,
            "contact",
            json!({ "at": "2022-10-09 15:40", "method": "电话联系", "note": "已电话联系" }),
        )
        .await;
    case
}

#[tokio::test]
async fn each_annex_is_exported_with_its_headers_and_rows_from_the_database() {
    let app = spawn_app().await;
    add_screening(&app).await;
    let case = provincial_backlog_case(&app).await;
    let number = case["number"].as_str().unwrap().to_string();
    let (s, j) = Api::new(&app, "zhangpan")
        .await
        .post(
            "/api/v1/roster",
            json!({ "org_id": app.org_id(ZHANGPAN).await, "leader_name": "刘镇长", "leader_title": "党委副书记",
                "leader_office_phone": "0374-5012345", "leader_mobile": "13912345678",
                "cadre_name": "张专干", "cadre_office_phone": "0374-5012346", "cadre_mobile": "13812340000" }),
        )
        .await;
    assert_eq!(s, 200, "{j}");

    let a1 = Sheet::read(
        &export_ok(
            &app,
            "quju",
            "/api/v1/ledgers/annex1.xlsx?org=张潘镇&from=2022-09-01&to=2022-09-30",
        )
        .await,
    );
    assert_eq!(a1.text(0, 0), "附件1");
    assert_eq!(a1.text(1, 0), "不稳定因素排查处置台账");
    assert_eq!(a1.text(2, 0), "填报单位：张潘镇");
    assert!(
        a1.row(2)
            .iter()
            .any(|c| c == "统计时段：2022年9月1日至2022年9月30日")
    );
    assert_eq!(
        a1.text(3, 0),
        "联系电话：0374-5012346",
        "the cadre's office phone from the roster"
    );
    assert_eq!(
        a1.row(4)[..4],
        ["序号", "排查时间", "信访人姓名", "联系方式"]
    );
    assert_eq!(a1.text(4, 10), "三到位一处理");
    assert_eq!(a1.text(5, 11), "诉求无理的是否思想引导到位");
    let row = a1.row(6);
    assert_eq!(
        row[1..10],
        [
            "2022-09-20",
            "王保全",
            "13812345678",
            "脱贫户",
            "张潘镇古城村",
            "反映危房改造补助资金未到位，情绪激动",
            "危房改造",
            "是",
            "区住房和城乡建设局"
        ]
    );
    assert_eq!(
        row[10..16],
        ["是", "不涉及", "不涉及", "不涉及", "否", "已约谈"]
    );

    let a2 = Sheet::read(&export_ok(&app, "quju", "/api/v1/ledgers/annex2.xlsx").await);
    assert_eq!(a2.text(1, 0), "涉贫信访舆情积案台账");
    assert_eq!(a2.text(2, 0), "填报单位：许昌市建安区");
    assert_eq!(a2.row(4)[8..10], ["积案原因", "包案人"]);
    let row = a2.row_with(&number);
    assert_eq!(row[1..4], ["2022-10-08", "王保全", "13812345678"]);
    assert_eq!(
        row[8..11],
        [
            "补助资金拨付程序复杂，多次答复未兑现",
            "包区长",
            "区住房和城乡建设局"
        ]
    );
    assert_eq!(row[11..15], ["否", "否", "否", "否"], "no opinion yet");

    let a3 = Sheet::read(&export_ok(&app, "zhangpan", "/api/v1/ledgers/annex3.xlsx").await);
    assert_eq!(a3.text(1, 0), "乡镇涉贫信访干部队伍统计表");
    assert_eq!(
        a3.row(4)[..9],
        [
            "序号",
            "单位",
            "分管领导",
            "职务",
            "办公电话",
            "手机号码",
            "涉贫信访专干",
            "办公电话",
            "手机号码"
        ]
    );
    assert_eq!(
        a3.row(5)[1..9],
        [
            "张潘镇",
            "刘镇长",
            "党委副书记",
            "0374-5012345",
            "13912345678",
            "张专干",
            "0374-5012346",
            "13812340000"
        ]
    );
    assert_eq!(a3.text(6, 1), "", "a township sees only its own row");

    let a4 = Sheet::read(
        &export_ok(
            &app,
            "quju",
            "/api/v1/ledgers/annex4.xlsx?from=2022-10-01&to=2022-10-31",
        )
        .await,
    );
    assert_eq!(a4.text(1, 0), "省级交办信访事项办理情况统计表");
    let top = a4.row(4);
    for (col, text) in [
        (4, "问题属地"),
        (7, "问题类别"),
        (19, "是否重点交办"),
        (20, "办结时限"),
        (21, "省辖市、县（市、区）办理情况"),
    ] {
        assert_eq!(top[col], text);
    }
    assert_eq!(a4.row(5)[4..6], ["省辖市", "县（市、区）"]);
    assert_eq!(a4.text(5, 11), "危房改造");
    let row = a4.row(6);
    assert_eq!(row[1..3], ["2022-10-08", "来信"]);
    assert!(
        row[3].starts_with("王保全，张潘镇，反映：") && row[3].contains(&number),
        "{}",
        row[3]
    );
    assert_eq!(row[4..7], ["许昌市", "建安区", "脱贫户"]);
    assert_eq!(row[11], "√");
    assert_eq!(row.iter().filter(|c| *c == "√").count(), 1);
    assert_eq!(row[19], "是");
    assert!(!row[20].is_empty(), "办结时限 from the handled milestone");
    assert_eq!(row[21..23], ["区住房和城乡建设局", "2022-10-09"]);
}

#[tokio::test]
async fn an_exported_ledger_imported_again_adds_nothing() {
    let app = spawn_app().await;
    add_screening(&app).await;
    let case = provincial_backlog_case(&app).await;
    let id = case["id"].as_i64().unwrap();

    let a1 = export_ok(&app, "zhangpan", "/api/v1/ledgers/annex1.xlsx?full=1").await;
    let (s, r) = import(&app, "zhangpan", "annex1", a1.clone(), false).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (
            r["rows"].as_u64(),
            r["added"].as_u64(),
            r["unchanged"].as_u64()
        ),
        (Some(1), Some(0), Some(1))
    );
    assert_eq!(screening_total(&app).await, 1);

    // A fresh database takes the file in once.
    let other = spawn_app().await;
    let (s, r) = import(&other, "zhangpan", "annex1", a1.clone(), false).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["added"], 1);
    let (_, r) = import(&other, "zhangpan", "annex1", a1, false).await;
    assert_eq!(
        (r["added"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    let (_, list) = Api::new(&other, "zhangpan")
        .await
        .get("/api/v1/screenings")
        .await;
    let s = &list["items"][0];
    assert_eq!(
        (
            s["name"].as_str(),
            s["village"].as_str(),
            s["screening_kind"].as_str()
        ),
        (Some("王保全"), Some("古城村"), Some("集中排查"))
    );
    assert_eq!(s["responsible_unit"], "区住房和城乡建设局");

    for (annex, user) in [("annex2", "quju"), ("annex4", "quju"), ("annex3", "quju")] {
        let bytes = export_ok(&app, user, &format!("/api/v1/ledgers/{annex}.xlsx")).await;
        let before = Api::new(&app, "quju")
            .await
            .get(&format!("/api/v1/cases/{id}"))
            .await
            .1;
        let (s, r) = import(&app, user, annex, bytes, false).await;
        assert_eq!(s, 200, "{annex}: {r}");
        assert_eq!(
            (r["added"].as_u64(), r["updated"].as_u64()),
            (Some(0), Some(0)),
            "{annex}: {r}"
        );
        let after = Api::new(&app, "quju")
            .await
            .get(&format!("/api/v1/cases/{id}"))
            .await
            .1;
        assert_eq!(
            before["events"].as_array().unwrap().len(),
            after["events"].as_array().unwrap().len()
        );
    }
}

#[tokio::test]
async fn annexes_2_and_4_fill_the_matched_cases() {
    let app = spawn_app().await;
    let case = provincial_backlog_case(&app).await;
    let id = case["id"].as_i64().unwrap();
    let number = case["number"].as_str().unwrap().to_string();
    use xinfang_forms::ledger::*;
    let header = LedgerHeader {
        org_name: "许昌市建安区".into(),
        ..LedgerHeader::default()
    };
    // Annex 2 without the case number: found by name, first-visit date and township.
    let row = import_annex2(
        &export_ok(&app, "quju", "/api/v1/ledgers/annex2.xlsx").await,
        &jianan_places(),
    )
    .unwrap()
    .remove(0);
    let edited = AnnexTwoRow {
        backlog_reason: "资金拨付滞后".into(),
        remarks: String::new(),
        ..row
    };
    let (s, r) = import(
        &app,
        "zhangpan",
        "annex2",
        annex2_xlsx(&header, &[edited]).unwrap(),
        false,
    )
    .await;
    assert_eq!((s, r["updated"].as_u64()), (200, Some(1)), "{r}");
    // Annex 4 with the number: 复查情况 and 涉法涉诉 progress land on the case.
    let row = import_annex4(&export_ok(&app, "quju", "/api/v1/ledgers/annex4.xlsx").await)
        .unwrap()
        .remove(0);
    assert!(row.summary.contains(&number));
    let edited = AnnexFourRow {
        review: "2022年11月1日申请复查，正在办理".into(),
        legal_progress: "无".into(),
        ..row
    };
    let bytes = annex4_xlsx(&header, &[edited]).unwrap();
    let (s, r) = import(&app, "zhangpan", "annex4", bytes.clone(), false).await;
    assert_eq!(s, 403, "only the district loads Annex 4: {r}");
    let (s, r) = import(&app, "quju", "annex4", bytes.clone(), false).await;
    assert_eq!((s, r["updated"].as_u64()), (200, Some(1)), "{r}");
    let (_, l) = Api::new(&app, "quju")
        .await
        .get(&format!("/api/v1/cases/{id}/ledger"))
        .await;
    assert_eq!(l["backlog_reason"], "资金拨付滞后");
    assert_eq!(l["review"], "2022年11月1日申请复查，正在办理");
    assert_eq!(l["legal_progress"], "无");
    let (_, r) = import(&app, "quju", "annex4", bytes, false).await;
    assert_eq!(r["updated"], 0, "the same file again changes nothing");

    // A row matching no case is a problem, and nothing else is written.
    let stranger = AnnexTwoRow {
        name: "查无此人".into(),
        ..import_annex2(
            &export_ok(&app, "quju", "/api/v1/ledgers/annex2.xlsx").await,
            &jianan_places(),
        )
        .unwrap()
        .remove(0)
    };
    let stranger = AnnexTwoRow {
        remarks: String::new(),
        ..stranger
    };
    let (s, r) = import(
        &app,
        "quju",
        "annex2",
        annex2_xlsx(&header, &[stranger]).unwrap(),
        false,
    )
    .await;
    assert_eq!(s, 422, "{r}");
    assert_eq!(r["problems"][0]["row"], 7);
    assert!(
        r["problems"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("未找到"),
        "{r}"
    );
}

/// Jian'an's places, from the embedded district file (the test apps are set up with it).
fn jianan_places() -> xinfang_forms::ledger::Places {
    xinfang_forms::ledger::Places::of(&xinfang_domain::district::District::jianan())
}
