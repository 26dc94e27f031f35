//! The little district the workflow tests are set in: organisations, users, a fixed now.
#![allow(clippy::unwrap_used)]

use jiff::Timestamp;

use crate::clock::parse_time;

pub(crate) const BUREAU: i64 = 1;
pub(crate) const TOWNSHIP: i64 = 10;
pub(crate) const OTHER_TOWNSHIP: i64 = 11;
pub(crate) const LEAD_UNIT: i64 = 20;
pub(crate) const CO_UNIT: i64 = 21;
pub(crate) const UNRELATED_DEPT: i64 = 22;
pub(crate) const LEADERSHIP: i64 = 30;
pub(crate) const INSPECTION: i64 = 40;
pub(crate) const LEADER: i64 = 500;
pub(crate) const OTHER_LEADER: i64 = 501;

/// A hand-written list of step names, space separated.
pub(crate) fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

pub(crate) fn now() -> Timestamp {
    parse_time("2022-09-26 09:10").unwrap()
}
