//! Opening a workbook and its worksheets, within limits; cell values as the importer sees them.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{DataRef, Reader, Xlsx, XlsxError};
use jiff::civil::Date;

use super::limits::{MAX_COLUMNS, MAX_ROWS, MAX_SHEETS};
use super::problems::FileRefusal;
use super::sheet_rows::{MergeFill, RowSource, SheetRows};

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

/// How a worksheet is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// A row at a time as the cells stream past, merged regions filled in
    /// as far as they reach; [`SheetRows::finish`] then says whether that
    /// was the sheet as [`Reading::Whole`] reads it.
    Streamed,
    /// All cells first, sorted, with merged regions clipped to the cells
    /// used: for the rare sheet a stream cannot read exactly (cells out of
    /// order, a merged region reaching past the used cells).
    Whole,
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

/// An opened workbook, ready to give up its sheets.
pub(crate) struct Book<'a> {
    xlsx: Xlsx<Cursor<&'a [u8]>>,
}

impl std::fmt::Debug for Book<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Book").finish_non_exhaustive()
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

impl<'a> Book<'a> {
    /// Opens a workbook that [`super::archive::inspect`] has already let through.
    pub fn open(bytes: &'a [u8]) -> Result<Book<'a>, FileRefusal> {
        guarded(|| {
            let xlsx = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
            Ok(Book { xlsx })
        })
    }

    /// The names of the first [`MAX_SHEETS`] worksheets, in workbook order.
    pub fn sheet_names(&self) -> Vec<String> {
        let mut names = self.xlsx.sheet_names();
        names.truncate(MAX_SHEETS);
        names
    }

    /// Whether dates count from 1904 (old Mac workbooks).
    pub fn is_1904(&self) -> bool {
        self.xlsx.has_1904_epoch()
    }

    /// Opens one worksheet to be read a row at a time, with merged cells
    /// filled in. Read whole, the sheet is refused here when it goes past
    /// the row, column or merged-cell limits; streamed, as the offending
    /// cell goes by or at [`SheetRows::finish`].
    pub fn rows(&mut self, name: &str, reading: Reading) -> Result<SheetRows<'_, 'a>, FileRefusal> {
        guarded(|| {
            if reading == Reading::Streamed {
                // The merged regions are listed after the cells: a pass of
                // their own first. A sheet whose list cannot be read is read
                // whole, which meets its problem where it always has.
                if let Ok(merges) = self.xlsx.merge_cells_by_sheet_name(name) {
                    let reader = self.xlsx.worksheet_cells_reader(name).map_err(unreadable)?;
                    return Ok(SheetRows::new(
                        RowSource::cells(reader),
                        MergeFill::unclipped(&merges),
                    ));
                }
            }
            let rows = self.read_sorted(name)?;
            let merges = self
                .xlsx
                .merge_cells_by_sheet_name(name)
                .map_err(unreadable)?;
            let max_col = rows
                .iter()
                .filter_map(|r| r.cells.last().map(|(c, _)| *c))
                .max();
            let used = rows
                .iter()
                .rev()
                .find(|r| !r.cells.is_empty())
                .map(|r| (r.row, max_col.unwrap_or(0)));
            let fill = MergeFill::clipped(&merges, used)?;
            Ok(SheetRows::new(RowSource::Sorted(rows.into_iter()), fill))
        })
    }

    /// The whole sheet sorted by row and column, for the rare writer that
    /// puts cells out of order (the first of any cell written twice is kept).
    fn read_sorted(&mut self, name: &str) -> Result<Vec<GridRow>, FileRefusal> {
        let mut values: Vec<(u32, u32, CellValue)> = Vec::new();
        let mut no_value: Vec<(u32, u32)> = Vec::new();
        let mut reader = self.xlsx.worksheet_cells_reader(name).map_err(unreadable)?;
        while let Some(cell) = reader
            .next_cell_with_formula_metadata()
            .map_err(unreadable)?
        {
            let (row, col) = cell.pos;
            match convert(cell.value) {
                Some(v) => {
                    check_limits(row, col)?;
                    values.push((row, col, v));
                }
                None if cell.formula.is_some() => {
                    check_limits(row, col)?;
                    no_value.push((row, col));
                }
                None => {}
            }
        }
        values.sort_by_key(|(r, c, _)| (*r, *c));
        values.dedup_by_key(|(r, c, _)| (*r, *c));
        no_value.sort_unstable();
        no_value.dedup();
        let mut rows: Vec<GridRow> = Vec::new();
        for (r, c, v) in values {
            match rows.last_mut() {
                Some(last) if last.row == r => last.cells.push((c, v)),
                _ => rows.push(GridRow {
                    row: r,
                    cells: vec![(c, v)],
                    no_value: Vec::new(),
                }),
            }
        }
        for (r, c) in no_value {
            let i = match rows.binary_search_by_key(&r, |g| g.row) {
                Ok(i) => i,
                Err(i) => {
                    rows.insert(i, GridRow::empty(r));
                    i
                }
            };
            rows[i].no_value.push(c);
        }
        Ok(rows)
    }
}

/// Refuses a sheet whose used cells reach past the row or column limits.
fn check_limits(row: u32, col: u32) -> Result<(), FileRefusal> {
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
