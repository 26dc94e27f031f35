//! The annexes' records: screening entries (附件1), backlog and provincial blocks (附件2、4), the cadre roster (附件3), exports, imports and the weekly package.

pub mod case_ledger;
pub mod case_ledger_page;
pub mod export;
pub mod import;
mod import_cases;
pub mod import_report;
pub mod ledgers_page;
pub mod resolve_backlog;
pub mod roster;
pub mod roster_page;
pub mod rows;
pub mod screening_pages;
pub mod screenings;
pub mod sendings;
pub mod weekly_report;
