//! 乡镇后评估 — the township scorecard of a period, its rules, and the sheet handed in.

pub mod read_scorecard;
pub mod scorecard_rules;
pub mod scorecard_xlsx;
