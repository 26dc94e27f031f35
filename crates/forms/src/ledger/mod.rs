//! Ledgers (台账, Annexes 1–4) to and from .xlsx.
//!
//! | annex | title | export | import |
//! |---|---|---|---|
//! | 1 | 不稳定因素排查处置台账 | [`annex1_xlsx`] | [`import_annex1`] |
//! | 2 | 涉贫信访舆情积案台账 | [`annex2_xlsx`] | [`import_annex2`] |
//! | 3 | 乡镇涉贫信访干部队伍统计表 | [`annex3_xlsx`] | [`import_annex3`] |
//! | 4 | 省级交办信访事项办理情况统计表 | [`annex4_xlsx`] | [`import_annex4`] |
//!
//! Everything here is a pure function: rows in, bytes out; bytes in, rows or
//! a list of problems out. Storing rows (dry runs, skipping duplicates by
//! [`AnnexOneRow::fingerprint`] and friends) is the app's business.
//!
//! # Sheet layout
//!
//! Each sheet reads, top to bottom: `附件N`; the title, merged across the
//! table; `填报单位：…` (with `统计时段：…` on the right when a period is
//! given); `联系电话：…`; the header — two rows in Annexes 1, 2 and 4, with
//! group headers merged over their columns and single columns merged down
//! both rows, one row in Annex 3 — then the data rows and the footnotes.
//! A4 landscape, fitted to the page width, header rows repeated on every
//! printed page and frozen on screen, 宋体 throughout. Each data row is as
//! tall as its longest wrapped text needs (estimated from the text's width
//! in full-width characters and the column's width), so that a printed
//! ledger shows every line of every cell.
//!
//! # Categories (问题类别)
//!
//! The system keeps one taxonomy, [`Category`](xinfang_domain::vocab::Category)
//! (13 values). Each annex prints its own columns:
//!
//! | category | Annexes 1, 2 (`annex_nine_label`, nine values) | Annex 4 (`annex_twelve_label`, one of twelve columns marked √) |
//! |---|---|---|
//! | 精准识别 | 防返贫监测 | 精准识别 |
//! | 精准退出 | 防返贫监测 | 精准退出 |
//! | 防返贫监测 | 防返贫监测 | 精准识别 |
//! | 帮扶措施 | 帮扶措施 | 帮扶措施 |
//! | 资金项目 | 资金项目 | 资金项目 |
//! | 危房改造 | 危房改造 | 危房改造 |
//! | 易地搬迁 | 资金项目 | 易地搬迁 |
//! | 小额信贷 | 小额信贷 | 小额信贷 |
//! | 民政救助 | 民政救助 | 民政救助 |
//! | 医疗保障 | 医疗保障 | 医疗保障 |
//! | 教育保障 | 其他类 | 教育保障 |
//! | 残疾人补贴 | 残疾人补贴 | 残疾人保障 |
//! | 其他 | 其他类 | 其他 |
//!
//! The mapping folds several categories into one column, so a round trip
//! through a ledger returns the column's own category: Annex 1/2 give back
//! [`nine_column_category`] (精准识别 → 防返贫监测, 教育保障 → 其他), Annex 4
//! gives back [`twelve_column_category`] (防返贫监测 → 精准识别). Importing,
//! a category cell may hold any category's label or key, or any column
//! label of either annex, with or without a trailing 类.
//!
//! # Importing
//!
//! The importer refuses hostile files before parsing them (see
//! [`FileRefusal`] and the limits in [`limits`]), finds the header row by
//! its texts (ignoring title rows, blank rows, merged cells, full-width or
//! half-width punctuation and spaces), reads every data row until the
//! footnotes and, if any row is wrong, returns every problem found
//! ([`ImportProblem`]) and no rows at all. The `import_annexN_numbered`
//! variants also give each row's number as Excel shows it, for checks the
//! caller makes against its own records (an unknown case, another
//! township's row) to be reported by row too.

mod annex1;
mod annex2;
mod annex3;
mod annex4;
mod archive;
mod cells;
mod fit;
mod import;
mod layout;
pub mod limits;
mod normalise;
mod places;
mod problems;
mod row_reader;
mod sheet;
mod sheet_rows;
mod spec;

pub use annex1::{AnnexOneRow, annex1_xlsx, import_annex1, import_annex1_numbered};
pub use annex2::{AnnexTwoRow, annex2_xlsx, import_annex2, import_annex2_numbered};
pub use annex3::{AnnexThreeRow, annex3_xlsx, import_annex3, import_annex3_numbered};
pub use annex4::{AnnexFourRow, annex4_xlsx, import_annex4, import_annex4_numbered};
pub use normalise::{nine_column_category, text_width, twelve_column_category};
pub use places::Places;
pub use problems::{FileRefusal, ImportErrors, ImportProblem};

use serde::{Deserialize, Serialize};

/// The lines above a ledger's table: who filled it in and how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerHeader {
    /// 填报单位 — the organisation that fills in the ledger.
    pub org_name: String,
    /// 联系电话 — the contact phone printed under it (free text).
    pub phone: String,
    /// A title to print instead of the annex's own (e.g. with a year in front).
    pub title: Option<String>,
    /// 统计时段 — the period covered, printed on the 填报单位 line, e.g.
    /// `2022年3月1日至2022年3月31日`.
    pub period: Option<String>,
    /// 附加列 — Annex 1 only: append 排查方式 and 身份证号 after 备注, so that
    /// a working copy carries them through an export → edit → import cycle.
    /// Off by default: the printed form has exactly the seed's columns.
    pub extra_columns: bool,
}

/// Why a ledger could not be written.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// More rows than one worksheet holds.
    #[error("台账行数过多：{rows}行，一个工作表最多{max}行")]
    TooManyRows {
        /// Rows asked for.
        rows: usize,
        /// Rows that fit.
        max: usize,
    },
    /// The xlsx writer refused (a title too long for a cell, …).
    #[error("生成Excel文件失败：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

pub use xinfang_domain::screening::ScreeningKind;

/// The four ledgers' titles, to tell a township that chose the wrong one.
pub(crate) const ANNEX_TITLES: [(u8, &str); 4] = [
    (1, annex1::TITLE),
    (2, annex2::TITLE),
    (3, annex3::TITLE),
    (4, annex4::TITLE),
];
