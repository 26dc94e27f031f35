//! Reading a worksheet into a sparse grid of values, within limits, with merged cells filled in.

use std::collections::HashSet;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{DataRef, Reader, Xlsx, XlsxError};
use jiff::civil::Date;

use super::limits::{MAX_COLUMNS, MAX_MERGED_CELLS, MAX_ROWS, MAX_SHEETS};
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
}

impl GridRow {
    /// The value in a column, if any.
    pub fn get(&self, col: u32) -> Option<&CellValue> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// A worksheet's non-empty rows.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    /// Non-empty rows, sorted by row.
    pub rows: Vec<GridRow>,
    /// Whether dates count from 1904 (old Mac workbooks).
    pub is_1904: bool,
    /// Cells holding a formula whose result was never calculated and saved.
    pub formulas_without_value: HashSet<(u32, u32)>,
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
fn guarded<T>(f: impl FnOnce() -> Result<T, FileRefusal>) -> Result<T, FileRefusal> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(FileRefusal::Unreadable {
            detail: "parser panicked".into(),
        })
    })
}

fn unreadable(e: XlsxError) -> FileRefusal {
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

    /// Reads one worksheet, refusing it when it goes past the row or column limits.
    pub fn read(&mut self, name: &str) -> Result<Grid, FileRefusal> {
        guarded(|| self.read_unguarded(name))
    }

    fn read_unguarded(&mut self, name: &str) -> Result<Grid, FileRefusal> {
        let is_1904 = self.xlsx.has_1904_epoch();
        let mut rows: Vec<GridRow> = Vec::new();
        let mut in_order = true;
        let mut formulas_without_value = HashSet::new();
        {
            let mut reader = self.xlsx.worksheet_cells_reader(name).map_err(unreadable)?;
            while let Some(cell) = reader
                .next_cell_with_formula_metadata()
                .map_err(unreadable)?
            {
                let (row, col) = cell.pos;
                let value = convert(cell.value);
                if value.is_none() && cell.formula.is_none() {
                    continue;
                }
                if row >= MAX_ROWS {
                    return Err(FileRefusal::TooManyRows { max: MAX_ROWS });
                }
                if col >= MAX_COLUMNS {
                    return Err(FileRefusal::TooManyColumns { max: MAX_COLUMNS });
                }
                let Some(v) = value else {
                    formulas_without_value.insert((row, col));
                    continue;
                };
                // Cells come in row order from every real writer; anything
                // else is sorted afterwards.
                match rows.last_mut() {
                    Some(last) if last.row == row => {
                        in_order &= last.cells.last().is_none_or(|(c, _)| *c < col);
                        last.cells.push((col, v));
                    }
                    last => {
                        in_order &= last.is_none_or(|l| l.row < row);
                        rows.push(GridRow {
                            row,
                            cells: vec![(col, v)],
                        });
                    }
                }
            }
        }
        if !in_order {
            rows = regroup(rows);
        }
        let merges = self
            .xlsx
            .merge_cells_by_sheet_name(name)
            .map_err(unreadable)?;
        fill_merges(&mut rows, &merges)?;
        Ok(Grid {
            rows,
            is_1904,
            formulas_without_value,
        })
    }
}

fn convert(value: DataRef<'_>) -> Option<CellValue> {
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

/// Sorts cells written out of order by row and column, keeping the first of
/// any cells written twice.
fn regroup(rows: Vec<GridRow>) -> Vec<GridRow> {
    let mut cells: Vec<(u32, u32, CellValue)> = rows
        .into_iter()
        .flat_map(|r| r.cells.into_iter().map(move |(c, v)| (r.row, c, v)))
        .collect();
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    cells.dedup_by_key(|(r, c, _)| (*r, *c));
    let mut rows: Vec<GridRow> = Vec::new();
    for (r, c, v) in cells {
        match rows.last_mut() {
            Some(last) if last.row == r => last.cells.push((c, v)),
            _ => rows.push(GridRow {
                row: r,
                cells: vec![(c, v)],
            }),
        }
    }
    rows
}

/// A merged region shows its top-left value across the whole region: copy it
/// into the region's empty cells, clipped to the cells actually used.
fn fill_merges(
    rows: &mut Vec<GridRow>,
    merges: &[calamine::Dimensions],
) -> Result<(), FileRefusal> {
    let Some(max_row) = rows.last().map(|r| r.row) else {
        return Ok(());
    };
    let max_col = rows
        .iter()
        .filter_map(|r| r.cells.last().map(|(c, _)| *c))
        .max()
        .unwrap_or(0);
    let clip = |m: &calamine::Dimensions| (m.end.0.min(max_row), m.end.1.min(max_col));
    let covered = merges.iter().fold(0u64, |sum, m| {
        let (end_row, end_col) = clip(m);
        let h = u64::from(end_row.saturating_sub(m.start.0)) + 1;
        let w = u64::from(end_col.saturating_sub(m.start.1)) + 1;
        sum.saturating_add(h * w)
    });
    if covered > MAX_MERGED_CELLS {
        return Err(FileRefusal::TooManyMergedCells {
            max: MAX_MERGED_CELLS,
        });
    }
    for m in merges {
        let Some(value) = row_at(rows, m.start.0)
            .and_then(|r| r.get(m.start.1))
            .cloned()
        else {
            continue;
        };
        let (end_row, end_col) = clip(m);
        for r in m.start.0..=end_row {
            let i = match rows.binary_search_by_key(&r, |g| g.row) {
                Ok(i) => i,
                Err(i) => {
                    rows.insert(
                        i,
                        GridRow {
                            row: r,
                            cells: Vec::new(),
                        },
                    );
                    i
                }
            };
            let cells = &mut rows[i].cells;
            for c in m.start.1..=end_col {
                if let Err(at) = cells.binary_search_by_key(&c, |(col, _)| *col) {
                    cells.insert(at, (c, value.clone()));
                }
            }
        }
    }
    Ok(())
}

fn row_at(rows: &[GridRow], row: u32) -> Option<&GridRow> {
    rows.binary_search_by_key(&row, |g| g.row)
        .ok()
        .map(|i| &rows[i])
}
