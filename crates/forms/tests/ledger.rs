//! Ledgers out and back in: every header cell, every merge, the lines around the table, page setup, round trips.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader, Xlsx};
use jiff::civil::date;
use xinfang_domain::ident::{PhoneNumber, ResidentId, check_char};
use xinfang_domain::vocab::{
    Category, Channel, Finding, PovertyStatus, Satisfaction, TriAnswer, TriRecord,
};
use xinfang_forms::ledger::*;

/// Jian'an's places, from the embedded district file.
fn jianan() -> Places {
    Places::of(&xinfang_domain::district::District::jianan())
}

type Merge = (u32, u32, u32, u32);

struct Sheet {
    range: Range<Data>,
    merges: BTreeSet<Merge>,
}

fn read(bytes: &[u8], sheet: &str) -> Sheet {
    let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(xlsx.sheet_names(), vec![sheet.to_string()]);
    let range = xlsx.worksheet_range(sheet).unwrap();
    let merges = xlsx
        .merge_cells_by_sheet_name(sheet)
        .unwrap()
        .into_iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
    Sheet { range, merges }
}

impl Sheet {
    fn text(&self, row: u32, col: u32) -> String {
        match self.range.get_value((row, col)) {
            None | Some(Data::Empty) => String::new(),
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => format!("{f}"),
            Some(Data::DateTime(d)) => {
                let (y, m, dd, ..) = d.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{dd:02}")
            }
            Some(other) => format!("{other:?}"),
        }
    }

    fn row(&self, row: u32, cols: u32) -> Vec<String> {
        (0..cols).map(|c| self.text(row, c)).collect()
    }
}

/// An entry of the xlsx zip as text (for page setup, which calamine does not read).
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn header() -> LedgerHeader {
    LedgerHeader {
        org_name: "张潘镇人民政府".into(),
        phone: "0374-5012345".into(),
        title: None,
        period: Some("2022年3月1日至2022年3月31日".into()),
        extra_columns: false,
    }
}

fn id(first17: &str) -> ResidentId {
    let full = format!("{first17}{}", check_char(first17).unwrap());
    ResidentId::parse(&full).unwrap()
}

fn tri(a: TriAnswer, b: TriAnswer, c: TriAnswer, d: TriAnswer) -> TriRecord {
    TriRecord {
        reasonable_resolved: a,
        unreasonable_guided: b,
        hardship_helped: c,
        unlawful_handled: d,
    }
}

fn annex1_rows() -> Vec<AnnexOneRow> {
    use TriAnswer::*;
    vec![
        AnnexOneRow {
            screened_on: date(2022, 3, 5),
            screening_kind: Some(ScreeningKind::Campaign),
            name: "王建国".into(),
            id_number: Some(id("41100319650302123")),
            phone: Some(PhoneNumber::parse("13812345678").unwrap()),
            poverty: Some(PovertyStatus::Lifted),
            township: "张潘镇".into(),
            village: Some("古城村".into()),
            problem: "反映2021年危房改造补助资金未足额到位，要求核实并补发。".into(),
            category: Category::Housing,
            newly_found: Some(true),
            responsible_unit: "区住房和城乡建设局".into(),
            tri: tri(Yes, NotApplicable, Yes, NotApplicable),
            stable: Some(true),
            remarks: "已约谈".into(),
        },
        AnnexOneRow {
            screened_on: date(2022, 9, 30),
            screening_kind: Some(ScreeningKind::SensitivePeriod),
            name: "李喆".into(),
            id_number: None,
            phone: Some(PhoneNumber::parse("0374-5012345").unwrap()),
            poverty: Some(PovertyStatus::Monitored),
            township: "艾庄回族乡".into(),
            village: None,
            problem: "其他诉求".into(),
            category: Category::Other,
            newly_found: None,
            responsible_unit: String::new(),
            tri: tri(No, Yes, No, Yes),
            stable: Some(false),
            remarks: String::new(),
        },
    ]
}

const ANNEX12_FOOTNOTES: [&str; 3] = [
    "备注：",
    "1. 问题类别栏选择填写：防返贫监测、帮扶措施、资金项目、危房改造、小额信贷、民政救助、医疗保障、残疾人补贴、其他类；",
    "2. 问题所属地栏填写：**乡（镇）**村（社区）。",
];

/// The four rows above the table, and their merges.
fn assert_preamble(r: &Sheet, annex: u8, title: &str, last_col: u32, merges: &mut BTreeSet<Merge>) {
    assert_eq!(r.text(0, 0), format!("附件{annex}"));
    assert_eq!(r.text(1, 0), title);
    assert_eq!(r.text(2, 0), "填报单位：张潘镇人民政府");
    let half = last_col / 2;
    assert_eq!(r.text(2, half + 1), "统计时段：2022年3月1日至2022年3月31日");
    assert_eq!(r.text(3, 0), "联系电话：0374-5012345");
    merges.extend([
        (1, 0, 1, last_col),
        (2, 0, 2, half),
        (2, half + 1, 2, last_col),
        (3, 0, 3, half),
    ]);
}

fn assert_footnotes(
    r: &Sheet,
    first: u32,
    lines: &[&str],
    last_col: u32,
    merges: &mut BTreeSet<Merge>,
) {
    for (i, line) in lines.iter().enumerate() {
        let row = first + i as u32;
        assert_eq!(r.text(row, 0), *line, "footnote {i}");
        merges.insert((row, 0, row, last_col));
    }
    assert_eq!(
        r.text(first + lines.len() as u32, 0),
        "",
        "nothing after the footnotes"
    );
}

/// Header of Annexes 1/2: single columns merged down two rows, the tri group across four.
fn assert_two_row_header(r: &Sheet, top: &[&str], tri_at: u32, merges: &mut BTreeSet<Merge>) {
    let n = top.len() as u32;
    assert_eq!(r.row(4, n), top);
    let mut bottom = vec![String::new(); top.len()];
    for (i, q) in TriRecord::QUESTIONS.iter().enumerate() {
        bottom[tri_at as usize + i] = q.to_string();
    }
    assert_eq!(r.row(5, n), bottom);
    for c in 0..n {
        if !(tri_at..tri_at + 4).contains(&c) {
            merges.insert((4, c, 5, c));
        }
    }
    merges.insert((4, tri_at, 4, tri_at + 3));
}

#[test]
fn annex1_layout_matches_the_seed() {
    let rows = annex1_rows();
    let bytes = annex1_xlsx(&header(), &rows).unwrap();
    let r = read(&bytes, "附件1");
    let mut merges = BTreeSet::new();
    assert_preamble(&r, 1, "不稳定因素排查处置台账", 15, &mut merges);
    #[rustfmt::skip]
    let top = [
        "序号", "排查时间", "信访人姓名", "联系方式", "是否脱贫户（监测对象）", "问题所属地", "反映问题", "问题类别", "是否为新排查出的不稳定因素",
        "责任单位", "三到位一处理", "", "", "", "是否稳定", "备注",
    ];
    assert_two_row_header(&r, &top, 10, &mut merges);
    assert_eq!(
        r.text(5, 11),
        "诉求无理的是否思想引导到位",
        "the seed's 无力 typo is fixed"
    );
    assert_eq!(r.text(4, 16), "", "no extra columns by default");
    #[rustfmt::skip]
    let want = [
        "1", "2022-03-05", "王建国", "13812345678", "脱贫户", "张潘镇古城村", "反映2021年危房改造补助资金未足额到位，要求核实并补发。",
        "危房改造", "是", "区住房和城乡建设局", "是", "不涉及", "是", "不涉及", "是", "已约谈",
    ];
    assert_eq!(r.row(6, 16), want);
    assert_eq!(
        r.row(7, 8)[4..],
        ["监测对象", "艾庄回族乡", "其他诉求", "其他类"]
    );
    assert_footnotes(&r, 8, &ANNEX12_FOOTNOTES, 15, &mut merges);
    assert_eq!(r.merges, merges);
}

#[test]
fn annex1_page_setup_fonts_and_widths() {
    let bytes = annex1_xlsx(&header(), &annex1_rows()).unwrap();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"paperSize="9""#), "A4");
    assert!(sheet.contains(r#"orientation="landscape""#));
    assert!(sheet.contains(r#"fitToHeight="0""#), "fit to one page wide");
    assert!(sheet.contains(r#"ySplit="6""#) && sheet.contains(r#"state="frozen""#));
    assert!(sheet.contains("<col "), "column widths are set");
    // Written as a stream (constant memory): row heights set before the
    // rows and widths after the data are both kept.
    for row in [
        r#"<row r="2" ht="36" customHeight="1">"#,
        r#"<row r="3" ht="20.25" customHeight="1">"#,
        r#"<row r="5" ht="27.75" customHeight="1">"#,
        r#"<row r="6" ht="42" customHeight="1">"#,
        r#"<row r="9" ht="15.75" customHeight="1">"#,
    ] {
        assert!(sheet.contains(row), "{row}");
    }
    assert!(
        sheet.contains(r#"<col min="7" max="7" width="36.7109375""#),
        "反映问题"
    );
    let mut row_numbers: Vec<&str> = sheet
        .split("<row r=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let n = row_numbers.len();
    row_numbers.dedup();
    assert_eq!(row_numbers.len(), n, "each <row> once: {sheet}");
    // 信访人姓名 (C, 10 wide) grows to fit a long name.
    let mut rows = annex1_rows();
    rows[0].name = "欧阳娜娜娜".into();
    let wide = part(
        &annex1_xlsx(&header(), &rows).unwrap(),
        "xl/worksheets/sheet1.xml",
    );
    assert!(
        wide.contains(r#"<col min="3" max="3" width="12.7109375""#),
        "{wide}"
    );
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("$5:$6"),
        "{workbook}"
    );
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"<name val="宋体"/>"#));
    assert!(styles.contains(r#"wrapText="1""#));
    assert!(styles.contains(r#"<left style="thin">"#));
}

#[test]
fn annex1_extra_columns_and_title_override() {
    let mut h = header();
    h.extra_columns = true;
    h.title = Some("2022年不稳定因素排查处置台账".into());
    let rows = annex1_rows();
    let bytes = annex1_xlsx(&h, &rows).unwrap();
    let r = read(&bytes, "附件1");
    assert_eq!(r.text(1, 0), "2022年不稳定因素排查处置台账");
    assert_eq!(r.row(4, 18)[16..], ["排查方式", "身份证号"]);
    assert_eq!(r.text(6, 16), "集中排查");
    assert_eq!(r.text(6, 17), rows[0].id_number.as_ref().unwrap().as_str());
    assert!(r.merges.contains(&(4, 17, 5, 17)));
    assert!(r.merges.contains(&(1, 0, 1, 17)));
    assert_eq!(import_annex1(&bytes, &jianan()).unwrap(), rows);
}

#[test]
fn annex1_round_trip_without_extra_columns_drops_only_them() {
    let rows = annex1_rows();
    let bytes = annex1_xlsx(&header(), &rows).unwrap();
    let back = import_annex1(&bytes, &jianan()).unwrap();
    let want: Vec<AnnexOneRow> = rows
        .into_iter()
        .map(|r| AnnexOneRow {
            screening_kind: None,
            id_number: None,
            ..r
        })
        .collect();
    assert_eq!(back, want);
    assert_eq!(back[0].fingerprint(), want[0].fingerprint());
}

#[test]
fn categories_come_back_as_their_column_category() {
    let mut rows = annex1_rows();
    rows.truncate(1);
    rows[0].category = Category::Education;
    rows[0].screening_kind = None;
    rows[0].id_number = None;
    let back = import_annex1(&annex1_xlsx(&header(), &rows).unwrap(), &jianan()).unwrap();
    assert_eq!(back[0].category, nine_column_category(Category::Education));
    assert_eq!(back[0].category, Category::Other);
}

fn annex2_rows() -> Vec<AnnexTwoRow> {
    use TriAnswer::*;
    vec![AnnexTwoRow {
        first_visit_on: date(2021, 11, 8),
        name: "赵犇".into(),
        phone: Some(PhoneNumber::parse("15937400000").unwrap()),
        poverty: Some(PovertyStatus::General),
        township: "灵井镇".into(),
        village: Some("霍庄村".into()),
        problem: "反映小额信贷贴息未落实，多次信访。".into(),
        category: Category::Microcredit,
        backlog_reason: "诉求超出政策范围".into(),
        case_owner: "刘副镇长".into(),
        responsible_unit: "区金融工作服务中心".into(),
        tri: tri(No, Yes, NotApplicable, NotApplicable),
        stable: Some(true),
        remarks: "一案一策".into(),
    }]
}

#[test]
fn annex2_layout_and_round_trip() {
    let rows = annex2_rows();
    let bytes = annex2_xlsx(&header(), &rows).unwrap();
    let r = read(&bytes, "附件2");
    let mut merges = BTreeSet::new();
    assert_preamble(&r, 2, "涉贫信访舆情积案台账", 16, &mut merges);
    #[rustfmt::skip]
    let top = [
        "序号", "初访时间", "信访人姓名", "联系方式", "是否脱贫户（监测对象）", "问题所属地（乡镇、村）", "反映问题", "问题类别", "积案原因", "包案人",
        "责任单位", "三到位一处理", "", "", "", "是否稳定", "备注",
    ];
    assert_two_row_header(&r, &top, 11, &mut merges);
    #[rustfmt::skip]
    let want2 = [
        "1", "2021-11-08", "赵犇", "15937400000", "一般户", "灵井镇霍庄村", "反映小额信贷贴息未落实，多次信访。", "小额信贷",
        "诉求超出政策范围", "刘副镇长", "区金融工作服务中心", "否", "是", "不涉及", "不涉及", "是", "一案一策",
    ];
    assert_eq!(r.row(6, 17), want2);
    assert_footnotes(&r, 7, &ANNEX12_FOOTNOTES, 16, &mut merges);
    assert_eq!(r.merges, merges);
    assert_eq!(import_annex2(&bytes, &jianan()).unwrap(), rows);
}

fn annex3_rows() -> Vec<AnnexThreeRow> {
    let p = |s: &str| Some(PhoneNumber::parse(s).unwrap());
    vec![
        AnnexThreeRow {
            unit: "张潘镇".into(),
            leader_name: "孙志强".into(),
            leader_title: "党委副书记".into(),
            leader_office_phone: p("0374-5012345"),
            leader_mobile: p("13937412345"),
            cadre_name: "周敏".into(),
            cadre_office_phone: p("0374-5012346"),
            cadre_mobile: p("18637412345"),
        },
        AnnexThreeRow {
            unit: "许由街道".into(),
            leader_name: "钱昇".into(),
            leader_title: "副主任".into(),
            leader_office_phone: None,
            leader_mobile: p("13837400001"),
            cadre_name: "吴堃".into(),
            cadre_office_phone: None,
            cadre_mobile: None,
        },
    ]
}

#[test]
fn annex3_layout_and_round_trip() {
    let rows = annex3_rows();
    let bytes = annex3_xlsx(&header(), &rows).unwrap();
    let r = read(&bytes, "附件3");
    let mut merges = BTreeSet::new();
    assert_preamble(&r, 3, "乡镇涉贫信访干部队伍统计表", 8, &mut merges);
    assert_eq!(
        r.row(4, 9),
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
        r.row(5, 9),
        [
            "1",
            "张潘镇",
            "孙志强",
            "党委副书记",
            "0374-5012345",
            "13937412345",
            "周敏",
            "0374-5012346",
            "18637412345"
        ]
    );
    assert_eq!(r.text(7, 0), "", "no footnotes, nothing after the data");
    assert_eq!(r.merges, merges, "one header row: nothing merged in it");
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"ySplit="5""#));
    assert_eq!(import_annex3(&bytes, &jianan()).unwrap(), rows);
}

fn annex4_rows() -> Vec<AnnexFourRow> {
    vec![
        AnnexFourRow {
            received_on: date(2022, 9, 5),
            channel: Some(Channel::Online),
            summary: "王建国，张潘镇古城村村民，反映危房改造补助未到位。".into(),
            city: "许昌市".into(),
            county: "建安区".into(),
            poverty: Some(PovertyStatus::Lifted),
            category: Category::Housing,
            key_case: Some(true),
            due_on: Some(date(2022, 10, 5)),
            handling_unit: "张潘镇人民政府".into(),
            contacted_on: Some(date(2022, 9, 5)),
            opinion_on: Some(date(2022, 9, 20)),
            finding: Some(Finding::Partly),
            satisfaction: Some(Satisfaction::Satisfied),
            review: String::new(),
            second_review: String::new(),
            legal_progress: "不涉及".into(),
        },
        AnnexFourRow {
            received_on: date(2022, 9, 6),
            channel: None,
            summary: "匿名，反映精准识别不准。".into(),
            city: "许昌市".into(),
            county: "建安区".into(),
            poverty: None,
            category: Category::PreciseIdentification,
            key_case: None,
            due_on: None,
            handling_unit: String::new(),
            contacted_on: None,
            opinion_on: None,
            finding: None,
            satisfaction: None,
            review: "2022年9月30日申请复查，正在办理".into(),
            second_review: String::new(),
            legal_progress: String::new(),
        },
    ]
}

#[test]
fn annex4_layout_and_round_trip() {
    let rows = annex4_rows();
    let bytes = annex4_xlsx(&header(), &rows).unwrap();
    let r = read(&bytes, "附件4");
    let mut merges = BTreeSet::new();
    assert_preamble(&r, 4, "省级交办信访事项办理情况统计表", 28, &mut merges);
    #[rustfmt::skip]
    let mut top = vec![
        "序号", "接待日期", "信访渠道", "信访人信息及反映事项内容摘要", "问题属地", "", "是否脱贫（监测）户", "问题类别",
    ];
    top.extend([""; 11]);
    top.extend(["是否重点交办", "办结时限", "省辖市、县（市、区）办理情况"]);
    top.extend([""; 7]);
    assert_eq!(r.row(4, 29), top);
    let mut bottom = vec!["", "", "", "", "省辖市", "县（市、区）", ""];
    bottom.extend([
        "精准识别",
        "精准退出",
        "帮扶措施",
        "资金项目",
        "危房改造",
        "易地搬迁",
        "小额信贷",
        "民政救助",
        "医疗保障",
        "教育保障",
        "残疾人保障",
        "其他",
        "",
        "",
        "承办单位",
        "联系信访人时间",
        "反馈处理意见时间",
        "信访人反映问题是否属实",
        "信访人是否满意",
        "复查情况",
        "复核情况",
        "涉法涉诉涉纪件工作进度",
    ]);
    assert_eq!(r.row(5, 29), bottom);
    for c in [0, 1, 2, 3, 6, 19, 20] {
        merges.insert((4, c, 5, c));
    }
    merges.extend([(4, 4, 4, 5), (4, 7, 4, 18), (4, 21, 4, 28)]);
    let data = r.row(6, 29);
    assert_eq!(
        data[..7],
        [
            "1",
            "2022-09-05",
            "网上信访",
            "王建国，张潘镇古城村村民，反映危房改造补助未到位。",
            "许昌市",
            "建安区",
            "脱贫户"
        ]
    );
    let marks: Vec<&str> = data[7..19].iter().map(String::as_str).collect();
    assert_eq!(marks, ["", "", "", "", "√", "", "", "", "", "", "", ""]);
    assert_eq!(
        data[19..],
        [
            "是",
            "2022-10-05",
            "张潘镇人民政府",
            "2022-09-05",
            "2022-09-20",
            "部分属实",
            "满意",
            "",
            "",
            "不涉及"
        ]
    );
    assert_eq!(r.text(7, 7), "√", "精准识别 marked");
    assert_footnotes(
        &r,
        8,
        &[
            "注：1. “信访人是否满意”栏填写“满意”或“不满意”，“信访人反映问题是否属实”栏填写“属实”、“部分属实”、“不属实”；",
            "2. 信访人申请复查复核的，需填写复查复核时间，及进展情况。",
        ],
        28,
        &mut merges,
    );
    assert_eq!(r.merges, merges);
    assert_eq!(import_annex4(&bytes).unwrap(), rows);
}

#[test]
fn empty_ledgers_export_and_import_to_nothing() {
    let bytes = annex1_xlsx(&header(), &[]).unwrap();
    let r = read(&bytes, "附件1");
    assert_eq!(r.text(6, 0), "备注：");
    assert_eq!(import_annex1(&bytes, &jianan()).unwrap(), vec![]);
    assert_eq!(
        import_annex4(&annex4_xlsx(&header(), &[]).unwrap()).unwrap(),
        vec![]
    );
}
