//! A plain table as .xlsx — a title row, a header row and figures — for the
//! statistics page's "下载 Excel" links.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::ledger::LedgerError;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum TableCell {
    /// Text.
    Text(String),
    /// A count.
    Count(i64),
    /// A fraction 0–1 shown as a percentage; `None` prints `—`.
    Rate(Option<f64>),
}

/// The most rows a table sheet takes (Excel's limit, less the two header rows).
const MAX_ROWS: usize = 1_048_576 - 2;

/// The table as an .xlsx workbook of one sheet named `sheet`: `title` merged
/// over the first row, `headers` in bold, then `rows`.
pub fn table_xlsx(
    sheet: &str,
    title: &str,
    headers: &[&str],
    rows: &[Vec<TableCell>],
) -> Result<Vec<u8>, LedgerError> {
    if rows.len() > MAX_ROWS {
        return Err(LedgerError::TooManyRows {
            rows: rows.len(),
            max: MAX_ROWS,
        });
    }
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    let border = Format::new().set_border(FormatBorder::Thin);
    let head = border
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let rate = border.clone().set_num_format("0.0%");
    let last = headers.len().saturating_sub(1) as u16;
    ws.merge_range(
        0,
        0,
        0,
        last,
        title,
        &Format::new()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center),
    )?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, if c == 0 { 16 } else { 10 })?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                TableCell::Text(s) => ws.write_string_with_format(r, c, s, &border)?,
                TableCell::Count(n) => ws.write_number_with_format(r, c, *n as f64, &border)?,
                TableCell::Rate(Some(x)) => ws.write_number_with_format(r, c, *x, &rate)?,
                TableCell::Rate(None) => ws.write_string_with_format(r, c, "—", &border)?,
            };
        }
    }
    Ok(book.save_to_buffer()?)
}
