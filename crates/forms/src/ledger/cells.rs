//! One cell's value and one row's cells as the importer sees them, and the limits checked as cells go by.

use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{DataRef, XlsxError};
use jiff::civil::Date;

use super::limits::{MAX_COLUMNS, MAX_ROWS};
use super::problems::FileRefusal;

/// One cell's value as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CellValue {
    /// A string (shared or inline).
    Text(String),
    /// A number without a date format (a date typed as a serial, a phone typed as a number …).
    Number(f64),
    /// A number with a date format.
    Date(Date),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value such as `#REF!`.
    Error(String),
}

impl CellValue {
    /// The value as text, as a person would read it in the cell.
    pub fn as_text(&self) -> String {
        match self {
            CellValue::Text(s) | CellValue::Error(s) => s.clone(),
            CellValue::Number(n) => format_number(*n),
            CellValue::Date(d) => d.to_string(),
            CellValue::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
}

/// Integers without a decimal point (phone numbers typed as numbers), others as Rust prints them.
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// One non-empty row of a sheet.
#[derive(Debug, Clone, Default)]
pub(crate) struct GridRow {
    /// 0-based row index (Excel row number minus one).
    pub row: u32,
    /// Non-empty cells, sorted by 0-based column.
    pub cells: Vec<(u32, CellValue)>,
    /// Columns whose cell holds a formula whose result was never calculated and saved.
    pub no_value: Vec<u32>,
}

impl GridRow {
    /// A row with nothing in it yet.
    pub fn empty(row: u32) -> GridRow {
        GridRow {
            row,
            ..GridRow::default()
        }
    }

    /// The value in a column, if any.
    pub fn get(&self, col: u32) -> Option<&CellValue> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// What the cells seen so far of a sheet add up to.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CellWatch {
    /// The last row and the last column holding a value, if any cell does.
    pub used: Option<(u32, u32)>,
    /// The last cell kept (a value or an uncalculated formula).
    last: Option<(u32, u32)>,
    /// A kept cell came at or before the one before it.
    pub out_of_order: bool,
}

impl CellWatch {
    /// Notes a kept cell, refusing the sheet when it lies past the limits.
    pub fn see(&mut self, row: u32, col: u32, has_value: bool) -> Result<(), FileRefusal> {
        check_limits(row, col)?;
        self.out_of_order |= self.last.is_some_and(|at| at >= (row, col));
        self.last = Some((row, col));
        if has_value {
            self.used = Some(
                self.used
                    .map_or((row, col), |(r, c)| (r.max(row), c.max(col))),
            );
        }
        Ok(())
    }
}

/// A panic inside the xlsx parser must not take the app down: it becomes a refusal.
pub(super) fn guarded<T>(f: impl FnOnce() -> Result<T, FileRefusal>) -> Result<T, FileRefusal> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(FileRefusal::Unreadable {
            detail: "parser panicked".into(),
        })
    })
}

pub(super) fn unreadable(e: XlsxError) -> FileRefusal {
    match e {
        XlsxError::Password => FileRefusal::OldFormatOrEncrypted,
        other => FileRefusal::Unreadable {
            detail: other.to_string(),
        },
    }
}

/// Refuses a sheet whose used cells reach past the row or column limits.
pub(super) fn check_limits(row: u32, col: u32) -> Result<(), FileRefusal> {
    if row >= MAX_ROWS {
        return Err(FileRefusal::TooManyRows { max: MAX_ROWS });
    }
    if col >= MAX_COLUMNS {
        return Err(FileRefusal::TooManyColumns { max: MAX_COLUMNS });
    }
    Ok(())
}

/// Whether a cell holds nothing a person would see (as [`convert`] judges, without copying).
pub(super) fn is_blank(value: &DataRef<'_>) -> bool {
    match value {
        DataRef::Empty => true,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            s.trim().is_empty()
        }
        DataRef::SharedString(s) => s.trim().is_empty(),
        _ => false,
    }
}

pub(super) fn convert(value: DataRef<'_>) -> Option<CellValue> {
    Some(match value {
        DataRef::Empty => return None,
        DataRef::Int(i) => CellValue::Number(i as f64),
        DataRef::Float(f) => CellValue::Number(f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            if s.trim().is_empty() {
                return None;
            }
            CellValue::Text(s)
        }
        DataRef::SharedString(s) => {
            if s.trim().is_empty() {
                return None;
            }
            CellValue::Text(s.to_string())
        }
        DataRef::Bool(b) => CellValue::Bool(b),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match Date::new(y as i16, m as i8, d as i8) {
                Ok(date) if dt.as_f64() >= 1.0 => CellValue::Date(date),
                _ => CellValue::Number(dt.as_f64()),
            }
        }
        DataRef::DateTime(dt) => CellValue::Number(dt.as_f64()),
        DataRef::Error(e) => CellValue::Error(e.to_string()),
    })
}
