//! Ledger import: refusals, problems, finding the header, and the row loop.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::archive::{self, limits::HEADER_SEARCH_ROWS};
use super::normalise::header_key;
use super::row_reader::RowReader;
use super::sheet::{Book, CellValue, Grid, GridRow};

/// One thing wrong with one cell of an imported ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The row number as Excel shows it (1-based).
    pub row: usize,
    /// The column's header text, e.g. `联系方式`.
    pub column: String,
    /// The cell's value as read (empty when the cell was empty).
    pub value: String,
    /// Why it was refused, in Chinese.
    pub reason: String,
}

/// Why a whole file was refused before its rows were read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileRefusal {
    /// Zero bytes.
    #[error("文件为空")]
    Empty,
    /// Over [`archive::limits::MAX_FILE_BYTES`].
    #[error("文件过大（{bytes}字节），最大允许{max}字节")]
    TooLarge {
        /// The file's size.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// Not a zip at all (a text file, a PDF, an image …) or a zip without a workbook.
    #[error("文件不是Excel工作簿（.xlsx），请用Excel或WPS另存为.xlsx格式后重新导入")]
    NotXlsx,
    /// An OLE container: an old .xls or a password-protected .xlsx.
    #[error("文件是旧版Excel（.xls）格式或设置了密码，请取消密码并另存为.xlsx格式后重新导入")]
    OldFormatOrEncrypted,
    /// A Word document (.docx), perhaps renamed to .xlsx.
    #[error("文件是Word文档，不是Excel表格，请使用台账的Excel模板填写")]
    WordDocument,
    /// The zip structure is damaged or truncated.
    #[error("文件已损坏（压缩包结构不完整），无法读取")]
    BrokenZip,
    /// Too many parts in the zip.
    #[error("文件包含的部件过多（{entries}个，最多{max}个），拒绝读取")]
    TooManyEntries {
        /// Entries found.
        entries: usize,
        /// The limit.
        max: usize,
    },
    /// An entry that inflates far more than any real sheet does.
    #[error("文件压缩比异常（{entry}达{ratio}倍），疑似恶意文件，拒绝读取")]
    ZipBomb {
        /// The entry's name.
        entry: String,
        /// Its uncompressed size over its compressed size.
        ratio: u64,
    },
    /// Entries that inflate to more than [`archive::limits::MAX_UNCOMPRESSED_BYTES`].
    #[error("文件解压后超过{max}字节，内容过大，拒绝读取")]
    TooLargeUnpacked {
        /// The limit.
        max: u64,
    },
    /// calamine could not read the workbook.
    #[error("文件内容已损坏或不是标准的Excel格式，无法读取")]
    Unreadable {
        /// The parser's own words, for the log (not shown to users).
        detail: String,
    },
    /// A sheet uses rows past [`archive::limits::MAX_ROWS`].
    #[error("工作表行数超过{max}行，请拆分后分批导入")]
    TooManyRows {
        /// The limit.
        max: u32,
    },
    /// A sheet uses columns past [`archive::limits::MAX_COLUMNS`].
    #[error("工作表列数超过{max}列，不是台账模板的格式")]
    TooManyColumns {
        /// The limit.
        max: u32,
    },
    /// Merged regions covering an absurd number of cells.
    #[error("工作表的合并单元格过多（超过{max}个单元格），拒绝读取")]
    TooManyMergedCells {
        /// The limit.
        max: u64,
    },
    /// No row in the first rows of any sheet looks like the annex's header.
    #[error(
        "未找到《{title}》的表头：前{rows}行中没有包含“{example}”等列名的行，请使用附件{annex}的模板"
    )]
    NoHeader {
        /// 附件 number.
        annex: u8,
        /// The annex's title.
        title: String,
        /// Rows searched.
        rows: u32,
        /// A few of the expected column names.
        example: String,
    },
    /// The sheet is another annex (its title is there, this one's header is not).
    #[error(
        "文件是附件{found}《{found_title}》，不是附件{annex}《{title}》，请在“附件{found}”处导入，或改用附件{annex}的模板"
    )]
    WrongAnnex {
        /// The annex being imported.
        annex: u8,
        /// Its title.
        title: String,
        /// The annex the file is.
        found: u8,
        /// That annex's title.
        found_title: String,
    },
    /// A header row was found but some of the annex's columns are missing.
    #[error("第{row}行的表头缺少以下列：{}", missing.join("、"))]
    MissingColumns {
        /// The header's row number (1-based).
        row: usize,
        /// The missing columns' names.
        missing: Vec<String>,
    },
}

/// Why an import gave no rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportErrors {
    /// The file as a whole was refused.
    #[error("{0}")]
    File(#[from] FileRefusal),
    /// Some rows are wrong: every problem found, in row order. Nothing was imported.
    #[error("共有{}处错误，未导入任何数据；第一处：第{}行“{}”：{}", .0.len(),
        .0.first().map_or(0, |p| p.row), .0.first().map_or("", |p| p.column.as_str()),
        .0.first().map_or("", |p| p.reason.as_str()))]
    Rows(Vec<ImportProblem>),
}

impl ImportErrors {
    /// The row problems (empty for a refused file).
    pub fn problems(&self) -> &[ImportProblem] {
        match self {
            ImportErrors::Rows(p) => p,
            ImportErrors::File(_) => &[],
        }
    }
}

/// When a column must be present in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Always.
    Always,
    /// Unless the column with this header is present (a split alternative).
    Unless(&'static str),
    /// Never (extra or decorative columns).
    Optional,
}

/// A column the importer looks for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    /// The header as printed by the export (also the name used in problems).
    pub header: &'static str,
    /// Other spellings seen in townships' sheets.
    pub aliases: &'static [&'static str],
    /// Whether a header without it is refused.
    pub need: Need,
    /// The name used in problems when the header alone is ambiguous (Annex
    /// 3 has two 手机号码 columns); else the header.
    pub label: &'static str,
}

impl Field {
    /// A column every header must have.
    pub const fn new(header: &'static str, aliases: &'static [&'static str]) -> Field {
        Field {
            header,
            aliases,
            need: Need::Always,
            label: header,
        }
    }

    /// A column read when present.
    pub const fn optional(header: &'static str, aliases: &'static [&'static str]) -> Field {
        Field {
            header,
            aliases,
            need: Need::Optional,
            label: header,
        }
    }

    /// Needed only when the column headed `other` is absent (split alternatives).
    pub const fn unless(self, other: &'static str) -> Field {
        Field {
            need: Need::Unless(other),
            ..self
        }
    }

    /// Named `label` in problems and missing-column lists.
    pub const fn labelled(self, label: &'static str) -> Field {
        Field { label, ..self }
    }

    fn matches(&self, key: &str) -> bool {
        !key.is_empty()
            && (header_key(self.header) == key || self.aliases.iter().any(|a| header_key(a) == key))
    }
}

/// What an annex's importer needs to know.
#[derive(Debug)]
pub(crate) struct Spec {
    pub annex: u8,
    pub title: &'static str,
    pub fields: &'static [Field],
}

/// Where each field was found.
#[derive(Debug)]
pub(crate) struct HeaderMap {
    /// The column of each field, if found.
    pub cols: Vec<Option<u32>>,
    /// 0-based row of the first data row.
    pub data_from: u32,
}

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
pub(crate) fn import_numbered_rows<T>(
    bytes: &[u8],
    spec: &Spec,
    mut parse_row: impl FnMut(&mut RowReader<'_>) -> Option<T>,
) -> Result<Vec<(usize, T)>, ImportErrors> {
    archive::inspect(bytes)?;
    let mut book = Book::open(bytes)?;
    let mut first_refusal = None;
    let mut found = None;
    for name in book.sheet_names() {
        let grid = book.read(&name)?;
        match find_header(&grid, spec) {
            Ok(map) => {
                found = Some((grid, map));
                break;
            }
            // Report the sheet that came closest: another annex's sheet
            // first, then missing columns, then no header.
            Err(e @ (FileRefusal::MissingColumns { .. } | FileRefusal::NoHeader { .. })) => {
                let e = other_annex(&grid, spec).unwrap_or(e);
                if refusal_rank(&e) > first_refusal.as_ref().map_or(0, refusal_rank) {
                    first_refusal = Some(e);
                }
            }
            Err(e) => {
                first_refusal.get_or_insert(e);
            }
        }
    }
    let Some((grid, map)) = found else {
        return Err(first_refusal.unwrap_or_else(|| no_header(spec)).into());
    };
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for row in grid.rows.iter().filter(|r| r.row >= map.data_from) {
        if is_footer(row, &map) {
            break;
        }
        if is_repeated_header(row, &map, spec) {
            continue;
        }
        let blank = map
            .cols
            .iter()
            .enumerate()
            .filter(|(i, _)| spec.fields[*i].header != "序号")
            .all(|(_, c)| c.is_none_or(|c| row.get(c).is_none()));
        if blank {
            continue;
        }
        let mut reader = RowReader::new(&grid, row, &map, spec.fields, &mut problems);
        if let Some(parsed) = parse_row(&mut reader) {
            rows.push((row.row as usize + 1, parsed));
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(ImportErrors::Rows(problems))
    }
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

/// The four ledgers' titles, to tell a township that chose the wrong one.
const ANNEX_TITLES: [(u8, &str); 4] = [
    (1, super::annex1::TITLE),
    (2, super::annex2::TITLE),
    (3, super::annex3::TITLE),
    (4, super::annex4::TITLE),
];

/// Which of two sheets' refusals to report: the more telling one.
fn refusal_rank(r: &FileRefusal) -> u8 {
    match r {
        FileRefusal::WrongAnnex { .. } => 3,
        FileRefusal::MissingColumns { .. } => 2,
        _ => 1,
    }
}

/// Another annex's title among a sheet's first rows (and not this annex's).
fn other_annex(grid: &Grid, spec: &Spec) -> Option<FileRefusal> {
    let texts: Vec<String> = grid
        .rows
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
    let (found, found_title) = ANNEX_TITLES
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
fn find_header(grid: &Grid, spec: &Spec) -> Result<HeaderMap, FileRefusal> {
    let mut best: Option<Candidate> = None;
    let candidates = grid.rows.iter().take_while(|r| r.row < HEADER_SEARCH_ROWS);
    for (i, row) in candidates.enumerate() {
        let below = grid.rows.get(i + 1).filter(|b| b.row == row.row + 1);
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
