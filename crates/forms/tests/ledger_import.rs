//! Ledger import of townships' real-world sheets: header quirks, date and place spellings, and every row problem reported.
#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use xinfang_domain::vocab::{Category, PovertyStatus, TriAnswer};
use xinfang_forms::ledger::*;

mod common;
use common::*;

/// A township's retyped sheet: title rows, a blank row, a merged two-row
/// header with full-width punctuation, spaces, a line break and the seed's
/// 无力 typo; dates, marks, categories and places in every spelling; a
/// merged data cell; footnotes.
#[rustfmt::skip]
fn quirky_sheet() -> Vec<u8> {
    book(|ws| {
        let f = Format::new();
        ws.write_string(0, 0, "附件1：").unwrap();
        ws.merge_range(2, 0, 2, 15, "  不稳定因素排查处置台账（2022年第一季度）", &f).unwrap();
        ws.write_string(3, 0, "填报单位（盖章）：张潘镇").unwrap();
        let top = ["序 号", "排查\n时间", "信访人 姓名", "联系方式", "是否脱贫户 （监测对象）",
            "问题所属地", "反映问题", "问题类别", "是否为新排查出的不稳定因素：", "责任单位"];
        for (c, t) in (0u16..).zip(top) {
            ws.merge_range(7, c, 8, c, t, &f).unwrap();
        }
        ws.merge_range(7, 10, 7, 13, "三到位一处理", &f).unwrap();
        row(ws, 8, &["", "", "", "", "", "", "", "", "", "", "诉求合理的是否解决到位",
            "诉求无力的是否思想引导到位", "生活困难的是否帮扶救助到位", "行为违法的是否依法处理"]);
        ws.merge_range(7, 14, 8, 14, "是否稳定", &f).unwrap();
        ws.merge_range(7, 15, 8, 15, "备注", &f).unwrap();
        row(ws, 9, &["1", "2022年3月5日", "王 建国", "138 1234 5678", "脱贫户", "张潘乡（镇）古城村（社区）",
            "反映问题一", "危房改造类", "√", "", "✓", "×", "不涉及", "", "是", ""]);
        // An Excel date, then a bare serial number; 责任单位 merged down two rows.
        let d = Format::new().set_num_format("yyyy/m/d");
        ws.write_datetime_with_format(10, 1, ExcelDateTime::from_ymd(2022, 3, 6).unwrap(), &d).unwrap();
        ws.write_number(11, 1, 44627.0).unwrap();
        row(ws, 10, &["2", "", "李四", "", "监测户", "灵井霍庄", "反映问题二", "其他", "否", "",
            "是", "", "", "", "否", "备注二"]);
        row(ws, 11, &["3", "", "张三", "03745012345", "否", "许昌市建安区榆林乡 榆林村", "反映问题三",
            "防返贫监测", "", "", "", "", "", "", "", ""]);
        ws.merge_range(10, 9, 11, 9, "区民政局", &f).unwrap();
        // A blank row, two more date spellings, then the footnotes.
        row(ws, 13, &["4", "2022.3.8", "赵六", "", "", "河街乡河街村", "反映问题四", "其他类"]);
        row(ws, 14, &["5", "2022/3/9", "钱七", "", "", "桂村乡", "反映问题五", "小额信贷"]);
        ws.merge_range(15, 0, 15, 15, "备注：", &f).unwrap();
        ws.merge_range(16, 0, 16, 15, "1. 问题类别栏选择填写：……", &f).unwrap();
    })
}

#[test]
fn finds_the_header_among_title_rows_blank_rows_merges_and_full_width_text() {
    let rows = import_annex1(&quirky_sheet(), &jianan()).unwrap();
    let dates: Vec<_> = rows.iter().map(|r| r.screened_on).collect();
    let want = [(3, 5), (3, 6), (3, 7), (3, 8), (3, 9)].map(|(m, d)| date(2022, m, d));
    assert_eq!(dates, want);
    let r = &rows[0];
    assert_eq!(r.name, "王建国");
    assert_eq!(r.phone.as_ref().unwrap().as_string(), "13812345678");
    assert_eq!(
        (r.township.as_str(), r.village.as_deref()),
        ("张潘镇", Some("古城村"))
    );
    assert_eq!(r.category, Category::Housing);
    assert_eq!(r.newly_found, Some(true));
    use TriAnswer::{No, NotApplicable as Na, Yes};
    assert_eq!(r.tri.answers(), [Yes, No, Na, Na]);
    assert_eq!(rows[1].poverty, Some(PovertyStatus::Monitored));
    let place = |i: usize| (rows[i].township.as_str(), rows[i].village.as_deref());
    assert_eq!(place(1), ("灵井镇", Some("霍庄村")));
    assert_eq!(rows[1].category, Category::Other);
    assert_eq!(rows[1].responsible_unit, "区民政局");
    assert_eq!(
        rows[2].responsible_unit, "区民政局",
        "a merged cell covers its rows"
    );
    assert_eq!(rows[2].phone.as_ref().unwrap().as_string(), "0374-5012345");
    assert_eq!(rows[2].poverty, Some(PovertyStatus::General));
    assert_eq!(place(2), ("榆林乡", Some("榆林村")));
    assert_eq!(rows[2].category, Category::Monitoring);
    assert_eq!(place(4), ("桂村乡", None));
}

#[test]
fn a_header_repeated_lower_down_is_skipped() {
    let bytes = book(|ws| {
        row(ws, 0, &FLAT_HEADER);
        row(ws, 1, &GOOD);
        row(ws, 2, &FLAT_HEADER);
        row(ws, 3, &GOOD);
    });
    assert_eq!(import_annex1(&bytes, &jianan()).unwrap().len(), 2);
}

#[test]
fn separate_township_and_village_columns_and_the_header_on_a_later_sheet() {
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "请在第二个工作表填写")
        .unwrap();
    let ws = wb.add_worksheet();
    let mut header = FLAT_HEADER.to_vec();
    header[5] = "乡（镇）";
    header.push("村（社区）");
    row(ws, 0, &header);
    let mut data = GOOD.to_vec();
    data[5] = "张潘";
    data.push("古城");
    row(ws, 1, &data);
    let rows = import_annex1(&wb.save_to_buffer().unwrap(), &jianan()).unwrap();
    assert_eq!(
        (rows[0].township.as_str(), rows[0].village.as_deref()),
        ("张潘镇", Some("古城村"))
    );
}

fn problem(row: usize, column: &str, value: &str, reason: &str) -> ImportProblem {
    ImportProblem {
        row,
        column: column.into(),
        value: value.into(),
        reason: reason.into(),
    }
}

#[test]
fn bad_rows_report_every_problem_and_return_nothing() {
    let mut bad_date = GOOD;
    bad_date[1] = "2022-13-45";
    let mut unknown_village = GOOD;
    unknown_village[5] = "张潘镇不存在村";
    let mut unknown_township = GOOD;
    unknown_township[5] = "北京市朝阳区";
    let mut bad_phone = GOOD;
    bad_phone[3] = "1381234567";
    let mut missing = GOOD;
    missing[2] = "";
    missing[6] = "";
    missing[7] = "房子";
    let mut bad_marks = GOOD;
    bad_marks[10] = "也许";
    bad_marks[14] = "稳";
    let bytes = flat_sheet(&[
        GOOD,
        bad_date,
        unknown_village,
        unknown_township,
        bad_phone,
        missing,
        bad_marks,
    ]);
    let err = import_annex1(&bytes, &jianan()).unwrap_err();
    let date_reason = "月份应为1至12，实际为13";
    assert_eq!(
        err.problems(),
        [
            problem(3, "排查时间", "2022-13-45", date_reason),
            problem(
                4,
                "问题所属地",
                "张潘镇不存在村",
                "张潘镇没有名为“不存在村”的村（社区）"
            ),
            problem(
                5,
                "问题所属地",
                "北京市朝阳区",
                "未找到该乡镇（街道）：应为建安区的乡镇或街道，如“将官池镇将官池村”"
            ),
            problem(
                6,
                "联系方式",
                "1381234567",
                "手机号应为11位数字，实际为10位"
            ),
            problem(7, "信访人姓名", "", "不能为空"),
            problem(7, "反映问题", "", "不能为空"),
            problem(
                7,
                "问题类别",
                "房子",
                "无法识别，应填写防返贫监测、帮扶措施、资金项目、危房改造、小额信贷、民政救助、医疗保障、残疾人补贴、其他类之一"
            ),
            problem(
                8,
                "诉求合理的是否解决到位",
                "也许",
                "无法识别，应填写“是”“否”或“不涉及”（也可用√、×）"
            ),
            problem(
                8,
                "是否稳定",
                "稳",
                "无法识别，应填写“是”或“否”（也可用√、×）"
            ),
        ]
    );
    assert!(
        err.to_string()
            .starts_with("共有9处错误，未导入任何数据；第一处：第3行“排查时间”"),
        "{err}"
    );
}

#[test]
fn id_numbers_are_checked_and_masked_in_reports() {
    let mut header = FLAT_HEADER.to_vec();
    header.push("身份证号");
    let bytes = book(|ws| {
        row(ws, 0, &header);
        let mut good = GOOD.to_vec();
        good.push("411003196503021238");
        row(ws, 1, &good);
        let mut bad = GOOD.to_vec();
        bad.push("411003196503021231");
        row(ws, 2, &bad);
        row(ws, 3, &GOOD);
        ws.write_number(3, 16, 411003196503021230.0).unwrap();
    });
    let err = import_annex1(&bytes, &jianan()).unwrap_err();
    let p = err.problems();
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!((p[0].row, p[0].column.as_str()), (3, "身份证号"));
    assert_eq!(p[0].value, "411003********1231", "the number is masked");
    assert!(
        p[0].reason.starts_with("身份证号校验位错误"),
        "{}",
        p[0].reason
    );
    assert!(p[1].reason.contains("存成了数字"), "{}", p[1].reason);
}

#[test]
fn wrong_headers_name_the_missing_columns() {
    let mut header = FLAT_HEADER;
    header[6] = "问题描述";
    header[14] = "稳定情况";
    let bytes = book(|ws| {
        ws.write_string(0, 0, "不稳定因素排查处置台账").unwrap();
        row(ws, 1, &header);
    });
    let err = import_annex1(&bytes, &jianan()).unwrap_err();
    assert_eq!(
        err,
        ImportErrors::File(FileRefusal::MissingColumns {
            row: 2,
            missing: vec!["反映问题".into(), "是否稳定".into()]
        })
    );
    assert_eq!(err.to_string(), "第2行的表头缺少以下列：反映问题、是否稳定");
    let nothing = book(|ws| row(ws, 0, &["姓名", "年龄"]));
    assert!(
        import_annex1(&nothing, &jianan())
            .unwrap_err()
            .to_string()
            .contains("未找到《不稳定因素排查处置台账》的表头")
    );
}

#[test]
fn annex3_skips_the_template_placeholder_and_checks_mobiles() {
    let header = [
        "序 号",
        "单位",
        "分管领导",
        "职务",
        "办公电话",
        "手机号码",
        "涉贫信访专干",
        "办公电话",
        "手机号码",
    ];
    let ok = book(|ws| {
        row(ws, 0, &header);
        row(ws, 1, &["1", "**乡镇"]);
        row(
            ws,
            2,
            &[
                "2",
                "灵井",
                "孙某",
                "副书记",
                "0374-5012345",
                "13937412345",
                "周某",
                "",
                "",
            ],
        );
        row(ws, 3, &["3"]);
    });
    let rows = import_annex3(&ok, &jianan()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].unit, "灵井镇");
    let bad = book(|ws| {
        row(ws, 0, &header);
        row(ws, 1, &["1", "火星乡", "孙某", "", "", "0374-5012345"]);
    });
    let p = import_annex3(&bad, &jianan())
        .unwrap_err()
        .problems()
        .to_vec();
    assert_eq!(p.len(), 2);
    assert_eq!(
        (p[0].column.as_str(), p[1].column.as_str()),
        ("单位", "分管领导手机号码")
    );
}

#[test]
fn annex4_needs_exactly_one_category_mark() {
    let row4 = |marks: &[usize]| AnnexFourRow {
        received_on: date(2022, 9, 5),
        channel: None,
        summary: "摘要".into(),
        city: "许昌市".into(),
        county: "建安区".into(),
        poverty: None,
        category: Category::Other,
        key_case: None,
        due_on: None,
        handling_unit: String::new(),
        contacted_on: None,
        opinion_on: None,
        finding: None,
        satisfaction: None,
        review: String::new(),
        second_review: String::new(),
        legal_progress: format!("{marks:?}"),
    };
    let mut bytes = annex4_xlsx(&LedgerHeader::default(), &[row4(&[])]).unwrap();
    assert!(import_annex4(&bytes).is_ok());
    // Re-write the data row's marks with the xlsx writer: none, then two.
    for (marks, reason) in [(vec![], "未勾选问题类别"), (vec![7, 10], "只能勾选一项")]
    {
        bytes = book(|ws| {
            let top = [
                "序号",
                "接待日期",
                "信访渠道",
                "信访人信息及反映事项内容摘要",
                "省辖市",
                "县（市、区）",
                "是否脱贫（监测）户",
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
                "是否重点交办",
                "办结时限",
                "承办单位",
                "联系信访人时间",
                "反馈处理意见时间",
                "信访人反映问题是否属实",
                "信访人是否满意",
                "复查情况",
                "复核情况",
                "涉法涉诉涉纪件工作进度",
            ];
            row(ws, 0, &top);
            row(ws, 1, &["1", "2022-09-05", "网上", "摘要"]);
            for m in &marks {
                ws.write_string(1, *m as u16, "√").unwrap();
            }
        });
        let err = import_annex4(&bytes).unwrap_err();
        assert_eq!(err.problems()[0].column, "问题类别");
        assert!(err.problems()[0].reason.contains(reason), "{err}");
    }
}

/// The same workbook with its sheet's rows written bottom to top, as a
/// writer that puts cells out of order might.
fn rows_reversed(bytes: &[u8]) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let s = String::from_utf8(text).unwrap();
            let start = s.find("<sheetData>").unwrap() + "<sheetData>".len();
            let end = s.find("</sheetData>").unwrap();
            let rows: Vec<&str> = s[start..end].split_inclusive("</row>").collect();
            let reversed: String = rows.into_iter().rev().collect();
            text = format!("{}{reversed}{}", &s[..start], &s[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_sheet_written_out_of_order_reads_as_the_same_rows() {
    // The importer streams a sheet a row at a time; cells out of order send
    // it to reading the sheet whole and sorting it, with the same result.
    let sheet = quirky_sheet();
    let reversed = rows_reversed(&sheet);
    assert_ne!(sheet, reversed);
    let want = import_annex1(&sheet, &jianan()).unwrap();
    let got = import_annex1(&reversed, &jianan()).unwrap();
    assert_eq!(format!("{got:?}"), format!("{want:?}"));
    assert_eq!(got.len(), 5);
}
