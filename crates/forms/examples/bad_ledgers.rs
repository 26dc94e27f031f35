//! Writes the corpus of bad ledger files in `tests/bad-ledgers/`: the
//! mistakes townships make when they fill Annex 1 and 3 by hand, and the
//! hostile files an importer must refuse.
//!
//! The files are committed; this program says how each was made and makes
//! them again after a deliberate change:
//!
//! ```text
//! cargo run -p xinfang-forms --example bad_ledgers -- tests/bad-ledgers
//! ```
//!
//! What each file must produce is in `tests/bad-ledgers/expected.json`,
//! checked by the forms crate's `ledger_bad_files` test (which also borrows
//! this file's builders) and, through the API on both databases, by the
//! app's `ledgers::corpus` test.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use zip::write::SimpleFileOptions;

/// Annex 1's header as the seed prints it: two rows, 三到位一处理 merged over its four questions.
pub const TOP: [&str; 10] = [
    "序号",
    "排查时间",
    "信访人姓名",
    "联系方式",
    "是否脱贫户（监测对象）",
    "问题所属地",
    "反映问题",
    "问题类别",
    "是否为新排查出的不稳定因素",
    "责任单位",
];
pub const TRI: [&str; 4] = [
    "诉求合理的是否解决到位",
    "诉求无理的是否思想引导到位",
    "生活困难的是否帮扶救助到位",
    "行为违法的是否依法处理",
];

/// One Annex 1 data row: the seed's sixteen columns, then 身份证号.
pub type Row = [&'static str; 17];

pub const GOOD: Row = [
    "1",
    "2022年3月5日",
    "王建国",
    "13812345678",
    "脱贫户",
    "张潘镇古城村",
    "反映危房改造补助资金未到位",
    "危房改造",
    "是",
    "区住建局",
    "是",
    "",
    "",
    "",
    "是",
    "",
    "11010519491231002X",
];

/// A township's Annex 1 as they keep it in WPS: 附件1, the title, 填报单位,
/// the two-row merged header (with `rename` applied to its texts), the rows
/// and the footnote.
pub fn annex1(rows: &[Row], rename: &[(&str, &'static str)]) -> Vec<u8> {
    let header = |t: &'static str| -> &'static str {
        rename
            .iter()
            .find(|(from, _)| *from == t)
            .map_or(t, |(_, to)| to)
    };
    let mut wb = workbook();
    let ws = wb.add_worksheet();
    let f = Format::new();
    ws.write(0, 0, "附件1").unwrap();
    ws.merge_range(1, 0, 1, 16, "不稳定因素排查处置台账", &f)
        .unwrap();
    ws.write(2, 0, "填报单位（盖章）：张潘镇人民政府").unwrap();
    ws.write(3, 0, "联系电话：0374-5012345").unwrap();
    for (c, t) in (0u16..).zip(TOP) {
        ws.merge_range(4, c, 5, c, header(t), &f).unwrap();
    }
    ws.merge_range(4, 10, 4, 13, "三到位一处理", &f).unwrap();
    for (c, t) in (10u16..).zip(TRI) {
        ws.write(5, c, header(t)).unwrap();
    }
    for (c, t) in [(14u16, "是否稳定"), (15, "备注"), (16, "身份证号")] {
        ws.merge_range(4, c, 5, c, header(t), &f).unwrap();
    }
    for (r, row) in (6u32..).zip(rows) {
        cells(ws, r, row);
    }
    let after = 6 + rows.len() as u32;
    ws.merge_range(
        after,
        0,
        after,
        16,
        "备注：问题类别栏填写危房改造、饮水安全、医疗保障、教育资助、产业就业、小额信贷、民政救助、防返贫监测、其他。",
        &f,
    )
    .unwrap();
    wb.save_to_buffer().unwrap()
}

/// A workbook whose bytes do not depend on the day it is made.
fn workbook() -> Workbook {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 10, 14).unwrap();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    wb
}

fn cells(ws: &mut Worksheet, r: u32, values: &[&str]) {
    for (c, v) in (0u16..).zip(values) {
        if !v.is_empty() {
            ws.write(r, c, *v).unwrap();
        }
    }
}

fn with(mut row: Row, changes: &[(usize, &'static str)]) -> Row {
    for (i, v) in changes {
        row[*i] = v;
    }
    row
}

fn numbered(rows: &[Row]) -> Vec<Row> {
    const N: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
    (0..rows.len())
        .map(|i| with(rows[i], &[(0, N[i])]))
        .collect()
}

/// Annex 3 as a township fills the district's template.
pub fn annex3(rows: &[[&str; 8]]) -> Vec<u8> {
    let mut wb = workbook();
    let ws = wb.add_worksheet();
    let f = Format::new();
    ws.write(0, 0, "附件3").unwrap();
    ws.merge_range(1, 0, 1, 8, "乡镇涉贫信访干部队伍统计表", &f)
        .unwrap();
    ws.merge_range(2, 0, 3, 0, "序号", &f).unwrap();
    ws.merge_range(2, 1, 3, 1, "单位", &f).unwrap();
    ws.merge_range(2, 2, 2, 5, "分管领导", &f).unwrap();
    ws.merge_range(2, 6, 2, 8, "涉贫信访专干", &f).unwrap();
    cells(
        ws,
        3,
        &[
            "",
            "",
            "姓名",
            "职务",
            "办公电话",
            "手机号码",
            "姓名",
            "办公电话",
            "手机号码",
        ],
    );
    for (r, row) in (4u32..).zip(rows) {
        ws.write(r, 0, r - 3).unwrap();
        for (c, v) in (1u16..).zip(row) {
            ws.write(r, c, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

pub fn zip_of(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
pub const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
pub const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
pub const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A hand-made workbook whose one sheet holds `sheet_data` (the inside of
/// `<sheetData>`): for what spreadsheet programs write but rust_xlsxwriter
/// does not (formulas without results, rows a million down).
pub fn raw_xlsx(sheet_data: &str) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    )
}

fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// A `<row>`; a cell written `=F` is a formula with no cached result,
/// `=F|V` one whose last result was V.
pub fn raw_row(r: u32, values: &[&str]) -> String {
    let mut out = format!(r#"<row r="{}">"#, r + 1);
    for (c, s) in (0u32..).zip(values) {
        let at = format!("{}{}", col_name(c), r + 1);
        out += &match s.strip_prefix('=').map(|f| f.split_once('|')) {
            Some(Some((f, v))) => format!(r#"<c r="{at}"><f>{f}</f><v>{v}</v></c>"#),
            Some(None) => format!(r#"<c r="{at}"><f>{}</f></c>"#, &s[1..]),
            None if s.is_empty() => continue,
            None => format!(r#"<c r="{at}" t="inlineStr"><is><t>{s}</t></is></c>"#),
        };
    }
    out + "</row>"
}

/// Sets the declared uncompressed size of every entry (or of the one named
/// `only`), in the local headers and the central directory, as a forged
/// file does.
pub fn declare_sizes(zip: &mut [u8], size: u32, only: Option<&str>) {
    let mut i = 0;
    while i + 46 < zip.len() {
        let sig = u32::from_le_bytes(zip[i..i + 4].try_into().unwrap());
        let (size_at, name_len_at, name_at) = match sig {
            0x0403_4b50 => (22, 26, 30),
            0x0201_4b50 => (24, 28, 46),
            _ => {
                i += 1;
                continue;
            }
        };
        let len = u16::from_le_bytes(
            zip[i + name_len_at..i + name_len_at + 2]
                .try_into()
                .unwrap(),
        );
        let name = String::from_utf8_lossy(&zip[i + name_at..i + name_at + usize::from(len)]);
        if only.is_none_or(|o| o == name) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
        i += 4;
    }
}

pub fn flat_header() -> Vec<&'static str> {
    TOP.iter()
        .chain(&TRI)
        .chain(&["是否稳定", "备注"])
        .copied()
        .collect()
}

pub fn files() -> Vec<(&'static str, Vec<u8>)> {
    let good_row = raw_row(1, &GOOD[..16]);
    vec![
        (
            "annex1-wrong-headers.xlsx",
            annex1(
                &[GOOD],
                &[
                    ("问题类别", "问题性质"),
                    ("是否稳定", "稳定情况"),
                    ("责任单位", "包保责任人"),
                ],
            ),
        ),
        ("annex1-no-header.xlsx", {
            let mut wb = workbook();
            let ws = wb.add_worksheet();
            ws.write(0, 0, "张潘镇2022年第三季度涉贫信访工作总结")
                .unwrap();
            ws.write(
                2,
                0,
                "一、基本情况：本季度共排查不稳定因素12条，均已落实包案责任。",
            )
            .unwrap();
            ws.write(3, 0, "二、下步打算：持续开展日常排查，做到早发现、早化解。")
                .unwrap();
            wb.save_to_buffer().unwrap()
        }),
        (
            "annex1-wrong-annex.xlsx",
            annex3(&[[
                "张潘镇",
                "李华",
                "副镇长",
                "0374-5012345",
                "13812345678",
                "张敏",
                "0374-5012346",
                "13912345678",
            ]]),
        ),
        (
            "annex1-bad-dates.xlsx",
            annex1(
                &numbered(&[
                    GOOD,
                    with(GOOD, &[(1, "2022年13月5日"), (2, "李四")]),
                    with(GOOD, &[(1, "2022.2.30"), (2, "赵五")]),
                    with(GOOD, &[(1, "三月初五"), (2, "钱六")]),
                    with(GOOD, &[(1, ""), (2, "孙七")]),
                ]),
                &[],
            ),
        ),
        (
            "annex1-unknown-village.xlsx",
            annex1(
                &numbered(&[
                    GOOD,
                    with(GOOD, &[(5, "张潘镇幸福村"), (2, "李四")]),
                    with(GOOD, &[(5, "桃花乡桃花村"), (2, "赵五")]),
                    with(GOOD, &[(5, ""), (2, "钱六")]),
                ]),
                &[],
            ),
        ),
        (
            "annex1-bad-id-and-phone.xlsx",
            annex1(
                &numbered(&[
                    GOOD,
                    with(GOOD, &[(16, "110105194912310021"), (2, "李四")]),
                    with(GOOD, &[(16, "41100319800101123"), (2, "赵五")]),
                    with(GOOD, &[(3, "1381234567"), (2, "钱六")]),
                    with(GOOD, &[(3, "12345678901"), (2, "孙七")]),
                ]),
                &[],
            ),
        ),
        (
            "annex1-missing-fields.xlsx",
            annex1(
                &numbered(&[
                    with(GOOD, &[(2, "")]),
                    with(GOOD, &[(2, "李四"), (6, "")]),
                    with(GOOD, &[(2, "赵五"), (7, "")]),
                    with(GOOD, &[(2, "钱六"), (7, "道路硬化")]),
                    with(GOOD, &[(2, "孙七"), (8, "也许"), (14, "不清楚")]),
                ]),
                &[],
            ),
        ),
        (
            "annex1-formulas.xlsx",
            raw_xlsx(
                &(raw_row(0, &flat_header())
                    + &good_row
                    + &raw_row(2, &with(GOOD, &[(1, "=TODAY()"), (2, "李四")])[..16])
                    + &raw_row(3, &with(GOOD, &[(2, "=CONCATENATE(\"赵\",\"五\")")])[..16])),
            ),
        ),
        ("broken-zip.xlsx", {
            let good = annex1(&[GOOD], &[]);
            good[..good.len() / 2].to_vec()
        }),
        (
            "not-a-workbook.xlsx",
            "序号,排查时间,信访人姓名\n1,2022-03-05,王建国\n"
                .as_bytes()
                .to_vec(),
        ),
        ("old-excel.xlsx", {
            let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            ole.resize(4096, 0);
            ole
        }),
        (
            "word-document.xlsx",
            zip_of(
                &[
                    ("[Content_Types].xml", b"<Types/>"),
                    (
                        "word/document.xml",
                        "<w:document>不稳定因素排查处置台账</w:document>".as_bytes(),
                    ),
                ],
                zip::CompressionMethod::Deflated,
            ),
        ),
        (
            "zip-bomb.xlsx",
            zip_of(
                &[
                    ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
                    ("xl/workbook.xml", WORKBOOK.as_bytes()),
                    ("xl/worksheets/sheet1.xml", &vec![b' '; 50 * 1024 * 1024]),
                ],
                zip::CompressionMethod::Deflated,
            ),
        ),
        ("forged-sizes.xlsx", {
            let mut z = raw_xlsx(&(raw_row(0, &flat_header()) + &good_row));
            declare_sizes(&mut z, 90 * 1024 * 1024, None);
            z
        }),
        (
            "huge-sheet.xlsx",
            raw_xlsx(
                &(raw_row(0, &flat_header())
                    + &good_row
                    + r#"<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>"#),
            ),
        ),
        ("thousands-of-columns.xlsx", {
            let wide: Vec<String> = (0..5000).map(|i| format!("列{i}")).collect();
            let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
            raw_xlsx(&raw_row(0, &wide))
        }),
        (
            "annex3-bad-rows.xlsx",
            annex3(&[
                [
                    "张潘镇",
                    "李华",
                    "副镇长",
                    "0374-5012345",
                    "13812345678",
                    "张敏",
                    "0374-5012346",
                    "13912345678",
                ],
                [
                    "灵井镇",
                    "王强",
                    "副镇长",
                    "0374-5012347",
                    "0374-5012348",
                    "刘洋",
                    "0374-5012349",
                    "1391234567",
                ],
                [
                    "幸福乡",
                    "赵刚",
                    "副乡长",
                    "0374-5012350",
                    "13812345679",
                    "陈静",
                    "0374-5012351",
                    "13912345679",
                ],
            ]),
        ),
    ]
}

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("tests/bad-ledgers"), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("create the corpus folder");
    for (name, bytes) in files() {
        let path: &Path = &dir.join(name);
        std::fs::write(path, &bytes).expect("write a corpus file");
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
}
