//! The monthly meeting pack (信访舆情隐患分析排查会议材料) as an A4 PDF: a
//! title, a few lines of summary, then one table a section (new cases, open
//! and overdue ones, key persons, screening entries, last month's measures).
//!
//! A working paper rather than an official form: a character the font
//! lacks prints as □ instead of stopping the pack (a notice refuses it).

use serde::Serialize;
use serde_json::json;

use super::NoticeError;
use super::font::NoticeFont;
use super::world::{self, Template};

/// One table of the pack.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PackSection {
    /// 标题, e.g. 一、上月新增信访件.
    pub heading: String,
    /// A line under the heading (what is counted), or empty.
    pub note: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// Relative column widths, one a column.
    pub widths: Vec<u32>,
    /// The rows, each as many cells as columns.
    pub rows: Vec<Vec<String>>,
    /// Under the table: how many more were left out, or empty.
    pub more: String,
    /// Printed instead of the table when there are no rows.
    pub empty: String,
}

/// The pack.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeetingPack {
    /// 标题.
    pub title: String,
    /// The line under it (township, month, when generated).
    pub subtitle: String,
    /// 概况: a few sentences.
    pub summary: Vec<String>,
    /// The tables.
    pub sections: Vec<PackSection>,
    /// The document's author (the township).
    pub author: String,
}

/// Typesets the pack.
pub fn meeting_pack_pdf(pack: &MeetingPack, font: &NoticeFont) -> Result<Vec<u8>, NoticeError> {
    for (i, s) in pack.sections.iter().enumerate() {
        if s.columns.len() != s.widths.len() || s.rows.iter().any(|r| r.len() != s.columns.len()) {
            return Err(NoticeError::Invalid {
                field: format!("第{}部分", i + 1),
                reason: "列数不一致".into(),
            });
        }
    }
    let mut data = json!({
        "font": font.family(),
        "title": pack.title,
        "subtitle": pack.subtitle,
        "author": pack.author,
        "summary": pack.summary,
        "sections": pack.sections,
    });
    printable(&mut data, font);
    world::render(
        Template::MeetingPack,
        &world::Data {
            json: data,
            qr: None,
        },
        font,
    )
}

/// Every string with the characters the font lacks (and control
/// characters other than line ends) replaced by □ or dropped.
fn printable(value: &mut serde_json::Value, font: &NoticeFont) {
    match value {
        serde_json::Value::String(s)
            if s.chars()
                .any(|c| !c.is_ascii() && !font.has_char(c) || c.is_control()) =>
        {
            *s = s
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .map(|c| {
                    if c.is_ascii() || c == '\n' || font.has_char(c) {
                        c
                    } else {
                        '□'
                    }
                })
                .collect();
        }
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| printable(v, font)),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| printable(v, font)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(rows: usize) -> MeetingPack {
        MeetingPack {
            title: "张潘镇2022年10月信访舆情隐患分析排查会议材料".into(),
            subtitle: "生成于2022年10月25日".into(),
            summary: vec!["上月新增信访件3件。".into()],
            sections: vec![PackSection {
                heading: "一、上月新增信访件".into(),
                columns: vec!["编号".into(), "反映问题".into()],
                widths: vec![1, 3],
                rows: (0..rows)
                    .map(|i| {
                        vec![
                            format!("建安信访〔2022〕{i:04}号"),
                            "危房改造补助未到位𠀀".into(),
                        ]
                    })
                    .collect(),
                empty: "无".into(),
                ..PackSection::default()
            }],
            author: "张潘镇".into(),
        }
    }

    #[test]
    fn a_pack_typesets_with_a_missing_glyph_replaced() {
        let pdf = meeting_pack_pdf(&pack(3), &NoticeFont::embedded()).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn rows_must_have_as_many_cells_as_columns() {
        let mut p = pack(1);
        p.sections[0].rows[0].pop();
        assert!(matches!(
            meeting_pack_pdf(&p, &NoticeFont::embedded()),
            Err(NoticeError::Invalid { .. })
        ));
    }
}
