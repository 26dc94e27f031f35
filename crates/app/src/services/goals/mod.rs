//! 目标任务 — the plan's goals: the panel of each goal with its status for a period, and the ranks the district enters.

pub mod goals_panel;
pub mod published_ranks;
