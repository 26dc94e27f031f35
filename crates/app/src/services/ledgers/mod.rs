//! The annexes' records: screening entries (附件1), backlog and provincial blocks (附件2、4), the cadre roster (附件3), exports, imports and the weekly package.

pub mod case_ledger;
pub mod export;
pub mod import;
mod import_cases;
pub mod roster;
pub mod rows;
pub mod screenings;
pub mod weekly_report;
