//! Reading one data row's cells by field into typed values, noting every problem met.

use jiff::civil::Date;
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::vocab::{Category, PovertyStatus, TriAnswer, TriRecord};

use super::cells::{CellValue, GridRow, format_number};
use super::normalise::{
    clean, date_from_serial, impossible_date, parse_category, parse_date_text, parse_place,
    parse_poverty, parse_township, parse_tri, parse_village, parse_yes_no, squeeze,
};
use super::places::Places;
use super::problems::ImportProblem;
use super::spec::{Field, HeaderMap};

/// Reads one data row's cells by field, noting every problem it meets.
#[derive(Debug)]
pub(crate) struct RowReader<'a> {
    row: &'a GridRow,
    /// Whether dates count from 1904 (old Mac workbooks).
    is_1904: bool,
    map: &'a HeaderMap,
    fields: &'a [Field],
    problems: &'a mut Vec<ImportProblem>,
    /// Fields of this row already reported.
    reported: Vec<usize>,
}

impl<'a> RowReader<'a> {
    /// A reader over one row; problems go to `problems`.
    pub fn new(
        row: &'a GridRow,
        is_1904: bool,
        map: &'a HeaderMap,
        fields: &'a [Field],
        problems: &'a mut Vec<ImportProblem>,
    ) -> RowReader<'a> {
        RowReader {
            row,
            is_1904,
            map,
            fields,
            problems,
            reported: Vec::new(),
        }
    }

    fn cell(&self, field: usize) -> Option<(u32, &CellValue)> {
        let col = self.map.cols.get(field).copied().flatten()?;
        self.row.get(col).map(|v| (col, v))
    }

    /// Whether the field's column exists in this sheet.
    pub fn has(&self, field: usize) -> bool {
        self.map.cols.get(field).copied().flatten().is_some()
    }

    /// Records a problem on a field of this row: the first one only, so that
    /// a cell already reported (a formula without a result, an error value)
    /// is not reported again as empty.
    pub fn problem(&mut self, field: usize, value: impl Into<String>, reason: impl Into<String>) {
        if self.reported.contains(&field) {
            return;
        }
        self.reported.push(field);
        let column = self.fields.get(field).map_or("", |f| f.label).to_string();
        self.problems.push(ImportProblem {
            row: self.row.row as usize + 1,
            column,
            value: value.into(),
            reason: reason.into(),
        });
    }

    /// The raw value, with error values and uncalculated formulas reported.
    fn value(&mut self, field: usize) -> Option<CellValue> {
        let col = self.map.cols.get(field).copied().flatten()?;
        if self.row.no_value.contains(&col) {
            self.problem(field, "", "单元格是公式但没有计算结果，请在Excel中打开、重新计算并保存后再导入，或直接填写数值");
            return None;
        }
        match self.cell(field)?.1.clone() {
            CellValue::Error(e) => {
                self.problem(
                    field,
                    e.clone(),
                    format!("单元格是错误值{e}，请改为正确的内容"),
                );
                None
            }
            v => Some(v),
        }
    }

    /// The cell as trimmed text ("" when empty).
    pub fn text(&mut self, field: usize) -> String {
        self.value(field)
            .map(|v| clean(&v.as_text()))
            .unwrap_or_default()
    }

    /// Text that must not be empty.
    pub fn required_text(&mut self, field: usize) -> String {
        let s = self.text(field);
        if s.is_empty() {
            self.problem(field, "", "不能为空");
        }
        s
    }

    /// A name: all white space removed, required.
    pub fn name(&mut self, field: usize) -> String {
        squeeze(&self.required_text(field))
    }

    /// A date in any accepted spelling or an Excel date.
    pub fn date(&mut self, field: usize, required: bool) -> Option<Date> {
        let v = self.value(field);
        let parsed = match &v {
            None => {
                if required {
                    self.problem(field, "", "不能为空");
                }
                return None;
            }
            Some(CellValue::Date(d)) => Some(*d),
            Some(CellValue::Number(n)) => {
                let s = format_number(*n);
                parse_date_text(&s).or_else(|| date_from_serial(*n, self.is_1904))
            }
            Some(other) => parse_date_text(&other.as_text()),
        };
        if parsed.is_none() {
            let shown = v.map(|v| v.as_text()).unwrap_or_default();
            let reason = impossible_date(&shown).unwrap_or_else(|| {
                "日期格式不正确，应为如2022-03-05、2022年3月5日、2022.3.5或2022/3/5的日期".into()
            });
            self.problem(field, shown, reason);
        }
        parsed
    }

    /// A phone number, optional; refused with the parser's own Chinese reason.
    pub fn phone(&mut self, field: usize) -> Option<PhoneNumber> {
        let s = self.text(field);
        if s.is_empty() {
            return None;
        }
        match PhoneNumber::parse(&s) {
            Ok(p) => Some(p),
            Err(e) => {
                self.problem(field, s, e.to_string());
                None
            }
        }
    }

    /// A resident ID number, optional. An ID stored as a number has lost digits.
    pub fn resident_id(&mut self, field: usize) -> Option<ResidentId> {
        let raw = self.value(field)?;
        if let CellValue::Number(n) = raw {
            self.problem(
                field,
                format_number(n),
                "身份证号被存成了数字，后几位已丢失；请把该列设为文本格式后重新填写",
            );
            return None;
        }
        let s = clean(&raw.as_text());
        match ResidentId::parse(&s) {
            Ok(id) => Some(id),
            Err(e) => {
                self.problem(field, mask_id(&s), e.to_string());
                None
            }
        }
    }

    /// Any value parsed by `parse`, blank allowed; `what` names the allowed values.
    pub fn parsed<T>(
        &mut self,
        field: usize,
        parse: impl Fn(&str) -> Option<T>,
        what: &str,
    ) -> Option<T> {
        let s = self.text(field);
        if s.is_empty() {
            return None;
        }
        let v = parse(&s);
        if v.is_none() {
            self.problem(field, s, format!("无法识别，应填写{what}"));
        }
        v
    }

    /// 是 / 否 (√ × ✓ ✗ …), blank allowed.
    pub fn yes_no(&mut self, field: usize) -> Option<bool> {
        self.parsed(field, parse_yes_no, "“是”或“否”（也可用√、×）")
    }

    /// One 三到位一处理 answer; blank means 不涉及.
    pub fn tri(&mut self, field: usize) -> TriAnswer {
        let s = self.text(field);
        parse_tri(&s).unwrap_or_else(|| {
            self.problem(field, s, "无法识别，应填写“是”“否”或“不涉及”（也可用√、×）");
            TriAnswer::NotApplicable
        })
    }

    /// 是否脱贫户（监测对象）, blank allowed.
    pub fn poverty(&mut self, field: usize) -> Option<PovertyStatus> {
        self.parsed(field, parse_poverty, "“脱贫户”“监测对象”“一般户”或“是”“否”")
    }

    /// 问题类别 (Annexes 1, 2), required.
    pub fn category(&mut self, field: usize) -> Option<Category> {
        let s = self.text(field);
        if s.is_empty() {
            self.problem(field, "", "不能为空");
            return None;
        }
        self.parsed(field, parse_category, "防返贫监测、帮扶措施、资金项目、危房改造、小额信贷、民政救助、医疗保障、残疾人补贴、其他类之一")
    }
}

impl RowReader<'_> {
    /// Records a problem under a column name that is not one field (e.g. 问题类别 over twelve columns).
    pub fn problem_named(
        &mut self,
        column: &str,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.problems.push(ImportProblem {
            row: self.row.row as usize + 1,
            column: column.to_string(),
            value: value.into(),
            reason: reason.into(),
        });
    }

    /// 问题所属地 from one `**乡（镇）**村（社区）` cell, or from separate
    /// township and village columns, among the district's `places`; required.
    pub fn place(
        &mut self,
        place: usize,
        township: usize,
        village: usize,
        places: &Places,
    ) -> Option<(String, Option<String>)> {
        let text = self.text(place);
        if !text.is_empty() {
            return match parse_place(&text, places) {
                Ok(found) => Some(found),
                Err(e) => {
                    self.problem(place, text, e.reason());
                    None
                }
            };
        }
        let t_text = self.text(township);
        if t_text.is_empty() {
            let field = if self.has(place) || !self.has(township) {
                place
            } else {
                township
            };
            self.problem(field, "", "不能为空，应填写“**乡（镇）**村（社区）”");
            return None;
        }
        let t = match parse_township(&t_text, places) {
            Ok(t) => t,
            Err(e) => {
                self.problem(township, t_text, e.reason());
                return None;
            }
        };
        let v_text = self.text(village);
        match parse_village(&t, &v_text, places) {
            Ok(v) => Some((t, v)),
            Err(e) => {
                self.problem(village, v_text, e.reason());
                None
            }
        }
    }

    /// The four 三到位一处理 answers from four consecutive fields.
    pub fn tri_record(&mut self, first: usize) -> TriRecord {
        TriRecord {
            reasonable_resolved: self.tri(first),
            unreasonable_guided: self.tri(first + 1),
            hardship_helped: self.tri(first + 2),
            unlawful_handled: self.tri(first + 3),
        }
    }
}

/// An ID number in a problem report: only the first six and last four shown.
fn mask_id(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 11 {
        return s.to_string();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}
