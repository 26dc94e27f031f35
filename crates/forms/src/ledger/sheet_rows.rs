//! A worksheet given out a row at a time, with merged cells filled in as the rows go by.
//!
//! Only the row being read is held (plus each merged region's value while
//! the region lasts), so a 100 000-row ledger is never in memory as a whole.
//! A stream cannot know the last used row and column before its end, which
//! the fill is clipped to, nor that no cell will come out of order; it
//! notes what it did, and [`SheetRows::finish`] says whether the rows it
//! gave out were the sheet's exactly — if not, the caller reads the sheet
//! again whole (`Reading::Whole`), as every sheet used to be.

use std::io::Cursor;

use calamine::{Dimensions, XlsxCellReader};

use super::cells::{CellValue, CellWatch, GridRow, convert, guarded, is_blank, unreadable};
use super::limits::MAX_MERGED_CELLS;
use super::problems::FileRefusal;

/// Where a sheet's rows holding cells come from, in row order.
pub(super) enum RowSource<'s, 'a> {
    /// Straight from the sheet's XML, grouped into rows as they stream past.
    Cells {
        reader: Box<XlsxCellReader<'s, Cursor<&'a [u8]>>>,
        /// The first cell of the next row, read while finishing the row before.
        held: Option<GridRow>,
        /// Whether the reader has passed the end of the sheet's cells (it
        /// must not be asked again) or the stream has stopped.
        done: bool,
        watch: CellWatch,
    },
    /// Read whole and sorted first.
    Sorted(std::vec::IntoIter<GridRow>),
}

impl<'s, 'a> RowSource<'s, 'a> {
    pub(super) fn cells(reader: XlsxCellReader<'s, Cursor<&'a [u8]>>) -> RowSource<'s, 'a> {
        RowSource::Cells {
            reader: Box::new(reader),
            held: None,
            done: false,
            watch: CellWatch::default(),
        }
    }

    /// The next row holding a value or an uncalculated formula. A cell out
    /// of order ends the stream (the sheet is then read whole).
    fn next(&mut self) -> Result<Option<GridRow>, FileRefusal> {
        let (reader, held, done, watch) = match self {
            RowSource::Sorted(rows) => return Ok(rows.next()),
            RowSource::Cells {
                reader,
                held,
                done,
                watch,
            } => (reader, held, done, watch),
        };
        let mut current = held.take();
        while !*done
            && let Some(cell) = reader
                .next_cell_with_formula_metadata()
                .map_err(unreadable)?
        {
            let (row, col) = cell.pos;
            let value = convert(cell.value);
            if value.is_none() && cell.formula.is_none() {
                continue;
            }
            watch.see(row, col, value.is_some())?;
            if watch.out_of_order {
                *done = true;
                *held = None;
                return Ok(None);
            }
            let mut next = None;
            let target = match &mut current {
                Some(g) if g.row == row => g,
                Some(_) => next.insert(GridRow::empty(row)),
                None => current.insert(GridRow::empty(row)),
            };
            match value {
                Some(v) => target.cells.push((col, v)),
                None => target.no_value.push(col),
            }
            if next.is_some() {
                *held = next;
                return Ok(current);
            }
        }
        *done = true;
        Ok(current)
    }

    /// Reads the cells not yet read, keeping none, for the limits and the
    /// used range; what the cells added up to, for a stream.
    fn drain(&mut self) -> Result<Option<CellWatch>, FileRefusal> {
        let RowSource::Cells {
            reader,
            held,
            done,
            watch,
        } = self
        else {
            return Ok(None);
        };
        *held = None;
        while !*done
            && !watch.out_of_order
            && let Some(cell) = reader
                .next_cell_with_formula_metadata()
                .map_err(unreadable)?
        {
            let blank = is_blank(&cell.value);
            if blank && cell.formula.is_none() {
                continue;
            }
            watch.see(cell.pos.0, cell.pos.1, !blank)?;
        }
        *done = true;
        Ok(Some(*watch))
    }
}

/// A merged region as the fill sees it.
#[derive(Debug, Clone)]
struct Region {
    /// Its place among the sheet's merged regions (earlier ones fill first).
    order: usize,
    start: (u32, u32),
    end: (u32, u32),
    /// The top-left value, once its row has been read.
    value: Option<CellValue>,
}

/// Copies each merged region's top-left value into the region's empty
/// cells as the rows stream past: clipped to the cells actually used when
/// those are known, else noting how far it reached.
#[derive(Debug, Default)]
pub(super) struct MergeFill {
    /// Regions not yet reached, by first row (then by their order).
    waiting: Vec<Region>,
    /// How many of `waiting` have been reached.
    reached: usize,
    /// Regions being filled, by their order.
    open: Vec<Region>,
    /// Cells filled so far.
    filled: u64,
    /// The last row and the last column a cell was filled in.
    reach: Option<(u32, u32)>,
    /// Every region as listed, to count the cells they cover once the used
    /// range is known (an unclipped fill only).
    listed: Vec<Dimensions>,
}

/// The cells merged regions cover within the used range, refused past the limit.
fn check_covered(merges: &[Dimensions], used: Option<(u32, u32)>) -> Result<(), FileRefusal> {
    let Some((max_row, max_col)) = used else {
        return Ok(());
    };
    let covered = merges.iter().fold(0u64, |sum, m| {
        let (end_row, end_col) = (m.end.0.min(max_row), m.end.1.min(max_col));
        let h = u64::from(end_row.saturating_sub(m.start.0)) + 1;
        let w = u64::from(end_col.saturating_sub(m.start.1)) + 1;
        sum.saturating_add(h * w)
    });
    if covered > MAX_MERGED_CELLS {
        return Err(FileRefusal::TooManyMergedCells {
            max: MAX_MERGED_CELLS,
        });
    }
    Ok(())
}

impl MergeFill {
    fn with_regions(merges: &[Dimensions], clip: impl Fn(&Dimensions) -> (u32, u32)) -> MergeFill {
        let mut waiting: Vec<Region> = merges
            .iter()
            .enumerate()
            .map(|(order, m)| Region {
                order,
                start: m.start,
                end: clip(m),
                value: None,
            })
            // A region starting past the used cells has no value to copy.
            .filter(|r| r.start.0 <= r.end.0 && r.start.1 <= r.end.1)
            .collect();
        waiting.sort_by_key(|r| (r.start.0, r.order));
        MergeFill {
            waiting,
            ..MergeFill::default()
        }
    }

    /// The fill for a sheet read whole, whose last used row and column are
    /// `used`; refused when the regions would fill too many cells.
    pub(super) fn clipped(
        merges: &[Dimensions],
        used: Option<(u32, u32)>,
    ) -> Result<MergeFill, FileRefusal> {
        let Some((max_row, max_col)) = used else {
            return Ok(MergeFill::default());
        };
        check_covered(merges, used)?;
        Ok(MergeFill::with_regions(merges, |m| {
            (m.end.0.min(max_row), m.end.1.min(max_col))
        }))
    }

    /// The fill for a streamed sheet, whose used range is not known yet.
    pub(super) fn unclipped(merges: &[Dimensions]) -> MergeFill {
        MergeFill {
            listed: merges.to_vec(),
            ..MergeFill::with_regions(merges, |m| m.end)
        }
    }

    /// The first row at or after `from`, and not after the next row holding
    /// cells (`next_with_cells`), that needs looking at: every row a region
    /// with a value covers, and every row a region starts on.
    fn next_row(&self, from: u32, next_with_cells: u32) -> u32 {
        if !self.open.is_empty() {
            return from;
        }
        self.waiting
            .get(self.reached)
            .map_or(next_with_cells, |r| r.start.0.min(next_with_cells))
    }

    /// Fills one row: the regions starting on it take their value from it,
    /// then every region with a value covering it fills its empty cells, in
    /// the regions' order.
    fn apply(&mut self, row: &mut GridRow) {
        while let Some(r) = self.waiting.get(self.reached)
            && r.start.0 == row.row
        {
            let at = self.open.partition_point(|o| o.order < r.order);
            self.open.insert(at, r.clone());
            self.reached += 1;
        }
        for region in &mut self.open {
            if region.start.0 == row.row {
                region.value = row.get(region.start.1).cloned();
            }
            let Some(value) = &region.value else {
                continue;
            };
            for c in region.start.1..=region.end.1 {
                if let Err(at) = row.cells.binary_search_by_key(&c, |(col, _)| *col) {
                    row.cells.insert(at, (c, value.clone()));
                    self.filled += 1;
                    self.reach = Some(
                        self.reach
                            .map_or((row.row, c), |(r, rc)| (r.max(row.row), rc.max(c))),
                    );
                }
            }
        }
        let here = row.row;
        self.open.retain(|r| r.value.is_some() && r.end.0 > here);
    }
}

/// Whether a streamed sheet's rows were the sheet's exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// They were (or the sheet was read whole).
    Exact,
    /// They were not: read the sheet whole.
    ReadWhole,
}

/// A worksheet's non-empty rows, in order, merged cells filled in.
pub(crate) struct SheetRows<'s, 'a> {
    source: RowSource<'s, 'a>,
    fill: MergeFill,
    /// The next row holding cells, read ahead of the fill.
    ahead: Option<GridRow>,
    /// The first row not yet looked at.
    from: u32,
    /// The stream stopped before the sheet's end (too much filled).
    stopped: bool,
}

impl std::fmt::Debug for SheetRows<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SheetRows")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl<'s, 'a> SheetRows<'s, 'a> {
    pub(super) fn new(source: RowSource<'s, 'a>, fill: MergeFill) -> SheetRows<'s, 'a> {
        SheetRows {
            source,
            fill,
            ahead: None,
            from: 0,
            stopped: false,
        }
    }

    /// The next row with at least one value in it (its own or a merged
    /// region's). Rows after the last row holding cells are not looked at:
    /// a merged region reaching past them is clipped there.
    pub fn next_row(&mut self) -> Result<Option<GridRow>, FileRefusal> {
        guarded(|| {
            loop {
                if self.stopped {
                    return Ok(None);
                }
                if self.ahead.is_none() {
                    self.ahead = self.source.next()?;
                }
                let Some(with_cells) = self.ahead.as_ref().map(|g| g.row) else {
                    return Ok(None);
                };
                let at = self.fill.next_row(self.from, with_cells);
                let mut row = match self.ahead.take() {
                    Some(g) if g.row == at => g,
                    other => {
                        self.ahead = other;
                        GridRow::empty(at)
                    }
                };
                self.from = at + 1;
                self.fill.apply(&mut row);
                // A streamed fill past the limit is left to the whole read,
                // which refuses it before filling a cell.
                self.stopped = self.fill.filled > MAX_MERGED_CELLS;
                if !row.cells.is_empty() {
                    return Ok(Some(row));
                }
            }
        })
    }

    /// Reads the rest of the sheet (for the limits) and says whether the
    /// rows given out were the sheet's exactly; refuses a sheet whose merged
    /// regions cover too many of its used cells.
    pub fn finish(mut self) -> Result<Verdict, FileRefusal> {
        guarded(|| {
            let Some(watch) = self.source.drain()? else {
                return Ok(Verdict::Exact);
            };
            if watch.out_of_order || self.stopped {
                return Ok(Verdict::ReadWhole);
            }
            let beyond = match (self.fill.reach, watch.used) {
                (Some((r, c)), Some((max_row, max_col))) => r > max_row || c > max_col,
                (reach, _) => reach.is_some(),
            };
            if beyond {
                return Ok(Verdict::ReadWhole);
            }
            check_covered(&self.fill.listed, watch.used)?;
            Ok(Verdict::Exact)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    fn row(r: u32, cells: &[(u32, &str)]) -> GridRow {
        GridRow {
            row: r,
            cells: cells.iter().map(|(c, s)| (*c, text(s))).collect(),
            no_value: Vec::new(),
        }
    }

    fn region(start: (u32, u32), end: (u32, u32)) -> Dimensions {
        Dimensions { start, end }
    }

    /// Every row the sheet gives out, as (row, [(col, text)]).
    fn read_all(rows: Vec<GridRow>, merges: &[Dimensions]) -> Vec<(u32, Vec<(u32, String)>)> {
        let used = rows.last().map(|r| {
            let col = rows
                .iter()
                .filter_map(|r| r.cells.last().map(|(c, _)| *c))
                .max()
                .unwrap_or(0);
            (r.row, col)
        });
        let fill = MergeFill::clipped(merges, used).expect("within the limit");
        let mut sheet = SheetRows::new(RowSource::Sorted(rows.into_iter()), fill);
        let mut out = Vec::new();
        while let Some(r) = sheet.next_row().expect("readable") {
            let cells = r.cells.iter().map(|(c, v)| (*c, v.as_text())).collect();
            out.push((r.row, cells));
        }
        out
    }

    fn cells(list: &[(u32, &str)]) -> Vec<(u32, String)> {
        list.iter().map(|(c, s)| (*c, s.to_string())).collect()
    }

    #[test]
    fn a_region_merged_down_fills_the_empty_rows_it_covers() {
        let rows = vec![row(0, &[(0, "镇"), (1, "a")]), row(3, &[(1, "d")])];
        let got = read_all(rows, &[region((0, 0), (2, 0))]);
        assert_eq!(
            got,
            vec![
                (0, cells(&[(0, "镇"), (1, "a")])),
                (1, cells(&[(0, "镇")])),
                (2, cells(&[(0, "镇")])),
                (3, cells(&[(1, "d")])),
            ]
        );
    }

    #[test]
    fn a_region_is_clipped_to_the_last_used_row_and_column() {
        let rows = vec![row(0, &[(0, "标题")]), row(1, &[(1, "b")])];
        let got = read_all(rows, &[region((0, 0), (9, 9))]);
        assert_eq!(
            got,
            vec![
                (0, cells(&[(0, "标题"), (1, "标题")])),
                (1, cells(&[(0, "标题"), (1, "b")])),
            ]
        );
    }

    #[test]
    fn a_region_with_an_empty_top_left_cell_fills_nothing() {
        let rows = vec![row(0, &[(1, "x")]), row(2, &[(1, "y")])];
        let got = read_all(rows, &[region((0, 0), (2, 0))]);
        assert_eq!(got, vec![(0, cells(&[(1, "x")])), (2, cells(&[(1, "y")]))]);
    }

    #[test]
    fn regions_fill_in_their_order_so_an_earlier_one_can_feed_a_later_one() {
        // Overlapping regions (which Excel does not write, but a file can
        // hold): the first fills B2, which is the second's top-left cell.
        let rows = vec![row(0, &[(1, "v")]), row(2, &[(0, "z")])];
        let got = read_all(rows, &[region((0, 1), (1, 1)), region((1, 1), (1, 2))]);
        assert_eq!(
            got,
            vec![
                (0, cells(&[(1, "v")])),
                (1, cells(&[(1, "v")])),
                (2, cells(&[(0, "z")])),
            ]
        );
    }

    #[test]
    fn a_row_of_uncalculated_formulas_only_is_not_given_out_unless_a_region_reaches_it() {
        let mut formulas = GridRow::empty(1);
        formulas.no_value.push(1);
        let rows = vec![row(0, &[(0, "a")]), formulas.clone(), row(2, &[(0, "c")])];
        assert_eq!(read_all(rows, &[]).len(), 2);

        let rows = vec![row(0, &[(0, "a")]), formulas, row(2, &[(0, "c")])];
        let fill = MergeFill::clipped(&[region((0, 0), (1, 0))], Some((2, 1))).expect("fill");
        let mut sheet = SheetRows::new(RowSource::Sorted(rows.into_iter()), fill);
        let _ = sheet.next_row();
        let second = sheet.next_row().expect("readable").expect("a row");
        assert_eq!((second.row, second.no_value), (1, vec![1]));
    }

    #[test]
    fn too_many_merged_cells_are_refused_before_any_row() {
        let huge = region((0, 0), (150_000, 100));
        assert!(matches!(
            MergeFill::clipped(&[huge], Some((150_000, 100))),
            Err(FileRefusal::TooManyMergedCells { .. })
        ));
        // The same region over a small used range is clipped to it.
        assert!(MergeFill::clipped(&[huge], Some((10, 10))).is_ok());
    }

    #[test]
    fn a_streamed_fill_notes_how_far_it_reached() {
        // Streamed, the used range is not known: the fill reaches the
        // region's own end, and says so, for the sheet to be read whole.
        let mut fill = MergeFill::unclipped(&[region((0, 0), (0, 5))]);
        let mut first = row(0, &[(0, "标题")]);
        fill.apply(&mut first);
        assert_eq!(first.cells.len(), 6);
        assert_eq!((fill.filled, fill.reach), (5, Some((0, 5))));
    }
}
