//! Ledger import: finding the header among a sheet's first rows, and the row loop.

use std::collections::HashSet;
use std::ops::ControlFlow;

use super::archive;
use super::cells::{CellValue, GridRow};
use super::limits::HEADER_SEARCH_ROWS;
use super::normalise::header_key;
use super::problems::{FileRefusal, ImportErrors, ImportProblem};
use super::row_reader::RowReader;
use super::sheet::{Book, Reading};
use super::sheet_rows::{SheetRows, Verdict};
use super::spec::{HeaderMap, Need, Spec};

/// Runs the whole import: gate, open, find the header, read every row with
/// `parse_row`, and return rows only if no problem was found anywhere.
/// `parse_row` returns `None` for a row to skip (a template placeholder).
pub(crate) fn import_rows<T>(
    bytes: &[u8],
    spec: &Spec,
    parse_row: impl FnMut(&mut RowReader<'_>) -> Option<T>,
) -> Result<Vec<T>, ImportErrors> {
    import_numbered_rows(bytes, spec, parse_row)
        .map(|rows| rows.into_iter().map(|(_, r)| r).collect())
}

/// As [`import_rows`], each row with its row number as Excel shows it
/// (1-based), so that the caller can report its own checks by row.
///
/// The sheet is read a row at a time: only the rows searched for the header
/// and the parsed rows are held, never the whole sheet (unless the stream
/// could not read it exactly, see [`super::sheet_rows`]).
pub(crate) fn import_numbered_rows<T>(
    bytes: &[u8],
    spec: &Spec,
    mut parse_row: impl FnMut(&mut RowReader<'_>) -> Option<T>,
) -> Result<Vec<(usize, T)>, ImportErrors> {
    archive::inspect(bytes)?;
    let mut book = Book::open(bytes)?;
    let mut first_refusal = None;
    for name in book.sheet_names() {
        let read = match read_sheet(&mut book, &name, Reading::Streamed, spec, &mut parse_row)? {
            Some(read) => read,
            // A sheet read whole is always exact: the refusal cannot happen.
            None => read_sheet(&mut book, &name, Reading::Whole, spec, &mut parse_row)?
                .ok_or_else(|| FileRefusal::Unreadable {
                    detail: "a sheet read whole was not exact".into(),
                })?,
        };
        match read {
            SheetRead::Rows(rows, problems) if problems.is_empty() => return Ok(rows),
            SheetRead::Rows(_, problems) => return Err(ImportErrors::Rows(problems)),
            // Report the sheet that came closest: another annex's sheet
            // first, then missing columns, then no header.
            SheetRead::Refused(
                e @ (FileRefusal::MissingColumns { .. } | FileRefusal::NoHeader { .. }),
            ) => {
                if refusal_rank(&e) > first_refusal.as_ref().map_or(0, refusal_rank) {
                    first_refusal = Some(e);
                }
            }
            SheetRead::Refused(e) => {
                first_refusal.get_or_insert(e);
            }
        }
    }
    Err(first_refusal.unwrap_or_else(|| no_header(spec)).into())
}

/// What one sheet gave.
enum SheetRead<T> {
    /// The header was found: the rows parsed and the problems met.
    Rows(Vec<(usize, T)>, Vec<ImportProblem>),
    /// No header: why (another annex's title, missing columns, none at all).
    Refused(FileRefusal),
}

/// Reads one sheet: its header, then its rows if it has one. `None` when
/// a streamed sheet must be read again whole.
fn read_sheet<T>(
    book: &mut Book<'_>,
    name: &str,
    reading: Reading,
    spec: &Spec,
    parse_row: &mut impl FnMut(&mut RowReader<'_>) -> Option<T>,
) -> Result<Option<SheetRead<T>>, FileRefusal> {
    let is_1904 = book.is_1904();
    let mut sheet = book.rows(name, reading)?;
    let head = Head::read(&mut sheet)?;
    let read = match find_header(&head.rows, spec) {
        Ok(map) => read_data(&mut sheet, head, &map, spec, is_1904, parse_row)?,
        Err(e @ (FileRefusal::MissingColumns { .. } | FileRefusal::NoHeader { .. })) => {
            SheetRead::Refused(other_annex(&head.rows, spec).unwrap_or(e))
        }
        Err(e) => SheetRead::Refused(e),
    };
    Ok(match sheet.finish()? {
        Verdict::Exact => Some(read),
        Verdict::ReadWhole => None,
    })
}

/// A sheet's first rows, where the header is looked for.
#[derive(Debug)]
struct Head {
    /// The non-empty rows among the first [`HEADER_SEARCH_ROWS`] and the one
    /// after (the lower row of a two-row header).
    rows: Vec<GridRow>,
    /// The first non-empty row after those, already read.
    next: Option<GridRow>,
}

impl Head {
    fn read(sheet: &mut SheetRows<'_, '_>) -> Result<Head, FileRefusal> {
        let mut rows = Vec::new();
        while let Some(row) = sheet.next_row()? {
            if row.row > HEADER_SEARCH_ROWS {
                return Ok(Head {
                    rows,
                    next: Some(row),
                });
            }
            rows.push(row);
        }
        Ok(Head { rows, next: None })
    }
}

/// The row loop below the header: every row parsed, every problem noted.
fn read_data<T>(
    sheet: &mut SheetRows<'_, '_>,
    head: Head,
    map: &HeaderMap,
    spec: &Spec,
    is_1904: bool,
    parse_row: &mut impl FnMut(&mut RowReader<'_>) -> Option<T>,
) -> Result<SheetRead<T>, FileRefusal> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut read = |row: &GridRow| -> ControlFlow<()> {
        if row.row < map.data_from {
            return ControlFlow::Continue(());
        }
        if is_footer(row, map) {
            return ControlFlow::Break(());
        }
        if is_repeated_header(row, map, spec) {
            return ControlFlow::Continue(());
        }
        let blank = map
            .cols
            .iter()
            .enumerate()
            .filter(|(i, _)| spec.fields[*i].header != "序号")
            .all(|(_, c)| c.is_none_or(|c| row.get(c).is_none()));
        if blank {
            return ControlFlow::Continue(());
        }
        let mut reader = RowReader::new(row, is_1904, map, spec.fields, &mut problems);
        if let Some(parsed) = parse_row(&mut reader) {
            rows.push((row.row as usize + 1, parsed));
        }
        ControlFlow::Continue(())
    };
    let mut ended = head
        .rows
        .iter()
        .chain(&head.next)
        .any(|row| read(row).is_break());
    while !ended && let Some(row) = sheet.next_row()? {
        ended = read(&row).is_break();
    }
    Ok(SheetRead::Rows(rows, problems))
}

fn no_header(spec: &Spec) -> FileRefusal {
    let example = spec
        .fields
        .iter()
        .filter(|f| f.need == Need::Always && f.header != "序号")
        .take(3)
        .map(|f| f.header)
        .collect::<Vec<_>>()
        .join("”“");
    FileRefusal::NoHeader {
        annex: spec.annex,
        title: spec.title.to_string(),
        rows: HEADER_SEARCH_ROWS,
        example,
    }
}

/// Which of two sheets' refusals to report: the more telling one.
fn refusal_rank(r: &FileRefusal) -> u8 {
    match r {
        FileRefusal::WrongAnnex { .. } => 3,
        FileRefusal::MissingColumns { .. } => 2,
        _ => 1,
    }
}

/// Another annex's title among a sheet's first rows (and not this annex's).
fn other_annex(rows: &[GridRow], spec: &Spec) -> Option<FileRefusal> {
    let texts: Vec<String> = rows
        .iter()
        .take_while(|r| r.row < HEADER_SEARCH_ROWS)
        .flat_map(|r| r.cells.iter())
        .filter_map(|(_, v)| match v {
            CellValue::Text(s) => Some(header_key(s)),
            _ => None,
        })
        .collect();
    let has = |title: &str| texts.iter().any(|s| s.contains(&header_key(title)));
    if has(spec.title) {
        return None;
    }
    let (found, found_title) = super::ANNEX_TITLES
        .iter()
        .filter(|(n, _)| *n != spec.annex)
        .find(|(_, t)| has(t))?;
    Some(FileRefusal::WrongAnnex {
        annex: spec.annex,
        title: spec.title.to_string(),
        found: *found,
        found_title: (*found_title).to_string(),
    })
}

/// A row tried as the header.
#[derive(Debug)]
struct Candidate {
    /// 0-based row of the (first) header row.
    row: u32,
    /// Column of each field, if found.
    cols: Vec<Option<u32>>,
    /// Fields found in the row itself.
    in_row: usize,
    /// Whether needed fields were found in the row below (a two-row header).
    used_below: bool,
}

impl Candidate {
    /// Ranked by fields found, then by fields found in the row itself (so the
    /// row above a one-row header, which finds them all "below", loses).
    fn rank(&self) -> (usize, usize) {
        (self.cols.iter().flatten().count(), self.in_row)
    }
}

fn header_keys(row: &GridRow) -> Vec<(u32, String)> {
    row.cells
        .iter()
        .filter_map(|(c, v)| match v {
            CellValue::Text(s) => Some((*c, header_key(s))),
            _ => None,
        })
        .collect()
}

/// Matches the fields against one row's texts, looking in the row below for
/// those not found (sub-headers under a group header).
fn try_header(spec: &Spec, row: &GridRow, below: Option<&GridRow>) -> Candidate {
    let top = header_keys(row);
    let bottom = below.map(header_keys).unwrap_or_default();
    let mut cand = Candidate {
        row: row.row,
        cols: vec![None; spec.fields.len()],
        in_row: 0,
        used_below: false,
    };
    let mut taken = HashSet::new();
    for (f, field) in spec.fields.iter().enumerate() {
        let pick = |line: &[(u32, String)], taken: &HashSet<u32>| {
            line.iter()
                .find(|(c, k)| !taken.contains(c) && field.matches(k))
                .map(|(c, _)| *c)
        };
        if let Some(c) = pick(&top, &taken) {
            cand.cols[f] = Some(c);
            cand.in_row += 1;
            taken.insert(c);
        } else if let Some(c) = pick(&bottom, &taken) {
            cand.cols[f] = Some(c);
            cand.used_below |= field.need != Need::Optional;
            taken.insert(c);
        }
    }
    cand
}

/// Finds the header among the first rows of a sheet: the row matching the
/// most fields, refused if it lacks any needed one.
fn find_header(rows: &[GridRow], spec: &Spec) -> Result<HeaderMap, FileRefusal> {
    let mut best: Option<Candidate> = None;
    let candidates = rows.iter().take_while(|r| r.row < HEADER_SEARCH_ROWS);
    for (i, row) in candidates.enumerate() {
        let below = rows.get(i + 1).filter(|b| b.row == row.row + 1);
        let cand = try_header(spec, row, below);
        if best.as_ref().is_none_or(|b| cand.rank() > b.rank()) {
            best = Some(cand);
        }
    }
    let Some(best) = best.filter(|b| b.rank().0 >= 3 && b.in_row > 0) else {
        return Err(no_header(spec));
    };
    let found = |h: &str| {
        spec.fields
            .iter()
            .zip(&best.cols)
            .any(|(f, c)| f.header == h && c.is_some())
    };
    let missing: Vec<String> = spec
        .fields
        .iter()
        .zip(&best.cols)
        .filter(|(f, c)| {
            c.is_none()
                && match f.need {
                    Need::Always => true,
                    Need::Unless(other) => !found(other),
                    Need::Optional => false,
                }
        })
        .map(|(f, _)| f.label.to_string())
        .collect();
    let needed = spec
        .fields
        .iter()
        .filter(|f| f.need != Need::Optional)
        .count();
    // A row matching under half the columns is not this annex's header.
    if missing.len() * 2 > needed {
        return Err(no_header(spec));
    }
    if !missing.is_empty() {
        return Err(FileRefusal::MissingColumns {
            row: best.row as usize + 1,
            missing,
        });
    }
    Ok(HeaderMap {
        data_from: best.row + if best.used_below { 2 } else { 1 },
        cols: best.cols,
    })
}

/// A header printed again lower down (pages pasted together, or the
/// sub-header row of a repeated two-row header): two of the row's first
/// four texts are their own column's header.
fn is_repeated_header(row: &GridRow, map: &HeaderMap, spec: &Spec) -> bool {
    let texts = spec
        .fields
        .iter()
        .zip(&map.cols)
        .filter(|(f, _)| f.header != "序号")
        .filter_map(|(f, col)| match row.get((*col)?) {
            Some(CellValue::Text(s)) => Some((f, s)),
            _ => None,
        })
        .take(4);
    texts.filter(|(f, s)| f.matches(&header_key(s))).count() >= 2
}

/// The footnotes (备注：…, 注：…) or sign-off lines end the table.
fn is_footer(row: &GridRow, map: &HeaderMap) -> bool {
    let first_field_col = map.cols.iter().flatten().min().copied().unwrap_or(0);
    let Some((col, CellValue::Text(s))) = row.cells.first() else {
        return false;
    };
    if *col > first_field_col {
        return false;
    }
    let key = header_key(s);
    ["备注", "注", "填报人", "审核人", "负责人", "制表"]
        .iter()
        .any(|p| key.starts_with(p))
        && !key.chars().next().is_some_and(|c| c.is_ascii_digit())
}
