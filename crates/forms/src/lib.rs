//! xinfang-forms: the official annexes — ledgers to and from .xlsx, notices to PDF — as pure functions of their input.
//!
//! No database and no HTTP here: the app turns its records into the row
//! types of each annex and gets bytes back (or, importing, rows and a list
//! of problems).

pub mod archive;
pub mod ledger;
#[cfg(feature = "notice")]
pub mod notice;
pub mod scorecard;
pub mod table;
