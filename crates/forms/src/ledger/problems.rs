//! What an import refuses: a whole file (with why), or cells (row, column, value, reason).

use serde::{Deserialize, Serialize};

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
    /// Over [`super::limits::MAX_FILE_BYTES`].
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
    /// Entries that inflate to more than [`super::limits::MAX_UNCOMPRESSED_BYTES`].
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
    /// A sheet uses rows past [`super::limits::MAX_ROWS`].
    #[error("工作表行数超过{max}行，请拆分后分批导入")]
    TooManyRows {
        /// The limit.
        max: u32,
    },
    /// A sheet uses columns past [`super::limits::MAX_COLUMNS`].
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
