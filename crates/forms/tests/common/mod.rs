//! Sheet builders shared by the ledger import tests.
#![allow(dead_code, clippy::unwrap_used)]

use rust_xlsxwriter::{Workbook, Worksheet};
use xinfang_forms::ledger::Places;

/// Jian'an's places, from the embedded district file.
pub fn jianan() -> Places {
    Places::of(&xinfang_domain::district::District::jianan())
}

/// A workbook built by `f` on its first sheet.
pub fn book(f: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut wb = Workbook::new();
    f(wb.add_worksheet());
    wb.save_to_buffer().unwrap()
}

pub fn row(ws: &mut Worksheet, r: u32, cells: &[&str]) {
    for (c, s) in (0u16..).zip(cells) {
        if !s.is_empty() {
            ws.write_string(r, c, *s).unwrap();
        }
    }
}

/// Annex 1's header flattened to one row, as some townships retype it.
pub const FLAT_HEADER: [&str; 16] = [
    "序号",
    "排查时间",
    "信访人姓名",
    "联系方式",
    "是否脱贫户(监测对象)",
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
    "备注",
];

pub fn flat_sheet(rows: &[[&str; 16]]) -> Vec<u8> {
    book(|ws| {
        row(ws, 0, &FLAT_HEADER);
        for (i, r) in rows.iter().enumerate() {
            row(ws, i as u32 + 1, r);
        }
    })
}

pub const GOOD: [&str; 16] = [
    "1",
    "2022-03-05",
    "王建国",
    "13812345678",
    "是",
    "张潘镇古城村",
    "危房改造补助未到位",
    "危房改造",
    "是",
    "区住建局",
    "是",
    "",
    "",
    "",
    "是",
    "",
];
