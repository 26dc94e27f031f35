//! 风险防范 — screening campaigns (排查活动) with their coverage, and 三级研判.

pub mod assessments;
pub mod campaign_page;
pub mod campaigns;
