//! 风险防控 at the township: the monthly 隐患分析排查会议 (its record, its
//! measures as tracked tasks, the month's overview and the pack printed
//! before it) and the Tuesday 扶贫日 visit plan.

pub mod overview;
pub mod pack;
mod pack_persons;
pub mod pack_sections;
pub mod record;
pub mod visit_plan;
