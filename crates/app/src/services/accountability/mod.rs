//! 问责 — the district holds a unit to account after a 通报 or a 需整改
//! verdict; the district and 督查 read every action, the unit its own.

pub mod accountability_list;
pub mod record_action;
