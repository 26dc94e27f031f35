//! The printed shape shared by the four ledgers: preamble, merged headers, data, footnotes, page setup.

use jiff::civil::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::fit::{row_points, wrapped_lines};
use super::normalise::text_width;
use super::{LedgerError, LedgerHeader};

/// The font every ledger cell uses: a CJK face every Chinese office has.
pub(crate) const FONT: &str = "宋体";

/// Row (0-based) of the first header row: 附件N, title, 填报单位, 联系电话 come first.
pub(crate) const HEADER_ROW: u32 = 4;

/// The last row Excel has, so the most data rows a sheet can take.
const EXCEL_ROWS: usize = 1_048_576;

/// One printed column of a ledger.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// The header text as printed (the sub-header when in a group).
    pub header: &'static str,
    /// The group header merged over this column and its neighbours with the same group.
    pub group: Option<&'static str>,
    /// Width in Excel units (a CJK character is about two).
    pub width: f64,
    /// Long text: left-aligned and wrapped, the width fixed. Otherwise
    /// centred, and widened (up to [`MAX_AUTO_WIDTH`]) to fit the data.
    pub long: bool,
}

impl Column {
    /// A short, centred column.
    pub const fn short(header: &'static str, width: f64) -> Column {
        Column {
            header,
            group: None,
            width,
            long: false,
        }
    }

    /// A long, wrapped column.
    pub const fn long(header: &'static str, width: f64) -> Column {
        Column {
            header,
            group: None,
            width,
            long: true,
        }
    }

    /// The same column under a group header.
    pub const fn under(self, group: &'static str) -> Column {
        Column {
            group: Some(group),
            ..self
        }
    }
}

/// How wide a short column may grow to fit its data.
const MAX_AUTO_WIDTH: f64 = 24.0;

/// One annex's printed form.
#[derive(Debug)]
pub(crate) struct Layout {
    /// 附件 number, 1–4.
    pub annex: u8,
    /// The annex's title as in the seed's attachment list.
    pub title: &'static str,
    /// Every column after 序号, in the seed's order.
    pub columns: Vec<Column>,
    /// Footnote lines printed under the table.
    pub footnotes: &'static [&'static str],
}

impl Layout {
    /// 1 or 2 header rows: two when any column sits under a group.
    pub fn header_rows(&self) -> u32 {
        if self.columns.iter().any(|c| c.group.is_some()) {
            2
        } else {
            1
        }
    }

    /// Row (0-based) of the first data row.
    pub fn first_data_row(&self) -> u32 {
        HEADER_ROW + self.header_rows()
    }

    /// Number of columns including 序号.
    pub fn width(&self) -> u16 {
        u16::try_from(self.columns.len() + 1).unwrap_or(u16::MAX)
    }
}

/// One data cell's value.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// Text as typed.
    Text(String),
    /// A date, written as an Excel date shown `2022年3月5日`.
    Date(Date),
    /// Nothing (still bordered).
    Blank,
}

impl Value {
    /// Text, or blank when empty.
    pub fn text(s: impl Into<String>) -> Value {
        let s = s.into();
        if s.is_empty() {
            Value::Blank
        } else {
            Value::Text(s)
        }
    }

    /// An optional label.
    pub fn opt<T: std::fmt::Display>(v: Option<T>) -> Value {
        v.map_or(Value::Blank, |v| Value::Text(v.to_string()))
    }

    /// An optional date.
    pub fn date(d: Option<Date>) -> Value {
        d.map_or(Value::Blank, Value::Date)
    }

    /// 是 / 否 / blank.
    pub fn yes_no(v: Option<bool>) -> Value {
        Value::opt(v.map(|b| if b { "是" } else { "否" }))
    }
}

struct Formats {
    annex: Format,
    title: Format,
    line: Format,
    line_right: Format,
    header: Format,
    center: Format,
    long: Format,
    date: Format,
    footnote: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(10);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Formats {
            annex: base.clone().set_font_size(12).set_bold(),
            title: base
                .clone()
                .set_font_size(18)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            line: base.clone().set_font_size(11),
            line_right: base.clone().set_font_size(11).set_align(FormatAlign::Right),
            header: cell.clone().set_bold().set_align(FormatAlign::Center),
            center: cell.clone().set_align(FormatAlign::Center),
            long: cell.clone().set_align(FormatAlign::Left),
            date: cell
                .set_align(FormatAlign::Center)
                .set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            footnote: base.set_text_wrap().set_align(FormatAlign::Left),
        }
    }
}

/// Writes a whole ledger: `rows` yields each data row's values (without 序号).
///
/// The sheet is written in rust_xlsxwriter's constant-memory mode: each row
/// goes to a temporary file as soon as the next one starts, so a ledger of
/// 100 000 rows holds one row in memory, not the whole table. Everything is
/// therefore written strictly top to bottom, and a row's height is set
/// before its cells.
pub(crate) fn write_ledger<I>(
    header: &LedgerHeader,
    layout: &Layout,
    rows: I,
) -> Result<Vec<u8>, LedgerError>
where
    I: ExactSizeIterator<Item = Vec<Value>>,
{
    let max = EXCEL_ROWS - layout.first_data_row() as usize - layout.footnotes.len();
    if rows.len() > max {
        return Err(LedgerError::TooManyRows {
            rows: rows.len(),
            max,
        });
    }
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(format!("附件{}", layout.annex))?;
    let last_col = layout.width() - 1;
    write_preamble(sheet, &f, header, layout, last_col)?;
    write_header(sheet, &f, layout)?;

    let mut widths: Vec<f64> = std::iter::once(6.0)
        .chain(layout.columns.iter().map(|c| c.width))
        .collect();
    let mut row = layout.first_data_row();
    for (i, values) in rows.enumerate() {
        // Short columns widen to their text first, then every text is wrapped
        // at its column's width: the tallest cell sets the row's height,
        // which must be written before the row's cells.
        let mut lines = 1;
        for (col, (spec, value)) in (1u16..).zip(layout.columns.iter().zip(&values)) {
            if let Value::Text(s) = value {
                let w = &mut widths[usize::from(col)];
                if !spec.long {
                    *w = w.max((text_width(s) as f64 + 2.0).min(MAX_AUTO_WIDTH));
                }
                lines = lines.max(wrapped_lines(s, *w));
            }
        }
        sheet.set_row_height(row, row_points(lines))?;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        for (col, (spec, value)) in (1u16..).zip(layout.columns.iter().zip(values)) {
            let format = if spec.long { &f.long } else { &f.center };
            match value {
                Value::Text(s) => sheet.write_string_with_format(row, col, s, format)?,
                Value::Date(d) => {
                    sheet.write_datetime_with_format(row, col, excel_date(d)?, &f.date)?
                }
                Value::Blank => sheet.write_blank(row, col, format)?,
            };
        }
        row += 1;
    }
    // Column widths live outside the rows, so they can follow the data.
    for (col, w) in (0u16..).zip(&widths) {
        sheet.set_column_width(col, *w)?;
    }
    write_footnotes(sheet, &f, layout, row, last_col)?;
    page_setup(sheet, layout)?;
    Ok(workbook.save_to_buffer()?)
}

fn write_preamble(
    sheet: &mut Worksheet,
    f: &Formats,
    header: &LedgerHeader,
    layout: &Layout,
    last_col: u16,
) -> Result<(), LedgerError> {
    sheet.set_row_height(1, 36)?;
    sheet.set_row_height(2, 20)?;
    sheet.set_row_height(3, 20)?;
    sheet.write_string_with_format(0, 0, format!("附件{}", layout.annex), &f.annex)?;
    let title = header.title.as_deref().unwrap_or(layout.title);
    sheet.merge_range(1, 0, 1, last_col, title, &f.title)?;
    let half = last_col / 2;
    let org = format!("填报单位：{}", header.org_name);
    sheet.merge_range(2, 0, 2, half, &org, &f.line)?;
    let period = header
        .period
        .as_deref()
        .map(|p| format!("统计时段：{p}"))
        .unwrap_or_default();
    sheet.merge_range(2, half + 1, 2, last_col, &period, &f.line_right)?;
    let phone = format!("联系电话：{}", header.phone);
    sheet.merge_range(3, 0, 3, half, &phone, &f.line)?;
    Ok(())
}

/// The header: the top row (single headers merged down, group headers
/// merged across), then the sub-headers under the groups.
fn write_header(sheet: &mut Worksheet, f: &Formats, layout: &Layout) -> Result<(), LedgerError> {
    let top = HEADER_ROW;
    let bottom = top + layout.header_rows() - 1;
    let mut cells = vec![(0u16, Column::short("序号", 6.0))];
    cells.extend((1u16..).zip(layout.columns.iter().copied()));

    // Wrapped header texts need room: two lines of 10 pt at least, more for
    // the long questions of 三到位一处理.
    let lines = cells
        .iter()
        .map(|(_, c)| (text_width(c.header) as f64 / c.width.max(1.0)).ceil())
        .fold(1.0_f64, f64::max);
    if top == bottom {
        sheet.set_row_height(top, 14.0 * lines.max(2.0))?;
    } else {
        sheet.set_row_height(top, 28)?;
        sheet.set_row_height(bottom, 14.0 * lines.max(2.0))?;
    }

    let mut sub_headers = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let (col, c) = cells[i];
        match c.group {
            None if top == bottom => {
                sheet.write_string_with_format(top, col, c.header, &f.header)?;
            }
            None => {
                sheet.merge_range(top, col, bottom, col, c.header, &f.header)?;
            }
            Some(group) => {
                let span = cells[i..]
                    .iter()
                    .take_while(|(_, o)| o.group == Some(group))
                    .count();
                let last = col + u16::try_from(span - 1).unwrap_or(0);
                if last > col {
                    sheet.merge_range(top, col, top, last, group, &f.header)?;
                } else {
                    sheet.write_string_with_format(top, col, group, &f.header)?;
                }
                sub_headers.extend_from_slice(&cells[i..i + span]);
                i += span;
                continue;
            }
        }
        i += 1;
    }
    for (sub_col, sub) in sub_headers {
        sheet.write_string_with_format(bottom, sub_col, sub.header, &f.header)?;
    }
    Ok(())
}

fn write_footnotes(
    sheet: &mut Worksheet,
    f: &Formats,
    layout: &Layout,
    first_row: u32,
    last_col: u16,
) -> Result<(), LedgerError> {
    let table_width: f64 = 6.0 + layout.columns.iter().map(|c| c.width).sum::<f64>();
    for (row, line) in (first_row..).zip(layout.footnotes) {
        let lines = (text_width(line) as f64 / table_width).ceil().max(1.0);
        sheet.set_row_height(row, 16.0 * lines)?;
        sheet.merge_range(row, 0, row, last_col, line, &f.footnote)?;
    }
    // rust_xlsxwriter 0.102's constant-memory writer emits the last row's
    // <row> element twice when that row has a height, which Excel reports as
    // damage; one empty (but formatted, so kept) cell below the table makes
    // the footnotes an ordinary row.
    let after = first_row + u32::try_from(layout.footnotes.len()).unwrap_or(0);
    sheet.write_blank(after, 0, &f.footnote)?;
    Ok(())
}

fn page_setup(sheet: &mut Worksheet, layout: &Layout) -> Result<(), LedgerError> {
    let first_data = layout.first_data_row();
    sheet
        .set_landscape()
        .set_paper_size(9) // A4
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_footer("&C第 &P 页，共 &N 页");
    sheet.set_repeat_rows(HEADER_ROW, first_data - 1)?;
    sheet.set_freeze_panes(first_data, 0)?;
    Ok(())
}

/// A civil date as Excel's date type (years 1900–9999; others are refused by the writer).
fn excel_date(d: Date) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    // Month and day always fit a u8; a year before 1900 or negative fails from_ymd.
    let year = u16::try_from(d.year()).unwrap_or(0);
    ExcelDateTime::from_ymd(year, d.month().unsigned_abs(), d.day().unsigned_abs())
}
