//! Opening a workbook and its worksheets, to be streamed a row at a time or read whole.

use std::io::Cursor;

use calamine::{Reader, Xlsx};

use super::cells::{CellValue, GridRow, check_limits, convert, guarded, unreadable};
use super::limits::MAX_SHEETS;
use super::problems::FileRefusal;
use super::sheet_rows::{MergeFill, RowSource, SheetRows};

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

/// An opened workbook, ready to give up its sheets.
pub(crate) struct Book<'a> {
    xlsx: Xlsx<Cursor<&'a [u8]>>,
}

impl std::fmt::Debug for Book<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Book").finish_non_exhaustive()
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
